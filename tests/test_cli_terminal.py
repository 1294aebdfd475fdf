"""Terminal output: verify's progress is coloured on a terminal, and NO_COLOR (https://no-color.org) turns the
colour off; output that is not a terminal never has escape codes."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

SGR = re.compile(rb"\x1b\[[0-9;]*m")  # colour and style escape codes


def verify_on_a_terminal(cwd: Path, env: dict) -> tuple[int, bytes]:
    """Run verify with stdin and stderr on a pseudo-terminal (stdout piped), and read what the terminal shows."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "consolidator", "verify", "legacy"], cwd=cwd, stdin=slave,
                               stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    report = process.stdout.read()
    process.wait()
    assert not SGR.search(report)  # stdout is a pipe: plain text
    return process.returncode, shown


@pytest.mark.pg
def test_no_color_turns_off_the_progress_colours(tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "001_a.sql").write_text("CREATE TABLE a (id int PRIMARY KEY);\n")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | {"TERM": "xterm-256color"}
    status, coloured = verify_on_a_terminal(tmp_path, env)
    assert status == 0 and SGR.search(coloured)  # the control: colour on a terminal
    status, plain = verify_on_a_terminal(tmp_path, env | {"NO_COLOR": "1"})
    assert status == 0 and plain and not SGR.search(plain)
