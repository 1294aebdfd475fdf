"""A sequence's options and position as DefineSequence / AlterSequence settle them (init_params in
PostgreSQL 15's sequence.c): the defaults, the checks in the server's order, and its messages."""

from __future__ import annotations

from dataclasses import dataclass, replace

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Sequence

TYPE_BOUNDS = {"smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1), "bigint": (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Settled:
    """Every option with its concrete value, and the position (last_value, is_called)."""
    data_type: str
    increment: int
    min_value: int
    max_value: int
    start: int
    cache: int
    cycle: bool
    last_value: int
    is_called: bool


def _default_min(data_type: str, increment: int) -> int:
    return TYPE_BOUNDS[data_type][0] if increment < 0 else 1


def _default_max(data_type: str, increment: int) -> int:
    return TYPE_BOUNDS[data_type][1] if increment > 0 else -1


def settled(seq: Sequence) -> Settled:
    """The concrete values of a sequence the model holds (None fields: the defaults for its type and direction)."""
    lo = seq.min_value if seq.min_value is not None else _default_min(seq.data_type, seq.increment)
    hi = seq.max_value if seq.max_value is not None else _default_max(seq.data_type, seq.increment)
    start = seq.start if seq.start is not None else (lo if seq.increment > 0 else hi)
    last = seq.last_value if seq.last_value is not None else start
    return Settled(seq.data_type, seq.increment, lo, hi, start, seq.cache, seq.cycle, last, seq.is_called)


def stored(s: Settled) -> dict:
    """The Sequence fields for settled values: a value that is the default for the type and direction is None, and
    so is the position of a sequence never used since its start (what a fresh CREATE SEQUENCE gives)."""
    lo, hi = _default_min(s.data_type, s.increment), _default_max(s.data_type, s.increment)
    fresh = not s.is_called and s.last_value == s.start
    return {
        "data_type": s.data_type, "increment": s.increment, "cache": s.cache, "cycle": s.cycle,
        "min_value": None if s.min_value == lo else s.min_value,
        "max_value": None if s.max_value == hi else s.max_value,
        "start": None if s.start == (s.min_value if s.increment > 0 else s.max_value) else s.start,
        "last_value": None if fresh else s.last_value,
        "is_called": False if fresh else s.is_called,
    }


def _invalid(message: str) -> PgError:
    return PgError(SqlState.INVALID_PARAMETER_VALUE, message)


def apply_options(seq: Sequence, options: dict, is_init: bool) -> dict:
    """The Sequence fields after CREATE (is_init, `seq` a new one of its data type) or ALTER with `options`
    ({"increment": 10, "min_value": None (NO MINVALUE), "restart": None (RESTART without a value), ...})."""
    cur = settled(seq)
    data_type, increment = cur.data_type, (cur.increment if not is_init else 1)
    reset_max = reset_min = False
    if "data_type" in options:
        if not is_init and options["data_type"] != cur.data_type:
            lo, hi = TYPE_BOUNDS[cur.data_type]
            reset_max, reset_min = cur.max_value == hi, cur.min_value == lo
        data_type = options["data_type"]
    if "increment" in options:
        increment = options["increment"]
        if increment == 0:
            raise _invalid("INCREMENT must not be zero")
    cycle = options.get("cycle", False if is_init else cur.cycle)
    type_lo, type_hi = TYPE_BOUNDS[data_type]

    hi = cur.max_value
    if options.get("max_value") is not None:
        hi = options["max_value"]
    elif is_init or "max_value" in options or reset_max:
        hi = type_hi if increment > 0 or reset_max else -1
    if not type_lo <= hi <= type_hi:
        raise _invalid(f"MAXVALUE ({hi}) is out of range for sequence data type {data_type}")
    lo = cur.min_value
    if options.get("min_value") is not None:
        lo = options["min_value"]
    elif is_init or "min_value" in options or reset_min:
        lo = type_lo if increment < 0 or reset_min else 1
    if not type_lo <= lo <= type_hi:
        raise _invalid(f"MINVALUE ({lo}) is out of range for sequence data type {data_type}")
    if lo >= hi:
        raise _invalid(f"MINVALUE ({lo}) must be less than MAXVALUE ({hi})")

    start = cur.start
    if options.get("start") is not None:
        start = options["start"]
    elif is_init:
        start = lo if increment > 0 else hi
    if start < lo:
        raise _invalid(f"START value ({start}) cannot be less than MINVALUE ({lo})")
    if start > hi:
        raise _invalid(f"START value ({start}) cannot be greater than MAXVALUE ({hi})")

    last, is_called = cur.last_value, cur.is_called
    if "restart" in options:
        last, is_called = (options["restart"] if options["restart"] is not None else start), False
    elif is_init:
        last, is_called = start, False
    if last < lo:  # the current value too, when MINVALUE or MAXVALUE moves past it
        raise _invalid(f"RESTART value ({last}) cannot be less than MINVALUE ({lo})")
    if last > hi:
        raise _invalid(f"RESTART value ({last}) cannot be greater than MAXVALUE ({hi})")

    cache = options.get("cache", 1 if is_init else cur.cache)
    if cache <= 0:
        raise _invalid(f"CACHE ({cache}) must be greater than zero")
    return stored(Settled(data_type, increment, lo, hi, start, cache, cycle, last, is_called))


def set_value(seq: Sequence, value: int, is_called: bool) -> dict:
    """setval(seq, value, is_called): the new position, or 22003 outside the bounds, as do_setval says it."""
    cur = settled(seq)
    if not cur.min_value <= value <= cur.max_value:
        raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                      f'setval: value {value} is out of bounds for sequence "{split_key(seq.key)[1]}" '
                      f"({cur.min_value}..{cur.max_value})")
    return stored(replace(cur, last_value=value, is_called=is_called))


def next_value(seq: Sequence) -> tuple[int, dict]:
    """nextval(seq): the value it returns and the new position; 2200H at a bound without CYCLE (nextval_internal)."""
    cur = settled(seq)
    value = cur.last_value
    if cur.is_called:
        value = cur.last_value + cur.increment
        if value > cur.max_value or value < cur.min_value:
            if not cur.cycle:
                bound, word = (cur.max_value, "maximum") if cur.increment > 0 else (cur.min_value, "minimum")
                raise PgError(SqlState.SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
                              f'nextval: reached {word} value of sequence "{split_key(seq.key)[1]}" ({bound})')
            value = cur.min_value if cur.increment > 0 else cur.max_value
    return value, stored(replace(cur, last_value=value, is_called=True))
