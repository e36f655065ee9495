"""Opening a PostgreSQL store with psycopg 3, the password never taken from the workspace file.

libpq itself reads ``PGPASSWORD`` and ``~/.pgpass`` (or ``PGPASSFILE``). If the server still asks for a
password, the OS keyring is asked for one under the service ``partnerpack`` and the name
``user@host:port/database`` (set it with ``keyring set partnerpack user@host:5432/dbname``).
A store URL that carries a password itself is refused, so one never ends up in partnerpack.yaml.
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .database import POSTGRESQL, Database, StoreAddress, StoreError, StoreNotSupported

KEYRING_SERVICE = "partnerpack"


def keyring_name(url: str) -> str:
    """The name a store's password is kept under in the OS keyring: ``user@host:port/database``."""
    parts = urlsplit(url)
    return f"{parts.username or ''}@{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"


def redacted(url: str) -> str:
    """The URL as it may be shown in a message: never with a password in it."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def connect_postgresql(address: StoreAddress) -> Database:
    """Open the PostgreSQL store at ``address`` in autocommit mode (the store opens its own transactions)."""
    try:
        import psycopg
    except ImportError:
        raise StoreNotSupported("A postgresql:// store needs psycopg: pip install 'partnerpack[postgresql]'.") from None
    url, where = address.url, redacted(address.url)
    if urlsplit(url).password is not None:
        raise StoreError(f"{where}: the store URL holds a password. Take it out; partnerpack reads it from "
                         "PGPASSWORD, a .pgpass file or the OS keyring.")
    try:
        connection = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as exc:
        password = _keyring_password(url) if "password" in str(exc).lower() else None
        if password is None:
            raise StoreError(f"{where}: cannot open the store ({_first_line(exc)})") from None
        try:
            connection = psycopg.connect(url, autocommit=True, password=password)
        except psycopg.OperationalError as again:
            raise StoreError(f"{where}: cannot open the store ({_first_line(again)})") from None
    return Database(connection, POSTGRESQL, where, psycopg.Error)


def _keyring_password(url: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_name(url))
    except (KeyringError, RuntimeError):
        return None  # no usable keyring on this machine


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
