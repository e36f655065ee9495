"""`partnerpack pack`: make a meeting's pack from its YAML file."""
from __future__ import annotations

from pathlib import Path

import click

from ..inputs import load_meeting
from ..pack import build_pack
from ..registration import register_pack
from .errors import reports_domain_errors
from .options import optional_workspace, workspace_option


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
    meeting, directory = load_meeting(meeting_file, directory_file,
                                      default_directory=workspace.partners_file if workspace else None)
    target = out_dir or (workspace.output_dir if workspace else Path("output"))
    result = build_pack(meeting, directory, target)
    if workspace is not None:
        with workspace.open_store() as store:
            register_pack(store, meeting, directory, result)
        click.echo(f"Forms registered in the workspace at {workspace.root}.")
    click.echo(f"Pack for {meeting['id']} written to {result.folder} "
               f"({len(result.files)} files, {len(result.forms)} forms).")

