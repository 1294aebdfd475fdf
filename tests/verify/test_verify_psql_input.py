"""verify's server replay runs real psql on the legacy files: on a private mirror of the folder, and never on a
file whose meta-commands would reach this machine (a shell command, a file written, another connection)."""

from __future__ import annotations

import pytest

from consolidator.source.discover import discover
from consolidator.verify.legacy import RefusedToRun, replay_sources


@pytest.mark.parametrize(("line", "why"), [
    ("\\! touch {marker}", "runs a shell command"),
    ("\\set x `touch {marker}`", "shell command"),
    ("\\o {marker}", "output to a file"),
    ("SELECT 1 \\g {marker}", "output to a file"),
    ("\\if true\n\\w {marker}\n\\endif", "writes the query buffer to a file"),
    ("\\set cmd '\\\\! touch {marker}'\n:cmd", "runs a shell command"),  # a command inside a variable's value
])
def test_a_file_that_reaches_the_machine_is_refused_before_anything_runs(pg_database, tmp_path, line, why):
    marker = tmp_path / "marker"
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_first.sql").write_text("CREATE TABLE first (id int);\n")
    (folder / "002_hostile.sql").write_text(f"CREATE TABLE t (id int);\n{line.format(marker=marker)}\n")
    with pytest.raises(RefusedToRun) as refused:
        replay_sources(pg_database.server, pg_database.name, discover(folder))
    assert "002_hostile.sql" in str(refused.value) and why in str(refused.value)
    assert not marker.exists()
    done = pg_database.server.psql(pg_database.name, "-At", "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    assert done.stdout.strip() == "0"  # not even the first file ran


def test_errors_in_included_files_name_the_included_file(pg_database, tmp_path):
    folder = tmp_path / "legacy"
    (folder / "lib").mkdir(parents=True)
    (folder / "001_a.sql").write_text("CREATE TABLE a (id int);\n\\ir lib/b.psql\n")
    (folder / "lib" / "b.psql").write_text("CREATE TABLE b (id int);\n\\ir c.psql\n")
    (folder / "lib" / "c.psql").write_text("SELECT nosuch;\n")
    result = replay_sources(pg_database.server, pg_database.name, discover(folder))
    error = result.failed["001_a.sql"].first_error
    assert (error.span.file, error.span.line, error.sqlstate) == ("lib/c.psql", 1, "42703")
