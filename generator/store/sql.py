"""Every SQL statement the store runs, in one place.

Statements use ``?`` placeholders (converted for the driver in database.py) and
SQL that SQLite and PostgreSQL both accept; the one difference in the table
definitions, the auto-numbered id column, is filled in from the dialect as
``{serial_primary_key}``. Times are stored as ISO 8601 text in UTC with
microseconds, so text order is time order; dates as ``YYYY-MM-DD``.
"""
from __future__ import annotations

from typing import NamedTuple


class Migration(NamedTuple):
    """One numbered change to the tables, applied once and recorded in schema_version."""

    version: int
    description: str
    statements: tuple[str, ...]


SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",      # readers never block the writer; a crash never corrupts the file
    "PRAGMA synchronous = FULL",      # a commit is on disk before accept_return returns
    "PRAGMA foreign_keys = ON",       # a return can never point at an original that is not there
    "PRAGMA busy_timeout = 30000",    # a second partnerpack waits for the first instead of failing
)

CREATE_SCHEMA_VERSION = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""
CURRENT_SCHEMA_VERSION = "SELECT MAX(version) FROM schema_version"
RECORD_SCHEMA_VERSION = "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)"

MIGRATIONS = (
    Migration(1, "meetings, issued forms, originals, returns, rejections and conflicts", (
        """CREATE TABLE meetings (
            meeting_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            date TEXT NOT NULL,
            data_json TEXT NOT NULL
        )""",
        """CREATE TABLE issued_forms (
            form_id TEXT PRIMARY KEY,
            form_type TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            meeting_id TEXT NOT NULL,
            partner_id TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            due_on TEXT,
            files_json TEXT NOT NULL
        )""",
        "CREATE INDEX issued_forms_by_meeting ON issued_forms (meeting_id, form_type)",
        """CREATE TABLE originals (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            suffix TEXT NOT NULL,
            stored_path TEXT NOT NULL,
            first_seen_at TEXT NOT NULL
        )""",
        """CREATE TABLE returns (
            id {serial_primary_key},
            form_id TEXT NOT NULL REFERENCES issued_forms (form_id),
            version INTEGER NOT NULL CHECK (version >= 1),
            sha256 TEXT NOT NULL REFERENCES originals (sha256),
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            stored_at TEXT NOT NULL,
            record_json TEXT NOT NULL,
            is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
            status TEXT NOT NULL,
            UNIQUE (form_id, sha256),
            UNIQUE (form_id, version)
        )""",
        # At most one current version per form; accept_return keeps it at exactly one.
        "CREATE UNIQUE INDEX returns_one_current ON returns (form_id) WHERE is_current = 1",
        """CREATE TABLE rejections (
            id {serial_primary_key},
            sha256 TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            problems_json TEXT NOT NULL,
            quarantined_path TEXT,
            rejected_at TEXT NOT NULL
        )""",
        """CREATE TABLE conflicts (
            id {serial_primary_key},
            form_id TEXT NOT NULL REFERENCES issued_forms (form_id),
            sha256_a TEXT NOT NULL REFERENCES originals (sha256),
            sha256_b TEXT NOT NULL REFERENCES originals (sha256),
            note TEXT NOT NULL,
            flagged_at TEXT NOT NULL,
            CHECK (sha256_a < sha256_b),
            UNIQUE (form_id, sha256_a, sha256_b)
        )""",
    )),
    Migration(2, "find returns by the hash of their original file", (
        "CREATE INDEX returns_by_sha256 ON returns (sha256)",
    )),
)

# -- meetings and issued forms ------------------------------------------------------------------------------

UPSERT_MEETING = """
INSERT INTO meetings (meeting_id, kind, title, date, data_json) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (meeting_id) DO UPDATE SET
    kind = excluded.kind, title = excluded.title, date = excluded.date, data_json = excluded.data_json"""
MEETING_COLUMNS = "meeting_id, kind, title, date, data_json"
SELECT_MEETINGS = f"SELECT {MEETING_COLUMNS} FROM meetings ORDER BY date, meeting_id"
SELECT_MEETING = f"SELECT {MEETING_COLUMNS} FROM meetings WHERE meeting_id = ?"

# issued_at keeps the first time a form went out; a re-made pack updates the rest.
UPSERT_ISSUED = """
INSERT INTO issued_forms (form_id, form_type, schema_version, meeting_id, partner_id, issued_at, due_on, files_json)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (form_id) DO UPDATE SET
    form_type = excluded.form_type, schema_version = excluded.schema_version,
    meeting_id = excluded.meeting_id, partner_id = excluded.partner_id,
    due_on = excluded.due_on, files_json = excluded.files_json"""
