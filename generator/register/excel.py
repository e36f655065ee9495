"""The action register as an Excel workbook a partnership board can read and print.

Sheets, in the order a business manager works through them:

* **Open**: every action not yet done, the working list for chasing owners;
* **Overdue**: open actions past their due date, for the board's exceptions report;
* **All actions**: everything, done included, as the audit trail;
* **By agency**: counts per agency and RAG rating, for the board summary.

Every cell holds a value, never a formula: text is stored as text even when it
starts with "=", dates are real dates shown DD/MM/YYYY. Each sheet carries the
protective marking in its title rows, in the printed header and footer, and in
the document properties.
"""
from __future__ import annotations

import datetime as dt
import io
from copy import copy
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...schemas.registry import RETURNABLE_FORMS
from ..common import FORMULA_STARTS, long_date
from .rows import RAG_COLOURS, RAG_LABELS, ActionRow, filter_rows, rag, sort_rows

MARKING = "OFFICIAL-SENSITIVE"
DATE_FORMAT = "DD/MM/YYYY"
FONT = "Arial"
ACCENT = "1F4E79"  # the house navy used in the Word packs
HEADER_ROW = 4  # rows 1-3 hold the marking, title and position date


_THIN = Side(style="thin", color="B8C2CC")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BODY = Font(name=FONT, size=10)


@dataclass(frozen=True)
class Column:
    """One register column: its heading, width in characters, and how to read it from a row."""

    heading: str
    width: float
    value: Callable[[ActionRow], Any]


def _form_title(form_type: str) -> str:
    schema = RETURNABLE_FORMS.get(form_type)
    return schema.form_title if schema else form_type


ACTION_COLUMNS = (
    Column("Action ID", 15, lambda r: r.action_id),
    Column("Agency", 18, lambda r: r.agency),
    Column("Owner", 15, lambda r: r.owner),
    Column("Action", 36, lambda r: r.description),
    Column("Measure of success", 26, lambda r: r.measure),
    Column("Due", 11, lambda r: r.due_date),
    Column("RAG", 11, lambda r: None),  # filled from rag() by the writer
    Column("Status", 11, lambda r: r.status_label),
    Column("Completed on", 11, lambda r: r.completed_on),
    Column("Last update", 11, lambda r: r.last_update),
    Column("Latest note", 28, lambda r: r.last_note),
    Column("Meeting", 22, lambda r: f"{r.meeting_title}\n{r.meeting_id}"),
    Column("Meeting date", 11, lambda r: r.meeting_date),
    Column("Source form", 18, lambda r: f"{_form_title(r.source_form_type)}\n{r.source_form_id}"),
)
#: Open and overdue actions have no completion date, and their source form matters only for the audit trail.
OPEN_COLUMNS = tuple(c for c in ACTION_COLUMNS if c.heading not in ("Completed on", "Source form"))

SUMMARY_COLUMNS = (
    ("Agency", 34, None), ("Open", 10, None), (RAG_LABELS["overdue"], 12, "overdue"),
    (RAG_LABELS["due_soon"], 13, "due_soon"), (RAG_LABELS["on_track"], 12, "on_track"),
    ("Blocked", 10, None), (RAG_LABELS["done"], 10, "done"), ("Total", 10, None),
    ("Earliest open due date", 14, None),
)


def register_xlsx(rows: Iterable[ActionRow], as_of: dt.date, *, partnership: str = "") -> bytes:
    """The register workbook as bytes: Open, Overdue, All actions and By agency sheets.

    ``as_of`` is the position date the RAG ratings are worked out for;
    ``partnership`` (optional) is named under each sheet's title.
    """
    rows = sort_rows(rows)
    workbook = Workbook()
    looks = _CellLooks()
    workbook.remove(workbook.active)
    views = (
        ("Open", "open actions", OPEN_COLUMNS, filter_rows(rows, as_of=as_of, status="open"), "No open actions."),
        ("Overdue", "overdue actions", OPEN_COLUMNS, filter_rows(rows, as_of=as_of, status="overdue"),
         "No overdue actions."),
        ("All actions", "all actions", ACTION_COLUMNS, rows, "No actions recorded yet."),
    )
    for sheet_name, what, columns, view_rows, empty in views:
        sheet = workbook.create_sheet(sheet_name)
        _title(sheet, f"Action register: {what}", _subtitle(partnership, as_of, len(view_rows)))
        _action_table(sheet, columns, view_rows, as_of, empty, looks)
        _print_setup(sheet, f"Action register: {what}", as_of, repeat_rows=True)
    summary = workbook.create_sheet("By agency")
    _title(summary, "Action register: summary by agency", _subtitle(partnership, as_of, len(rows)))
    _summary_table(summary, rows, as_of, looks)
    _print_setup(summary, "Action register: summary by agency", as_of, repeat_rows=False)
    _properties(workbook, partnership, as_of)
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _subtitle(partnership: str, as_of: dt.date, count: int) -> str:
    noun = "action" if count == 1 else "actions"
    parts = [partnership.strip()] if partnership.strip() else []
    parts += [f"Position at {long_date(as_of)}", f"{count} {noun}"]
    return "  ·  ".join(parts)


