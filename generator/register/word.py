"""The action register as a Word document: landscape, one table per agency, RAG cells shaded.

For partnerships that circulate the register with board papers rather than
as a spreadsheet. Rows arrive already chosen and sorted (filter_rows); the
colours are the spreadsheet register's, and each RAG cell also says its
rating in words.

A register can run to thousands of actions, and docxtpl's row loop costs
about half a millisecond a row (Jinja, then regular expressions over the
whole document). So register.docx is rendered with a single *pattern row*
per agency, holding a placeholder for each field, and that rendered row is
then written out again for every action with the values put in, escaped and
line-broken exactly as docxtpl does. The template stays a plain docxtpl
template: rendering ``register_context`` with it directly gives the same
document (a test checks that).
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter
from functools import lru_cache, partial
from itertools import groupby
from typing import Any, Callable, Iterable

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree
from markupsafe import escape

from ..common import short_date
from ..templating import DEFAULT_MARKING, TemplateProblem, clean_value, render_template
from .rows import RAG_COLOURS, RAG_LABELS, ActionRow, rag, sort_rows

#: The order the summary lists RAG ratings in: what needs attention first.
RAG_ORDER = ("overdue", "due_soon", "on_track", "done")
RAG_MEANINGS = {
    "overdue": "Not done, and the due date has passed. Tell the chair what is in the way.",
    "due_soon": "Not done, and due within the next 14 days.",
    "on_track": "Not done, and due more than 14 days from now.",
    "done": "Marked done by its owner, on time or late.",
}
SOURCE_LABELS = {"action_plan": "Action plan", "meeting_record": "Meeting record", "action_update": "Owner's update"}


def register_docx(rows: Iterable[ActionRow], as_of: dt.date, *, partnership: str = "",
                  marking: str = DEFAULT_MARKING) -> bytes:
    """The register of ``rows`` rated as at ``as_of``, as .docx bytes, grouped by the owner's agency."""
    context = register_context(rows, as_of, partnership=partnership, marking=marking)
    actions = [group["rows"] for group in context["agencies"]]
    pattern = PatternRow()
    shown = {**context, "agencies": [{**group, "rows": [pattern.placeholders]} for group in context["agencies"]],
             "actions": actions}  # not read by the template: lets render_template allow braces typed in a note
    return render_template("register", shown,
                           finish=lambda document: pattern.repeat(document, actions, context["locale"]))


def register_context(rows: Iterable[ActionRow], as_of: dt.date, *, partnership: str = "",
                     marking: str = DEFAULT_MARKING) -> dict[str, Any]:
    """What register.docx reads: a RAG summary and each agency's actions, as text ready to print."""
    ordered = sort_rows(rows)
    counts = Counter(rag(row, as_of) for row in ordered)
    groups = []
    for _, members in groupby(ordered, key=lambda row: row.agency.strip().casefold()):
        actions = [_action(row, as_of) for row in members]
        groups.append({"agency": actions[0]["agency"], "rows": actions, "summary": _group_summary(actions)})
    return {
        "partnership": partnership, "marking": marking, "locale": "en_GB", "as_of": as_of,
        "rag_summary": [{"label": RAG_LABELS[key], "count": counts[key], "meaning": RAG_MEANINGS[key],
                         "fill": RAG_COLOURS[key][0]} for key in RAG_ORDER],
        "total": len(ordered),
        "agency_count": f"Across {len(groups)} {'agency' if len(groups) == 1 else 'agencies'}.",
        "agencies": groups,
    }


def _action(row: ActionRow, as_of: dt.date) -> dict[str, Any]:
    rating = rag(row, as_of)
    update = f"Updated {row.last_update:%d/%m/%Y}" if row.last_update else "No update yet"
    return {
        "action_id": row.action_id, "meeting_title": row.meeting_title, "meeting_date": row.meeting_date,
        "description": row.description, "owner": row.owner, "agency": row.agency.strip(), "measure": row.measure,
        "due_date": row.due_date, "status_label": row.status_label,
        "completed": f"on {row.completed_on:%d/%m/%Y}" if row.completed_on else "",
        "rag": rating, "rag_label": RAG_LABELS[rating], "rag_fill": RAG_COLOURS[rating][0],
        "last_update": update, "last_note": row.last_note or "",
        "source_label": SOURCE_LABELS.get(row.source_form_type, row.source_form_type),
        "source_form_id": row.source_form_id,
    }


