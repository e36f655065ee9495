"""Meeting and directory files: good ones load, bad ones say exactly what is wrong."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from partnerpack.generator.common import InputFileError, load_directory, load_meeting
from partnerpack.schemas.errors import RecordInvalid

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

PARTNER = {"id": "P1", "name": "Ada Stone", "role": "DSL", "agency": "Hill School", "agency_type": "education",
           "email": "ada@hill.example.org", "tier": "Tier 1"}


@pytest.mark.parametrize("name", ["case-strategy-meeting", "lado-quarterly-review", "annual-partnership-review"])
def test_example_meetings_load(name: str) -> None:
    meeting, directory = load_meeting(EXAMPLES / f"{name}.yaml")
    assert sum(item["minutes"] for item in meeting["agenda"]) == meeting["duration_minutes"]
    assert all(pid in directory["by_id"] for pid in meeting["invitees"])
    assert meeting["protective_marking"] == "OFFICIAL-SENSITIVE"


def _meeting_yaml(tmp_path: Path, body: str) -> Path:
    (tmp_path / "partners.yaml").write_text((EXAMPLES / "partners.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    path = tmp_path / "meeting.yaml"
    path.write_text("directory: partners.yaml\n" + body, encoding="utf-8")
    return path


def test_every_problem_in_a_meeting_is_listed_with_its_field(tmp_path: Path) -> None:
    path = _meeting_yaml(tmp_path, """
id: M1
kind: lado_quarterly
title: Review
date: 31/02/2025
start_time: "10:00"
chair: A
note_taker: B
invitees: [P001, P001]
agenda:
  - {title: Opening, minutes: 30}
  - {title: Close, minutes: 30}
duration_minutes: 90
""")
    with pytest.raises(RecordInvalid) as caught:
        load_meeting(path)
    fields = {problem.field for problem in caught.value.problems}
    assert {"date", "venue", "agenda", "invitees[1]"} <= fields
    assert str(path) in str(caught.value)


#: A valid police catch-up; each test below changes one thing about it.
CATCH_UP = {"id": "M1", "kind": "police_catchup", "title": "Catch-up", "date": "2025-10-01", "start_time": "09:00",
            "venue": "Station", "chair": "A", "note_taker": "B", "invitees": ["P002"]}


def _catch_up(tmp_path: Path, **changes: object) -> Path:
    return _meeting_yaml(tmp_path, yaml.safe_dump({**CATCH_UP, **changes}))


def test_agenda_must_add_up_to_the_duration(tmp_path: Path) -> None:
    path = _catch_up(tmp_path, duration_minutes=45)
    with pytest.raises(RecordInvalid, match="add up to 60 minutes but the meeting lasts 45"):
        load_meeting(path)


def test_invitee_missing_from_directory_is_named(tmp_path: Path) -> None:
    path = _catch_up(tmp_path, invitees=["P002", "P099"])
    with pytest.raises(RecordInvalid) as caught:
        load_meeting(path)
    assert [str(p) for p in caught.value.problems] == [
        "invitees[1]: No partner with ID 'P099' in the partner directory."]


def test_child_name_is_refused_as_case_reference(tmp_path: Path) -> None:
    path = _catch_up(tmp_path, kind="case_strategy", case_reference="Jamie Smith", title="Strategy")
    with pytest.raises(RecordInvalid, match="case_reference: Use a pseudonymised reference"):
        load_meeting(path)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_text("id: M1\nkind: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"meeting.yaml: line \d+, column \d+"):
        load_meeting(path)


def test_directory_loads_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(PARTNER))
        writer.writeheader()
        writer.writerow(PARTNER)
        writer.writerow({**PARTNER, "id": "P2", "agency_type": "Police", "tier": "Quarterly"})
    directory = load_directory(path, partnership="Hill Partnership")
    assert directory["by_id"]["P1"]["tier"] == 1
    assert directory["by_id"]["P2"]["agency_type"] == "police"
    assert directory["partnership"] == "Hill Partnership"


def test_directory_loads_from_xlsx_and_names_bad_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    sheet.append(list(PARTNER))
    sheet.append(list(PARTNER.values()))
    sheet.append([*list(PARTNER.values())[:5], "not-an-email", 2])
    path = tmp_path / "partners.xlsx"
    workbook.save(path)
    with pytest.raises(RecordInvalid) as caught:
        load_directory(path)
    problems = [str(p) for p in caught.value.problems]
    assert "row 3, column email: Not a valid email address." in problems
    assert any(p.startswith("row 3, column id:") for p in problems)  # duplicate of row 2
