"""Partners and the partner directory: who the partnership meets, and how often."""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from .base import RecordSchema
from .fields import choice, text
from .fields import email as email_field

AGENCY_TYPES = [
    ("childrens_services", "Children's services"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("lado", "LADO"),
    ("voluntary", "Voluntary sector"),
    ("specialist", "Specialist service"),
    ("senior_leadership", "Senior leadership"),
]

CONTACT_METHODS = [
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("secure_email", "Secure e-mail"),
    ("teams", "Video call"),
]

#: How many times a year each tier expects to meet, and what that is called.
TIERS: dict[int, tuple[str, int]] = {
    1: ("Quarterly", 4),
    2: ("Twice-yearly", 2),
    3: ("Annual", 1),
}

PARTNER_ID = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
    error="Use letters, digits, '-' or '_' only (up to 32), e.g. P014.",
)


class PartnerSchema(RecordSchema):
    """One named contact at a partner agency."""

    id = fields.String(required=True, validate=PARTNER_ID,
                       metadata={"label": "Partner ID", "help": "A short code that never changes, e.g. P014."})
    name = text("Name", "The person's full name.", required=True, max_length=120)
    role = text("Role", "Their job title or role in the partnership.", required=True, max_length=120)
    agency = text("Agency", "The organisation they work for.", required=True, max_length=160)
    agency_type = choice("Agency type", "Which kind of agency this is.", AGENCY_TYPES, required=True)
    email = email_field("E-mail", "A work e-mail address for meeting papers.", required=True)
    phone = text("Phone", "A direct number.", max_length=40)
    preferred_contact = choice("Preferred contact", "How they would like to be reached.", CONTACT_METHODS,
                               load_default="email")
    tier = fields.Integer(
        required=True,
        validate=validate.OneOf([1, 2, 3], error="Tier must be 1 (quarterly), 2 (twice-yearly) or 3 (annual)."),
        metadata={"label": "Tier", "help": "1 meets quarterly, 2 twice a year, 3 once a year."},
    )


class PartnerDirectorySchema(RecordSchema):
    """Everyone the partnership works with, with the partnership's own name."""

    partnership = text("Partnership", "The name of the safeguarding partnership.", required=True, max_length=160)
    partners = fields.List(fields.Nested(PartnerSchema), required=True,
                           validate=validate.Length(min=1, error="List at least one partner."))

    @validates_schema(skip_on_field_errors=False)
    def ids_are_unique(self, data: dict[str, Any], **kwargs: Any) -> None:
        seen: dict[str, int] = {}
        errors: dict[int, dict[str, list[str]]] = {}
        for index, partner in enumerate(data.get("partners") or []):
            pid = partner.get("id")
            if pid is None:
                continue
            if pid in seen:
                errors[index] = {"id": [f"'{pid}' is already used by partners[{seen[pid]}]."]}
            seen.setdefault(pid, index)
        if errors:
            raise ValidationError({"partners": errors})

    @post_load
    def index(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["by_id"] = {p["id"]: p for p in data["partners"]}
        return data


def tier_label(tier: int) -> str:
    """'Quarterly', 'Twice-yearly' or 'Annual' for a tier number."""
    return TIERS[tier][0]


def agency_type_label(value: str) -> str:
    """The readable name of an agency type value."""
    return dict(AGENCY_TYPES).get(value, value)
