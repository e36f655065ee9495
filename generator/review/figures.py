"""The annual partnership review's figures, counted from the store for one academic year.

Every figure is a plain count that can be checked by hand against the
returned forms: meetings held against each tier's expected number,
attendance and written contributions by agency, notes circulated within
48 hours, actions by outcome, and the review checklists' ratings, red flags,
gaps and improvement plans. Nothing about a child is read: contributions are
only counted and timed, and case references typed into checklist answers are
removed before the text reaches the review.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any, Iterable

from ...schemas.agendas import kind_label
from ...schemas.partner import TIERS
from ...schemas.review import GAP_TYPES, IMPROVEMENT_BUCKETS, RED_FLAGS, REVIEW_DOMAINS
from ..register import ActionRow, consolidate
from ..schedule import ScheduleError, academic_year
from ..store import Store, StoredMeeting, StoredReturn
from ..tracking import form_statuses
from .records import (ACTION_OUTCOMES, ATTENDANCE_KEYS, REDACTED, UNKNOWN_AGENCY, AgencyActions, AgencyAttendance,
                      AgencyContributions, AgencyMeetings, DomainScore, Finding, GapFindings, Improvement,
                      ImprovementBucket, MeetingNotes, PartnerMeetings, PartnerScores, RedFlagCount, ReviewFigures,
                      Share, Totals)


def previous_academic_year(year: str) -> str:
    """The year before, written the same way: '2024/25' for '2025/26'."""
    first, _ = academic_year(year)
    return f"{first.year - 1}/{first.year % 100:02d}"


def normal_year(year: str) -> str:
    """'2025/26' for '2025/26' or '2025/2026'; raises ScheduleError for anything else."""
    first, _ = academic_year(year)
    return f"{first.year}/{(first.year + 1) % 100:02d}"


class _Agencies:
    """Agency names as the directory spells them, in directory order, matched ignoring case."""

    def __init__(self, directory: dict[str, Any]) -> None:
        self.partners = {p["id"]: p for p in directory["partners"]}
        self.spelling = {}
        for partner in directory["partners"]:
            self.spelling.setdefault(partner["agency"].strip().casefold(), partner["agency"])
        self.order = list(dict.fromkeys(self.spelling.values()))

    def name(self, text: str | None, partner_id: str | None = None) -> str:
        partner = self.partners.get(partner_id or "")
        if partner:
            return partner["agency"]
        clean = (text or "").strip()
        return self.spelling.get(clean.casefold(), clean) if clean else UNKNOWN_AGENCY

    def ordered(self, names: Iterable[str]) -> list[str]:
        found = set(names)
        known = [name for name in self.order if name in found]
        return known + sorted(found - set(known), key=str.casefold)


def review_figures(store: Store, directory: dict[str, Any], year: str, *, previous_year: str | None = None,
                   as_of: dt.date | None = None) -> ReviewFigures:
    """Count the review's figures for academic ``year`` ('2025/26') from ``store``.

    ``directory`` is the loaded partner directory (tiers and agencies).
    ``previous_year`` (default: the year before) is compared for checklist
    ratings. ``as_of`` (default: today or the year's last day, whichever is
    earlier) is the position date: later meetings and completions are not
    counted yet. Raises ScheduleError for a malformed year.
    """
    year = normal_year(year)
    previous_year = normal_year(previous_year) if previous_year else previous_academic_year(year)
    starts, ends = academic_year(year)
    as_of = as_of or min(dt.date.today(), ends)
    counted_to = min(ends, as_of)
    agencies = _Agencies(directory)
    meetings = [m for m in store.meetings() if starts <= m.date <= counted_to and not _is_update_round(m)]
    records = {r.meeting_id: r for r in store.current_returns(form_type="meeting_record")}
    held = [m for m in meetings if m.meeting_id in records]
    references = _case_references(store.meetings())
    all_checklists = store.current_returns(form_type="review_checklist")
    checklists = [r for r in all_checklists if _review_year(r) == year]
    previous = [r for r in all_checklists if _review_year(r) == previous_year]
    partner_meetings = _partner_meetings(directory, held)
    parts: dict[str, Any] = dict(
        partner_meetings=partner_meetings,
        agency_meetings=_agency_meetings(partner_meetings, agencies),
        attendance=_attendance([records[m.meeting_id] for m in held], agencies),
        contributions=_contributions(store, {m.meeting_id for m in meetings}, agencies),
        notes=[MeetingNotes(kind_label(m.kind), m.date, records[m.meeting_id].record.get("notes_circulated_on"))
               for m in held],
        actions=_actions(consolidate(store)[0], starts, counted_to, as_of, agencies),
        partner_scores=_partner_scores(checklists, agencies),
        domains=_domain_scores(checklists, previous),
        red_flags=_red_flags(checklists, agencies),
        other_red_flags=[Finding(_checklist_agency(r, agencies), _redact(r.record["red_flag_other"], references))
                         for r in checklists if (r.record.get("red_flag_other") or "").strip()],
        gaps=_gaps(checklists, agencies, references),
        improvements=_improvements(checklists, agencies, references),
    )
    reviewed = Share(len({r.partner_id for r in checklists} & set(agencies.partners)), len(agencies.partners))
    return ReviewFigures(year=year, previous_year=previous_year, starts=starts, ends=ends, as_of=as_of,
                         meetings_held=len(held), checklists=len(checklists), previous_checklists=len(previous),
                         totals=_totals(parts, reviewed), **parts)


def _is_update_round(meeting: StoredMeeting) -> bool:
    return meeting.kind.upper().startswith("UPD") or meeting.meeting_id.upper().startswith("UPD")


def _case_references(meetings: Iterable[StoredMeeting]) -> list[str]:
    """Every case reference, and the id of every case meeting, longest first so none is half-removed."""
    found = set()
    for meeting in meetings:
        if meeting.data.get("case_reference"):
            found.add(meeting.data["case_reference"])
            found.add(meeting.meeting_id)
    return sorted(found, key=len, reverse=True)


def _redact(text: str | None, references: list[str]) -> str:
    clean = (text or "").strip()
    for reference in references:
        clean = re.sub(re.escape(reference), REDACTED, clean, flags=re.IGNORECASE)
    return clean


def _partner_meetings(directory: dict[str, Any], held: list[StoredMeeting]) -> list[PartnerMeetings]:
    invited = Counter(pid for meeting in held for pid in set(meeting.data.get("invitees") or []))
    return [PartnerMeetings(p["id"], p["name"], p["agency"], p["tier"], TIERS[p["tier"]][1], invited[p["id"]])
            for p in directory["partners"]]


def _agency_meetings(partners: list[PartnerMeetings], agencies: _Agencies) -> list[AgencyMeetings]:
    by_agency: dict[str, list[PartnerMeetings]] = defaultdict(list)
    for partner in partners:
        by_agency[partner.agency].append(partner)
    return [AgencyMeetings(name, len(by_agency[name]), sum(p.expected for p in by_agency[name]),
                           sum(p.held for p in by_agency[name])) for name in agencies.ordered(by_agency)]


def _attendance(records: list[StoredReturn], agencies: _Agencies) -> list[AgencyAttendance]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for stored in records:
        for row in stored.record.get("attendance") or []:
            if row.get("attendance") in ATTENDANCE_KEYS:
                counts[agencies.name(row.get("agency"), row.get("partner_id"))][row["attendance"]] += 1
    return [AgencyAttendance(name, {key: counts[name][key] for key in ATTENDANCE_KEYS})
            for name in agencies.ordered(counts)]


def _contributions(store: Store, meeting_ids: set[str], agencies: _Agencies) -> list[AgencyContributions]:
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for status in form_statuses(store, form_type="contribution"):
        if status.meeting_id not in meeting_ids:
            continue
        agency = tally[agencies.name(status.agency, status.partner_id)]
        agency["issued"] += 1
        agency["returned"] += status.returned
        agency["on_time"] += status.returned and not status.late
    return [AgencyContributions(name, tally[name]["issued"], tally[name]["returned"], tally[name]["on_time"])
            for name in agencies.ordered(tally)]


def action_outcome(row: ActionRow, as_of: dt.date) -> str:
    """'on_time' or 'late' if done by ``as_of`` (against its due date), else 'overdue' or 'open'."""
    if row.is_done and row.completed_on is not None and row.completed_on <= as_of:
        return "on_time" if row.completed_on <= row.due_date else "late"
    return "overdue" if row.due_date < as_of else "open"


def _actions(rows: list[ActionRow], starts: dt.date, ends: dt.date, as_of: dt.date,
             agencies: _Agencies) -> list[AgencyActions]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if starts <= row.meeting_date <= ends:
            counts[agencies.name(row.agency)][action_outcome(row, as_of)] += 1
    return [AgencyActions(name, {key: counts[name][key] for key in ACTION_OUTCOMES})
            for name in agencies.ordered(counts)]


def _review_year(stored: StoredReturn) -> str | None:
    try:
        return normal_year(str(stored.record.get("review_year") or ""))
    except ScheduleError:
        return None


def _checklist_agency(stored: StoredReturn, agencies: _Agencies) -> str:
    return agencies.name(stored.record.get("agency"), stored.partner_id)


def _ratings(checklists: list[StoredReturn], domain: str) -> list[int]:
    questions = [name for name, _ in REVIEW_DOMAINS[domain][1]]
    return [int(r.record[q]) for r in checklists for q in questions if str(r.record.get(q) or "").strip()]


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _partner_scores(checklists: list[StoredReturn], agencies: _Agencies) -> list[PartnerScores]:
    by_partner: dict[str, list[StoredReturn]] = defaultdict(list)
    for stored in checklists:
        by_partner[stored.partner_id].append(stored)
    scores = []
    for pid, returns in by_partner.items():
        partner = agencies.partners.get(pid, {})
        scores.append(PartnerScores(pid, partner.get("name") or returns[0].record.get("partner_name") or pid,
                                    _checklist_agency(returns[0], agencies),
                                    {domain: _mean(_ratings(returns, domain)) for domain in REVIEW_DOMAINS}))
    order = {name: index for index, name in enumerate(agencies.ordered(s.agency for s in scores))}
    return sorted(scores, key=lambda s: (order[s.agency], s.partner_id))


def _domain_scores(checklists: list[StoredReturn], previous: list[StoredReturn]) -> list[DomainScore]:
    scores = []
    for domain, (title, _) in REVIEW_DOMAINS.items():
        now, before = _ratings(checklists, domain), _ratings(previous, domain)
        scores.append(DomainScore(domain, title, _mean(now), len(now), _mean(before), len(before)))
    return scores


def _red_flags(checklists: list[StoredReturn], agencies: _Agencies) -> list[RedFlagCount]:
    flags = []
    for name, label in RED_FLAGS:
        raised = [r for r in checklists if r.record.get(name) is True]
        flags.append(RedFlagCount(name, label, len(raised),
                                  tuple(agencies.ordered(_checklist_agency(r, agencies) for r in raised))))
    return flags


def _gaps(checklists: list[StoredReturn], agencies: _Agencies, references: list[str]) -> list[GapFindings]:
    return [GapFindings(name, title, tuple(Finding(_checklist_agency(r, agencies), _redact(r.record[name], references))
                                           for r in checklists if (r.record.get(name) or "").strip()))
            for name, title, _ in GAP_TYPES]


def _improvements(checklists: list[StoredReturn], agencies: _Agencies,
                  references: list[str]) -> list[ImprovementBucket]:
    buckets = []
    for name, title in IMPROVEMENT_BUCKETS:
        items = [Improvement(_redact(row.get("action"), references), _redact(row.get("owner"), references),
                             row.get("due_by"), r.partner_id, _checklist_agency(r, agencies))
                 for r in checklists for row in (r.record.get(name) or []) if (row.get("action") or "").strip()]
        items.sort(key=lambda i: (i.due_by or dt.date.max, i.agency.casefold(), i.action))
        buckets.append(ImprovementBucket(name, title, tuple(items)))
    return buckets


def _weighted(means: list[tuple[float | None, int]]) -> float | None:
    """The mean of every rating, from each area's mean and number of ratings."""
    answers = sum(count for mean, count in means if mean is not None)
    return sum(mean * count for mean, count in means if mean is not None) / answers if answers else None


