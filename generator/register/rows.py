"""The action register's rows, their RAG rating and the views people ask for.

Rows are plain frozen dataclasses so the register writers do not depend on
how actions are stored or consolidated: whoever builds the rows (from the
store, a test, a spreadsheet) hands them here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ...schemas.action import ACTION_STATUSES

#: How many days ahead (inclusive of the position date) an open action counts as "due soon".
DUE_SOON_DAYS = 14

RAG_LABELS: dict[str, str] = {
    "done": "Done",
    "overdue": "Overdue",
    "due_soon": f"Due within {DUE_SOON_DAYS} days",
    "on_track": "On track",
}

STATUS_LABELS: dict[str, str] = dict(ACTION_STATUSES)

#: RAG fills (hex, for the XLSX and DOCX registers) and text colours: Excel's own "Bad / Neutral / Good" pairs, readable on screen and in greyscale.
RAG_COLOURS: dict[str, tuple[str, str]] = {
    "overdue": ("FFC7CE", "9C0006"),
    "due_soon": ("FFEB9C", "7A4A00"),
    "on_track": ("C6EFCE", "006100"),
    "done": ("D9D9D9", "3A3A3A"),
}

#: The views ``filter_rows`` understands, in the order a register offers them.
VIEWS = ("open", "overdue", "done", "all")


@dataclass(frozen=True)
class ActionRow:
    """One SMART action as the register shows it, with its latest progress update.

    ``completed_on`` is None until the action is done; ``last_update`` and
    ``last_note`` are None when the owner has not yet sent an update.
    """

    action_id: str
    meeting_id: str
    meeting_date: dt.date
    meeting_title: str
    description: str
    owner: str
    agency: str
    measure: str
    due_date: dt.date
    status: str
    completed_on: dt.date | None
    last_update: dt.date | None
    last_note: str | None
    source_form_id: str
    source_form_type: str

    @property
    def is_done(self) -> bool:
        """True once the owner has marked the action done."""
        return self.status == "done"

    @property
    def status_label(self) -> str:
        """'Not started', 'In progress', 'Done' or 'Blocked'."""
        return STATUS_LABELS.get(self.status, self.status)


def rag(row: ActionRow, as_of: dt.date) -> str:
    """The RAG rating of an action on the date the register is drawn up.

    'done' wins over everything (even if it was finished late); an open
    action is 'overdue' once its due date has passed, 'due_soon' from the
    day it is due back to 14 days before, and 'on_track' otherwise.
    """
    if row.is_done:
        return "done"
    if row.due_date < as_of:
        return "overdue"
    if row.due_date <= as_of + dt.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "on_track"


def rag_label(row: ActionRow, as_of: dt.date) -> str:
    """The readable RAG rating, e.g. 'Due within 14 days'."""
    return RAG_LABELS[rag(row, as_of)]


def sort_rows(rows: Iterable[ActionRow]) -> list[ActionRow]:
    """Rows grouped by agency (ignoring case), then earliest due first, then by action ID."""
    return sorted(rows, key=lambda row: (row.agency.strip().casefold(), row.due_date, row.action_id))


def _same(wanted: str | None, actual: str) -> bool:
    return wanted is None or wanted.strip().casefold() == actual.strip().casefold()


def filter_rows(rows: Iterable[ActionRow], *, as_of: dt.date, meeting: str | None = None,
                agency: str | None = None, owner: str | None = None, status: str = "open") -> list[ActionRow]:
    """The rows a user asked for, sorted by agency, due date and action ID.

    ``status`` is a view: 'open' (anything not done, blocked included),
    'overdue' (open and past due on ``as_of``), 'done' or 'all'. ``meeting``
    matches the meeting ID; ``agency`` and ``owner`` match whole names,
    ignoring case and surrounding spaces. None means "any".
    """
    if status not in VIEWS:
        raise ValueError(f"Unknown register view '{status}'; choose one of {', '.join(VIEWS)}.")
    wanted = []
    for row in rows:
        if not (_same(meeting, row.meeting_id) and _same(agency, row.agency) and _same(owner, row.owner)):
            continue
        if status == "open" and row.is_done:
            continue
        if status == "done" and not row.is_done:
            continue
        if status == "overdue" and rag(row, as_of) != "overdue":
            continue
        wanted.append(row)
    return sort_rows(wanted)
