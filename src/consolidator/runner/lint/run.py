"""Lint files and folders of migrations: every rule over each folder, findings kept for the files asked about,
minus what a `-- lint:allow` comment allows.

A file is linted in its folder: the migrations before it are part of the model it is checked against, and
duplicate versions and requirements are about the folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from consolidator.errors import InputError
from consolidator.runner import files
from consolidator.runner.lint import allow
from consolidator.runner.lint.analysis import analyse, starting_model
from consolidator.runner.lint.finding import Finding, Note
from consolidator.runner.lint.rules import BY_ID, RULES
from consolidator.runner.project import Project


@dataclass
class LintResult:
    model: str
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def lint(project: Project, paths: list[Path]) -> LintResult:
    targets = _targets(paths or [project.settings.migrations_dir])
    legacy = project.settings.legacy_dir if project.settings.legacy_dir_explicit else None
    result = LintResult(model="")
    for folder_path, wanted in targets.items():
        folder = files.load_folder(folder_path)
        catalog, label = starting_model(project.baseline, legacy)
        result.model = label
        analysis = analyse(folder, catalog, label, project.known_versions)
        keep = _keep(folder, wanted)
        allowances = allow.read({p: t for m in folder.migrations for p, t in m.texts.items()})
        findings = [f for rule in RULES for f in rule.findings(analysis)]
        findings += _unknown_rules(allowances)
        result.findings += [f for f in findings if keep(f.path) and not allowances.allows(f.rule, f.path, f.line)]
        result.notes += [n for n in analysis.notes if keep(n.path)]
        result.files += sum(1 for m in folder.migrations if keep(m.path))
    result.findings = sorted(set(result.findings), key=lambda f: f.sort_key)
    result.notes = sorted(set(result.notes), key=lambda n: (n.path, n.line, n.message))
    return result


def _targets(paths: list[Path]) -> dict[Path, set[str] | None]:
    """folder -> the file names asked about in it (None: all of them)."""
    out: dict[Path, set[str] | None] = {}
    for path in paths:
        if path.is_dir():
            out[path] = None
        elif path.is_file():
            folder = path.parent
            if out.get(folder, set()) is not None:
                out.setdefault(folder, set()).add(path.name)
        else:
            raise InputError(f"not found: {path}")
    return out


def _keep(folder: files.Folder, wanted: set[str] | None):
    if wanted is None:
        return lambda path: True
    # A pair is one migration: asking for either file lints both.
    stems = {_stem(name) for name in wanted}
    return lambda path: _stem(Path(path).name) in stems


def _stem(name: str) -> str:
    return name.removesuffix(".sql").removesuffix(".up").removesuffix(".down")


def _unknown_rules(allowances: allow.Allowances) -> list[Finding]:
    rule = BY_ID["invalid-file"]
    return [Finding(rule.id, path, line, f"'-- lint:allow {name}' names no lint rule (rules: {', '.join(BY_ID)})",
                    rule.hint) for path, line, name in allowances.named if name not in BY_ID]
