"""`partnerpack schedule`: plan the year's partner meetings from the tiers."""
from __future__ import annotations

from pathlib import Path

import click

from ..common import atomic_write, load_directory
from ..schedule import ScheduleError, plan_schedule, schedule_csv, schedule_docx, schedule_ics
from .errors import InputProblem, reports_domain_errors
from .options import optional_workspace, workspace_option


@click.command("schedule")
@click.option("--year", required=True, help="Academic year, e.g. 2026/27.")
@click.option("--directory", "directory_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Partner directory. Default: the workspace's partners.yaml.")
@click.option("--format", "file_format", type=click.Choice(["docx", "csv", "ics"]), default="ics",
              show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write. Default: output/schedule-<year>.<format>.")
@workspace_option
@reports_domain_errors
def schedule(year: str, directory_file: Path | None, file_format: str, out_file: Path | None,
             workspace_dir: Path | None) -> None:
    """Plan a year of partner meetings: tier 1 quarterly, tier 2 twice a year, tier 3 once.

    Meetings fall in the academic-calendar windows (autumn term start, new-year
    planning, mid-year review, year-end), on working days outside bank holidays.
    The .ics file imports into Outlook and other calendars.

    Example:

        partnerpack schedule --year 2026/27 --format ics --directory examples/partners.yaml
    """
    workspace = optional_workspace(workspace_dir)
    if directory_file is None:
        if workspace is None:
            raise InputProblem("Give --directory, or run inside a workspace.")
        directory_file = workspace.partners_file
    directory = load_directory(directory_file)
    try:
        meetings = plan_schedule(directory, year)
    except ScheduleError as exc:
        raise InputProblem(str(exc)) from None
    if file_format == "ics":
        data = schedule_ics(meetings, directory["partnership"])
    elif file_format == "csv":
        data = schedule_csv(meetings)
    else:
        data = schedule_docx(meetings, directory["partnership"], year)
    folder = workspace.output_dir if workspace else Path("output")
    target = out_file or folder / f"schedule-{year.replace('/', '-')}.{file_format}"
    atomic_write(target, data)
    click.echo(f"{len(meetings)} meetings planned for {year}: written to {target}")
