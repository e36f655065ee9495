"""What the demo's fictional partners write on their forms.

Answers are keyed by form field name, as a person would type them: dates as
DD/MM/YYYY, drop-downs by their label, tick boxes as True. A seeded random
generator varies ratings and wording so that every run tells the same story.
"""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ...forms.spec import row_field_name
from ...schemas.action import ACTION_STATUSES
from ...schemas.contribution import ATTENDANCE
from ...schemas.record import ATTENDANCE_OUTCOMES, SHARING_BASES
from ...schemas.review import FREQUENCIES, GAP_TYPES, IMPROVEMENT_BUCKETS, RATINGS, RED_FLAGS, rating_fields

Answers = dict[str, Any]

_ATTENDANCE = dict(ATTENDANCE)
_OUTCOME = dict(ATTENDANCE_OUTCOMES)
_STATUS = dict(ACTION_STATUSES)
_RATING = dict(RATINGS)

_ACTION_IDEAS = [
    ("Update the shared contact list with direct numbers and preferred channels", "Contact list re-issued to all partners"),
    ("Agree a written route for urgent concerns raised out of hours", "Route signed off by both agencies"),
    ("Run a joint briefing for school staff on making referrals", "Briefing delivered and attendance recorded"),
    ("Review last term's referrals together and note the learning", "Learning note shared with the partnership"),
    ("Arrange shadowing days between the two teams", "Two shadowing days completed"),
    ("Send feedback on every referral within five working days", "Feedback log shows five-day replies"),
]


def typed_date(value: dt.date) -> str:
    """A date as a partner types it into a form: DD/MM/YYYY."""
    return value.strftime("%d/%m/%Y")


def contribution(partner: dict[str, Any], meeting: dict[str, Any], completed: dt.date, *,
                 attending: bool, rng: random.Random) -> Answers:
    """A written contribution; case meetings get the child-focused sections filled in."""
    answers: Answers = {
        "attendance": _ATTENDANCE["attending" if attending else "written_only"],
        "involvement": f"{partner['agency']} has worked with this partnership since {rng.choice([2019, 2021, 2023])}.",
        "service_to_date": "Regular contact through our usual channels; nothing outstanding from the last meeting.",
        "proposed_actions": "Keep the current arrangements and review them at the next meeting.",
        "information_accurate": True,
        "completed_on": typed_date(completed),
    }
    if meeting["kind"] == "case_strategy":
        answers.update({
            "involvement": f"{partner['role']} at {partner['agency']}; involved with the family since the spring.",
            row_field_name("concerns", 1, "concern"): "Missed two appointments without explanation",
            row_field_name("concerns", 1, "observed_on"): typed_date(meeting["date"] - dt.timedelta(days=20)),
            row_field_name("concerns", 1, "source"): "From records",
            row_field_name("concerns", 2, "concern"): "Arrived hungry & tired on several mornings",
            row_field_name("concerns", 2, "observed_on"): typed_date(meeting["date"] - dt.timedelta(days=9)),
            row_field_name("concerns", 2, "source"): "Seen",
            "signs_of_safety": "Warm relationship with grandmother, who collects from school every day.",
            "lived_experience": "Mornings are chaotic; school is described as \"the calm part of the day\".",
            "wishes_and_feelings": "Wants to stay at the same school and to see her nan more.",
            "child_asked_to_share": "Asked that her teacher knows she is worried about her mum.",
        })
    return answers


