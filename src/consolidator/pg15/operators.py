"""PostgreSQL 15's operators (pg_operator), operator classes and btree/hash families, and the
foreign-key type rule that follows from them (ATAddForeignKeyConstraint)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from consolidator.pg15 import _data
from consolidator.pg15.types import base_type, type_info


@dataclass(frozen=True)
class Operator:
    name: str
    left: str | None  # None for a prefix operator
    right: str
    result: str
    function: int  # pg_proc oid of the implementing function
    oid: int

    @property
    def proc(self):
        """The implementing function (consolidator.pg15.functions.Function)."""
        from consolidator.pg15.functions import function_by_oid

        return function_by_oid(self.function)

    @property
    def volatility(self) -> str:
        return self.proc.volatility


@dataclass(frozen=True)
class OpClass:
    am: str  # btree, hash, gist, gin, spgist, brin
    name: str
    schema: str
    intype: str  # opcintype: the input type (polymorphic for array_ops, enum_ops, ...)
    family: str
    default: bool
    keytype: str | None


@functools.cache
def _operators() -> tuple[Operator, ...]:
    _, rows = _data.table("operators.jsonl")
    return tuple(Operator(*row) for row in rows)


@functools.cache
def _operators_by_key() -> dict[tuple[str, str | None, str], Operator]:
    return {(o.name, o.left, o.right): o for o in _operators()}


def operators_named(name: str) -> list[Operator]:
    return [o for o in _operators() if o.name == name]


def operator(name: str, left: str | None, right: str) -> Operator | None:
    """The operator with exactly these operand types (``left`` None for a prefix operator)."""
    return _operators_by_key().get((name, left, right))


@functools.cache
def _opclasses() -> tuple[OpClass, ...]:
    _, rows = _data.table("opclasses.jsonl")
    return tuple(OpClass(*row) for row in rows)


def opclasses(am: str | None = None) -> list[OpClass]:
    return [c for c in _opclasses() if am is None or c.am == am]


def opclass(name: str, am: str) -> OpClass | None:
    return next((c for c in _opclasses() if c.name == name and c.am == am), None)


@functools.cache
def _equality() -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
    _, rows = _data.table("opfamilies.jsonl")
    return {(am, name): frozenset(members) for am, name, members in rows}


def opfamily_equality(family: str, am: str = "btree") -> frozenset[tuple[str, str]] | None:
    """The (lefttype, righttype) pairs of a btree/hash family's equality operators (btree strategy 3,
    hash strategy 1); None for an unknown family."""
    return _equality().get((am, family))


@functools.cache  # a function of PostgreSQL's own catalogs only: asked once per index and foreign key
def default_opclass(type_name: str, am: str = "btree") -> OpClass | None:
    """The operator class an index on the type uses when none is named (GetDefaultOpClass): the default
    one for the type (domains: their base), else the one binary-coercible default, a preferred type
    breaking ties (varchar -> text_ops). None if there is none (or the type is unknown)."""
    from consolidator.pg15.casts import is_binary_coercible

    if type_info(type_name) is None:
        return None
    type_name = base_type(type_name)
    category = type_info(type_name).category
    exact, compatible, preferred = [], [], []
    for c in opclasses(am):
        if not c.default:
            continue
        if c.intype == type_name:
            exact.append(c)
        elif is_binary_coercible(type_name, c.intype):
            info = type_info(c.intype)
            (preferred if info.preferred and info.category == category else compatible).append(c)
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    if len(preferred) == 1:
        return preferred[0]
    if not preferred and len(compatible) == 1:
        return compatible[0]
    return None


@functools.cache
def foreign_key_compatible(fk_type: str, pk_type: str) -> bool | None:
    """Whether PostgreSQL 15 accepts a foreign key from a column of ``fk_type`` to a key of ``pk_type``
    (else 42804 'foreign key constraint ... cannot be implemented').

    ATAddForeignKeyConstraint: take the referenced column's default btree operator class; its family
    must have an equality operator (opcintype, fktype) and (fktype, fktype), with the FK type's domains
    looked through; failing that, both column types must coerce implicitly to the opclass's input type
    (together, as polymorphic arguments: int4[] and int8[] do not). None when a type is unknown or the
    referenced type has no default btree operator class (the key itself could not exist).
    """
    from consolidator.pg15.casts import can_coerce_all

    if type_info(fk_type) is None or type_info(pk_type) is None:
        return None
    opc = default_opclass(pk_type)
    if opc is None:
        return None
    members = opfamily_equality(opc.family) or frozenset()
    fk_base = base_type(fk_type)
    if (opc.intype, fk_base) in members and (fk_base, fk_base) in members:
        return True
    if (opc.intype, opc.intype) not in members:
        return False
    return bool(can_coerce_all([pk_type, fk_type], [opc.intype, opc.intype], "i"))


class OperatorNotUnique(Exception):
    """More than one operator fits the operand types (the server's 42725)."""


@functools.cache  # PostgreSQL 15's own operators and casts only: the same operands always pick the same one
def resolve_operator(name: str, left: str | None, right: str) -> Operator | None:
    """The operator PostgreSQL 15 picks for ``left <name> right`` (``left`` None: a prefix operator), as
    oper() does: the exact match (an unknown literal taking the other side's type), else the one candidate the
    operands coerce to implicitly, else func_select_candidate's choice. None when none fits (42883);
    OperatorNotUnique when the choice is ambiguous (42725)."""
    from consolidator.pg15.casts import can_coerce_all
    from consolidator.pg15.functions import _Candidate, _select_candidate

    if left is not None:
        exact_left, exact_right = left, right
        if left == "unknown" and right != "unknown":
            exact_left = right
        elif right == "unknown" and left != "unknown":
            exact_right = left
        exact = operator(name, exact_left, exact_right)
        if exact is None and "unknown" in (left, right) and exact_left == exact_right:
            base = base_type(exact_left)
            exact = operator(name, base, base)
        inputs: tuple[str, ...] = (left, right)
    else:
        exact = operator(name, None, right)
        inputs = (right,)
    if exact is not None:
        return exact
    candidates = [_Candidate(o, (o.left, o.right) if left is not None else (o.right,), False)  # type: ignore[arg-type]
                  for o in operators_named(name) if (o.left is None) == (left is None)]
    matching = [c for c in candidates if can_coerce_all(inputs, c.args, "i")]
    if not matching:
        return None
    if len(matching) == 1:
        return matching[0].function  # type: ignore[return-value]
    best = _select_candidate(inputs, matching)
    if best is None:
        raise OperatorNotUnique(name)
    return best.function  # type: ignore[return-value]
