"""PostgreSQL 15's casts (pg_cast) and its coercion rules (parse_coerce.c), over built-in types.

Contexts: ``"i"`` implicit (function and operator arguments), ``"a"`` assignment (INSERT, UPDATE,
column defaults), ``"e"`` explicit (``CAST``, ``::``); each allows what the ones before it allow.
Functions answer None when they meet a type the data does not know (a user's type).
"""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

from consolidator.pg15 import _data
from consolidator.pg15.types import base_type, type_info

Context = Literal["i", "a", "e"]
_RANK = {"i": 0, "a": 1, "e": 2}


class Cast(NamedTuple):
    source: str
    target: str
    context: Context
    method: Literal["f", "i", "b"]  # a function, I/O conversion, binary-coercible
    function: int | None  # pg_proc oid (consolidator.pg15.functions.function_by_oid)


@functools.cache
def _casts() -> dict[tuple[str, str], Cast]:
    _, rows = _data.table("casts.jsonl")
    return {(row[0], row[1]): Cast(*row) for row in rows}


def casts() -> tuple[Cast, ...]:
    return tuple(_casts().values())


def cast(source: str, target: str) -> Cast | None:
    """The pg_cast entry from ``source`` to ``target`` (internal type names), if any."""
    return _casts().get((source, target))


def cast_context(source: str, target: str) -> Context | None:
    """The pg_cast context of source -> target: ``"i"``, ``"a"``, ``"e"``, or None without an entry."""
    c = _casts().get((source, target))
    return c.context if c else None


def _true_array_elem(name: str) -> str | None:
    info = type_info(name)
    return info.elem if info is not None and info.is_array else None


def find_coercion_pathway(source: str, target: str, context: Context = "i") -> str | None:
    """How PostgreSQL 15 coerces source to target in the context (find_coercion_pathway):
    ``"relabel"`` (same type after domains, or binary-coercible), ``"func"`` (a cast function),
    ``"arraycoerce"`` (element by element), ``"coerceviaio"`` (output then input), or None.
    Types are internal names; an unknown type gives None.
    """
    if type_info(source) is None or type_info(target) is None:
        return None
    source, target = base_type(source), base_type(target)
    if source == target:
        return "relabel"  # domains are always coercible to and from their base type
    entry = _casts().get((source, target))
    if entry is not None:
        if _RANK[context] < _RANK[entry.context]:
            return None  # an entry for a stronger context hides the other pathways
        return {"f": "func", "b": "relabel", "i": "coerceviaio"}[entry.method]
    if target not in ("oidvector", "int2vector"):
        target_elem, source_elem = _true_array_elem(target), _true_array_elem(source)
        if target_elem and source_elem and find_coercion_pathway(source_elem, target_elem, context):
            return "arraycoerce"
    if _RANK[context] >= _RANK["a"] and type_info(target).category == "S":
        return "coerceviaio"  # anything -> a string type by assignment
    if context == "e" and type_info(source).category == "S":
        return "coerceviaio"  # a string type -> anything explicitly
    return None


@functools.cache
def polymorphic_types() -> frozenset[str]:
    """The polymorphic pseudo-types (IsPolymorphicType): anyelement, anyarray, ... anycompatible*."""
    from consolidator.pg15.types import type_names

    return frozenset(n for n in type_names() if n.startswith("any") and n != "any" and type_info(n).is_pseudo)


def _is_complex(name: str) -> bool:
    info = type_info(name)
    return info is not None and info.typtype == "c"


def _generic_consistent(inputs: list[str], targets: list[str]) -> bool:
    """check_generic_type_consistency for the anyelement family; the anycompatible family is only
    checked for the kind of its arguments (array, range), as its common type is not computed here."""
    elem: str | None = None
    for actual, declared in zip(inputs, targets):
        if actual == "unknown" or declared not in polymorphic_types():
            continue
        actual = base_type(actual)
        info = type_info(actual)
        if declared.endswith("nonarray"):
            if _true_array_elem(actual):
                return False
            candidate = actual
        elif declared.endswith("array"):
            actual_elem = _true_array_elem(actual)
            if actual_elem is None:
                return False
            candidate = actual_elem
        elif declared.endswith("multirange"):
            if info.typtype != "m":
                return False
            candidate = info.subtype
        elif declared.endswith("range"):
            if info.typtype != "r":
                return False
            candidate = info.subtype
        else:
            if declared == "anyenum" and info.typtype != "e":
                return False
            candidate = actual
        if declared.startswith("anycompatible"):
            continue
        if elem is None:
            elem = candidate
        elif elem != candidate:
            return False
    return True


def can_coerce_all(sources: list[str] | tuple[str, ...], targets: list[str] | tuple[str, ...],
                   context: Context = "i") -> bool | None:
    """can_coerce_type: every source coerces to its target in the context, polymorphic targets
    consistently (``anyelement`` twice must be the same type). None if a type is unknown."""
    have_generics = False
    for source, target in zip(sources, targets):
        if type_info(source) is None or type_info(target) is None:
            return None
        if source == target or target == "any":
            continue
        if target in polymorphic_types():
            have_generics = True
            continue
        if source == "unknown":
            continue  # an untyped literal coerces to anything
        if find_coercion_pathway(source, target, context) is not None:
            continue
        if source == "record" and _is_complex(target):
            continue
        if target == "record" and _is_complex(source):
            continue
        if target == "_record" and _is_complex(_true_array_elem(source) or ""):
            continue
        return False
    if have_generics:
        return _generic_consistent(list(sources), list(targets))
    return True


def can_coerce(source: str, target: str, context: Context = "i") -> bool | None:
    """Whether a value of ``source`` can be coerced to ``target`` in the context (can_coerce_type):
    identical types, pg_cast entries, I/O conversion to string types by assignment and from string
    types explicitly, arrays element by element, domains over their base types, ``unknown`` to anything.
    None if a type is unknown."""
    return can_coerce_all([source], [target], context)


def is_binary_coercible(source: str, target: str) -> bool | None:
    """IsBinaryCoercible: no conversion needed (what operator classes accept for an input type)."""
    if type_info(source) is None or type_info(target) is None:
        return None
    if source == target or target in ("any", "anyelement", "anycompatible"):
        return True
    source = base_type(source)
    info = type_info(source)
    if source == target:
        return True
    if target in ("anyarray", "anycompatiblearray"):
        return info.is_array
    if target in ("anynonarray", "anycompatiblenonarray"):
        return not info.is_array
    if target == "anyenum":
        return info.typtype == "e"
    if target in ("anyrange", "anycompatiblerange"):
        return info.typtype == "r"
    if target in ("anymultirange", "anycompatiblemultirange"):
        return info.typtype == "m"
    if target == "record":
        return info.typtype == "c"
    if target == "_record":
        return _is_complex(_true_array_elem(source) or "")
    entry = _casts().get((source, target))
    return entry is not None and entry.method == "b" and entry.context == "i"
