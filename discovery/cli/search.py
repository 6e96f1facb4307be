"""CLI commands: search, embed, index build|check, bench search|literature|experiments (see apps.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from discovery.errors import DiscoveryError

from .apps import HOME_HELP, app, bench_app, embed_app, index_app

BENCH_HOME_HELP = "Library folder for this benchmark (default DISCOVERY_HOME/cache/bench/<name>)."
MODALITY_HELP = "molecules, papers or experiments (repeat for several; default all)."


def _open(home: Optional[Path]):
    from discovery.library import Library

    return Library.open(home)


def _bench_lib(home: Optional[Path], name: str):
    """Benchmarks run in their own library (default DISCOVERY_HOME/cache/bench/<name>)."""
    from discovery.config import Settings
    from discovery.library import Library

    return Library.open(home or Settings.from_env().cache_dir / "bench" / name)


def _range(lo, hi):
    return None if lo is None and hi is None else (lo, hi)


def _short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _print_results(res) -> None:
    typer.secho(f"query ({res.query_kind}): {res.query}", bold=True)
    for msg in res.messages:
        typer.secho(f"  note: {msg}", fg="yellow")
    for modality, hits in res.hits.items():
        typer.secho(f"\n{modality} ({len(hits)})", bold=True, fg="cyan")
        if not hits:
            typer.echo("  (none)")
        for rank, h in enumerate(hits, 1):
            r = h.record
            if modality == "molecules":
                name = f"{r.name}  " if r.name else ""
                d = r.descriptors or {}
                mw = f"MW {d['mw']:.0f}" if d.get("mw") is not None else ""
                line = f"mol:{r.id}  {name}{r.smiles}  {mw}"
                rel = h.related or {}
                extra = f"  [{len(rel.get('papers', []))} papers, {len(rel.get('experiments', []))} rows]" if rel else ""
            elif modality == "papers":
                pm = f"PMID {r.pmid}  " if r.pmid else ""
                line = f"doc:{r.id}  {pm}{_short(r.title or r.text)}"
                mols = (h.related or {}).get("molecules", [])
                extra = f"  [molecules: {', '.join(m.name or m.smiles for m in mols[:3])}]" if mols else ""
            else:
                line = f"exp:{r.id}  {r.as_text()}  {r.smiles}"
                extra = f"  [{r.source}]" if r.source else ""
            typer.echo(f"  {rank:>2}. {h.score:.3f}  {line}{extra}")
            typer.secho(f"      why: {h.why}", dim=True)


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="Words, a SMILES, a molecule name, mol:ID or exp:ID."),
    modality: Optional[list[str]] = typer.Option(None, "--modality", "-m", help=MODALITY_HELP),
    k: int = typer.Option(10, "--k", "-k", help="Hits per modality."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    mw_min: Optional[float] = typer.Option(None, help="Molecular weight at least."),
    mw_max: Optional[float] = typer.Option(None, help="Molecular weight at most."),
    clogp_min: Optional[float] = typer.Option(None, help="cLogP at least."),
    clogp_max: Optional[float] = typer.Option(None, help="cLogP at most."),
    tpsa_min: Optional[float] = typer.Option(None, help="TPSA at least."),
    tpsa_max: Optional[float] = typer.Option(None, help="TPSA at most."),
    hbd_max: Optional[int] = typer.Option(None, help="H-bond donors at most."),
    hba_max: Optional[int] = typer.Option(None, help="H-bond acceptors at most."),
    qed_min: Optional[float] = typer.Option(None, help="QED at least."),
    substructure: Optional[str] = typer.Option(None, help="SMARTS or a group name (e.g. sulfonamide)."),
    source: Optional[str] = typer.Option(None, help="Only items from this source (name as in `discovery stats`)."),
    year_min: Optional[int] = typer.Option(None, help="Papers from this year on."),
    year_max: Optional[int] = typer.Option(None, help="Papers up to this year."),
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Search molecules, papers and experiment rows in the shared embedding space."""
    filters = {
        "mw": _range(mw_min, mw_max),
        "clogp": _range(clogp_min, clogp_max),
        "tpsa": _range(tpsa_min, tpsa_max),
        "hbd": _range(None, hbd_max),
        "hba": _range(None, hba_max),
        "qed": _range(qed_min, None),
        "substructure": substructure,
        "source": source,
        "year": _range(year_min, year_max),
    }
    filters = {key: v for key, v in filters.items() if v is not None}
    lib = _open(home)
    res = lib.search(query, modalities=modality or None, k=k, filters=filters or None)
    if as_json:
        typer.echo(json.dumps(res.to_dict(), indent=2, default=str))
    else:
        _print_results(res)


