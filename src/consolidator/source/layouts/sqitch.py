"""Sqitch: the changes of `sqitch.plan`, in plan order, each replayed from `deploy/<change>.sql`; revert and verify
scripts are never replayed.

Read as Sqitch reads them (App::Sqitch::Plan): pragmas (`%project` required) up to the first blank line; then one
change or `@tag` a line, with its timestamp and planner; `[requires !conflicts]`. A requirement must be planned
before its change (Sqitch refuses the plan otherwise, and so does this reader); one on another project's change
is not checked, and said so. A conflict with a change deployed earlier in the plan makes Sqitch refuse the
deploy: so does this reader. A change planned again after a tag is a reworked change: its earlier instances are
deployed from `deploy/<change>@<tag>.sql`, the tag being the first of the tags between it and its reworking
(latest first, then its own) whose file exists, as Sqitch picks it.

Sqitch runs each deploy script with `psql --set ON_ERROR_STOP=1 --file` and no `--single-transaction`: the
`BEGIN;` / `COMMIT;` a Sqitch script carries is its own transaction. So every script is marked as run outside
a transaction (SourceFile.transaction False), and the model and verify run it as psql does, statement by
statement, its BEGIN block rolled back if it stops inside it.

`sqitch.conf` is read for `core.engine` (another engine than pg is refused), `top_dir`, `plan_file`,
`deploy_dir` and `extension` (in `[core]`, or `[engine "pg"]`, which wins)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from consolidator.errors import InputError
from consolidator.source.files import Order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, walk

NAME = "sqitch"
PLAN = "sqitch.plan"
CONF = "sqitch.conf"

_TIMESTAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"
_ENTRY = re.compile(rf"""^\s*(?P<operator>[+-])?\s*(?P<tag>@)?(?P<name>[^\s\[\]@:#]+)\s*
                          (?:\[(?P<deps>[^\]]*)\]\s*)?
                          (?P<timestamp>{_TIMESTAMP})?\s*
                          (?P<planner>[^<]+?\s*<[^>]*>)?\s*$""", re.X)
_DEPEND = re.compile(r"^(?P<conflict>!)?(?:(?P<project>[^\s:@!]+):)?(?P<change>[^\s:@!]*)(?:@(?P<tag>[^\s:@!]+))?$")


@dataclass
class Change:
    name: str
    line: int
    requires: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Plan:
    project: str
    changes: list[Change]


@dataclass
class Project:
    config: dict[str, str]
    plan_file: Path
    deploy_dir: Path
    revert_dir: Path
    verify_dir: Path
    extension: str


def detect(root: Path, entries: list[Path]) -> bool:
    return (root / PLAN).is_file() or (root / CONF).is_file()


def read_config(path: Path) -> dict[str, str]:
    """`section.key` (`engine.pg.top_dir` for `[engine "pg"]`) -> value, of a git-config style file."""
    values: dict[str, str] = {}
    section = ""
    for raw in read_bytes(path).decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if m := re.fullmatch(r'\[\s*([^\s\]"]+)(?:\s+"([^"]*)")?\s*\]', line):
            section = m.group(1).lower() + (f".{m.group(2)}" if m.group(2) is not None else "")
            continue
        key, _, value = line.partition("=")
        value = re.sub(r"\s+[#;].*$", "", value.strip())
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        values[f"{section}.{key.strip().lower()}"] = value
    return values


def _inside(root: Path, path: Path, what: str) -> Path:
    resolved = (root / path).resolve()
    if not (resolved == root.resolve() or root.resolve() in resolved.parents):
        raise InputError(f"{root / CONF}: {what} {path} is outside the legacy folder: not read")
    return root / path


def layout_of(root: Path) -> Project:
    config = read_config(root / CONF) if (root / CONF).is_file() else {}
    engine = config.get("core.engine")
    if engine is not None and engine != "pg":
        raise InputError(f"{root / CONF} says the engine is {engine!r}: only PostgreSQL (pg) Sqitch projects are read")

    def setting(key: str) -> str | None:
        return config.get(f"engine.pg.{key}") or config.get(f"core.{key}")

    top = Path(setting("top_dir") or ".")
    return Project(
        config=config,
        plan_file=_inside(root, Path(setting("plan_file") or top / PLAN), "plan_file"),
        deploy_dir=_inside(root, Path(setting("deploy_dir") or top / "deploy"), "deploy_dir"),
        revert_dir=_inside(root, Path(setting("revert_dir") or top / "revert"), "revert_dir"),
        verify_dir=_inside(root, Path(setting("verify_dir") or top / "verify"), "verify_dir"),
        extension=setting("extension") or "sql",
    )


def parse_plan(path: Path, shown: str) -> Plan:
    """The plan's changes in order, with their tags; InputError with Sqitch's reason for a plan Sqitch refuses."""
    try:
        lines = read_bytes(path).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{shown} is not valid UTF-8: Sqitch refuses the plan") from None

    def refuse(number: int, why: str) -> InputError:
        return InputError(f"{shown} line {number}: {why} (Sqitch refuses the plan)")

    pragmas: dict[str, str] = {}
    number = 0
    for number, line in enumerate(lines, start=1):  # pragmas, up to the first blank line
        stripped = re.sub(r"\s*#.*$", "", line).strip()
        if not stripped:
            if not line.strip():
                break
            continue
        if not stripped.startswith("%"):
            raise refuse(number, "invalid pragma; a blank line must come between pragmas and changes")
        key, _, value = stripped[1:].partition("=")
        pragmas[key.strip()] = value.strip()
    if not pragmas.get("project"):
        raise InputError(f"missing %project pragma in {shown} (Sqitch refuses the plan)")
    changes: list[Change] = []
    since_tag: dict[str, int] = {}  # change names planned since the last tag -> line
    tag_lines: dict[str, int] = {}
    for number, line in enumerate(lines[number:], start=number + 1):
        text = re.sub(r"\s*#.*$", "", line)
        if not text.strip():
            continue
        m = _ENTRY.match(text)
        if m is None:
            raise refuse(number, f"not a change or a tag: {text.strip()!r}")
        if m.group("timestamp") is None or m.group("planner") is None:
            raise refuse(number, "missing timestamp and planner name and email")
        name = m.group("name")
        if m.group("tag"):
            if not changes:
                raise refuse(number, f'tag "{name}" declared without a preceding change')
            if name in tag_lines:
                raise refuse(number, f'tag "{name}" duplicates earlier declaration on line {tag_lines[name]}')
            if m.group("deps"):
                raise refuse(number, "tags may not specify dependencies")
            tag_lines[name] = number
            changes[-1].tags.append(name)
            since_tag = {}
            continue
        if m.group("operator") == "-":
            raise InputError(f"{shown} line {number}: '-{name}' plans a revert: such plans are not read")
        if name in since_tag:
            raise refuse(number, f'change "{name}" duplicates earlier declaration on line {since_tag[name]}')
        since_tag[name] = number
        change = Change(name=name, line=number)
        for spec in (m.group("deps") or "").split():
            dep = _DEPEND.match(spec)
            if dep is None or not (dep.group("change") or dep.group("tag")):
                raise refuse(number, f'"{spec}" is not a valid dependency specification')
            (change.conflicts if dep.group("conflict") else change.requires).append(dep.groupdict())
        changes.append(change)
    return Plan(project=pragmas["project"], changes=changes)


def _check(plan: Plan, shown: str) -> list[str]:
    """Refuses what Sqitch refuses (a requirement not planned before its change, a conflict with a change deployed
    before it); returns the notes on what is not checked (other projects' changes)."""
    notes: list[str] = []
    seen: dict[str, int] = {}  # change name -> index of its latest instance so far
    tag_at: dict[str, int] = {}  # tag -> index of the change it follows
    for index, change in enumerate(plan.changes):
        for dep in change.requires:
            if dep["project"] not in (None, plan.project):
                notes.append(f"{change.name} requires {dep['project']}:{dep['change'] or '@' + dep['tag']} of "
                             "another project: not checked")
                continue
            target, tag = dep["change"], dep["tag"]
            if target and tag:
                ok = tag in tag_at and target in seen and min(_indexes(plan, target)) <= tag_at[tag]
            elif target:
                ok = target in seen
            else:
                ok = tag in tag_at
            if not ok:
                wanted = (target or "") + (f"@{tag}" if tag else "")
                raise InputError(f'{shown} line {change.line}: change "{change.name}" requires "{wanted}", which '
                                 "is not planned before it (Sqitch refuses the plan)")
        for dep in change.conflicts:
            if dep["project"] in (None, plan.project) and dep["change"] in seen and change.name != dep["change"]:
                raise InputError(f'{shown} line {change.line}: change "{change.name}" conflicts with '
                                 f'"{dep["change"]}", deployed before it: Sqitch refuses to deploy it')
        seen[change.name] = index
        for tag in change.tags:
            tag_at[tag] = index
    return notes


def _indexes(plan: Plan, name: str) -> list[int]:
    return [i for i, c in enumerate(plan.changes) if c.name == name]


def _deploy_paths(plan: Plan, layout: Project) -> list[Path]:
    """Each change's deploy script; an earlier instance of a reworked change gets `<change>@<tag>.<ext>`."""
    ext = f".{layout.extension}"
    paths: list[Path] = []
    for index, change in enumerate(plan.changes):
        later = next((j for j in range(index + 1, len(plan.changes)) if plan.changes[j].name == change.name), None)
        parts = change.name.split("/")
        folder = layout.deploy_dir.joinpath(*parts[:-1])
        if later is None:
            paths.append(folder / f"{parts[-1]}{ext}")
            continue
        rework_tags = [t for j in range(later - 1, index, -1) for t in plan.changes[j].tags] + change.tags
        candidates = [folder / f"{parts[-1]}@{tag}{ext}" for tag in rework_tags]
        paths.append(next((p for p in candidates if p.is_file()), candidates[0]))
    return paths


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    layout = layout_of(root)
    shown = relative_name(root, layout.plan_file)
    if not layout.plan_file.is_file():
        raise InputError(f"{layout.plan_file} not found: a Sqitch project is read from its plan")
    plan = parse_plan(layout.plan_file, shown)
    notes = _check(plan, shown)
    paths = _deploy_paths(plan, layout)
    reading = Reading(duplicate_versions={})
    deployed: dict[Path, Change] = {}
    for change, path in zip(plan.changes, paths):
        name = relative_name(root, path)
        if path in deployed:
            raise InputError(f"{shown} line {change.line}: {name} would be deployed twice (lines "
                             f"{deployed[path].line} and {change.line})")
        if not path.is_file():
            raise InputError(f"{shown} line {change.line}: the deploy script of {change.name}, {name}, is missing "
                             "(Sqitch stops there)")
        deployed[path] = change
        reading.migrations.append(source_file(name, read_bytes(path), None, transaction=False))
    for path in walk(root):
        if path in deployed:
            continue
        name = relative_name(root, path)
        reading.skip(name, _left_out(root, path, layout, notes))
    return reading


def _left_out(root: Path, path: Path, layout: Project, notes: list[str]) -> str:
    if path.name.startswith("."):
        return "hidden file"
    if path == layout.plan_file:
        read_what = "order, requires, conflicts, tags, reworked changes"
        return f"Sqitch plan (read: {read_what})" + "".join(f"; {note}" for note in notes)
    if path == root / CONF:
        return "Sqitch configuration (read: engine, top_dir, plan_file, deploy_dir, extension)"
    for folder, why in ((layout.revert_dir, "Sqitch revert script: never replayed"),
                        (layout.verify_dir, "Sqitch verify script: never replayed (it checks a deploy)"),
                        (layout.deploy_dir, "deploy script of no change in the plan: Sqitch never deploys it")):
        if folder.resolve() in path.resolve().parents:
            return why
    return "not part of a Sqitch project's plan"
