"""The catalog's storage: object stores, derived lookup indexes, and transactions that cost what they change.

Every change goes through `_set` / `_unset` / `_edit`: inside a transaction each one pushes an undo record,
so rolling back to a savepoint replays the records above it, and releasing one keeps them for the enclosing
level. An object fetched for writing (`_edit`) is copied once per savepoint level, so the undo record can keep
the version from before. Nothing is ever proportional to the size of the catalog.

The lookup indexes (constraints by name, indexes by table, sequences by owner, dependents by object) are
derived from the objects: each store has a function giving an object's index entries, and `_reindex`
applies the difference after every change. They are journaled like the stores, so a rollback restores them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Hashable, Iterable, Iterator

from pydantic import BaseModel, PrivateAttr

_MISSING = object()

# An index entry: (index name, index key, member). E.g. ("indexes_of", "public.t", "public.t_a_idx").
Entry = tuple[str, Hashable, Hashable]


@dataclass(frozen=True)
class Savepoint:
    """A point the catalog can go back to: the height of the undo log and the nesting depth when it was taken."""

    height: int
    depth: int


_SHARED = frozenset({str, int, bool, float, type(None), tuple, frozenset})


def clone(value: Any) -> Any:
    """A deep copy of model objects, lists and dicts; strings, numbers, tuples and frozen models are shared.

    pydantic's deep copy goes through copy.deepcopy's memo machinery and was a third of the replay's time.
    """
    kind = type(value)
    if kind in _SHARED:  # most fields: decided before the isinstance checks
        return value
    copied = _COPIED.get(kind)
    if copied is None:
        copied = _COPIED[kind] = isinstance(value, BaseModel) and not value.model_config.get("frozen")
    if copied:
        new = kind.__new__(kind)
        # the atoms inline: a call per field was most of the cost of copying a table
        _set(new, "__dict__", {k: v if type(v) in _SHARED else clone(v) for k, v in value.__dict__.items()})
        _set(new, "__pydantic_fields_set__", set(value.__pydantic_fields_set__))
        _set(new, "__pydantic_extra__", None)
        _set(new, "__pydantic_private__", None)
        return new
    if isinstance(value, list):
        return [v if type(v) in _SHARED else clone(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _SHARED else clone(v) for k, v in value.items()}
    return value


_COPIED: dict[type, bool] = {}  # per class: a model clone copies (not frozen)
_set = object.__setattr__


class JournaledStores(BaseModel):
    """Stores (pydantic fields holding dicts) with an undo journal and derived indexes; see the module doc."""

    _undo: list = PrivateAttr(default_factory=list)
    _owned: list = PrivateAttr(default_factory=list)  # per open level: the (store, key) copied at that level
    _index: dict = PrivateAttr(default_factory=dict)  # index name -> index key -> {member: None}
    _entries: dict = PrivateAttr(default_factory=dict)  # (store, key) -> the object's current entries
    _commit_hooks: list = PrivateAttr(default_factory=list)  # run when the outermost transaction ends

    # Per store: the function giving an object's index entries (a subclass fills it in).
    INDEXERS: ClassVar[dict[str, Callable[[str, Any], Iterable[Entry]]]] = {}

    # ---- transactions -----------------------------------------------------------------------

    # The hot paths read private attributes from __pydantic_private__ directly: `self._x` goes through
    # pydantic's Python-level __getattr__, a measurable share of a large replay.

    @property
    def depth(self) -> int:
        return len(self.__pydantic_private__["_owned"])

    def savepoint(self) -> Savepoint:
        private = self.__pydantic_private__
        owned = private["_owned"]
        sp = Savepoint(len(private["_undo"]), len(owned))
        owned.append(set())
        return sp

    def rollback_to(self, sp: Savepoint) -> None:
        """Undo everything since `sp` was taken and close its level (and any level opened inside it)."""
        undo = self._undo
        while len(undo) > sp.height:
            self._revert(undo.pop())
        del self._owned[sp.depth:]
        if not self._owned:
            self._end_transaction()

    def release(self, sp: Savepoint) -> None:
        """Keep what was done since `sp`: its changes now belong to the enclosing level (committed at depth 0)."""
        levels = self.__pydantic_private__["_owned"]
        inner = levels[sp.depth:]
        del levels[sp.depth:]
        if levels:
            for owned in inner:
                levels[-1] |= owned
        else:
            self._end_transaction()

    def _end_transaction(self) -> None:
        self._undo.clear()
        for hook in self._commit_hooks:
            hook()

    def _record(self, record: tuple) -> None:
        private = self.__pydantic_private__
        if private["_owned"]:
            private["_undo"].append(record)

    def _revert(self, record: tuple) -> None:
        op = record[0]
        if op == "set":
            _, store, key, old = record
            items = getattr(self, store)
            if old is _MISSING:
                items.pop(key, None)
            else:
                items[key] = old
        elif op == "entries":
            _, slot, old = record
            if old is _MISSING:
                self._entries.pop(slot, None)
            else:
                self._entries[slot] = old
        elif op == "index+":
            _, name, ikey, member = record
            self._index_remove(name, ikey, member)
        elif op == "index-":
            _, name, ikey, member = record
            self._index.setdefault(name, {}).setdefault(ikey, {})[member] = None
        elif op == "call":
            record[1]()

    def _on_undo(self, undo: Callable[[], None]) -> None:
        """Run `undo` if the current level is rolled back (for private state the stores do not hold)."""
        self._record(("call", undo))

    # ---- changing the stores ------------------------------------------------------------------

    def _set(self, store: str, key: str, obj: Any) -> None:
        items = getattr(self, store)
        self._record(("set", store, key, items.get(key, _MISSING)))
        items[key] = obj
        owned = self.__pydantic_private__["_owned"]
        if owned:
            owned[-1].add((store, key))
        self._reindex(store, key)

    def _unset(self, store: str, key: str) -> None:
        items = getattr(self, store)
        self._record(("set", store, key, items[key]))
        del items[key]
        self._reindex(store, key)

    def _writable(self, store: str, key: str) -> Any:
        """The stored object, safe to change in place: copied once per open savepoint level."""
        items = getattr(self, store)
        obj = items[key]
        owned = self.__pydantic_private__["_owned"]
        if owned and (store, key) not in owned[-1]:
            self._record(("set", store, key, obj))
            obj = clone(obj)
            items[key] = obj
            owned[-1].add((store, key))
        return obj

    @contextlib.contextmanager
    def _edit(self, store: str, key: str) -> Iterator[Any]:
        """`with self._edit("tables", key) as table: ...`: change the object, then its index entries follow."""
        obj = self._writable(store, key)
        try:
            yield obj
        finally:
            self._reindex(store, key)

    # ---- derived indexes ------------------------------------------------------------------

    def _reindex(self, store: str, key: str) -> None:
        slot = (store, key)
        private = self.__pydantic_private__
        entries, index = private["_entries"], private["_index"]
        old = entries.get(slot, ())
        obj = getattr(self, store).get(key)
        new = tuple(self.INDEXERS[store](key, obj)) if obj is not None and store in self.INDEXERS else ()
        if old == new:
            return
        old_set, new_set = set(old), set(new)
        for name, ikey, member in old:
            if (name, ikey, member) not in new_set:
                self._index_remove(name, ikey, member)
                self._record(("index-", name, ikey, member))
        for entry in new:
            if entry not in old_set:
                name, ikey, member = entry
                index.setdefault(name, {}).setdefault(ikey, {})[member] = None
                self._record(("index+", name, ikey, member))
        self._record(("entries", slot, entries.get(slot, _MISSING)))
        if new:
            entries[slot] = new
        else:
            entries.pop(slot, None)

    def _index_remove(self, name: str, ikey: Hashable, member: Hashable) -> None:
        index = self.__pydantic_private__["_index"]
        members = index.get(name, {}).get(ikey)
        if members is not None:
            members.pop(member, None)
            if not members:
                del index[name][ikey]

    def _members(self, name: str, ikey: Hashable) -> list:
        """The members of one index key, sorted (the order never depends on the history of changes)."""
        return sorted(self.__pydantic_private__["_index"].get(name, {}).get(ikey, ()))

    def _has_members(self, name: str, ikey: Hashable) -> bool:
        return bool(self.__pydantic_private__["_index"].get(name, {}).get(ikey))