def _embed(kind: str, input: Path, output: Path, batch_size: Optional[int], home: Optional[Path]) -> None:
    import time

    import numpy as np

    from discovery.index.vectors import embed_lines, read_lines

    if output.suffix != ".npy":
        raise DiscoveryError(f"{output}: the output must be a .npy file")
    lines = read_lines(input)
    lib = _open(home)
    t0 = time.perf_counter()
    model = lib.model
    t_model = time.perf_counter() - t0
    arr, problems = embed_lines(model, kind, lines, batch_size=batch_size, source=str(input))
    for p in problems[:50]:
        typer.secho(f"warning: {p}", fg="yellow", err=True)
    if len(problems) > 50:
        typer.secho(f"warning: ... and {len(problems) - 50} more lines with problems", fg="yellow", err=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    np.save(output, arr)
    secs = time.perf_counter() - t0
    typer.echo(
        f"wrote {output}: {arr.shape[0]} x {arr.shape[1]} float32 ({len(problems)} zero rows) "
        f"in {secs:.1f}s (model load {t_model:.1f}s)"
    )


@embed_app.command("text")
def embed_text(
    input: Path = typer.Option(..., "--input", "-i", help="Text file, one text per line."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the (n, D) .npy array."),
    batch_size: Optional[int] = typer.Option(None, help="Texts per batch (default 512)."),
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Embed one text per line; row i of the array is line i."""
    _embed("text", input, output, batch_size, home)


@embed_app.command("molecules")
def embed_molecules(
    input: Path = typer.Option(..., "--input", "-i", help="File with one SMILES per line."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the (n, D) .npy array."),
    batch_size: Optional[int] = typer.Option(None, help="Molecules per batch (default 2048)."),
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Embed one SMILES per line; invalid lines give a zero row and a warning naming the line."""
    _embed("molecules", input, output, batch_size, home)


@index_app.command("build")
def index_build(
    modality: Optional[list[str]] = typer.Option(None, "--modality", "-m", help=MODALITY_HELP),
    factory: Optional[str] = typer.Option(None, help="FAISS factory string (default Flat < 50k, else HNSW32)."),
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """(Re)build the FAISS indexes from everything in the library."""
    from discovery.index import build_indexes

    lib = _open(home)
    report = build_indexes(lib, modality or None, progress=True, factory=factory)
    for m, r in report.items():
        typer.echo(f"{m}: {r['count']} vectors, {r['factory']}, {r['seconds']}s -> {r['path']}")


@index_app.command("check")
def index_check(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Verify that the indexes hold exactly the store's rows, made by the loaded model."""
    lib = _open(home)
    report = lib.check_index()
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        for m, e in report["modalities"].items():
            if not e.get("exists"):
                typer.echo(f"{m}: no index ({e['count_store']} rows in the store)")
                continue
            typer.echo(
                f"{m}: {'ok' if e['ok'] else 'NOT OK'}  index {e['count_index']} / store {e['count_store']}, "
                f"missing {e['missing']}, extra {e['extra']}, {e['factory']}, "
                f"model {'matches' if e['fingerprint_ok'] else 'DIFFERS'}"
            )
        for msg in report["messages"]:
            typer.secho(f"  {msg}", fg="yellow")
    if not report["ok"]:
        raise typer.Exit(1)


@bench_app.command("search")
def bench_search_cmd(
    queries: int = typer.Option(200, help="Timed queries (after warm-up)."),
    k: int = typer.Option(10, "--k", help="Hits per modality."),
    fast_molecules: bool = typer.Option(
        False, help="Fill the molecule index with a Morgan-count projection instead of the GNN (timing only; "
        "see docs/bench/search.md)."),
    out: Optional[Path] = typer.Option(None, help="Also write the numbers as JSON here."),
    home: Optional[Path] = typer.Option(None, "--home", help=BENCH_HOME_HELP),
) -> None:
    """p50/p95 latency of text queries over every modality of the library (in-process)."""
    from discovery.bench.search import bench_search

    res = bench_search(_bench_lib(home, "search"), n_queries=queries, k=k, fast_molecules=fast_molecules)
    _report(res, out)


@bench_app.command("literature")
def bench_literature_cmd(
    limit: Optional[int] = typer.Option(None, help="At most this many queries (default all)."),
    out: Optional[Path] = typer.Option(None, help="Also write the numbers as JSON here."),
    home: Optional[Path] = typer.Option(None, "--home", help=BENCH_HOME_HELP),
) -> None:
    """BC5CDR test: chemical name / structure -> the abstracts that mention it (Hits@10, MRR)."""
    from discovery.bench.literature import bench_literature

    res = bench_literature(_bench_lib(home, "literature"), limit=limit)
    _report(res, out)


@bench_app.command("experiments")
def bench_experiments_cmd(
    out: Optional[Path] = typer.Option(None, help="Also write the numbers as JSON here."),
    home: Optional[Path] = typer.Option(None, "--home", help=BENCH_HOME_HELP),
) -> None:
    """Held-out MoleculeNet rows: do property queries return rows on the asked side (P@10)?"""
    from discovery.bench.experiments import bench_experiments

    res = bench_experiments(_bench_lib(home, "experiments"))
    _report(res, out)


def _report(res: dict, out: Optional[Path]) -> None:
    text = json.dumps(res, indent=2, default=str)
    typer.echo(text)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
