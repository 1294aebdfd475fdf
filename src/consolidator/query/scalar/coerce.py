"""Implicit coercion of an analysed expression to the type an operator, function or CASE declares: a literal is
converted when the statement is parsed (its errors come first), anything else when it is computed."""

from __future__ import annotations

from consolidator.query.scalar.typed import Typed, known
from consolidator.query.scalar.values import coerce


def coerced(typed: Typed, target: str) -> Typed:
    if typed.type == target:
        return typed
    if typed.constant and typed.type == "unknown":
        return known(coerce(typed.value(), target))
    return Typed(target, lambda: coerce(typed.value(), target), foldable=typed.foldable, children=[typed])
