"""What each contrib extension of PostgreSQL 15 creates (``CREATE EXTENSION ... CASCADE`` in a scratch
database, its members through pg_depend deptype 'e'), with its control file's version and requires.

Type names in an extension's objects are bare for pg_catalog's types and the extension's own (installed
in ``public``). plpgsql is already installed in every fresh database, so its objects are also built-ins.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple


class ExtFunction(NamedTuple):
    name: str
    args: tuple[str, ...]
    result: str
    kind: str  # f, p, a, w
    volatility: str  # i, s, v


class ExtType(NamedTuple):
    name: str
    typtype: str
    category: str
    preferred: bool
    array: str | None
    input: str
    output: str


class ExtOperator(NamedTuple):
    name: str
    left: str | None
    right: str
    result: str


class ExtOpClass(NamedTuple):
    name: str
    am: str
    intype: str
    default: bool
    family: str


class ExtCast(NamedTuple):
    source: str
    target: str
    context: str
    method: str


@dataclass(frozen=True)
class Extension:
    name: str
    default_version: str
    requires: tuple[str, ...]
    schema: str | None  # the control file's fixed schema (plpgsql, adminpack: pg_catalog)
    relocatable: bool
    superuser: bool
    trusted: bool
    comment: str | None
    error: str | None  # why CREATE EXTENSION failed on a plain database (then no objects are known)
    installed_schema: str | None
    functions: tuple[ExtFunction, ...]
    types: tuple[ExtType, ...]
    operators: tuple[ExtOperator, ...]
    opclasses: tuple[ExtOpClass, ...]
    opfamilies: tuple[tuple[str, str], ...]  # (name, am)
    casts: tuple[ExtCast, ...]
    relations: tuple[tuple[str, str], ...]  # (name, relkind)
    schemas: tuple[str, ...]
    other: tuple[tuple[str, str], ...]  # (catalog, pg_describe_object) of the rest: languages, ...

    @property
    def installable(self) -> bool:
        return self.error is None

    @property
    def type_names(self) -> frozenset[str]:
        """Its types and their array types."""
        return frozenset([t.name for t in self.types] + [t.array for t in self.types if t.array])

    @property
    def function_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.functions)


def _tuple(cls, rows) -> tuple:
    return tuple(cls(*(tuple(v) if isinstance(v, list) else v for v in row)) for row in rows)


@functools.cache
def _extensions() -> dict[str, Extension]:
    from consolidator.pg15 import _data

    out = {}
    for r in _data.values("extensions.jsonl"):
        out[r["name"]] = Extension(
            name=r["name"], default_version=r["default_version"], requires=tuple(r["requires"]),
            schema=r["schema"], relocatable=r["relocatable"], superuser=r["superuser"], trusted=r["trusted"],
            comment=r["comment"], error=r["error"], installed_schema=r["installed_schema"],
            functions=_tuple(ExtFunction, r["functions"]), types=_tuple(ExtType, r["types"]),
            operators=_tuple(ExtOperator, r["operators"]), opclasses=_tuple(ExtOpClass, r["opclasses"]),
            opfamilies=tuple(map(tuple, r["opfamilies"])), casts=_tuple(ExtCast, r["casts"]),
            relations=tuple(map(tuple, r["relations"])), schemas=tuple(r["schemas"]),
            other=tuple(map(tuple, r["other"])))
    return out


def extension_names() -> tuple[str, ...]:
    """Every extension pg_available_extensions lists, sorted."""
    return tuple(sorted(_extensions()))


def extension(name: str) -> Extension | None:
    return _extensions().get(name)


def _providers(predicate) -> tuple[str, ...]:
    return tuple(sorted(n for n, e in _extensions().items() if predicate(e)))


def providers_of_function(name: str) -> tuple[str, ...]:
    """Every extension that creates a function of this name."""
    return _providers(lambda e: name in e.function_names)


def provider_of_function(name: str) -> str | None:
    """The extension a function name comes from (the first by name if several create it); None for a
    name pg_catalog already has (``replace``, which citext overloads) or that no extension creates."""
    from consolidator.pg15.functions import functions_named

    if functions_named(name, "pg_catalog"):
        return None
    providers = providers_of_function(name)
    return providers[0] if providers else None


def provider_of_type(name: str) -> str | None:
    """The extension that creates a type (or its array type); None for built-ins and unknown names."""
    from consolidator.pg15.types import type_info

    if type_info(name) is not None:
        return None
    providers = _providers(lambda e: name in e.type_names)
    return providers[0] if providers else None


@functools.cache  # contrib's scripts only
def provider_of_opclass(name: str, am: str | None = None) -> str | None:
    """The extension that creates an operator class (``gin_trgm_ops`` -> pg_trgm); None for built-ins."""
    from consolidator.pg15.operators import opclasses

    if any(c.name == name and (am is None or c.am == am) for c in opclasses()):
        return None
    providers = _providers(lambda e: any(c.name == name and (am is None or c.am == am) for c in e.opclasses))
    return providers[0] if providers else None
