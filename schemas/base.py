"""The base every partnerpack record schema shares."""
from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from marshmallow import RAISE, Schema, ValidationError

from .errors import RecordInvalid, flatten_errors
from .fields import SCHEMA_VERSION


class FormSection(NamedTuple):
    """A titled group of fields drawn together on a form, with a line of guidance."""

    title: str
    guidance: str
    field_names: tuple[str, ...]


class RecordSchema(Schema):
    """A record type: its fields, its version and, if returnable, how its form is laid out.

    Subclasses that partners fill in set ``form_name``, ``form_title`` and
    ``form_sections``; the forms package draws PDF and DOCX forms from those.
    """

    schema_version: ClassVar[int] = SCHEMA_VERSION
    form_name: ClassVar[str | None] = None
    form_title: ClassVar[str] = ""
    form_intro: ClassVar[str] = ""
    form_sections: ClassVar[tuple[FormSection, ...]] = ()

    class Meta:
        unknown = RAISE

    def load_record(self, data: Any, *, source: str = "") -> Any:
        """Load and validate ``data``; raise RecordInvalid listing every problem by field path."""
        try:
            return self.load(data)
        except ValidationError as exc:
            raise RecordInvalid(source, flatten_errors(exc.messages)) from None
