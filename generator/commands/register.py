"""`partnerpack register` and `partnerpack action show`: the live action register."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..common import atomic_write
from ..register import (RAG_LABELS, VIEWS, consolidate, filter_rows, rag, register_csv, register_docx, register_json,
                        register_xlsx)
from .errors import InputProblem, reports_domain_errors
from .options import as_of_option, open_workspace, workspace_option

FORMATS = ("docx", "xlsx", "csv", "json")


@click.command("register")
@as_of_option
@click.option("--meeting", help="Only actions from this meeting ID.")
@click.option("--agency", help="Only actions owned at this agency.")
@click.option("--owner", help="Only this owner's actions.")
@click.option("--status", type=click.Choice(VIEWS), default="open", show_default=True)
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="xlsx", show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write. Default: output/action-register-<date>.<format> in the workspace.")
@workspace_option
@reports_domain_errors
def register(as_of: dt.date, meeting: str | None, agency: str | None, owner: str | None, status: str,
             file_format: str, out_file: Path | None, workspace_dir: Path | None) -> None:
    """Write the action register: every SMART action from returned plans, records and updates.

    Each action is rated as of --as-of: overdue, due within 14 days, on track or done.

    Example:

        partnerpack register --as-of 31/03/2026 --status overdue --format xlsx --out overdue.xlsx
    """
    workspace = open_workspace(workspace_dir)
    with workspace.open_store() as store:
        rows, _ = consolidate(store)
    chosen = filter_rows(rows, as_of=as_of, meeting=meeting, agency=agency, owner=owner, status=status)
    partnership = workspace.config.partnership
    if file_format == "xlsx":
        data = register_xlsx(chosen, as_of, partnership=partnership)
    elif file_format == "csv":
        data = register_csv(chosen, as_of)
    elif file_format == "json":
        data = register_json(chosen, as_of)
    else:
        data = register_docx(chosen, as_of, partnership=partnership)
    target = out_file or workspace.output_dir / f"action-register-{as_of:%Y-%m-%d}.{file_format}"
    atomic_write(target, data)
    overdue = sum(1 for row in chosen if rag(row, as_of) == "overdue")
    click.echo(f"{len(chosen)} action(s), {overdue} overdue as of {as_of:%d/%m/%Y}: written to {target}")


@click.group("action")
def action() -> None:
    """Look at one action.

    Example:

        partnerpack action show CSM-2025-014-A1
    """


@action.command("show")
@click.argument("action_id")
@as_of_option
@workspace_option
@reports_domain_errors
def show(action_id: str, as_of: dt.date, workspace_dir: Path | None) -> None:
    """Show an action's current state and its history: agreed, then each update.

    Example:

        partnerpack action show CSM-2025-014-A1
    """
    with open_workspace(workspace_dir).open_store() as store:
        rows, history = consolidate(store)
    row = next((r for r in rows if r.action_id == action_id), None)
    if row is None:
        raise InputProblem(f"No action {action_id} in the register.")
    click.echo(f"{row.action_id}: {row.description}")
    click.echo(f"  Owner:   {row.owner} ({row.agency})")
    click.echo(f"  Measure: {row.measure}")
    click.echo(f"  Due:     {row.due_date:%d/%m/%Y}   Status: {row.status_label}   "
               f"RAG: {RAG_LABELS[rag(row, as_of)]}")
    click.echo("History:")
    for event in history[action_id]:
        note = f" - {event.note}" if event.note else ""
        click.echo(f"  {event.on:%d/%m/%Y}  {event.status:<12} {event.form_type} {event.form_id}{note}")
