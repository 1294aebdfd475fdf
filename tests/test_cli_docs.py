"""docs/cli.md is the help texts, and the help texts name arguments plainly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_cli_reference_is_current():
    for columns in ("40", "200"):  # the terminal's width must not matter
        result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_cli_docs.py"), "--check"],
                                capture_output=True, text=True, env={**os.environ, "COLUMNS": columns})
        assert result.returncode == 0, result.stderr


def test_usage_lines_name_arguments_as_the_help_does():
    usages = re.findall(r"^Usage: (.*)$", (ROOT / "docs" / "cli.md").read_text(), flags=re.M)
    assert "consolidator build [OPTIONS] LEGACY_DIR" in usages
    assert "consolidator audit [OPTIONS] [LEGACY_DIR]" in usages
    assert "consolidator blame [OPTIONS] TARGET" in usages
    assert "consolidator lint [OPTIONS] [PATH]..." in usages
    assert not [u for u in usages if "{" in u or re.search(r"\[[a-z_]+\]", u)], usages
