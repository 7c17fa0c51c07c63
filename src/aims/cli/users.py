"""`aims users ...`: the operator's account commands (first super_admin, roles, locks)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from aims.auth.domain import Role
from aims.auth.operator import AuthOperator
from aims.auth.public import InvalidInput, UserView
from aims.cli.db import DB_ERRORS
from aims.cli.errors import CommandError, one_line_errors
from aims.kernel import migrations
from aims.kernel.embedded import resolve_database_url
from aims.kernel.messages import AppError
from aims.kernel.settings import load_settings

T = TypeVar("T")


def with_operator(action: Callable[[AuthOperator], Awaitable[T]]) -> T:
    """Run one operator action on the same database (and Redis) as `aims run`.

    On the embedded default the database is migrated first, as `aims run` does.
    """
    settings = load_settings()
    database_url = resolve_database_url(settings)
    if settings.uses_embedded_database:
        migrations.upgrade(database_url)

    async def run() -> T:
        async with AuthOperator.open(settings, database_url) as operator:
            return await action(operator)

    return asyncio.run(run())


def _describe(user: UserView) -> str:
    lock = f", locked until {user.locked_until:%Y-%m-%d %H:%M:%S}" if user.locked_until else ""
    return f"{user.email}: role {user.role}, {user.state}{lock}"


@click.group()
def users() -> None:
    """Manage accounts from the command line."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask for the password; use --password-stdin")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users.command("create-admin")
@click.option("--email", required=True, help="The administrator's e-mail address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@one_line_errors(AppError, *DB_ERRORS)
def create_admin(email: str, password_stdin: bool) -> None:
    """Create a super_admin account (prompts twice for the password on a terminal)."""
    password = _read_password(password_stdin)
    try:
        with_operator(lambda operator: operator.create_admin(email, password))
    except InvalidInput as exc:
        raise CommandError(
            f"{exc.errors[0]['field']}: {exc.detail}" if exc.errors else exc.detail
        ) from None
    click.echo(f"created super_admin {email.strip().lower()}")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@one_line_errors(AppError, *DB_ERRORS)
def set_role(email: str, role: str) -> None:
    """Give an account a role; its sessions end so the change applies at once."""
    click.echo(_describe(with_operator(lambda operator: operator.set_role(email, Role(role)))))


@users.command()
@click.argument("email")
@one_line_errors(AppError, *DB_ERRORS)
def disable(email: str) -> None:
    """Disable an account; its sessions end at once."""
    click.echo(_describe(with_operator(lambda operator: operator.disable(email))))


@users.command()
@click.argument("email")
@one_line_errors(AppError, *DB_ERRORS)
def unlock(email: str) -> None:
    """Lift a temporary brute-force lock."""
    click.echo(_describe(with_operator(lambda operator: operator.unlock(email))))
