"""Liquibase formatted SQL: changelogs whose first line is `--liquibase formatted sql`, each a series of
`--changeset author:id [attributes]`, in the changelog's order.

The order: the master changelog's, when there is one (`changeLogFile` / `changelog-file` in
`liquibase.properties`, or the one formatted SQL changelog no other includes): its `--include file:PATH` and
`--includeAll path:DIR` lines are followed where they stand (includeAll: the folder's changelogs in path order,
as Liquibase sorts them). Without includes, every changelog of the folder in path order (what `includeAll`
does). A master changelog in XML, YAML or JSON is not read: one line says so. A `.sql` file without the header is
a raw SQL changelog (one changeset, as Liquibase reads it).

In a changeset: `--rollback` lines and `/* liquibase rollback ... */` blocks are blanked (never replayed), as are
`--ignoreLines` ranges and changesets Liquibase does not run on PostgreSQL (`dbms:` without postgresql,
`ignore:true`); lines keep their numbers. `runInTransaction:false` runs the file outside a transaction (the
file is the unit replayed: its other changesets run statement by statement too). `endDelimiter` written alone on
its line (`/`, `GO`) ends statements as `;` does. `splitStatements` needs nothing: the replay splits as
PostgreSQL's grammar does. What Liquibase decides at run time (`--preconditions`, `runAlways`, `runOnChange`,
`context`, `labels`, `failOnError:false`, `runWith`) is noted as not modelled: the changeset is replayed once, as
on a fresh database where its preconditions hold."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.errors import InputError
from consolidator.source.files import Order, byte_order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, keep_lines, walk

NAME = "liquibase"
_HEADER = re.compile(rb"^\s*--\s*liquibase\s+formatted\s+sql", re.I)
_CHANGESET = re.compile(r"^\s*--\s*changeset\s+(\"[^\"]+\"|[^:\s]+):(\"[^\"]+\"|\S+)(.*)$", re.I)
_ATTRIBUTE = re.compile(r"(\w+):(\"[^\"]*\"|\S+)")
_CHANGESET_LIKE = re.compile(r"^\s*--\s*changeset\b", re.I)
_ROLLBACK = re.compile(r"^\s*--\s*rollback\b", re.I)
_ROLLBACK_BLOCK = re.compile(r"^\s*/\*\s*liquibase\s+rollback\b", re.I)
_PRECONDITION = re.compile(r"^\s*--\s*precondition", re.I)
_IGNORE_LINES = re.compile(r"^\s*--\s*ignoreLines:(\w+)", re.I)
_INCLUDE = re.compile(r"^\s*--\s*(include|includeAll)\s+(.*)$", re.I)
_OTHER_FORMATS = (".xml", ".yaml", ".yml", ".json")
_PROPERTIES = "liquibase.properties"
_RUN_TIME = {"runalways": "runAlways:true: Liquibase runs it on every update; replayed once, here",
             "runonchange": "runOnChange:true: Liquibase runs it again when it changes; replayed once, as written",
             "failonerror": "failOnError:false: Liquibase goes on when it fails; a failure here is reported",
             "runwith": "runWith: another executor runs it; replayed as SQL"}
_SELECTORS = ("context", "contextfilter", "labels")


def is_changelog(path: Path) -> bool:
    return path.is_file() and path.suffix == ".sql" and bool(_HEADER.match(read_bytes(path)[:200]))


def detect(root: Path, entries: list[Path]) -> bool:
    return (root / _PROPERTIES).is_file() or any(not p.name.startswith(".") and is_changelog(p) for p in walk(root))


def _attributes(text: str) -> dict[str, str]:
    return {k.lower(): v.strip('"') for k, v in _ATTRIBUTE.findall(text)}


def _master(root: Path, changelogs: list[Path]) -> Path | None:
    properties = root / _PROPERTIES
    if properties.is_file():
        for line in read_bytes(properties).decode("utf-8", "replace").splitlines():
            m = re.match(r"\s*([\w.-]+)\s*[:=]\s*(.*?)\s*$", line)
            if m is None or m.group(1).replace("-", "").lower() != "changelogfile" or not m.group(2):
                continue
            value = m.group(2)
            master = root / value
            if master.suffix.lower() in _OTHER_FORMATS:
                raise InputError(f"{properties}: the master changelog {value} is a Liquibase "
                                 f"{master.suffix[1:].upper()} changelog: not read (only formatted SQL changelogs "
                                 "and their --include lines are), and the order is its")
            if not master.is_file():
                raise InputError(f"{properties}: the master changelog {value} is not in {root}")
            return master
    including = [p for p in changelogs if any(_INCLUDE.match(line) for line in _lines(p))]
    if not including:
        return None
    included = {target for p in including for target, _ in _includes(root, p)}
    masters = [p for p in including if p not in included]
    if not masters:
        raise InputError(f"{root}: the changelogs include each other in a circle: none of them is the master "
                         "changelog")
    if len(masters) > 1:
        names = ", ".join(relative_name(root, p) for p in masters)
        raise InputError(f"{root}: {names} each include others and none includes them: name the master changelog "
                         "as changeLogFile in liquibase.properties")
    return masters[0]


def _lines(path: Path) -> list[str]:
    try:
        return read_bytes(path).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not valid UTF-8: its changesets cannot be told apart") from None


def _includes(root: Path, changelog: Path) -> list[tuple[Path, int]]:
    """The changelogs `changelog` includes, in order, with the line of each include."""
    out: list[tuple[Path, int]] = []
    for number, line in enumerate(_lines(changelog), start=1):
        m = _INCLUDE.match(line)
        if m is None:
            continue
        attrs = _attributes(m.group(2))
        base = changelog.parent if attrs.get("relativetochangelogfile", "false").lower() == "true" else root
        target = attrs.get("file") if m.group(1).lower() == "include" else attrs.get("path")
        if not target:
            raise InputError(f"{relative_name(root, changelog)}:{number}: {m.group(1)} without "
                             f"{'file' if m.group(1).lower() == 'include' else 'path'}:")
        path = (base / target).resolve()
        if not (path == root.resolve() or root.resolve() in path.parents):
            raise InputError(f"{relative_name(root, changelog)}:{number}: {target} is outside the legacy folder")
        path = root / path.relative_to(root.resolve())
        if m.group(1).lower() == "include":
            if not path.is_file():
                raise InputError(f"{relative_name(root, changelog)}:{number}: included changelog {target} not found")
            if path.suffix.lower() in _OTHER_FORMATS:
                raise InputError(f"{relative_name(root, changelog)}:{number}: {target} is a Liquibase "
                                 f"{path.suffix[1:].upper()} changelog: not read (only formatted SQL changelogs are)")
            out.append((path, number))
        else:
            if not path.is_dir():
                raise InputError(f"{relative_name(root, changelog)}:{number}: includeAll folder {target} not found")
            out += [(p, number) for p in sorted(walk(path), key=lambda p: p.as_posix().encode())
                    if p.is_file() and p.suffix == ".sql"]
    return out


def _order(root: Path, master: Path, seen: list[Path]) -> list[Path]:
    """The master changelog and what it includes, depth first, each once (Liquibase runs a changeset once)."""
    if master in seen:
        return []
    seen.append(master)
    out = [master]
    for path, _ in _includes(root, master):
        out += _order(root, path, seen)
    return out


def read_changelog(root: Path, path: Path, reading: Reading, ids: dict[str, str]) -> tuple[str, bool] | None:
    """The changelog's text with only what Liquibase runs on PostgreSQL kept, and whether it runs in a
    transaction; notes what is not modelled. None: nothing of it runs."""
    name = relative_name(root, path)
    data = read_bytes(path)
    if not _HEADER.match(data[:200]):
        reading.note(f"{name}:1", "raw SQL changelog (no '--liquibase formatted sql' line): one changeset, as "
                                  "Liquibase reads it")
        return data.decode("utf-8", "replace"), True
    text = data.decode("utf-8", "replace")
    lines = text.splitlines()
    keep = [False] * len(text.splitlines(keepends=True))
    delimiter: str | None = None
    transaction, running, in_rollback, ignoring, ignore_count = True, False, False, False, 0
    replaced: dict[int, str] = {}
    for i, line in enumerate(lines):
        number = i + 1
        if i == 0:
            continue
        if in_rollback:
            in_rollback = "*/" not in line
            continue
        if m := _CHANGESET.match(line):
            author, ident = m.group(1).strip('"'), m.group(2).strip('"')
            key = f"{author}:{ident}"
            if key in ids:
                raise InputError(f"{name}:{number}: changeset {key} is also at {ids[key]}: Liquibase refuses "
                                 "duplicate identifiers")
            ids[key] = f"{name}:{number}"
            attrs = _attributes(m.group(3))
            running = _runs_on_postgres(attrs, reading, f"{name}:{number}", key)
            if not running:
                continue
            delimiter = attrs.get("enddelimiter")
            if delimiter in (";", ""):
                delimiter = None
            if attrs.get("runintransaction", "true").lower() == "false":
                transaction = False
            for attr, why in _RUN_TIME.items():
                wanted = "false" if attr == "failonerror" else "true"
                if attr in attrs and (attr == "runwith" or attrs[attr].lower() == wanted):
                    reading.note(f"{name}:{number}", f"changeset {key}: {why}")
            for attr in _SELECTORS:
                if attr in attrs:
                    reading.note(f"{name}:{number}", f"changeset {key}: {attr}:{attrs[attr]} is chosen at run "
                                                     "time; replayed as if selected")
            continue
        if _CHANGESET_LIKE.match(line):
            raise InputError(f"{name}:{number}: {line.strip()!r} is not '--changeset author:id': Liquibase refuses "
                             "the changelog")
        if _ROLLBACK_BLOCK.match(line):
            in_rollback = "*/" not in line[line.index("/*") + 2:]
            continue
        if _ROLLBACK.match(line) or _INCLUDE.match(line):
            continue
        if m := _IGNORE_LINES.match(line):
            value = m.group(1).lower()
            ignoring = value == "start"
            ignore_count = int(value) if value.isdigit() else 0
            continue
        if ignoring or ignore_count:
            ignore_count = max(0, ignore_count - 1)
            continue
        if _PRECONDITION.match(line) and running:
            reading.note(f"{name}:{number}", f"{line.strip()}: not modelled; the changeset is replayed as if it held")
            continue
        if not running:
            if line.strip() and not line.lstrip().startswith("--") and not any(_CHANGESET.match(x) for x in lines[:i]):
                raise InputError(f"{name}:{number}: a statement before the first --changeset: Liquibase does not "
                                 "run it as part of a changeset")
            continue
        if delimiter is not None and line.strip().lower() == delimiter.lower():
            replaced[i] = ";"  # ends the statement before it, as the delimiter does
        elif (delimiter is not None and line.rstrip().lower().endswith(delimiter.lower())
              and not line.lstrip().startswith("--")):
            raise InputError(f"{name}:{number}: endDelimiter {delimiter!r} at the end of a statement is not read "
                             "(written alone on its line, it is)")
        keep[i] = True
    if in_rollback:
        raise InputError(f"{name}: a '/* liquibase rollback' block is never closed with */")
    raw = text.splitlines(keepends=True)
    for i, replacement in replaced.items():
        raw[i] = replacement + raw[i][len(raw[i].rstrip("\r\n")):]
    return (keep_lines("".join(raw), keep), transaction) if any(keep) else None


def _runs_on_postgres(attrs: dict[str, str], reading: Reading, where: str, key: str) -> bool:
    if attrs.get("ignore", "false").lower() == "true":
        reading.note(where, f"changeset {key}: ignore:true: Liquibase never runs it (blanked)")
        return False
    dbms = attrs.get("dbms")
    if dbms is None:
        return True
    wanted = {d.strip().lower() for d in dbms.split(",")}
    runs = ("postgresql" in wanted or "all" in wanted) if any(not d.startswith("!") for d in wanted) else True
    if "!postgresql" in wanted or "none" in wanted:
        runs = False
    if not runs:
        reading.note(where, f"changeset {key}: dbms:{dbms}: Liquibase does not run it on PostgreSQL (blanked)")
    return runs


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading(duplicate_versions={})
    files = walk(root)
    for path in files:
        if path.is_file() and path.suffix.lower() in _OTHER_FORMATS and path.stem.lower().startswith(
                ("db.changelog", "changelog", "master")):
            raise InputError(f"{relative_name(root, path)} is a Liquibase {path.suffix[1:].upper()} changelog: not "
                             "read (only formatted SQL changelogs are), and the order is its")
    changelogs = [p for p in files if not p.name.startswith(".") and is_changelog(p)]
    master = _master(root, changelogs)
    ordered = (_order(root, master, []) if master is not None
               else sorted(changelogs, key=lambda p: relative_name(root, p).encode()))
    ids: dict[str, str] = {}
    applied = set(ordered)
    for path in ordered:
        name = relative_name(root, path)
        section = read_changelog(root, path, reading, ids)
        if section is None:
            if path == master and _includes(root, path):
                reading.skip(name, "Liquibase master changelog (read: its --include and --includeAll lines)")
            else:
                reading.skip(name, "no changeset of it runs on PostgreSQL")
            continue
        body, transaction = section
        reading.migrations.append(source_file(name, body.encode("utf-8"), None, transaction=transaction))
    for path in sorted(files, key=byte_order):
        if path in applied:
            continue
        name = relative_name(root, path)
        if path.is_dir():
            reading.skip(name, "hidden folder (not searched)")
        elif path.name.startswith("."):
            reading.skip(name, "hidden file")
        elif path.name == _PROPERTIES:
            reading.skip(name, "Liquibase properties (read: changeLogFile)")
        elif path in changelogs:
            reading.skip(name, "formatted SQL changelog the master changelog does not include: Liquibase never "
                               "runs it")
        else:
            reading.skip(name, "not a Liquibase formatted SQL changelog")
    return reading
