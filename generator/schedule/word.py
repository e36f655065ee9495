"""The year's meeting plan as a Word document: one table per academic-calendar window."""
from __future__ import annotations

from typing import Any, Iterable

from ...schemas.agendas import kind_label
from ...schemas.partner import tier_label
from ..templating import DEFAULT_MARKING, render_template
from .plan import WINDOW_LABELS, WINDOWS, ScheduledMeeting, academic_year, window_dates

#: What each window is for, after the partnership's academic-calendar guidance.
WINDOW_PURPOSES = {
    "autumn": "Back to school and planning the year: LADO, police and education partners.",
    "new_year": "New-year planning and budget discussions: strategic and service-planning meetings.",
    "mid_year": "Mid-year reviews and preparing for the summer: health and voluntary sector partners.",
    "year_end": "Year-end reviews and forward planning, before schools break up: annual strategic meetings.",
}


def schedule_docx(meetings: Iterable[ScheduledMeeting], partnership: str, year: str, *,
                  marking: str = DEFAULT_MARKING) -> bytes:
    """The planned meetings for academic ``year`` ('2026/27') as .docx bytes, grouped by window."""
    return render_template("schedule", schedule_context(meetings, partnership, year, marking=marking))


def schedule_context(meetings: Iterable[ScheduledMeeting], partnership: str, year: str, *,
                     marking: str = DEFAULT_MARKING) -> dict[str, Any]:
    """What schedule.docx reads: every window in calendar order, with its meetings by date and time."""
    starts, ends = academic_year(year)
    planned = sorted(meetings, key=lambda m: (m.date, m.start, m.partner_id))
    windows = []
    for window in WINDOWS:
        first, last = window_dates(window, starts)
        rows = [_meeting(m) for m in planned if m.window == window]
        windows.append({"label": WINDOW_LABELS[window], "starts": first, "ends": last, "count": len(rows),
                        "purpose": WINDOW_PURPOSES.get(window, ""), "meetings": rows})
    return {"partnership": partnership, "marking": marking, "locale": "en_GB", "year": year, "starts": starts,
            "ends": ends, "windows": windows, "total": len(planned)}


def _meeting(meeting: ScheduledMeeting) -> dict[str, Any]:
    return {"date": meeting.date, "start": meeting.start, "end": meeting.end, "partner_name": meeting.partner_name,
            "agency": meeting.agency, "tier": meeting.tier, "tier_label": tier_label(meeting.tier),
            "kind_label": kind_label(meeting.kind)}
