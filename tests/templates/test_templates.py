"""The pack's Word documents, rendered from the shipped templates and read back as a partner would.

Fixtures are fictional meetings loaded through the real schemas; every check
opens the rendered .docx with python-docx and looks at its text and styles.
"""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import TRICKY_TEXT, needs
from partnerpack.generator.packs import build_meeting_context, render_document
from partnerpack.generator.templating import TEMPLATE_NAMES, TemplateProblem, template_bytes, unfilled_tags
from partnerpack.schemas.action import SmartActionSchema
from partnerpack.schemas.agendas import DEFAULT_AGENDAS, MEETING_KINDS
from partnerpack.schemas.errors import RecordInvalid
from partnerpack.schemas.meeting import MeetingSchema
from partnerpack.schemas.partner import PartnerDirectorySchema
from partnerpack.schemas.review import GAP_TYPES, IMPROVEMENT_BUCKETS, RED_FLAGS, REVIEW_DOMAINS
from partnerpack.templates.build import build_templates

LONG_DATE = "Tuesday 14 October 2025"
KINDS = [kind for kind, _ in MEETING_KINDS]

PARTNERS = [
    {"id": "P001", "name": "Dana Whitfield", "role": "Team manager", "agency": "Northbrook Children's Services",
     "agency_type": "childrens_services", "email": "dana@example.org", "tier": 1},
    {"id": "P002", "name": "Owen Marsh", "role": "Detective sergeant", "agency": "Northbrook Police",
     "agency_type": "police", "email": "owen@example.org", "tier": 1},
    {"id": "P003", "name": "Priya Okafor", "role": "School nurse", "agency": "Northbrook Health Trust",
     "agency_type": "health", "email": "priya@example.org", "tier": 2},
]


def directory(**partner_changes: Any) -> dict[str, Any]:
    partners = [dict(PARTNERS[0]), dict(PARTNERS[1]), {**PARTNERS[2], **partner_changes}]
    return PartnerDirectorySchema().load({"partnership": "Northbrook Safeguarding Children Partnership",
                                          "partners": partners})


def meeting(kind: str = "case_strategy", **changes: Any) -> dict[str, Any]:
    data = {"id": "CSM-2025-014", "kind": kind, "title": "Case strategy meeting: CSM-2025-014",
            "date": "14/10/2025", "start_time": "09:30", "venue": "Room 2, Northbrook Civic Centre",
            "chair": "Helen Carter", "note_taker": "Ravi Patel", "organiser_email": "partnership@example.org",
            "case_reference": "CSM-2025-014", "invitees": ["P001", "P002", "P003"],
            "purpose": "To agree a safety plan."}
    return MeetingSchema().load({**data, **changes})


def context(kind: str = "case_strategy", **changes: Any) -> dict[str, Any]:
    return build_meeting_context(meeting(kind, **changes), directory(), today=dt.date(2025, 10, 1))


@lru_cache(maxsize=None)
def rendered(name: str, kind: str = "case_strategy") -> bytes:
    """Each template rendered once per kind for the whole module: rendering is the slow part."""
    return render_document(name, context(kind))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def paragraphs(document: docx.document.Document) -> Iterator[Paragraph]:
    """Every paragraph, including those inside tables, headers and footers."""
    section = document.sections[0]
    for element in (document.element.body, section.header._element, section.footer._element):
        for p in element.iter(qn("w:p")):
            yield Paragraph(p, document.part)


def all_text(data: bytes) -> str:
    return "\n".join(p.text for p in paragraphs(open_docx(data)))


