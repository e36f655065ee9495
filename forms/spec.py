"""A form laid out from a schema: sections, fields and tables, ready for a PDF or DOCX writer.

Writers draw a ``FormDocument`` and know nothing of marshmallow; the field
names here are the contract between writers, readers and the schemas.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from marshmallow import fields as mm_fields
from marshmallow import validate

from ..schemas.base import RecordSchema
from ..schemas.registry import returnable_schema
from .identity import IDENTITY_FIELD, FormIdentity

ROW_SEPARATOR = "__"
DATE_FORMAT = "%d/%m/%Y"
DATE_HINT = "DD/MM/YYYY"


@dataclass(frozen=True)
class FormField:
    """One fillable field. ``name`` is stable and PDF-safe (letters, digits, underscores)."""

    name: str
    label: str
    help: str
    widget: str  # text | multiline | date | choice | checkbox
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    read_only: bool = False
    lines: int = 1
    max_length: int | None = None
    value: str | bool | None = None

    @property
    def tooltip(self) -> str:
        """What assistive technology reads out: the label, the help and any format."""
        parts = [self.label.rstrip(".") + ".", self.help]
        if self.required and not self.read_only:
            parts.append("Required.")
        return " ".join(p for p in parts if p)

    @property
    def choice_labels(self) -> list[str]:
        """The labels shown in a drop-down, with a blank first entry so nothing is chosen by default."""
        return [""] + [label for _, label in self.choices]


@dataclass(frozen=True)
class FormColumn:
    """A column heading of a table: the row fields' shared label and help."""

    key: str
    label: str
    help: str
    widget: str


@dataclass
class FormTable:
    """A repeated group drawn as a table with a fixed number of rows."""

    name: str
    label: str
    help: str
    columns: list[FormColumn]
    rows: list[list[FormField]]


@dataclass
class FormPart:
    """A titled section of a form."""

    title: str
    guidance: str
    items: list[Union[FormField, FormTable]]


@dataclass
class FormDocument:
    """Everything a writer needs to draw one returnable form."""

    identity: FormIdentity
    title: str
    intro: str
    protective_marking: str
    parts: list[FormPart]
    subtitle: str = ""
    return_to: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def fields(self) -> Iterator[FormField]:
        """Every fillable field in tab order: down each section, across each table row."""
        yield self.identity_field
        for part in self.parts:
            for item in part.items:
                if isinstance(item, FormTable):
                    for row in item.rows:
                        yield from row
                else:
                    yield item

    @property
    def identity_field(self) -> FormField:
        """The read-only field holding the encoded identity."""
        return FormField(IDENTITY_FIELD, "Form identity", "Used to match this form when it is returned; "
                         "do not change it.", "text", read_only=True, value=self.identity.encode())


def row_field_name(group: str, row: int, key: str) -> str:
    """The name of one cell of a table, e.g. ``concerns__2__observed_on`` (rows count from 1)."""
    return f"{group}{ROW_SEPARATOR}{row}{ROW_SEPARATOR}{key}"


def display_value(value: Any) -> str | bool | None:
    """A value as it is shown in a form field: dates as DD/MM/YYYY, the rest as text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def _max_length(field_obj: mm_fields.Field) -> int | None:
    validators = field_obj.validators if hasattr(field_obj, "validators") else []
    for validator in validators:
        if isinstance(validator, validate.Length) and validator.max is not None:
            return validator.max
    return None


def _form_field(name: str, field_obj: mm_fields.Field, value: Any) -> FormField:
    meta = field_obj.metadata
    widget = meta.get("widget", "text")
    shown = display_value(value)
    if widget == "choice" and isinstance(shown, str) and hasattr(field_obj, "label_for"):
        shown = field_obj.label_for(shown)
    return FormField(
        name=name,
        label=meta.get("label", name),
        help=meta.get("help", ""),
        widget=widget,
        choices=tuple(meta.get("choices", ())),
        required=bool(field_obj.required),
        read_only=bool(meta.get("prefill")) and value not in (None, ""),
        lines=int(meta.get("lines", 1)),
        max_length=_max_length(field_obj),
        value=shown,
    )


def _table(name: str, field_obj: mm_fields.List, prefill_rows: list[dict[str, Any]], rows: int) -> FormTable:
    row_schema: RecordSchema = field_obj.inner.schema  # type: ignore[attr-defined]
    row_fields = row_schema.fields
    columns = [FormColumn(key, f.metadata.get("label", key), f.metadata.get("help", ""),
                          f.metadata.get("widget", "text")) for key, f in row_fields.items()]
    table_rows = []
    for index in range(max(rows, len(prefill_rows))):
        known = prefill_rows[index] if index < len(prefill_rows) else {}
        table_rows.append([_form_field(row_field_name(name, index + 1, key), f, known.get(key))
                           for key, f in row_fields.items()])
    return FormTable(name, field_obj.metadata.get("label", name), field_obj.metadata.get("help", ""), columns,
                     table_rows)


def build_form(form_name: str, identity: FormIdentity, prefill: dict[str, Any] | None = None, *,
               rows: dict[str, int] | None = None, protective_marking: str = "OFFICIAL-SENSITIVE",
               subtitle: str = "", return_to: str = "") -> FormDocument:
    """Lay out the returnable form ``form_name`` with known values filled in and locked.

    ``prefill`` maps field names to values (a list of row dicts for a table);
    ``rows`` overrides how many rows a table offers.
    """
    schema_cls = returnable_schema(form_name)
    schema = schema_cls()
    prefill = prefill or {}
    rows = rows or {}
    parts = []
    for section in schema_cls.form_sections:
        items: list[Union[FormField, FormTable]] = []
        for name in section.field_names:
            field_obj = schema.fields[name]
            if field_obj.metadata.get("widget") == "repeat":
                wanted = rows.get(name, field_obj.metadata.get("rows", 4))
                items.append(_table(name, field_obj, list(prefill.get(name) or []), wanted))
            else:
                items.append(_form_field(name, field_obj, prefill.get(name)))
        parts.append(FormPart(section.title, section.guidance, items))
    return FormDocument(identity, schema_cls.form_title, schema_cls.form_intro, protective_marking, parts,
                        subtitle=subtitle, return_to=return_to)


def blank_identity(form_name: str) -> FormIdentity:
    """An identity for a stand-alone blank form that belongs to no meeting yet."""
    schema_cls = returnable_schema(form_name)
    return FormIdentity.issue(form_name, schema_cls.schema_version, "BLANK", "BLANK")
