"""This package's `coursekit` commands (registered by grader.cli; imports stay lazy)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the `coursekit` app."""
