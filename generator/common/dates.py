"""Dates and times as partners read them, in the meeting's locale (babel)."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time


def long_date(day: dt.date, locale: str = "en_GB") -> str:
    """'Tuesday 14 October 2025' in British English; other locales follow their own order."""
    return format_date(day, "EEEE d MMMM y", locale=locale)


def short_date(day: dt.date, locale: str = "en_GB") -> str:
    """'14/10/2025' in British English."""
    return format_date(day, "dd/MM/y", locale=locale)


def clock_time(moment: dt.time, locale: str = "en_GB") -> str:
    """'09:30' in a 24-hour clock, as UK agencies write meeting times."""
    return format_time(moment, "HH:mm", locale=locale)


def academic_year_of(day: dt.date) -> str:
    """The academic year a date falls in, written '2025/26' (years run 1 September to 31 August)."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"
