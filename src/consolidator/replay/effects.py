"""What a statement did, as data: handlers return effects, the engine records them with the statement's place.

Each effect names the object it touched (a `Ref`), what happened to it, and one sentence saying so (Django's
`Operation.describe()`). The audit, `blame` and `diff` read these records; the terminal shows the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Union

from consolidator.model.keys import Ref


class Action(str, Enum):
    CREATED = "created"
    ALTERED = "altered"  # `change` says what: type, default, not null, identity, labels, options, ...
    RENAMED = "renamed"  # `new` is the new Ref
    DROPPED = "dropped"
    SKIPPED = "skipped"  # IF [NOT] EXISTS found nothing to do (`change` is "exists" when the object was already there)
    COMMENTED = "commented"
    NOTED = "noted"  # no change to the schema (a session setting, transaction control, a DO block's branch)


@dataclass(frozen=True)
class Effect:
    action: Action
    ref: Ref | None
    sentence: str
    change: str | None = None
    new: Ref | None = None
    nested: tuple["Effect", ...] = ()  # what the statements inside a DO block did


    def describe(self) -> str:
        return self.sentence


Effects = Union[Effect, list[Effect]]


def created(ref: Ref, sentence: str) -> Effect:
    return Effect(Action.CREATED, ref, sentence)


def altered(ref: Ref, change: str, sentence: str) -> Effect:
    return Effect(Action.ALTERED, ref, sentence, change=change)


def renamed(ref: Ref, new: Ref, sentence: str) -> Effect:
    return Effect(Action.RENAMED, ref, sentence, change="name", new=new)


def dropped(ref: Ref, sentence: str) -> Effect:
    return Effect(Action.DROPPED, ref, sentence)


def skipped(ref: Ref | None, sentence: str, *, exists: bool = False) -> Effect:
    """`exists`: IF NOT EXISTS found `ref` already there (a creation that did nothing), as opposed to IF EXISTS
    finding nothing to drop or alter."""
    return Effect(Action.SKIPPED, ref, sentence, change="exists" if exists else None)


def commented(ref: Ref, sentence: str) -> Effect:
    return Effect(Action.COMMENTED, ref, sentence, change="comment")


def noted(sentence: str, nested: list[Effect] | tuple[Effect, ...] = ()) -> Effect:
    return Effect(Action.NOTED, None, sentence, nested=tuple(nested))


def as_list(effects: Effects) -> list[Effect]:
    return effects if isinstance(effects, list) else [effects]


def describe(effects: Effects) -> str:
    return "; ".join(e.describe() for e in as_list(effects))
