"""`partnerpack review`: the annual partnership review, as a Word document for the board."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from click.core import ParameterSource

from ...schemas.meeting import PROTECTIVE_MARKINGS
from ..common import atomic_write, load_directory
from ..schedule import ScheduleError, academic_year
from .errors import InputProblem, reports_domain_errors
from .options import as_of_option, open_workspace, workspace_option


@click.command("review")
@click.option("--year", required=True, help="Academic year to review, e.g. 2025/26.")
@click.option("--previous-year", help="Year to compare checklist ratings with. Default: the year before.")
@as_of_option
@click.option("--format", "file_format", type=click.Choice(["docx"]), default="docx", show_default=True)
@click.option("--marking", type=click.Choice([value for value, _ in PROTECTIVE_MARKINGS]), default="OFFICIAL-SENSITIVE",
              show_default=True, help="Protective marking for every page.")
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write. Default: output/annual-review-<year>.docx in the workspace.")
@workspace_option
@reports_domain_errors
@click.pass_context
def review(context: click.Context, year: str, previous_year: str | None, as_of: dt.date | None, file_format: str,
           marking: str, out_file: Path | None, workspace_dir: Path | None) -> None:
    """Write the annual partnership review: meetings, attendance, contributions, actions and checklists.

    Every figure is counted from returned forms, with charts, red flags, gaps
    and the improvement plan. It holds counts only, never a child's details.
    Without --as-of the position is taken at the end of the year (or today,
    while the year is still running).

    Example:

        partnerpack review --year 2025/26 --out annual-review.docx
    """
    from ..review import render_review, review_figures  # charts and Word output load only when asked for

    try:
        academic_year(year)
        if previous_year:
            academic_year(previous_year)
    except ScheduleError as exc:
        raise InputProblem(str(exc)) from None
    if context.get_parameter_source("as_of") == ParameterSource.DEFAULT:
        as_of = None  # the review's own default: the year's last day, or today if that is earlier
    workspace = open_workspace(workspace_dir)
    directory = load_directory(workspace.partners_file)
    with workspace.open_store() as store:
        figures = review_figures(store, directory, year, previous_year=previous_year, as_of=as_of)
    data = render_review(figures, partnership=directory["partnership"], marking=marking)
    target = out_file or workspace.output_dir / f"annual-review-{figures.year.replace('/', '-')}.{file_format}"
    atomic_write(target, data)
    totals = figures.totals
    click.echo(f"Annual review {figures.year} as at {figures.as_of:%d/%m/%Y}: {figures.meetings_held} meeting(s) "
               f"held, {sum(totals.actions.values())} action(s), {figures.checklists} checklist(s): "
               f"written to {target}")
