"""lint's output: text for people, json for CI, GitHub workflow annotations (`::error file=...,line=...::`)."""

from __future__ import annotations

import json

from consolidator.outputs import JSON_FORMAT_VERSION

from consolidator.runner.lint.run import LintResult


def text(result: LintResult) -> str:
    out = []
    for f in result.findings:
        out.append(f"{f.path}:{f.line}: {f.rule}: {f.message}")
        out.append(f"    fix: {f.hint}")
    if result.notes:
        out.append("not checked in the model:")
        out.extend(f"  {n.path}:{n.line}: {n.message}" for n in result.notes)
    n = len(result.findings)
    verdict = f"{n} finding{'s' if n != 1 else ''}" if n else "no findings"
    out.append(f"{verdict} in {result.files} migration{'s' if result.files != 1 else ''} (model: {result.model})")
    return "\n".join(out) + "\n"


def as_json(result: LintResult) -> str:
    data = {
        "format_version": JSON_FORMAT_VERSION,
        "model": result.model,
        "files": result.files,
        "findings": [{"rule": f.rule, "severity": "error", "file": f.path, "line": f.line, "message": f.message,
                      "hint": f.hint} for f in result.findings],
        "notes": [{"file": n.path, "line": n.line, "message": n.message} for n in result.notes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def github(result: LintResult) -> str:
    lines = [f"::error file={_property(f.path)},line={f.line},title={_property('lint ' + f.rule)}::"
             f"{_data(f.message + ' (fix: ' + f.hint + ')')}" for f in result.findings]
    lines += [f"::notice file={_property(n.path)},line={n.line},title=lint::{_data(n.message)}" for n in result.notes]
    return "\n".join(lines) + ("\n" if lines else "")


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": text, "json": as_json, "github": github}
