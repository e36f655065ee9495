"""`partnerpack pack`: a whole meeting pack from one YAML file, or nothing at all."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from partnerpack.forms.docx_reader import read_docx_form
from partnerpack.forms.identity import IDENTITY_FIELD, FormIdentity
from partnerpack.forms.pdf_reader import read_pdf_form
from partnerpack.generator.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def case_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs")
    result = CliRunner().invoke(main, ["pack", str(EXAMPLES / "case-strategy-meeting.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "CSM-2025-014"


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("word/") and name.endswith(".xml"))


def test_pack_holds_documents_and_a_form_pair_per_invitee(case_pack: Path) -> None:
    names = {p.relative_to(case_pack).as_posix() for p in case_pack.rglob("*") if p.is_file()}
    assert {"01-invitation.docx", "02-agenda.docx", "03-meeting-record-template.docx", "04-action-plan.docx",
            "manifest.json"} <= names
    for pid in ["P002", "P003", "P004", "P005", "P006", "P007"]:
        assert {f"forms/contribution-{pid}.pdf", f"forms/contribution-{pid}.docx"} <= names
    assert not any(".partial" in n or n.endswith(".tmp") for n in names)


def test_manifest_lists_every_file_with_its_hash_and_every_form(case_pack: Path) -> None:
    manifest = json.loads((case_pack / "manifest.json").read_text(encoding="utf-8"))
    files = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    on_disk = {p.relative_to(case_pack).as_posix() for p in case_pack.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(files) == on_disk
    for path, digest in files.items():
        assert hashlib.sha256((case_pack / path).read_bytes()).hexdigest() == digest
    form_ids = [form["form_id"] for form in manifest["forms"]]
    assert len(form_ids) == len(set(form_ids)) == 6 + 2


def test_no_template_tag_is_left_and_marking_is_present(case_pack: Path) -> None:
    for path in case_pack.glob("*.docx"):
        text = _docx_text(path)
        assert "{{" not in text and "{%" not in text, path.name
        assert "OFFICIAL-SENSITIVE" in text, path.name


def test_contribution_pdf_carries_identity_and_prefill(case_pack: Path) -> None:
    path = case_pack / "forms" / "contribution-P005.pdf"
    fields = PdfReader(path).get_fields()
    identity = FormIdentity.decode(fields[IDENTITY_FIELD]["/V"])
    assert (identity.form_type, identity.meeting_id, identity.partner_id) == ("contribution", "CSM-2025-014", "P005")
    read = read_pdf_form(path)
    assert read.values["partner_name"] == "Dr Sam Reid"
    assert read.values["agency"] == "Vale Health & Care NHS Trust"
    assert FormIdentity.decode(read.identity_metadata) == identity


def test_contribution_docx_matches_its_pdf_identity(case_pack: Path) -> None:
    pdf = read_pdf_form(case_pack / "forms" / "contribution-P007.pdf")
    docx = read_docx_form(case_pack / "forms" / "contribution-P007.docx")
    assert docx.identity_field == pdf.identity_field
    assert docx.values["agency"] == "Open Door Families (charity)"


def test_meeting_record_form_lists_every_invitee(case_pack: Path) -> None:
    read = read_pdf_form(case_pack / "forms" / "meeting-record-form.pdf")
    names = [read.values[f"attendance__{row}__name"] for row in range(1, 7)]
    assert names[0] == "DS Tom Whitaker" and names[-1] == "Marcus Bell"


def test_invalid_meeting_exits_2_lists_problems_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "partners.yaml").write_text((EXAMPLES / "partners.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("directory: partners.yaml\nid: BAD-1\nkind: police_catchup\ntitle: x\ndate: 2025-13-01\n"
                   "start_time: '25:00'\nchair: A\nnote_taker: B\ninvitees: [P002, P404]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["pack", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output
    for field in ("date", "start_time", "venue", "invitees[1]"):
        assert f"- {field}:" in result.output
    assert not out.exists()


def test_forms_blank_writes_a_fillable_pdf(tmp_path: Path) -> None:
    target = tmp_path / "checklist.pdf"
    result = CliRunner().invoke(main, ["forms", "blank", "review_checklist", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "comm_pathways_clear" in PdfReader(target).get_fields()


def test_forms_list_names_every_returnable_form() -> None:
    result = CliRunner().invoke(main, ["forms", "list"])
    for name in ("contribution", "action_plan", "meeting_record", "review_checklist", "action_update"):
        assert name in result.output
