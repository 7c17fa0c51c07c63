"""The `aims` command line: one click group, one module per command family.

Command modules are imported only when their command runs, so `aims docs analyze` does not
pay for importing the web application, the database layer and the job queue.
"""

from __future__ import annotations

import click

from aims.cli.lazy import LazyGroup

_COMMANDS = {
    "run": "aims.cli.serve:run",
    "worker": "aims.cli.serve:worker",
    "db": "aims.cli.db:db",
    "check": "aims.cli.check:check",
    "docs": "aims.cli.docs:docs",
    "users": "aims.cli.users:users",
    "keys": "aims.cli.keys:keys",
}


@click.group(
    cls=LazyGroup,
    lazy_commands=_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="aims")
def main() -> None:
    """AIMS: accounts, profiles and document analysis in one process."""
