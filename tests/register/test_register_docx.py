"""The action register and the meeting schedule as Word documents a partnership circulates with board papers."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from partnerpack.generator.cli import main
from partnerpack.generator.register import RAG_COLOURS, ActionRow, register_docx
from partnerpack.generator.register.word import register_context
from partnerpack.generator.schedule import plan_schedule, schedule_docx
from partnerpack.generator.templating import render_template
from partnerpack.generator.workspace import init_workspace
from partnerpack.schemas.partner import PartnerDirectorySchema

from conftest import TRICKY_TEXT

AS_OF = dt.date(2025, 10, 22)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADINGS = ["Action ID", "Meeting and date", "Action", "Owner", "Measure of success", "Due", "Status", "RAG",
            "Last update and note", "Source form"]


def action(number: int, *, due: dt.date, agency: str = "Vale Health", status: str = "in_progress",
           **changes: object) -> ActionRow:
    """A register row for a fictional action; any field can be overridden."""
    row = ActionRow(
        action_id=f"CSM-2025-014-A{number}", meeting_id="CSM-2025-014", meeting_date=dt.date(2025, 10, 14),
        meeting_title="Case strategy meeting", description=f"Action number {number}", owner="Hannah Brook",
        agency=agency, measure="Confirmed in writing to the chair", due_date=due, status=status,
        completed_on=dt.date(2025, 10, 20) if status == "done" else None, last_update=None, last_note=None,
        source_form_id="F-3f9a0c1b2d4e", source_form_type="action_plan")
    return dataclasses.replace(row, **changes)


ROWS = [
    action(1, due=AS_OF + dt.timedelta(days=30), agency="Riverside Primary School", owner="Gwen Llewellyn"),
    action(2, due=AS_OF - dt.timedelta(days=3), agency="North Vale Children's Services", status="blocked",
           last_update=dt.date(2025, 10, 21), last_note=TRICKY_TEXT, source_form_type="action_update"),
    action(3, due=AS_OF + dt.timedelta(days=5)),
    action(4, due=AS_OF - dt.timedelta(days=10), status="done"),
    action(5, due=AS_OF - dt.timedelta(days=1), agency="vale health "),
]


@pytest.fixture(scope="module")
def register() -> docx.document.Document:
    return docx.Document(io.BytesIO(register_docx(ROWS, AS_OF, partnership="North Vale Partnership")))


def cell_fill(cell: object) -> str | None:
    shading = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shading is None else shading.get(qn("w:fill"))


def all_text(document: docx.document.Document) -> str:
    section = document.sections[0]
    parts = (document.element.body, section.header._element, section.footer._element)
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p")))


# --- the register ----------------------------------------------------------------------------------------------

def test_register_is_landscape_and_marked(register: docx.document.Document) -> None:
    section = register.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert "OFFICIAL-SENSITIVE" in "\n".join(p.text for p in section.footer.paragraphs)
    assert "North Vale Partnership" in "\n".join(p.text for p in section.footer.paragraphs)
    text = all_text(register)
    assert "{{" not in text and "{%" not in text


def test_register_has_a_heading_and_a_table_per_agency(register: docx.document.Document) -> None:
    agencies = [p.text for p in register.paragraphs if p.style.name == "Heading 1"]
    # Grouped ignoring case and spaces, in sort_rows order: 'vale health ' joins 'Vale Health'.
    assert agencies == ["Summary", "North Vale Children's Services", "Riverside Primary School", "Vale Health"]
    tables = register.tables[1:]
    assert [len(t.rows) - 1 for t in tables] == [1, 1, 3]
    assert all([c.text for c in t.rows[0].cells] == HEADINGS for t in tables)
    vale = [[c.text for c in row.cells] for row in tables[2].rows[1:]]
    assert [row[0] for row in vale] == ["CSM-2025-014-A4", "CSM-2025-014-A5", "CSM-2025-014-A3"]  # by due date
    assert vale[0][6] == "Done\non 20/10/2025" and vale[0][7] == "Done"
    assert vale[1][1] == "Case strategy meeting\n14/10/2025"


def test_rag_cells_are_shaded_and_say_their_rating(register: docx.document.Document) -> None:
    fills = {row.cells[0].text: (row.cells[7].text, cell_fill(row.cells[7]))
             for table in register.tables[1:] for row in table.rows[1:]}
    assert fills == {
        "CSM-2025-014-A2": ("Overdue", RAG_COLOURS["overdue"][0]),
        "CSM-2025-014-A1": ("On track", RAG_COLOURS["on_track"][0]),
        "CSM-2025-014-A4": ("Done", RAG_COLOURS["done"][0]),
        "CSM-2025-014-A5": ("Overdue", RAG_COLOURS["overdue"][0]),
        "CSM-2025-014-A3": ("Due within 14 days", RAG_COLOURS["due_soon"][0]),
    }


def test_summary_counts_actions_by_rag(register: docx.document.Document) -> None:
    summary = [[c.text for c in row.cells] for row in register.tables[0].rows]
    assert [row[:2] for row in summary] == [["RAG", "Actions"], ["Overdue", "2"], ["Due within 14 days", "1"],
                                            ["On track", "1"], ["Done", "1"], ["All actions", "5"]]
    assert cell_fill(register.tables[0].rows[1].cells[0]) == RAG_COLOURS["overdue"][0]


def test_a_partners_note_keeps_its_awkward_characters(register: docx.document.Document) -> None:
    update = register.tables[1].rows[1].cells[8].text
    assert update == "Updated 21/10/2025\n" + TRICKY_TEXT
    assert register.tables[1].rows[1].cells[9].text == "Owner's update\nF-3f9a0c1b2d4e"


def test_every_register_cell_keeps_a_paragraph(register: docx.document.Document) -> None:
    assert all(cell.find(qn("w:p")) is not None for cell in register.element.body.iter(qn("w:tc")))


def test_the_register_reads_as_the_template_rendered_row_by_row() -> None:
    """register_docx repeats one rendered row per action; docxtpl's own loop must give the same document."""
    rows = [*ROWS, action(6, due=AS_OF, last_note="Tab\there & {{ braces }}\r\nnext", description=" <spaced> ")]
    fast = register_docx(rows, AS_OF, partnership="North Vale Partnership")
    plain = render_template("register", register_context(rows, AS_OF, partnership="North Vale Partnership"))
    with zipfile.ZipFile(io.BytesIO(fast)) as one, zipfile.ZipFile(io.BytesIO(plain)) as other:
        assert one.read("word/document.xml") == other.read("word/document.xml")


