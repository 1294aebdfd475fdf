"""Migration files after the baseline: names, sections and requirements.

A migration is `NNN_name.sql` with sections, or the pair `NNN_name.up.sql` / `NNN_name.down.sql`:

    -- requires: 001_add_widgets, 002_add_colors
    -- migrate:up [transaction:false]
    ...
    -- migrate:down [transaction:false]
    ...
    -- migrate:verify
    SELECT ...            (each query must return a row, and not false)

Its version is the file's stem (`001_add_widgets`), the name the tracking table and `-- requires:` use. What is
wrong with a file is collected as a problem (lint reports it, the runner refuses to run): never guessed around.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from consolidator.errors import InputError
from consolidator.model import tracking
from consolidator.parse.postgres import Statement, parse_file

_NAME = re.compile(r"^(\d+)_([^/]+?)(\.up|\.down)?\.sql$")
_MARKER = re.compile(r"^\s*--\s*migrate:(\S*)(.*)$")
_REQUIRES = re.compile(r"^\s*--\s*requires:(.*)$")
SECTIONS = ("up", "down", "verify")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Section:
    """One section. `text` is its file with every line outside the section blanked, so that statements parsed
    from it carry the file's own line numbers; `body` is the section alone (what rollback_sql stores)."""

    path: str
    present: bool = False
    line: int = 0  # the marker's line; 0 without one (a pair file is its section)
    text: str = ""
    body: str = ""
    transaction: bool = True

    def statements(self) -> list[Statement]:
        return parse_file(self.path, self.text.encode("utf-8")) if self.present else []


@dataclass(frozen=True)
class Migration:
    version: str  # the stem: 001_add_widgets
    number: int
    path: str  # the file (the up file of a pair), as the folder was given
    checksum: str  # sha256 of the file; of the up file, a NUL and the down file for a pair
    up: Section
    down: Section
    verify: Section
    requires: tuple[tuple[str, int], ...] = ()  # (version, line)
    texts: dict[str, str] = field(default_factory=dict)  # path -> the file's text (lint's allow comments)
    problems: tuple[Problem, ...] = ()

    @property
    def rollback_sql(self) -> str | None:
        """What the tracking table stores: the down section, marked when it runs outside a transaction."""
        body = self.down.body.strip("\n")
        if not body.strip():
            return None
        return body + "\n" if self.down.transaction else f"-- migrate:down transaction:false\n{body}\n"

    @property
    def sort_key(self) -> tuple[int, str]:
        return (self.number, self.version)


@dataclass(frozen=True)
class Folder:
    path: Path
    migrations: list[Migration]  # by (number, version); ordering.py applies the requirements
    problems: list[Problem]  # files that are no migration (an orphan down file, a stray .sql)

    def all_problems(self) -> list[Problem]:
        return self.problems + [p for m in self.migrations for p in m.problems]

    def require_valid(self) -> None:
        """The runner runs nothing from a folder with a problem: one line naming the first (and how many)."""
        problems = self.all_problems()
        if problems:
            more = f" (and {len(problems) - 1} more: run `consolidator lint`)" if len(problems) > 1 else ""
            raise InputError(f"{problems[0]}{more}")

    def by_version(self) -> dict[str, Migration]:
        return {m.version: m for m in self.migrations}


def version_number(version: str) -> int | None:
    m = re.match(r"^(\d+)_", version)
    return int(m.group(1)) if m else None


