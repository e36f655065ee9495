"""The note-taker's record of a meeting: who came, what was decided and shared, and the actions."""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .action import SmartActionSchema, due_date_problems
from .base import FormSection, RecordSchema
from .fields import choice, date, paragraph, repeat, text
from .returnable import IDENTITY_SECTION, ReturnableSchema

ATTENDANCE_OUTCOMES = [
    ("present", "Present"),
    ("apologies", "Apologies"),
    ("substitute", "Sent a substitute"),
    ("written", "Apologies, written contribution sent"),
    ("absent", "Absent, no word"),
]

SHARING_BASES = [
    ("consent", "Consent"),
    ("public_task", "Public task"),
    ("legal_obligation", "Legal obligation"),
    ("vital_interests", "Vital interests"),
    ("legitimate_interests", "Legitimate interests"),
]


class AttendanceSchema(RecordSchema):
    """Who was invited and whether they came."""

    partner_id = text("Partner ID", "Their ID in the partner directory, if they have one.", prefill=True,
                      max_length=32)
    name = text("Name", "The person invited or attending.", required=True, max_length=120)
    agency = text("Agency", "Their organisation.", max_length=160)
    attendance = choice("Attendance", "Whether they came, sent apologies or a substitute.", ATTENDANCE_OUTCOMES,
                        required=True)
    substitute = text("Substitute", "Who came in their place, if anyone.", max_length=120)


class SharingLogEntrySchema(RecordSchema):
    """One piece of information shared at the meeting, with whom and why."""

    information = text("What was shared", "A short description; no more detail than needed.", required=True,
                       max_length=300)
    shared_by = text("Shared by", "Who shared it.", required=True, max_length=120)
    shared_with = text("Shared with", "Who received it.", required=True, max_length=200)
    reason = text("Why", "The safeguarding reason for sharing.", required=True, max_length=300)
    basis = choice("Lawful basis", "The basis for sharing it.", SHARING_BASES, required=True)


class MeetingRecordSchema(ReturnableSchema):
    """The notes of a meeting, returned by the note-taker."""

    form_name = "meeting_record"
    form_title = "Meeting record"
    form_intro = ("The note-taker completes this record during the meeting and circulates it to everyone "
                  "within one working day.")

    attendance = repeat(AttendanceSchema, "Attendance", "Everyone invited, and anyone else who came.", rows=8)
    contributions_received = paragraph("Written contributions received",
                                       "Which partners sent written information and whether it was read out.",
                                       lines=3)
    purpose = paragraph("Purpose", "Why the meeting was held.", lines=3)
    decisions = paragraph("Decisions", "Each decision, and any disagreement with its reasons.", required=True,
                          lines=6)
    sharing_log = repeat(SharingLogEntrySchema, "Information shared",
                         "What was shared, by and with whom, why, and on what basis.", rows=4)
    actions = repeat(SmartActionSchema, "Actions", "Every action with a named owner and date.", rows=6)
    family_feedback_by = text("Feedback to the child and family", "Who tells them what was decided, and when.",
                              max_length=200)
    childs_voice = paragraph("The child's voice", "How the child's wishes and feelings shaped the decisions.",
                             lines=4)
    next_meeting_on = date("Next meeting", "The date of the next meeting, if one is needed.")
    notes_circulated_on = date("Notes circulated", "When these notes went to everyone who was invited.")

    form_sections = (
        IDENTITY_SECTION,
        FormSection("Who took part", "List apologies and substitutes as well as those present.",
                    ("attendance", "contributions_received")),
        FormSection("Discussion", "Record decisions, not a transcript.", ("purpose", "decisions", "sharing_log")),
        FormSection("Actions", "Owners and dates agreed in the room.", ("actions", "family_feedback_by")),
        FormSection("The child", "", ("childs_voice",)),
        FormSection("After the meeting", "", ("next_meeting_on", "notes_circulated_on")),
    )

    @validates_schema(skip_on_field_errors=False)
    def dates_follow_meeting(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = due_date_problems(data.get("actions") or [], "actions", data.get("meeting_date"), None)
        met, circulated = data.get("meeting_date"), data.get("notes_circulated_on")
        if met and circulated and circulated < met:
            errors["notes_circulated_on"] = ["Notes cannot be circulated before the meeting took place."]
        if errors:
            raise ValidationError(errors)
