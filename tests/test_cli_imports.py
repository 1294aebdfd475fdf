"""What `consolidator build` loads: the command that runs and the build, not the other commands' machinery;
`build --check` on unchanged inputs not even the replay.

Checked in a fresh interpreter (sys.modules after the command ran): the runner, verify and the audit, and the
libraries only they use (psycopg, rich, networkx), stay out of the build's start-up.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, sys
from consolidator.cli import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
sys.stdout.write(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""

# runner.config is the settings file every command reads its defaults from (cli/defaults.py).
_ALLOWED = {"consolidator.runner", "consolidator.runner.config"}
_KEPT_OUT = ("consolidator.verify", "consolidator.audit", "consolidator.runner", "psycopg", "rich", "networkx",
             "consolidator.cli.audit_commands", "consolidator.cli.runner_commands", "consolidator.cli.verify_command",
             "consolidator.cli.lint_command")


def _loaded(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})
    result = json.loads(done.stdout)
    return result["exit"], result["modules"]


def _kept_out(modules: list[str]) -> list[str]:
    return [m for m in modules if m not in _ALLOWED and any(m == p or m.startswith(p + ".") for p in _KEPT_OUT)]


def test_build_loads_neither_the_runner_verify_nor_the_audit(tmp_path):
    shutil.copytree(ROOT / "legacy_migrations", tmp_path / "legacy_migrations")
    code, modules = _loaded(["build", "legacy_migrations", "-o", "out.sql", "-q"], tmp_path)
    assert code in (0, None)
    assert (tmp_path / "out.sql").read_text(encoding="utf-8") == \
        (ROOT / "output" / "000_consolidated_baseline.sql").read_text(encoding="utf-8")
    assert "consolidator.build" in modules
    assert _kept_out(modules) == []



def test_check_of_an_unchanged_history_loads_no_replay(tmp_path):
    shutil.copytree(ROOT / "legacy_migrations", tmp_path / "legacy_migrations")
    code, _ = _loaded(["build", "legacy_migrations", "-o", "out.sql", "-q"], tmp_path)
    assert code in (0, None)
    code, modules = _loaded(["build", "legacy_migrations", "-o", "out.sql", "--check", "-q"], tmp_path)
    assert code in (0, None)
    assert not [m for m in modules if m.startswith(("consolidator.replay", "consolidator.emit", "consolidator.order"))]
