"""The model's replay of psql input against psql 15 itself: \\i / \\ir, \\set variables, \\if, \\g, \\r, \\q.

Each history is run three ways and must agree on the tables (with their columns, in order) and on which files
fail: psql on the real folder (cwd = the folder, as a user runs it), verify's server replay (psql on a private
mirror of the folder), and the model's replay.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from consolidator.errors import OnError
from consolidator.replay.engine import replay
from consolidator.source.discover import discover
from consolidator.verify.legacy import replay_sources

HISTORIES = {
    "includes and variables": {
        "001_base.sql": "\\set tbl users\n\\set col email\n"
                        "CREATE TABLE :\"tbl\" (id int, :\"col\" text DEFAULT :'col');\n"
                        "\\i lib/common.psql\n\\ir lib/extra.psql\nCREATE TABLE after_:tbl (a int);\n",
        "lib/common.psql": "CREATE TABLE common_:tbl (x int);\n\\ir more.psql\n",
        "lib/more.psql": "\\set tbl moved\nCREATE TABLE more (y text DEFAULT ':tbl', \"c:tbl\" int, z text DEFAULT $$:tbl$$);\n",
        "lib/extra.psql": "CREATE TABLE extra_:tbl (z int); -- :tbl\n",
        "002_fresh_variables.sql": "\\if :{?tbl}\nCREATE TABLE leaked (a int);\n\\else\nCREATE TABLE fresh (a int);\n\\endif\n",
        "003_missing_include.sql": "CREATE TABLE before_missing (a int);\n\\i nope.psql\nCREATE TABLE after_missing (a int);\n",
        "004_folder_include.sql": "CREATE TABLE before_folder (a int);\n\\i lib\n",
    },
    "psql's own control": {
        "001_if.sql": "\\set on yes\n\\if :on\nCREATE TABLE t_if (a int);\n\\elif true\nCREATE TABLE no1 (a int);\n"
                      "\\else\nCREATE TABLE no2 (a int);\n\\endif\n\\if off\n\\i nope.psql\n\\endif\n"
                      "CREATE TABLE t_split (\n\\if false\ngarbage,\n\\endif\nb int);\n",
        "002_buffer.sql": "CREATE TABLE g1 (a int)\n\\g\nCREATE TABLE dropped (\n\\r\n"
                          "\\set two 'CREATE TABLE s1 (a int); CREATE TABLE s2 (a int)'\n:two;\n"
                          "\\echo between \\\\ CREATE TABLE s3 (a int);\n\\q\nCREATE TABLE after_q (a int);\n",
        "003_rerun.sql": "CREATE TABLE r1 (a int);\n\\g\n",  # \g on an empty buffer runs CREATE TABLE r1 again
        "004_unclosed_if.sql": "CREATE TABLE before_if (a int);\n\\if true\nCREATE TABLE in_if (a int);\n",
        "005_bad_name.sql": "CREATE TABLE before_bad (a int);\n\\set bad-name 1\n",
        "006_invalid_command.sql": "CREATE TABLE before_invalid (a int);\nSELECT 1 \\\\ x;\n",
        "008_loop.sql": "CREATE TABLE loop_a (a int);\n\\i 008_loop.sql\n",  # the second pass fails: 42P07
        "007_unterminated.sql": "CREATE TABLE u1 (a int);\nCREATE TABLE u2 (a text DEFAULT 'x);\nCREATE TABLE u3 (a int);\n",
    },
}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _tables(dsn: str) -> dict[str, list[str]]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                            "AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum").fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


@pytest.mark.parametrize("history", sorted(HISTORIES))
def test_the_model_replays_psql_input_as_psql_does(pg_server, tmp_path, history):
    folder = tmp_path / "legacy"
    _write(folder, HISTORIES[history])
    sources = discover(folder)
    key = "".join(ch for ch in history if ch.isalnum())[:20]

    direct, mirrored = f"psql_direct_{key}", f"psql_mirror_{key}"
    pg_server.create_database(direct)
    pg_server.create_database(mirrored)
    try:
        failed_direct = set()
        for source in sources.migrations:  # as a user runs them: psql -1 -v ON_ERROR_STOP=1 -f FILE in the folder
            done = pg_server.psql_file(direct, source.name, cwd=str(folder))
            assert done.returncode in (0, 3), done.stderr
            if done.returncode == 3:
                failed_direct.add(source.name)
        server = replay_sources(pg_server, mirrored, sources, on_error=OnError.FILE)
        model = replay(sources, OnError.FILE)

        tables = _tables(pg_server.dsn(direct))
        assert _tables(pg_server.dsn(mirrored)) == tables
        assert {key.split(".", 1)[1]: [c.name for c in t.columns] for key, t in model.catalog.tables.items()} == tables
        assert set(server.failed) == failed_direct
        assert set(model.failed_files) == failed_direct
        for name, outcome in server.failed.items():  # the same SQLSTATE (None: psql's own error)
            assert model.failed_files[name].sqlstate == outcome.first_error.sqlstate, name
    finally:
        pg_server.drop_database(direct)
        pg_server.drop_database(mirrored)


def test_what_psql_predefines_is_what_the_parse_knows(pg_server, tmp_path):
    from consolidator.parse.psql_vars import PREDEFINED

    script = tmp_path / "vars.sql"
    script.write_text("SELECT nosuch;\n\\set\n")  # after a failed query psql has set every variable it sets
    done = pg_server.psql("postgres", "-q", "-f", str(script))
    names = {line.split(" = ", 1)[0] for line in done.stdout.splitlines() if " = " in line}
    assert names == PREDEFINED


def test_a_file_outside_the_folder_psql_reads_the_replay_and_the_mirror_do_not(pg_server, tmp_path):
    # The model refuses to follow it (the history would depend on files it does not hold); verify's psql runs on
    # the mirror, where it is missing: both fail the file, where psql on the real folder reads it.
    folder = tmp_path / "legacy"
    _write(folder, {"001_outside.sql": "CREATE TABLE before_outside (a int);\n\\ir ../outside.psql\n"})
    (tmp_path / "outside.psql").write_text("CREATE TABLE from_outside (a int);\n")
    sources = discover(folder)
    pg_server.create_database("psql_outside")
    pg_server.create_database("psql_outside_mirror")
    try:
        assert pg_server.psql_file("psql_outside", "001_outside.sql", cwd=str(folder)).returncode == 0
        assert set(_tables(pg_server.dsn("psql_outside"))) == {"before_outside", "from_outside"}
        server = replay_sources(pg_server, "psql_outside_mirror", sources, on_error=OnError.FILE)
        assert server.failed["001_outside.sql"].first_error.message.endswith("No such file or directory")
    finally:
        pg_server.drop_database("psql_outside")
        pg_server.drop_database("psql_outside_mirror")
    model = replay(sources, OnError.FILE)
    assert "outside the legacy folder" in model.failed_files["001_outside.sql"].message


def test_the_meta_commands_the_parse_knows_are_psqls(pg_server, tmp_path):
    import re

    from consolidator.parse.psql_script import _COMMANDS, known_command

    # Inside \if false psql runs nothing, but still says "invalid command" for a name it does not have.
    names = sorted(_COMMANDS - {"if", "elif", "else", "endif"}) + ["bogus", "echo;", "set_x"]
    script = tmp_path / "commands.sql"
    script.write_text("\\if false\n" + "".join(f"\\{name}\n" for name in names) + "\\endif\n")
    done = pg_server.psql("postgres", "-q", "-f", str(script))
    invalid = set(re.findall(r"error: invalid command \\(\S+)", done.stderr))
    assert invalid == {"bogus", "echo;", "set_x"}
    assert not any(known_command(name) for name in invalid)
    listed = re.findall(r"^\s+\\([^\s\[]+)", pg_server.psql("postgres", "-c", "\\?").stdout, re.M)
    assert [name for name in listed if not known_command(name)] == []
