"""CLI commands: core (see apps.py)."""
