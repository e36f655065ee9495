"""Fields every returnable form starts with: which meeting, and who is returning it.

They are pre-filled and read-only on the forms, so a return always says
where it belongs even before its embedded identity is checked.
"""
from __future__ import annotations

from .base import FormSection, RecordSchema
from .fields import date, text


class ReturnableSchema(RecordSchema):
    """Base for forms that partners fill in and send back."""

    meeting_id = text("Meeting ID", "The meeting this form belongs to.", required=True, prefill=True, max_length=40)
    meeting_title = text("Meeting", "The meeting's title.", prefill=True, max_length=160)
    meeting_date = date("Meeting date", "The day of the meeting.", prefill=True)
    partner_id = text("Partner ID", "Your ID in the partner directory.", required=True, prefill=True, max_length=32)
    partner_name = text("Your name", "The person this form was sent to.", prefill=True, max_length=120)
    agency = text("Agency", "Your organisation.", prefill=True, max_length=160)
    role = text("Role", "Your role.", prefill=True, max_length=120)


IDENTITY_SECTION = FormSection(
    "About this form",
    "Filled in for you from the meeting invitation. Please do not change these details.",
    ("meeting_id", "meeting_title", "meeting_date", "partner_id", "partner_name", "agency", "role"),
)
