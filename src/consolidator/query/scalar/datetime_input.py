"""date, timestamp (without time zone) and interval, in ISO DateStyle and the postgres IntervalStyle a fresh
database has. Modelled inputs: ISO dates ('2024-02-29'), ISO timestamps ('2024-02-29 13:05:00.5', a T allowed),
'epoch', and intervals written as integer quantities of units ('1 year 2 mons 3 days 04:05:06', '-2 hours',
'1 week'); other spellings (and timestamptz, which depends on the TimeZone setting) are NotModelled. 'today',
'now' and the like are Volatile."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.query.scalar.datum import Volatile

TYPES = ("date", "timestamp", "interval")
_SESSION_WORDS = ("now", "today", "tomorrow", "yesterday")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIMESTAMP = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?")
_TYPE_NAMES = {"date": "date", "timestamp": "timestamp without time zone", "interval": "interval"}


def _invalid(name: str, text: str) -> PgError:
    return PgError(SqlState.INVALID_DATETIME_FORMAT, f'invalid input syntax for type {_TYPE_NAMES[name]}: "{text}"')


def _out_of_range(text: str) -> PgError:
    return PgError(SqlState.DATETIME_FIELD_OVERFLOW, f'date/time field value out of range: "{text}"')


def input_of(name: str, text: str, typmods: tuple[int, ...]) -> str:
    word = text.strip().lower()
    if word in _SESSION_WORDS:
        raise Volatile(f"'{word}'::{name}")
    if typmods:
        raise NotModelled(f"{name} with a precision is not modelled")
    if name == "date":
        return date_out(parse_date(text))
    if name == "timestamp":
        return timestamp_out(parse_timestamp(text))
    return interval_out(parse_interval(text))


def parse_date(text: str) -> dt.date:
    stripped = text.strip()
    if stripped.lower() == "epoch":
        return dt.date(1970, 1, 1)
    m = _DATE.fullmatch(stripped)
    if m is None:
        raise NotModelled(f"the date {text!r} is not in the ISO form the evaluator reads")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        if int(m.group(1)) == 0:
            raise NotModelled("year 0 dates are not modelled") from None
        raise _out_of_range(text) from None


def parse_timestamp(text: str) -> dt.datetime:
    stripped = text.strip()
    if stripped.lower() == "epoch":
        return dt.datetime(1970, 1, 1)
    m = _TIMESTAMP.fullmatch(stripped)
    if m is None:
        raise NotModelled(f"the timestamp {text!r} is not in the ISO form the evaluator reads")
    year, month, day, hour, minute, second, fraction = m.groups()
    if fraction is not None and len(fraction) > 6:
        raise NotModelled("timestamps with more than microsecond digits are not modelled")
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                           int((fraction or "0").ljust(6, "0")))
    except ValueError:
        raise _out_of_range(text) from None


def date_out(value: dt.date) -> str:
    return value.isoformat()


def timestamp_out(value: dt.datetime) -> str:
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text


@dataclass(frozen=True)
class Interval:
    months: int
    days: int
    microseconds: int

    def key(self) -> int:
        """interval_cmp's span: a month is 30 days, a day 24 hours."""
        return (self.months * 30 + self.days) * 86_400_000_000 + self.microseconds


_UNITS = {"year": ("months", 12), "years": ("months", 12), "y": ("months", 12), "yr": ("months", 12),
          "yrs": ("months", 12), "month": ("months", 1), "months": ("months", 1), "mon": ("months", 1),
          "mons": ("months", 1), "week": ("days", 7), "weeks": ("days", 7), "w": ("days", 7),
          "day": ("days", 1), "days": ("days", 1), "d": ("days", 1), "hour": ("us", 3_600_000_000),
          "hours": ("us", 3_600_000_000), "h": ("us", 3_600_000_000), "hr": ("us", 3_600_000_000),
          "hrs": ("us", 3_600_000_000), "minute": ("us", 60_000_000), "minutes": ("us", 60_000_000),
          "min": ("us", 60_000_000), "mins": ("us", 60_000_000), "m": ("us", 60_000_000),
          "second": ("us", 1_000_000), "seconds": ("us", 1_000_000), "sec": ("us", 1_000_000),
          "secs": ("us", 1_000_000), "s": ("us", 1_000_000)}
_TOKEN = re.compile(r"\s*(?:([+-]?\d+)\s*([a-z]+)|([+-]?)(\d{1,2}):(\d{2})(?::(\d{2}))?)\s*")


_FIELD = {"year": "year", "years": "year", "y": "year", "yr": "year", "yrs": "year", "week": "week", "weeks": "week",
          "w": "week", "day": "day", "days": "day", "d": "day", "hour": "hour", "hours": "hour", "h": "hour",
          "hr": "hour", "hrs": "hour", "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
          "m": "minute", "second": "second", "seconds": "second", "sec": "second", "secs": "second", "s": "second"}


def parse_interval(text: str) -> Interval:
    total = {"months": 0, "days": 0, "us": 0}
    seen: set[str] = set()  # DecodeInterval refuses a field given twice
    lowered, i = text.lower(), 0
    if not lowered.strip():
        raise _invalid("interval", text)
    while i < len(lowered):
        m = _TOKEN.match(lowered, i)
        if m is None or m.end() == i:
            raise NotModelled(f"the interval {text!r} is not in a form the evaluator reads")
        if m.group(1) is not None:
            unit = _UNITS.get(m.group(2))
            if unit is None:
                raise NotModelled(f"the interval unit {m.group(2)!r} is not modelled")
            fields = {_FIELD.get(m.group(2), "month")}
            total[unit[0]] += int(m.group(1)) * unit[1]
        else:
            fields = {"hour", "minute", "second"}
            sign = -1 if m.group(3) == "-" else 1
            total["us"] += sign * ((int(m.group(4)) * 60 + int(m.group(5))) * 60 + int(m.group(6) or 0)) * 1_000_000
        if fields & seen:
            raise _invalid("interval", text)
        seen |= fields
        i = m.end()
    return Interval(total["months"], total["days"], total["us"])


def interval_out(value: Interval) -> str:
    """EncodeInterval's postgres IntervalStyle: '1 year 2 mons 3 days 04:05:06', '-1 days', '-1 mons +1 day',
    '00:00:00' (a positive field after a negative one gets a '+')."""
    years, months = int(value.months / 12), value.months - int(value.months / 12) * 12
    parts: list[str] = []
    before_negative = False
    for n, unit in ((years, "year"), (months, "mon"), (value.days, "day")):
        if n:
            parts.append(f"{'+' if before_negative and n > 0 else ''}{n} {unit}{'' if n == 1 else 's'}")
            before_negative = n < 0
    us = value.microseconds
    if not parts or us:
        sign = "-" if us < 0 else ("+" if before_negative else "")
        seconds, fraction = divmod(abs(us), 1_000_000)
        time = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if fraction:
            time += f".{fraction:06d}".rstrip("0")
        parts.append(sign + time)
    return " ".join(parts)
