"""The package's shape: cheap to import, lazy, the bottom layer, small modules."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "consolidator" / "pg15"


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_importing_the_package_loads_nothing_else():
    out = _run("import sys, consolidator.pg15; print(sorted(m for m in sys.modules if m.startswith('consolidator')));"
               "print('json' in sys.modules)")
    assert out.splitlines() == ["['consolidator', 'consolidator.pg15']", "False"]


def test_import_time_is_a_few_milliseconds():
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import consolidator.pg15"],
                         capture_output=True, text=True, check=True).stderr
    line = next(ln for ln in err.splitlines() if ln.rstrip().endswith("| consolidator.pg15"))
    cumulative_us = int(line.split("|")[1])
    assert cumulative_us < 20_000, line


def test_accessor_modules_read_no_data_until_asked():
    out = _run("from consolidator.pg15 import casts, functions, operators, types, messages, system, extensions,"
               " keywords, sqlstate, _data; print(_data.values.cache_info().currsize, _data.table.cache_info().currsize)")
    assert out.split() == ["0", "0"]
    out = _run("from consolidator.pg15 import types, _data; types.resolve_builtin('int');"
               "print(_data.table.cache_info().currsize)")
    assert out.split() == ["1"]  # type_spellings.jsonl, nothing else


def test_the_package_imports_only_itself_and_errors():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("consolidator"):
                assert node.module.startswith("consolidator.pg15") or node.module == "consolidator.errors", path
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("consolidator") or alias.name.startswith("consolidator.pg15")


def test_modules_are_small():
    for path in [*PACKAGE.glob("*.py"), *(ROOT / "tools").rglob("*.py"), *(ROOT / "tests" / "pg15").glob("*.py")]:
        assert len(path.read_text().splitlines()) < 500, path


def test_pyproject_ships_the_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["consolidator.pg15.data"]
    suffixes = {p.suffix for p in (PACKAGE / "data").iterdir() if p.is_file()}
    assert suffixes <= {".py", ".json", ".jsonl"}
    assert {"*.json", "*.jsonl"} <= set(patterns)
