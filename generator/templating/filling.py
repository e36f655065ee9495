"""Filling Word templates with docxtpl: the one Jinja environment, its filters, and the check for unfilled tags.

Every capability that writes a Word document (packs, register, review,
schedule) fills its template here. Templates ship as package data in
``partnerpack.templates`` and may have been restyled in Word; only the Jinja
tags inside them are a contract with the contexts the capabilities build.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Mapping

import jinja2
from docx.document import Document as WordDocument
from docxtpl import DocxTemplate

from ...schemas.errors import PartnerpackError
from ..common import clock_time, long_date, short_date

TEMPLATE_PACKAGE = "partnerpack.templates"
#: Templates filled from a meeting's context (see build_meeting_context).
TEMPLATE_NAMES = ("invitation", "agenda", "meeting_record", "action_plan", "review_checklist")
#: Templates filled by the register, schedule and review writers with their own contexts.
REPORT_TEMPLATES = ("annual_review", "register", "schedule")
DEFAULT_LOCALE = "en_GB"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

# Characters Word cannot hold in XML; vertical tab and form feed arrive when text is pasted from Word.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_XML_TAG = re.compile(r"<[^>]+>")
_CHECKED_PARTS = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml)$")


class TemplateProblem(PartnerpackError):
    """A template could not be filled: unknown name, a Jinja error, or tags left unfilled."""

    def __init__(self, template: str, message: str) -> None:
        self.template = template
        super().__init__(f"Word template '{template}.docx': {message}")


# --- rendering ---------------------------------------------------------------------------------------------

def render_template(name: str, context: Mapping[str, Any], *,
                    images: Callable[[DocxTemplate], dict[str, Any]] | None = None,
                    finish: Callable[[WordDocument], None] | None = None) -> bytes:
    """Fill any shipped template (pack documents and reports) and return the .docx bytes.

    ``images`` adds docxtpl InlineImages, which need the template object, to
    the context; ``finish`` may change the rendered document before it is
    saved (for example to give pictures their alt text).
    """
    template = DocxTemplate(io.BytesIO(template_bytes(name)))
    full = {**context, **(images(template) if images else {})}
    try:
        template.render(full, jinja_env=_ENVIRONMENT, autoescape=True)
    except jinja2.TemplateError as exc:
        raise TemplateProblem(name, f"{type(exc).__name__}: {exc}") from exc
    if finish:
        finish(template.docx)
    output = io.BytesIO()
    template.save(output)
    data = output.getvalue()
    leftovers = unfilled_tags(data, _strings_in(context))
    if leftovers:
        raise TemplateProblem(name, "tags were left unfilled: " + ", ".join(leftovers[:5]))
    return data


@lru_cache(maxsize=None)
def template_bytes(name: str) -> bytes:
    """The template file as shipped, read once per process (each render needs its own DocxTemplate)."""
    if name not in TEMPLATE_NAMES + REPORT_TEMPLATES:
        raise TemplateProblem(name, f"no such template; choose one of {', '.join(TEMPLATE_NAMES + REPORT_TEMPLATES)}")
    try:
        return resources.files(TEMPLATE_PACKAGE).joinpath(f"{name}.docx").read_bytes()
    except FileNotFoundError:
        raise TemplateProblem(name, "the file is missing; run python -m partnerpack.templates.build") from None


def unfilled_tags(docx: bytes, allowed: Iterable[str] = ()) -> list[str]:
    """Every ``{{ ... }}`` or ``{% ... %}`` left in the text of a .docx (body, tables, headers, footers).

    Text that appears inside one of the ``allowed`` strings (the values that
    were filled in) is not counted: a partner may type braces in a note.
    """
    values = [value for value in allowed if "{" in value]
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for part in package.namelist():
            if not _CHECKED_PARTS.match(part):
                continue
            xml = package.read(part).decode("utf-8").replace("</w:p>", "\n")  # a tag never spans paragraphs
            text = html.unescape(_XML_TAG.sub("", xml))
            for match in re.finditer(r"\{[{%]", text):
                snippet = _tag_at(text, match.start())
                if not any(snippet in value for value in values):
                    found.append(f"{snippet!r} in {part}")
    return found


def _tag_at(text: str, start: int) -> str:
    closing = "}}" if text[start + 1] == "{" else "%}"
    end = text.find(closing, start + 2, start + 120)
    return text[start:end + 2] if end != -1 else text[start:start + 40]


def _strings_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings_in(item)


# --- the Jinja environment -----------------------------------------------------------------------------------

def _locale(context: Any) -> str:
    return context.get("locale") or DEFAULT_LOCALE


@jinja2.pass_context
def _longdate(context: Any, day: dt.date | None) -> str:
    """'Tuesday 14 October 2025'; nothing for a blank date."""
    return long_date(day, _locale(context)) if isinstance(day, dt.date) else (day or "")


@jinja2.pass_context
def _shortdate(context: Any, day: dt.date | None) -> str:
    """'14/10/2025'; nothing for a blank date."""
    return short_date(day, _locale(context)) if isinstance(day, dt.date) else (day or "")


@jinja2.pass_context
def _hhmm(context: Any, moment: dt.time | dt.datetime | None) -> str:
    """'09:30'; nothing for a blank time."""
    if isinstance(moment, dt.datetime):
        moment = moment.time()
    return clock_time(moment, _locale(context)) if isinstance(moment, dt.time) else (moment or "")


def _or_blank_rows(rows: Any, count: int) -> list[Any]:
    """The rows given, or ``count`` empty rows so a blank table still has room to write in."""
    rows = list(rows or [])
    return rows or [{} for _ in range(count)]


def clean_value(value: Any) -> Any:
    """What every ``{{ }}`` prints: nothing for None, and text Word's XML can hold with line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, str):  # a YAML block (purpose: |) ends in a newline Word would show as a blank line
        return _CONTROL.sub("", _LINE_BREAKS.sub("\n", value)).strip()
    return value


def _build_environment() -> jinja2.Environment:
    environment = jinja2.Environment(autoescape=True, finalize=clean_value)
    environment.filters.update(longdate=_longdate, shortdate=_shortdate, hhmm=_hhmm,
                               or_blank_rows=_or_blank_rows)
    return environment


_ENVIRONMENT = _build_environment()