def set_text(cell: Cell, value: str | None) -> None:
    """Store ``value`` as plain text, never as a formula, even if it starts with '=' or '@'.

    Characters Excel cannot hold (control codes) are dropped; text that
    looks like a formula is also given Excel's quote prefix so that editing
    the cell later does not turn it into one.
    """
    if value is None:
        cell.value = None
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _put(sheet: Worksheet, row: int, column: int, value: Any, looks: "_CellLooks", *, rating: str | None = None,
         alert: bool = False) -> Cell:
    """Write one value in a body look: dates as dates, numbers as numbers, everything else as text.

    ``rating`` colours a RAG cell; ``alert`` marks a blocked status in the overdue ink.
    """
    cell = sheet.cell(row=row, column=column)
    is_date = isinstance(value, dt.date)
    if is_date or (isinstance(value, int) and not isinstance(value, bool)):
        cell.value = value
    else:
        set_text(cell, value)
    looks.apply(cell, (is_date, rating, alert, bool(cell.quotePrefix)))
    return cell


class _CellLooks:
    """The few looks a body cell can have in one workbook, each styled once and then copied.

    Setting font, fill, border and alignment on a cell makes openpyxl hash
    and look up each style object; copying a finished style array (the
    workbook's indices for all of them) does not, which is most of the cost
    of a year's register.
    """

    def __init__(self) -> None:
        self._styles: dict[tuple[Any, ...], Any] = {}

    def apply(self, cell: Cell, look: tuple[bool, str | None, bool, bool]) -> None:
        known = self._styles.get(look)
        if known is not None:
            cell._style = copy(known)
            return
        is_date, rating, alert, quoted = look
        cell.font, cell.alignment, cell.border = _BODY, _WRAP, _GRID
        if is_date:
            cell.number_format = DATE_FORMAT
        if rating:
            _colour(cell, rating)
        elif alert:
            cell.font = Font(name=FONT, size=10, bold=True, color=RAG_COLOURS["overdue"][1])
        cell.quotePrefix = quoted
        self._styles[look] = copy(cell._style)


def _title(sheet: Worksheet, title: str, subtitle: str) -> None:
    set_text(sheet["A1"], MARKING)
    sheet["A1"].font = Font(name=FONT, size=10, bold=True)
    set_text(sheet["A2"], title)
    sheet["A2"].font = Font(name=FONT, size=14, bold=True, color=ACCENT)
    set_text(sheet["A3"], subtitle)
    sheet["A3"].font = Font(name=FONT, size=10, color="5A6470")
    sheet.row_dimensions[2].height = 22


def _heading_row(sheet: Worksheet, headings: list[tuple[str, float]]) -> None:
    for column, (heading, width) in enumerate(headings, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column)
        set_text(cell, heading)
        cell.font = Font(name=FONT, size=10, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=ACCENT)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = _GRID
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 28
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


def _colour(cell: Cell, rating: str, *, bold: bool = True) -> None:
    fill, ink = RAG_COLOURS[rating]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(name=FONT, size=10, bold=bold, color=ink)


def _row_height(values: list[tuple[Any, float]]) -> float:
    """Points needed to show every wrapped value in full; LibreOffice does not grow rows by itself."""
    lines = 1
    for value, width in values:
        if isinstance(value, str):
            per_line = max(int(width * 1.2) - 1, 1)  # Arial 10 fits a little more than the width in characters
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    return 13.0 * lines + 3


