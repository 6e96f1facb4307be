"""CLI commands: design (see apps.py)."""
