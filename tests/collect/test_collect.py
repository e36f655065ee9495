"""Collecting returned forms: every filler's output reads back, nothing is lost, nothing is stored twice."""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from partnerpack.forms.fill import fill_docx, fill_pdf
from partnerpack.generator.cli import main
from partnerpack.generator.collect import CollectLimits, Collector
from partnerpack.generator.tracking import form_statuses

from conftest import needs
from returns_factory import (GOOD_CONTRIBUTION, fill_with_pdftk, fill_with_pikepdf, libreoffice_resave,
                             make_workspace, drop)

OCT = dt.datetime(2025, 10, 8, 9, 0)


@pytest.fixture
def setup(tmp_path: Path):
    workspace, pack = make_workspace(tmp_path / "ws")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return workspace, pack, inbox


def blank(pack, pid: str, suffix: str = "pdf") -> bytes:
    return (pack.folder / "forms" / f"contribution-{pid}.{suffix}").read_bytes()


def collect(workspace, *paths: Path, **limits):
    with workspace.open_store() as store:
        report = Collector(store, workspace.quarantine_dir, CollectLimits(**limits) if limits else None).collect(
            list(paths))
    return report


def test_pdfs_filled_by_three_independent_tools_are_accepted_with_every_value(setup) -> None:
    workspace, pack, inbox = setup
    fillers = {"P002": fill_with_pikepdf, "P004": fill_pdf}
    if shutil.which("pdftk"):
        fillers["P005"] = fill_with_pdftk
    for pid, fill in fillers.items():
        drop(inbox / f"{pid}.pdf", fill(blank(pack, pid), GOOD_CONTRIBUTION), OCT)
    report = collect(workspace, inbox)
    assert report.counts()["accepted"] == len(fillers), report.to_json()
    with workspace.open_store() as store:
        for item in report.items:
            record = store.get_return(item.form_id).record
            assert record["wishes_and_feelings"] == 'Says she "likes school" and wants to stay with her nan.'
            assert record["concerns"] == [{"concern": "Missed three health appointments",
                                           "observed_on": dt.date(2025, 9, 2), "source": "records"}]
            assert record["attendance"] == "written_only"
            assert record["information_accurate"] is True
            assert record["completed_on"] == dt.date(2025, 10, 9)


def test_docx_filled_as_word_does_is_accepted(setup) -> None:
    workspace, pack, inbox = setup
    drop(inbox / "nurse.docx", fill_docx(blank(pack, "P006", "docx"), GOOD_CONTRIBUTION), OCT)
    report = collect(workspace, inbox)
    assert [i.outcome for i in report.items] == ["accepted"]
    with workspace.open_store() as store:
        assert store.get_return(report.items[0].form_id).record["signs_of_safety"] == \
            "Attends school every day & is well presented."


@needs("soffice")
@pytest.mark.libreoffice
def test_docx_resaved_by_libreoffice_is_accepted(setup) -> None:
    workspace, pack, inbox = setup
    filled = libreoffice_resave(fill_docx(blank(pack, "P007", "docx"), GOOD_CONTRIBUTION))
    drop(inbox / "from-libreoffice.docx", filled, OCT)
    report = collect(workspace, inbox)
    assert [i.outcome for i in report.items] == ["accepted"], report.to_json()
    with workspace.open_store() as store:
        record = store.get_return(report.items[0].form_id).record
    assert record["partner_id"] == "P007" and record["completed_on"] == dt.date(2025, 10, 9)


def test_attachments_of_saved_emails_are_collected(setup) -> None:
    workspace, pack, inbox = setup
    message = EmailMessage()
    message["From"], message["Subject"] = "Hannah Brook <hannah.brook@valehealth.example.nhs.uk>", "My form"
    message["Date"] = "Thu, 09 Oct 2025 16:20:00 +0100"
    message.set_content("Form attached.")
    message.add_attachment(fill_pdf(blank(pack, "P006"), GOOD_CONTRIBUTION), maintype="application",
                           subtype="pdf", filename="contribution.pdf")
    message.add_attachment(b"not a form", maintype="text", subtype="plain", filename="notes.txt")
    (inbox / "mail.eml").write_bytes(bytes(message))
    report = collect(workspace, inbox)
    assert [(i.outcome, Path(i.source).name) for i in report.items] == [("accepted", "contribution.pdf")]
    with workspace.open_store() as store:
        stored = store.get_return(report.items[0].form_id)
    assert stored.current.received_at == dt.datetime(2025, 10, 9, 15, 20, tzinfo=dt.timezone.utc)


