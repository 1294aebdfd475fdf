"""Atlas (versioned migrations): every `*.sql` file of the folder (`<version>_<name>.sql`), in name order, each in
a transaction of its own, and `atlas.sum`, the folder's integrity file, checked exactly as Atlas checks it
(ariga/atlas sql/migrate/dir.go: NewHashFile, HashFile.Sum, Validate):

- one running sha256 over the files in name order: each file's name, then its bytes (only the name when its first
  line holds `atlas:sum ignore`); each file's entry is the base64 of the digest so far;
- the first line of atlas.sum, `h1:<sum>`, is the base64 sha256 over the entries' names and hashes, and must
  match both the entries written below it and the folder's files.

A mismatch, or a folder of migrations without atlas.sum, is refused in one line (exit 2), as `atlas migrate
apply` refuses it: there is no flag to go past it. Atlas's own remedy is to check the files and run `atlas migrate
hash`; `--layout flat` reads the folder as plain files instead.

A file with the `atlas:txmode none` directive runs outside a transaction. A database is started from the last
`atlas:checkpoint` file when there is one, as Atlas starts a new database: the files before it are left out.
Sub-folders are not searched. `atlas:delimiter` is refused (not read)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from consolidator.errors import InputError
from consolidator.source.files import Order, byte_order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading

NAME = "atlas"
SUM_FILE = "atlas.sum"
_DIRECTIVE = re.compile(r"^([ -~]*)atlas:(\w+)(?: +([ -~]*))*")  # Atlas's reDirective, matched at the text's start
_REMEDY = "Atlas refuses to run them: check the files, then `atlas migrate hash`; or read them with --layout flat"


def detect(root: Path, entries: list[Path]) -> bool:
    return (root / SUM_FILE).is_file()


def _directive(content: str, name: str) -> str | None:
    m = _DIRECTIVE.match(content)
    return (m.group(3) or "") if m and m.group(2) == name else None


def file_directives(data: bytes, name: str) -> list[str]:
    """The values of the file's `atlas:<name>` directives: the comment lines at its top, when a blank line
    separates them from its statements (LocalFile.Directive)."""
    content = data.decode("utf-8", "replace")
    comments: list[str] = []
    while content.startswith(("#", "--")):
        end = content.find("\n")
        if end == -1:
            comments.append(content)
            content = ""
            break
        comments.append(content[:end].strip())
        content = content[end + 1:]
    if not content.lstrip(" \t").startswith("\n"):
        return []
    return [d for c in comments if (d := _directive(c, name)) is not None]


def hash_file(files: list[tuple[str, bytes]]) -> list[tuple[str, str]]:
    """Atlas's NewHashFile: (name, h1 hash) for each file, in the order given."""
    h = hashlib.sha256()
    out: list[tuple[str, str]] = []
    for name, data in files:
        h.update(name.encode())
        if _directive(data.decode("utf-8", "replace"), "sum") == "ignore":
            continue
        h.update(data)
        out.append((name, base64.b64encode(h.copy().digest()).decode()))
    return out


def total(entries: list[tuple[str, str]]) -> str:
    """Atlas's HashFile.Sum."""
    h = hashlib.sha256()
    for name, digest in entries:
        h.update(name.encode())
        h.update(digest.encode())
    return base64.b64encode(h.digest()).decode()


def parse_sum(text: str, shown: str) -> tuple[str, list[tuple[str, str]]]:
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise InputError(f"{shown} is empty: checksum file format invalid ({_REMEDY})")
    entries = []
    for line in lines[1:]:
        name, sep, digest = line.partition("h1:")
        if not sep:
            raise InputError(f"{shown}: {line!r} is not '<file> h1:<hash>': checksum file format invalid")
        entries.append((name.strip(), digest))
    return lines[0].removeprefix("h1:"), entries


def check(root: Path, files: list[tuple[str, bytes]]) -> None:
    shown = str(root / SUM_FILE)
    if not (root / SUM_FILE).is_file():
        if files:
            raise InputError(f"{shown} not found: checksum file not found ({_REMEDY})")
        return
    written_sum, written = parse_sum(read_bytes(root / SUM_FILE).decode("utf-8", "replace"), shown)
    if written_sum != total(written):
        raise InputError(f"{shown}: its first line does not match the hashes below it: checksum mismatch ({_REMEDY})")
    computed = hash_file(files)
    if total(computed) == written_sum:
        return
    written_by_name = dict(written)
    computed_by_name = dict(computed)
    changed = next((n for n, h in computed if written_by_name.get(n) != h), None)
    if changed is not None and changed not in written_by_name:
        what = f"{changed} is not in it"
    elif changed is not None:
        what = f"{changed} differs from its hash there (it or a file before it changed)"
    else:
        missing = next((n for n, _ in written if n not in computed_by_name), "a file")
        what = f"{missing} is in it but not in the folder"
    raise InputError(f"{shown} does not match the migration files: {what}: checksum mismatch ({_REMEDY})")


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading()
    sql: list[tuple[str, bytes]] = []
    for path in sorted(entries, key=byte_order):
        name = relative_name(root, path)
        if path.name.endswith(".sql") and path.is_file():  # fs.Glob("*.sql"): hidden files too
            sql.append((name, read_bytes(path)))
        elif path.name == SUM_FILE:
            reading.skip(name, "Atlas's integrity file (read: checked against the migration files)")
        elif path.is_dir():
            reading.skip(name, "directory (not searched)")
        else:
            reading.skip(name, "not an Atlas migration file (*.sql)")
    check(root, sql)
    start = max((i for i, (_, data) in enumerate(sql) if file_directives(data, "checkpoint")), default=0)
    versions: dict[str, list[str]] = {}
    for index, (name, data) in enumerate(sql):
        if index < start:
            reading.skip(name, f"before the checkpoint {sql[start][0]}: Atlas starts a new database from it")
            continue
        if file_directives(data, "delimiter"):
            raise InputError(f"{root / name}: the atlas:delimiter directive is not read")
        version = name.removesuffix(".sql").split("_", 1)[0]
        versions.setdefault(version, []).append(name)
        transaction = "none" not in [d.strip() for d in file_directives(data, "txmode")]
        reading.migrations.append(source_file(name, data, version, transaction=transaction))
    reading.duplicate_versions = {v: n for v, n in sorted(versions.items()) if len(n) > 1}
    return reading
