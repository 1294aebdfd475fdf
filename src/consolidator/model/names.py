"""Identifiers as PostgreSQL folds, truncates, invents and quotes them."""

from __future__ import annotations

from pglast.stream import maybe_double_quote_name

NAMEDATALEN = 64  # PostgreSQL's compile-time limit: names are at most 63 bytes
DEFAULT_SCHEMA = "public"


def truncate(name: str) -> str:
    """Cut a name to 63 bytes without splitting a UTF-8 character, as the server does (with a NOTICE)."""
    raw = name.encode("utf-8")
    if len(raw) < NAMEDATALEN:
        return name
    return raw[: NAMEDATALEN - 1].decode("utf-8", "ignore")


def quote(name: str) -> str:
    """Quote an identifier for output only when PostgreSQL needs it: reserved words, upper case, odd characters."""
    return maybe_double_quote_name(name)


def qualify(schema: str, name: str) -> str:
    """The model's key for a schema object: 'schema.name' (unquoted; names may contain dots, keys are never parsed)."""
    return f"{schema}.{name}"


def split_key(key: str) -> tuple[str, str]:
    schema, _, name = key.partition(".")
    return schema, name


def render_key(key: str) -> str:
    """SQL for a schema object key: unqualified in public (the default search_path), qualified elsewhere."""
    schema, name = split_key(key)
    return quote(name) if schema == DEFAULT_SCHEMA else f"{quote(schema)}.{quote(name)}"


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's makeObjectName: 'name1_name2_label', shortening the longer part until it fits in 63 bytes."""
    b1, b2 = name1.encode(), (name2.encode() if name2 else b"")
    overhead = (len(label.encode()) + 1 if label else 0) + (1 if name2 else 0)
    avail = NAMEDATALEN - 1 - overhead
    n1, n2 = len(b1), len(b2)
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    parts = [b1[:n1].decode("utf-8", "ignore")]
    if name2:
        parts.append(b2[:n2].decode("utf-8", "ignore"))
    if label:
        parts.append(label)
    return "_".join(parts)


def index_column_names(names: list[str]) -> list[str]:
    """PostgreSQL's ChooseIndexColumnNames: a name used twice gets a number (key and INCLUDE columns alike)."""
    out: list[str] = []
    for name in names:
        candidate, i = name, 0
        while candidate in out:
            i += 1
            room = NAMEDATALEN - 1 - len(str(i))  # the number always fits: the name is clipped, in bytes
            candidate = name.encode()[:room].decode("utf-8", "ignore") + str(i)
        out.append(candidate)
    return out


def choose_name(name1: str, name2: str | None, label: str, taken) -> str:
    """PostgreSQL's ChooseRelationName/ChooseConstraintName: add 1, 2, ... to the label until `taken(name)` is false."""
    candidate = make_object_name(name1, name2, label)
    n = 0
    while taken(candidate):
        n += 1
        candidate = make_object_name(name1, name2, f"{label}{n}")
    return candidate
