"""Assembling a meeting pack: the documents, every partner's forms, and a manifest.

A pack is built in a hidden folder beside its destination and renamed into
place only when every file is written (files.staged_folder), so a failure
never leaves half a pack. Many forms are drawn in worker processes, one per
core (``FormDrawing``); only this process writes files.
"""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ...forms.docx_writer import render_docx_form
from ...forms.identity import FormIdentity
from ...forms.pdf_writer import render_pdf_form
from ...forms.spec import FormDocument, build_form
from ...schemas.registry import returnable_schema
from ..common import FolderWriter, academic_year_of, long_date, staged_folder
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
#: Forms partners send back before the meeting, by its contribution deadline.
DUE_BEFORE_MEETING = ("contribution", "review_checklist")
#: Fewer forms than this are drawn in this process: starting workers would cost more than it saves.
PARALLEL_FROM = 8


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
    """Every returnable form for a meeting, with the file stem each is saved under.

    Each invitee gets a written contribution form; the note-taker gets the
    meeting record and action plan; an annual review adds each invitee's
    partnership review checklist.
    """
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
    if meeting["kind"] == "annual_review":  # each partner reviews the partnership before the annual meeting
        year = academic_year_of(meeting["date"])
        for pid in meeting["invitees"]:
            partner = directory["by_id"][pid]
            prefill = {**_identity_prefill(meeting, partner), "review_year": year}
            forms.append((f"review-checklist-{pid}", form("review_checklist", pid, prefill)))
    return forms


def build_pack(meeting: dict[str, Any], directory: dict[str, Any], out_dir: Path, *,
               progress: Callable[[str], None] | None = None, workers: int | None = None) -> Pack:
    """Write the meeting's pack to ``out_dir/<meeting id>``, replacing any earlier pack whole.

    ``workers`` is how many processes draw the forms (default: one per core).
    """
    final = Path(out_dir) / meeting["id"]
    context = build_meeting_context(meeting, directory)
    forms = meeting_forms(meeting, directory, context["meeting"]["plan_ends_on"])
    due_on = meeting["contribution_deadline"].isoformat()
    # The forms are drawn in workers while this process fills in the Word documents.
    with FormDrawing([document for _, document in forms], workers) as drawn, staged_folder(final) as folder:
        for template, name in PACK_DOCUMENTS:
            folder.write(name, render_document(template, context))
            if progress:
                progress(name)
        packed = write_forms(folder, forms, due_on=lambda form_type: due_on if form_type in DUE_BEFORE_MEETING else None,
                             progress=progress, drawn=drawn)
        pack = Pack(final, meeting["id"], dict(folder.files), packed)
        write_manifest(folder, pack)
    return pack


def write_forms(folder: FolderWriter, forms: list[tuple[str, FormDocument]], *,
                due_on: Callable[[str], str | None], progress: Callable[[str], None] | None = None,
                drawn: FormDrawing | None = None) -> list[PackedForm]:
    """Write each form as PDF and DOCX under ``forms/`` and describe what was issued.

    ``drawn`` is a ``FormDrawing`` of exactly these forms, already started;
    None draws them here (in workers if there are many).
    """
    if drawn is None:
        with FormDrawing([document for _, document in forms]) as drawing:
            return write_forms(folder, forms, due_on=due_on, progress=progress, drawn=drawing)
    packed = []
    for (stem, document), (pdf, docx) in zip(forms, drawn, strict=True):
        identity = document.identity
        names = [f"forms/{stem}.pdf", f"forms/{stem}.docx"]
        folder.write(names[0], pdf)
        folder.write(names[1], docx)
        packed.append(PackedForm(identity.form_id, identity.form_type, identity.meeting_id, identity.partner_id,
                                 identity.schema_version, due_on(identity.form_type), names))
        if progress:
            progress(stem)
    return packed


def draw_form(document: FormDocument) -> tuple[bytes, bytes]:
    """One form as (PDF bytes, DOCX bytes); what each worker process runs."""
    return render_pdf_form(document), render_docx_form(document)


def default_workers() -> int:
    """The cores this process may use (fewer than the machine's in a container or under taskset)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class FormDrawing:
    """Forms being drawn, in order, as (PDF bytes, DOCX bytes); use it as a context manager and iterate.

    With ``PARALLEL_FROM`` forms or more and more than one worker, drawing
    starts in worker processes as soon as the object is made, so the caller
    can do other work meanwhile; otherwise each form is drawn here as it is
    asked for. Workers only return bytes: every file is still written by the
    caller (into its staging folder). Leaving the block stops the workers,
    dropping forms not yet drawn.
    """

    def __init__(self, documents: list[FormDocument], workers: int | None = None) -> None:
        workers = min(default_workers() if workers is None else workers, len(documents))
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1 and len(documents) >= PARALLEL_FROM:
            self._pool = ProcessPoolExecutor(workers, mp_context=_worker_context())
            self._results: Iterator[tuple[bytes, bytes]] = self._pool.map(draw_form, documents)
        else:
            self._results = map(draw_form, documents)

    def __iter__(self) -> Iterator[tuple[bytes, bytes]]:
        return self._results

    def __enter__(self) -> FormDrawing:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _worker_context() -> Any:
    """Fork on Linux: workers start in milliseconds with the modules and cached templates already loaded."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def write_manifest(folder: FolderWriter, pack: Pack) -> None:
    """Write manifest.json last, listing every other file and form."""
    (folder.root / MANIFEST_NAME).write_text(json.dumps(pack.manifest(), indent=2) + "\n", encoding="utf-8")
