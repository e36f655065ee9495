"""The identity every returnable form carries, so a returned copy can be matched even if renamed.

It is written twice: into a read-only form field (``form_identity``), which
survives every filler we know of, and into document metadata, which some
browsers drop when they save.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..schemas.errors import PartnerpackError

IDENTITY_FIELD = "form_identity"
METADATA_KEY = "PartnerpackForm"
_PREFIX = "partnerpack/1"
_PATTERN = re.compile(
    r"^partnerpack/1 form=(?P<form_type>[a-z_]+) schema=(?P<schema_version>\d+) "
    r"meeting=(?P<meeting_id>[A-Za-z0-9_-]+) partner=(?P<partner_id>[A-Za-z0-9_-]+) id=(?P<form_id>F-[0-9a-f]{12})$"
)


class InvalidIdentity(PartnerpackError):
    """Text that should be a partnerpack form identity but is not."""


@dataclass(frozen=True)
class FormIdentity:
    """Which form this is, for which meeting and partner, and its unique form id."""

    form_type: str
    schema_version: int
    meeting_id: str
    partner_id: str
    form_id: str

    @classmethod
    def issue(cls, form_type: str, schema_version: int, meeting_id: str, partner_id: str,
              discriminator: str = "") -> "FormIdentity":
        """A new identity whose form id is derived from what it identifies.

        Deriving rather than drawing at random means re-making a pack gives the
        same ids, so forms already sent out still match.
        """
        key = "|".join((form_type, meeting_id, partner_id, discriminator))
        form_id = "F-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
        return cls(form_type, schema_version, meeting_id, partner_id, form_id)

    def encode(self) -> str:
        """The one-line text stored in the form field and metadata."""
        return (f"{_PREFIX} form={self.form_type} schema={self.schema_version} meeting={self.meeting_id} "
                f"partner={self.partner_id} id={self.form_id}")

    @classmethod
    def decode(cls, text: str) -> "FormIdentity":
        """Parse encoded identity text; raise InvalidIdentity if it is not one."""
        match = _PATTERN.match((text or "").strip())
        if not match:
            raise InvalidIdentity(f"'{(text or '')[:80]}' is not a partnerpack form identity.")
        parts = match.groupdict()
        return cls(parts["form_type"], int(parts["schema_version"]), parts["meeting_id"], parts["partner_id"],
                   parts["form_id"])