def _action_table(sheet: Worksheet, columns: tuple[Column, ...], rows: list[ActionRow], as_of: dt.date,
                  empty: str, looks: _CellLooks) -> None:
    _heading_row(sheet, [(c.heading, c.width) for c in columns])
    last_column = get_column_letter(len(columns))
    for line, row in enumerate(rows, start=HEADER_ROW + 1):
        rating = rag(row, as_of)
        values = [RAG_LABELS[rating] if c.heading == "RAG" else c.value(row) for c in columns]
        for column, (spec, value) in enumerate(zip(columns, values), start=1):
            _put(sheet, line, column, value, looks, rating=rating if spec.heading == "RAG" else None,
                 alert=spec.heading == "Status" and row.status == "blocked")
        sheet.row_dimensions[line].height = _row_height([(v, c.width) for v, c in zip(values, columns)])
    if rows:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + len(rows)}"
    else:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW}"
        set_text(sheet.cell(row=HEADER_ROW + 1, column=1), empty)
        sheet.cell(row=HEADER_ROW + 1, column=1).font = Font(name=FONT, size=10, italic=True, color="5A6470")


def _summary_table(sheet: Worksheet, rows: list[ActionRow], as_of: dt.date, looks: _CellLooks) -> None:
    """Counts per agency, worked out here (no formulas), with a total line."""
    _heading_row(sheet, [(heading, width) for heading, width, _ in SUMMARY_COLUMNS])
    for column, (_, _, rating) in enumerate(SUMMARY_COLUMNS, start=1):
        if rating:
            _colour(sheet.cell(row=HEADER_ROW, column=column), rating)
    agencies: dict[str, list[ActionRow]] = {}
    for row in rows:  # already sorted by agency, so the first spelling seen names the group
        key = row.agency.strip().casefold()
        agencies.setdefault(key, []).append(row)
    lines = [(group[0].agency, group) for group in agencies.values()]
    lines.append(("All agencies", rows))
    for offset, (name, group) in enumerate(lines, start=1):
        line = HEADER_ROW + offset
        ratings = [rag(r, as_of) for r in group]
        open_rows = [r for r in group if not r.is_done]
        values = [
            name, len(open_rows), ratings.count("overdue"), ratings.count("due_soon"), ratings.count("on_track"),
            sum(r.status == "blocked" for r in group), ratings.count("done"), len(group),
            min((r.due_date for r in open_rows), default=None),
        ]
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, line, column, value, looks)
            if column > 1 and not isinstance(value, dt.date):
                cell.alignment = Alignment(horizontal="center", vertical="top")
            rating = SUMMARY_COLUMNS[column - 1][2]
            if rating in ("overdue", "due_soon") and value:
                _colour(cell, rating)
        if offset == len(lines):  # the total line
            for column in range(1, len(values) + 1):
                cell = sheet.cell(row=line, column=column)
                cell.font = Font(name=FONT, size=10, bold=True, color=cell.font.color)
                cell.border = Border(left=_THIN, right=_THIN, top=Side(style="medium", color=ACCENT),
                                     bottom=_THIN)
    last_column = get_column_letter(len(SUMMARY_COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + len(lines) - 1}"


def _print_setup(sheet: Worksheet, title: str, as_of: dt.date, *, repeat_rows: bool) -> None:
    """A4 landscape, one page wide, marking top and bottom, headings repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = sheet.page_margins.footer = 0.25
    sheet.print_options.horizontalCentered = True
    if repeat_rows:
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    for part in (sheet.oddHeader.center, sheet.oddFooter.center):
        part.text, part.font, part.size = MARKING, f"{FONT},Bold", 10
    sheet.oddFooter.left.text = f"{title}, position at {as_of:%d/%m/%Y}".replace("&", "&&")
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.oddFooter.right.size = 8


def _properties(workbook: Workbook, partnership: str, as_of: dt.date) -> None:
    properties = workbook.properties
    properties.title = f"Action register, position at {as_of:%d/%m/%Y}"
    properties.subject = partnership or "Action register"
    properties.creator = properties.lastModifiedBy = "partnerpack"
    properties.keywords = MARKING
    properties.category = MARKING
    properties.description = f"Protective marking: {MARKING}. Generated by partnerpack."
    workbook.custom_doc_props.append(StringProperty(name="Protective marking", value=MARKING))
