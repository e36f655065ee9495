"""Action-update packs: one pre-filled form per owner listing the actions they still hold.

Returned updates go through ``collect`` like any other form and move the
register on (see register.py).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...forms.identity import FormIdentity
from ...forms.spec import FormDocument, build_form
from ...schemas.action import ActionUpdateSchema
from ..common import long_date, staged_folder
from .pack import Pack, write_forms, write_manifest

if TYPE_CHECKING:  # the register's rows are only named here; loading the register's writers is not needed
    from ..register import ActionRow


def updates_meeting_id(as_of: dt.date) -> str:
    """The pseudo-meeting id an update round is filed under, e.g. UPD-2026-03-31."""
    return f"UPD-{as_of:%Y-%m-%d}"


def owner_id(owner: str, directory: dict[str, Any] | None) -> str:
    """The partner id of an owner named in the directory, else a stable id made from the name."""
    for partner in (directory or {}).get("partners", []):
        if partner["name"].casefold() == owner.casefold():
            return partner["id"]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", owner).strip("-").lower()
    return f"owner-{slug}"[:32] or "owner"


def update_forms(rows: list[ActionRow], as_of: dt.date, directory: dict[str, Any] | None = None, *,
                 marking: str = "OFFICIAL-SENSITIVE") -> list[tuple[str, FormDocument]]:
    """One action-update form per owner of an open action, rows pre-filled with each action."""
    by_owner: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        if not row.is_done:
            by_owner[row.owner].append(row)
    meeting_id = updates_meeting_id(as_of)
    forms = []
    for owner, actions in sorted(by_owner.items()):
        pid = owner_id(owner, directory)
        identity = FormIdentity.issue("action_update", ActionUpdateSchema.schema_version, meeting_id, pid)
        actions = sorted(actions, key=lambda r: (r.due_date, r.action_id))
        prefill = {
            "meeting_id": meeting_id, "meeting_title": "Action progress update", "meeting_date": as_of,
            "partner_id": pid, "partner_name": owner, "agency": actions[0].agency, "role": "Action owner",
            "as_of": as_of,
            "updates": [{"action_id": r.action_id, "description": r.description, "due_date": r.due_date,
                         "status": r.status} for r in actions],
        }
        document = build_form("action_update", identity, prefill, rows={"updates": len(actions)},
                              protective_marking=marking, subtitle=f"Position at {long_date(as_of)}")
        forms.append((f"action-update-{pid}", document))
    return forms


def build_update_pack(rows: list[ActionRow], as_of: dt.date, out_dir: Path,
                      directory: dict[str, Any] | None = None) -> Pack:
    """Write every owner's update form (PDF and DOCX) and a manifest to ``out_dir/UPD-<date>``."""
    meeting_id = updates_meeting_id(as_of)
    final = Path(out_dir) / meeting_id
    forms = update_forms(rows, as_of, directory)
    with staged_folder(final) as folder:
        packed = write_forms(folder, forms, due_on=lambda _: None)
        pack = Pack(final, meeting_id, dict(folder.files), packed)
        write_manifest(folder, pack)
    return pack
