"""CLI commands of the shared model: ``discovery train align`` and ``discovery bench retrieval``.

Both use only the model package API (:mod:`discovery.train.align`, :mod:`discovery.bench.retrieval`);
neither needs a library database, ``--home`` only feeds the settings (cache folder).
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Optional

import typer

from .apps import HOME_HELP, bench_app, train_app

HomeOpt = typer.Option(None, "--home", help=HOME_HELP)


def _settings(home: Optional[Path]):
    from discovery.config import Settings

    return Settings.from_env(home)


# the text tower's recipe (data/models/align's card): `train text` defaults and `train align --text-tower`
TOWER = {"layers": 3, "rank": 16, "alpha": 32.0, "steps": 3000, "batch_size": 256, "lr": 5e-4, "seed": 0}


@train_app.command("align")
def train_align(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Model folder to write (default: DISCOVERY_MODEL or data/models/align)."),
    steps: int = typer.Option(6000, "--steps", help="Optimisation steps."),
    batch_size: int = typer.Option(128, "--batch-size"),
    eval_every: int = typer.Option(500, "--eval-every", help="Steps between dev-split evaluations (checkpoint selection)."),
    baseline: bool = typer.Option(False, "--baseline", help="Fingerprint-only baseline: Morgan MLP, no graph, no lexical branch."),
    seed: int = typer.Option(0, "--seed"),
    datasets: Optional[Path] = typer.Option(None, "--datasets", help="Shared data folder (default DISCOVERY_DATASETS)."),
    text_encoder: Optional[str] = typer.Option(None, "--text-encoder", help="Local Hugging Face encoder folder (default: packaged all-MiniLM-L6-v2 or DISCOVERY_TEXT_ENCODER)."),
    threads: int = typer.Option(2, "--threads", help="torch threads."),
    lexical_size: int = typer.Option(20000, "--lexical-size", help="Terms in the lexical bag of the text branch."),
    members: int = typer.Option(1, "--members", help="Train this many models (seeds SEED, SEED+1, ...) and save their ensemble."),
    member_dim: int = typer.Option(256, "--member-dim", help="Dimension of each model (the space has MEMBERS x MEMBER_DIM)."),
    text_tower: bool = typer.Option(False, "--text-tower", help="Then fine-tune the text tower against the trained molecule space (`discovery train text` with its defaults; wants a GPU)."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Train the shared embedding model on every pair source; select on the ChEBI-20 dev split.

    The committed model is `--members 8 --steps 3000 --eval-every 500 --text-tower` (see its card).
    """
    import logging

    from discovery.train.align import run_align

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    s = _settings(home)
    out = output or s.model_dir
    res = run_align(datasets or s.datasets, out, steps=steps, baseline=baseline, batch_size=batch_size, seed=seed,
                    eval_every=eval_every, cache_dir=s.cache_dir, text_encoder=text_encoder or s.text_encoder,
                    threads=threads, members=members, member_dim=member_dim, lexical_size=lexical_size, command="discovery " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    b = res["best"]
    typer.echo(f"saved {out} (step {b['step']}): dev text->molecule MRR {b['text_to_molecule']['mrr']:.3f}, "
               f"Hits@10 {b['text_to_molecule']['hits@10']:.1%}")
    if text_tower:
        train_text(output=out, model=None, step="all", bundle=None, trained=None, device=None, datasets=datasets,
                   home=home, **TOWER)


@train_app.command("ensemble")
def train_ensemble(
    models: list[Path] = typer.Argument(..., help="Model folders trained the same way with different --seed (ensembles are flattened)."),
    output: Path = typer.Option(..., "--output", "-o", help="Ensemble model folder to write."),
    datasets: Optional[Path] = typer.Option(None, "--datasets", help="Shared data folder (default DISCOVERY_DATASETS)."),
    evaluate: bool = typer.Option(True, "--evaluate/--no-evaluate", help="Rank the dev split and write the numbers into the card."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Combine trained alignment models into one ensemble folder (evaluated on the dev split)."""
    from discovery.train.align import run_ensemble

    s = _settings(home)
    res = run_ensemble(models, output, datasets or s.datasets, evaluate=evaluate,
                       command="discovery " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    line = f"saved {output}: {res['members']} members, D = {res['dim']}"
    if "text_to_molecule" in res:
        t = res["text_to_molecule"]
        line += f"; dev text->molecule MRR {t['mrr']:.3f}, Hits@10 {t['hits@10']:.1%}"
    typer.echo(line)


@train_app.command("text")
def train_text(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Model folder to write (default: DISCOVERY_MODEL or data/models/align)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model whose molecule space is locked (default: the output folder's current model)."),
    step: str = typer.Option("all", "--step", help="all, or one of export | fit | install (to run the GPU step elsewhere)."),
    bundle: Optional[Path] = typer.Option(None, "--bundle", help="Training bundle folder (default: <cache>/text-tuning/bundle)."),
    trained: Optional[Path] = typer.Option(None, "--trained", help="Folder of the fitted tower (default: <cache>/text-tuning/trained)."),
    layers: int = typer.Option(TOWER["layers"], "--layers", help="Top BERT layers that get LoRA."),
    rank: int = typer.Option(TOWER["rank"], "--rank", help="LoRA rank."),
    alpha: float = typer.Option(TOWER["alpha"], "--alpha", help="LoRA scaling numerator (scale = alpha / rank)."),
    steps: int = typer.Option(TOWER["steps"], "--steps"),
    batch_size: int = typer.Option(TOWER["batch_size"], "--batch-size"),
    lr: float = typer.Option(TOWER["lr"], "--lr"),
    seed: int = typer.Option(TOWER["seed"], "--seed"),
    device: Optional[str] = typer.Option(None, "--device", help="torch device for the fit (default: cuda if available)."),
    datasets: Optional[Path] = typer.Option(None, "--datasets", help="Shared data folder (default DISCOVERY_DATASETS)."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Fine-tune the text encoder (LoRA, top layers) against the locked molecule space; add it to the model.

    The fit wants a GPU (3,000 steps: ~2 min on one H100, many hours on 2 CPU cores). Without one,
    run `--step export` here, `python -m discovery.train.tune_text BUNDLE TRAINED` on a GPU machine
    (torch + safetensors suffice there), and `--step install` here.
    """
    import logging

    import torch

    from discovery.errors import InputError
    from discovery.train import tune_text

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if step not in ("all", "export", "fit", "install"):
        raise InputError(f"--step must be all, export, fit or install, not '{step}'")
    s = _settings(home)
    out = output or s.model_dir
    source = model or out
    work = Path(s.cache_dir) / "text-tuning"
    bundle = bundle or work / "bundle"
    trained = trained or work / "trained"
    data = datasets or s.datasets
    if step in ("all", "export", "install") and not (Path(data or "") / "chebi20" / "val.tsv").exists():
        raise InputError(f"no ChEBI-20 data under '{data}': set DISCOVERY_DATASETS or pass --datasets")
    if step in ("all", "export"):
        info = tune_text.export_bundle(data, source, bundle, cache_dir=s.cache_dir)
        typer.echo(f"bundle {bundle}: {info['pairs']:,} pairs, {info['molecules']:,} molecules "
                   f"({info['variance_kept']:.1%} of the molecule vectors' energy kept)")
    if step in ("all", "fit"):
        if not (bundle / tune_text.BUNDLE_FILE).exists():
            raise InputError(f"no training bundle in {bundle}: run `discovery train text --step export` first")
        if (device or ("cuda" if torch.cuda.is_available() else "cpu")) == "cpu":
            typer.echo("warning: fitting on CPU; expect many hours (see --help for the GPU route)", err=True)
        res = tune_text.train_bundle(bundle, trained, layers, rank, alpha, steps, batch_size, lr, seed, device=device)
        best = max(res["history"], key=lambda e: e["tuned"]["mrr"])
        typer.echo(f"fitted {trained}: tower alone dev MRR {best['tuned']['mrr']:.3f} at step {best['step']}")
    if step in ("all", "install"):
        if not (trained / tune_text.TRAINED_FILE).exists():
            raise InputError(f"no fitted tower in {trained}: run `discovery train text --step fit` first")
        res = tune_text.install(trained, bundle, source, out, data,
                                command="discovery " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
        r = res["results"][str(res["weight"])]
        typer.echo(f"saved {out} (tower weight {res['weight']:g}): dev text->molecule MRR {r['mrr']:.3f}, "
                   f"Hits@10 {r['hits@10']:.1%}")


@bench_app.command("retrieval")
def bench_retrieval(
    model: Optional[Path] = typer.Option(None, "--model", help="Model folder (default: the committed data/models/align)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Baseline folder (default: data/models/align_fp_baseline)."),
    datasets: Optional[Path] = typer.Option(None, "--datasets", help="Shared data folder (default DISCOVERY_DATASETS)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    threads: int = typer.Option(2, "--threads", help="torch threads (1 is faster on an oversubscribed CPU)."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Text2Mol protocol on the ChEBI-20 dev split: MRR, Hits@1/10, mean rank, both directions, model vs baseline."""
    import torch

    from discovery.bench.retrieval import format_table, run_retrieval

    torch.set_num_threads(threads)
    s = _settings(home)
    res = run_retrieval(model or s.model_dir, baseline, datasets or s.datasets, progress=not as_json,
                        text_encoder=s.text_encoder)
    if as_json:
        typer.echo(json.dumps(res, indent=2))
    else:
        typer.echo(res["protocol"])
        typer.echo(format_table(res))
