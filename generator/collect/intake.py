"""Finding returned forms: files, folders (recursively) and the attachments of saved e-mails.

Each thing found becomes an ``Incoming`` with its bytes, where it came from
and when it was received, whatever shape it arrived in.
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

FORM_SUFFIXES = (".pdf", ".docx")
MAIL_SUFFIXES = (".eml",)


@dataclass(frozen=True)
class Incoming:
    """One returned file: its bytes, a readable source and when it arrived.

    ``too_large`` is set instead of ``data`` when the file is over the size
    limit, so an oversized file is reported without being read into memory.
    """

    source: str
    name: str
    data: bytes
    received_at: dt.datetime
    too_large: int | None = None

    @property
    def suffix(self) -> str:
        """The file ending in lower case, e.g. '.pdf'."""
        return Path(self.name).suffix.lower()

    @cached_property
    def sha256(self) -> str:
        """The file's SHA-256, worked out once; an oversized file unread is named by its source and size."""
        content = self.data if self.too_large is None else f"too-large:{self.source}:{self.too_large}".encode()
        return hashlib.sha256(content).hexdigest()


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc).replace(microsecond=0)


def _from_file(path: Path, max_bytes: int) -> Incoming:
    size = path.stat().st_size
    if size > max_bytes:
        return Incoming(str(path), path.name, b"", _mtime(path), too_large=size)
    return Incoming(str(path), path.name, path.read_bytes(), _mtime(path))


def _from_mail(path: Path, max_bytes: int) -> Iterator[Incoming]:
    """The PDF and DOCX attachments of a saved e-mail, dated by the e-mail's Date header."""
    with path.open("rb") as stream:
        message = email.message_from_binary_file(stream, policy=email.policy.default)
    received = _mtime(path)
    if message["Date"]:
        try:
            received = email.utils.parsedate_to_datetime(str(message["Date"])).astimezone(dt.timezone.utc)
        except (TypeError, ValueError):
            pass
    for part in message.iter_attachments():
        name = part.get_filename() or ""
        if Path(name).suffix.lower() not in FORM_SUFFIXES:
            continue
        data = part.get_payload(decode=True) or b""
        source = f"{path}/{name}"
        if len(data) > max_bytes:
            yield Incoming(source, name, b"", received, too_large=len(data))
        else:
            yield Incoming(source, name, data, received)


def find_returns(paths: Iterable[Path], *, max_bytes: int) -> Iterator[Incoming]:
    """Every returned form under ``paths``, in a stable order: files sorted by path.

    Hidden files and Office lock files (~$name.docx) are passed over.
    """
    for root in paths:
        root = Path(root)
        candidates = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in candidates:
            if path.name.startswith((".", "~$")):
                continue
            suffix = path.suffix.lower()
            if suffix in MAIL_SUFFIXES:
                yield from _from_mail(path, max_bytes)
            elif suffix in FORM_SUFFIXES or path == root:
                yield _from_file(path, max_bytes)
