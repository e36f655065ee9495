"""The action register as CSV (for spreadsheets) and JSON (for other systems).

CSV files are opened in Excel by people who trust them, so any text that a
spreadsheet could take for a formula is neutralised (OWASP "CSV injection"):
a cell starting with = + - @ tab or carriage return gets a leading
apostrophe, and every field is quoted.

Dates are written ISO 8601 (2026-01-31) in both formats: it cannot be misread
as month-first or day-first, Excel recognises it as a date in every locale,
and it sorts correctly as text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Iterable, Sequence

from .register_rows import ActionRow, rag, rag_label, sort_rows

#: First characters that make a spreadsheet treat a cell as a formula or command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

REGISTER_CSV_COLUMNS = (
    "Action ID", "Agency", "Owner", "Action", "Measure of success", "Due", "RAG", "Status", "Completed on",
    "Last update", "Latest note", "Meeting ID", "Meeting", "Meeting date", "Source form ID", "Source form type",
)


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: a leading apostrophe if it could start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: None empty, dates ISO, times HH:MM, numbers as digits, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A whole CSV file: UTF-8 with a byte-order mark so Excel reads accents, CRLF lines, all fields quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def register_csv(rows: Iterable[ActionRow], as_of: dt.date) -> bytes:
    """The register as a CSV file, one action a line, with readable headings, status and RAG labels."""
    lines = (
        (row.action_id, row.agency, row.owner, row.description, row.measure, row.due_date,
         rag_label(row, as_of), row.status_label, row.completed_on, row.last_update, row.last_note,
         row.meeting_id, row.meeting_title, row.meeting_date, row.source_form_id, row.source_form_type)
        for row in sort_rows(rows)
    )
    return csv_bytes(REGISTER_CSV_COLUMNS, lines)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def register_json(rows: Iterable[ActionRow], as_of: dt.date) -> bytes:
    """The register as JSON for other systems: machine values, ISO dates, the RAG rating on each action.

    The shape is ``{"as_of": ..., "count": ..., "actions": [...]}``; each
    action's keys follow the ActionRow fields in order, then ``rag``, so two
    runs on the same data give byte-identical files.
    """
    actions = []
    for row in sort_rows(rows):
        action = {name: _json_value(getattr(row, name)) for name in ActionRow.__dataclass_fields__}
        action["rag"] = rag(row, as_of)
        actions.append(action)
    document = {"as_of": as_of.isoformat(), "count": len(actions), "actions": actions}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
