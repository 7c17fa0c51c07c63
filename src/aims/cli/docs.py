"""`aims docs ...`: document analysis from the command line."""

from __future__ import annotations

import click


@click.group()
def docs() -> None:
    """Analyse documents (OCR and heading hierarchy)."""
