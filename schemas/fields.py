"""Field helpers that keep a form's label, help text and widget beside each field.

Every returnable form, Word template and error message is drawn from the
metadata declared here, so a field is described once and only once.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Sequence

from marshmallow import ValidationError, fields, validate

SCHEMA_VERSION = 1

REQUIRED_MESSAGE = {"required": "This must be filled in.", "null": "This must be filled in."}

_UK_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%a %d %b %Y",
    "%A %d %B %Y",
    "%Y-%m-%d",
)


def parse_uk_date(text: str) -> dt.date:
    """Read a date as people in the UK write it (14/10/2025, 14 Oct 2025, ISO).

    Day-first is assumed for numeric forms because that is how every partner
    agency in England writes dates; US month-first input is not accepted.
    """
    cleaned = re.sub(r"\s+", " ", text.strip().replace(",", " "))
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt in _UK_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    try:
        return dt.date.fromisoformat(cleaned[:10])
    except ValueError:
        raise ValueError(f"'{text}' is not a date; write it as DD/MM/YYYY, e.g. 14/10/2025") from None


class UKDate(fields.Date):
    """A date that accepts the day-first forms partners type into forms."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise ValidationError("Not a date.")
        try:
            return parse_uk_date(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class FlexibleTime(fields.Time):
    """A start time written as 14:30, 2:30pm or 1430."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.time:
        if isinstance(value, dt.time):
            return value
        if isinstance(value, int):  # YAML reads 14:30 as minutes past midnight (sexagesimal)
            return dt.time(value // 60 % 24, value % 60)
        text = str(value).strip().lower().replace(".", ":")
        for fmt in ("%H:%M", "%H:%M:%S", "%I:%M%p", "%I%p", "%H%M"):
            try:
                return dt.datetime.strptime(text.replace(" ", ""), fmt).time()
            except ValueError:
                continue
        raise ValidationError(f"'{value}' is not a time; write it as HH:MM, e.g. 09:30")


class Choice(fields.String):
    """A string limited to a list of (value, label) choices, shown as a drop-down."""

    def __init__(self, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        self.choices = list(choices)
        values = [value for value, _ in self.choices]
        labels = {label.lower(): value for value, label in self.choices}
        self._by_label = labels
        super().__init__(
            validate=validate.OneOf(values, error="Choose one of: " + ", ".join(l for _, l in self.choices) + "."),
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        # Forms show labels; a filler may send the label back rather than the value.
        return self._by_label.get(text.lower(), text)

    def label_for(self, value: str | None) -> str:
        """The label shown to people for a stored value, or the value itself."""
        return dict(self.choices).get(value or "", value or "")


def _meta(label: str, help: str, widget: str, **extra: Any) -> dict[str, Any]:
    return {"label": label, "help": help, "widget": widget, **extra}


def _common(required: bool, kwargs: dict[str, Any]) -> dict[str, Any]:
    if required:
        kwargs.setdefault("required", True)
        kwargs.setdefault("error_messages", REQUIRED_MESSAGE)
    else:
        kwargs.setdefault("load_default", None)
        kwargs.setdefault("allow_none", True)
    return kwargs


def text(label: str, help: str, *, required: bool = False, max_length: int = 500,
         prefill: bool = False, **kwargs: Any) -> fields.String:
    """A single-line text field."""
    return fields.String(
        validate=validate.Length(max=max_length, error=f"Keep this under {max_length} characters."),
        metadata=_meta(label, help, "text", prefill=prefill),
        **_common(required, kwargs),
    )


def paragraph(label: str, help: str, *, required: bool = False, lines: int = 5,
              max_length: int = 6000, **kwargs: Any) -> fields.String:
    """A multi-line text box for narrative answers."""
    return fields.String(
        validate=validate.Length(max=max_length, error=f"Keep this under {max_length} characters."),
        metadata=_meta(label, help, "multiline", lines=lines),
        **_common(required, kwargs),
    )


def email(label: str, help: str, *, required: bool = False, prefill: bool = False, **kwargs: Any) -> fields.Email:
    """An e-mail address."""
    return fields.Email(metadata=_meta(label, help, "text", prefill=prefill), **_common(required, kwargs))


def date(label: str, help: str, *, required: bool = False, prefill: bool = False, **kwargs: Any) -> UKDate:
    """A date, typed as DD/MM/YYYY on forms."""
    return UKDate(metadata=_meta(label, help + " Write it as DD/MM/YYYY.", "date", prefill=prefill),
                  **_common(required, kwargs))


def choice(label: str, help: str, choices: Iterable[tuple[str, str]], *, required: bool = False,
           prefill: bool = False, **kwargs: Any) -> Choice:
    """One of a fixed list of answers, shown as a drop-down."""
    options = list(choices)
    return Choice(options, metadata=_meta(label, help, "choice", choices=options, prefill=prefill),
                  **_common(required, kwargs))


def flag(label: str, help: str, **kwargs: Any) -> fields.Boolean:
    """A yes/no tick box; unticked reads as False."""
    kwargs.setdefault("load_default", False)
    return fields.Boolean(metadata=_meta(label, help, "checkbox"), **kwargs)


def repeat(schema: type, label: str, help: str, *, rows: int = 4, required: bool = False,
           **kwargs: Any) -> fields.List:
    """A table of repeated rows (one nested record per row) with a fixed number of rows on forms."""
    kwargs.setdefault("load_default", list)
    if required:
        kwargs["validate"] = validate.Length(min=1, error="Add at least one row.")
    return fields.List(fields.Nested(schema), metadata=_meta(label, help, "repeat", rows=rows), **kwargs)
