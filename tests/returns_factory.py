"""Building realistic returned forms for tests: a workspace, a registered pack, and filled copies.

Filling uses tools other than our own writer: pikepdf and pdftk for PDFs,
pypdf via forms.fill, XML edits as Word makes them, and LibreOffice.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf

from partnerpack.generator.packs import Pack, pack_into_workspace
from partnerpack.generator.workspace import Workspace, init_workspace

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: A complete, valid written contribution as a partner would type it.
GOOD_CONTRIBUTION: dict[str, str | bool] = {
    "attendance": "I cannot attend; this is my written contribution",
    "involvement": "School nurse for the family since 2023; sees the child at weekly drop-in.",
    "concerns__1__concern": "Missed three health appointments",
    "concerns__1__observed_on": "02/09/2025",
    "concerns__1__source": "From records",
    "signs_of_safety": "Attends school every day & is well presented.",
    "wishes_and_feelings": "Says she \"likes school\" and wants to stay with her nan.",
    "information_accurate": True,
    "completed_on": "09/10/2025",
}


def make_workspace(root: Path, meeting_file: str = "case-strategy-meeting.yaml") -> tuple[Workspace, Pack]:
    """A workspace holding the example directory and one registered meeting pack."""
    workspace = init_workspace(root)
    shutil.copy(EXAMPLES / "partners.yaml", workspace.partners_file)
    _, _, pack = pack_into_workspace(workspace, EXAMPLES / meeting_file)
    return workspace, pack


def drop(path: Path, data: bytes, when: dt.datetime) -> Path:
    """Save a returned file as if it arrived at ``when`` (UTC): collect reads the file time as received."""
    path.write_bytes(data)
    stamp = when.replace(tzinfo=dt.timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def fill_with_pikepdf(data: bytes, values: dict[str, str | bool]) -> bytes:
    """Fill a PDF form with pikepdf, writing /V as a viewer would and leaving appearances to the viewer."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "in.pdf"
        source.write_bytes(data)
        with pikepdf.open(source) as pdf:
            for field in pdf.Root.AcroForm.Fields:
                name = str(field.get("/T", ""))
                if name not in values:
                    continue
                value = values[name]
                if isinstance(value, bool):
                    widget = field if "/AP" in field else field.Kids[0]
                    on = next(str(k) for k in widget.AP.N.keys() if str(k) != "/Off")
                    state = pikepdf.Name(on if value else "/Off")
                    field.V = state
                    widget.AS = state
                else:
                    field.V = pikepdf.String(value)
            pdf.Root.AcroForm.NeedAppearances = True
            out = Path(scratch) / "out.pdf"
            pdf.save(out)
            return out.read_bytes()


def fill_with_pdftk(data: bytes, values: dict[str, str | bool], on_state: str = "Yes") -> bytes:
    """Fill a PDF form with pdftk from an XFDF file, as scripted office workflows do."""
    from xml.sax.saxutils import escape

    fields = "".join(
        f'<field name="{escape(name)}"><value>{escape(on_state if value is True else "Off" if value is False else value)}'
        f"</value></field>" for name, value in values.items())
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "in.pdf").write_bytes(data)
        (Path(scratch) / "data.xfdf").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/"><fields>'
            f"{fields}</fields></xfdf>", encoding="utf-8")
        subprocess.run(["pdftk", "in.pdf", "fill_form", "data.xfdf", "output", "out.pdf"], cwd=scratch,
                       check=True, capture_output=True, timeout=60)
        return (Path(scratch) / "out.pdf").read_bytes()


def libreoffice_resave(data: bytes, suffix: str = ".docx") -> bytes:
    """Open and re-save a DOCX in LibreOffice, as a partner without Word would."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"form{suffix}"
        source.write_bytes(data)
        out = Path(scratch) / "out"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{scratch}/profile", "--headless",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120)
        return (out / f"form{suffix}").read_bytes()
