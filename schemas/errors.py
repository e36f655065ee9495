"""Validation problems as people read them: a file, a field path and what is wrong."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field; ``field`` is a path such as ``invitees[3].email``."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field or '(whole record)'}: {self.message}"


class PartnerpackError(Exception):
    """Base for errors the command line reports to the user without a traceback."""


class RecordInvalid(PartnerpackError):
    """A record failed validation; carries the source file and every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        where = f"{source}: " if source else ""
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{where}{len(problems)} problem(s) found\n{lines}")


def _join(path: str, key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return f"{path}[{key}]"
    if key == "_schema":
        return path
    return f"{path}.{key}" if path else str(key)


def flatten_errors(messages: Any, path: str = "") -> list[Problem]:
    """Turn marshmallow's nested error dict into a flat, ordered list of problems."""
    problems: list[Problem] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            problems.extend(flatten_errors(value, _join(path, key)))
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, (dict, list)):
                problems.extend(flatten_errors(item, path))
            else:
                problems.append(Problem(path, str(item)))
    else:
        problems.append(Problem(path, str(messages)))
    return problems
