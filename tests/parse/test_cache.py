"""The parse cache: a hit builds the same bytes, a changed file is parsed again, a bad entry is a miss, the folder is
safe to delete, and nothing in an entry can run code."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from consolidator.build import build
from consolidator.parse import cache as parse_cache
from consolidator.parse.cache import ParseCache
from consolidator.parse.postgres import parse_file

ROOT = Path(__file__).resolve().parents[2]
LEGACY = ROOT / "legacy_migrations"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "legacy"
    shutil.copytree(LEGACY, folder)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / parse_cache.FORMAT).glob("*/*.json"))


def test_a_warm_build_is_byte_identical_and_parses_nothing(history, tmp_path):
    uncached = build(history).sql
    first = ParseCache(tmp_path / "cache")
    assert build(history, cache=first).sql == uncached
    assert first.hits == 0 and first.misses > 0
    assert len(_entries(tmp_path / "cache")) == first.misses
    warm = ParseCache(tmp_path / "cache")
    assert build(history, cache=warm).sql == uncached
    assert warm.misses == 0 and warm.hits == first.misses
    with_psql = sum(1 for p in history.glob("*.sql") if b"\\" in p.read_bytes())
    assert 0 < with_psql and warm.hits <= len(list(history.glob("*.sql"))) - with_psql  # \i: never from the cache


def test_a_changed_file_is_parsed_again_and_only_it(history, tmp_path):
    build(history, cache=ParseCache(tmp_path / "cache"))
    last = [p for p in sorted(history.glob("*.sql")) if b"\\" not in p.read_bytes()][-1]
    last.write_bytes(last.read_bytes() + b"\nCREATE TABLE added_after_the_cache (id int PRIMARY KEY);\n")
    again = ParseCache(tmp_path / "cache")
    sql = build(history, cache=again).sql
    assert again.misses == 1
    assert "CREATE TABLE added_after_the_cache (" in sql
    assert sql == build(history).sql


def test_the_same_content_under_another_name_keeps_its_own_name(tmp_path):
    cache = ParseCache(tmp_path / "cache")
    data = b"CREATE TABLE a (id int);\n\nCREATE INDEX a_id ON a (id);\n"
    first = parse_file("001_a.sql", data, cache=cache)
    second = parse_file("007_other.sql", data, cache=cache)
    assert cache.hits == 1
    assert [str(s.span) for s in second] == ["007_other.sql:1", "007_other.sql:3"]
    assert [s.text for s in second] == [s.text for s in first]


def test_syntax_errors_come_back_from_the_cache_as_they_were(tmp_path):
    data = b"CREATE TABLE a (id int);\nCREATE TABLE b (id int,);\nSELECT 'caf\xc3\xa9';\n"
    uncached = parse_file("f.sql", data)
    cache = ParseCache(tmp_path / "cache")
    parse_file("f.sql", data, cache=cache)
    cached = parse_file("f.sql", data, cache=cache)
    assert cache.hits == 1
    assert [(s.span, s.text, s.kind) for s in cached] == [(s.span, s.text, s.kind) for s in uncached]
    assert [(s.error.sqlstate, s.error.message) if s.error else None for s in cached] == \
           [(s.error.sqlstate, s.error.message) if s.error else None for s in uncached]
    assert cached[1].error is not None and cached[1].error.sqlstate == "42601"


def test_every_tree_of_the_fixture_reads_back_field_for_field(history):
    """Locations included: a node dumped and loaded is the node pglast parsed (its own full serialisation)."""
    for path in sorted(history.glob("*.sql")):
        for statement in parse_file(path.name, path.read_bytes()):
            if statement.node is None or type(statement.node).__module__ != "pglast.ast":
                continue
            loaded = parse_cache._load(json.loads(json.dumps(parse_cache._dump(statement.node))))
            assert loaded(skip_none=False) == statement.node(skip_none=False), statement.span


def _corrupt(entry: Path, content: bytes) -> None:
    entry.write_bytes(content)


@pytest.mark.parametrize("content", [
    b"",
    b"{not json",
    b'{"key": "someone else\'s", "statements": []}',
    b"\x80\x04\x95",  # the start of a pickle
], ids=["empty", "not-json", "wrong-key", "pickle-bytes"])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(history, tmp_path, content):
    expected = build(history).sql
    build(history, cache=ParseCache(tmp_path / "cache"))
    entries = _entries(tmp_path / "cache")
    for entry in entries:
        _corrupt(entry, content)
    cache = ParseCache(tmp_path / "cache")
    assert build(history, cache=cache).sql == expected
    assert cache.hits == 0 and cache.misses == len(entries)
    again = ParseCache(tmp_path / "cache")
    build(history, cache=again)
    assert again.misses == 0


def _planted(key: str, node: object) -> bytes:
    return json.dumps({"key": key, "statements": [{"node": node, "text": "x", "line": 1, "column": 1}]}).encode()


@pytest.mark.parametrize("node", [
    {"@": "Enum"},                                 # a name pglast.ast imports that is not a node
    {"@": "__class__"},
    {"@": "os.system", "command": "true"},
    {"@": "CreateStmt", "__class__": "x"},         # a field the node class does not have
    {"@": "CreateStmt", "relation": {"@": "Node"}},
    {"@": "CreateStmt", "oncommit": {"#": "Enum", "v": 1}},
    {"@": "CreateStmt", "oncommit": {"#": "OnCommitAction", "v": 99}},
    {"@": "CreateStmt", "tableElts": [1.5]},
    {"#": "OnCommitAction", "v": 0},               # an enum where a statement is
], ids=lambda n: json.dumps(n)[:40])
def test_a_planted_entry_is_a_miss(tmp_path, node):
    data = b"CREATE TABLE t (id int);\n"
    cache = ParseCache(tmp_path / "cache")
    path = cache._path(cache.key(data))
    path.parent.mkdir(parents=True)
    path.write_bytes(_planted(cache.key(data), node))
    statements = parse_file("001.sql", data, cache=cache)
    assert cache.misses == 1 and cache.hits == 0
    assert [s.kind for s in statements] == ["CreateStmt"]
    assert parse_file("001.sql", data, cache=ParseCache(tmp_path / "cache"))[0].kind == "CreateStmt"  # rewritten


class _Plant:
    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_pickle_planted_as_an_entry_runs_nothing(tmp_path):
    marker = tmp_path / "the-pickle-ran"
    plant = _Plant()
    plant.marker = str(marker)
    data = b"CREATE TABLE t (id int);\n"
    cache = ParseCache(tmp_path / "cache")
    path = cache._path(cache.key(data))
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(plant))
    assert parse_file("001.sql", data, cache=cache)[0].kind == "CreateStmt"
    assert cache.misses == 1
    assert not marker.exists()


def test_deleting_the_cache_is_safe(history, tmp_path):
    expected = build(history).sql
    folder = tmp_path / "cache"
    build(history, cache=ParseCache(folder))
    shutil.rmtree(folder)
    cache = ParseCache(folder)
    assert build(history, cache=cache).sql == expected
    assert cache.hits == 0 and _entries(folder)


def test_an_unwritable_cache_only_parses(history, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be\n")
    cache = ParseCache(blocker)
    assert build(history, cache=cache).sql == build(history).sql
    assert cache.hits == 0


def _cli(*args: str, cwd: Path, cache_home: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=env)


def test_the_cli_caches_in_xdg_cache_home_and_no_cache_leaves_it_alone(history, tmp_path):
    cache_home = tmp_path / "xdg"
    out = tmp_path / "out.sql"
    result = _cli("build", str(history), "-o", str(out), "--no-cache", cwd=tmp_path, cache_home=cache_home)
    assert result.returncode == 0, result.stderr
    assert not cache_home.exists()
    uncached = out.read_bytes()
    for _ in range(2):
        result = _cli("build", str(history), "-o", str(out), cwd=tmp_path, cache_home=cache_home)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes() == uncached
    assert _entries(cache_home / "consolidator")
    assert not list(history.parent.glob(".consolidator*")) and not list(history.glob(".*"))


# ---- build --check on an unchanged history -------------------------------------------------------------


def _main(*argv: str) -> int:
    from consolidator.cli import main

    try:
        main(list(argv))
    except SystemExit as e:
        return e.code
    return 0


@pytest.fixture
def in_process(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)


def _no_replay(monkeypatch):
    import consolidator.replay.engine

    def refuse(*args, **kwargs):
        raise AssertionError("replayed")

    monkeypatch.setattr(consolidator.replay.engine, "replay", refuse)


def test_check_of_an_unchanged_history_replays_nothing(history, tmp_path, in_process, monkeypatch, capsys):
    out = tmp_path / "out.sql"
    assert _main("build", str(history), "-o", str(out), "-q") == 0
    _no_replay(monkeypatch)
    assert _main("build", str(history), "-o", str(out), "--check") == 0
    assert "is up to date" in capsys.readouterr().err


@pytest.mark.parametrize("change", ["edit a legacy file", "edit the output", "another option", "no cache"])
def test_check_replays_when_anything_changed(history, tmp_path, in_process, monkeypatch, capsys, change):
    out = tmp_path / "out.sql"
    assert _main("build", str(history), "-o", str(out), "-q") == 0
    extra: list[str] = []
    expected = 1
    if change == "edit a legacy file":
        first = sorted(history.glob("*.sql"))[0]
        first.write_bytes(first.read_bytes() + b"\nCREATE TABLE added_later (id int);\n")
    elif change == "edit the output":
        out.write_text(out.read_text() + "-- by hand\n")
    elif change == "another option":
        extra = ["--no-provenance"]
    else:
        extra, expected = ["--no-cache"], 0
    import consolidator.replay.engine

    calls = []
    real = consolidator.replay.engine.replay
    monkeypatch.setattr(consolidator.replay.engine, "replay", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _main("build", str(history), "-o", str(out), "--check", *extra) == expected
    assert calls == [1]
    if expected:
        assert "is out of date" in capsys.readouterr().err


def test_check_with_a_deleted_cache_builds_and_compares(history, tmp_path, in_process):
    out = tmp_path / "out.sql"
    assert _main("build", str(history), "-o", str(out), "-q") == 0
    shutil.rmtree(tmp_path / "xdg")
    assert _main("build", str(history), "-o", str(out), "--check") == 0
    out.write_text(out.read_text() + "-- by hand\n")
    assert _main("build", str(history), "-o", str(out), "--check") == 1