#: Every field of an action in the context, in the order ``_action`` writes them.
ACTION_FIELDS = ("action_id", "meeting_title", "meeting_date", "description", "owner", "agency", "measure",
                 "due_date", "status_label", "completed", "rag", "rag_label", "rag_fill", "last_update", "last_note",
                 "source_label", "source_form_id")


def _group_summary(actions: list[dict[str, Any]]) -> str:
    counts = Counter(action["rag"] for action in actions)
    parts = [f"{counts[key]} {RAG_LABELS[key].lower()}" for key in RAG_ORDER if counts[key]]
    return f"{len(actions)} action{'s' if len(actions) != 1 else ''}: " + ", ".join(parts) + "."


class PatternRow:
    """A table row rendered once with placeholders, then written out again for each action.

    ``placeholders`` is the stand-in action to render the template with;
    ``repeat`` finds each rendered pattern row and replaces it with one row
    per action, in order.
    """

    _NEWLINE = '</w:t><w:br/><w:t xml:space="preserve">'  # what docxtpl makes of a line break in a value

    def __init__(self) -> None:
        tag = f"PPROW{uuid.uuid4().hex[:12]}"  # cannot clash with anything a partner typed
        self.placeholders = {field: f"{tag}:{field}:" for field in ACTION_FIELDS}
        self._tag = tag
        self._field = re.compile(rf"{tag}:(\w+):")

    def repeat(self, document: WordDocument, actions: list[list[dict[str, Any]]], locale: str) -> None:
        """Replace the n-th pattern row in ``document`` with a row for each action of ``actions[n]``."""
        rows = [tr for tr in document.element.body.iter(qn("w:tr")) if self._tag in "".join(tr.itertext())]
        if len(rows) != len(actions):
            raise TemplateProblem("register", f"expected one action row per agency ({len(actions)}), "
                                              f"found {len(rows)}")
        as_text = _TextMaker(lru_cache(maxsize=None)(partial(short_date, locale=locale)))
        for pattern, group in zip(rows, actions):
            xml, namespaces = _without_namespaces(etree.tostring(pattern, encoding="unicode"))
            pieces = self._field.split(xml)  # text, field, text, field, ..., text
            tabs = self._tab_runs(xml)
            written = ["".join(piece if index % 2 == 0 else as_text(action[piece], tabs.get(piece))
                               for index, piece in enumerate(pieces)) for action in group]
            parsed = parse_xml(f"<w:rows {namespaces}>{''.join(written)}</w:rows>")
            table = pattern.getparent()
            position = table.index(pattern)
            table[position:position + 1] = list(parsed)

    def _tab_runs(self, xml: str) -> dict[str, str]:
        """For each field, what docxtpl writes for a tab in it: the run split, keeping the run's formatting."""
        tabs = {}
        for run in re.finditer(r"<w:r(?: [^>]*)?>.*?</w:r>", xml, flags=re.DOTALL):
            found = re.search(r"<w:rPr>.*?</w:rPr>", run.group(0))
            props = found.group(0) if found else ""
            for field in self._field.findall(run.group(0)):
                tabs[field] = f'</w:t></w:r><w:r>{props}<w:tab/></w:r><w:r>{props}<w:t xml:space="preserve">'
        return tabs


class _TextMaker:
    """One value as docxtpl would write it in the XML: dates as DD/MM/YYYY, cleaned, escaped, breaks kept."""

    def __init__(self, shortdate: Callable[[dt.date], str]) -> None:
        self._shortdate = shortdate

    def __call__(self, value: Any, tab: str | None) -> str:
        if isinstance(value, dt.date):  # the template shows every date in a row with |shortdate
            value = self._shortdate(value)
        text = str(escape(clean_value(value)))
        if "\n" in text:
            text = text.replace("\n", PatternRow._NEWLINE)
        if "\t" in text and tab:
            text = text.replace("\t", tab)
        return text


def _without_namespaces(xml: str) -> tuple[str, str]:
    """An element's XML with the namespace declarations taken off its opening tag, and those declarations."""
    end = xml.index(">")
    declarations = re.findall(r'\s(xmlns(?::\w+)?="[^"]*")', xml[:end])
    return re.sub(r'\sxmlns(?::\w+)?="[^"]*"', "", xml[:end]) + xml[end:], " ".join(declarations)
