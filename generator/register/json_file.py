"""The action register as JSON, for other systems: machine values, ISO dates and the RAG rating."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from .rows import ActionRow, rag, sort_rows


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def register_json(rows: Iterable[ActionRow], as_of: dt.date) -> bytes:
    """The register as JSON for other systems: machine values, ISO dates, the RAG rating on each action.

    The shape is ``{"as_of": ..., "count": ..., "actions": [...]}``; each
    action's keys follow the ActionRow fields in order, then ``rag``, so two
    runs on the same data give byte-identical files.
    """
    actions = []
    for row in sort_rows(rows):
        action = {name: _json_value(getattr(row, name)) for name in ActionRow.__dataclass_fields__}
        action["rag"] = rag(row, as_of)
        actions.append(action)
    document = {"as_of": as_of.isoformat(), "count": len(actions), "actions": actions}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
