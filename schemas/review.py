"""The partnership review checklist: one partner, rated across four areas of working together."""
from __future__ import annotations

from typing import Any

from marshmallow import fields

from .base import FormSection, RecordSchema
from .fields import choice, date, flag, paragraph, repeat, text
from .returnable import IDENTITY_SECTION, ReturnableSchema

RATINGS = [
    ("1", "1 - Not in place"),
    ("2", "2 - Developing"),
    ("3", "3 - Working well"),
    ("4", "4 - Strong"),
]

FREQUENCIES = [
    ("weekly", "Weekly or more"),
    ("monthly", "Monthly"),
    ("termly", "Termly or quarterly"),
    ("twice_yearly", "Twice a year"),
    ("annually", "Once a year"),
    ("ad_hoc", "Only when a case needs it"),
]

#: The rated questions, grouped by the area of partnership working they test.
REVIEW_DOMAINS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "communication": ("Communication", [
        ("comm_pathways_clear", "Staff know how to pass information to this partner."),
        ("comm_urgent_protocol", "There is an agreed route for urgent concerns."),
        ("comm_regular_dialogue", "We talk regularly, not only when something goes wrong."),
        ("comm_response_time", "This partner responds quickly enough."),
        ("comm_referral_feedback", "We hear back about referrals and concerns we raise."),
    ]),
    "information_systems": ("Information sharing: systems", [
        ("sys_compatible", "Our systems work with this partner's systems."),
        ("sys_secure_channel", "We can send sensitive information securely."),
        ("sys_data_agreement", "A data-sharing agreement is in place and current."),
        ("sys_staff_trained", "Staff are trained in how to share information."),
    ]),
    "information_process": ("Information sharing: process", [
        ("proc_forms_clear", "Referral forms are clear and complete."),
        ("proc_needs_understood", "Each side knows what information the other needs."),
        ("proc_escalation", "There is an escalation route for disagreements."),
    ]),
    "joint_decisions": ("Joint decision-making", [
        ("dec_regular_meetings", "Multi-agency meetings happen when they should."),
        ("dec_equal_voice", "Every partner has an equal voice in decisions."),
        ("dec_roles_defined", "Roles and responsibilities are clear."),
        ("dec_disagreements_resolved", "Disagreements between agencies get resolved."),
        ("dec_lead_agency", "A lead agency is agreed for complex cases."),
    ]),
    "training": ("Training and development", [
        ("train_joint", "We train together."),
        ("train_understand_roles", "Staff understand this partner's role and limits."),
        ("train_policy_updates", "We keep each other up to date on policy changes."),
        ("train_shadowing", "Shadowing or secondments are possible."),
    ]),
}

RED_FLAGS = [
    ("flag_delayed_responses", "Urgent safeguarding matters met slow responses"),
    ("flag_lead_confusion", "Confusion about which agency leads"),
    ("flag_mixed_messages", "Families received inconsistent messages"),
    ("flag_sharing_uncertainty", "Staff unsure of information-sharing procedures"),
]

GAP_TYPES = [
    ("gap_relationship", "Relationship gaps", "Partnerships that are missing or weak."),
    ("gap_communication", "Communication gaps", "Sharing that is unclear or slow."),
    ("gap_knowledge", "Knowledge gaps", "Where staff do not know this partner's procedures."),
    ("gap_resource", "Resource gaps", "Not enough time or systems to work together."),
]

IMPROVEMENT_BUCKETS = [
    ("improve_immediate", "Immediate (0 to 3 months)"),
    ("improve_medium", "Medium term (3 to 12 months)"),
    ("improve_long", "Long term (12 months and more)"),
]


class ImprovementSchema(RecordSchema):
    """One improvement to make, with who leads it and by when."""

    action = text("Improvement", "What will change.", required=True, max_length=300)
    owner = text("Lead", "Who leads it.", max_length=120)
    due_by = date("By", "Target date.")


class _ReviewChecklistBase(ReturnableSchema):
    review_year = text("Review year", "The partnership year under review, e.g. 2025/26.", prefill=True,
                       max_length=7)
    primary_contact = text("Main contact", "Who you deal with most at this partner.", max_length=200)
    agreements = paragraph("Agreements and protocols", "Formal agreements or protocols in place.", lines=3)
    interaction_frequency = choice("How often you work together", "Roughly how often you are in touch.",
                                   FREQUENCIES)
    case_types = text("Types of case shared", "The kinds of case you usually work on together.", max_length=300)
    channel_email = flag("E-mail", "You use e-mail with this partner.")
    channel_secure = flag("Secure e-mail or portal", "You use a secure channel.")
    channel_phone = flag("Phone", "You use the phone.")
    channel_meetings = flag("Meetings", "You meet in person or online.")
    red_flag_other = text("Other red flags", "Anything else that worried you this year.", max_length=300)
    reviewer = text("Completed by", "Your name.", required=True, max_length=120)
    completed_on = date("Date completed", "The day you finished this checklist.", required=True)


def _checklist_fields() -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for domain, (_, questions) in REVIEW_DOMAINS.items():
        for name, question in questions:
            field = choice(question, "Rate 1 (not in place) to 4 (strong).", RATINGS)
            field.metadata["domain"] = domain
            attrs[name] = field
    for name, label in RED_FLAGS:
        attrs[name] = flag(label, "Tick if this happened in the year.")
    for name, label, help_text in GAP_TYPES:
        attrs[name] = paragraph(label, help_text, lines=2, max_length=1000)
    for name, label in IMPROVEMENT_BUCKETS:
        attrs[name] = repeat(ImprovementSchema, label, "One row per improvement.", rows=3)
    return attrs


_SECTIONS = (
    IDENTITY_SECTION._replace(field_names=IDENTITY_SECTION.field_names + ("review_year",)),
    FormSection("The partnership", "A short map of how you work with this partner.",
                ("primary_contact", "agreements", "interaction_frequency", "case_types", "channel_email",
                 "channel_secure", "channel_phone", "channel_meetings")),
    *(FormSection(title, "Rate each statement from 1 (not in place) to 4 (strong).",
                  tuple(name for name, _ in questions)) for title, questions in REVIEW_DOMAINS.values()),
    FormSection("Red flags", "Tick any that happened during the year.",
                tuple(name for name, _ in RED_FLAGS) + ("red_flag_other",)),
    FormSection("Gaps found", "Describe each kind of gap you found, or leave it blank.",
                tuple(name for name, _, _ in GAP_TYPES)),
    FormSection("Improvement plan", "What you will change, grouped by how soon.",
                tuple(name for name, _ in IMPROVEMENT_BUCKETS)),
    FormSection("Sign-off", "", ("reviewer", "completed_on")),
)

ReviewChecklistSchema: type[ReturnableSchema] = type(
    "ReviewChecklistSchema",
    (_ReviewChecklistBase,),
    {
        **_checklist_fields(),
        "__doc__": "A partnership review checklist for one partner and one year.",
        "__module__": __name__,
        "form_name": "review_checklist",
        "form_title": "Partnership review checklist",
        "form_intro": ("Complete one checklist for each partner agency once a year. Be candid: the point is "
                       "to find what to improve."),
        "form_sections": _SECTIONS,
    },
)


def rating_fields(schema: type[RecordSchema] = ReviewChecklistSchema) -> dict[str, fields.Field]:
    """The rated questions of the checklist, in order, by field name."""
    return {name: f for name, f in schema._declared_fields.items() if "domain" in f.metadata}
