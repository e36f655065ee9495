"""Consolidating every SMART action from returned forms into one live register.

Where a meeting's actions come from: its returned action plan if there is
one (the plan is the agreed, checked version), otherwise the actions in its
returned meeting record. Each action's id is ``<meeting id>-A<row>``.
Owners' returned action updates are then applied in the order received, so
the latest update wins and every earlier one is kept as history.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from ..store import Store, StoredReturn
from .rows import ActionRow

#: Form types that carry agreed actions, most authoritative first.
ACTION_SOURCES = ("action_plan", "meeting_record")


@dataclass(frozen=True)
class ActionEvent:
    """One thing that happened to an action: agreed at a meeting, or updated by its owner."""

    action_id: str
    on: dt.date
    status: str
    note: str | None
    form_id: str
    form_type: str
    received_at: dt.datetime
    completed_on: dt.date | None = None


def action_id(meeting_id: str, row: int) -> str:
    """The register's id for the ``row``-th action (from 1) agreed at a meeting."""
    return f"{meeting_id}-A{row}"


def _meeting_title(store: Store, meeting_id: str, record: dict[str, Any]) -> str:
    meeting = store.get_meeting(meeting_id)
    return meeting.title if meeting else str(record.get("meeting_title") or meeting_id)


def _agreed_actions(store: Store) -> tuple[dict[str, ActionRow], dict[str, ActionEvent]]:
    by_meeting: dict[str, StoredReturn] = {}
    for form_type in reversed(ACTION_SOURCES):  # the plan, read last, replaces the record
        for stored in store.current_returns(form_type=form_type):
            if stored.record.get("actions"):
                by_meeting[stored.meeting_id] = stored
    rows: dict[str, ActionRow] = {}
    agreed: dict[str, ActionEvent] = {}
    for meeting_id, stored in sorted(by_meeting.items()):
        record = stored.record
        meeting_date = record.get("meeting_date") or stored.current.received_at.date()
        title = _meeting_title(store, meeting_id, record)
        for index, action in enumerate(record["actions"], start=1):
            key = action_id(meeting_id, index)
            rows[key] = ActionRow(
                key, meeting_id, meeting_date, title, action["description"], action["owner"], action["agency"],
                action["measure"], action["due_date"], action.get("status") or "not_started",
                action.get("completed_on"), None, action.get("progress_note"), stored.form_id, stored.form_type)
            agreed[key] = ActionEvent(key, meeting_date, rows[key].status, action.get("progress_note"),
                                      stored.form_id, stored.form_type, stored.current.received_at,
                                      action.get("completed_on"))
    return rows, agreed


def _update_events(store: Store) -> list[ActionEvent]:
    """Every row of every version of every returned action update, oldest first."""
    events = []
    for stored in store.current_returns(form_type="action_update"):
        for version in stored.history:
            record = version.record
            on = record.get("completed_on") or version.received_at.date()
            for update in record.get("updates") or []:
                events.append(ActionEvent(update["action_id"], on, update["status"], update.get("progress_note"),
                                          stored.form_id, "action_update", version.received_at,
                                          update.get("completed_on")))
    return sorted(events, key=lambda e: (e.received_at, e.form_id))


def consolidate(store: Store) -> tuple[list[ActionRow], dict[str, list[ActionEvent]]]:
    """Every action with its latest state, and each action's history (agreed, then updates)."""
    rows, agreed = _agreed_actions(store)
    history: dict[str, list[ActionEvent]] = {key: [event] for key, event in agreed.items()}
    for event in _update_events(store):
        row = rows.get(event.action_id)
        if row is None:
            continue  # an update for an action no longer in its plan: kept in the store, not shown
        history[event.action_id].append(event)
        completed = (event.completed_on or event.on) if event.status == "done" else None
        rows[event.action_id] = replace(row, status=event.status, completed_on=completed, last_update=event.on,
                                        last_note=event.note or row.last_note, source_form_id=event.form_id,
                                        source_form_type=event.form_type)
    return list(rows.values()), history