def test_collecting_again_changes_nothing(setup) -> None:
    workspace, pack, inbox = setup
    drop(inbox / "a.pdf", fill_pdf(blank(pack, "P002"), GOOD_CONTRIBUTION), OCT)
    collect(workspace, inbox)
    with workspace.open_store() as store:
        before = store.counts()
    again = collect(workspace, inbox)
    assert [i.outcome for i in again.items] == ["unchanged"]
    with workspace.open_store() as store:
        assert store.counts() == before


def test_later_return_becomes_current_and_earlier_stays_in_history(setup) -> None:
    workspace, pack, inbox = setup
    first = fill_pdf(blank(pack, "P003"), GOOD_CONTRIBUTION)
    corrected = fill_pdf(blank(pack, "P003"), {**GOOD_CONTRIBUTION, "signs_of_safety": "Corrected text."})
    drop(inbox / "first.pdf", first, OCT)
    collect(workspace, inbox / "first.pdf")
    later = drop(inbox / "second.pdf", corrected, OCT + dt.timedelta(days=1))
    report = collect(workspace, later)
    assert [i.outcome for i in report.items] == ["updated"] and report.items[0].conflict is None
    with workspace.open_store() as store:
        stored = store.get_return(report.items[0].form_id)
    assert stored.record["signs_of_safety"] == "Corrected text."
    assert [v.version for v in stored.history] == [1, 2] and stored.history[0].is_current is False


def test_pdf_and_word_copies_with_different_answers_are_flagged_as_a_conflict(setup) -> None:
    workspace, pack, inbox = setup
    drop(inbox / "a.pdf", fill_pdf(blank(pack, "P004"), GOOD_CONTRIBUTION), OCT)
    drop(inbox / "b.docx", 
        fill_docx(blank(pack, "P004", "docx"), {**GOOD_CONTRIBUTION, "involvement": "Different account."}), OCT + dt.timedelta(hours=1))
    report = collect(workspace, inbox)
    assert report.counts()["conflicts"] == 1
    with workspace.open_store() as store:
        assert len(store.conflicts()) == 1


def test_invalid_return_is_quarantined_with_a_report_and_the_original_untouched(setup) -> None:
    workspace, pack, inbox = setup
    answers = {**GOOD_CONTRIBUTION, "completed_on": "31/02/2025", "attendance": "A colleague will attend for me"}
    path = inbox / "bad.pdf"
    path.write_bytes(fill_with_pikepdf(blank(pack, "P005"), answers))
    original = path.read_bytes()
    report = collect(workspace, inbox)
    item = report.items[0]
    assert item.outcome == "rejected" and report.any_rejected
    assert any(p.startswith("completed_on:") for p in item.problems)
    assert any(p.startswith("substitute_name:") for p in item.problems)
    text = Path(item.quarantined).read_text(encoding="utf-8")
    assert "bad.pdf" in text and "completed_on" in text
    copies = [p for p in workspace.quarantine_dir.iterdir() if p.suffix == ".pdf"]
    assert [c.read_bytes() for c in copies] == [original]
    assert path.read_bytes() == original


def test_locked_details_changed_by_the_filler_are_refused(setup) -> None:
    workspace, pack, inbox = setup
    (inbox / "edited.pdf").write_bytes(fill_with_pikepdf(blank(pack, "P002"), {**GOOD_CONTRIBUTION,
                                                                               "partner_id": "P009"}))
    item = collect(workspace, inbox).items[0]
    assert item.outcome == "rejected" and item.problems[0].startswith("partner_id:")


def _encrypt(data: bytes, tmp_path: Path, user: str) -> bytes:
    source, target = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    source.write_bytes(data)
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(owner="owner-secret", user=user, R=6))
    return target.read_bytes()


def test_pdf_locked_with_a_password_is_refused_but_owner_only_protection_is_read(setup, tmp_path: Path) -> None:
    workspace, pack, inbox = setup
    filled = fill_pdf(blank(pack, "P002"), GOOD_CONTRIBUTION)
    (inbox / "locked.pdf").write_bytes(_encrypt(filled, tmp_path, "let-me-in"))
    (inbox / "owner-only.pdf").write_bytes(_encrypt(fill_pdf(blank(pack, "P003"), GOOD_CONTRIBUTION), tmp_path, ""))
    outcomes = {Path(i.source).name: i for i in collect(workspace, inbox).items}
    assert outcomes["owner-only.pdf"].outcome == "accepted"
    assert outcomes["locked.pdf"].outcome == "rejected" and "password" in outcomes["locked.pdf"].reason


