"""CLI commands: model (see apps.py)."""
