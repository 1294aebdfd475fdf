"""Loading the generated files of data/ (each read once, on first use).

Tabular files are JSON lines whose first line is the list of column names; the others are JSON lines
of values. Nothing here runs at import time.
"""

from __future__ import annotations

import functools
import json
import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _read(name: str) -> str:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as f:
        return f.read()


@functools.cache
def values(name: str) -> tuple:
    """The values of a JSON-lines file, in file order."""
    text = _read(name).strip()
    return tuple(json.loads("[" + text.replace("\n", ",") + "]")) if text else ()


@functools.cache
def table(name: str) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    """(header, rows) of a tabular file; lists inside rows are turned into tuples (hashable)."""
    header, *rows = values(name)
    return tuple(header), tuple(tuple([_freeze(v) if type(v) is list else v for v in row]) for row in rows)


def records(name: str) -> list[dict]:
    """The rows of a tabular file as dicts keyed by the header."""
    header, rows = table(name)
    return [dict(zip(header, row)) for row in rows]


def _freeze(value):
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@functools.cache
def meta() -> dict:
    return json.loads(_read("meta.json"))
