"""Who has returned what, who is late and who still owes a form."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..store import Store


@dataclass(frozen=True)
class FormStatus:
    """One issued form's state: returned (and when, and whether late) or outstanding."""

    meeting_id: str
    form_id: str
    form_type: str
    partner_id: str
    name: str
    agency: str
    email: str
    due_on: dt.date | None
    first_received: dt.datetime | None
    versions: int

    @property
    def returned(self) -> bool:
        return self.first_received is not None

    @property
    def late(self) -> bool:
        """Returned after the day it was due; a later correction does not make an on-time return late."""
        return bool(self.first_received and self.due_on and self.first_received.date() > self.due_on)

    @property
    def state(self) -> str:
        """'returned', 'late' or 'outstanding'."""
        if not self.returned:
            return "outstanding"
        return "late" if self.late else "returned"

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "meeting_id": self.meeting_id, "form_id": self.form_id, "form_type": self.form_type,
            "partner_id": self.partner_id, "name": self.name, "agency": self.agency, "email": self.email,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "first_received": self.first_received.isoformat() if self.first_received else None,
            "versions": self.versions, "state": self.state,
        }


def _contacts(store: Store, meeting_id: str) -> dict[str, dict[str, Any]]:
    meeting = store.get_meeting(meeting_id)
    details = (meeting.data.get("invitee_details") if meeting else None) or []
    return {partner["id"]: partner for partner in details}


def form_statuses(store: Store, meeting_id: str | None = None, form_type: str | None = "contribution"
                  ) -> list[FormStatus]:
    """The state of every issued form (by default, contributions) for one meeting or all meetings."""
    statuses = []
    contacts_by_meeting: dict[str, dict[str, dict[str, Any]]] = {}
    returns = {r.form_id: r for r in store.current_returns(form_type=form_type, meeting_id=meeting_id)}
    for issued in store.issued_forms(meeting_id):
        if form_type and issued.form_type != form_type:
            continue
        contacts = contacts_by_meeting.setdefault(issued.meeting_id, _contacts(store, issued.meeting_id))
        person = contacts.get(issued.partner_id, {})
        stored = returns.get(issued.form_id)
        first = min((v.received_at for v in stored.history), default=None) if stored else None
        statuses.append(FormStatus(issued.meeting_id, issued.form_id, issued.form_type, issued.partner_id,
                                   person.get("name", issued.partner_id), person.get("agency", ""),
                                   person.get("email", ""), issued.due_on, first,
                                   len(stored.history) if stored else 0))
    return sorted(statuses, key=lambda s: (s.meeting_id, s.state != "outstanding", s.agency, s.name))


def outstanding(store: Store, meeting_id: str) -> list[FormStatus]:
    """Contributions not yet returned for a meeting: the people to chase."""
    return [status for status in form_statuses(store, meeting_id) if not status.returned]
