"""`partnerpack returns show`, `status` and `chase`: what came back, and who still owes a form."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..common import atomic_write, csv_bytes
from ..store import record_to_json
from ..tracking import form_statuses, outstanding
from .errors import InputProblem, reports_domain_errors
from .options import json_option, open_workspace, workspace_option


@click.group("returns")
def returns() -> None:
    """Look at returned forms.

    Example:

        partnerpack returns show F-1a2b3c4d5e6f
    """


@returns.command("show")
@click.argument("form_id")
@workspace_option
@json_option
@reports_domain_errors
def show(form_id: str, workspace_dir: Path | None, as_json: bool) -> None:
    """Show a returned form's current values and every version received.

    Example:

        partnerpack returns show F-1a2b3c4d5e6f --json
    """
    with open_workspace(workspace_dir).open_store() as store:
        stored = store.get_return(form_id)
    if stored is None:
        raise InputProblem(f"No return stored for form id {form_id}.")
    history = [{"version": v.version, "received_at": v.received_at.isoformat(), "source": v.source,
                "sha256": v.sha256, "current": v.is_current, "status": v.status} for v in stored.history]
    if as_json:
        click.echo(json.dumps({"form_id": form_id, "form_type": stored.form_type, "meeting_id": stored.meeting_id,
                               "partner_id": stored.partner_id, "record": json.loads(record_to_json(stored.record)),
                               "history": history}, indent=2))
        return
    click.echo(f"{stored.form_type} {form_id} — meeting {stored.meeting_id}, partner {stored.partner_id}")
    for key, value in stored.record.items():
        if value not in (None, "", [], False):
            click.echo(f"  {key}: {value}")
    click.echo("Versions:")
    for entry in history:
        marker = "current" if entry["current"] else entry["status"]
        click.echo(f"  v{entry['version']}  {entry['received_at']}  {marker:<9} {entry['source']}")


@click.command("status")
@click.argument("meeting_id", required=False)
@workspace_option
@json_option
@reports_domain_errors
def status(meeting_id: str | None, workspace_dir: Path | None, as_json: bool) -> None:
    """Who has returned their written contribution, who was late and who is outstanding.

    Example:

        partnerpack status CSM-2025-014
    """
    with open_workspace(workspace_dir).open_store() as store:
        rows = form_statuses(store, meeting_id)
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2))
        return
    if not rows:
        click.echo("No forms issued" + (f" for {meeting_id}." if meeting_id else "."))
        return
    current = None
    for row in rows:
        if row.meeting_id != current:
            current = row.meeting_id
            click.echo(f"\n{current}")
            click.echo(f"  {'State':<12}{'Name':<24}{'Agency':<34}{'Due':<12}Received")
        received = row.first_received.strftime("%d/%m/%Y %H:%M") if row.first_received else "-"
        due = row.due_on.strftime("%d/%m/%Y") if row.due_on else "-"
        click.echo(f"  {row.state:<12}{row.name[:23]:<24}{row.agency[:33]:<34}{due:<12}{received}")


@click.command("chase")
@click.argument("meeting_id")
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the list to this file (CSV if it ends .csv, else text).")
@workspace_option
@reports_domain_errors
def chase(meeting_id: str, out_file: Path | None, workspace_dir: Path | None) -> None:
    """List who still owes a written contribution for a meeting: name, agency, e-mail.

    Example:

        partnerpack chase CSM-2025-014 --out chase.csv
    """
    with open_workspace(workspace_dir).open_store() as store:
        if store.get_meeting(meeting_id) is None:
            raise InputProblem(f"No meeting {meeting_id} in this workspace; make its pack here first.")
        rows = outstanding(store, meeting_id)
    lines = [f"{row.name}\t{row.agency}\t{row.email}" for row in rows]
    click.echo(f"{len(rows)} outstanding for {meeting_id}" + (":" if rows else "."))
    for line in lines:
        click.echo("  " + line.replace("\t", " | "))
    if out_file:
        if out_file.suffix.lower() == ".csv":
            data = csv_bytes(["name", "agency", "email"], [[r.name, r.agency, r.email] for r in rows])
        else:
            data = ("\n".join(lines) + "\n").encode("utf-8")
        atomic_write(out_file, data)
        click.echo(f"Written to {out_file}")
