"""Fast helpers for pglast parse trees: a copy, and a Visitor that does not inspect itself on every call.

pglast's `Visitor.__call__` runs `inspect.getmembers(self)` on every call (dir() and a getattr of every attribute,
for every visitor, pglast's printer's own included), and `copy.deepcopy` of a tree goes through `__reduce_ex__`,
pglast's validating `__setattr__` for every slot, and the `ancestors` chains pglast's printer leaves on nodes: on a
history of a thousand files the two were a seventh of the build.
"""

from __future__ import annotations

import weakref
from typing import Any

from pglast import ast
from pglast.visitors import Continue, Visitor

_set = object.__setattr__


def copy_tree(value: Any) -> Any:
    """A deep copy of a parse tree (nodes and tuples; strings, numbers and enums are shared)."""
    if isinstance(value, ast.Node):
        cls = value.__class__
        new = cls.__new__(cls)
        # The class's own slots: Node's `ancestors` is what pglast's printer sets on every node it prints, again
        # before each print, so the copy need not carry it (deepcopy would copy the whole chain up to the root).
        for name in cls.__slots__:
            try:
                item = getattr(value, name)
            except AttributeError:
                continue
            _set(new, name, copy_tree(item))
        return new
    if isinstance(value, tuple):
        return tuple(copy_tree(v) for v in value)
    if isinstance(value, list):
        return [copy_tree(v) for v in value]
    return value


_METHODS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _visit_methods(cls: type) -> dict[type, str]:
    """node class → name of its visit_<Class> method, found once per visitor class."""
    found = _METHODS.get(cls)
    if found is None:
        found = {}
        for klass in reversed(cls.__mro__):
            for name in vars(klass):
                if name.startswith("visit_"):
                    node_class = getattr(ast, name[6:], None)
                    if node_class is not None:
                        found[node_class] = name
        _METHODS[cls] = found
    return found


def _call(self, root):
    """pglast's `Visitor.__call__` (the same traversal, methods and actions), its visit_* methods found once per
    class instead of by `inspect.getmembers` on every call."""
    self.root = root
    by_ast_class = {}
    for node_class, name in _visit_methods(type(self)).items():
        method = getattr(self, name)
        if callable(method):
            by_ast_class[node_class] = method
    default_method = self.visit
    generator = self.iterate(root)
    try:
        ancestors, node = generator.send(None)
    except StopIteration:
        return None
    while True:
        method = by_ast_class.get(node.__class__, default_method)
        result = method(ancestors, node) if method is not None else None
        try:
            ancestors, node = generator.send(Continue if result is None else result)
        except StopIteration:
            break
    return self.root


# Installed on pglast's class itself, so that the visitor inside pglast's printer (RawStream runs one on every
# call) is fast too. Importing this module is enough: consolidator.parse.postgres does.
Visitor.__call__ = _call


# ---- pglast's checked attribute setting, without the checks where they change nothing -------------------------
#
# Every field pglast's parser sets on a new node goes through `Node.__setattr__`, which looks up the field's C type,
# imports pglast.enums, and runs an adaptor: a fifth of parsing and building 5,000 tables. For a value already of
# the field's Python type the check passes and the adaptor returns it unchanged (or an equal tuple), so that value
# is stored directly; anything else (a dict, a list, an int for an enum or a char, a Bitmapset) takes pglast's
# own path, errors included.

_checked_setattr = ast.Node.__setattr__
_INT_TYPES = {"int", "int16", "bits32", "int32", "long", "uint32", "uint64", "AttrNumber", "AclMode", "Index",
              "SubTransactionId"}
_PLAIN: dict[type, dict[str, Any]] = {}  # node class -> field -> the values stored as they are (see _plain)


def _plain_values(cls: type, ctype: str) -> Any:
    """What a field of C type `ctype` stores unchanged: a tuple of exact types, "node" (any parse node), "list" (a
    tuple without dicts), or None (always pglast's path)."""
    from pglast import enums

    if ctype == "List*":
        return "list"
    if ctype == "bool":
        return (bool,)
    if ctype == "char*":
        return (str,)
    if ctype in _INT_TYPES:
        return (int,)
    if ctype in ("Node*", "Expr*"):
        return "node"
    if ctype.endswith("*"):
        target = getattr(ast, ctype[:-1], None)
        return target if isinstance(target, type) and issubclass(target, ast.Node) else None
    enum = getattr(enums, ctype, None)
    return (enum,) if isinstance(enum, type) else None


def _plain(cls: type) -> dict[str, Any]:
    fields = _PLAIN.get(cls)
    if fields is None:
        slots = cls.__dict__.get("__slots__")
        fields = {}
        if isinstance(slots, dict):
            for name, spec in slots.items():
                ctype = spec[0] if isinstance(spec, tuple) else spec
                if isinstance(ctype, str):
                    fields[name] = _plain_values(cls, ctype)
        _PLAIN[cls] = fields
    return fields


def _setattr(self, name, value):
    if value is None:
        _set(self, name, value)  # pglast's path stores None as it is, for any field
        return
    kind = _plain(type(self)).get(name)
    if kind is not None:
        if kind == "node":
            if isinstance(value, ast.Node):
                _set(self, name, value)
                return
        elif kind == "list":
            if type(value) is tuple and not any(isinstance(item, dict) for item in value):
                _set(self, name, value)
                return
        elif isinstance(kind, tuple):
            if type(value) in kind:
                _set(self, name, value)
                return
        elif isinstance(value, kind):  # a pointer to one node class
            _set(self, name, value)
            return
    _checked_setattr(self, name, value)


ast.Node.__setattr__ = _setattr
