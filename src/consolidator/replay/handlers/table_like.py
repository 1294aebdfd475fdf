"""CREATE TABLE ... (LIKE source INCLUDING / EXCLUDING ...), as PostgreSQL 15's transformTableLikeClause and
expandTableLikeClause do it: the columns with their types, NOT NULL and collations always; defaults (INCLUDING
DEFAULTS), generation expressions (GENERATED), CHECK constraints under their names (CONSTRAINTS), primary keys,
unique constraints and indexes under the names the server chooses for the new table (INDEXES), comments on what is
copied (COMMENTS). Foreign keys are never copied. STORAGE, COMPRESSION and STATISTICS copy settings the model
keeps at their defaults (it reports the statements that change them), so they change nothing here.

A source whose identity columns are copied (IDENTITY), or whose expression or exclusion indexes are (INDEXES), is
reported: the server names the new sequence and the index columns in ways the model does not follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import choose_name, index_column_names, qualify, split_key
from consolidator.model.objects import Column, Constraint, Table
from consolidator.replay.context import ReplayContext
from consolidator.replay.handlers import constraint as constraints

L = enums.TableLikeOption


@dataclass
class Like:
    """What one LIKE clause copies after the table exists."""

    source: Table
    options: int
    checks: list[Constraint] = field(default_factory=list)

    def has(self, option: Any) -> bool:
        return bool(self.options & option.value)


def source_table(ctx: ReplayContext, clause: Any) -> Table:
    key = ctx.relation_key(clause.relation)
    kind = ctx.catalog.relation_kind(key)
    if kind is None:
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{clause.relation.relname}" does not exist')
    if kind != "table":
        if kind in ("view", "materialized view", "composite type", "foreign table"):
            raise NotModelled(f"CREATE TABLE ... (LIKE a {kind}) is not modelled")
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{clause.relation.relname}" is not a table, view, materialized '
                                                  "view, composite type, or foreign table")
    return ctx.catalog.tables[key]


def columns(ctx: ReplayContext, clause: Any) -> tuple[list[Column], Like]:
    """The columns LIKE adds where it is written, and what it copies once the table exists."""
    like = Like(source=source_table(ctx, clause), options=clause.options)
    out = []
    for column in like.source.columns:
        if column.identity is not None and like.has(L.CREATE_TABLE_LIKE_IDENTITY):
            raise NotModelled("LIKE ... INCLUDING IDENTITY (a new identity sequence) is not modelled")
        copy = Column(name=column.name, type=column.type, not_null=column.not_null or column.identity is not None,
                      collation=column.collation, provenance=ctx.provenance())
        if column.generated is not None:
            if like.has(L.CREATE_TABLE_LIKE_GENERATED):
                copy.generated = column.generated.model_copy(deep=True)
        elif like.has(L.CREATE_TABLE_LIKE_DEFAULTS):
            copy.default = column.default.model_copy(deep=True) if column.default is not None else None
            copy.default_sequence = column.default_sequence
        if like.has(L.CREATE_TABLE_LIKE_COMMENTS):
            copy.comment = column.comment
        out.append(copy)
    if like.has(L.CREATE_TABLE_LIKE_CONSTRAINTS):
        like.checks = [c.model_copy(deep=True, update={"provenance": ctx.provenance(), "not_valid": False,
                                                       "comment": c.comment if like.has(L.CREATE_TABLE_LIKE_COMMENTS)
                                                       else None})
                       for c in like.source.constraints if c.kind == "check"]
    return out, like


def copy_after(ctx: ReplayContext, table_key: str, likes: list[Like]) -> None:
    """expandTableLikeClause, once the table and its own constraints exist: the checks, then the keys and indexes."""
    for like in likes:
        for check in like.checks:
            ctx.catalog.add_constraint(table_key, check)
        if not like.has(L.CREATE_TABLE_LIKE_INDEXES):
            continue
        keys = []
        for c in like.source.constraints:
            if c.kind == "exclude":
                raise NotModelled("LIKE ... INCLUDING INDEXES of an exclusion constraint is not modelled")
            if c.kind in ("primary key", "unique"):
                keys.append(c.model_copy(deep=True, update={
                    "name": "", "provenance": ctx.provenance(),
                    "comment": c.comment if like.has(L.CREATE_TABLE_LIKE_COMMENTS) else None}))
        constraints.add(ctx, table_key, keys)
        schema, table_name = split_key(table_key)
        for index in ctx.catalog.indexes_of(like.source.key):
            if ctx.catalog.constraint_of_index(index.key) is not None:
                continue
            if not all(e.expr.is_single_column() for e in index.elements):
                raise NotModelled("LIKE ... INCLUDING INDEXES of an expression index is not modelled")
            colnames = index_column_names([e.expr.columns[0] for e in index.elements] + index.include)
            addition = ""
            for name in colnames:
                addition = f"{addition}_{name}" if addition else name
                if len(addition.encode()) >= 64:
                    break
            name = choose_name(table_name, addition, "idx", lambda n: ctx.catalog.relation_name_taken(schema, n))
            ctx.catalog.add_index(index.model_copy(deep=True, update={
                "key": qualify(schema, name), "table": table_key, "provenance": ctx.provenance(),
                "comment": index.comment if like.has(L.CREATE_TABLE_LIKE_COMMENTS) else None}))