def _totals(parts: dict[str, Any], reviewed: Share) -> Totals:
    attendance = [a.represented for a in parts["attendance"]]
    contributions: list[AgencyContributions] = parts["contributions"]
    issued = sum(c.issued for c in contributions)
    actions: Counter[str] = Counter()
    for agency in parts["actions"]:
        actions.update(agency.counts)
    notes: list[MeetingNotes] = parts["notes"]
    meetings: list[AgencyMeetings] = parts["agency_meetings"]
    return Totals(
        meetings=Share(sum(a.held for a in meetings), sum(a.expected for a in meetings)),
        partners_on_target=Share(sum(1 for p in parts["partner_meetings"] if p.held >= p.expected),
                                 len(parts["partner_meetings"])),
        represented=Share(sum(s.count for s in attendance), sum(s.total for s in attendance)),
        contributions_returned=Share(sum(c.returned for c in contributions), issued),
        contributions_on_time=Share(sum(c.on_time for c in contributions), issued),
        notes_within_48_hours=Share(sum(1 for n in notes if n.within_48_hours), len(notes)),
        actions={key: actions[key] for key in ACTION_OUTCOMES},
        actions_done_on_time=Share(actions["on_time"], actions["on_time"] + actions["late"]),
        checklists=reviewed,
        rating=_weighted([(d.mean, d.answers) for d in parts["domains"]]),
        previous_rating=_weighted([(d.previous_mean, d.previous_answers) for d in parts["domains"]]),
        red_flags=sum(flag.count for flag in parts["red_flags"]),
        improvements=sum(len(bucket.items) for bucket in parts["improvements"]),
    )
