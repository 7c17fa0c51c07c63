"""One-line errors for every command: `aims: error: ...` on stderr, exit 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

P = ParamSpec("P")
R = TypeVar("R")


class CommandError(click.ClickException):
    """An error a command reports in one line."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: object = None) -> None:
        click.echo(f"aims: error: {self.message}", err=True)


def one_line_errors(*expected: type[Exception]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn the `expected` exceptions raised by a command into a one-line error."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return command(*args, **kwargs)
            except expected as exc:
                raise CommandError(str(exc)) from None

        return wrapper

    return decorate
