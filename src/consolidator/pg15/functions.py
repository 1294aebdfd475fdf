"""PostgreSQL 15's built-in functions (pg_proc of a fresh database): overloads, volatility, resolution.

Argument types are internal type names (``int4``, ``text``, ``unknown`` for an untyped literal); a
spelling such as ``integer`` is accepted and resolved. Unqualified calls see pg_catalog, as the default
search path does; ``information_schema``'s helper functions need ``schema="information_schema"``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from consolidator.pg15 import _data
from consolidator.pg15.types import resolve_builtin, type_info

Volatility = Literal["i", "s", "v"]  # immutable, stable, volatile
_VOLATILITY_RANK = {"i": 0, "s": 1, "v": 2}


@dataclass(frozen=True)
class Function:
    name: str
    schema: str
    args: tuple[str, ...]  # input arguments (proargtypes), internal type names
    oid: int
    variadic: str | None  # the element type of a VARIADIC last argument ("any" for VARIADIC "any")
    result: str
    retset: bool
    kind: Literal["f", "p", "a", "w"]  # function, procedure, aggregate, window
    volatility: Volatility
    strict: bool
    leakproof: bool
    ndefaults: int  # trailing arguments with defaults

    def signature(self) -> str:
        return f"{self.name}({', '.join(self.args)})"


@functools.cache
def _rows_by_name() -> dict[str, list[tuple]]:
    """pg_proc's rows by name; a Function is made only for the names asked for (there are thousands)."""
    _, rows = _data.table("functions.jsonl")
    out: dict[str, list[tuple]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(row)
    return out


@functools.cache
def _named(name: str) -> tuple[Function, ...]:
    return tuple(Function(*row) for row in _rows_by_name().get(name, ()))


@functools.cache
def _name_of_oid() -> dict[int, str]:
    _, rows = _data.table("functions.jsonl")
    return {row[3]: row[0] for row in rows}


@functools.cache
def functions_named(name: str, schema: str | None = None) -> list[Function]:
    """Every overload of a name (all schemas when ``schema`` is None), in a stable order."""
    return [f for f in _named(name) if schema is None or f.schema == schema]


def function_by_oid(oid: int) -> Function | None:
    name = _name_of_oid().get(oid)
    return None if name is None else next(f for f in _named(name) if f.oid == oid)


def _type(name: str) -> str:
    return name if type_info(name) is not None else (resolve_builtin(name) or name)


def function(name: str, argtypes: tuple[str, ...] | list[str], schema: str = "pg_catalog") -> Function | None:
    """The overload whose declared input arguments are exactly these types."""
    args = tuple(_type(t) for t in argtypes)
    return next((f for f in functions_named(name, schema) if f.args == args), None)


# -- overload resolution (parse_func.c: func_get_detail, func_select_candidate) --------------------------


@dataclass
class _Candidate:
    function: Function | None  # None: two candidates with the same arguments (ambiguous)
    args: tuple[str, ...]
    variadic: bool


def _candidates(name: str, nargs: int, schema: str) -> list[_Candidate]:
    """FuncnameGetCandidates with positional arguments: variadic expanded, defaults used."""
    out: list[_Candidate] = []
    for f in functions_named(name, schema):
        pronargs = len(f.args)
        variadic = f.variadic is not None and pronargs <= nargs
        use_defaults = not variadic and pronargs > nargs
        if use_defaults and nargs + f.ndefaults < pronargs:
            continue
        if pronargs != nargs and not variadic and not use_defaults:
            continue
        if variadic:
            args = f.args[:pronargs - 1] + (f.variadic,) * (nargs - pronargs + 1)
        else:
            args = f.args[:nargs]
        previous = next((c for c in out if c.args == args), None)
        if previous is None:
            out.append(_Candidate(f, args, variadic))
        elif previous.variadic and not variadic:
            previous.function, previous.variadic = f, False  # a plain function wins over an expanded one
        elif not (variadic and not previous.variadic):
            previous.function = None
    return out


def _category_preferred(name: str) -> tuple[str, bool]:
    info = type_info(name)
    return (info.category, info.preferred) if info else ("", False)


def _keep_best(candidates: list[_Candidate], score) -> list[_Candidate]:
    scores = [score(c) for c in candidates]
    best = max(scores)
    return [c for c, s in zip(candidates, scores) if s == best]


def _select_candidate(inputs: tuple[str, ...], candidates: list[_Candidate]) -> _Candidate | None:
    """func_select_candidate: exact matches, then preferred types, then the unknown literals' categories."""
    from consolidator.pg15.casts import can_coerce_all
    from consolidator.pg15.types import base_type

    base = tuple(t if t == "unknown" else base_type(t) for t in inputs)
    nargs, nunknowns = len(base), base.count("unknown")
    candidates = _keep_best(candidates, lambda c: sum(b != "unknown" and a == b for a, b in zip(c.args, base)))
    if len(candidates) == 1:
        return candidates[0]
    slot_category = [_category_preferred(b)[0] for b in base]

    def preferred_score(c: _Candidate) -> int:
        n = 0
        for i, b in enumerate(base):
            if b == "unknown":
                continue
            cat, pref = _category_preferred(c.args[i])
            if c.args[i] == b or (pref and cat == slot_category[i]):
                n += 1
        return n

    candidates = _keep_best(candidates, preferred_score)
    if len(candidates) == 1:
        return candidates[0]
    if nunknowns == 0:
        return None
    resolved, categories, has_preferred = True, {}, {}
    for i, b in enumerate(base):
        if b != "unknown":
            continue
        slot, slot_pref, conflict = None, False, False
        for c in candidates:
            cat, pref = _category_preferred(c.args[i])
            if slot is None:
                slot, slot_pref = cat, pref
            elif cat == slot:
                slot_pref |= pref
            elif cat == "S":  # STRING always wins if available
                slot, slot_pref = cat, pref
            else:
                conflict = True
        if conflict and slot != "S":
            resolved = False
            break
        categories[i], has_preferred[i] = slot, slot_pref
    if resolved:
        def keep(c: _Candidate) -> bool:
            for i in categories:
                cat, pref = _category_preferred(c.args[i])
                if cat != categories[i] or (has_preferred[i] and not pref):
                    return False
            return True

        kept = [c for c in candidates if keep(c)]
        candidates = kept or candidates
        if len(candidates) == 1:
            return candidates[0]
    if nunknowns < nargs:
        known = {b for b in base if b != "unknown"}
        if len(known) == 1:
            inputs_known = (known.pop(),) * nargs
            matching = [c for c in candidates if can_coerce_all(inputs_known, c.args, "i")]
            if len(matching) == 1:
                return matching[0]
    return None


def is_type_coercion_call(name: str, argtypes: tuple[str, ...] | list[str]) -> bool:
    """Whether ``name(arg)`` is a cast written as a call (``text(5)``, ``int4(x)``): func_get_detail
    tries this when no overload matches exactly."""
    from consolidator.pg15.casts import find_coercion_pathway

    if len(argtypes) != 1 or function(name, argtypes) is not None:
        return False
    target = type_info(name)
    if target is None or target.schema != "pg_catalog":
        return False
    source = _type(argtypes[0])
    if source == "unknown":
        return True
    path = find_coercion_pathway(source, name, "e")
    if path == "relabel":
        return True
    if path == "coerceviaio":
        source_info = type_info(source)
        return not ((source == "record" or (source_info and source_info.typtype == "c")) and target.category == "S")
    return False


def resolve_function(name: str, argtypes: tuple[str, ...] | list[str], schema: str = "pg_catalog") -> Function | None:
    """The overload PostgreSQL 15 calls for ``name(args)`` (func_get_detail), positional arguments only;
    None when no overload fits, the call is ambiguous, or it is a cast written as a call."""
    from consolidator.pg15.casts import can_coerce_all

    args = tuple(_type(t) for t in argtypes)
    candidates = _candidates(name, len(args), schema)
    exact = next((c for c in candidates if c.args == args), None)
    if exact is not None:
        return exact.function
    if is_type_coercion_call(name, args):
        return None
    matching = [c for c in candidates if can_coerce_all(args, c.args, "i")]
    best = matching[0] if len(matching) == 1 else _select_candidate(args, matching) if matching else None
    return best.function if best is not None else None


# -- volatility --------------------------------------------------------------------------------------


def volatility(name: str, argtypes: tuple[str, ...] | list[str] | None = None) -> Volatility | None:
    """The volatility of the overload a call resolves to; without argtypes, the most volatile overload
    of pg_catalog's (``date_part`` is stable for timestamptz, immutable otherwise: ``"s"``). None if unknown."""
    if argtypes is not None:
        f = resolve_function(name, argtypes)
        return f.volatility if f else None
    overloads = functions_named(name, "pg_catalog")
    if not overloads:
        return None
    return max((f.volatility for f in overloads), key=_VOLATILITY_RANK.__getitem__)


def never_immutable(name: str) -> bool:
    """pg_catalog has the name, and none of its overloads is immutable (``now``, ``random``, ``to_char``)."""
    overloads = functions_named(name, "pg_catalog")
    return bool(overloads) and all(f.volatility != "i" for f in overloads)


def immutable_for(name: str, argtypes: tuple[str, ...] | list[str]) -> bool | None:
    """Whether the overload ``name(argtypes)`` resolves to is immutable; None when none resolves."""
    f = resolve_function(name, argtypes)
    return None if f is None else f.volatility == "i"


def is_immutable_call(name: str, argtypes: tuple[str, ...] | list[str] | None = None) -> bool | None:
    """Whether a call may appear in an index expression as far as the function goes: True when every
    overload is immutable, False when none is, otherwise the resolved overload's (None if unresolved)."""
    overloads = functions_named(name, "pg_catalog")
    if not overloads:
        return None
    kinds = {f.volatility == "i" for f in overloads}
    if kinds == {True}:
        return True
    if kinds == {False}:
        return False
    return None if argtypes is None else immutable_for(name, argtypes)


def no_overload_fits(name: str, argtypes: tuple[str, ...] | list[str], schema: str = "pg_catalog") -> bool:
    """No overload of ``name`` accepts these argument types by implicit coercion, and the call is no cast written
    as a call: the server's 42883 'function ... does not exist'."""
    from consolidator.pg15.casts import can_coerce_all

    args = tuple(_type(t) for t in argtypes)
    if is_type_coercion_call(name, args):
        return False
    return not any(c.args == args or can_coerce_all(args, c.args, "i") for c in _candidates(name, len(args), schema))
