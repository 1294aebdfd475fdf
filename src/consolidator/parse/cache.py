"""The parse cache: the statements of a legacy file, kept by the sha256 of its content, so that a rebuild parses only
the files that changed.

Where: ``$XDG_CACHE_HOME/consolidator`` (``~/.cache/consolidator`` when unset), outside any repository and safe to
delete at any time; ``build --no-cache`` neither reads nor writes it. Each entry is one JSON file named by its key: the
sha256 of the entry format, the tool's version, pglast's version, the source of this package (so a change to the
parser is a new key), and the file's bytes. Only files without psql features are cached (no backslash, none of psql's
own variables): their statements depend on their bytes alone; a file with ``\\i`` also depends on the files it reads.

An entry is data only, never pickle: JSON of pglast node class names, their fields, and enum values, rebuilt through a
whitelist (a class of `pglast.ast`, a field of that class, an enum of `pglast.enums`). A planted or corrupt entry
cannot run code; anything that does not read back exactly is a miss, and the file is parsed again (and the entry
rewritten).

`build --check` also keeps, per complete set of inputs (every file, option and the tool's whole source: see
`consolidator.build.build_key`), the sha256 of the baseline they gave: when the output file still has it, the check
is done without replaying anything.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pglast
from pglast import ast, enums

from consolidator.errors import PgError

FORMAT = "parse-v1"
BUILDS = "builds-v1"  # build --check: the sha256 of the baseline each complete set of inputs gave
_PACKAGE = Path(__file__).resolve().parent
_set = object.__setattr__

# (node or None, text, line, column, error or None): a statement without its file name, which the caller adds.
Cached = tuple[Any, str, int, int, "PgError | None"]


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"  # the XDG rule: a relative value is ignored
    return root / "consolidator"


_SALT: bytes | None = None


def _salt() -> bytes:
    """What else a parse result depends on: the tool's and pglast's versions and the source of the parser."""
    global _SALT
    if _SALT is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            tool = version("consolidator")
        except PackageNotFoundError:
            tool = "unknown"
        h = hashlib.sha256(f"{FORMAT}\0{tool}\0{pglast.__version__}\0".encode())
        for path in sorted(_PACKAGE.glob("*.py")) + [_PACKAGE.parent / "errors.py"]:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _SALT = h.digest()
    return _SALT


class ParseCache:
    """Parse results by content in `folder` (see the module doc); `hits` and `misses` count this run's lookups."""

    def __init__(self, folder: Path | None = None):
        self.folder = (folder or default_folder()) / FORMAT
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes) -> str:
        return hashlib.sha256(_salt() + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, data: bytes) -> list[Cached] | None:
        """The cached statements of a file with these bytes, or None (no entry, or one that does not read back)."""
        key = self.key(data)
        try:
            raw = self._path(key).read_bytes()
            entry = json.loads(raw)
            if not isinstance(entry, dict) or entry.get("key") != key:
                raise ValueError("not this entry")
            statements = [_statement(item) for item in entry["statements"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            self.misses += 1
            return None
        self.hits += 1
        return statements

    def store(self, data: bytes, statements: list[Cached]) -> None:
        """Keep the statements of a file with these bytes; a cache that cannot be written is only a slower build."""
        key = self.key(data)
        try:
            entry = {"key": key, "statements": [_dump_statement(s) for s in statements]}
            text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return  # a value the format does not know: that file is parsed again next time
        _write(self._path(key), text)


    # ---- whole builds, for build --check ------------------------------------------------------------------

    def _build_path(self, key: str) -> Path:
        return self.folder.parent / BUILDS / f"{key}.json"

    def built(self, key: str) -> str | None:
        """The sha256 of the baseline a build with this key (see `consolidator.build.build_key`) wrote, if known."""
        try:
            entry = json.loads(self._build_path(key).read_bytes())
        except (OSError, ValueError):
            return None
        sha = entry.get("sha256") if isinstance(entry, dict) and entry.get("key") == key else None
        return sha if isinstance(sha, str) and len(sha) == 64 else None

    def record_build(self, key: str, sha256: str) -> None:
        _write(self._build_path(key), json.dumps({"key": key, "sha256": sha256}))


def _write(path: Path, text: str) -> None:
    """Atomically, or not at all: a cache that cannot be written is only a slower build.

    The temporary name is unique to this process and entry (O_EXCL), and the folder is made only when it is
    missing: tempfile.mkstemp and a mkdir per entry cost more than the entries' JSON on a cold build."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return


# ---- the entry format ---------------------------------------------------------------------------------


def _dump_statement(statement: Cached) -> dict:
    node, text, line, column, error = statement
    out: dict[str, Any] = {"node": _dump(node), "text": text, "line": line, "column": column}
    if error is not None:
        if error.from_user or not isinstance(error.sqlstate, str):
            raise ValueError("only the parser's own errors are cached")
        out["error"] = [error.sqlstate, error.message]
    return out


def _statement(item: Any) -> Cached:
    if not isinstance(item, dict):
        raise ValueError("a statement is an object")
    text, line, column = item["text"], item["line"], item["column"]
    if not (isinstance(text, str) and type(line) is int and type(column) is int and line >= 1 and column >= 1):
        raise ValueError("bad statement fields")
    error = None
    if "error" in item:
        sqlstate, message = item["error"]
        if not (isinstance(sqlstate, str) and len(sqlstate) == 5 and isinstance(message, str)):
            raise ValueError("bad error")
        error = PgError(sqlstate, message)
    node = _load(item["node"])
    if node is not None and not isinstance(node, ast.Node):
        raise ValueError("a statement's node is a parse tree node")
    return node, text, line, column, error


_SLOTS: dict[type, tuple[str, ...]] = {}  # node class -> its field names (a dict lookup beats isinstance per value)


def _dump(value: Any) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    fields = _SLOTS.get(kind)
    if fields is None and isinstance(value, ast.Node):
        fields = _SLOTS[kind] = tuple(kind.__slots__)
    if fields is not None:
        out: dict[str, Any] = {"@": kind.__name__}
        for name in fields:
            item = getattr(value, name, None)
            if item is not None:
                out[name] = item if type(item) in _ATOMS else _dump(item)
        return out
    if isinstance(value, enum.Enum):
        return {"#": type(value).__name__, "v": value.value}
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if type(value) is float:
        raise ValueError("a float in a parse tree")  # not in pglast's trees (Float keeps its text); never guessed
    raise ValueError(f"a {type(value).__name__} in a parse tree")


_NODES: dict[str, type] = {}
_ENUMS: dict[tuple[str, Any], enum.Enum] = {}
_ATOMS = (str, int, bool, type(None))


def _node_class(name: Any) -> type:
    cls = _NODES.get(name) if isinstance(name, str) else None
    if cls is None:
        cls = getattr(ast, name, None) if isinstance(name, str) and name.isidentifier() else None
        if not (isinstance(cls, type) and issubclass(cls, ast.Node) and cls is not ast.Node):
            raise ValueError(f"not a parse tree node: {name!r}")
        _NODES[name] = cls
    return cls


def _enum(name: Any, value: Any) -> enum.Enum:
    try:
        return _ENUMS[name, value]
    except (KeyError, TypeError):
        pass
    cls = getattr(enums, name, None) if isinstance(name, str) and name.isidentifier() else None
    if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
        raise ValueError(f"not a parse tree enum: {name!r}")
    member = cls(value)
    _ENUMS[name, value] = member
    return member


def _load(value: Any) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return tuple([_load(v) for v in value])
    if kind is not dict:
        raise ValueError(f"a {kind.__name__} in a cache entry")
    if "@" not in value:
        if len(value) == 2 and "#" in value and "v" in value:
            return _enum(value["#"], value["v"])
        raise ValueError("an object that is neither a node nor an enum")
    cls = _node_class(value["@"])
    node = cls.__new__(cls)
    found = 1
    for name in cls.__slots__:
        item = value.get(name)
        if item is None:
            _set(node, name, None)
        else:
            found += 1
            _set(node, name, item if type(item) in _ATOMS else _load(item))
    if found != len(value):
        raise ValueError(f"{cls.__name__}: fields it does not have")
    return node
