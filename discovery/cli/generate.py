"""CLI commands: generate (see apps.py)."""
