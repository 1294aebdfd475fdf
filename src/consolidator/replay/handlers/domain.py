"""CREATE DOMAIN, ALTER DOMAIN (constraints, default, NOT NULL), RENAME (DROP DOMAIN is in drop.py)."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums
from pglast.visitors import Visitor

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import choose_name, split_key, truncate
from consolidator.model.objects import Column, DomainConstraint, DomainType, Expr
from consolidator.parse.expressions import names, to_expr
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.defaults import cook_default
from consolidator.replay.effects import Effects, altered, created, renamed, skipped
from consolidator.replay.registry import STATEMENTS

C = enums.ConstrType
_NOT_FOR_DOMAINS = {C.CONSTR_UNIQUE: "unique", C.CONSTR_PRIMARY: "primary key", C.CONSTR_FOREIGN: "foreign key",
                    C.CONSTR_EXCLUSION: "exclusion"}


def _name(key: str) -> str:
    return split_key(key)[1]


@STATEMENTS.register("CreateDomainStmt")
def create_domain(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.creation_key(names(node.domainname))
    base, _ = ctx.column_type(node.typeName)
    domain = DomainType(key=key, base=base, provenance=ctx.provenance())
    if node.collClause is not None:
        domain.collation = ".".join(names(node.collClause.collname))
    checks: list[tuple[str | None, Any]] = []
    nullability: bool | None = None
    for c in node.constraints or ():
        if c.contype in _NOT_FOR_DOMAINS:
            raise PgError(SqlState.SYNTAX_ERROR, f"{_NOT_FOR_DOMAINS[c.contype]} constraints not possible for domains")
        if c.contype in (C.CONSTR_NOTNULL, C.CONSTR_NULL):
            if nullability is not None and nullability != (c.contype == C.CONSTR_NOTNULL):
                raise PgError(SqlState.SYNTAX_ERROR, "conflicting NULL/NOT NULL constraints")
            nullability = c.contype == C.CONSTR_NOTNULL
        elif c.contype == C.CONSTR_DEFAULT:
            if domain.default is not None:
                raise PgError(SqlState.SYNTAX_ERROR, "multiple default expressions")
            domain.default = _default(ctx, domain, c.raw_expr)
        elif c.contype == C.CONSTR_CHECK:
            if c.is_no_inherit:
                raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                              "check constraints for domains cannot be marked NO INHERIT")
            checks.append((truncate(c.conname) if c.conname else None, c.raw_expr))
        else:
            raise NotModelled(f"{c.contype.name} on a domain is not modelled")
    domain.not_null = bool(nullability)
    ctx.catalog.add_user_type(domain)
    for name, expr in checks:
        ctx.catalog.add_domain_constraint(key, _check(ctx, key, name, expr, not_valid=False))
    return created(Ref(Kind.TYPE, key), f"created domain {_name(key)} over {base.sql}")


def _default(ctx: ReplayContext, domain: DomainType, node: Any) -> Expr:
    expr, sequence = cook_default(ctx, Column(name=_name(domain.key), type=domain.base, provenance=domain.provenance), node)
    if sequence is not None:
        raise NotModelled("a domain default calling nextval() is not modelled")
    return expr


class _Subqueries(Visitor):
    found = False

    def visit_SubLink(self, ancestors, node):
        self.found = True


def _check(ctx: ReplayContext, key: str, name: str | None, node: Any, not_valid: bool) -> DomainConstraint:
    """A domain CHECK reads only VALUE; the server names an unnamed one <domain>_check, avoiding every constraint
    name of the schema."""
    finder = _Subqueries()
    finder(ast.ResTarget(val=node))
    if finder.found:
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot use subquery in check constraint")
    expr = to_expr(node)
    for column in expr.columns:
        if column != "value":
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{column.split(".")[-1]}" does not exist')
    schema = split_key(key)[0]
    if name is None:
        name = choose_name(_name(key), None, "check", lambda n: ctx.catalog.constraint_name_taken(schema, n))
    return DomainConstraint(name=name, check=expr, not_valid=not_valid, provenance=ctx.provenance())


@STATEMENTS.register("AlterDomainStmt")
def alter_domain(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.type_lookup_key(names(node.typeName))
    domain = ctx.catalog.domain(key)
    ref, name = Ref(Kind.TYPE, key), _name(key)
    if node.subtype == "T":
        default = _default(ctx, domain, node.def_) if node.def_ is not None else None
        ctx.catalog.set_domain(key, ctx.span, default=default)
        return altered(ref, "default", f"{'set' if default else 'dropped'} the default of domain {name}")
    if node.subtype in ("N", "O"):
        ctx.catalog.set_domain(key, ctx.span, not_null=node.subtype == "O")
        return altered(ref, "not null", f"{'set' if node.subtype == 'O' else 'dropped'} NOT NULL on domain {name}")
    if node.subtype == "C":
        c = node.def_
        if c.contype in _NOT_FOR_DOMAINS:
            raise PgError(SqlState.SYNTAX_ERROR, f"{_NOT_FOR_DOMAINS[c.contype]} constraints not possible for domains")
        if c.contype == C.CONSTR_NOTNULL:
            ctx.catalog.set_domain(key, ctx.span, not_null=True)
            return altered(ref, "not null", f"set NOT NULL on domain {name}")
        if c.contype != C.CONSTR_CHECK:
            raise NotModelled(f"ALTER DOMAIN ADD {c.contype.name} is not modelled")
        constraint = _check(ctx, key, truncate(c.conname) if c.conname else None, c.raw_expr,
                            not_valid=bool(c.skip_validation))
        ctx.catalog.add_domain_constraint(key, constraint)
        return altered(ref, "constraints", f"added constraint {constraint.name} to domain {name}")
    if node.subtype == "X":
        if domain.constraint(node.name) is None and node.missing_ok:
            return skipped(ref, f"constraint {node.name} of domain {name} does not exist, skipped (IF EXISTS)")
        ctx.catalog.drop_domain_constraint(key, node.name, ctx.span)
        return altered(ref, "constraints", f"dropped constraint {node.name} of domain {name}")
    if node.subtype == "V":
        ctx.catalog.validate_domain_constraint(key, node.name, ctx.span)
        return altered(ref, "constraints", f"validated constraint {node.name} of domain {name}")
    raise NotModelled(f"ALTER DOMAIN ({node.subtype}) is not modelled")


@STATEMENTS.register(("RenameStmt", "OBJECT_DOMCONSTRAINT"))
def rename_domain_constraint(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.type_lookup_key(names(node.object))
    new_name = truncate(node.newname)
    ctx.catalog.rename_domain_constraint(key, node.subname, new_name, ctx.span)
    return altered(Ref(Kind.TYPE, key), "constraints",
                   f"renamed constraint {node.subname} of domain {_name(key)} to {new_name}")


@STATEMENTS.register(("RenameStmt", "OBJECT_DOMAIN"))
def rename_domain(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.type_lookup_key(names(node.object))
    ctx.catalog.domain(key)
    new_key = ctx.key(truncate(node.newname), split_key(key)[0])
    ctx.catalog.rename_type(key, new_key, ctx.span)
    return renamed(Ref(Kind.TYPE, key), Ref(Kind.TYPE, new_key), f"renamed domain {_name(key)} to {_name(new_key)}")
