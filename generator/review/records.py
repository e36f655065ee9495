"""The annual review's figures as plain, frozen records: what review_figures counts and the report shows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...schemas.partner import tier_label

#: Attendance outcomes in the order the review shows them: in the room first, no word last.
ATTENDANCE_KEYS = ("present", "substitute", "written", "apologies", "absent")
#: Action outcomes at the position date, in the order the review shows them.
ACTION_OUTCOMES = ("on_time", "late", "open", "overdue")
ACTION_OUTCOME_LABELS = {"on_time": "Completed on time", "late": "Completed late", "open": "Open, not yet due",
                         "overdue": "Overdue"}
#: Notes count as prompt if circulated no more than this many days after the meeting.
NOTES_WITHIN_DAYS = 2
REDACTED = "[case reference removed]"
UNKNOWN_AGENCY = "Agency not recorded"


@dataclass(frozen=True)
class Share:
    """``count`` out of ``total``; ``percent`` is None when there is nothing to count."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100 * self.count / self.total if self.total else None


@dataclass(frozen=True)
class PartnerMeetings:
    """One partner's meetings held in the year against what their tier expects."""

    partner_id: str
    name: str
    agency: str
    tier: int
    expected: int
    held: int

    @property
    def tier_label(self) -> str:
        return tier_label(self.tier)


@dataclass(frozen=True)
class AgencyMeetings:
    """An agency's meetings held, summed over its partners, against the expected number."""

    agency: str
    partners: int
    expected: int
    held: int

    @property
    def share(self) -> Share:
        return Share(self.held, self.expected)


@dataclass(frozen=True)
class AgencyAttendance:
    """How an agency's invitees answered the register at meetings with a returned record."""

    agency: str
    counts: dict[str, int]  # by attendance outcome (ATTENDANCE_KEYS)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def represented(self) -> Share:
        """Present in person or through a substitute."""
        return Share(self.counts["present"] + self.counts["substitute"], self.total)


@dataclass(frozen=True)
class AgencyContributions:
    """Written contributions asked of an agency's partners, returned, and returned by the deadline."""

    agency: str
    issued: int
    returned: int
    on_time: int

    @property
    def late(self) -> int:
        return self.returned - self.on_time

    @property
    def on_time_share(self) -> Share:
        return Share(self.on_time, self.issued)


@dataclass(frozen=True)
class MeetingNotes:
    """When one meeting's notes went out; ``days`` is None if the record does not say."""

    kind_label: str
    date: dt.date
    circulated_on: dt.date | None

    @property
    def days(self) -> int | None:
        return (self.circulated_on - self.date).days if self.circulated_on else None

    @property
    def within_48_hours(self) -> bool:
        return self.days is not None and self.days <= NOTES_WITHIN_DAYS


@dataclass(frozen=True)
class AgencyActions:
    """An agency's actions from the year's meetings by outcome at the position date."""

    agency: str
    counts: dict[str, int]  # by ACTION_OUTCOMES

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PartnerScores:
    """One partner's mean rating per domain (None where every question was left blank)."""

    partner_id: str
    name: str
    agency: str
    means: dict[str, float | None]


@dataclass(frozen=True)
class DomainScore:
    """A domain's mean rating over every answer given this year and last, and the change."""

    domain: str
    title: str
    mean: float | None
    answers: int
    previous_mean: float | None
    previous_answers: int

    @property
    def change(self) -> float | None:
        return None if self.mean is None or self.previous_mean is None else self.mean - self.previous_mean


@dataclass(frozen=True)
class RedFlagCount:
    """How many checklists ticked a red flag, and at which agencies."""

    name: str
    label: str
    count: int
    agencies: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A free-text answer from a checklist, with the agency it is about."""

    agency: str
    text: str


@dataclass(frozen=True)
class GapFindings:
    """Every gap of one type that checklists described."""

    name: str
    title: str
    findings: tuple[Finding, ...]

    @property
    def count(self) -> int:
        return len(self.findings)


@dataclass(frozen=True)
class Improvement:
    """One improvement from a checklist's plan, with who leads it and by when."""

    action: str
    owner: str
    due_by: dt.date | None
    partner_id: str
    agency: str


@dataclass(frozen=True)
class ImprovementBucket:
    """The improvements due in one time frame (immediate, medium or long term)."""

    name: str
    title: str
    items: tuple[Improvement, ...]


@dataclass(frozen=True)
class Totals:
    """The headline numbers on the review's first page."""

    meetings: Share  # held out of expected, all partners
    partners_on_target: Share  # partners who met at least as often as their tier expects
    represented: Share  # attendance rows present or substituted, out of all rows
    contributions_returned: Share
    contributions_on_time: Share  # returned by the deadline, out of all asked for
    notes_within_48_hours: Share
    actions: dict[str, int]  # by ACTION_OUTCOMES
    actions_done_on_time: Share  # on time out of all completed
    checklists: Share  # partners with a checklist this year, out of all partners
    rating: float | None  # mean of every rating given this year, all areas together
    previous_rating: float | None
    red_flags: int
    improvements: int


@dataclass(frozen=True)
class ReviewFigures:
    """Everything the annual review reports, for ``year`` as at ``as_of``."""

    year: str
    previous_year: str
    starts: dt.date
    ends: dt.date
    as_of: dt.date
    meetings_held: int  # meetings in the year with a returned record
    partner_meetings: list[PartnerMeetings]
    agency_meetings: list[AgencyMeetings]
    attendance: list[AgencyAttendance]
    contributions: list[AgencyContributions]
    notes: list[MeetingNotes]
    actions: list[AgencyActions]
    checklists: int  # returned for this year
    previous_checklists: int
    partner_scores: list[PartnerScores]
    domains: list[DomainScore]
    red_flags: list[RedFlagCount]
    other_red_flags: list[Finding]
    gaps: list[GapFindings]
    improvements: list[ImprovementBucket]
    totals: Totals
