"""CREATE [OR REPLACE] [CONSTRAINT] TRIGGER, DROP TRIGGER, ALTER TRIGGER ... RENAME, and ALTER TABLE ... ENABLE /
DISABLE TRIGGER. A trigger lives on its table; its function must exist and return trigger."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Trigger, function_key
from consolidator.parse.expressions import names, string_value, to_expr
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, dropped, renamed, skipped
from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

A = enums.AlterTableType
# trigger.h: the timing and event bits of CreateTrigStmt
_BEFORE, _INSTEAD = 2, 64
_EVENTS = ((4, "insert"), (8, "delete"), (16, "update"), (32, "truncate"))


def _name(key: str) -> str:
    return split_key(key)[1]


@STATEMENTS.register("CreateTrigStmt")
def create_trigger(ctx: ReplayContext, node: Any) -> Effects:
    table_key = ctx.relation_key(node.relation)
    table = ctx.catalog.table(table_key)
    timing = "instead of" if node.timing & _INSTEAD else "before" if node.timing & _BEFORE else "after"
    if timing == "instead of":
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(table_key)}" is a table',)
    events = [event for bit, event in _EVENTS if node.events & bit]
    columns = [truncate(c) for c in names(node.columns)]
    for i, column in enumerate(columns):
        if table.column(column) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN,
                          f'column "{column}" of relation "{_name(table_key)}" does not exist')
        if column in columns[:i]:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{column}" specified more than once')
    old_table = new_table = None
    for transition in node.transitionRels or ():
        if node.row is False and False:
            pass
        if transition.isNew:
            new_table = transition.name
        else:
            old_table = transition.name
    function = _trigger_function(ctx, node.funcname)
    trigger = Trigger(
        name=truncate(node.trigname), function=function, timing=timing, events=events, columns=columns,
        row=bool(node.row), when=to_expr(node.whenClause) if node.whenClause is not None else None,
        args=[string_value(a) for a in node.args or ()], constraint=bool(node.isconstraint),
        deferrable=bool(node.deferrable), initially_deferred=bool(node.initdeferred),
        referenced_table=ctx.relation_key(node.constrrel) if node.constrrel is not None else None,
        old_table=old_table, new_table=new_table, provenance=ctx.provenance())
    if trigger.referenced_table is not None:
        ctx.catalog.table(trigger.referenced_table)
    replaced = ctx.catalog.add_trigger(table_key, trigger, replace=bool(node.replace))
    ref = Ref(Kind.TRIGGER, table_key, trigger.name)
    verb = "replaced" if replaced else "created"
    return (altered(ref, "definition", f"{verb} trigger {trigger.name} on {_name(table_key)}") if replaced
            else created(ref, f"{verb} trigger {trigger.name} on {_name(table_key)}"))


def _trigger_function(ctx: ReplayContext, funcname: Any) -> str:
    """The function a trigger executes: looked up by name with no arguments; it must return trigger."""
    parts = names(funcname)
    schema, name = split_key(ctx.key_of(parts))
    key = function_key(schema, name, ())
    function = ctx.catalog.functions.get(key)
    if function is not None and function.kind == "procedure":
        function = None  # the lookup takes functions only (a procedure of that name is "does not exist")
    if function is None:
        if ctx.catalog.knows_unmodelled("function", name):
            raise NotModelled(f"the trigger's function {name}() is not modelled")
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {'.'.join(parts)}() does not exist")
    if function.returns is None or function.returns.internal != "trigger":
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f"function {'.'.join(parts)} must return type trigger")
    return key


@STATEMENTS.register(("DropStmt", "OBJECT_TRIGGER"))
def drop_trigger(ctx: ReplayContext, node: Any) -> Effects:
    effects = []
    for obj in node.objects or ():
        parts = names(obj)
        table_key = ctx.key_of(parts[:-1])
        name = truncate(parts[-1])
        ref = Ref(Kind.TRIGGER, table_key, name)
        if table_key not in ctx.catalog.tables:
            if node.missing_ok and ctx.catalog.relation_kind(table_key) is None:
                effects.append(skipped(ref, f"relation {_name(table_key)} does not exist, skipped (IF EXISTS)"))
                continue
            if ctx.catalog.relation_kind(table_key) in ("view", "materialized view", "sequence"):
                # opened as any relation, then the trigger is looked up: the model holds none on these
                if node.missing_ok:
                    effects.append(skipped(ref, f"trigger {name} on {_name(table_key)} does not exist, skipped (IF EXISTS)"))
                    continue
                raise PgError(SqlState.UNDEFINED_OBJECT, f'trigger "{name}" for table "{_name(table_key)}" does not exist')
            ctx.catalog.table(table_key)
        if ctx.catalog.table(table_key).trigger(name) is None and node.missing_ok:
            effects.append(skipped(ref, f"trigger {name} on {_name(table_key)} does not exist, skipped (IF EXISTS)"))
            continue
        ctx.catalog.drop_trigger(table_key, name)
        effects.append(dropped(ref, f"dropped trigger {name} on {_name(table_key)}"))
    return effects


@STATEMENTS.register(("RenameStmt", "OBJECT_TRIGGER"))
def rename_trigger(ctx: ReplayContext, node: Any) -> Effects:
    table_key = ctx.relation_key(node.relation)
    old, new = truncate(node.subname), truncate(node.newname)
    kind = ctx.catalog.relation_kind(table_key)
    if kind == "view":
        raise PgError(SqlState.UNDEFINED_OBJECT, f'trigger "{old}" for table "{_name(table_key)}" does not exist')
    if kind in ("materialized view", "sequence"):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'relation "{_name(table_key)}" cannot have triggers')
    ctx.catalog.table(table_key)
    ctx.catalog.rename_trigger(table_key, old, new, ctx.span)
    return renamed(Ref(Kind.TRIGGER, table_key, old), Ref(Kind.TRIGGER, table_key, new),
                   f"renamed trigger {old} on {_name(table_key)} to {new}")


_STATES = {A.AT_EnableTrig: "O", A.AT_EnableAlwaysTrig: "A", A.AT_EnableReplicaTrig: "R", A.AT_DisableTrig: "D"}
_USER_STATES = {A.AT_EnableTrigUser: "O", A.AT_DisableTrigUser: "D"}


def _enable(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    table = ctx.catalog.table(table_key)
    state = _STATES.get(cmd.subtype) or _USER_STATES[cmd.subtype]
    targets = [t.name for t in table.triggers] if cmd.subtype in _USER_STATES else [truncate(cmd.name)]
    for name in targets:
        if table.trigger(name) is None:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'trigger "{name}" for table "{_name(table_key)}" does not exist')
        ctx.catalog.set_trigger_enabled(table_key, name, state, ctx.span)
    word = {"O": "enabled", "A": "enabled (always)", "R": "enabled (replica)", "D": "disabled"}[state]
    return [altered(Ref(Kind.TRIGGER, table_key, n), "enabled", f"{word} trigger {n} on {_name(table_key)}")
            for n in targets] or altered(Ref(Kind.TABLE, table_key), "triggers", f"{word} no trigger (none on the table)")


for _subtype in (*_STATES, *_USER_STATES):
    ALTER_TABLE.register(_subtype)(_enable)


@ALTER_TABLE.register(A.AT_EnableTrigAll, A.AT_DisableTrigAll)
def _all_triggers(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    raise NotModelled("ENABLE / DISABLE TRIGGER ALL reaches the internal triggers of foreign keys: not modelled")