def table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- every template ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_fills_every_tag(name: str, kind: str) -> None:
    data = rendered(name, kind)
    text = all_text(data)
    assert "{{" not in text and "{%" not in text
    assert unfilled_tags(data) == []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_marking_is_in_header_and_footer(name: str) -> None:
    section = open_docx(rendered(name)).sections[0]
    assert "OFFICIAL-SENSITIVE" in "\n".join(p.text for p in section.header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in "\n".join(p.text for p in section.footer.paragraphs)


def test_marking_follows_the_meeting() -> None:
    data = render_document("agenda", context(protective_marking="OFFICIAL"))
    header = open_docx(data).sections[0].header.paragraphs[0].text
    assert header == "OFFICIAL"


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_footer_numbers_pages(name: str) -> None:
    footer = zipfile.ZipFile(io.BytesIO(rendered(name))).read("word/footer1.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Northbrook Safeguarding Children Partnership" in footer


@pytest.mark.parametrize("name", ["invitation", "agenda", "meeting_record", "action_plan"])
def test_meeting_date_is_written_out_in_full(name: str) -> None:
    assert LONG_DATE in all_text(rendered(name))


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_headings_use_word_heading_styles(name: str) -> None:
    document = open_docx(rendered(name))
    styles = {p.style.name for p in document.paragraphs if p.text.strip()}
    assert {"Title", "Heading 1"} <= styles
    for table in document.tables:
        assert table.style.name in {"Pack Table", "Pack Details", "Pack Answer Box"}


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_table_cell_keeps_a_paragraph(name: str) -> None:
    """Word refuses to open a file with an empty cell; a loop that renders nothing must not leave one."""
    body = open_docx(rendered(name)).element.body
    assert all(cell.find(qn("w:p")) is not None for cell in body.iter(qn("w:tc")))


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_pages_are_a4(name: str) -> None:
    section = open_docx(rendered(name)).sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}


def test_unknown_template_is_refused() -> None:
    with pytest.raises(TemplateProblem, match="minutes"):
        render_document("minutes", context())


def test_template_file_is_read_once_per_process() -> None:
    assert template_bytes("agenda") is template_bytes("agenda.docx".removesuffix(".docx"))


def test_committed_templates_match_the_builder(tmp_path: Path) -> None:
    """Editing templates/build_*.py without running the build would ship stale .docx files."""
    for fresh in build_templates(tmp_path):
        shipped = Path(__file__).parents[2] / "templates" / fresh.name
        with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(shipped) as old:
            for part in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml"):
                assert new.read(part) == old.read(part), f"{fresh.name}: {part} is out of date; run the build"


# --- awkward values ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["invitation", "agenda", "meeting_record"])
def test_awkward_characters_and_line_breaks_survive(name: str) -> None:
    ctx = build_meeting_context(meeting(venue=TRICKY_TEXT, purpose=TRICKY_TEXT), directory(agency=TRICKY_TEXT),
                                today=dt.date(2025, 10, 1))
    document = open_docx(render_document(name, ctx))
    holding = [p for p in paragraphs(document) if p.text == TRICKY_TEXT]
    assert holding, "the value did not read back whole"
    assert all(p._p.find(f".//{qn('w:br')}") is not None for p in holding)


def test_braces_typed_by_a_partner_are_not_mistaken_for_tags() -> None:
    data = render_document("agenda", context(purpose="Use the {{ placeholder }} form {% as agreed %}"))
    assert "Use the {{ placeholder }} form {% as agreed %}" in all_text(data)


def test_a_tag_left_in_a_file_is_found(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Dear {{ partner.name }},")
    buffer = io.BytesIO()
    document.save(buffer)
    assert unfilled_tags(buffer.getvalue()) == ["'{{ partner.name }}' in word/document.xml"]
    assert unfilled_tags(buffer.getvalue(), ["Dear {{ partner.name }},"]) == []


def test_blank_values_print_as_nothing() -> None:
    text = all_text(render_document("invitation", context(purpose=None, venue=None,
                                                           online_link="https://meet.example.org/x")))
    assert "None" not in text and "https://meet.example.org/x" in text


def test_dates_follow_the_meeting_locale() -> None:
    assert "mardi 14 octobre 2025" in all_text(render_document("agenda", context(locale="fr_FR")))


# --- the agenda ----------------------------------------------------------------------------------------------

def _clock(start: str, minutes: int) -> str:
    moment = dt.datetime.combine(dt.date(2025, 10, 14), dt.time.fromisoformat(start)) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


@pytest.mark.parametrize("kind", KINDS)
def test_agenda_rows_are_timed_from_the_start(kind: str) -> None:
    sections = DEFAULT_AGENDAS[kind]
    table = next(t for t in open_docx(rendered("agenda", kind)).tables if t.style.name == "Pack Table")
    rows = table_rows(table)
    assert rows[0] == ["Time", "Section", "Mins", "Led by"]
    elapsed = 0
    for row, section in zip(rows[1:], sections):
        assert row[0] == f"{_clock('09:30', elapsed)}–{_clock('09:30', elapsed + section['minutes'])}"
        assert row[1].splitlines() == [section["title"], *section["points"]]
        assert row[2] == str(section["minutes"])
        elapsed += section["minutes"]
    total = sum(section["minutes"] for section in sections)
    assert len(rows) == len(sections) + 2
    assert rows[-1][:3] == [_clock("09:30", total), "Close", str(total)]


@pytest.mark.parametrize("kind", KINDS)
def test_agenda_context_adds_up(kind: str) -> None:
    details = context(kind)["meeting"]
    agenda = details["agenda"]
    assert agenda[0]["starts"] == dt.time(9, 30)
    assert all(a["ends"] == b["starts"] for a, b in zip(agenda, agenda[1:]))
    assert agenda[-1]["ends"] == details["end_time"]
    assert sum(item["minutes"] for item in agenda) == details["duration_minutes"]


def test_agenda_points_are_bulleted() -> None:
    document = open_docx(rendered("agenda"))
    point = DEFAULT_AGENDAS["case_strategy"][1]["points"][0]
    assert any(p.text == point and p.style.name == "Table Bullet" for p in paragraphs(document))


def test_agenda_wording_follows_the_kind() -> None:
    assert "informal catch-up" in all_text(rendered("agenda", "police_catchup"))
    assert "review checklist" in all_text(rendered("agenda", "annual_review"))


# --- the other documents -------------------------------------------------------------------------------------

def test_invitation_lists_invitees_and_how_to_contribute() -> None:
    text = all_text(rendered("invitation"))
    for partner in PARTNERS:
        assert partner["name"] in text and partner["agency"] in text
    assert "partnership@example.org by Friday 10 October 2025" in text
    assert "substitute" in text.lower() and "09:30 to 10:30" in text


def test_meeting_record_attendance_is_prefilled_with_room_for_more() -> None:
    tables = open_docx(rendered("meeting_record")).tables
    attendance = next(t for t in tables if t.rows[0].cells[0].text == "Name")
    rows = table_rows(attendance)
    assert rows[0] == ["Name", "Role and agency", "Present", "Apologies", "Substitute"]
    assert [row[0] for row in rows[1:4]] == [p["name"] for p in PARTNERS]
    assert rows[1][2] == rows[1][3] == "☐" and rows[-1] == [""] * 5


def test_meeting_record_has_a_sharing_log_with_lawful_basis() -> None:
    headings = [cells[0] for t in open_docx(rendered("meeting_record")).tables for cells in [table_rows(t)[0]]]
    assert "What was shared" in headings
    assert "Legitimate interests" in all_text(rendered("meeting_record"))


def test_action_plan_section_is_landscape() -> None:
    section = open_docx(rendered("action_plan")).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height


def test_blank_action_plan_gives_eight_rows_to_fill() -> None:
    document = open_docx(rendered("action_plan"))
    text = all_text(rendered("action_plan"))
    plan = document.tables[-1]
    assert table_rows(plan)[0][:3] == ["#", "Action", "Owner"]
    assert [row[0] for row in table_rows(plan)[1:]] == [str(n) for n in range(1, 9)]
    assert f"{LONG_DATE} to Wednesday 14 October 2026" in text


def test_action_plan_lists_agreed_actions() -> None:
    action = SmartActionSchema().load({"description": "Arrange a home visit & report back", "owner": "Dana Whitfield",
                                       "agency": "Children's Services", "measure": "Visit recorded",
                                       "due_date": "21/10/2025", "status": "in_progress"})
    ctx = build_meeting_context(meeting(), directory(), actions=[action], today=dt.date(2025, 10, 1))
    rows = table_rows(open_docx(render_document("action_plan", ctx)).tables[-1])
    assert len(rows) == 2
    assert rows[1][:4] == ["1", "Arrange a home visit & report back", "Dana Whitfield", "Children's Services"]
    assert "21/10/2025" in rows[1] and "In progress" in rows[1]


def test_review_checklist_asks_every_question() -> None:
    text = all_text(rendered("review_checklist"))
    for title, questions in REVIEW_DOMAINS.values():
        assert title in text
        assert all(question in text for _, question in questions)
    assert all(f"☐  {label}" in text for _, label in RED_FLAGS)
    assert all(label in text for _, label, _ in GAP_TYPES)
    assert all(label in text for _, label in IMPROVEMENT_BUCKETS)


def test_review_checklist_names_the_partner_when_given() -> None:
    ctx = build_meeting_context(meeting("annual_review"), directory(), partner=PARTNERS[2],
                                today=dt.date(2025, 10, 1))
    text = all_text(render_document("review_checklist", ctx))
    assert "Northbrook Health Trust" in text and "Priya Okafor, School nurse" in text


def test_context_labels_partners_and_ends_the_plan() -> None:
    ctx = context()
    assert ctx["invitees"][0]["agency_type_label"] == "Children's services"
    assert ctx["invitees"][2]["tier_label"] == "Twice-yearly"
    assert ctx["meeting"]["kind_label"] == "Case strategy meeting"
    assert ctx["meeting"]["plan_ends_on"] == dt.date(2026, 10, 14)
    assert ctx["marking"] == "OFFICIAL-SENSITIVE" and ctx["locale"] == "en_GB"


def test_context_refuses_an_invitee_missing_from_the_directory() -> None:
    with pytest.raises(RecordInvalid, match="P999"):
        build_meeting_context(meeting(invitees=["P001", "P999"]), directory())


# --- opening in another word processor ------------------------------------------------------------------------

@pytest.mark.libreoffice
@needs("soffice")
def test_libreoffice_opens_a_rendered_action_plan(tmp_path: Path) -> None:
    source = tmp_path / "action_plan.docx"
    source.write_bytes(rendered("action_plan"))
    command = ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "action_plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
