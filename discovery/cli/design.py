"""CLI commands of the molecule designer: train decoder, bench guacamol|distribution|text2mol (see apps.py)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Optional

import typer

from discovery.errors import InputError

from .apps import HOME_HELP, bench_app, train_app


def _open(home: Optional[Path]):
    from discovery.library import Library

    return Library.open(home)


def _datasets(lib) -> Path:
    if lib.settings.datasets is None:
        raise InputError("DISCOVERY_DATASETS is not set: point it at the folder of the public datasets")
    return Path(lib.settings.datasets)


def _command() -> str:
    return "discovery " + " ".join(shlex.quote(a) for a in sys.argv[1:])


@train_app.command("decoder")
def train_decoder_cmd(
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default DISCOVERY_DECODER or data/models/decoder)."),
    zinc: int = typer.Option(30000, help="ZINC250k molecules (random sample)."),
    chebi: Optional[int] = typer.Option(None, help="ChEBI-20 train+val structures (default all, minus the dev split)."),
    lpm: int = typer.Option(15000, help="L+M-24 molecules (random sample)."),
    epochs: int = typer.Option(3, help="Passes over the training molecules."),
    minutes: float = typer.Option(40.0, help="Stop training after this many minutes (checkpoint kept)."),
    batch_size: int = typer.Option(128, help="Molecules per step."),
    hidden: int = typer.Option(256, help="GRU hidden size."),
    seed: int = typer.Option(0, help="Random seed."),
) -> None:
    """Train the conditional SELFIES decoder on molecule embeddings of the alignment model."""
    from discovery.generate.decoder import build_decoder

    lib = _open(home)
    target = out or lib.settings.decoder_dir
    dec, hist = build_decoder(lib.model, _datasets(lib), target, cache_dir=lib.settings.cache_dir / "decoder",
                              n_zinc=zinc, n_chebi=chebi, n_lpm=lpm, epochs=epochs, batch_size=batch_size,
                              max_minutes=minutes, config={"hidden": hidden}, seed=seed, command=_command())
    last = hist.val[-1][1] if hist.val else float("nan")
    typer.echo(f"decoder saved to {target}: {hist.n_train:,} molecules, held-out loss {last:.3f}, "
               f"reconstruction {dec.config.get('reconstruction', float('nan')):.3f}, {hist.seconds / 60:.1f} min")


@bench_app.command("guacamol")
def bench_guacamol_cmd(
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
    tasks: Optional[list[str]] = typer.Option(None, "--tasks", help="Task names (repeat; default all 20 of v2)."),
    budget: int = typer.Option(15000, help="Distinct molecules scored per task (screening included)."),
    screen: int = typer.Option(3000, help="Random pool molecules screened for the first population."),
    pool: str = typer.Option("zinc", help="Screening pool: 'zinc' (ZINC250k) or 'all' (ZINC250k + ChEBI-20 + "
                             "PubChem324k + L+M-24 structures)."),
    time_limit: Optional[float] = typer.Option(300.0, help="Seconds per task (safety net; 0 = none)."),
    population: int = typer.Option(100, help="GA population."),
    offspring: int = typer.Option(200, help="GA offspring per generation."),
    mutation_rate: float = typer.Option(0.01, help="GA mutation rate (of crossover children)."),
    local_rate: float = typer.Option(0.3, min=0.0, max=1.0, help="Share of offspring made by mutating one parent 1 to --local-steps "
                                     "times instead of crossover (0 = plain Graph GA)."),
    local_steps: int = typer.Option(3, min=1, help="Most mutations in one local move."),
    seed: int = typer.Option(0, help="Random seed."),
    out: Optional[Path] = typer.Option(None, "--out", help="JSON report, rewritten after every task "
                                       "(default DISCOVERY_HOME/cache/bench/guacamol.json); a rerun resumes it."),
) -> None:
    """GuacaMol goal-directed suite v2 with the graph GA (published Graph GA total 17.983)."""
    from discovery.bench.guacamol import GASettings, format_report, run_guacamol

    lib = _open(home)
    settings = GASettings(budget=budget, screen=screen, pool=pool, population=population, offspring=offspring,
                          mutation_rate=mutation_rate, local_rate=local_rate, local_steps=local_steps,
                          time_limit=time_limit or None, seed=seed)
    out = out or lib.settings.cache_dir / "bench" / "guacamol.json"
    report = run_guacamol(out, _datasets(lib), settings, tasks=tasks)
    typer.echo(format_report(report))
    typer.echo(f"report: {out}")


@bench_app.command("distribution")
def bench_distribution_cmd(
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
    n: int = typer.Option(10000, help="Molecules to sample."),
    source: str = typer.Option("library", help="Conditioning vectors: 'library' (embeddings of random ZINC250k "
                               "molecules) or 'random' (random unit vectors)."),
    temperature: float = typer.Option(1.0, help="Sampling temperature."),
    seed: int = typer.Option(0, help="Random seed."),
    fcd: bool = typer.Option(True, help="Compute FCD (needs fcd_torch)."),
    out: Optional[Path] = typer.Option(None, "--out", help="JSON report path."),
) -> None:
    """Unconditioned decoder samples vs ZINC250k: validity, uniqueness, novelty, diversity, FCD."""
    from discovery.bench.distribution import run_distribution

    lib = _open(home)
    report = run_distribution(lib, _datasets(lib), n=n, source=source, temperature=temperature, seed=seed,
                              with_fcd=fcd)
    text = json.dumps(report, indent=1)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
    typer.echo(text)


@bench_app.command("text2mol")
def bench_text2mol_cmd(
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
    limit: Optional[int] = typer.Option(None, help="Only the first N dev-split descriptions (default all 1,000)."),
    method: str = typer.Option("auto", help="'generate' (the product's generate, top-1, over a library built "
                               "from the corpus), 'consensus' (the same pick straight over the corpus files), "
                               "'retrieve' (nearest corpus molecule), 'design' (decoder + retrieval + GA by "
                               "shared-space similarity), 'names' (the name reading alone, on the ChEBI-20 "
                               "val texts outside the dev split unless --pairs) or 'auto' (generate: the "
                               "issue's protocol)."),
    budget: int = typer.Option(300, help="Molecules scored per description by the GA ('design', and 'generate' "
                               "when a text takes the design route)."),
    seed: int = typer.Option(0, help="Random seed."),
    out: Optional[Path] = typer.Option(None, "--out", help="JSON report (per-description rows included)."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="Score this TSV of CID, SMILES, description "
                                         "(e.g. ChEBI-20's test split) instead of the dev split; the candidate "
                                         "library then leaves out its molecules too."),
) -> None:
    """Text -> molecule on the ChEBI-20 dev split (MolT5 protocol): validity, exact match, FTS."""
    from discovery.bench.text2mol import run_text2mol

    lib = _open(home)
    report = run_text2mol(lib, _datasets(lib), limit=limit, method=method, budget=budget, seed=seed,
                          pairs_file=pairs)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=1))
    summary = {k: v for k, v in report.items() if k != "rows"}
    typer.echo(json.dumps(summary, indent=1))
