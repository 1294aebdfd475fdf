"""Handlers are found by key, never chained in if/elif (Alembic's Dispatcher)."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

H = TypeVar("H", bound=Callable)


class Registry(Generic[H]):
    def __init__(self, what: str):
        self._what = what
        self._handlers: dict[object, H] = {}

    def register(self, *keys: object) -> Callable[[H], H]:
        def decorate(handler: H) -> H:
            for key in keys:
                if key in self._handlers:
                    raise ValueError(f"{self._what}: a handler for {key!r} is registered twice")
                self._handlers[key] = handler
            return handler

        return decorate

    def get(self, key: object) -> H | None:
        return self._handlers.get(key)

    def keys(self) -> list[object]:
        return list(self._handlers)


# Statement handlers, keyed by the pglast node class name ("CreateStmt", "IndexStmt", ...).
STATEMENTS: Registry = Registry("statement handlers")
# ALTER TABLE sub-command handlers, keyed by pglast.enums.AlterTableType.
ALTER_TABLE: Registry = Registry("ALTER TABLE sub-command handlers")
# COMMENT ON finders, keyed by pglast.enums.ObjectType: each returns the Ref of the object commented.
COMMENT_ON: Registry = Registry("COMMENT ON finders")
