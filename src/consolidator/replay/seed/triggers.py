"""Triggers on seed rows. A BEFORE ROW trigger whose PL/pgSQL function only sets one column of NEW to an
expression without column references and returns NEW (`NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW;`, the
common updated_at trigger), possibly only `IF NEW IS DISTINCT FROM OLD`, is applied to each row directly. Other
PL/pgSQL ROW triggers run in the PL/pgSQL interpreter (replay/plpgsql/trigger.py, which sets RUN_TRIGGER):
BEFORE ones on each row as the statement writes it (they may change NEW or skip the row, not run SQL), AFTER
ones on each written row once the statement is done (they may write other tables). Any other trigger that fires
is NotModelled."""

from __future__ import annotations

import re
from typing import Callable

from consolidator.errors import NotModelled
from consolidator.model.objects import Table, Trigger
from consolidator.model.names import truncate
from consolidator.replay.seed.constraints import comparable, is_null, value_of
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of, parse_expression

_SETS_NEW = re.compile(r"\s*BEGIN\s+NEW\.(?P<column>[A-Za-z_][A-Za-z0-9_$]*)\s*:?=\s*(?P<expr>[^;]+);"
                       r"\s*RETURN\s+NEW\s*;\s*END\s*;?\s*", re.I)

_SETS_NEW_IF_CHANGED = re.compile(
    r"\s*BEGIN\s+IF\s+NEW\s+IS\s+DISTINCT\s+FROM\s+OLD\s+THEN\s+NEW\.(?P<column>[A-Za-z_][A-Za-z0-9_$]*)\s*:?=\s*"
    r"(?P<expr>[^;]+);\s*END\s+IF\s*;\s*RETURN\s+NEW\s*;\s*END\s*;?\s*", re.I)

RowChange = Callable[[dict, "dict | None"], "dict | None"]  # (new row, old row or None on INSERT) -> the row
# stored (None: the trigger returned NULL, the row is skipped)

# replay/plpgsql/trigger.py: run_trigger(ctx, table, trigger, event, new, old, allow_sql) -> the row returned, and
# runnable(function, trigger) -> why it cannot run (None: it can)
RUN_TRIGGER: Callable | None = None
RUNNABLE: Callable | None = None


def _fires(trigger: Trigger, event: str) -> bool:
    return event in trigger.events and trigger.enabled in ("O", "A")


def before_row(values: Values, table: Table, event: str) -> list[RowChange]:
    """What the BEFORE ROW triggers firing on `event` do to each new row, in the order the server fires them (by
    name). NotModelled when a trigger firing on it (BEFORE or AFTER) is not one the model runs."""
    check_triggers(values, table, event)
    changes = []
    for trigger in sorted(table.triggers, key=lambda t: t.name):
        if not _fires(trigger, event) or trigger.timing != "before":
            continue
        change = _recognised(values, table, trigger, event) if event in ("insert", "update") else None
        changes.append(change or _interpreted(values, table, trigger, event))
    return changes


def check_triggers(values: Values, table: Table, event: str) -> None:
    """NotModelled unless every trigger firing on `event` is one the model runs."""
    for trigger in sorted(table.triggers, key=lambda t: t.name):
        if not _fires(trigger, event):
            continue
        if trigger.timing == "before" and event in ("insert", "update") \
                and _recognised(values, table, trigger, event) is not None:
            continue
        function = values.ctx.catalog.functions.get(trigger.function)
        reason = "the trigger interpreter is not loaded" if RUNNABLE is None else RUNNABLE(function, trigger)
        if event == "truncate":
            reason = "TRUNCATE triggers are not run"
        if reason is not None:
            raise NotModelled(f"trigger {trigger.name} fires on {event.upper()}: triggers on seed rows are not run "
                              f"here ({reason})")


def _interpreted(values: Values, table: Table, trigger: Trigger, event: str) -> RowChange:
    def change(row: dict, old: dict | None) -> dict | None:
        new = None if event == "delete" else row
        old = row if event == "delete" else old
        returned = RUN_TRIGGER(values.ctx, table, trigger, event, new, old, False)
        if returned is None:
            return None
        return values.generated(table, {k: v for k, v in returned.items() if table.column(k) is not None})

    return change


def after_rows(values: Values, table: Table, event: str, rows: list[tuple["dict | None", "dict | None"]]) -> None:
    """The AFTER ROW triggers firing on `event`, run once the statement is done: for each (new, old) row in the
    order the statement wrote them, each trigger by name."""
    firing = [t for t in sorted(table.triggers, key=lambda t: t.name) if _fires(t, event) and t.timing == "after"]
    if not firing:
        return
    for new, old in rows:
        for trigger in firing:
            RUN_TRIGGER(values.ctx, table, trigger, event, new, old, True)


def _recognised(values: Values, table: Table, trigger: Trigger, event: str) -> RowChange | None:
    if trigger.timing != "before" or not trigger.row or trigger.when is not None or trigger.columns \
            or event not in ("insert", "update"):
        return None
    function = values.ctx.catalog.functions.get(trigger.function)
    if function is None or function.language != "plpgsql" or function.body is None:
        return None
    found = _SETS_NEW.fullmatch(function.body)
    only_if_changed = found is None
    if found is None:
        found = _SETS_NEW_IF_CHANGED.fullmatch(function.body)
    if found is None:
        return None
    column = table.column(truncate(found.group("column").lower()))
    if column is None or column.generated is not None:
        return None
    try:
        node = parse_expression(found.group("expr"))
    except Exception:  # noqa: BLE001 (not an expression the parser reads: not recognised)
        return None

    def change(row: dict, old: dict | None) -> dict:
        if only_if_changed and old is not None and not _distinct(table, row, old):
            return row
        new = dict(row)
        # the expression reads the row as NEW (and OLD on UPDATE): NEW.channel := lower(NEW.channel)
        scope = Scope([Relation(("new",), columns_of(table), row)]
                      + ([Relation(("old",), columns_of(table), old)] if old is not None else []))
        value = values.stored(values.value(node, scope), column)
        if getattr(value, "text", "") is None:
            new.pop(column.name, None)
        else:
            new[column.name] = value
        return new

    return change


def _distinct(table: Table, new: dict, old: dict) -> bool:
    """NEW IS DISTINCT FROM OLD: some column's value differs (NULLs equal each other)."""
    for column in table.columns:
        a, b = value_of(new, column.name, table), value_of(old, column.name, table)
        if a is b or a == b:
            continue
        if is_null(a) or is_null(b):
            return True
        if comparable(a, column.name, table) != comparable(b, column.name, table):
            return True
    return False


def fires_any(table: Table, event: str) -> list[str]:
    return [t.name for t in table.triggers if _fires(t, event)]
