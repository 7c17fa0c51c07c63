"""The `aims` command line: one click group, one module per command family.

Command modules are imported only when their command runs, so `aims docs analyze` does not
pay for importing the web application, the database layer and the job queue.
"""

from __future__ import annotations

import importlib

import click

_COMMANDS = {
    "run": "aims.cli.serve:run",
    "worker": "aims.cli.serve:worker",
    "db": "aims.cli.db:db",
    "check": "aims.cli.check:check",
    "docs": "aims.cli.docs:docs",
    "users": "aims.cli.users:users",
    "keys": "aims.cli.keys:keys",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, without importing the commands."""
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return one command."""
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aims")
def main() -> None:
    """AIMS: accounts, profiles and document analysis in one process."""
