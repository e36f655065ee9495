"""SMART actions, the action plan that holds them, and owners' progress updates.

SMART is made real in validation: every action needs an owner and a
measure of success, and its due date must fall after the meeting and no
later than the end of the plan.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import FormSection, RecordSchema
from .fields import choice, date, repeat, text
from .returnable import IDENTITY_SECTION, ReturnableSchema

ACTION_STATUSES = [
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("blocked", "Blocked"),
]


class StatusRules(RecordSchema):
    """Rules every record with a status follows: done needs a date, a date needs done, blocked needs a reason."""

    @validates_schema(skip_on_field_errors=False)
    def status_rules(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        status, completed = data.get("status"), data.get("completed_on")
        if status == "done" and not completed:
            errors["completed_on"] = ["Give the date the action was completed."]
        if completed and status not in (None, "done"):
            errors["status"] = ["Set the status to Done when you give a completion date."]
        if status == "blocked" and not data.get("progress_note"):
            errors["progress_note"] = ["Say what is blocking this action."]
        if errors:
            raise ValidationError(errors)


class SmartActionSchema(StatusRules):
    """One action: specific, measurable, achievable, relevant and time-bound."""

    description = text("Action", "Exactly what will be done (specific).", required=True, max_length=400)
    owner = text("Owner", "The named person responsible.", required=True, max_length=120)
    agency = text("Agency", "The owner's agency.", required=True, max_length=160)
    measure = text("Measure of success", "How we will know it is done (measurable).", required=True,
                   max_length=300)
    achievable = text("Resources and dependencies", "What makes it achievable: time, people, other agencies.",
                      max_length=300)
    relevance = text("How it helps the child", "How it reduces risk or increases safety (relevant).",
                     max_length=300)
    due_date = date("Due", "The date it must be done by (time-bound).", required=True)
    status = choice("Status", "Where the action stands now.", ACTION_STATUSES, load_default="not_started")
    progress_note = text("Progress note", "What has happened since it was agreed.", max_length=400)
    completed_on = date("Completed on", "The date it was finished, once it is done.")


def due_date_problems(actions: list[dict[str, Any]], field: str, starts: dt.date | None,
                      ends: dt.date | None) -> dict[str, Any]:
    """Errors for actions whose due date is not after ``starts`` and on or before ``ends``."""
    rows: dict[int, dict[str, list[str]]] = {}
    for index, action in enumerate(actions):
        due = action.get("due_date") if isinstance(action, dict) else None
        if due is None:
            continue
        if starts and due <= starts:
            rows[index] = {"due_date": [f"Due date {due:%d/%m/%Y} must be after the meeting on {starts:%d/%m/%Y}."]}
        elif ends and due > ends:
            rows[index] = {"due_date": [f"Due date {due:%d/%m/%Y} is after the plan ends on {ends:%d/%m/%Y}."]}
    return {field: rows} if rows else {}


class ActionPlanSchema(ReturnableSchema):
    """The SMART action plan agreed at a meeting."""

    form_name = "action_plan"
    form_title = "SMART action plan"
    form_intro = ("Record each action agreed at the meeting. Every action needs a named owner, a measure of "
                  "success and a due date inside the plan period.")

    plan_ends_on = date("Plan ends", "The last date this plan covers.", prefill=True)
    actions = repeat(SmartActionSchema, "Actions", "One row for each action agreed.", rows=8, required=True)
    review_date = date("Plan review date", "When the meeting will next check this plan.")

    form_sections = (
        IDENTITY_SECTION._replace(field_names=IDENTITY_SECTION.field_names + ("plan_ends_on",)),
        FormSection("Actions", "Specific, measurable, achievable, relevant and time-bound.", ("actions",)),
        FormSection("Review", "Agree when the plan will be looked at again.", ("review_date",)),
    )

    @validates_schema(skip_on_field_errors=False)
    def due_dates_in_plan(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = due_date_problems(data.get("actions") or [], "actions", data.get("meeting_date"),
                                   data.get("plan_ends_on"))
        if errors:
            raise ValidationError(errors)


class ActionProgressSchema(StatusRules):
    """An owner's update on one open action."""

    action_id = text("Action ID", "The register's ID for this action.", required=True, prefill=True, max_length=80)
    description = text("Action", "The action as agreed.", prefill=True, max_length=400)
    due_date = date("Due", "When it is due.", prefill=True)
    status = choice("Status", "Where the action stands now.", ACTION_STATUSES, required=True)
    progress_note = text("Progress note", "What has happened, or what is in the way.", max_length=400)
    completed_on = date("Completed on", "The date it was finished, if it is done.")


class ActionUpdateSchema(ReturnableSchema):
    """An owner's progress report on every action they hold."""

    form_name = "action_update"
    form_title = "Action progress update"
    form_intro = ("These are the actions recorded against you. Update the status of each and add a short note; "
                  "if an action is stuck, say what would unblock it.")

    as_of = date("Position as at", "The date this list was drawn up.", prefill=True)
    updates = repeat(ActionProgressSchema, "Your actions", "One row per action.", rows=6)
    completed_on = date("Date completed", "The day you filled in this update.", required=True)

    form_sections = (
        IDENTITY_SECTION._replace(field_names=IDENTITY_SECTION.field_names + ("as_of",)),
        FormSection("Progress", "Change only the status, note and completion date.", ("updates",)),
        FormSection("Sign-off", "", ("completed_on",)),
    )
