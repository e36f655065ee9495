"""The meeting pack's Word documents: the context the templates read, drawn from the meeting and the directory.

The templates themselves are filled by ``common.word_templates``; this module
only knows what a meeting pack's invitation, agenda, meeting record, action
plan and review checklist need to say.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping

from dateutil.relativedelta import relativedelta

from ...schemas.action import ACTION_STATUSES
from ...schemas.agendas import kind_label
from ...schemas.errors import RecordInvalid
from ...schemas.meeting import invitee_problems
from ...schemas.partner import agency_type_label, tier_label
from ...schemas.record import ATTENDANCE_OUTCOMES, SHARING_BASES
from ...schemas.review import FREQUENCIES, GAP_TYPES, IMPROVEMENT_BUCKETS, RED_FLAGS, REVIEW_DOMAINS
from ..templating import DEFAULT_LOCALE, DEFAULT_MARKING, TEMPLATE_NAMES, TemplateProblem, render_template


def render_document(template_name: str, context: Mapping[str, Any]) -> bytes:
    """Fill a meeting-pack template (``"agenda"`` or ``"agenda.docx"``) and return the .docx file's bytes.

    Values are XML-escaped, ``None`` prints as nothing, and a ``\\n`` inside a
    value becomes a line break in Word. Raises TemplateProblem naming the
    template if it is unknown, fails to render, or leaves a ``{{``/``{%`` behind.
    """
    name = template_name.removesuffix(".docx")
    if name not in TEMPLATE_NAMES:
        raise TemplateProblem(name, f"no such template; choose one of {', '.join(TEMPLATE_NAMES)}")
    return render_template(name, context)



# --- the context ---------------------------------------------------------------------------------------------

def build_meeting_context(meeting: Mapping[str, Any], directory: Mapping[str, Any], *,
                          actions: Iterable[Mapping[str, Any]] = (), partner: Mapping[str, Any] | None = None,
                          today: dt.date | None = None) -> dict[str, Any]:
    """Everything the templates read, from a loaded MeetingSchema record and PartnerDirectorySchema record.

    ``actions`` fills the action plan (empty gives blank rows); ``partner``
    names the partner on a review checklist (None leaves blanks to fill in).
    Raises RecordInvalid if an invitee is not in the directory.
    """
    if "by_id" not in directory:
        directory = {**directory, "by_id": {p["id"]: p for p in directory["partners"]}}
    problems = invitee_problems(meeting["invitees"], directory)
    if problems:
        raise RecordInvalid(f"meeting {meeting.get('id', '')}".strip(), problems)
    return {
        "partnership": directory["partnership"],
        "marking": meeting.get("protective_marking") or DEFAULT_MARKING,
        "locale": meeting.get("locale") or DEFAULT_LOCALE,
        "generated_on": today or dt.date.today(),
        "meeting": meeting_details(meeting),
        "invitees": [invitee(directory["by_id"][pid]) for pid in meeting["invitees"]],
        "actions": [action_row(action) for action in actions],
        "partner": invitee(partner) if partner else None,
        **review_lists(),
        "sharing_bases": [label for _, label in SHARING_BASES],
        "attendance_outcomes": [label for _, label in ATTENDANCE_OUTCOMES],
        "action_statuses": [label for _, label in ACTION_STATUSES],
    }


def meeting_details(meeting: Mapping[str, Any]) -> dict[str, Any]:
    """The meeting record plus its kind's name, end time, plan end date and a timed agenda."""
    agenda = list(meeting.get("agenda") or [])
    duration = meeting.get("duration_minutes") or sum(item["minutes"] for item in agenda)
    start = dt.datetime.combine(meeting["date"], meeting["start_time"])
    timed = []
    clock = start
    for item in agenda:
        ends = clock + dt.timedelta(minutes=item["minutes"])
        timed.append({"title": item["title"], "minutes": item["minutes"], "points": list(item.get("points") or []),
                      "lead": item.get("lead"), "starts": clock.time(), "ends": ends.time()})
        clock = ends
    return {
        **meeting,
        "duration_minutes": duration,
        "kind_label": kind_label(meeting["kind"]),
        "end_time": (start + dt.timedelta(minutes=duration)).time(),
        "plan_ends_on": meeting["date"] + relativedelta(months=meeting.get("plan_horizon_months") or 12),
        "agenda": timed,
    }


def invitee(partner: Mapping[str, Any]) -> dict[str, Any]:
    """A partner from the directory, with readable agency type and tier."""
    row = dict(partner)
    if row.get("agency_type"):
        row["agency_type_label"] = agency_type_label(row["agency_type"])
    if row.get("tier"):
        row["tier_label"] = tier_label(row["tier"])
    return row


def action_row(action: Mapping[str, Any]) -> dict[str, Any]:
    """A SMART action with its status as people read it ('In progress')."""
    return {**action, "status_label": dict(ACTION_STATUSES).get(action.get("status") or "", "")}


def review_lists() -> dict[str, Any]:
    """The review checklist's questions, red flags, gap types and improvement buckets, from schemas/review.py."""
    return {
        "rating_domains": [{"name": name, "title": title, "questions": [question for _, question in questions]}
                           for name, (title, questions) in REVIEW_DOMAINS.items()],
        "red_flags": [{"name": name, "title": title} for name, title in RED_FLAGS],
        "gap_types": [{"name": name, "title": title, "help": help_text} for name, title, help_text in GAP_TYPES],
        "improvement_buckets": [{"name": name, "title": title} for name, title in IMPROVEMENT_BUCKETS],
        "frequencies": [label for _, label in FREQUENCIES],
    }
