"""INHERITS: which tables a table inherits from (objects.Table.inherits)."""

from __future__ import annotations


class InheritanceMutators:
    def children_of(self, key: str) -> list[str]:
        """The tables that inherit from `key`, by key."""
        return sorted(k for k, t in self.tables.items() if key in t.inherits)

    def set_inherits(self, key: str, parents: list[str]) -> None:
        with self._edit("tables", key) as table:
            table.inherits = parents

    def has_inheritance(self) -> bool:
        return self._has_members("inherits", "children")

    def inheriting_tables(self) -> list[str]:
        return self._members("inherits", "children")
