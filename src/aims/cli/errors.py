"""One-line errors for every command: `aims: error: ...` on stderr, exit 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click
from sqlalchemy.exc import DBAPIError

P = ParamSpec("P")
R = TypeVar("R")


class CommandError(click.ClickException):
    """An error a command reports in one line."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: object = None) -> None:
        click.echo(f"aims: error: {one_line(self)}", err=True)


def one_line_errors(*expected: type[Exception]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn the `expected` exceptions raised by a command into a one-line error."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return command(*args, **kwargs)
            except expected as exc:
                raise CommandError(one_line(exc)) from None

        return wrapper

    return decorate


def one_line(exc: BaseException) -> str:
    """The first line of what went wrong, without SQLAlchemy's wrapper and background link."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__
