"""Date and time types: not modelled yet."""

from __future__ import annotations

from consolidator.errors import NotModelled

TYPES: tuple[str, ...] = ()


def input_of(name: str, text: str, typmods: tuple[int, ...]) -> str:
    raise NotModelled(f"values of type {name} are not modelled yet")
