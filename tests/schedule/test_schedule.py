"""Planning the year's partner meetings, and sharing the plan as a calendar and a CSV."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from partnerpack.generator.schedule import (ScheduleError, academic_year, bank_holidays, easter_sunday,
                                            london_timezone, plan_schedule, schedule_csv, schedule_ics)
from partnerpack.generator.schedule.plan import window_dates
from partnerpack.schemas.partner import PartnerDirectorySchema

LONDON = ZoneInfo("Europe/London")
STAMP = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone.utc)


def partner(pid: str, name: str, agency: str, agency_type: str, tier: int) -> dict:
    return {"id": pid, "name": name, "role": "Safeguarding lead", "agency": agency, "agency_type": agency_type,
            "email": f"{pid.lower()}@example.org", "tier": tier}


@pytest.fixture
def directory() -> dict:
    """A fictional partnership, loaded through the real schema."""
    return PartnerDirectorySchema().load({
        "partnership": "North Vale Safeguarding Children Partnership",
        "partners": [
            partner("P001", "Amira Haddad", "North Vale LADO Service", "lado", 1),
            partner("P002", "DS Tom Whitaker", "Vale Constabulary", "police", 1),
            partner("P003", "Priya Okafor", "North Vale Children's Services", "childrens_services", 1),
            partner("P004", "Gwen Llewellyn", "Riverside Primary School", "education", 1),
            partner("P005", "Dr Sam Reid", "Vale Health", "health", 2),
            partner("P006", "Marcus Bell", "Open Door Families", "voluntary", 2),
            partner("P007", "Dr Leila Nasser", "Vale CAMHS", "specialist", 3),
            partner("P008", "Joanne Pike", "North Vale Council", "senior_leadership", 3),
        ],
    })


@pytest.fixture
def plan(directory: dict) -> list:
    return plan_schedule(directory, "2026/27")


def test_each_tier_meets_as_often_as_it_should(plan: list, directory: dict) -> None:
    per_partner = Counter(m.partner_id for m in plan)
    for p in directory["partners"]:
        assert per_partner[p["id"]] == {1: 4, 2: 2, 3: 1}[p["tier"]], p["id"]


def test_quarterly_partners_meet_once_in_each_window(plan: list) -> None:
    lado = [m.window for m in plan if m.partner_id == "P001"]
    assert lado == ["autumn", "new_year", "mid_year", "year_end"]
    assert [m.window for m in plan if m.partner_id == "P005"] == ["autumn", "mid_year"]


def test_annual_meetings_are_year_end_except_senior_leadership_at_budget_time(plan: list) -> None:
    assert [(m.window, m.kind) for m in plan if m.partner_id == "P007"] == [("year_end", "annual_review")]
    assert [(m.window, m.kind) for m in plan if m.partner_id == "P008"] == [("new_year", "annual_review")]


def test_meeting_kind_follows_the_agency_type(plan: list) -> None:
    kinds = {m.partner_id: m.kind for m in plan}
    assert kinds["P001"] == "lado_quarterly" and kinds["P002"] == "police_catchup"
    assert kinds["P003"] == kinds["P005"] == "partnership_catchup"
    durations = {m.partner_id: m.duration_minutes for m in plan}
    assert (durations["P001"], durations["P002"], durations["P003"], durations["P007"]) == (90, 60, 60, 120)


def test_meetings_fall_on_working_days_inside_their_window_and_the_year(plan: list) -> None:
    first, last = academic_year("2026/27")
    holidays = bank_holidays(2026) | bank_holidays(2027)
    for meeting in plan:
        starts, ends = window_dates(meeting.window, first)
        assert first <= meeting.date <= last
        assert starts <= meeting.date <= ends, meeting
        assert meeting.date.weekday() < 5, meeting
        assert meeting.date not in holidays, meeting


def test_plan_is_the_same_every_time_and_whatever_the_directory_order(directory: dict, plan: list) -> None:
    shuffled = dict(directory, partners=list(reversed(directory["partners"])))
    assert plan_schedule(directory, "2026/27") == plan == plan_schedule(shuffled, "2026/27")


def test_no_day_has_more_than_two_meetings_and_they_do_not_overlap() -> None:
    crowded = PartnerDirectorySchema().load({
        "partnership": "Crowded Partnership",
        "partners": [partner(f"P{n:03d}", f"Person {n}", f"Agency {n}", "health", 3) for n in range(1, 21)],
    })
    plan = plan_schedule(crowded, "2026/27")
    per_day = Counter(m.date for m in plan)
    assert len(plan) == 20 and max(per_day.values()) == 2
    for day in (d for d, n in per_day.items() if n == 2):
        first, second = sorted((m for m in plan if m.date == day), key=lambda m: m.start)
        assert first.start == dt.time(10, 0) and second.start >= first.end


def test_a_window_too_small_for_everyone_is_refused() -> None:
    huge = PartnerDirectorySchema().load({
        "partnership": "Huge Partnership",
        "partners": [partner(f"P{n:03d}", f"Person {n}", f"Agency {n}", "health", 3) for n in range(1, 41)],
    })
    with pytest.raises(ScheduleError, match="do not fit"):
        plan_schedule(huge, "2026/27")


def test_closed_days_are_avoided(directory: dict, plan: list) -> None:
    closed = {m.date for m in plan if m.window == "autumn"}
    replanned = plan_schedule(directory, "2026/27", closed_days=closed)
    assert not closed & {m.date for m in replanned}


@pytest.mark.parametrize("year", ["2026", "2026/28", "26/27", ""])
def test_a_badly_written_year_is_refused(year: str) -> None:
    with pytest.raises(ScheduleError):
        academic_year(year)


def test_academic_year_runs_september_to_august() -> None:
    assert academic_year("2026/27") == academic_year("2026/2027") == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))


def test_bank_holidays_match_the_published_dates() -> None:
    assert easter_sunday(2027) == dt.date(2027, 3, 28) and easter_sunday(2026) == dt.date(2026, 4, 5)
    assert set(bank_holidays(2027)) == {
        dt.date(2027, 1, 1), dt.date(2027, 3, 26), dt.date(2027, 3, 29), dt.date(2027, 5, 3), dt.date(2027, 5, 31),
        dt.date(2027, 8, 30), dt.date(2027, 12, 27), dt.date(2027, 12, 28)}
    assert dt.date(2023, 5, 8) in bank_holidays(2023)  # the coronation
    assert dt.date(2022, 5, 30) not in bank_holidays(2022) and dt.date(2022, 6, 2) in bank_holidays(2022)


def test_easter_and_may_bank_holidays_are_skipped_in_the_mid_year_window(directory: dict) -> None:
    plan = plan_schedule(directory, "2025/26")  # Easter 2026 falls in April
    holidays = {dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 4), dt.date(2026, 5, 25)}
    assert not holidays & {m.date for m in plan}


# Calendar and CSV

def test_calendar_parses_back_with_one_event_per_meeting(plan: list) -> None:
    calendar = Calendar.from_ical(schedule_ics(plan, "North Vale Safeguarding Children Partnership",
                                               generated_at=STAMP))
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    assert "partnerpack" in str(calendar["PRODID"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event, meeting in zip(events, plan):
        starts = event.decoded("DTSTART")
        assert starts.tzinfo is not None and event["DTSTART"].params["TZID"] == "Europe/London"
        assert starts == dt.datetime.combine(meeting.date, meeting.start, tzinfo=LONDON)
        assert event.decoded("DTEND") - starts == dt.timedelta(minutes=meeting.duration_minutes)
        assert str(event["CLASS"]) == "CONFIDENTIAL" and str(event["SUMMARY"]) == meeting.title
        assert event.decoded("DTSTAMP") == STAMP


def test_summer_meetings_are_an_hour_ahead_of_utc(plan: list) -> None:
    calendar = Calendar.from_ical(schedule_ics(plan, "North Vale", generated_at=STAMP))
    offsets = {e.decoded("DTSTART").date().month: e.decoded("DTSTART").utcoffset() for e in calendar.walk("VEVENT")}
    assert offsets[7] == dt.timedelta(hours=1) and offsets[1] == dt.timedelta(0)


def test_written_timezone_agrees_with_the_tz_database_for_years_to_come() -> None:
    written = london_timezone().to_tz()
    moment = dt.datetime(2024, 1, 1, 10, 0)
    while moment.year < 2036:
        assert written.utcoffset(moment) == moment.replace(tzinfo=LONDON).utcoffset(), moment
        moment += dt.timedelta(days=1)


def test_uids_stay_the_same_when_the_plan_is_made_again(directory: dict) -> None:
    first = Calendar.from_ical(schedule_ics(plan_schedule(directory, "2026/27"), "North Vale"))
    again = Calendar.from_ical(schedule_ics(plan_schedule(directory, "2026/27"), "North Vale"))
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [str(e["UID"]) for e in again.walk("VEVENT")]


def test_schedule_csv_reads_back_with_iso_dates(plan: list) -> None:
    data = schedule_csv(plan)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(lines) == len(plan)
    assert lines[0]["Date"] == plan[0].date.isoformat() and lines[0]["Start"] == "10:00"
    assert lines[0]["Window"] == "Autumn term start"


def test_schedule_csv_neutralises_formula_like_names() -> None:
    sneaky = PartnerDirectorySchema().load({
        "partnership": "North Vale",
        "partners": [partner("P001", "=HYPERLINK(\"http://example.org\")", "@Agency", "health", 3)],
    })
    line = next(csv.DictReader(io.StringIO(schedule_csv(plan_schedule(sneaky, "2026/27")).decode("utf-8-sig"))))
    assert line["Partner"].startswith("'=") and line["Agency"] == "'@Agency"
