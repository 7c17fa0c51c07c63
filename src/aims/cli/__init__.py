"""The `aims` command line: one click group, one module per command family."""

from __future__ import annotations

import click

from aims.cli.check import check
from aims.cli.db import db
from aims.cli.docs import docs
from aims.cli.keys import keys
from aims.cli.serve import run, worker
from aims.cli.users import users


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aims")
def main() -> None:
    """AIMS: accounts, profiles and document analysis in one process."""


for command in (run, worker, db, check, docs, users, keys):
    main.add_command(command)
