"""A partner's written contribution to a meeting about a child."""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import FormSection, RecordSchema
from .fields import choice, date, flag, paragraph, repeat, text
from .returnable import IDENTITY_SECTION, ReturnableSchema

ATTENDANCE = [
    ("attending", "I will attend"),
    ("substitute", "A colleague will attend for me"),
    ("written_only", "I cannot attend; this is my written contribution"),
]

EVIDENCE_SOURCES = [
    ("seen", "Seen"),
    ("heard", "Heard"),
    ("told", "Told by the child"),
    ("reported", "Reported by someone else"),
    ("records", "From records"),
]


class ConcernSchema(RecordSchema):
    """One worry, with when it arose and how the partner knows."""

    concern = text("Concern", "What you are worried about, in a sentence.", required=True, max_length=400)
    observed_on = date("Date", "When it happened or was noticed.")
    source = choice("How you know", "Whether it was seen, heard or reported.", EVIDENCE_SOURCES)


class ContributionSchema(ReturnableSchema):
    """What a partner knows and proposes, sent before the meeting."""

    form_name = "contribution"
    form_title = "Written contribution"
    form_intro = ("Please complete this form if you cannot attend, or bring it with you if you can. "
                  "Your information matters: the meeting cannot plan well without it.")

    attendance = choice("Will you attend?", "Tell the chair whether you or a colleague will be there.",
                        ATTENDANCE, required=True)
    substitute_name = text("Substitute's name", "Who attends in your place, if anyone.", max_length=120)
    substitute_role = text("Substitute's role", "Their role.", max_length=120)
    involvement = paragraph("Your involvement", "How you or your agency know the child and family, and since when.",
                            required=True, lines=4)
    service_to_date = paragraph("Service and intervention so far",
                                "What your agency has offered or done, and what came of it.", lines=5)
    concerns = repeat(ConcernSchema, "Concerns and evidence",
                      "Each worry with its date and whether it was seen, heard or reported.", rows=4)
    signs_of_safety = paragraph("Signs of safety", "What is going well and what keeps the child safe.", lines=4)
    lived_experience = paragraph("The child's lived experience", "What an ordinary day is like for the child.",
                                 lines=4)
    wishes_and_feelings = paragraph("Wishes and feelings", "What the child has said they want, in their words.",
                                    lines=4)
    child_asked_to_share = paragraph("Information the child asked you to share",
                                     "Anything the child wants this meeting to hear.", lines=3)
    proposed_actions = paragraph("Proposed actions", "What you think should happen next, and who could do it.",
                                 lines=5)
    information_accurate = flag("I confirm this information is accurate to the best of my knowledge",
                                "Tick to confirm before you return the form.")
    completed_on = date("Date completed", "The day you finished this form.", required=True)

    form_sections = (
        IDENTITY_SECTION,
        FormSection("Attendance", "Let the chair know who will be in the room.",
                    ("attendance", "substitute_name", "substitute_role")),
        FormSection("What you know", "Do not assume others at the meeting already know what you know.",
                    ("involvement", "service_to_date", "concerns", "signs_of_safety")),
        FormSection("The child's voice", "Keep the child at the centre: record their experience in their words.",
                    ("lived_experience", "wishes_and_feelings", "child_asked_to_share")),
        FormSection("Next steps", "Suggest actions that are specific and have a realistic date.",
                    ("proposed_actions", "information_accurate", "completed_on")),
    )

    @validates_schema(skip_on_field_errors=False)
    def substitute_named(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("attendance") == "substitute" and not data.get("substitute_name"):
            raise ValidationError({"substitute_name": ["Name the colleague who will attend for you."]})
