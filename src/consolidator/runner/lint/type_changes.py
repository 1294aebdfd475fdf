"""What an ALTER COLUMN TYPE does to the values already stored: widen them (every value fits), or not; and
whether PostgreSQL rewrites the table for it (a binary-coercible change does not). Types are the model's
(`SqlType` dumps: internal name, typmods as written, array dimensions). Anything not known to be safe is not."""

from __future__ import annotations

_INTEGER_RANK = {"int2": 1, "int4": 2, "int8": 3}
_LENGTH_TYPES = ("varchar", "bit", "varbit")


def widens(old: dict, new: dict) -> bool:
    """Every value of `old` converts to `new` unchanged."""
    if old.get("array_dims") != new.get("array_dims"):
        return False
    a, b = old.get("name"), new.get("name")
    old_mods, new_mods = tuple(old.get("typmods") or ()), tuple(new.get("typmods") or ())
    if a == b:
        if a == "numeric":
            return _numeric_widens(old_mods, new_mods)
        if a in _LENGTH_TYPES or a in ("timestamp", "timestamptz", "time", "timetz", "interval"):
            return not new_mods or (bool(old_mods) and new_mods[0] >= old_mods[0])
        return old_mods == new_mods
    if a == "varchar" and b == "text":
        return True
    if a in _INTEGER_RANK and b in _INTEGER_RANK:
        return _INTEGER_RANK[b] > _INTEGER_RANK[a]
    if a in _INTEGER_RANK and b == "numeric":
        digits = {1: 5, 2: 10, 3: 19}[_INTEGER_RANK[a]]
        return not new_mods or ((len(new_mods) == 1 or new_mods[1] == 0) and new_mods[0] >= digits)
    return a == "float4" and b == "float8"


def rewrites(old: dict, new: dict) -> bool:
    """Whether the change rewrites the table under its ACCESS EXCLUSIVE lock (binary-coercible ones do not)."""
    if old.get("array_dims") != new.get("array_dims"):
        return True
    a, b = old.get("name"), new.get("name")
    old_mods, new_mods = tuple(old.get("typmods") or ()), tuple(new.get("typmods") or ())
    if a in ("varchar", "text") and b in ("varchar", "text"):
        if b == "text" or not new_mods:
            return False
        return not (a == "varchar" and old_mods and new_mods[0] >= old_mods[0])
    if a == b == "numeric":
        same_scale = (old_mods[1:] or (0,)) == (new_mods[1:] or (0,))
        return not (not new_mods or (old_mods and same_scale and new_mods[0] >= old_mods[0]))
    return True


def _numeric_widens(old: tuple, new: tuple) -> bool:
    if not new:
        return True
    if not old:
        return False
    p1, s1 = old[0], (old[1] if len(old) > 1 else 0)
    p2, s2 = new[0], (new[1] if len(new) > 1 else 0)
    return s2 >= s1 and p2 - s2 >= p1 - s1
