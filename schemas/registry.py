"""Which records partners fill in and return, looked up by form name."""
from __future__ import annotations

from .action import ActionPlanSchema, ActionUpdateSchema
from .contribution import ContributionSchema
from .errors import PartnerpackError
from .record import MeetingRecordSchema
from .returnable import ReturnableSchema
from .review import ReviewChecklistSchema

RETURNABLE_FORMS: dict[str, type[ReturnableSchema]] = {
    schema.form_name: schema  # type: ignore[misc]
    for schema in (ContributionSchema, ActionPlanSchema, MeetingRecordSchema, ReviewChecklistSchema,
                   ActionUpdateSchema)
}


class UnknownForm(PartnerpackError):
    """A form name that partnerpack does not know."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"No form called '{name}'. Known forms: {', '.join(sorted(RETURNABLE_FORMS))}.")


def returnable_schema(name: str) -> type[ReturnableSchema]:
    """The schema class for a returnable form name; raise UnknownForm if there is none."""
    try:
        return RETURNABLE_FORMS[name]
    except KeyError:
        raise UnknownForm(name) from None
