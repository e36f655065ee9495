"""The store: every returned form kept safely, with its original file, its history and what was issued.

Open one with ``open_store(url)`` (or ``Workspace.open_store()``). Each
method that writes does so in one transaction; wrap several calls in
``with store.transaction():`` to make them one (for example accepting a
return and flagging a conflict about it). Original files are written to
disk, content-addressed by SHA-256, *before* the transaction that records
them commits: a crash can leave a file with no row, which is harmless and
reused on the next run, but never a row without its file.

A Store holds one database connection: use it from one thread. Reading and
checking returned files can run in parallel; storing them is done in turn.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ...schemas.errors import Problem
from ...schemas.meeting import MeetingSchema
from ..common import atomic_write_many
from . import sql
from .database import Database, StoreError, StoreNotSupported, connect, migrate, parse_store_url
from .records import (
    AcceptOutcome,
    Conflict,
    IssuedForm,
    Rejection,
    ReturnVersion,
    StoredMeeting,
    StoredReturn,
    now_text,
    problems_to_json,
    record_from_json,
    record_to_json,
    utc_text,
)

__all__ = [
    "AcceptOutcome", "Conflict", "FormNotIssued", "IssuedForm", "MissingOriginal", "Rejection", "ReturnVersion",
    "Store", "StoreError", "StoreNotSupported", "StoredMeeting", "StoredReturn", "open_store",
]

_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")
_MEETING_SCHEMA = MeetingSchema()  # only to know which meeting fields hold dates and times


class FormNotIssued(StoreError):
    """A return for a form id this store never issued (see ``register_issued``)."""

    def __init__(self, form_id: str) -> None:
        self.form_id = form_id
        super().__init__(f"Form {form_id} was not issued from this workspace, so its return cannot be stored.")


class MissingOriginal(StoreError):
    """A return naming a file that was never stored with ``store_original``."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        super().__init__(f"No original file {sha256[:12]}… in the store; call store_original first.")


def open_store(url: str, *, originals_dir: Path | None = None, base_dir: Path | None = None) -> "Store":
    """Open (creating and upgrading if needed) the store at ``url``.

    ``sqlite:///store/partnerpack.db`` is relative to ``base_dir`` (default:
    the current folder); ``sqlite:////abs/path.db`` is absolute. Original
    files go to ``originals_dir``, by default an ``originals`` folder beside
    the database file. ``postgresql://`` raises StoreNotSupported for now.
    """
    address = parse_store_url(url, base_dir=base_dir)
    if address.scheme == "postgresql":
        raise StoreNotSupported("PostgreSQL stores are not supported yet; use a sqlite:/// store URL for now.")
    if originals_dir is None:
        if address.path is None:
            raise StoreError(f"Store URL '{url}' has no folder for original files; pass originals_dir.")
        originals_dir = address.path.parent / "originals"
    database = connect(address)
    try:
        migrate(database, sql.MIGRATIONS)
    except BaseException:
        database.close()
        raise
    return Store(database, Path(originals_dir), address.url)