def load_folder(folder: str | Path, *, missing_ok: bool = False) -> Folder:
    root = Path(folder)
    if not root.exists():
        if missing_ok:
            return Folder(root, [], [])
        raise InputError(f"migrations folder not found: {root} (create the first migration with `consolidator new NAME`)")
    if not root.is_dir():
        raise InputError(f"not a folder: {root}")
    try:
        entries = sorted(p for p in root.iterdir() if p.is_file() and p.name.endswith(".sql") and not p.name.startswith("."))
    except OSError as e:
        raise InputError(f"cannot read folder {root}: {e.strerror or e}") from None
    singles: dict[str, Path] = {}
    pairs: dict[str, dict[str, Path]] = {}
    problems: list[Problem] = []
    for path in entries:
        shown = str(root / path.name)
        m = _NAME.match(path.name)
        if not m:
            problems.append(Problem(shown, 1, "not a migration file name: use NNN_name.sql (or NNN_name.up.sql and "
                                              "NNN_name.down.sql)"))
            continue
        stem = f"{m.group(1)}_{m.group(2)}"
        if m.group(3):
            pairs.setdefault(stem, {})[m.group(3)[1:]] = path
        else:
            singles[stem] = path
    migrations = []
    for stem in sorted(set(singles) | set(pairs)):
        if stem in singles and stem in pairs:
            problems.append(Problem(str(root / singles[stem].name), 1,
                                    f"{stem} is written both as one file and as an up/down pair: keep one"))
            continue
        if stem in singles:
            migration = _single(stem, root, singles[stem])
        elif "up" not in pairs[stem]:
            problems.append(Problem(str(root / pairs[stem]["down"].name), 1, f"down file without {stem}.up.sql"))
            continue
        else:
            migration = _pair(stem, root, pairs[stem]["up"], pairs[stem].get("down"))
        if migration is not None:
            migrations.append(migration)
    migrations.sort(key=lambda mig: mig.sort_key)
    return Folder(root, migrations, problems)


def _read(path: Path, shown: str) -> tuple[bytes, str | None, Problem | None]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {shown}: {e.strerror or e}") from None
    try:
        return data, data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return data, None, Problem(shown, line, f"not valid UTF-8 (byte 0x{data[e.start]:02x})")


def _baseline_problem(text: str, shown: str) -> Problem | None:
    if tracking.of_baseline(text) is not None or text.startswith(tracking.HEADER_PREFIX):
        return Problem(shown, 1, "this is the consolidated baseline, not a migration: keep it out of the migrations "
                                 "folder and name it with --baseline (or `baseline` in consolidator.toml)")
    return None


def _single(stem: str, root: Path, path: Path) -> Migration | None:
    shown = str(root / path.name)
    data, text, problem = _read(path, shown)
    checksum = hashlib.sha256(data).hexdigest()
    if text is None or (problem := _baseline_problem(text, shown)):
        return _broken(stem, shown, checksum, problem)
    problems: list[Problem] = []
    lines = text.splitlines(keepends=True)
    markers: list[tuple[str, int, str]] = []  # (section, index of the marker line, options)
    for index, line in enumerate(lines):
        m = _MARKER.match(line)
        if not m:
            continue
        name, options = m.group(1), m.group(2)
        if name not in SECTIONS:
            problems.append(Problem(shown, index + 1, f"unknown section '-- migrate:{name}' (sections: up, down, verify)"))
            continue
        if any(s == name for s, _, _ in markers):
            problems.append(Problem(shown, index + 1, f"a second '-- migrate:{name}' section"))
            continue
        markers.append((name, index, options))
    first = markers[0][1] if markers else len(lines)
    requires = _requires(lines, shown, problems, header_end=first)
    for index in range(first if markers else 0):  # without any marker, "no up section" says it all
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("--"):
            problems.append(Problem(shown, index + 1, "SQL before '-- migrate:up' belongs to no section"))
            break
    sections: dict[str, Section] = {}
    bounds = [i for _, i, _ in markers] + [len(lines)]
    for (name, index, options), end in zip(markers, bounds[1:]):
        transaction = _transaction_option(options, name, shown, index + 1, problems)
        body = "".join(lines[index + 1:end])
        sections[name] = Section(shown, True, index + 1, "\n" * (index + 1) + body, body, transaction)
    if "up" not in sections:
        problems.append(Problem(shown, 1, "no '-- migrate:up' section"))
    return _migration(stem, shown, checksum, sections, requires, {shown: text}, problems)


