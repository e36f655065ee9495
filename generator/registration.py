"""Telling the store what a pack sent out, so returned forms can be matched and chased."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..forms.identity import FormIdentity
from .pack import Pack
from .store import IssuedForm, Store


def register_pack(store: Store, meeting: dict[str, Any], directory: dict[str, Any], pack: Pack) -> None:
    """Record the meeting (with its invitees' contact details) and every form issued, in one transaction."""
    invitees = [directory["by_id"][pid] for pid in meeting["invitees"]]
    record = {**meeting, "partnership": directory["partnership"], "invitee_details": invitees}
    issued_at = dt.datetime.now(dt.timezone.utc)
    forms = [
        IssuedForm.from_identity(
            FormIdentity(form.form_type, form.schema_version, form.meeting_id, form.partner_id, form.form_id),
            issued_at=issued_at,
            due_on=dt.date.fromisoformat(form.due_on) if form.due_on else None,
            files=form.files,
        )
        for form in pack.forms
    ]
    with store.transaction():
        store.register_meeting(record)
        store.register_issued(forms)