class Store:
    """Returned forms, their original files and what was issued, kept in one database."""

    def __init__(self, database: Database, originals_dir: Path, url: str) -> None:
        self._db = database
        self.originals_dir = originals_dir
        self.url = url

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[None]:
        """Make every store call inside one all-or-nothing change (calls nest safely)."""
        return self._db.transaction()

    # -- originals ------------------------------------------------------------------------------------------

    def store_original(self, data: bytes, suffix: str) -> str:
        """Keep a returned file's exact bytes; return their SHA-256. Storing the same bytes again is a no-op.

        The file is written (and flushed to disk) before its row is committed.
        """
        return self.store_originals([(data, suffix)])[0]

    def store_originals(self, files: Sequence[tuple[bytes, str]]) -> list[str]:
        """Keep several returned files' exact bytes, as ``store_original`` does; their SHA-256s, in order.

        Every new file is written and flushed to disk before any row is
        inserted, waiting for the disk once for them all (collect stores a
        batch at a time). Inside ``transaction()`` the rows commit with it.
        """
        hashes: list[str] = []
        writes: list[tuple[Path, bytes]] = []
        rows: list[tuple[Any, ...]] = []
        for data, suffix in files:
            clean_suffix = suffix.lower()
            if not _SUFFIX.match(clean_suffix):
                raise StoreError(f"'{suffix}' is not a file suffix the store accepts (e.g. '.pdf', '.docx').")
            sha256 = hashlib.sha256(data).hexdigest()
            seen = sha256 in hashes
            hashes.append(sha256)
            if seen:
                continue
            known = self._db.scalar(sql.SELECT_ORIGINAL, (sha256,))
            relative = known or f"{sha256[:2]}/{sha256}{clean_suffix}"
            if not _holds(self.originals_dir / relative, sha256):
                writes.append((self.originals_dir / relative, data))
            if known is None:
                rows.append((sha256, len(data), clean_suffix, relative, now_text()))
        atomic_write_many(writes)  # flushes the files and their folder entries
        if rows:
            with self._db.transaction():
                for row in rows:
                    self._db.execute(sql.INSERT_ORIGINAL, row)
        return hashes

    def original_path(self, sha256: str) -> Path | None:
        """Where the original file with this SHA-256 is kept, or None if it was never stored."""
        relative = self._db.scalar(sql.SELECT_ORIGINAL, (sha256,))
        return self.originals_dir / relative if relative else None

    # -- what was issued ------------------------------------------------------------------------------------

    def register_meeting(self, meeting: Mapping[str, Any]) -> None:
        """Record (or update) a meeting from its loaded record; needs ``id``, ``kind``, ``title`` and ``date``."""
        missing = [key for key in ("id", "kind", "title", "date") if not meeting.get(key)]
        if missing:
            raise StoreError(f"A meeting record needs {', '.join(missing)} to be registered.")
        day = meeting["date"]
        with self._db.transaction():
            self._db.execute(sql.UPSERT_MEETING, (meeting["id"], meeting["kind"], meeting["title"],
                                                  day.isoformat() if isinstance(day, dt.date) else str(day),
                                                  record_to_json(meeting)))

    def register_issued(self, forms: Iterable[IssuedForm]) -> None:
        """Record the forms sent out in a pack; re-registering updates them but keeps the first issued_at."""
        with self._db.transaction():
            for form in forms:
                self._db.execute(sql.UPSERT_ISSUED, form.to_params())

    # -- returns --------------------------------------------------------------------------------------------

    def accept_return(self, form_id: str, record: Mapping[str, Any], sha256: str, source: str,
                      received_at: dt.datetime) -> AcceptOutcome:
        """File a valid return as a version of its form and say what happened (see AcceptOutcome).

        The current version is the one received last (``received_at``: the
        file's time or the e-mail's Date; give it a time zone); on a tie, the
        one stored last. Raises FormNotIssued or MissingOriginal if the form
        or the original file is unknown.
        """
        received = utc_text(received_at)
        with self._db.transaction():
            form_type = self._db.scalar(sql.SELECT_FORM_TYPE, (form_id,))
            if form_type is None:
                raise FormNotIssued(form_id)
            if self._db.scalar(sql.SELECT_ORIGINAL, (sha256,)) is None:
                raise MissingOriginal(sha256)
            row = self._db.query_one(sql.SELECT_CURRENT_VERSION, (form_id,))
            previous = ReturnVersion.from_row(row, form_type) if row else None
            same = self._db.query_one(sql.SELECT_VERSION_BY_SHA, (form_id, sha256))
            if same:
                stored = ReturnVersion.from_row(same, form_type)
                return AcceptOutcome("unchanged", form_id, stored.version, stored.is_current, previous)
            version = (self._db.scalar(sql.SELECT_LAST_VERSION_NUMBER, (form_id,)) or 0) + 1
            becomes_current = previous is None or received >= utc_text(previous.received_at)
            result = "accepted" if previous is None else "updated" if becomes_current else "older"
            if becomes_current:
                self._db.execute(sql.RETIRE_CURRENT, (form_id,))
            self._db.execute(sql.INSERT_RETURN, (form_id, version, sha256, source, received, now_text(),
                                                 record_to_json(record), int(becomes_current), result))
        return AcceptOutcome(result, form_id, version, becomes_current, previous)

    def reject(self, sha256: str, source: str, reason: str, problems: Sequence[Problem | str] = (),
               quarantined_path: str | Path | None = None) -> bool:
        """Record a refused file once per SHA-256; return False if it was already recorded."""
        with self._db.transaction():
            changed = self._db.execute(sql.INSERT_REJECTION, (
                sha256, source, reason, problems_to_json(problems),
                None if quarantined_path is None else str(quarantined_path), now_text()))
        return changed == 1

    def seen_before(self, sha256: str) -> tuple[str, str] | None:
        """("stored", form id) or ("rejected", reason) if these exact bytes were collected before, else None.

        Lets a re-run skip files it has already dealt with without reading them again.
        """
        # Every stored return's file is in originals, whose key is the hash: looking there first spares a
        # scan of all returns (which have no index by hash) for each new file.
        if self._db.scalar(sql.SELECT_ORIGINAL, (sha256,)) is not None:
            row = self._db.query_one(sql.SELECT_RETURN_BY_SHA, (sha256,))
            if row:
                return "stored", row[0]
        reason = self._db.scalar(sql.SELECT_REJECTION_REASON, (sha256,))
        return ("rejected", reason) if reason is not None else None

    def forget_rejection(self, sha256: str) -> bool:
        """Take a file off the rejections list (say, once it has been accepted); False if it was not on it."""
        with self._db.transaction():
            return self._db.execute(sql.DELETE_REJECTION, (sha256,)) == 1

    def flag_conflict(self, form_id: str, sha256_a: str, sha256_b: str, note: str) -> bool:
        """Record that two stored returns of one form look filled in by different people.

        The pair is unordered; return False if it was already flagged. Both
        files must already be stored as returns of ``form_id``.
        """
        if sha256_a == sha256_b:
            raise StoreError("A conflict needs two different returned files.")
        first, second = sorted((sha256_a, sha256_b))
        with self._db.transaction():
            if self._db.scalar(sql.COUNT_RETURNS_WITH_SHA, (form_id, first, second)) != 2:
                raise StoreError(f"Both files must be stored returns of form {form_id} before flagging a conflict.")
            changed = self._db.execute(sql.INSERT_CONFLICT, (form_id, first, second, note, now_text()))
        return changed == 1

    # -- queries --------------------------------------------------------------------------------------------

    def get_return(self, form_id: str) -> StoredReturn | None:
        """The form's current return with its whole history, or None if nothing has come back for it."""
        issued = self.get_issued(form_id)
        if issued is None:
            return None
        versions = [ReturnVersion.from_row(row, issued.form_type)
                    for row in self._db.query(sql.SELECT_HISTORY, (form_id,))]
        return _assemble(issued, versions)

    def current_returns(self, form_type: str | None = None, meeting_id: str | None = None) -> list[StoredReturn]:
        """Every returned form (current version and history), optionally for one form type and/or meeting."""
        rows = self._db.query(sql.SELECT_RETURNED_VERSIONS, (form_type, form_type, meeting_id, meeting_id))
        grouped: dict[str, tuple[IssuedForm, list[ReturnVersion]]] = {}
        for row in rows:
            issued = IssuedForm.from_row(row[:8])
            entry = grouped.setdefault(issued.form_id, (issued, []))
            entry[1].append(ReturnVersion.from_row(row[8:], issued.form_type))
        found = (_assemble(issued, versions) for issued, versions in grouped.values())
        return [item for item in found if item is not None]

    def issued_forms(self, meeting_id: str | None = None) -> list[IssuedForm]:
        """Every issued form, or those for one meeting."""
        if meeting_id is None:
            return [IssuedForm.from_row(row) for row in self._db.query(sql.SELECT_ALL_ISSUED)]
        return [IssuedForm.from_row(row) for row in self._db.query(sql.SELECT_ISSUED_FOR_MEETING, (meeting_id,))]

    def get_issued(self, form_id: str) -> IssuedForm | None:
        """The issued form with this id, or None if this store never issued it."""
        row = self._db.query_one(sql.SELECT_ISSUED, (form_id,))
        return IssuedForm.from_row(row) if row else None

    def meetings(self) -> list[StoredMeeting]:
        """Every registered meeting, earliest first."""
        return [_meeting(row) for row in self._db.query(sql.SELECT_MEETINGS)]

    def get_meeting(self, meeting_id: str) -> StoredMeeting | None:
        """The registered meeting with this id, or None."""
        row = self._db.query_one(sql.SELECT_MEETING, (meeting_id,))
        return _meeting(row) if row else None

    def rejections(self) -> list[Rejection]:
        """Every refused file, in the order refused."""
        return [Rejection.from_row(row) for row in self._db.query(sql.SELECT_REJECTIONS)]

    def conflicts(self) -> list[Conflict]:
        """Every flagged conflict, in the order flagged."""
        return [Conflict.from_row(row) for row in self._db.query(sql.SELECT_CONFLICTS)]

    def counts(self) -> dict[str, int]:
        """Rows per kind: meetings, issued_forms, originals, returns (all versions), forms_returned
        (forms with a current return), rejections and conflicts."""
        return {name: int(self._db.scalar(query) or 0) for name, query in sql.COUNTS.items()}


def _holds(path: Path, sha256: str) -> bool:
    """True if ``path`` already holds these bytes: left by an earlier run, perhaps one that crashed before
    committing, and reused."""
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256


def _assemble(issued: IssuedForm, versions: list[ReturnVersion]) -> StoredReturn | None:
    current = [v for v in versions if v.is_current]
    if not current:
        return None
    return StoredReturn(issued, current[0], tuple(versions))


def _meeting(row: Sequence[Any]) -> StoredMeeting:
    meeting_id, kind, title, day, data_json = row
    return StoredMeeting(meeting_id, kind, title, dt.date.fromisoformat(day),
                         record_from_json(data_json, _MEETING_SCHEMA))