def _pair(stem: str, root: Path, up_path: Path, down_path: Path | None) -> Migration | None:
    up_shown = str(root / up_path.name)
    data, text, problem = _read(up_path, up_shown)
    if text is None or (problem := _baseline_problem(text, up_shown)):
        return _broken(stem, up_shown, hashlib.sha256(data).hexdigest(), problem)
    problems: list[Problem] = []
    texts = {up_shown: text}
    up, verify = _pair_file(up_shown, text, "up", problems)
    requires = _requires(text.splitlines(keepends=True), up_shown, problems)
    down = Section(str(root / (stem + ".down.sql")))
    digest = data
    if down_path is not None:
        down_shown = str(root / down_path.name)
        down_data, down_text, problem = _read(down_path, down_shown)
        digest = data + b"\0" + down_data
        if problem:
            problems.append(problem)
        else:
            texts[down_shown] = down_text
            down, stray = _pair_file(down_shown, down_text, "down", problems)
            if stray.present:
                problems.append(Problem(down_shown, stray.line, "'-- migrate:verify' belongs in the up file"))
    sections = {"up": up, "down": down, "verify": verify}
    return _migration(stem, up_shown, hashlib.sha256(digest).hexdigest(), sections, requires, texts, problems)


def _pair_file(shown: str, text: str, kind: str, problems: list[Problem]) -> tuple[Section, Section]:
    """(the file's own section, its verify section): an optional '-- migrate:KIND' marker line, and in an up
    file an optional '-- migrate:verify' section after it."""
    lines = text.splitlines(keepends=True)
    transaction, marker, verify_at = True, 0, len(lines)
    for index, line in enumerate(lines):
        m = _MARKER.match(line)
        if not m:
            continue
        if m.group(1) == kind and marker == 0 and verify_at == len(lines):
            marker = index + 1
            transaction = _transaction_option(m.group(2), kind, shown, index + 1, problems)
        elif m.group(1) == "verify" and kind == "up" and verify_at == len(lines):
            verify_at = index
        else:
            problems.append(Problem(shown, index + 1, f"'-- migrate:{m.group(1)}' does not belong in a .{kind}.sql file"))
    body = "".join(lines[marker:verify_at])
    section = Section(shown, True, marker, "\n" * marker + body, body, transaction)
    verify = Section(shown)
    if verify_at < len(lines):
        vbody = "".join(lines[verify_at + 1:])
        verify = Section(shown, True, verify_at + 1, "\n" * (verify_at + 1) + vbody, vbody)
    return section, verify


def _transaction_option(options: str, section: str, shown: str, line: int, problems: list[Problem]) -> bool:
    transaction = True
    for option in options.split():
        key, _, value = option.partition(":")
        if key == "transaction" and value in ("true", "false") and section != "verify":
            transaction = value == "true"
        else:
            problems.append(Problem(shown, line, f"unknown option '{option}' on '-- migrate:{section}' "
                                                 "(known: transaction:false on up and down)"))
    return transaction


def _requires(lines: list[str], shown: str, problems: list[Problem], header_end: int | None = None) -> tuple:
    found = []
    for index, line in enumerate(lines):
        m = _REQUIRES.match(line)
        if not m:
            continue
        if header_end is not None and index >= header_end:
            problems.append(Problem(shown, index + 1, "'-- requires:' must come before '-- migrate:up'"))
            continue
        names = [n for n in re.split(r"[\s,]+", m.group(1).strip()) if n]
        if not names:
            problems.append(Problem(shown, index + 1, "'-- requires:' names no migration"))
        found.extend((name.removesuffix(".sql"), index + 1) for name in names)
    return tuple(found)


def _broken(stem: str, shown: str, checksum: str, problem: Problem) -> Migration:
    empty = Section(shown)
    return Migration(stem, int(stem.split("_", 1)[0]), shown, checksum, empty, empty, empty, problems=(problem,))


def _migration(stem, shown, checksum, sections, requires, texts, problems) -> Migration:
    empty = Section(shown)
    up = sections.get("up", empty)
    if up.present and not any(s.node is not None or s.error is not None for s in up.statements()):
        problems.append(Problem(shown, up.line or 1, "the up section is empty: write the migration first"))
    return Migration(
        version=stem, number=int(stem.split("_", 1)[0]), path=shown, checksum=checksum, up=up,
        down=sections.get("down", empty), verify=sections.get("verify", empty), requires=requires, texts=texts,
        problems=tuple(problems),
    )
