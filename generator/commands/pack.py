"""`partnerpack pack`: make a meeting's pack from its YAML file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..common import load_directory, load_meeting
from ..packs import build_pack, build_update_pack, pack_into_workspace, register_pack
from .errors import reports_domain_errors
from .options import as_of_option, open_workspace, optional_workspace, workspace_option


class PackGroup(click.Group):
    """`pack MEETING.yaml` makes a meeting pack; `pack updates` and other words name sub-commands."""

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[override]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["meeting", *args]
        return super().resolve_command(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "MEETING.yaml [--directory FILE] [--out DIR] | COMMAND ...")


@click.group(cls=PackGroup)
def pack() -> None:
    """Make the papers for a meeting, or other packs.

    `partnerpack pack MEETING.yaml` writes one folder per meeting: invitation, agenda,
    meeting record template, action plan, and a contribution form (PDF and Word) for
    each invitee, with a manifest.json listing every file's SHA-256 and every form id.

    Example:

        partnerpack pack examples/case-strategy-meeting.yaml --out output
    """


@pack.command("meeting")
@click.argument("meeting_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--directory", "directory_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Partner directory (.yaml, .csv or .xlsx). Default: the meeting file's 'directory:'.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the meeting's pack folder into. Default: the workspace's output/, else ./output.")
@workspace_option
@reports_domain_errors
def pack_meeting(meeting_file: Path, directory_file: Path | None, out_dir: Path | None,
                 workspace_dir: Path | None) -> None:
    """Make one meeting's pack (the default when `pack` is given a file).

    Inside a workspace, the forms issued are recorded so that `collect` can match
    what comes back and `status` can show who still owes one.

    Example:

        partnerpack pack meeting examples/lado-quarterly-review.yaml --directory examples/partners.yaml
    """
    workspace = optional_workspace(workspace_dir)
    if workspace is None:
        meeting, directory = load_meeting(meeting_file, directory_file)
        result = build_pack(meeting, directory, out_dir or Path("output"))
    else:
        meeting, _, result = pack_into_workspace(workspace, meeting_file, directory_file, out_dir=out_dir)
        click.echo(f"Forms registered in the workspace at {workspace.root}.")
    click.echo(f"Pack for {meeting['id']} written to {result.folder} "
               f"({len(result.files)} files, {len(result.forms)} forms).")



@pack.command("updates")
@click.option("--owner", help="Only this owner's form.")
@click.option("--agency", help="Only owners at this agency.")
@as_of_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the update pack. Default: the workspace's output/.")
@workspace_option
@reports_domain_errors
def pack_updates(owner: str | None, agency: str | None, as_of: dt.date, out_dir: Path | None,
                 workspace_dir: Path | None) -> None:
    """Make a pre-filled action-update form (PDF and Word) for each owner of open actions.

    Each form lists the owner's open actions with their current status; owners
    update the status, add a note and return it like any other form.

    Example:

        partnerpack pack updates --agency "Vale Constabulary" --as-of 31/03/2026
    """
    from ..register import consolidate, filter_rows  # the register's writers load only for this sub-command

    workspace = open_workspace(workspace_dir)
    directory = load_directory(workspace.partners_file) if workspace.partners_file.exists() else None
    with workspace.open_store() as store:
        rows, _ = consolidate(store)
        chosen = filter_rows(rows, as_of=as_of, owner=owner, agency=agency, status="open")
        if not chosen:
            click.echo("No open actions match; no update forms made.")
            return
        result = build_update_pack(chosen, as_of, out_dir or workspace.output_dir, directory)
        register_pack(store, result)
    click.echo(f"{len(result.forms)} action-update form(s) for {len(chosen)} open action(s) written to "
               f"{result.folder}.")
