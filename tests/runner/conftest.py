"""Helpers for the runner's tests: a project folder (migrations/, an optional baseline), the runner's functions
called the way the CLI calls them, and the CLI itself as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from consolidator.runner import config, project
from consolidator.runner.connection import Database

SMALL_LEGACY = {
    "001_users.sql": "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE, phone varchar(20));\n",
    "002_tickets.sql": "CREATE TABLE tickets (id serial PRIMARY KEY, user_id int REFERENCES users (id), title text);\n"
                       "CREATE INDEX idx_tickets_user ON tickets (user_id);\n",
}


class Workspace:
    """A folder laid out as a user's project: migrations/, output/, legacy_migrations/."""

    def __init__(self, root: Path):
        self.root = root
        self.migrations = root / "migrations"
        self.migrations.mkdir(parents=True)

    def write(self, name: str, text: str) -> Path:
        path = self.migrations / name
        path.write_text(text, encoding="utf-8")
        return path

    def legacy(self, files: dict[str, str] = SMALL_LEGACY, name: str = "legacy_migrations") -> Path:
        folder = self.root / name
        folder.mkdir()
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        return folder

    def build_baseline(self, legacy: Path) -> Path:
        from consolidator.build import build

        out = self.root / "output"
        out.mkdir(exist_ok=True)
        path = out / "000_consolidated_baseline.sql"
        path.write_text(build(legacy).sql, encoding="utf-8")
        return path

    def project(self, tracking_table: str | None = None) -> project.Project:
        """As the CLI loads it from this folder: output/000_consolidated_baseline.sql is used when it exists."""
        return project.load(config.Settings(
            migrations_dir=self.migrations, baseline=self.root / "output" / "000_consolidated_baseline.sql",
            legacy_dir=self.root / "legacy_migrations", tracking_table=tracking_table))


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return Workspace(tmp_path)


class Said(list):
    def __call__(self, line: str) -> None:
        self.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self)


@pytest.fixture
def said() -> Said:
    return Said()


def database(pg_database) -> Database:
    return Database(pg_database.dsn)


def query(dsn: str, sql: str, params=None) -> list[tuple]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description is not None else []


def cli(*args: str, cwd: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, timeout=timeout)


def popen(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.Popen([sys.executable, "-m", "consolidator.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd, env=environment)
