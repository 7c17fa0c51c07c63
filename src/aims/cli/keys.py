"""`aims keys ...`: the access-token signing keys."""

from __future__ import annotations

import click

from aims.auth.keys import KeyRing
from aims.cli.db import DB_ERRORS
from aims.cli.errors import one_line_errors
from aims.cli.users import with_operator


@click.group()
def keys() -> None:
    """Show and rotate the keys that sign access tokens."""


def _show(ring: KeyRing) -> None:
    for key in sorted(ring.keys, key=lambda k: ("current", "next", "retiring").index(k.state)):
        since = key.activated_at or key.created_at
        retired = f"  retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else ""
        click.echo(
            f"{key.state:<9} {key.algorithm:<8} {key.kid}  since {since:%Y-%m-%d %H:%M}{retired}"
        )


@keys.command()
@one_line_errors(*DB_ERRORS)
def rotate() -> None:
    """Promote the published next key to signing; the old one verifies until its tokens expire."""
    _show(with_operator(lambda operator: operator.rotate_keys()))


@keys.command("list")
@one_line_errors(*DB_ERRORS)
def list_keys() -> None:
    """List the published keys: current, next and retiring."""
    _show(with_operator(lambda operator: operator.keys()))
