"""Lint examples: migrations checked against a baseline built from a small legacy history (tables users and
tickets, with rows as far as the rules know: they exist before the migrations)."""

from __future__ import annotations

import pytest

from consolidator.runner.lint.run import lint
from tests.runner.conftest import Workspace


class Linter:
    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        workspace.build_baseline(workspace.legacy())

    def __call__(self, rule: str, files: dict[str, str]) -> list[tuple[str, int, str]]:
        """(file name, line, message) of `rule`'s findings when the migrations folder holds `files`."""
        for path in self.workspace.migrations.iterdir():
            path.unlink()
        for name, text in files.items():
            self.workspace.write(name, text)
        result = lint(self.workspace.project(), [])
        return [(f.path.rsplit("/", 1)[-1], f.line, f.message) for f in result.findings if f.rule == rule]


@pytest.fixture
def linted(workspace) -> Linter:
    return Linter(workspace)


def migration(up: str, down: str | None = "SELECT 1;\n", header: str = "") -> str:
    text = f"{header}-- migrate:up\n{up}"
    return text if down is None else f"{text}-- migrate:down\n{down}"
