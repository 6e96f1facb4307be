"""CLI commands: datasets (see apps.py)."""
