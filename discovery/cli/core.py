"""CLI commands of the foundation: init, ingest *, stats, db upgrade, demo, app, bench ingest.

Every command takes ``--home`` and talks only to :class:`discovery.Library`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .apps import HOME_HELP, app, bench_app, db_app, ingest_app

MAX_BAD_SHOWN = 50

HomeOpt = typer.Option(None, "--home", help=HOME_HELP)
StrictOpt = typer.Option(False, "--strict", help="Reject the whole file (write nothing) if any row is bad.")
JsonOpt = typer.Option(False, "--json", help="Print the report as JSON.")


def _open(home: Optional[Path]):
    from discovery.library import Library

    return Library.open(home)


def _added(added: dict) -> str:
    parts = [f"{k.replace('_', ' ')} +{v}" for k, v in added.items() if v]
    return ", ".join(parts) if parts else "nothing new"


def print_report(report, as_json: bool = False) -> None:
    """A summary line, then each bad row as ``file:row: reason`` (the first 50)."""
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    if report.skipped_duplicate_source:
        typer.echo(f"{report.source}: already ingested with the same options; nothing changed")
        return
    typer.echo(
        f"{report.source}: {report.n_rows} rows, {report.n_ok} ingested, {report.n_bad} bad "
        f"({_added(report.added)}) in {report.seconds:.1f} s"
    )
    for bad in report.bad_rows[:MAX_BAD_SHOWN]:
        typer.echo(f"  {bad}")
    if report.n_bad > MAX_BAD_SHOWN:
        typer.echo(f"  ... and {report.n_bad - MAX_BAD_SHOWN} more")


# --------------------------------------------------------------------------- library


@app.command()
def init(home: Optional[Path] = HomeOpt) -> None:
    """Create the library (folder + database) and apply migrations."""
    lib = _open(home)
    totals = lib.stats()["totals"]
    typer.echo(f"library ready: {lib.settings.home} ({lib.stats()['database']}); "
               f"{totals['molecules']} molecules, {totals['documents']} documents, "
               f"{totals['measurements']} measurements")


@db_app.command("upgrade")
def db_upgrade(home: Optional[Path] = HomeOpt) -> None:
    """Apply database migrations (also done whenever a library opens)."""
    from discovery.store.db import current_revision

    lib = _open(home)
    typer.echo(f"database at revision {current_revision(lib.engine)} ({lib.stats()['database']})")


@app.command()
def stats(home: Optional[Path] = HomeOpt, as_json: bool = JsonOpt) -> None:
    """Totals and per-source counts of molecules, documents, links and measurements."""
    st = _open(home).stats()
    if as_json:
        typer.echo(json.dumps(st, indent=2, default=str))
        return
    t = st["totals"]
    typer.echo(f"library {st['home']} ({st['database']})")
    typer.echo(
        f"  {t['molecules']:,} molecules ({t['names']:,} names), {t['documents']:,} documents, "
        f"{t['links']:,} links ({t['resolved_links']:,} to a molecule), {t['measurements']:,} measurements "
        f"in {t['assays']} assays, from {t['sources']} sources"
    )
    if st["sources"]:
        typer.echo(f"\n  {'#':>3}  {'source':<34} {'kind':<9} {'molecules':>9} {'documents':>9} {'links':>7} {'measurements':>12}")
        for s in st["sources"]:
            typer.echo(f"  {s['id']:>3}  {s['name'][:34]:<34} {s['kind']:<9} {s['molecules']:>9,} "
                       f"{s['documents']:>9,} {s['links']:>7,} {s['measurements']:>12,}")


# --------------------------------------------------------------------------- ingest


@ingest_app.command("molecules")
def ingest_molecules(
    path: Path = typer.Argument(..., help="SMILES list, CSV/TSV or SDF (.gz allowed)."),
    smiles_column: Optional[str] = typer.Option(None, "--smiles-column", help="Header of the SMILES column (default: detected)."),
    name_column: Optional[str] = typer.Option(None, "--name-column", help="Header of the name column (default: detected)."),
    strict: bool = StrictOpt,
    home: Optional[Path] = HomeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add molecules; other columns/SDF properties are kept with each molecule."""
    print_report(_open(home).ingest_molecules(path, smiles_column=smiles_column, name_column=name_column, strict=strict), as_json)


