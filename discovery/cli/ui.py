"""CLI commands of the app area: ``discovery bench app`` (see apps.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from discovery.errors import DiscoveryError

from .apps import HOME_HELP, bench_app


@bench_app.command("app")
def bench_app_cmd(
    repeats: int = typer.Option(5, help="Timed page loads and searches (after one warm-up of each)."),
    out: Optional[Path] = typer.Option(None, help="Also write the numbers as JSON here."),
    home: Optional[Path] = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Page load after warm-up and search round-trip of the Streamlit app, in headless Chromium."""
    from discovery.bench.app import measure
    from discovery.library import Library

    lib = Library.open(home, progress=False)  # resolves --home / DISCOVERY_HOME and migrates
    folder = lib.settings.home.resolve()
    lib.close()
    try:
        result = measure(folder, repeats=repeats)
    except Exception as exc:  # noqa: BLE001 - no browser, a timeout: one line, no traceback
        raise DiscoveryError(f"cannot run the app benchmark: {exc}") from None
    text = json.dumps(result, indent=2)
    typer.echo(text)
    if out:
        out.write_text(text + "\n")
