"""`partnerpack init`: make a workspace."""
from __future__ import annotations

from pathlib import Path

import click

from ..workspace import DEFAULT_PARTNERSHIP, init_workspace
from .errors import reports_domain_errors


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option("--partnership", default=DEFAULT_PARTNERSHIP, show_default=True, help="Your partnership's name.")
@reports_domain_errors
def init(folder: Path, partnership: str) -> None:
    """Make a workspace: settings, a starter partner directory, and folders for meetings and returns.

    Example:

        partnerpack init my-partnership --partnership "North Vale Safeguarding Children Partnership"
    """
    workspace = init_workspace(folder, partnership=partnership)
    click.echo(f"Workspace ready in {workspace.root}")
    click.echo(f"  Edit the partner directory: {workspace.partners_file}")
    click.echo(f"  Put meeting files in:       {workspace.meetings_dir}")
    click.echo(f"  Drop returned forms in:     {workspace.inbox_dir}")
