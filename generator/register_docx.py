"""The action register as a Word document: landscape, one table per agency, RAG cells shaded.

For partnerships that circulate the register with board papers rather than
as a spreadsheet. Rows arrive already chosen and sorted (filter_rows); the
colours are the spreadsheet register's, and each RAG cell also says its
rating in words.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import groupby
from typing import Any, Iterable

from .documents import DEFAULT_MARKING, render_template
from .register_rows import RAG_COLOURS, RAG_LABELS, ActionRow, rag, sort_rows

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
    return render_template("register", register_context(rows, as_of, partnership=partnership, marking=marking))


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


def _group_summary(actions: list[dict[str, Any]]) -> str:
    counts = Counter(action["rag"] for action in actions)
    parts = [f"{counts[key]} {RAG_LABELS[key].lower()}" for key in RAG_ORDER if counts[key]]
    return f"{len(actions)} action{'s' if len(actions) != 1 else ''}: " + ", ".join(parts) + "."
