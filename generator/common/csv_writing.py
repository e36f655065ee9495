"""Writing CSV files that Excel opens safely and reads correctly.

CSV files are opened in Excel by people who trust them, so any text that a
spreadsheet could take for a formula is neutralised (OWASP "CSV injection"):
a cell starting with = + - @ tab or carriage return gets a leading
apostrophe, and every field is quoted. Dates are written ISO 8601
(2026-01-31): it cannot be misread as month-first or day-first, Excel
recognises it as a date in every locale, and it sorts correctly as text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, Iterable, Sequence

#: First characters that make a spreadsheet treat a cell as a formula or command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: a leading apostrophe if it could start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: None empty, dates ISO, times HH:MM, numbers as digits, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A whole CSV file: UTF-8 with a byte-order mark so Excel reads accents, CRLF lines, all fields quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
