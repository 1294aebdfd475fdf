"""What every section shares: how an object, a place and a step are named in the report."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit.history import Step
from consolidator.errors import SourceSpan
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import DEFAULT_SCHEMA, split_key


def short(key: str) -> str:
    """A table or index key as people write it: without the default schema."""
    schema, name = split_key(key) if "." in key else ("", key)
    return name if schema in ("", DEFAULT_SCHEMA) else f"{schema}.{name}"


def label(ref: Ref) -> str:
    """'users', 'users.phone', 'idx_users_email': the object's name in the report (its kind said apart)."""
    if ref.kind in (Kind.EXTENSION, Kind.SCHEMA):
        return ref.name
    name = short(ref.name)
    return f"{name}.{ref.part}" if ref.part else name


def full_name(ref: Ref) -> str:
    """The object's name in JSON: schema-qualified, a column or constraint after its table ('public.users.phone')."""
    return f"{ref.name}.{ref.part}" if ref.part else ref.name


def table_of(ref: Ref) -> str:
    return ref.name if ref.kind in (Kind.TABLE, Kind.COLUMN, Kind.CONSTRAINT) else ""


def where(span: SourceSpan) -> str:
    return f"{span.file}:{span.line}"


class Place(BaseModel):
    file: str
    line: int

    @classmethod
    def of(cls, span: SourceSpan) -> "Place":
        return cls(file=span.file, line=span.line)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Change(BaseModel):
    """One statement's effect on an object, as the report lists it."""

    file: str
    line: int
    action: str  # created, altered, renamed, dropped, skipped, commented
    change: str | None = None  # for altered: type, default, not null, identity, labels, ...
    sentence: str  # what the replay says it did
    in_do_block: bool = False

    @classmethod
    def of(cls, step: Step) -> "Change":
        e = step.effect
        return cls(file=step.file, line=step.span.line, action=e.action.value, change=e.change, sentence=e.sentence,
                   in_do_block=step.in_do_block)

    def where(self) -> str:
        return f"{self.file}:{self.line}"
