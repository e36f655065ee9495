"""Assembling a meeting pack: the documents, every partner's forms, and a manifest.

A pack is built in a hidden folder beside its destination and renamed into
place only when every file is written, so a failure never leaves half a pack.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..forms.docx_writer import render_docx_form
from ..forms.identity import FormIdentity
from ..forms.pdf_writer import render_pdf_form
from ..forms.spec import FormDocument, build_form
from ..schemas.registry import returnable_schema
from .dates import long_date
from .documents import build_meeting_context, render_document

#: The Word documents in every pack: (template name, file name in the pack).
PACK_DOCUMENTS = (
    ("invitation", "01-invitation.docx"),
    ("agenda", "02-agenda.docx"),
    ("meeting_record", "03-meeting-record-template.docx"),
    ("action_plan", "04-action-plan.docx"),
)

#: Who returns the meeting's own record and plan; not a partner in the directory.
NOTE_TAKER_ID = "NOTETAKER"
MANIFEST_NAME = "manifest.json"


@dataclass
class PackedForm:
    """One returnable form issued in a pack, in both formats."""

    form_id: str
    form_type: str
    meeting_id: str
    partner_id: str
    schema_version: int
    due_on: str | None
    files: list[str] = field(default_factory=list)


@dataclass
class Pack:
    """What ``build_pack`` made: the folder, each file's SHA-256, and each form issued."""

    folder: Path
    meeting_id: str
    files: dict[str, str]
    forms: list[PackedForm]

    def manifest(self) -> dict[str, Any]:
        """The manifest.json content: enough to check the files and match returned forms."""
        return {
            "partnerpack_manifest": 1,
            "meeting_id": self.meeting_id,
            "files": [{"path": path, "sha256": digest} for path, digest in sorted(self.files.items())],
            "forms": [asdict(form) for form in self.forms],
        }


def _identity_prefill(meeting: dict[str, Any], partner: dict[str, Any] | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "meeting_id": meeting["id"],
        "meeting_title": meeting["title"],
        "meeting_date": meeting["date"],
    }
    if partner:
        values.update(partner_id=partner["id"], partner_name=partner["name"], agency=partner["agency"],
                      role=partner["role"])
    return values


def meeting_forms(meeting: dict[str, Any], directory: dict[str, Any], plan_ends_on: dt.date) -> list[
        tuple[str, FormDocument]]:
    """Every returnable form for a meeting, with the file stem each is saved under."""
    marking = meeting["protective_marking"]
    subtitle = f"{meeting['title']} · {long_date(meeting['date'], meeting['locale'])}"
    return_to = meeting.get("organiser_email") or ""

    def form(name: str, partner_id: str, prefill: dict[str, Any], **kwargs: Any) -> FormDocument:
        version = returnable_schema(name).schema_version
        identity = FormIdentity.issue(name, version, meeting["id"], partner_id)
        return build_form(name, identity, prefill, protective_marking=marking, subtitle=subtitle,
                          return_to=return_to, **kwargs)

    forms = []
    for pid in meeting["invitees"]:
        partner = directory["by_id"][pid]
        forms.append((f"contribution-{pid}", form("contribution", pid, _identity_prefill(meeting, partner))))
    note_taker = {"id": NOTE_TAKER_ID, "name": meeting["note_taker"], "agency": "", "role": "Note-taker"}
    attendance = [{"partner_id": p["id"], "name": p["name"], "agency": p["agency"]}
                  for p in (directory["by_id"][pid] for pid in meeting["invitees"])]
    record_prefill = {**_identity_prefill(meeting, note_taker), "attendance": attendance,
                      "purpose": meeting.get("purpose")}
    forms.append(("meeting-record-form", form("meeting_record", NOTE_TAKER_ID, record_prefill,
                                              rows={"attendance": len(attendance) + 3})))
    plan_prefill = {**_identity_prefill(meeting, note_taker), "plan_ends_on": plan_ends_on}
    forms.append(("action-plan-form", form("action_plan", NOTE_TAKER_ID, plan_prefill)))
    return forms


def _write(folder: Path, relative: str, data: bytes, files: dict[str, str]) -> None:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    files[relative] = hashlib.sha256(data).hexdigest()


def build_pack(meeting: dict[str, Any], directory: dict[str, Any], out_dir: Path, *,
               progress: Callable[[str], None] | None = None) -> Pack:
    """Write the meeting's pack to ``out_dir/<meeting id>``, replacing any earlier pack whole."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / meeting["id"]
    staging = Path(tempfile.mkdtemp(prefix=f".{meeting['id']}.", suffix=".partial", dir=out_dir))
    try:
        context = build_meeting_context(meeting, directory)
        files: dict[str, str] = {}
        for template, name in PACK_DOCUMENTS:
            _write(staging, name, render_document(template, context), files)
            if progress:
                progress(name)
        packed = []
        due_on = meeting["contribution_deadline"].isoformat()
        for stem, document in meeting_forms(meeting, directory, context["meeting"]["plan_ends_on"]):
            identity = document.identity
            names = [f"forms/{stem}.pdf", f"forms/{stem}.docx"]
            _write(staging, names[0], render_pdf_form(document), files)
            _write(staging, names[1], render_docx_form(document), files)
            packed.append(PackedForm(identity.form_id, identity.form_type, identity.meeting_id,
                                     identity.partner_id, identity.schema_version,
                                     due_on if identity.form_type == "contribution" else None, names))
            if progress:
                progress(stem)
        pack = Pack(final, meeting["id"], files, packed)
        (staging / MANIFEST_NAME).write_text(json.dumps(pack.manifest(), indent=2) + "\n", encoding="utf-8")
        _swap_into_place(staging, final)
        return pack
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging`` so that one or the other is always complete."""
    if final.exists():
        retired = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, retired)
        os.replace(staging, final)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, final)
