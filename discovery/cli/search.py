"""CLI commands: search (see apps.py)."""
