"""What the store hands back (typed rows) and how records become JSON and back.

Records are stored as JSON with dates, times and datetimes written as ISO
text (``record_to_json``). JSON cannot say which strings were dates, so
``record_from_json`` asks the record's schema: a string becomes a date only
where the schema declares a date field, and a free-text answer that happens
to look like ``2025-10-14`` stays text. Callers who want validation as well
can instead pass the JSON-decoded dict back through the schema's
``load_record``: every date field accepts ISO text.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Mapping, Sequence

from marshmallow import Schema, fields

from ...forms.identity import FormIdentity
from ...schemas.errors import Problem
from ...schemas.registry import RETURNABLE_FORMS

# -- records as JSON ----------------------------------------------------------------------------------------


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored in a record")


def record_to_json(record: Mapping[str, Any]) -> str:
    """The record as canonical JSON (sorted keys, dates as ISO), so equal records give equal text."""
    return json.dumps(record, default=_iso, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_from_json(text: str, schema: Schema | None = None) -> dict[str, Any]:
    """Decode stored JSON; with a schema, turn ISO strings back into dates where it declares dates.

    Without a schema every value stays as JSON gives it (dates as ISO strings).
    """
    data = json.loads(text)
    return decode_dates(data, schema) if schema is not None else data


def decode_dates(data: Any, schema: Schema) -> Any:
    """A copy of ``data`` with ISO text turned into date/time/datetime wherever ``schema`` says so."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, field in schema.fields.items():
        if name in out and out[name] is not None:
            out[name] = _decode_field(out[name], field)
    return out


def _decode_field(value: Any, field: fields.Field) -> Any:
    if isinstance(field, fields.List) and isinstance(value, list):
        return [None if item is None else _decode_field(item, field.inner) for item in value]
    if isinstance(field, fields.Nested):
        nested = field.schema
        return [decode_dates(v, nested) for v in value] if isinstance(value, list) else decode_dates(value, nested)
    if not isinstance(value, str):
        return value
    try:
        if isinstance(field, fields.Date):
            return dt.date.fromisoformat(value)
        if isinstance(field, fields.Time):
            return dt.time.fromisoformat(value)
        if isinstance(field, fields.DateTime):
            return dt.datetime.fromisoformat(value)
    except ValueError:
        return value  # stored by an older schema as text; leave it for the caller to re-validate
    return value


@lru_cache(maxsize=None)
def schema_for_form(form_type: str) -> Schema | None:
    """An instance of the returnable schema for ``form_type``, or None if partnerpack no longer knows it."""
    schema_class = RETURNABLE_FORMS.get(form_type)
    return schema_class() if schema_class else None


# -- times --------------------------------------------------------------------------------------------------


def utc_text(moment: dt.datetime) -> str:
    """A datetime as sortable UTC ISO text; a naive datetime is taken as local time."""
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def now_text() -> str:
    """The current time as stored: UTC ISO text."""
    return utc_text(dt.datetime.now(dt.timezone.utc))


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# -- rows ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedForm:
    """A form sent out in a pack: what it is, who it went to and when it is due back."""

    form_id: str
    form_type: str
    schema_version: int
    meeting_id: str
    partner_id: str
    issued_at: dt.datetime
    due_on: dt.date | None = None
    files: tuple[str, ...] = ()

    @classmethod
    def from_identity(cls, identity: FormIdentity, *, issued_at: dt.datetime, due_on: dt.date | None = None,
                      files: Sequence[str] = ()) -> "IssuedForm":
        """The issued-form row for an identity written into a pack's form."""
        return cls(identity.form_id, identity.form_type, identity.schema_version, identity.meeting_id,
                   identity.partner_id, issued_at, due_on, tuple(files))

    @property
    def identity(self) -> FormIdentity:
        """The identity the issued form carries, to compare with the one read from a return."""
        return FormIdentity(self.form_type, self.schema_version, self.meeting_id, self.partner_id, self.form_id)

    def to_params(self) -> tuple[Any, ...]:
        return (self.form_id, self.form_type, self.schema_version, self.meeting_id, self.partner_id,
                utc_text(self.issued_at), self.due_on.isoformat() if self.due_on else None,
                json.dumps(list(self.files)))

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> "IssuedForm":
        form_id, form_type, version, meeting_id, partner_id, issued_at, due_on, files = row
        return cls(form_id, form_type, int(version), meeting_id, partner_id, dt.datetime.fromisoformat(issued_at),
                   _date(due_on), tuple(json.loads(files)))


