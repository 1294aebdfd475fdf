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
