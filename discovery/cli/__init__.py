"""Command line interface: ``discovery ...``. Commands call only :class:`discovery.Library`."""

from __future__ import annotations

import sys

import typer

from discovery.errors import DiscoveryError

from .apps import app

# Importing the area modules registers their commands on the apps.
from . import core, datasets, search, model, generate, design, ui  # noqa: E402,F401


def main() -> None:
    """Console entry point: user errors print one clear line and exit 1, never a traceback."""
    try:
        rc = app(standalone_mode=False)
        # in non-standalone mode a command's typer.Exit(code) comes back as the return value
        if isinstance(rc, int) and rc != 0:
            sys.exit(rc)
    except DiscoveryError as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        typer.secho("aborted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        # typer vendors click (typer._click): duck-type its ClickException
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        raise
