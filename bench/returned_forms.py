"""Many distinct returned forms, made in seconds, for the collect benchmark.

Each partner's contribution form is filled once (forms.fill, as a viewer or
Word would). Copies then get a fresh form id by swapping the 12 hex digits
of the id in the bytes: the same width, so a PDF's cross-reference offsets
stay right; a DOCX is re-zipped instead, because its zip entries carry CRCs.
Every copy's form id is registered as issued (Store.register_issued), so
each return maps to a form, as after a year of packs.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from partnerpack.forms.fill import fill_docx, fill_pdf
from partnerpack.forms.identity import FormIdentity
from partnerpack.generator.packs import Pack, pack_into_workspace
from partnerpack.generator.store import IssuedForm
from partnerpack.generator.workspace import Workspace, init_workspace

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MEETING_FILE = "annual-partnership-review.yaml"
#: Fixed width, so a copy's answer can change without moving any PDF offsets.
MARKER = "VERSION-0"

#: A complete, valid written contribution, typed by a fictional partner.
ANSWERS: dict[str, str | bool] = {
    "attendance": "I cannot attend; this is my written contribution",
    "involvement": f"Designated nurse; reviewed the health records for this year's audit. {MARKER}",
    "concerns__1__concern": "Two missed initial health assessments for children in care",
    "concerns__1__observed_on": "02/09/2025",
    "concerns__1__source": "From records",
    "signs_of_safety": "Joint training is well attended & referrals are timelier.",
    "wishes_and_feelings": "Young people asked for \"one worker they know\" at reviews.",
    "information_accurate": True,
    "completed_on": "09/10/2025",
}


@dataclass(frozen=True)
class Template:
    """One partner's filled form in one format, and the identity whose id the copies replace."""

    identity: FormIdentity
    suffix: str
    data: bytes


def make_workspace(root: Path) -> tuple[Workspace, Pack]:
    """A fresh workspace with the example directory and the annual review pack (10 invitees) registered."""
    workspace = init_workspace(root)
    shutil.copy(EXAMPLES / "partners.yaml", workspace.partners_file)
    _, _, pack = pack_into_workspace(workspace, EXAMPLES / MEETING_FILE)
    return workspace, pack


def filled_templates(pack: Pack) -> list[Template]:
    """Every invitee's contribution form filled in, as PDF and as DOCX."""
    templates = []
    for form in pack.forms:
        if form.form_type != "contribution":
            continue
        identity = FormIdentity(form.form_type, form.schema_version, form.meeting_id, form.partner_id, form.form_id)
        for name in form.files:
            blank = (pack.folder / name).read_bytes()
            suffix = Path(name).suffix
            data = fill_pdf(blank, ANSWERS) if suffix == ".pdf" else fill_docx(blank, ANSWERS)
            templates.append(Template(identity, suffix, data))
    return templates


def _copy(template: Template, form_id: str, version: int) -> bytes:
    """The template with another form id and answer version, still a valid file of its kind."""
    swaps = {template.identity.form_id[2:].encode(): form_id[2:].encode(),
             MARKER.encode(): f"VERSION-{version}".encode()}
    if template.suffix == ".pdf":
        data = template.data
        for old, new in swaps.items():
            data = data.replace(old, new)
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template.data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename in ("word/document.xml", "docProps/custom.xml"):
                for old, new in swaps.items():
                    part = part.replace(old, new)
            target.writestr(info, part)
    return out.getvalue()


def write_returns(workspace: Workspace, pack: Pack, inbox: Path, count: int, *, docx_share: float = 0.2,
                  versions: int = 2) -> list[Path]:
    """Drop ``count`` returned files into ``inbox``: ``docx_share`` Word, the rest PDF.

    Every form is sent ``versions`` times (a first copy and corrections a
    day apart, in the same format), so collect files both new and updated
    returns. Returns the paths written, in the order collect reads them.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    templates = filled_templates(pack)
    pdfs = [t for t in templates if t.suffix == ".pdf"]
    docxs = [t for t in templates if t.suffix == ".docx"]
    every_docx = round(1 / docx_share) if docx_share else 0
    start = dt.datetime(2025, 10, 1, 9, tzinfo=dt.timezone.utc)
    issued, paths = [], []
    for form_number in range((count + versions - 1) // versions):
        word = bool(every_docx) and form_number % every_docx == 0
        pool = docxs if word else pdfs
        template = pool[form_number % len(pool)]
        form_id = "F-" + hashlib.sha256(f"bench|{form_number}".encode()).hexdigest()[:12]
        who = template.identity
        issued.append(IssuedForm.from_identity(
            FormIdentity(who.form_type, who.schema_version, who.meeting_id, who.partner_id, form_id),
            issued_at=start - dt.timedelta(days=30), due_on=None, files=[]))
        for version in range(versions):
            if len(paths) == count:
                break
            path = inbox / f"{form_number:05d}-{who.partner_id}-v{version}{template.suffix}"
            path.write_bytes(_copy(template, form_id, version))
            stamp = (start + dt.timedelta(minutes=form_number, days=version)).timestamp()
            os.utime(path, (stamp, stamp))
            paths.append(path)
    with workspace.open_store() as store:
        store.register_issued(issued)
    return paths
