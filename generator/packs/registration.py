"""Telling the store what a pack sent out, so returned forms can be matched and chased."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ...forms.identity import FormIdentity
from ..common import load_meeting
from ..store import IssuedForm, Store
from ..workspace import Workspace
from .pack import Pack, build_pack


def issued_forms(pack: Pack) -> list[IssuedForm]:
    """The store's record of each form a pack sent out."""
    issued_at = dt.datetime.now(dt.timezone.utc)
    return [
        IssuedForm.from_identity(
            FormIdentity(form.form_type, form.schema_version, form.meeting_id, form.partner_id, form.form_id),
            issued_at=issued_at,
            due_on=dt.date.fromisoformat(form.due_on) if form.due_on else None,
            files=form.files,
        )
        for form in pack.forms
    ]


def register_pack(store: Store, pack: Pack, meeting: dict[str, Any] | None = None,
                  directory: dict[str, Any] | None = None) -> None:
    """Record the forms issued and, for a meeting pack, the meeting with its invitees' contacts; one transaction."""
    with store.transaction():
        if meeting is not None and directory is not None:
            invitees = [directory["by_id"][pid] for pid in meeting["invitees"]]
            store.register_meeting({**meeting, "partnership": directory["partnership"],
                                    "invitee_details": invitees})
        store.register_issued(issued_forms(pack))


def pack_into_workspace(workspace: Workspace, meeting_file: Path, directory_file: Path | None = None, *,
                        out_dir: Path | None = None) -> tuple[dict[str, Any], dict[str, Any], Pack]:
    """Make a meeting's pack in a workspace and record what it issued: what `partnerpack pack` does there.

    The directory is ``directory_file``, else the meeting file's own, else
    the workspace's partners.yaml; the pack goes to the workspace's output/.
    """
    meeting, directory = load_meeting(meeting_file, directory_file, default_directory=workspace.partners_file)
    pack = build_pack(meeting, directory, out_dir or workspace.output_dir)
    with workspace.open_store() as store:
        register_pack(store, pack, meeting, directory)
    return meeting, directory, pack
