"""Property: psql's preprocessing (\\set, \\i / \\ir between generated files, variables in and out of quotes,
\\if, \\g, \\r, unbalanced quotes) never raises, and every statement keeps a correct file:line: its file is one of
the folder's, the line is in it and starts there as the statement does, and every "included from" is an
\\i or \\ir line. Variables inside quotes, comments and dollar quotes stay as written.
CONSOLIDATOR_ROBUSTNESS_EXAMPLES sets the number of folders (default 300). No server is needed.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidator.build import build
from consolidator.parse.includes import FolderIncludes
from consolidator.parse.postgres import parse_file

EXAMPLES = int(os.environ.get("CONSOLIDATOR_ROBUSTNESS_EXAMPLES", "300"))

FILES = ("001_a.sql", "002_b.sql", "lib/c.psql", "lib/d.psql", "e.psql")
VARS = ("v1", "v2", "tbl", "USER", "nope")
VALUES = ("1", "'x y'", "'it''s'", "t_:v1", "`echo hi`", "", "'a\\\\b'", "';'", "'SELECT 1;'", "'$$'", "'--'", ":v2")
QUOTED = ("':{v}'", "$$:{v}$$", "E':{v}'", "$q$ :{v} $q$", '"c:{v}"')


def _var() -> st.SearchStrategy[str]:
    return st.sampled_from(VARS)


@st.composite
def line(draw) -> str:
    kind = draw(st.integers(0, 11))
    v = draw(_var())
    if kind == 0:
        return f"\\set {v} {draw(st.sampled_from(VALUES))}"
    if kind == 1:
        return f"\\i {draw(st.sampled_from(FILES + ('missing.sql', '../x.sql', 'lib')))}"
    if kind == 2:
        return f"\\ir {draw(st.sampled_from(('c.psql', 'd.psql', 'lib/c.psql', '../e.psql', 'e.psql')))}"
    if kind == 3:
        return draw(st.sampled_from((f"\\if :{{?{v}}}", f"\\if :{v}", "\\if true", "\\elif false", "\\else", "\\endif")))
    if kind == 4:
        return draw(st.sampled_from((f"\\echo :{v} :'{v}'", "\\g", "\\r", "\\gset", f"\\unset {v}", "\\q", "\\\\")))
    if kind == 5:  # a statement split over lines, around a meta-command
        return f"CREATE TABLE split_{v} (\n\\echo inside\na int);"
    if kind == 6:
        return draw(st.sampled_from(("'", "$$", "/*", '"', "(", ")", ";", "-- :v1", "/* :v1 */")))
    quoted = draw(st.sampled_from(QUOTED)).format(v=v)
    name = draw(st.sampled_from((f"t{kind}", f":\"{v}\"", f"t_:{v}")))
    return f"CREATE TABLE {name} (a int DEFAULT :{v}, b text DEFAULT {quoted});"


folders = st.dictionaries(st.sampled_from(FILES), st.lists(line(), max_size=12).map("\n".join), min_size=1, max_size=5)


def _check_span(files: dict[str, list[str]], span, statement) -> None:
    assert span.file in files, (span, statement)
    lines = files[span.file]
    assert 1 <= span.line <= max(len(lines), 1), (span, statement)
    text = lines[span.line - 1] if lines else ""
    assert 1 <= span.column <= len(text) + 1, (span, statement)
    at = span.included_from
    while at is not None:  # every "included from" is an \i or \ir line of a file of the folder
        assert at.file in files and files[at.file][at.line - 1].lstrip().startswith(("\\i", "\\ir")), at
        at = at.included_from


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(folders)
def test_psql_preprocessing_never_raises_and_keeps_file_and_line(folder_files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "legacy"
        for name, text in folder_files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n")
        files = {name: (text + "\n").split("\n")[:-1] for name, text in folder_files.items()}
        loader = FolderIncludes(str(root))
        for name in sorted(n for n in folder_files if n.endswith(".sql") and "/" not in n):
            for statement in parse_file(name, (root / name).read_bytes(), include=loader):
                span = statement.span
                _check_span(files, span, statement)
                source = files[span.file][span.line - 1][span.column - 1:]
                if statement.kind == "CreateStmt" and source.startswith("\\g"):
                    continue  # \g on an empty buffer runs the previous statement again, there
                if statement.kind == "CreateStmt":
                    assert source.startswith("CREATE"), (span, statement.text, source)
                    for literal in re.findall(r"'[^']*:\w+[^']*'", source.split(";")[0]):
                        assert literal in statement.text, (literal, statement.text)  # never substituted in quotes
                elif statement.text.startswith("\\") and statement.kind != "Invalid":
                    # a meta-command where it is written, or in the value of the :variable written there
                    assert source.startswith(("\\", ":")), (span, statement.text, source)
        result = build(root)  # the whole replay on the same folder: never raises, every event names a real place
        for event in result.replay.events:
            _check_span(files, event.span, event)
