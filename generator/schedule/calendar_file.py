"""The meeting schedule as a calendar file (.ics) for Outlook and other calendars.

The calendar is published, not sent as invitations (METHOD:PUBLISH, no
attendees): the business manager imports it into their own calendar and
invites partners from there. Times are local UK time with a Europe/London
VTIMEZONE included, so meetings stay at 10:00 across the clock changes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from ...schemas.agendas import DEFAULT_AGENDAS, kind_label
from ...schemas.partner import tier_label
from .plan import ScheduledMeeting

LONDON = ZoneInfo("Europe/London")
PRODID = "-//partnerpack//Partner meeting schedule//EN"


def london_timezone() -> Timezone:
    """The Europe/London VTIMEZONE written with yearly rules, the form Outlook reads correctly.

    icalendar's ``add_missing_timezones`` lists each clock change as an
    RDATE, which desktop Outlook is known to misread (meetings an hour out
    in summer). The UK rule has been fixed since 1996: BST from 01:00 GMT on
    the last Sunday in March to 02:00 BST on the last Sunday in October.
    """
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", dt.datetime(1996, 3, 31, 1, 0))
    summer.add("tzoffsetfrom", dt.timedelta(0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def meeting_uid(meeting: ScheduledMeeting, partnership: str) -> str:
    """A UID that stays the same when the schedule is made again, so re-importing updates rather than duplicates.

    It is built from the partner and the date; a short hash of the
    partnership's name keeps two partnerships' calendars apart.
    """
    scope = hashlib.sha256(partnership.strip().casefold().encode("utf-8")).hexdigest()[:10]
    return f"{meeting.partner_id}-{meeting.date:%Y%m%d}-{scope}@partnerpack"


def _description(meeting: ScheduledMeeting, partnership: str) -> str:
    lines = [
        f"{kind_label(meeting.kind)} with {meeting.partner_name}, {meeting.agency}.",
        f"{meeting.window_label}; {tier_label(meeting.tier).lower()} partner (tier {meeting.tier}).",
        f"{partnership}.",
    ]
    agenda = DEFAULT_AGENDAS.get(meeting.kind)
    if agenda:
        lines += ["", "Agenda:"] + [f"- {item['title']} ({item['minutes']} minutes)" for item in agenda]
    return "\n".join(lines)


def _event(meeting: ScheduledMeeting, partnership: str, stamp: dt.datetime) -> Event:
    starts = dt.datetime.combine(meeting.date, meeting.start, tzinfo=LONDON)
    event = Event()
    event.add("uid", meeting_uid(meeting, partnership))
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", starts + dt.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.title)
    event.add("description", _description(meeting, partnership))
    event.add("categories", ["Safeguarding partnership", kind_label(meeting.kind), meeting.window_label])
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "OPAQUE")
    event.add("sequence", 0)
    return event


def schedule_ics(meetings: Iterable[ScheduledMeeting], partnership: str, *,
                 generated_at: dt.datetime | None = None) -> bytes:
    """An iCalendar file with one event per meeting, ready to import into Outlook.

    ``generated_at`` (UTC, default now) becomes every event's DTSTAMP; pass
    a fixed moment to get byte-identical files.
    """
    stamp = (generated_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{partnership}: partner meetings")
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(london_timezone())
    for meeting in meetings:
        calendar.add_component(_event(meeting, partnership, stamp))
    return calendar.to_ical()
