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
    home: Optional[Path] = HomeOpt,
) -> None:
    """Train the shared embedding model on every pair source; select on the ChEBI-20 dev split."""
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
