"""The demo's returned forms: filled by other software, dated, and with the usual mishaps.

PDFs are filled with pypdf (not the reportlab writer that drew them) and
Word forms are edited as Word saves them. One contribution arrives late,
one is sent twice with a correction, one is "printed to PDF" so its answers
are lost, and one attachment is cut short in transit.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from ...forms.fill import fill_docx, fill_pdf
from ..packs import Pack
from . import answers

#: The case meeting's mishaps: (partner, what happens).
LATE, TWICE, PRINTED = "P005", "P006", "P007"


@dataclass(frozen=True)
class PlannedReturn:
    """One file a partner sends back: which form, their answers, when, and in what shape."""

    pack: Pack
    stem: str
    values: dict[str, Any]
    received: dt.datetime
    file_name: str
    fmt: str = "pdf"
    damage: str | None = None  # None | "printed" | "truncated"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def meeting_returns(meeting: dict[str, Any], directory: dict[str, Any], pack: Pack,
                    rng: random.Random) -> list[PlannedReturn]:
    """Everything that comes back for one meeting, in the order it arrives."""
    invitees = [directory["by_id"][pid] for pid in meeting["invitees"]]
    deadline, day = meeting["contribution_deadline"], meeting["date"]
    planned: list[PlannedReturn] = []
    for index, partner in enumerate(invitees):
        pid = partner["id"]
        if meeting["kind"] != "case_strategy" and index % 3 == 2:
            continue  # some partners simply come to the meeting without a written contribution
        completed = deadline - dt.timedelta(days=1 + index % 2)
        values = answers.contribution(partner, meeting, completed, attending=index % 2 == 0, rng=rng)
        name = f"{meeting['id']} contribution {partner['name']}"
        damage = "printed" if meeting["kind"] == "case_strategy" and pid == PRINTED else None
        fmt = "docx" if index % 4 == 1 and damage is None else "pdf"
        received = _at(completed, 16)
        if meeting["kind"] == "case_strategy" and pid == LATE:
            received = _at(day - dt.timedelta(days=1), 9)
        planned.append(PlannedReturn(pack, f"contribution-{pid}", values, received, f"{name}.{fmt}", fmt, damage))
        if meeting["kind"] == "case_strategy" and pid == TWICE:
            corrected = {**values, "signs_of_safety": "Correction: grandmother collects on weekdays only."}
            planned.append(PlannedReturn(pack, f"contribution-{pid}", corrected, received + dt.timedelta(days=1),
                                         f"{name} (corrected).{fmt}", fmt))
    late_notes = meeting["kind"] == "police_catchup"
    circulated = day + dt.timedelta(days=5 if late_notes else 1)
    record = answers.meeting_record(meeting, invitees, circulated=circulated, actions=2 + len(invitees) % 3, rng=rng)
    planned.append(PlannedReturn(pack, "meeting-record-form", record, _at(circulated, 17),
                                 f"{meeting['id']} notes.docx", "docx"))
    if meeting["kind"] == "case_strategy":
        plan = {**answers.action_rows(meeting, invitees, 4, rng), "review_date": answers.typed_date(day + dt.timedelta(days=42))}
        planned.append(PlannedReturn(pack, "action-plan-form", plan, _at(day + dt.timedelta(days=1), 12),
                                     f"{meeting['id']} action plan.pdf"))
    if meeting["kind"] == "annual_review":
        mood = 2 if meeting["date"].year == 2025 else 3  # the partnership improved over the year
        for index, partner in enumerate(invitees):
            if index == len(invitees) - 1:
                continue  # one checklist never comes back
            values = answers.review_checklist(partner, deadline - dt.timedelta(days=3), mood=mood + index % 2 - 2 * (index == 1),
                                              rng=rng)
            planned.append(PlannedReturn(pack, f"review-checklist-{partner['id']}", values,
                                         _at(deadline - dt.timedelta(days=3), 11),
                                         f"{meeting['id']} checklist {partner['name']}.pdf"))
    corrupt = meeting["kind"] == "lado_quarterly" and meeting["date"].month == 9
    if corrupt:
        first = invitees[0]
        planned.append(PlannedReturn(pack, f"contribution-{first['id']}", {}, _at(deadline, 8),
                                     "scan0001.pdf", damage="truncated"))
    return planned


def _printed(data: bytes) -> bytes:
    """What 'Print to PDF' leaves: the pages, but no form fields and so no answers to read."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object[NameObject("/AcroForm")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def file_bytes(planned: PlannedReturn) -> bytes:
    """The bytes the partner sends: their form filled, then damaged if the story says so."""
    blank = (planned.pack.folder / "forms" / f"{planned.stem}.{planned.fmt}").read_bytes()
    if planned.damage == "truncated":
        return blank[: len(blank) // 2]
    filled = fill_pdf(blank, planned.values) if planned.fmt == "pdf" else fill_docx(blank, planned.values)
    return _printed(filled) if planned.damage == "printed" else filled


def deliver(planned: PlannedReturn, inbox: Path) -> Path:
    """Save one returned file in the inbox, dated when it arrived."""
    path = inbox / planned.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(file_bytes(planned))
    stamp = planned.received.replace(tzinfo=dt.timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    return path
