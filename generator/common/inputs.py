"""Reading the files people write by hand: meetings in YAML, partner directories in YAML, CSV or XLSX.

Every problem is reported with the file and the field (or spreadsheet row),
and all problems in a file are reported together, not one at a time.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml

from ...schemas.errors import PartnerpackError, Problem, RecordInvalid
from ...schemas.meeting import MeetingSchema, invitee_problems
from ...schemas.partner import PartnerDirectorySchema

DEFAULT_PARTNERSHIP = "Safeguarding Partnership"
DIRECTORY_COLUMNS = ("id", "name", "role", "agency", "agency_type", "email", "phone", "preferred_contact", "tier")


class InputFileError(PartnerpackError):
    """A file that is missing, unreadable or not the right shape, before any field is checked."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


class _DatesAsTextLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so the schema reports a bad date by its field name."""


_DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [entry for entry in resolvers if entry[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely; syntax errors name the file, line and column."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"cannot be read ({exc})") from None
    try:
        return yaml.load(text, Loader=_DatesAsTextLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputFileError(path, f"{where}not valid YAML ({exc.problem})") from None
    except yaml.YAMLError as exc:
        raise InputFileError(path, f"not valid YAML ({exc})") from None


def _tier_value(raw: Any) -> Any:
    """Accept '1', 'Tier 1', 'Quarterly' and similar from a spreadsheet cell."""
    text = str(raw or "").strip().lower()
    words = {"quarterly": 1, "twice-yearly": 2, "twice yearly": 2, "bi-annual": 2, "biannual": 2, "annual": 3}
    if text in words:
        return words[text]
    match = re.fullmatch(r"(?:tier\s*)?([0-9]+)(?:\.0)?", text)
    return int(match.group(1)) if match else raw


def _row_to_partner(row: dict[str, Any]) -> dict[str, Any]:
    partner = {}
    for key, value in row.items():
        column = str(key or "").strip().lower().replace(" ", "_")
        if column not in DIRECTORY_COLUMNS:
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        partner[column] = _tier_value(value) if column == "tier" else str(value).strip()
    return partner


def _rows_from_csv(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"cannot be read ({exc})") from None
    return list(csv.DictReader(io.StringIO(text)))


def _rows_from_xlsx(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InputFileError(path, f"is not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    sheet = workbook["Partners"] if "Partners" in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "") for cell in next(rows, ())]
    records = [dict(zip(header, values)) for values in rows if any(v not in (None, "") for v in values)]
    workbook.close()
    return records


def _spreadsheet_problem(problem: Problem) -> Problem:
    """Name spreadsheet rows as people see them: row 2 is the first partner under the header."""
    match = re.match(r"^partners\[(\d+)\]\.?(.*)$", problem.field)
    if not match:
        return problem
    row, rest = int(match.group(1)) + 2, match.group(2)
    return Problem(f"row {row}" + (f", column {rest}" if rest else ""), problem.message)


def load_directory(path: Path, *, partnership: str | None = None) -> dict[str, Any]:
    """Load and validate a partner directory from .yaml/.yml, .csv or .xlsx."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputFileError(path, "file not found")
    if suffix in (".yaml", ".yml"):
        raw = read_yaml(path)
        if not isinstance(raw, dict):
            raise InputFileError(path, "should hold 'partnership:' and a list under 'partners:'")
        if partnership:
            raw = {**raw, "partnership": partnership}
        return PartnerDirectorySchema().load_record(raw, source=str(path))
    if suffix in (".csv", ".xlsx"):
        rows = _rows_from_csv(path) if suffix == ".csv" else _rows_from_xlsx(path)
        raw = {"partnership": partnership or DEFAULT_PARTNERSHIP, "partners": [_row_to_partner(r) for r in rows]}
        try:
            return PartnerDirectorySchema().load_record(raw, source=str(path))
        except RecordInvalid as exc:
            raise RecordInvalid(exc.source, [_spreadsheet_problem(p) for p in exc.problems]) from None
    raise InputFileError(path, "a partner directory must be .yaml, .yml, .csv or .xlsx")


def load_meeting(path: Path, directory_path: Path | None = None, *, default_directory: Path | None = None
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Load a meeting file and its partner directory, checking every invitee is in the directory.

    The directory comes from ``directory_path``, else the meeting's own
    ``directory:`` key (read relative to the meeting file), else
    ``default_directory`` (a workspace's partners.yaml).
    """
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputFileError(path, "should be a YAML mapping of meeting fields (id, kind, title, date, ...)")
    raw = dict(raw)
    named_directory = raw.pop("directory", None)
    partnership = raw.pop("partnership", None)
    if directory_path is None and not named_directory and default_directory is not None:
        directory_path = default_directory
    if directory_path is None:
        if not named_directory:
            raise InputFileError(path, "no partner directory: add 'directory: partners.yaml' or use --directory")
        directory_path = (path.parent / str(named_directory)).resolve()
    directory = load_directory(Path(directory_path), partnership=partnership)
    problems = invitee_problems(raw.get("invitees"), directory)
    try:
        meeting = MeetingSchema().load_record(raw, source=str(path))
    except RecordInvalid as exc:
        raise RecordInvalid(exc.source, exc.problems + problems) from None
    if problems:
        raise RecordInvalid(str(path), problems)
    return meeting, directory
