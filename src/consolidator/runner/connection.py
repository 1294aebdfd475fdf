"""The live database: which one (--dsn or DATABASE_URL), connecting, and never printing its password.

Every line the runner prints goes through `Database.scrub`: the password of the URL (as written and
percent-decoded) is replaced by ***, whatever message carries it, the server's and libpq's included.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import unquote

import psycopg

from consolidator.errors import ConsolidatorError, InputError
from consolidator.verify.introspect import redact

ENV_VAR = "DATABASE_URL"


class DatabaseError(ConsolidatorError):
    """The database cannot be reached or read: the command could not run (exit 2)."""


def resolve_dsn(option: str | None) -> str:
    dsn = option if option is not None else os.environ.get(ENV_VAR)
    if dsn is None:
        raise InputError(f"no database: give --dsn URL or set {ENV_VAR}")
    if not dsn.strip():
        raise InputError(f"the database URL is empty: give --dsn URL or set {ENV_VAR}")
    return dsn


def _secrets(dsn: str) -> list[str]:
    found = []
    try:
        from psycopg.conninfo import conninfo_to_dict

        password = conninfo_to_dict(dsn).get("password")
        if password:
            found.append(str(password))
    except Exception:  # noqa: BLE001  (a DSN libpq cannot parse: the regex below still finds a URL's password)
        pass
    m = re.search(r"://[^:/@]*:([^@]*)@", dsn)
    if m and m.group(1):
        found += [m.group(1), unquote(m.group(1))]
    m = re.search(r"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", dsn)
    if m:
        found.append(m.group(1).strip("'"))
    return sorted({s for s in found if s}, key=len, reverse=True)


@dataclass
class Database:
    dsn: str

    @property
    def shown(self) -> str:
        return self.scrub(redact(self.dsn))

    def scrub(self, text: str) -> str:
        for secret in _secrets(self.dsn):
            text = text.replace(secret, "***")
        return text

    def connect(self) -> psycopg.Connection:
        """An autocommit connection (the runner opens each migration's transaction itself), named so that a waiting
        runner can say who holds the lock, and checking for a vanished client: a killed runner's backend ends within
        a second instead of holding its locks until a long statement finishes."""
        try:
            conn = psycopg.connect(self.dsn, connect_timeout=10, autocommit=True, application_name="consolidator")
        except Exception as e:  # noqa: BLE001  (libpq, conninfo syntax, DNS: all mean the database cannot be reached)
            raise DatabaseError(self.scrub(f"cannot connect to {self.shown}: {first_line(e)}")) from None
        try:
            self.fresh_session(conn)
        except psycopg.Error as e:
            conn.close()
            raise DatabaseError(self.scrub(f"cannot set up the session on {self.shown}: {first_line(e)}")) from None
        return conn

    @staticmethod
    def fresh_session(conn: psycopg.Connection) -> None:
        """Back to the session the connection started with: a migration's SET does not reach the next one."""
        conn.execute("RESET ALL")
        if conn.info.server_version >= 140000:
            conn.execute("SET client_connection_check_interval = '1s'")

    def error(self, what: str, e: BaseException) -> DatabaseError:
        return DatabaseError(self.scrub(f"{what} on {self.shown}: {first_line(e)}"))


def first_line(e: BaseException) -> str:
    lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()]
    return (lines[0] if lines else type(e).__name__).removeprefix("connection is bad: ")
