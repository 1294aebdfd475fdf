"""A catalog snapshot's data: objects keyed by (kind, name) with the attributes the server reports, and seed rows."""

from __future__ import annotations

from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict


class CatalogObject(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str
    name: str  # schema-qualified
    attrs: dict[str, Any]  # str | int | bool | None | list[str]


class TableRows(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: str  # schema-qualified
    columns: list[str]  # attnum order
    key: list[str]  # primary key columns ([] when the table has none)
    unique_keys: list[list[str]] = []  # every column list that identifies a row: the primary key first, then unique indexes
    rows: list[list[str | None]]  # every row, each value as text, sorted


class Snapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    objects: dict[str, dict[str, CatalogObject]]  # kind -> name -> object
    rows: dict[str, TableRows]  # table -> its rows
    privileges: bool = False

    def get(self, kind: str, name: str) -> CatalogObject | None:
        return self.objects.get(kind, {}).get(name)

    def names(self, kind: str) -> list[str]:
        return sorted(self.objects.get(kind, {}))

    def count(self) -> int:
        return sum(len(v) for v in self.objects.values())


def normalize_body(text: str | None) -> str | None:
    """Function and view bodies: whitespace runs collapsed, blank lines dropped, lines kept."""
    if text is None:
        return None
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def row_sort_key(row: Iterable[str | None]) -> tuple:
    return tuple((v is None, v or "") for v in row)
