"""What a form reader hands back, and the ways a returned file can fail to be read.

Readers return plain data and know nothing of validation (see STYLE.md):
strings and booleans by field name, plus the identity text they found.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..schemas.errors import PartnerpackError


@dataclass
class ReadForm:
    """The raw contents of one returned form.

    ``identity_field`` is the text of the read-only identity field, or None if
    the field is missing; ``identity_metadata`` is the copy in document
    metadata, or None if the filler dropped it.
    """

    kind: str  # "pdf" or "docx"
    values: dict[str, str | bool] = field(default_factory=dict)
    identity_field: str | None = None
    identity_metadata: str | None = None

    @property
    def identity_text(self) -> str | None:
        """The identity to trust: the field first, as metadata is the more often lost."""
        return self.identity_field or self.identity_metadata


class UnreadableForm(PartnerpackError):
    """A file that cannot be read as a form: corrupt, truncated, not a PDF/DOCX, or hostile."""

    advice = "Ask the partner to send the file again."

    def __init__(self, reason: str, advice: str | None = None) -> None:
        self.reason = reason
        if advice is not None:
            self.advice = advice
        super().__init__(f"{reason} {self.advice}".strip())


class EncryptedForm(UnreadableForm):
    """A PDF protected by a password we do not have."""

    advice = "Ask the partner to save the form again without a password."


class NoFormFields(UnreadableForm):
    """A document with no fillable fields left: printed to PDF, flattened or scanned."""

    advice = ("It looks printed to PDF, flattened or scanned, so its answers cannot be read. Ask the partner to "
              "fill in the original form and save it (File > Save), not print it to PDF.")
