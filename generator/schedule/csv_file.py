"""The meeting schedule as CSV, one meeting a line, for spreadsheets and other systems."""
from __future__ import annotations

from typing import Iterable

from ...schemas.agendas import kind_label
from ...schemas.partner import tier_label
from ..common import csv_bytes
from .plan import ScheduledMeeting

SCHEDULE_CSV_COLUMNS = (
    "Date", "Start", "End", "Duration (minutes)", "Window", "Meeting", "Kind", "Partner ID", "Partner", "Agency",
    "Tier",
)


def schedule_csv(meetings: Iterable[ScheduledMeeting]) -> bytes:
    """The schedule as CSV, one meeting a line, dates ISO like the register's CSV, text made formula-safe."""
    lines = (
        (m.date, m.start, m.end, m.duration_minutes, m.window_label, m.title, kind_label(m.kind), m.partner_id,
         m.partner_name, m.agency, tier_label(m.tier))
        for m in meetings
    )
    return csv_bytes(SCHEDULE_CSV_COLUMNS, lines)
