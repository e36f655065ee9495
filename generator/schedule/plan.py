"""Plan a year of partner meetings on the safeguarding academic calendar.

The year runs 1 September to 31 August. The domain notes give four windows:

* **autumn** (1 Sep - 31 Oct): back to school, the year's planning; LADO,
  police and education partners;
* **new_year** (1 Jan - 28/29 Feb): new-year planning and budget discussions;
  strategic and service-planning meetings;
* **mid_year** (1 Apr - 31 May): mid-year reviews; health and voluntary sector;
* **year_end** (1 - 17 Jul): year-end reviews and forward planning, kept
  before schools in England break up (around 20 July) so partners are still
  at work.

Tier 1 (quarterly) meet in all four. Tier 2 (twice-yearly) meet at the start
of the year and at the mid-year review ("start and mid-academic year").
Tier 3 (annual) meet once, at the year-end review, which the notes name as
the time for annual strategic meetings; senior leadership meet instead in
new-year planning, because the notes tie them to "budget planning periods"
(this also keeps July from filling up).

Meetings fall on weekdays that are not bank holidays in England and Wales
(worked out, see ``bank_holidays``), at most two on any day, spread evenly
through each window with tier 1 partners first, so that each partner keeps
roughly the same place in every window and meets about three months apart.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable

from ...schemas.agendas import DEFAULT_DURATIONS, kind_label

WINDOWS = ("autumn", "new_year", "mid_year", "year_end")

WINDOW_LABELS = {
    "autumn": "Autumn term start",
    "new_year": "New-year planning",
    "mid_year": "Mid-year review",
    "year_end": "Year-end review",
}

#: Which windows each tier meets in.
TIER_WINDOWS: dict[int, tuple[str, ...]] = {
    1: ("autumn", "new_year", "mid_year", "year_end"),
    2: ("autumn", "mid_year"),
    3: ("year_end",),
}
#: Tier 3 agency types that meet at new-year planning instead of the year-end review.
NEW_YEAR_ANNUAL_TYPES = {"senior_leadership"}

#: A catch-up with any other agency.
PARTNERSHIP_CATCHUP = "partnership_catchup"

MEETINGS_PER_DAY = 2
AFTERNOON = dt.time(14, 0)
_BREAK = dt.timedelta(minutes=30)

#: One-off bank holidays in England and Wales that no rule predicts.
SPECIAL_BANK_HOLIDAYS = {
    dt.date(2022, 6, 2): "Platinum Jubilee bank holiday",
    dt.date(2022, 6, 3): "Platinum Jubilee bank holiday",
    dt.date(2022, 9, 19): "State funeral of Queen Elizabeth II",
    dt.date(2023, 5, 8): "Coronation of King Charles III",
}
#: Years when the early May bank holiday moved to a Friday.
_MOVED_EARLY_MAY = {2020: dt.date(2020, 5, 8)}


class ScheduleError(ValueError):
    """The year or directory cannot be planned, e.g. a malformed year or a window with too many meetings."""


@dataclass(frozen=True)
class ScheduledMeeting:
    """One planned meeting with one partner."""

    date: dt.date
    start: dt.time
    duration_minutes: int
    partner_id: str
    partner_name: str
    agency: str
    tier: int
    kind: str
    window: str
    title: str

    @property
    def end(self) -> dt.time:
        """When the meeting is due to finish."""
        return (dt.datetime.combine(self.date, self.start) + dt.timedelta(minutes=self.duration_minutes)).time()

    @property
    def window_label(self) -> str:
        """'Autumn term start', 'New-year planning', 'Mid-year review' or 'Year-end review'."""
        return WINDOW_LABELS[self.window]


def academic_year(year: str) -> tuple[dt.date, dt.date]:
    """First and last day of an academic year written '2026/27' (or '2026/2027')."""
    match = re.fullmatch(r"\s*(\d{4})\s*/\s*(\d{2}|\d{4})\s*", year or "")
    if not match:
        raise ScheduleError(f"Write the academic year like 2026/27, not '{year}'.")
    first, second = int(match.group(1)), match.group(2)
    if int(second) != (first + 1 if len(second) == 4 else (first + 1) % 100):
        raise ScheduleError(f"'{year}' is not one year after another; did you mean {first}/{(first + 1) % 100:02d}?")
    return dt.date(first, 9, 1), dt.date(first + 1, 8, 31)


def window_dates(window: str, first_day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of a window in the academic year starting on ``first_day``."""
    autumn_year, next_year = first_day.year, first_day.year + 1
    return {
        "autumn": (dt.date(autumn_year, 9, 1), dt.date(autumn_year, 10, 31)),
        "new_year": (dt.date(next_year, 1, 1), dt.date(next_year, 3, 1) - dt.timedelta(days=1)),
        "mid_year": (dt.date(next_year, 4, 1), dt.date(next_year, 5, 31)),
        "year_end": (dt.date(next_year, 7, 1), dt.date(next_year, 7, 17)),
    }[window]


