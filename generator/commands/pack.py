"""`partnerpack pack`: make a meeting's pack from its YAML file."""
from __future__ import annotations

from pathlib import Path

import click

from ..inputs import load_meeting
from ..pack import build_pack
from .errors import reports_domain_errors


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
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
              show_default=True, help="Folder to write the meeting's pack folder into.")
@reports_domain_errors
def pack_meeting(meeting_file: Path, directory_file: Path | None, out_dir: Path) -> None:
    """Make one meeting's pack (the default when `pack` is given a file).

    Example:

        partnerpack pack meeting examples/lado-quarterly-review.yaml --directory examples/partners.yaml
    """
    meeting, directory = load_meeting(meeting_file, directory_file)
    result = build_pack(meeting, directory, out_dir)
    click.echo(f"Pack for {meeting['id']} written to {result.folder} "
               f"({len(result.files)} files, {len(result.forms)} forms).")