def meeting_record(meeting: dict[str, Any], invitees: list[dict[str, Any]], *, circulated: dt.date,
                   actions: int, rng: random.Random) -> Answers:
    """The note-taker's record: attendance for every invitee, decisions, sharing log and actions."""
    outcomes = ["present", "present", "present", "apologies", "written", "substitute"]
    answers: Answers = {}
    for row, _partner in enumerate(invitees, start=1):
        outcome = outcomes[(row + rng.randrange(3)) % len(outcomes)] if row > 1 else "present"
        answers[row_field_name("attendance", row, "attendance")] = _OUTCOME[outcome]
        if outcome == "substitute":
            answers[row_field_name("attendance", row, "substitute")] = "A deputy from the same team"
    answers.update({
        "contributions_received": "Written contributions were read out by the chair.",
        "decisions": f"The {meeting['title'].lower()} agreed the actions below. No disagreements were recorded.",
        row_field_name("sharing_log", 1, "information"): "Summary of recent contact with the family",
        row_field_name("sharing_log", 1, "shared_by"): invitees[0]["name"],
        row_field_name("sharing_log", 1, "shared_with"): "All partners present",
        row_field_name("sharing_log", 1, "reason"): "To agree a joined-up plan",
        row_field_name("sharing_log", 1, "basis"): dict(SHARING_BASES)["public_task"],
        "family_feedback_by": f"{invitees[0]['name']}, within two working days",
        "childs_voice": "The child's wishes, as reported by partners, were read out first.",
        "notes_circulated_on": typed_date(circulated),
        "next_meeting_on": typed_date(meeting["date"] + dt.timedelta(days=91)),
    })
    answers.update(action_rows(meeting, invitees, actions, rng))
    return answers


def action_rows(meeting: dict[str, Any], owners: list[dict[str, Any]], count: int, rng: random.Random,
                group: str = "actions") -> Answers:
    """``count`` SMART actions owned by partners in turn, due two weeks to five months after the meeting."""
    answers: Answers = {}
    for row in range(1, count + 1):
        owner = owners[(row - 1) % len(owners)]
        description, measure = _ACTION_IDEAS[(row + rng.randrange(len(_ACTION_IDEAS))) % len(_ACTION_IDEAS)]
        due = meeting["date"] + dt.timedelta(days=rng.choice([14, 30, 45, 60, 120, 150]))

        def put(key: str, value: str) -> None:
            answers[row_field_name(group, row, key)] = value

        put("description", description)
        put("owner", owner["name"])
        put("agency", owner["agency"])
        put("measure", measure)
        put("achievable", "Fits within current staffing")
        put("relevance", "Makes sure concerns reach the right person quickly")
        put("due_date", typed_date(due))
        put("status", _STATUS["not_started"])
    return answers


def review_checklist(partner: dict[str, Any], completed: dt.date, *, mood: int, rng: random.Random) -> Answers:
    """A partnership review checklist; ``mood`` (1 to 4) sets how well the partnership is rated."""
    answers: Answers = {
        "primary_contact": f"{partner['name']}, {partner['role']}",
        "agreements": "Information-sharing agreement signed in 2024; escalation protocol in draft.",
        "interaction_frequency": dict(FREQUENCIES)["termly" if partner["tier"] == 1 else "twice_yearly"],
        "case_types": "Referrals, allegations and joint planning for children in need",
        "channel_email": True, "channel_secure": partner["tier"] == 1, "channel_meetings": True,
        "reviewer": "Alex Morgan",
        "completed_on": typed_date(completed),
    }
    for name in rating_fields():
        score = max(1, min(4, mood + rng.choice([-1, 0, 0, 1])))
        answers[name] = _RATING[str(score)]
    if mood <= 2:
        answers[RED_FLAGS[0][0]] = True
        answers[GAP_TYPES[1][0]] = "Replies to urgent e-mails can take several days."
    if rng.random() < 0.5:
        answers[GAP_TYPES[2][0]] = "New staff are unsure how this partner's referral process works."
    for index, (bucket, _) in enumerate(IMPROVEMENT_BUCKETS):
        answers[row_field_name(bucket, 1, "action")] = _ACTION_IDEAS[(index + mood) % len(_ACTION_IDEAS)][0]
        answers[row_field_name(bucket, 1, "owner")] = partner["name"]
        answers[row_field_name(bucket, 1, "due_by")] = typed_date(completed + dt.timedelta(days=60 + 150 * index))
    return answers