@ingest_app.command("pairs")
def ingest_pairs(
    path: Path = typer.Argument(..., help="TSV: CID, SMILES, description (or iupac_name, or split)."),
    prefix: Optional[str] = typer.Option(None, "--prefix", help="Document key prefix (default: chebi20 / pubchem by file name)."),
    strict: bool = StrictOpt,
    home: Optional[Path] = HomeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add molecule-text pairs (ChEBI-20, PubChem captions) or CID name/structure tables."""
    print_report(_open(home).ingest_pairs(path, strict=strict, prefix=prefix), as_json)


@ingest_app.command("papers")
def ingest_papers(
    path: Path = typer.Argument(..., help="PubTator, PubMed XML or JSONL abstracts (.gz allowed)."),
    format: Optional[str] = typer.Option(None, "--format", help="pubtator | pubmed-xml | jsonl (default: detected)."),
    strict: bool = StrictOpt,
    home: Optional[Path] = HomeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add paper abstracts; chemical mentions are linked to known molecules."""
    print_report(_open(home).ingest_papers(path, format=format, strict=strict), as_json)


@ingest_app.command("table")
def ingest_table(
    path: Path = typer.Argument(..., help="CSV/TSV with a SMILES column and measured values."),
    preset: Optional[str] = typer.Option(None, "--preset", help="A known layout: esol, freesolv, lipophilicity, bace, bbbp ..."),
    smiles_column: Optional[str] = typer.Option(None, "--smiles-column", help="Header of the SMILES column."),
    name_column: Optional[str] = typer.Option(None, "--name-column", help="Header of the name column."),
    value_column: Optional[List[str]] = typer.Option(None, "--value-column", help="A measured column (repeatable)."),
    property: Optional[str] = typer.Option(None, "--property", help="Property measured by the value column."),
    unit: Optional[str] = typer.Option(None, "--unit", help="Unit of the values."),
    assay: Optional[str] = typer.Option(None, "--assay", help="Assay or protocol the values come from."),
    strict: bool = StrictOpt,
    home: Optional[Path] = HomeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add an experiment table (one measurement per row and value column)."""
    lib = _open(home)
    report = lib.ingest_table(path, preset=preset, smiles_column=smiles_column, name_column=name_column,
                              value_columns=value_column or None, property=property, unit=unit, assay=assay,
                              strict=strict)
    print_report(report, as_json)


@ingest_app.command("dataset")
def ingest_dataset(
    name: str = typer.Argument(..., help="A dataset name (see `discovery datasets list`)."),
    strict: bool = StrictOpt,
    home: Optional[Path] = HomeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add a public dataset found under DISCOVERY_DATASETS (or packaged offline data)."""
    reports = _open(home).ingest_dataset(name, strict=strict)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in reports], indent=2))
        return
    for r in reports:
        print_report(r)


# --------------------------------------------------------------------------- demo and app


@app.command()
def demo(home: Optional[Path] = HomeOpt, as_json: bool = JsonOpt) -> None:
    """Build the demo library: every dataset under DISCOVERY_DATASETS, else the offline package data."""
    lib = _open(home)
    result = lib.build_demo(echo=None if as_json else typer.echo)
    if as_json:
        typer.echo(json.dumps({"demo": result, "stats": lib.stats()}, indent=2, default=str))
        return
    t = lib.stats()["totals"]
    typer.echo(
        f"demo library ready in {result['seconds']} s ({result['mode']}): {t['molecules']:,} molecules, "
        f"{t['documents']:,} documents, {t['links']:,} links, {t['measurements']:,} measurements "
        f"-> {lib.settings.home}"
    )


@app.command("app")
def run_app(
    port: Optional[int] = typer.Option(None, "--port", help="Port (default DISCOVERY_PORT or 8501)."),
    home: Optional[Path] = HomeOpt,
) -> None:
    """Start the Streamlit app on 127.0.0.1."""
    from discovery.config import PROJECT_ROOT

    lib = _open(home)  # creates/migrates the library before the app starts
    port = port or int(os.environ.get("DISCOVERY_PORT") or 8501)
    env = dict(os.environ, DISCOVERY_HOME=str(lib.settings.home.resolve()))
    if lib.settings.db_url:
        env["DISCOVERY_DB_URL"] = lib.settings.db_url
    script = PROJECT_ROOT / "app" / "Home.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "viewer"]  # no "Deploy" button: the app is a local tool
    typer.echo(f"discovery app on http://127.0.0.1:{port} (library {lib.settings.home}); Ctrl-C stops it")
    lib.close()
    raise typer.Exit(subprocess.call(cmd, env=env))


# --------------------------------------------------------------------------- bench


@bench_app.command("ingest")
def bench_ingest(
    n: int = typer.Option(100_000, "--n", help="Number of ZINC250k SMILES."),
    processes: Optional[int] = typer.Option(None, "--processes", help="Worker processes (default: all cores)."),
    as_json: bool = JsonOpt,
    home: Optional[Path] = HomeOpt,
) -> None:
    """Ingest speed (molecules/s, standardisation + descriptors + store) into a temporary library."""
    from discovery.bench.ingest import format_table, run_ingest_bench

    result = run_ingest_bench(n=n, processes=processes)
    typer.echo(json.dumps(result, indent=2) if as_json else format_table(result))
