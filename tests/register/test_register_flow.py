"""The action register moves with what comes back: agreed in a plan, updated by owners, rated on a date."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from partnerpack.forms.fill import fill_docx, fill_pdf
from partnerpack.generator.cli import main
from partnerpack.generator.collect import Collector

from returns_factory import drop, make_workspace

MEETING = "CSM-2025-014"  # met on 14/10/2025; its plan runs six months, to 14/04/2026


def action(row: int, description: str, owner: str, agency: str, due: str, status: str = "Not started") -> dict:
    prefix = f"actions__{row}__"
    return {prefix + "description": description, prefix + "owner": owner, prefix + "agency": agency,
            prefix + "measure": "Confirmed in writing to the chair", prefix + "due_date": due,
            prefix + "status": status}


PLAN = {
    **action(1, "Refer the family to the early help hub", "Priya Okafor", "North Vale Children's Services",
             "24/10/2025"),
    **action(2, "=HYPERLINK(\"http://evil.example\") arrange a health review", "Dr Sam Reid",
             "Vale Health & Care NHS Trust", "14/11/2025"),
    **action(3, "Share attendance data with the social worker each week", "Gwen Llewellyn",
             "Riverside Primary School", "01/04/2026", "In progress"),
    "review_date": "14/01/2026",
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("register")
    workspace, pack = make_workspace(root / "ws")
    inbox = root / "inbox"
    inbox.mkdir()
    plan = (pack.folder / "forms" / "action-plan-form.pdf").read_bytes()
    drop(inbox / "plan.pdf", fill_pdf(plan, PLAN), dt.datetime(2025, 10, 15, 11))
    with workspace.open_store() as store:
        report = Collector(store, workspace.quarantine_dir).collect([inbox])
    assert report.counts()["accepted"] == 1, report.to_json()
    return workspace


def run(workspace, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_register_json_rates_each_action_on_the_given_date(workspace, tmp_path: Path) -> None:
    out = tmp_path / "register.json"
    run(workspace, "register", "--as-of", "10/11/2025", "--status", "all", "--format", "json", "--out", str(out))
    actions = {a["action_id"]: a for a in json.loads(out.read_text(encoding="utf-8"))["actions"]}
    assert {key: a["rag"] for key, a in actions.items()} == {
        f"{MEETING}-A1": "overdue",    # due 24/10/2025, still not started
        f"{MEETING}-A2": "due_soon",   # due 14/11/2025, four days away
        f"{MEETING}-A3": "on_track",   # due 01/04/2026
    }
    assert actions[f"{MEETING}-A1"]["source_form_type"] == "action_plan"
    assert actions[f"{MEETING}-A3"]["status"] == "in_progress"


def test_register_xlsx_has_real_dates_and_csv_neutralises_formulas(workspace, tmp_path: Path) -> None:
    xlsx, text = tmp_path / "r.xlsx", tmp_path / "r.csv"
    run(workspace, "register", "--as-of", "10/11/2025", "--format", "xlsx", "--out", str(xlsx))
    run(workspace, "register", "--as-of", "10/11/2025", "--format", "csv", "--out", str(text))
    sheet = load_workbook(xlsx).worksheets[0]
    dates = [cell for row in sheet.iter_rows() for cell in row if cell.is_date]
    assert dates, "due dates should be real date cells"
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    rows = list(csv.reader(io.StringIO(text.read_text(encoding="utf-8-sig"))))
    hyperlink = next(cell for row in rows for cell in row if "HYPERLINK" in cell)
    assert hyperlink.startswith("'=")


def test_owner_update_moves_the_register_and_keeps_history(workspace, tmp_path: Path) -> None:
    run(workspace, "pack", "updates", "--owner", "Priya Okafor", "--as-of", "01/11/2025")
    folder = workspace.output_dir / "UPD-2025-11-01" / "forms"
    forms = sorted(folder.glob("*.docx"))
    assert len(forms) == 1
    update = fill_docx(forms[0].read_bytes(), {
        "updates__1__status": "Done", "updates__1__completed_on": "30/10/2025",
        "updates__1__progress_note": "Referral accepted by the hub.", "completed_on": "01/11/2025"})
    inbox = tmp_path / "updates"
    inbox.mkdir()
    drop(inbox / "update.docx", update, dt.datetime(2025, 11, 2, 9))
    run(workspace, "collect", str(inbox))
    out = tmp_path / "after.json"
    run(workspace, "register", "--as-of", "10/11/2025", "--status", "all", "--format", "json", "--out", str(out))
    first = next(a for a in json.loads(out.read_text(encoding="utf-8"))["actions"]
                 if a["action_id"] == f"{MEETING}-A1")
    assert (first["status"], first["rag"], first["completed_on"]) == ("done", "done", "2025-10-30")
    assert first["last_note"] == "Referral accepted by the hub."
    history = run(workspace, "action", "show", f"{MEETING}-A1")
    assert "action_plan" in history and "action_update" in history and "Referral accepted" in history
