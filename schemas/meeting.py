"""A meeting: when and where, who is invited, and its timed agenda."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marshmallow import ValidationError, fields, post_load, pre_load, validate, validates_schema

from .agendas import DEFAULT_AGENDAS, DEFAULT_DURATIONS, MEETING_KINDS
from .base import RecordSchema
from .errors import Problem
from .fields import FlexibleTime, choice, paragraph, text
from .fields import date as date_field

PROTECTIVE_MARKINGS = [("OFFICIAL", "OFFICIAL"), ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE")]

MEETING_ID = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$",
    error="Use letters, digits, '-' or '_' only (up to 40), e.g. LADO-2025-Q3.",
)

#: A pseudonymised case reference: capitals, digits and separators, with at least one digit.
CASE_REFERENCE = re.compile(r"^(?=.*\d)[A-Z0-9][A-Z0-9/_-]{2,23}$")


class AgendaItemSchema(RecordSchema):
    """One timed section of an agenda."""

    title = text("Section", "What this part of the meeting is about.", required=True, max_length=120)
    minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=480),
                             metadata={"label": "Minutes", "help": "How long this section runs."})
    points = fields.List(fields.String(validate=validate.Length(max=300)), load_default=list,
                         metadata={"label": "Points", "help": "What will be covered."})
    lead = text("Led by", "Who introduces this section.", max_length=120)


class MeetingSchema(RecordSchema):
    """The validated content of a meeting YAML file."""

    id = fields.String(required=True, validate=MEETING_ID,
                       metadata={"label": "Meeting ID", "help": "A short code that identifies this meeting."})
    kind = choice("Kind of meeting", "Which sort of meeting this is.", MEETING_KINDS, required=True)
    title = text("Title", "The meeting's title as it appears on papers.", required=True, max_length=160)
    date = date_field("Date", "The day of the meeting.", required=True)
    start_time = FlexibleTime(required=True, metadata={"label": "Start time", "help": "When it starts, HH:MM."})
    duration_minutes = fields.Integer(
        validate=validate.Range(min=15, max=480, error="A meeting lasts between 15 and 480 minutes."),
        load_default=None, metadata={"label": "Duration (minutes)", "help": "How long it lasts in total."})
    venue = text("Venue", "Where people meet in person.", max_length=200)
    online_link = fields.Url(load_default=None, allow_none=True,
                             metadata={"label": "Online link", "help": "The link to join online."})
    purpose = paragraph("Purpose", "Why the partnership is meeting and what it must decide.", max_length=1500)
    chair = text("Chair", "Who chairs the meeting.", required=True, max_length=120)
    note_taker = text("Note-taker", "Who records decisions and actions.", required=True, max_length=120)
    organiser_email = fields.Email(load_default=None, allow_none=True,
                                   metadata={"label": "Return forms to", "help": "Where partners send their forms."})
    invitees = fields.List(fields.String(validate=validate.Length(min=1)), required=True,
                           validate=validate.Length(min=1, error="Invite at least one partner."),
                           metadata={"label": "Invitees", "help": "Partner IDs from the directory."})
    agenda = fields.List(fields.Nested(AgendaItemSchema), load_default=None)
    case_reference = text("Case reference", "A pseudonymised reference; never a child's name.", max_length=24)
    protective_marking = choice("Protective marking", "The marking on every page.", PROTECTIVE_MARKINGS,
                                load_default="OFFICIAL-SENSITIVE")
    locale = fields.String(load_default="en_GB", validate=validate.Regexp(r"^[a-z]{2}(_[A-Z]{2})?$"),
                           metadata={"label": "Locale", "help": "Language and region for dates, e.g. en_GB."})
    contribution_deadline = date_field("Contributions due", "When written contributions must arrive.")
    plan_horizon_months = fields.Integer(load_default=12, validate=validate.Range(min=1, max=36),
                                         metadata={"label": "Plan horizon", "help": "Months an action plan covers."})

    @pre_load
    def fill_defaults(self, data: Any, **kwargs: Any) -> Any:
        """A kind's standard agenda and duration apply unless the file gives its own."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        kind = data.get("kind")
        if kind in DEFAULT_AGENDAS:
            if data.get("agenda") is None:
                data["agenda"] = [dict(item) for item in DEFAULT_AGENDAS[kind]]
            if data.get("duration_minutes") is None and all(isinstance(i, dict) for i in data["agenda"]):
                data["duration_minutes"] = sum(int(i.get("minutes") or 0) for i in data["agenda"]) or \
                    DEFAULT_DURATIONS[kind]
        return data

    @validates_schema(skip_on_field_errors=False)
    def meeting_rules(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        if not data.get("venue") and not data.get("online_link"):
            errors["venue"] = ["Give a venue, an online link, or both."]
        agenda = [item for item in data.get("agenda") or [] if isinstance(item, dict)]
        total = sum(item.get("minutes") or 0 for item in agenda)
        if agenda and data.get("duration_minutes") and total != data["duration_minutes"]:
            errors["agenda"] = [f"Agenda sections add up to {total} minutes but the meeting lasts "
                                f"{data['duration_minutes']}; make them match."]
        reference = data.get("case_reference")
        if reference and not CASE_REFERENCE.match(reference):
            errors["case_reference"] = [
                "Use a pseudonymised reference in capitals with at least one digit (e.g. CSM-2025-014); "
                "never a child's name."]
        if data.get("kind") == "case_strategy" and not reference:
            errors["case_reference"] = ["A case strategy meeting needs a pseudonymised case reference."]
        deadline = data.get("contribution_deadline")
        if deadline and data.get("date") and deadline > data["date"]:
            errors["contribution_deadline"] = ["Contributions must be due on or before the meeting date."]
        seen: dict[str, int] = {}
        for index, pid in enumerate(data.get("invitees") or []):
            if pid in seen:
                errors.setdefault("invitees", {})[index] = [f"'{pid}' is already invited at invitees[{seen[pid]}]."]
            seen.setdefault(pid, index)
        if errors:
            raise ValidationError(errors)

    @post_load
    def derive(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if data.get("contribution_deadline") is None:
            data["contribution_deadline"] = working_days_before(data["date"], 2)
        return data


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days (Monday to Friday) before ``day``."""
    current = day
    while count:
        current -= dt.timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def invitee_problems(invitees: Any, directory: dict[str, Any]) -> list[Problem]:
    """A problem for each invitee ID that is not in the partner directory."""
    if not isinstance(invitees, list):
        return []
    return [
        Problem(f"invitees[{index}]", f"No partner with ID '{pid}' in the partner directory.")
        for index, pid in enumerate(invitees)
        if isinstance(pid, str) and pid not in directory["by_id"]
    ]
