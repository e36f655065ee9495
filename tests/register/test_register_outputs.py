"""The action register: RAG ratings, the views people ask for, and the XLSX, CSV and JSON a partnership shares."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from partnerpack.generator.common import neutralise
from partnerpack.generator.register import (RAG_COLOURS, RAG_LABELS, ActionRow, filter_rows, rag, register_csv,
                                            register_json, register_xlsx, sort_rows)
from partnerpack.generator.register.excel import MARKING

AS_OF = dt.date(2025, 10, 22)
INJECTIONS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", '=HYPERLINK("http://example.org","click")']


def action(number: int, *, due: dt.date, status: str = "in_progress", agency: str = "Vale Health",
           owner: str = "Hannah Brook", meeting: str = "CSM-2025-014", **changes: object) -> ActionRow:
    """A register row for a fictional action; any field can be overridden."""
    row = ActionRow(
        action_id=f"{meeting}-A{number:02d}", meeting_id=meeting, meeting_date=dt.date(2025, 10, 14),
        meeting_title="Case strategy meeting", description=f"Action number {number}", owner=owner, agency=agency,
        measure="Confirmed in writing to the chair", due_date=due, status=status,
        completed_on=dt.date(2025, 10, 20) if status == "done" else None, last_update=None, last_note=None,
        source_form_id="F-3f9a0c1b2d4e", source_form_type="action_plan",
    )
    return dataclasses.replace(row, **changes)


@pytest.fixture
def register() -> list[ActionRow]:
    """A small register across four fictional agencies, in no particular order."""
    return [
        action(1, due=AS_OF + dt.timedelta(days=30), agency="Riverside Primary School", owner="Gwen Llewellyn"),
        action(2, due=AS_OF - dt.timedelta(days=3), agency="North Vale Children's Services", owner="Priya Okafor",
               status="blocked", last_update=dt.date(2025, 10, 21), last_note="Waiting for the court bundle"),
        action(3, due=AS_OF + dt.timedelta(days=5), last_update=dt.date(2025, 10, 20), last_note="Booked"),
        action(4, due=AS_OF - dt.timedelta(days=10), status="done", completed_on=AS_OF - dt.timedelta(days=2)),
        action(5, due=AS_OF - dt.timedelta(days=1), agency="vale health", owner="HANNAH BROOK",
               meeting="LADO-2025-Q3"),
        action(6, due=AS_OF + dt.timedelta(days=1), agency="Vale Constabulary", owner="DS Tom Whitaker",
               description=INJECTIONS[-1], last_note="=1+1", measure="@cmd"),
    ]


# RAG ratings at the boundaries

@pytest.mark.parametrize(("days", "expected"), [
    (-1, "overdue"), (0, "due_soon"), (1, "due_soon"), (14, "due_soon"), (15, "on_track"), (90, "on_track"),
])
def test_rag_rating_follows_the_due_date(days: int, expected: str) -> None:
    assert rag(action(1, due=AS_OF + dt.timedelta(days=days)), AS_OF) == expected


def test_an_action_due_today_is_due_soon_not_overdue() -> None:
    assert rag(action(1, due=AS_OF), AS_OF) == "due_soon"


def test_an_action_done_late_is_done_not_overdue() -> None:
    late = action(1, due=AS_OF - dt.timedelta(days=20), status="done", completed_on=AS_OF - dt.timedelta(days=1))
    assert rag(late, AS_OF) == "done"


def test_a_blocked_action_is_still_rated_by_its_due_date() -> None:
    assert rag(action(1, due=AS_OF - dt.timedelta(days=1), status="blocked"), AS_OF) == "overdue"


def test_rag_labels_read_as_the_board_expects() -> None:
    assert RAG_LABELS == {"done": "Done", "overdue": "Overdue", "due_soon": "Due within 14 days",
                          "on_track": "On track"}


# Views

def test_open_view_leaves_out_done_actions_and_sorts_by_agency_due_date_and_id(register: list[ActionRow]) -> None:
    rows = filter_rows(register, as_of=AS_OF)
    assert [r.action_id for r in rows] == ["CSM-2025-014-A02", "CSM-2025-014-A01", "CSM-2025-014-A06",
                                           "LADO-2025-Q3-A05", "CSM-2025-014-A03"]


def test_overdue_view_holds_only_open_actions_past_due(register: list[ActionRow]) -> None:
    assert [r.action_id for r in filter_rows(register, as_of=AS_OF, status="overdue")] == [
        "CSM-2025-014-A02", "LADO-2025-Q3-A05"]


def test_done_and_all_views(register: list[ActionRow]) -> None:
    assert [r.action_id for r in filter_rows(register, as_of=AS_OF, status="done")] == ["CSM-2025-014-A04"]
    assert len(filter_rows(register, as_of=AS_OF, status="all")) == len(register)


def test_agency_and_owner_match_ignoring_case(register: list[ActionRow]) -> None:
    by_agency = filter_rows(register, as_of=AS_OF, agency="VALE HEALTH ", status="all")
    assert [r.action_id for r in by_agency] == ["CSM-2025-014-A04", "LADO-2025-Q3-A05", "CSM-2025-014-A03"]
    by_owner = filter_rows(register, as_of=AS_OF, owner="hannah brook")
    assert [r.action_id for r in by_owner] == ["LADO-2025-Q3-A05", "CSM-2025-014-A03"]


def test_meeting_filter_picks_one_meetings_actions(register: list[ActionRow]) -> None:
    assert [r.action_id for r in filter_rows(register, as_of=AS_OF, meeting="LADO-2025-Q3")] == ["LADO-2025-Q3-A05"]


def test_an_unknown_view_is_refused(register: list[ActionRow]) -> None:
    with pytest.raises(ValueError, match="open, overdue, done, all"):
        filter_rows(register, as_of=AS_OF, status="late")


def test_sorting_is_stable_for_the_same_input(register: list[ActionRow]) -> None:
    assert sort_rows(register) == sort_rows(list(reversed(register)))


# XLSX

@pytest.fixture
def workbook(register: list[ActionRow]):
    data = register_xlsx(register, AS_OF, partnership="North Vale Safeguarding Children Partnership")
    return load_workbook(io.BytesIO(data))


def _table(sheet) -> tuple[dict[str, int], list[tuple]]:
    """Column numbers by heading, and the cells of each data row, from the heading row down."""
    header_row = next(row for row in sheet.iter_rows() if row[0].value == "Action ID")
    columns = {cell.value: cell.column for cell in header_row}
    rows = [row for row in sheet.iter_rows(min_row=header_row[0].row + 1) if row[0].value]
    return columns, rows


def test_workbook_offers_open_overdue_all_and_agency_sheets(workbook) -> None:
    assert workbook.sheetnames == ["Open", "Overdue", "All actions", "By agency"]
    assert workbook.active.title == "Open"
    assert len(_table(workbook["Open"])[1]) == 5
    assert len(_table(workbook["Overdue"])[1]) == 2
    assert len(_table(workbook["All actions"])[1]) == 6


def test_dates_are_real_dates_shown_day_first(workbook) -> None:
    columns, rows = _table(workbook["All actions"])
    for row in rows:
        for heading in ("Due", "Meeting date"):
            cell = row[columns[heading] - 1]
            assert cell.is_date and cell.number_format == "DD/MM/YYYY"
    completed = [row[columns["Completed on"] - 1] for row in rows if row[columns["Status"] - 1].value == "Done"]
    assert completed[0].is_date and completed[0].value.date() == AS_OF - dt.timedelta(days=2)


def test_every_sheet_has_a_frozen_heading_row_and_a_filter(workbook) -> None:
    for sheet in workbook.worksheets:
        heading_row = next(row[0].row for row in sheet.iter_rows() if row[0].value in ("Action ID", "Agency"))
        assert sheet.freeze_panes == f"A{heading_row + 1}"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{heading_row}:")


def test_rag_cells_are_coloured(workbook) -> None:
    columns, rows = _table(workbook["All actions"])
    ratings = {}
    for row in rows:
        cell = row[columns["RAG"] - 1]
        ratings[cell.value] = cell.fill.fgColor.rgb[-6:]
    assert ratings == {RAG_LABELS[key]: fill for key, (fill, _) in RAG_COLOURS.items()}


def test_text_that_looks_like_a_formula_stays_text(workbook) -> None:
    columns, rows = _table(workbook["All actions"])
    police = next(row for row in rows if row[columns["Owner"] - 1].value == "DS Tom Whitaker")
    for heading, expected in (("Action", INJECTIONS[-1]), ("Latest note", "=1+1"), ("Measure of success", "@cmd")):
        cell = police[columns[heading] - 1]
        assert cell.data_type == "s" and cell.value == expected
    for sheet in workbook.worksheets:
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_awkward_text_reads_back_as_typed_with_formulas_quoted() -> None:
    awkward = "  Smith & Sons <Ltd>\r\n\tsecond line\x07 "
    rows = [action(1, due=AS_OF, last_note=awkward), action(2, due=AS_OF, last_note="=1+1", status="blocked")]
    book = load_workbook(io.BytesIO(register_xlsx(rows, AS_OF)))
    columns, cells = _table(book["All actions"])
    notes = {row[0].value: row[columns["Latest note"] - 1] for row in cells}
    assert notes["CSM-2025-014-A01"].value == awkward.replace("\x07", "") and not notes["CSM-2025-014-A01"].quotePrefix
    assert notes["CSM-2025-014-A02"].value == "=1+1" and notes["CSM-2025-014-A02"].data_type == "s" and notes["CSM-2025-014-A02"].quotePrefix
    status = next(row for row in cells if row[0].value == "CSM-2025-014-A02")[columns["Status"] - 1]
    assert status.font.b and status.font.color.rgb[-6:] == RAG_COLOURS["overdue"][1]
    assert book["All actions"].dimensions == "A1:N6"  # title rows, heading row and the two actions


def test_workbook_carries_the_protective_marking(workbook) -> None:
    assert workbook.properties.keywords == MARKING
    for sheet in workbook.worksheets:
        assert sheet["A1"].value == MARKING
        assert MARKING in sheet.oddHeader.center.text and MARKING in sheet.oddFooter.center.text
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_agency_summary_counts_each_rating(workbook) -> None:
    sheet = workbook["By agency"]
    header = next(row for row in sheet.iter_rows() if row[0].value == "Agency")
    headings = [cell.value for cell in header]
    lines = {row[0].value: dict(zip(headings, (c.value for c in row)))
             for row in sheet.iter_rows(min_row=header[0].row + 1) if row[0].value}
    health = lines["Vale Health"]  # "vale health" is the same agency
    assert (health["Open"], health["Overdue"], health["Due within 14 days"], health["Done"], health["Total"]) == (
        2, 1, 1, 1, 3)
    everyone = lines["All agencies"]
    assert (everyone["Open"], everyone["Overdue"], everyone["Blocked"], everyone["Total"]) == (5, 2, 1, 6)


def test_an_empty_register_still_makes_a_workbook() -> None:
    book = load_workbook(io.BytesIO(register_xlsx([], AS_OF)))
    assert book["Overdue"]["A5"].value == "No overdue actions."


# CSV and JSON

def _read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("value", INJECTIONS)
def test_formula_like_text_is_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("Plain text - with a dash") == "Plain text - with a dash"


def test_csv_neutralises_every_injection_and_reads_back(register: list[ActionRow]) -> None:
    rows = [dataclasses.replace(register[0], action_id=f"X{i}", description=value, owner=value)
            for i, value in enumerate(INJECTIONS)]
    lines = _read_csv(register_csv(rows, AS_OF))
    assert sorted(line["Action"] for line in lines) == sorted("'" + value for value in INJECTIONS)
    assert all(line["Owner"] == line["Action"] for line in lines)


def test_csv_writes_iso_dates_and_readable_labels(register: list[ActionRow]) -> None:
    lines = _read_csv(register_csv(register, AS_OF))
    assert len(lines) == 6
    blocked = next(line for line in lines if line["Action ID"] == "CSM-2025-014-A02")
    assert blocked["Due"] == "2025-10-19" and blocked["Meeting date"] == "2025-10-14"
    assert blocked["RAG"] == "Overdue" and blocked["Status"] == "Blocked"
    assert blocked["Completed on"] == "" and blocked["Latest note"] == "Waiting for the court bundle"


def test_json_parses_with_iso_dates_and_rag(register: list[ActionRow]) -> None:
    document = json.loads(register_json(register, AS_OF))
    assert document["as_of"] == "2025-10-22" and document["count"] == 6
    first = document["actions"][0]
    assert list(first) == [f.name for f in dataclasses.fields(ActionRow)] + ["rag"]
    assert first["action_id"] == "CSM-2025-014-A02" and first["due_date"] == "2025-10-19"
    assert first["rag"] == "overdue" and first["completed_on"] is None


def test_json_is_byte_identical_for_the_same_register(register: list[ActionRow]) -> None:
    assert register_json(register, AS_OF) == register_json(list(reversed(register)), AS_OF)
