"""The thin database layer under the store: one DB-API connection, ``?`` placeholders, transactions.

The store writes every statement with ``?`` (qmark) placeholders and calls
``Database.execute``/``query``. Only this module knows which driver is
underneath: placeholders are converted in ``convert_placeholders`` and the
few statements that differ between databases live in a ``Dialect``. Adding
PostgreSQL later means a new dialect and a branch in ``connect``, not edits
all over the store.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol, Sequence
from urllib.parse import urlsplit

from ...schemas.errors import PartnerpackError
from . import sql as store_sql


class StoreError(PartnerpackError):
    """The store cannot do what was asked: a bad address, a newer database, a missing row."""


class StoreNotSupported(StoreError):
    """A store URL for a kind of database partnerpack cannot use yet."""


class Cursor(Protocol):
    """The part of a DB-API 2.0 cursor the store uses."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """The part of a DB-API 2.0 connection the store uses; sqlite3 and psycopg both fit.

    The connection must be in autocommit mode: transactions are opened and
    closed explicitly by ``Database.transaction`` with the dialect's statements.
    """

    def cursor(self) -> Cursor: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Dialect:
    """What differs between databases: placeholders, how a write transaction starts, id columns."""

    name: str
    paramstyle: str  # DB-API paramstyle: "qmark" (sqlite3) or "format" (psycopg)
    begin: str
    serial_primary_key: str


SQLITE = Dialect("sqlite", "qmark", "BEGIN IMMEDIATE", "INTEGER PRIMARY KEY")
#: Ready for a PostgreSQL backend; ``connect`` refuses it until one is written and tested.
POSTGRESQL = Dialect("postgresql", "format", "BEGIN", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")


def convert_placeholders(sql: str, paramstyle: str) -> str:
    """Rewrite qmark SQL for the driver's paramstyle; the one place placeholders are converted.

    ``?`` inside single-quoted literals is left alone, and for "format" a
    literal ``%`` is doubled so the driver does not read it as a placeholder.
    """
    if paramstyle == "qmark":
        return sql
    if paramstyle not in ("format", "pyformat"):
        raise StoreNotSupported(f"Database paramstyle '{paramstyle}' is not supported.")
    out, quoted = [], False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "?" and not quoted:
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


class Database:
    """One open connection with qmark SQL, nested transactions and errors named by the store's address."""

    def __init__(self, connection: Connection, dialect: Dialect, where: str,
                 driver_error: type[Exception] = Exception) -> None:
        self._connection = connection
        self.dialect = dialect
        self.where = where
        self._driver_error = driver_error
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return the number of rows it changed (-1 if the driver cannot tell)."""
        cursor = self._run(sql, params)
        return getattr(cursor, "rowcount", -1)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row a SELECT returns, as tuples."""
        return [tuple(row) for row in self._run(sql, params).fetchall()]

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row a SELECT returns, or None if it returns nothing."""
        row = self._run(sql, params).fetchone()
        return None if row is None else tuple(row)

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None if there is no row."""
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    @property
    def in_transaction(self) -> bool:
        """True inside ``with transaction():``."""
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all.

        The outermost level starts a write transaction (``BEGIN IMMEDIATE`` on
        SQLite, so a second writer waits instead of failing half-way); inner
        levels are savepoints, so an error caught inside an outer transaction
        undoes only the inner block.
        """
        level = self._depth
        self._run(self.dialect.begin if level == 0 else f"SAVEPOINT store_{level}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._undo(level)
            raise
        self._depth -= 1
        try:
            self._run("COMMIT" if level == 0 else f"RELEASE SAVEPOINT store_{level}")
        except BaseException:
            self._undo(level)
            raise

    def close(self) -> None:
        """Close the connection; an open transaction is rolled back by the database."""
        self._connection.close()

    def _undo(self, level: int) -> None:
        try:
            if level == 0:
                self._run("ROLLBACK")
            else:
                self._run(f"ROLLBACK TO SAVEPOINT store_{level}")
                self._run(f"RELEASE SAVEPOINT store_{level}")
        except StoreError:
            pass  # the database already rolled back on its own (e.g. disk full); nothing left to undo

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        cursor = self._connection.cursor()
        try:
            cursor.execute(convert_placeholders(sql, self.dialect.paramstyle), tuple(params))
        except self._driver_error as exc:
            raise StoreError(f"{self.where}: {exc}") from exc
        return cursor


@dataclass(frozen=True)
class StoreAddress:
    """A parsed store URL: which kind of database, and for SQLite the file it lives in."""

    url: str
    scheme: str
    path: Path | None


def parse_store_url(url: str, *, base_dir: Path | None = None) -> StoreAddress:
    """Read ``sqlite:///relative.db``, ``sqlite:////absolute.db`` or ``postgresql://...``.

    A relative SQLite path is taken from ``base_dir`` (the workspace folder),
    or from the current folder if none is given.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        if not url.lower().startswith("sqlite:///") or len(url) <= len("sqlite:///"):
            raise StoreError(f"Store URL '{url}' should look like sqlite:///store/partnerpack.db.")
        raw = url[len("sqlite:///"):]
        if raw == ":memory:":
            return StoreAddress(url, "sqlite", None)
        path = Path(raw)
        if not path.is_absolute():
            path = (Path(base_dir) if base_dir else Path.cwd()) / path
        return StoreAddress(f"sqlite:///{path}", "sqlite", path)
    if scheme in ("postgresql", "postgres"):
        return StoreAddress(url, "postgresql", None)
    raise StoreNotSupported(f"Store URL '{url}' is not one partnerpack understands; use sqlite:///path/to/file.db.")


def connect(address: StoreAddress) -> Database:
    """Open the database at ``address`` with the store's settings (WAL, foreign keys, busy timeout)."""
    if address.scheme == "postgresql":
        from .postgres import connect_postgresql  # psycopg loads only for a PostgreSQL store

        return connect_postgresql(address)
    where = str(address.path) if address.path else ":memory:"
    try:
        if address.path:
            address.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(where, isolation_level=None, timeout=30)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{where}: cannot open the store ({exc})") from exc
    database = Database(connection, SQLITE, where, sqlite3.Error)
    try:
        for pragma in store_sql.SQLITE_PRAGMAS:
            database.execute(pragma)
    except StoreError:
        connection.close()
        raise
    return database


def migrate(database: Database, migrations: Sequence[store_sql.Migration]) -> int:
    """Bring the database up to the newest migration; return the version it is now at.

    Each migration runs in its own transaction and the version is re-read
    inside it, so two processes opening a new store at once do not both apply it.
    """
    database.execute(store_sql.CREATE_SCHEMA_VERSION)
    newest = max(m.version for m in migrations)
    for migration in sorted(migrations, key=lambda m: m.version):
        with database.transaction():
            current = database.scalar(store_sql.CURRENT_SCHEMA_VERSION) or 0
            if current > newest:
                raise StoreError(f"{database.where}: this store was made by a newer partnerpack (schema "
                                 f"version {current}; this one knows up to {newest}). Upgrade partnerpack.")
            if migration.version <= current:
                continue
            for statement in migration.statements:
                database.execute(statement.format(serial_primary_key=database.dialect.serial_primary_key))
            database.execute(store_sql.RECORD_SCHEMA_VERSION,
                             (migration.version, migration.description,
                              dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")))
    return database.scalar(store_sql.CURRENT_SCHEMA_VERSION) or 0