ReturnStatus = Literal["accepted", "updated", "older"]


@dataclass(frozen=True)
class ReturnVersion:
    """One stored version of a returned form.

    ``status`` is how it was filed when it arrived: "accepted" (the first),
    "updated" (it replaced the current version) or "older" (it arrived after
    a newer one and went straight into history). ``record`` has dates as
    ``datetime.date`` where the form's schema declares them.
    """

    form_id: str
    version: int
    sha256: str
    source: str
    received_at: dt.datetime
    stored_at: dt.datetime
    record: dict[str, Any]
    is_current: bool
    status: ReturnStatus

    @classmethod
    def from_row(cls, row: Sequence[Any], form_type: str | None) -> "ReturnVersion":
        form_id, version, sha256, source, received_at, stored_at, record_json, is_current, status = row
        schema = schema_for_form(form_type) if form_type else None
        return cls(form_id, int(version), sha256, source, dt.datetime.fromisoformat(received_at),
                   dt.datetime.fromisoformat(stored_at), record_from_json(record_json, schema), bool(is_current),
                   status)


@dataclass(frozen=True)
class StoredReturn:
    """A returned form: the form as issued, its current version and every version ever stored."""

    issued: IssuedForm
    current: ReturnVersion
    history: tuple[ReturnVersion, ...]  # every version, in the order stored, the current one included

    @property
    def form_id(self) -> str:
        return self.issued.form_id

    @property
    def form_type(self) -> str:
        return self.issued.form_type

    @property
    def meeting_id(self) -> str:
        return self.issued.meeting_id

    @property
    def partner_id(self) -> str:
        return self.issued.partner_id

    @property
    def record(self) -> dict[str, Any]:
        """The current version's record."""
        return self.current.record

    @property
    def late(self) -> bool:
        """True if the current version was received after the day it was due (False if none was set)."""
        due = self.issued.due_on
        return due is not None and self.current.received_at.date() > due


AcceptResult = Literal["accepted", "updated", "unchanged", "older"]


@dataclass(frozen=True)
class AcceptOutcome:
    """What ``Store.accept_return`` did with one returned file.

    ``result`` is "accepted" (the form's first version), "updated" (a new
    version that is now current), "unchanged" (this exact file was already
    stored for this form; nothing written) or "older" (a new version received
    before the current one, kept in history only). ``previous`` is the version
    that was current before the call (None for the first), so the caller can
    compare records and decide whether to ``flag_conflict``.
    """

    result: AcceptResult
    form_id: str
    version: int
    is_current: bool
    previous: ReturnVersion | None = None


@dataclass(frozen=True)
class StoredMeeting:
    """A meeting registered when its pack was made; ``data`` has dates and times typed again."""

    meeting_id: str
    kind: str
    title: str
    date: dt.date
    data: dict[str, Any]


@dataclass(frozen=True)
class Rejection:
    """A returned file that was refused, why, and where it was put aside."""

    id: int
    sha256: str
    source: str
    reason: str
    problems: tuple[Problem, ...]
    quarantined_path: str | None
    rejected_at: dt.datetime

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> "Rejection":
        row_id, sha256, source, reason, problems_json, quarantined, rejected_at = row
        problems = tuple(Problem(p["field"], p["message"]) for p in json.loads(problems_json))
        return cls(int(row_id), sha256, source, reason, problems, quarantined, dt.datetime.fromisoformat(rejected_at))


def problems_to_json(problems: Sequence[Problem | str]) -> str:
    """Problems as stored; a bare string is a problem with the whole file."""
    items = [p if isinstance(p, Problem) else Problem("", str(p)) for p in problems]
    return json.dumps([{"field": p.field, "message": p.message} for p in items], ensure_ascii=False)


@dataclass(frozen=True)
class Conflict:
    """Two returns of one form that look filled in by different people; the pair is unordered."""

    id: int
    form_id: str
    sha256_a: str
    sha256_b: str
    note: str
    flagged_at: dt.datetime

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> "Conflict":
        row_id, form_id, sha_a, sha_b, note, flagged_at = row
        return cls(int(row_id), form_id, sha_a, sha_b, note, dt.datetime.fromisoformat(flagged_at))