def test_an_empty_register_says_so() -> None:
    document = docx.Document(io.BytesIO(register_docx([], AS_OF)))
    assert "No actions match this register's selection." in all_text(document)
    assert len(document.tables) == 1


def test_register_command_writes_word(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "ws")
    out = tmp_path / "register.docx"
    result = CliRunner().invoke(main, ["register", "--format", "docx", "--status", "all", "--as-of", "22/10/2025",
                                       "--out", str(out), "--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert "Position at Wednesday 22 October 2025" in all_text(docx.Document(str(out)))


# --- the meeting schedule --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def directory() -> dict:
    import yaml

    return PartnerDirectorySchema().load(yaml.safe_load((EXAMPLES / "partners.yaml").read_text(encoding="utf-8")))


def test_schedule_has_a_table_per_window_in_calendar_order(directory: dict) -> None:
    meetings = plan_schedule(directory, "2026/27")
    document = docx.Document(io.BytesIO(schedule_docx(meetings, directory["partnership"], "2026/27")))
    windows = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert windows == ["The year at a glance", "Autumn term start", "New-year planning", "Mid-year review",
                       "Year-end review"]
    per_window = [len(t.rows) - 1 for t in document.tables[1:]]
    assert per_window == [sum(1 for m in meetings if m.window == w)
                          for w in ("autumn", "new_year", "mid_year", "year_end")]
    assert sum(per_window) == len(meetings)
    first = [c.text for c in document.tables[1].rows[1].cells]
    earliest = meetings[0]
    assert first == [f"{earliest.date:%A} {earliest.date.day} {earliest.date:%B %Y}",
                     f"{earliest.start:%H:%M}\u2013{earliest.end:%H:%M}", earliest.partner_name, earliest.agency,
                     str(earliest.tier), "Quarterly LADO review"]
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    text = all_text(document)
    assert "{{" not in text and "{%" not in text


def test_a_window_with_no_meetings_says_so(directory: dict) -> None:
    tier_two = [m for m in plan_schedule(directory, "2026/27") if m.tier == 2]
    document = docx.Document(io.BytesIO(schedule_docx(tier_two, "North Vale", "2026/27")))
    assert all_text(document).count("No meetings are planned in this window.") == 2  # new year and year end


def test_schedule_command_writes_word(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    result = CliRunner().invoke(main, ["schedule", "--year", "2026/27", "--format", "docx", "--directory",
                                       str(EXAMPLES / "partners.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Partner meeting schedule" in all_text(docx.Document(str(out)))
