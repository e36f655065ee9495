"""`partnerpack demo` runs the whole cycle on fictional data, into a new folder each time."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from partnerpack.generator.cli import main
from partnerpack.generator.demo import new_demo_folder
from partnerpack.generator.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo") / "year"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, result.output


def test_demo_packs_every_kind_of_meeting(demo) -> None:
    folder, tour = demo
    manifests = sorted(p.parent.name for p in (folder / "output").glob("*/manifest.json"))
    assert {"ASR-2025", "LADO-2025-Q1", "CSM-2025-014", "POL-2025-11", "PCU-2026-04", "ASR-2026"} <= set(manifests)
    assert (folder / "output" / "schedule-2026-27.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") > 10


def test_demo_refuses_the_printed_and_the_cut_short_files_and_keeps_them(demo) -> None:
    folder, tour = demo
    assert "refused CSM-2025-014 contribution Marcus Bell.pdf" in tour and "printed to PDF" in tour
    assert "refused scan0001.pdf" in tour
    quarantined = sorted(p.name for p in (folder / "returns" / "quarantine").iterdir())
    assert len([n for n in quarantined if n.endswith(".txt")]) == 2
    assert (folder / "returns" / "inbox" / "meetings" / "scan0001.pdf").exists()


def test_demo_shows_the_late_return_and_the_correction(demo) -> None:
    folder, tour = demo
    assert "late: Dr Sam Reid" in tour
    with Workspace.load(folder).open_store() as store:
        corrected = [r for r in store.current_returns(form_type="contribution") if len(r.history) == 2]
    assert len(corrected) == 1
    assert corrected[0].record["signs_of_safety"].startswith("Correction:")


def test_demo_writes_the_register_in_three_formats_and_the_review(demo) -> None:
    folder, tour = demo
    output = folder / "output"
    workbook = load_workbook(output / "action-register-2026-07-31.xlsx")
    assert len(workbook.sheetnames) >= 3
    assert (output / "action-register-2026-07-31.csv").read_text(encoding="utf-8-sig").count("\n") > 10
    register = Document(str(output / "action-register-2026-07-31.docx"))
    assert any("OFFICIAL-SENSITIVE" in p.text for p in register.sections[0].header.paragraphs)
    review = Document(str(output / "annual-review-2025-26.docx"))
    headings = [p.text for p in review.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 5
    assert review.inline_shapes, "the review should carry its charts"


def test_demo_runs_again_into_a_new_folder_but_never_over_one(demo, tmp_path: Path) -> None:
    folder, _ = demo
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 2 and "not empty" in result.output
    assert new_demo_folder(folder) == folder.with_name("year-2")
    assert new_demo_folder(tmp_path / "fresh") == tmp_path / "fresh"
