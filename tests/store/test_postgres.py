"""The store's database layer against a real PostgreSQL server: the same migrations and SQL as SQLite."""
from __future__ import annotations

import pytest

from partnerpack.generator.store import StoreError, parse_store_url
from partnerpack.generator.store.database import connect, migrate
from partnerpack.generator.store.postgres import keyring_name, redacted
from partnerpack.generator.store.sql import COUNTS, INSERT_ORIGINAL, MIGRATIONS, SELECT_ORIGINAL


def test_every_migration_applies_to_postgresql(postgres_database: str) -> None:
    database = connect(parse_store_url(postgres_database))
    try:
        assert migrate(database, MIGRATIONS) == max(m.version for m in MIGRATIONS)
        assert migrate(database, MIGRATIONS) == max(m.version for m in MIGRATIONS)  # a second run changes nothing
        assert {name: database.scalar(sql) for name, sql in COUNTS.items()} == dict.fromkeys(COUNTS, 0)
        with database.transaction():
            database.execute(INSERT_ORIGINAL, ("ab" * 32, 3, ".pdf", "ab/abab.pdf", "2026-01-01T00:00:00+00:00"))
            database.execute(INSERT_ORIGINAL, ("ab" * 32, 3, ".pdf", "ab/abab.pdf", "2026-01-01T00:00:00+00:00"))
        assert database.scalar(SELECT_ORIGINAL, ("ab" * 32,)) == "ab/abab.pdf"
    finally:
        database.close()


def test_a_failed_transaction_leaves_nothing_behind(postgres_database: str) -> None:
    database = connect(parse_store_url(postgres_database))
    try:
        migrate(database, MIGRATIONS)
        with pytest.raises(StoreError):
            with database.transaction():
                database.execute(INSERT_ORIGINAL, ("cd" * 32, 3, ".pdf", "cd.pdf", "2026-01-01T00:00:00+00:00"))
                database.execute("INSERT INTO no_such_table VALUES (1)")
        assert database.scalar(COUNTS["originals"]) == 0
    finally:
        database.close()


def test_a_password_in_the_store_url_is_refused_and_never_shown(postgres_server) -> None:
    url = f"postgresql://someone:hunter2@127.0.0.1:{postgres_server.port}/postgres"
    with pytest.raises(StoreError) as error:
        connect(parse_store_url(url))
    assert "hunter2" not in str(error.value) and "holds a password" in str(error.value)
    assert "hunter2" not in redacted(url)


def test_a_wrong_password_is_a_clear_error(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    with pytest.raises(StoreError) as error:
        connect(parse_store_url(postgres_database))
    assert "cannot open the store" in str(error.value) and "authentication failed" in str(error.value)


def test_the_password_comes_from_a_pgpass_file(postgres_database: str, postgres_server, tmp_path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres_server.port}:*:{postgres_server.admin}:{postgres_server.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    database = connect(parse_store_url(postgres_database))
    assert database.scalar("SELECT 1") == 1
    database.close()


def test_keyring_names_say_which_store() -> None:
    assert keyring_name("postgresql://clerk@db.example.org:5433/partnership") == "clerk@db.example.org:5433/partnership"
    assert keyring_name("postgresql://clerk@db.example.org/partnership") == "clerk@db.example.org:5432/partnership"
