"""The workspace settings file, partnerpack.yaml: what it may hold, its defaults, and how it is checked."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from ...schemas.errors import Problem, RecordInvalid, flatten_errors
from ..common import InputFileError, read_yaml

CONFIG_FILE = "partnerpack.yaml"
DEFAULT_STORE_URL = "sqlite:///store/partnerpack.db"


class ConfigInvalid(RecordInvalid):
    """partnerpack.yaml is unreadable or fails validation; names the file and every field at fault."""


@dataclass(frozen=True)
class Limits:
    """How big a returned file may be before it is refused unread (defends against zip bombs and the like)."""

    max_file_mb: int = 20
    max_uncompressed_mb: int = 50
    max_pages: int = 50


@dataclass(frozen=True)
class WorkspaceConfig:
    """The validated settings; ``store_url`` is as written (a relative SQLite path is from the workspace)."""

    partnership: str
    store_url: str = DEFAULT_STORE_URL
    limits: Limits = field(default_factory=Limits)
    jobs: int = field(default_factory=lambda: usable_cores())


def usable_cores() -> int:
    """The processor cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Jobs(fields.Field):
    """How many returned files to read at once: a whole number, or "auto" for one per processor core."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
            return usable_cores()
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 64:
            raise ValidationError("Give a whole number from 1 to 64, or 'auto' for one per processor core.")
        return value


def _store_url(value: str) -> None:
    if not value.lower().startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise ValidationError("Use sqlite:///path/to/file.db (relative to the workspace) or postgresql://...")


def _megabytes(most: int) -> validate.Range:
    return validate.Range(min=1, max=most, error=f"Give a whole number of megabytes from 1 to {most}.")


class LimitsSchema(Schema):
    """The ``limits:`` section."""

    class Meta:
        unknown = RAISE

    max_file_mb = fields.Integer(load_default=Limits.max_file_mb, validate=_megabytes(500),
                                 metadata={"help": "Largest returned file accepted, in MB."})
    max_uncompressed_mb = fields.Integer(load_default=Limits.max_uncompressed_mb, validate=_megabytes(2000),
                                         metadata={"help": "Largest a DOCX may grow when unzipped, in MB."})
    max_pages = fields.Integer(load_default=Limits.max_pages,
                               validate=validate.Range(min=1, max=1000, error="Give a number of pages from 1 to 1000."),
                               metadata={"help": "Most pages a returned PDF may have."})

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Limits:
        return Limits(**data)


class WorkspaceConfigSchema(Schema):
    """The whole of partnerpack.yaml."""

    class Meta:
        unknown = RAISE

    partnership = fields.String(required=True, validate=validate.Length(min=1, max=160),
                                error_messages={"required": "Give the partnership's name."},
                                metadata={"help": "The name of the safeguarding partnership."})
    store_url = fields.String(load_default=DEFAULT_STORE_URL, validate=_store_url,
                              metadata={"help": "Where returned forms are kept."})
    limits = fields.Nested(LimitsSchema, load_default=None, allow_none=True)
    jobs = _Jobs(load_default=None, allow_none=True, metadata={"help": "Files read at once, or 'auto'."})

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> WorkspaceConfig:
        data["limits"] = data.get("limits") or Limits()
        data["jobs"] = data.get("jobs") or usable_cores()
        return WorkspaceConfig(**data)


def parse_config(data: Any, source: str) -> WorkspaceConfig:
    """Validate already-parsed settings; raise ConfigInvalid naming ``source`` and each field."""
    if not isinstance(data, dict):
        raise ConfigInvalid(source, [Problem("", "The settings file should be a list of 'name: value' lines.")])
    try:
        return WorkspaceConfigSchema().load(data)
    except ValidationError as exc:
        raise ConfigInvalid(source, flatten_errors(exc.messages)) from None


def load_config(path: Path) -> WorkspaceConfig:
    """Read and validate partnerpack.yaml; raise ConfigInvalid naming the file and each field at fault."""
    try:
        data = read_yaml(path)
    except InputFileError as exc:
        raise ConfigInvalid(str(path), [Problem("", str(exc).removeprefix(f"{path}: "))]) from None
    return parse_config(data, str(path))


_HEADER = """\
# partnerpack workspace settings.
#   partnership  the partnership's name, printed on packs and registers
#   store_url    where returned forms are kept; a sqlite:/// path is relative to this folder
#   limits       returned files larger than these are refused unread
#   jobs         how many returned files to read at once; "auto" means one per processor core
"""


def render_config(partnership: str) -> str:
    """The text of a new partnerpack.yaml with every setting at its default."""
    defaults = Limits()
    body = {
        "partnership": partnership,
        "store_url": DEFAULT_STORE_URL,
        "limits": {"max_file_mb": defaults.max_file_mb, "max_uncompressed_mb": defaults.max_uncompressed_mb,
                   "max_pages": defaults.max_pages},
        "jobs": "auto",
    }
    return _HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