ISSUED_COLUMNS = "form_id, form_type, schema_version, meeting_id, partner_id, issued_at, due_on, files_json"
SELECT_FORM_TYPE = "SELECT form_type FROM issued_forms WHERE form_id = ?"
SELECT_ISSUED = f"SELECT {ISSUED_COLUMNS} FROM issued_forms WHERE form_id = ?"
SELECT_ALL_ISSUED = f"SELECT {ISSUED_COLUMNS} FROM issued_forms ORDER BY meeting_id, form_type, partner_id, form_id"
SELECT_ISSUED_FOR_MEETING = (f"SELECT {ISSUED_COLUMNS} FROM issued_forms WHERE meeting_id = ? "
                             "ORDER BY form_type, partner_id, form_id")

# -- originals ----------------------------------------------------------------------------------------------

SELECT_ORIGINAL = "SELECT stored_path FROM originals WHERE sha256 = ?"
INSERT_ORIGINAL = """
INSERT INTO originals (sha256, size, suffix, stored_path, first_seen_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (sha256) DO NOTHING"""

# -- returns ------------------------------------------------------------------------------------------------

RETURN_COLUMNS = "form_id, version, sha256, source, received_at, stored_at, record_json, is_current, status"
SELECT_VERSION_BY_SHA = f"SELECT {RETURN_COLUMNS} FROM returns WHERE form_id = ? AND sha256 = ?"
SELECT_RETURN_BY_SHA = "SELECT form_id, version FROM returns WHERE sha256 = ? ORDER BY id LIMIT 1"
SELECT_REJECTION_REASON = "SELECT reason FROM rejections WHERE sha256 = ?"
SELECT_CURRENT_VERSION = f"SELECT {RETURN_COLUMNS} FROM returns WHERE form_id = ? AND is_current = 1"
SELECT_LAST_VERSION_NUMBER = "SELECT MAX(version) FROM returns WHERE form_id = ?"
RETIRE_CURRENT = "UPDATE returns SET is_current = 0 WHERE form_id = ? AND is_current = 1"
INSERT_RETURN = f"INSERT INTO returns ({RETURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
SELECT_HISTORY = f"SELECT {RETURN_COLUMNS} FROM returns WHERE form_id = ? ORDER BY version"
COUNT_RETURNS_WITH_SHA = "SELECT COUNT(*) FROM returns WHERE form_id = ? AND sha256 IN (?, ?)"

# Every version of every returned form matching optional filters (pass each filter value twice:
# a NULL value means "any"), issued-form columns first.
SELECT_RETURNED_VERSIONS = f"""
SELECT {', '.join('i.' + c for c in ISSUED_COLUMNS.split(', '))},
       {', '.join('r.' + c for c in RETURN_COLUMNS.split(', '))}
FROM returns r JOIN issued_forms i ON i.form_id = r.form_id
WHERE (CAST(? AS TEXT) IS NULL OR i.form_type = ?) AND (CAST(? AS TEXT) IS NULL OR i.meeting_id = ?)
ORDER BY i.meeting_id, i.form_type, i.partner_id, i.form_id, r.version"""

# -- rejections and conflicts -------------------------------------------------------------------------------

INSERT_REJECTION = """
INSERT INTO rejections (sha256, source, reason, problems_json, quarantined_path, rejected_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (sha256) DO NOTHING"""
DELETE_REJECTION = "DELETE FROM rejections WHERE sha256 = ?"
SELECT_REJECTIONS = """
SELECT id, sha256, source, reason, problems_json, quarantined_path, rejected_at FROM rejections ORDER BY id"""

INSERT_CONFLICT = """
INSERT INTO conflicts (form_id, sha256_a, sha256_b, note, flagged_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (form_id, sha256_a, sha256_b) DO NOTHING"""
SELECT_CONFLICTS = "SELECT id, form_id, sha256_a, sha256_b, note, flagged_at FROM conflicts ORDER BY id"

# -- counts -------------------------------------------------------------------------------------------------

COUNTS = {
    "meetings": "SELECT COUNT(*) FROM meetings",
    "issued_forms": "SELECT COUNT(*) FROM issued_forms",
    "originals": "SELECT COUNT(*) FROM originals",
    "returns": "SELECT COUNT(*) FROM returns",
    "forms_returned": "SELECT COUNT(*) FROM returns WHERE is_current = 1",
    "rejections": "SELECT COUNT(*) FROM rejections",
    "conflicts": "SELECT COUNT(*) FROM conflicts",
}
