"""Turn the flat field values a reader found back into the nested data a schema loads.

Readers return plain strings and booleans by field name; this module
groups table cells into rows, drops blanks and placeholder text, and
normalises tick boxes. It does not validate: the schema does that.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..schemas.registry import returnable_schema
from .identity import IDENTITY_FIELD
from .spec import ROW_SEPARATOR

#: What fillers write into a ticked box: PDF names, Word symbols, words.
TICKED = {"yes", "on", "true", "1", "x", "checked", "☒", "☑", "✓", "✔", "/yes", "/on", "y"}
UNTICKED = {"", "off", "no", "false", "0", "☐", "/off", "n", "none"}

#: Text that fillers or Word leave in a field nobody typed into.
PLACEHOLDERS = {
    "click or tap here to enter text.",
    "click or tap to enter a date.",
    "choose an item.",
    "dd/mm/yyyy",
    "select",
    "select one",
    "enter text",
    "enter text.",
}


class UnreadableTick(ValueError):
    """A tick-box value we cannot read as ticked or unticked."""


def read_tick(value: Any) -> bool:
    """True if a tick box was ticked, however the filler recorded it."""
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in TICKED:
        return True
    if text in UNTICKED:
        return False
    if text.startswith("/"):  # a PDF state name: anything but /Off means ticked (/1, /Ja, /Checked ...)
        return True
    raise UnreadableTick(f"'{value}' is not a tick-box value")


def clean_text(value: Any) -> str | None:
    """Text with Windows/Mac line endings unified; None if blank or placeholder."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or text.lower() in PLACEHOLDERS:
        return None
    return text


@lru_cache(maxsize=None)
def _schema(form_name: str) -> Any:
    """One schema instance per form type: they hold no state between loads."""
    return returnable_schema(form_name)()


def _widget_of(schema: Any, name: str) -> str:
    return schema.fields[name].metadata.get("widget", "text")


def record_data(form_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Nested raw data for ``form_name``'s schema from a reader's flat ``values``.

    Unknown names (a filler's own fields) are ignored; blank fields are left
    out so the schema's required rules apply; wholly blank table rows vanish.
    """
    schema = _schema(form_name)
    data: dict[str, Any] = {}
    tables: dict[str, dict[int, dict[str, Any]]] = {}
    for name, raw in values.items():
        if name == IDENTITY_FIELD:
            continue
        if ROW_SEPARATOR in name:
            group, _, rest = name.partition(ROW_SEPARATOR)
            row_text, _, key = rest.partition(ROW_SEPARATOR)
            if group not in schema.fields or not row_text.isdigit():
                continue
            row_schema = schema.fields[group].inner.schema  # type: ignore[attr-defined]
            if key not in row_schema.fields:
                continue
            value = _clean(row_schema, key, raw)
            if value is not None:
                tables.setdefault(group, {}).setdefault(int(row_text), {})[key] = value
            continue
        if name not in schema.fields or _widget_of(schema, name) == "repeat":
            continue
        value = _clean(schema, name, raw)
        if value is not None:
            data[name] = value
    for group, rows in tables.items():
        data[group] = [rows[index] for index in sorted(rows) if rows[index]]
    return data


def _clean(schema: Any, name: str, raw: Any) -> Any:
    if _widget_of(schema, name) == "checkbox":
        try:
            return read_tick(raw)
        except UnreadableTick:
            return str(raw)  # left for the schema to reject with the field's name
    return clean_text(raw)