def test_broken_hostile_and_foreign_files_are_refused_and_kept(setup, tmp_path: Path) -> None:
    workspace, pack, inbox = setup
    filled = fill_pdf(blank(pack, "P002"), GOOD_CONTRIBUTION)
    (inbox / "truncated.pdf").write_bytes(filled[: len(filled) // 3])
    (inbox / "renamed.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    (inbox / "huge.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 3_000_000)
    (tmp_path / "f.pdf").write_bytes(filled)
    with pikepdf.open(tmp_path / "f.pdf") as pdf:
        pdf.flatten_annotations("all")  # what "Print to PDF" does: answers become page content
        del pdf.Root.AcroForm
        for page in pdf.pages:
            if "/Annots" in page:
                del page.Annots
        pdf.save(inbox / "printed.pdf")
    other_workspace, other_pack = make_workspace(tmp_path / "other", "lado-quarterly-review.yaml")
    (inbox / "other-meeting.pdf").write_bytes(fill_pdf(
        (other_pack.folder / "forms" / "contribution-P001.pdf").read_bytes(), GOOD_CONTRIBUTION))
    docx = fill_docx(blank(pack, "P006", "docx"), GOOD_CONTRIBUTION)
    with zipfile.ZipFile(inbox / "hostile.docx", "w") as hostile, zipfile.ZipFile(io.BytesIO(docx)) as good:
        for info in good.infolist():
            body = good.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            hostile.writestr(info, body)
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    report = collect(workspace, inbox, max_bytes=2_000_000)
    outcomes = {Path(i.source).name: i for i in report.items}
    assert {name: item.outcome for name, item in outcomes.items()} == {name: "rejected" for name in before}
    assert "printed to PDF, flattened or scanned" in outcomes["printed.pdf"].reason
    assert "limit" in outcomes["huge.pdf"].reason
    assert "not issued from this workspace" in outcomes["other-meeting.pdf"].reason
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before
    reports = list(workspace.quarantine_dir.glob("*.txt"))
    assert len(reports) == len(before)


def test_collect_command_prints_summary_json_and_exits_1_on_refusal(setup) -> None:
    workspace, pack, inbox = setup
    drop(inbox / "good.pdf", fill_pdf(blank(pack, "P002"), GOOD_CONTRIBUTION), OCT)
    (inbox / "junk.pdf").write_bytes(b"%PDF-1.4 nonsense")
    result = CliRunner().invoke(main, ["collect", str(inbox), "--workspace", str(workspace.root), "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.output)
    assert summary["counts"]["accepted"] == 1 and summary["counts"]["rejected"] == 1
    (inbox / "junk.pdf").unlink()
    result = CliRunner().invoke(main, ["collect", str(inbox), "--workspace", str(workspace.root)])
    assert result.exit_code == 0 and "1 unchanged" in result.output


def test_status_shows_returned_late_and_outstanding(setup) -> None:
    workspace, pack, inbox = setup
    # The example meeting's contributions are due on 10/10/2025.
    drop(inbox / "on-time.pdf", fill_pdf(blank(pack, "P002"), GOOD_CONTRIBUTION), OCT)
    drop(inbox / "late.pdf", fill_pdf(blank(pack, "P003"), GOOD_CONTRIBUTION), dt.datetime(2025, 10, 13, 8, 0))
    collect(workspace, inbox)
    with workspace.open_store() as store:
        states = {s.partner_id: s.state for s in form_statuses(store, "CSM-2025-014")}
    assert states == {"P002": "returned", "P003": "late", "P004": "outstanding", "P005": "outstanding",
                      "P006": "outstanding", "P007": "outstanding"}
    result = CliRunner().invoke(main, ["chase", "CSM-2025-014", "--workspace", str(workspace.root)])
    assert result.exit_code == 0
    assert "4 outstanding" in result.output and "dsl@riverside.example.sch.uk" in result.output
    assert "tom.whitaker" not in result.output


def test_returns_show_and_status_json_describe_what_came_back(setup) -> None:
    workspace, pack, inbox = setup
    drop(inbox / "first.pdf", fill_pdf(blank(pack, "P004"), GOOD_CONTRIBUTION), OCT)
    drop(inbox / "second.pdf", fill_pdf(blank(pack, "P004"), {**GOOD_CONTRIBUTION, "involvement": "Updated."}),
         OCT + dt.timedelta(hours=2))
    form_id = collect(workspace, inbox).items[0].form_id
    shown = CliRunner().invoke(main, ["returns", "show", form_id, "--json", "--workspace", str(workspace.root)])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["record"]["involvement"] == "Updated."
    assert [(v["version"], v["current"]) for v in data["history"]] == [(1, False), (2, True)]
    status = CliRunner().invoke(main, ["status", "CSM-2025-014", "--json", "--workspace", str(workspace.root)])
    states = {row["partner_id"]: (row["state"], row["versions"]) for row in json.loads(status.output)}
    assert states["P004"] == ("returned", 2) and states["P002"] == ("outstanding", 0)
    missing = CliRunner().invoke(main, ["returns", "show", "F-000000000000", "--workspace", str(workspace.root)])
    assert missing.exit_code == 2
