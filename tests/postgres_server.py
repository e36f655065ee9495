"""A real PostgreSQL server for the tests: a throwaway cluster on 127.0.0.1, started once per test run.

Set ``PARTNERPACK_TEST_POSTGRES`` to an admin URL (``postgresql://user@127.0.0.1:5432/postgres``, password
from ``PGPASSWORD``) to use a server that is already running. Otherwise the fixture finds ``initdb`` (on the
PATH or in Debian's /usr/lib/postgresql/*/bin), makes a cluster in a temporary folder that only listens on
127.0.0.1, and stops it at the end. Where PostgreSQL is not installed, every test that needs it is skipped
with that reason. Each test gets a fresh database of its own.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

ADMIN = "partnerpack_admin"


@dataclass(frozen=True)
class PostgresServer:
    """Where the test server listens and how to log in as its administrator."""

    host: str
    port: int
    admin: str
    password: str

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        """A store URL without a password (partnerpack takes passwords from PGPASSWORD, .pgpass or the keyring)."""
        return f"postgresql://{user or self.admin}@{self.host}:{self.port}/{database}"

    def admin_sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the administrator (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.admin, password=self.password,
                             dbname=database, autocommit=True) as connection:
            connection.execute(statement)


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the 'postgres' system user."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        pytest.skip("running as root without runuser, so PostgreSQL cannot be started")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (see the module docstring)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    given = os.environ.get("PARTNERPACK_TEST_POSTGRES")
    if given:
        from urllib.parse import urlsplit

        parts = urlsplit(given)
        yield PostgresServer(parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or ADMIN,
                             parts.password or os.environ.get("PGPASSWORD", ""))
        return
    binaries = _postgres_bin()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run does this)")
    prefix = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="partnerpack-pg-"))
    data, password = folder / "data", secrets.token_urlsafe(16)
    (folder / "pw").write_text(password)
    if prefix:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(folder / "pw", "postgres", "postgres")
    port = _free_port()
    run = lambda *args: subprocess.run([*prefix, *map(str, args)], check=True, capture_output=True, text=True)
    try:
        run(binaries / "initdb", "-D", data, "-U", ADMIN, "--pwfile", folder / "pw", "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
        run(binaries / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w", "-t", "60", "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=50", "start")
    except subprocess.CalledProcessError as exc:
        log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr}\n{log[-2000:]}")
    try:
        yield PostgresServer("127.0.0.1", port, ADMIN, password)
    finally:
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty database for one test; its store URL is returned and PGPASSWORD is set for it."""
    name = f"pp_{secrets.token_hex(6)}"
    postgres_server.admin_sql(f'CREATE DATABASE "{name}"')
    monkeypatch.setenv("PGPASSWORD", postgres_server.password)
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