def easter_sunday(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def bank_holidays(year: int) -> dict[dt.date, str]:
    """Bank holidays in England and Wales in a calendar year, by the standing rules plus known one-offs.

    Scotland and Northern Ireland have others (2 January, St Patrick's Day,
    12 July); pass those as ``closed_days`` to ``plan_schedule``.
    """
    easter = easter_sunday(year)
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() >= 5:
        new_year = _monday_on_or_after(new_year)
    days = {
        new_year: "New Year's Day",
        easter - dt.timedelta(days=2): "Good Friday",
        easter + dt.timedelta(days=1): "Easter Monday",
        _MOVED_EARLY_MAY.get(year, _monday_on_or_after(dt.date(year, 5, 1))): "Early May bank holiday",
        _monday_on_or_after(dt.date(year, 5, 25)): "Spring bank holiday",
        _monday_on_or_after(dt.date(year, 8, 25)): "Summer bank holiday",
    }
    if year == 2022:
        days.pop(_monday_on_or_after(dt.date(2022, 5, 25)))  # moved to 2 June for the Jubilee
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 28)
    elif christmas.weekday() == 6:
        christmas = dt.date(year, 12, 27)
    elif boxing.weekday() == 5:
        boxing = dt.date(year, 12, 28)
    days[christmas], days[boxing] = "Christmas Day", "Boxing Day"
    days.update({day: name for day, name in SPECIAL_BANK_HOLIDAYS.items() if day.year == year})
    return days


def meeting_kind(partner: dict[str, Any]) -> str:
    """The kind of meeting a partner gets: annual review, LADO review, police catch-up or partnership catch-up."""
    if partner["tier"] == 3 or partner["agency_type"] == "senior_leadership":
        return "annual_review"
    if partner["agency_type"] == "lado":
        return "lado_quarterly"
    if partner["agency_type"] == "police":
        return "police_catchup"
    return PARTNERSHIP_CATCHUP


def partner_windows(partner: dict[str, Any]) -> tuple[str, ...]:
    """The windows a partner meets in, from their tier (and agency type, for annual meetings)."""
    if partner["tier"] == 3 and partner["agency_type"] in NEW_YEAR_ANNUAL_TYPES:
        return ("new_year",)
    return TIER_WINDOWS[partner["tier"]]


def working_days(start: dt.date, end: dt.date, closed: Iterable[dt.date] = ()) -> list[dt.date]:
    """Weekdays from ``start`` to ``end`` inclusive that are not bank holidays or ``closed``."""
    shut = set(closed)
    for year in range(start.year, end.year + 1):
        shut.update(bank_holidays(year))
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in shut:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _spread(count: int, days: list[dt.date], window: str) -> list[dt.date]:
    """``count`` dates spread as evenly as possible over ``days``, never more than two on one day."""
    if count > MEETINGS_PER_DAY * len(days):
        raise ScheduleError(f"{count} meetings do not fit in the {WINDOW_LABELS[window].lower()} window "
                            f"({len(days)} working days, at most {MEETINGS_PER_DAY} a day).")
    dates: list[dt.date] = []
    for index, day in enumerate(days):
        # Bresenham: day ``index`` takes the meetings whose even share lands on it.
        dates += [day] * ((index + 1) * count // len(days) - index * count // len(days))
    return dates


def _title(kind: str, partner: dict[str, Any]) -> str:
    return f"{kind_label(kind)}: {partner['name']} ({partner['agency']})"


def plan_schedule(directory: dict[str, Any], year: str, *, start_time: dt.time = dt.time(10, 0),
                  closed_days: Iterable[dt.date] = ()) -> list[ScheduledMeeting]:
    """Every partner meeting for the academic ``year`` ('2026/27'), in date order.

    ``directory`` is what PartnerDirectorySchema loads. The first meeting of a
    day starts at ``start_time``; a second starts at 14:00, or 30 minutes
    after the first ends if that is later. ``closed_days`` are extra days to
    avoid (INSET days, half-term, a special bank holiday). The same input
    always gives the same plan.
    """
    first_day, _ = academic_year(year)
    partners = sorted(directory["partners"], key=lambda p: (p["tier"], p["id"]))
    closed = list(closed_days)
    planned: list[ScheduledMeeting] = []
    for window in WINDOWS:
        attending = [p for p in partners if window in partner_windows(p)]
        if not attending:
            continue
        days = working_days(*window_dates(window, first_day), closed)
        previous: ScheduledMeeting | None = None
        for partner, day in zip(attending, _spread(len(attending), days, window)):
            kind = meeting_kind(partner)
            start = start_time
            if previous is not None and previous.date == day:
                start = _second_start(previous)
            meeting = ScheduledMeeting(
                date=day, start=start, duration_minutes=DEFAULT_DURATIONS[kind],
                partner_id=partner["id"], partner_name=partner["name"], agency=partner["agency"],
                tier=partner["tier"], kind=kind, window=window, title=_title(kind, partner),
            )
            planned.append(meeting)
            previous = meeting
    return sorted(planned, key=lambda m: (m.date, m.start, m.partner_id))


def _second_start(first: ScheduledMeeting) -> dt.time:
    """The afternoon slot, or a half-hour break after the first meeting if that runs later."""
    after_break = dt.datetime.combine(first.date, first.start) + dt.timedelta(minutes=first.duration_minutes) + _BREAK
    afternoon = dt.datetime.combine(first.date, AFTERNOON)
    start = max(after_break, afternoon)
    if start.date() != first.date:
        raise ScheduleError(f"Two meetings on {first.date:%d/%m/%Y} would run past midnight; start earlier.")
    return start.time()
