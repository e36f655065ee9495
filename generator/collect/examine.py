"""Checking one returned file on its own: read it, identify it, map and validate its answers.

Examination needs no store, so many files can be examined in parallel
worker processes; the results are then filed in the store one at a time.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from ...forms.identity import FormIdentity, InvalidIdentity
from ...forms.mapping import record_data
from ...forms.read_any import read_returned_form
from ...forms.reading import UnreadableForm
from ...schemas.base import RecordSchema
from ...schemas.errors import Problem, RecordInvalid
from ...schemas.registry import RETURNABLE_FORMS
from .intake import Incoming


@dataclass
class Examined:
    """What examining one file found: a valid record with its identity, or why it was refused."""

    source: str
    name: str
    sha256: str
    received_at: dt.datetime
    identity: FormIdentity | None = None
    record: dict[str, Any] | None = None
    reason: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """True if the file cannot be accepted as it is."""
        return self.reason is not None


@functools.lru_cache(maxsize=None)
def _schema(form_type: str) -> RecordSchema:
    """One schema instance per form type: making one costs more than loading a record with it."""
    return RETURNABLE_FORMS[form_type]()


def _identity_problems(identity: FormIdentity, record: dict[str, Any]) -> list[Problem]:
    """Pre-filled details that no longer match the form's identity: someone edited a locked field."""
    return [Problem(name, f"This was pre-filled as '{expected}' and must not be changed "
                          f"(the form has '{record.get(name)}').")
            for name, expected in (("meeting_id", identity.meeting_id), ("partner_id", identity.partner_id))
            if record.get(name) != expected]


def examine(incoming: Incoming, *, max_bytes: int, max_uncompressed: int) -> Examined:
    """Read, identify and validate one returned file. Never raises for a bad file: it says why instead."""
    result = Examined(incoming.source, incoming.name, incoming.sha256, incoming.received_at)
    if incoming.too_large is not None:
        result.reason = (f"The file is {incoming.too_large / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB "
                         "limit for a returned form. Ask the partner to send the form without attachments.")
        return result
    try:
        read = read_returned_form(incoming.data, max_uncompressed=max_uncompressed)
    except UnreadableForm as exc:
        result.reason = str(exc)
        return result
    if not read.identity_text:
        result.reason = ("This form carries no partnerpack identity, so it is not one of ours or it was re-typed "
                         "into a new document. Ask the partner to fill in the form they were sent.")
        return result
    try:
        identity = FormIdentity.decode(read.identity_text)
    except InvalidIdentity as exc:
        result.reason = f"{exc} The identity field was changed; ask the partner for the form they were sent."
        return result
    result.identity = identity
    schema_cls = RETURNABLE_FORMS.get(identity.form_type)
    if schema_cls is None or identity.schema_version != schema_cls.schema_version:
        result.reason = (f"This is a '{identity.form_type}' form of version {identity.schema_version}, which this "
                         "version of partnerpack cannot read.")
        return result
    data = record_data(identity.form_type, read.values)
    try:
        record = _schema(identity.form_type).load_record(data, source=incoming.source)
    except RecordInvalid as exc:
        result.reason = "Some answers are missing or not valid."
        result.problems = exc.problems
        return result
    mismatched = _identity_problems(identity, record)
    if mismatched:
        result.reason = "Details that were filled in for the partner have been changed."
        result.problems = mismatched
        return result
    result.record = record
    return result
