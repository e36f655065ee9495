"""The action register as CSV, for spreadsheets: one action a line, readable headings and labels.

Cells are written by ``common.csv_writing``, which neutralises anything a
spreadsheet could take for a formula and writes dates ISO 8601.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..common import csv_bytes
from .rows import ActionRow, rag_label, sort_rows

REGISTER_CSV_COLUMNS = (
    "Action ID", "Agency", "Owner", "Action", "Measure of success", "Due", "RAG", "Status", "Completed on",
    "Last update", "Latest note", "Meeting ID", "Meeting", "Meeting date", "Source form ID", "Source form type",
)


def register_csv(rows: Iterable[ActionRow], as_of: dt.date) -> bytes:
    """The register as a CSV file, one action a line, with readable headings, status and RAG labels."""
    lines = (
        (row.action_id, row.agency, row.owner, row.description, row.measure, row.due_date,
         rag_label(row, as_of), row.status_label, row.completed_on, row.last_update, row.last_note,
         row.meeting_id, row.meeting_title, row.meeting_date, row.source_form_id, row.source_form_type)
        for row in sort_rows(rows)
    )
    return csv_bytes(REGISTER_CSV_COLUMNS, lines)
