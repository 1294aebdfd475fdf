"""Arithmetic and comparison on date, timestamp and interval (date.c, timestamp.c): months added first with the
day clamped to the month's end, then days, then the time; date - date counts days; timestamp - timestamp is
days and time (justified hours)."""

from __future__ import annotations

import calendar
import datetime as dt

from consolidator.errors import NotModelled
from consolidator.query.scalar.datetime_input import (Interval, date_out, interval_out, parse_date, parse_interval,
                                                      parse_timestamp, timestamp_out)
from consolidator.query.scalar.datum import Datum

_MIDNIGHT = dt.time()


def sort_key(datum: Datum):
    if datum.type == "date":
        return dt.datetime.combine(_special(parse_date, datum), _MIDNIGHT)
    if datum.type == "timestamp":
        return _special(parse_timestamp, datum)
    return parse_interval(datum.text).key()  # type: ignore[arg-type]


def _special(parse, datum: Datum):
    if datum.text in ("infinity", "-infinity"):
        raise NotModelled(f"{datum.type} {datum.text} is not modelled")
    return parse(datum.text)


def _date(datum: Datum) -> dt.date:
    return _special(parse_date, datum)


def _timestamp(datum: Datum) -> dt.datetime:
    if datum.type == "date":
        return dt.datetime.combine(_date(datum), _MIDNIGHT)
    return _special(parse_timestamp, datum)


def _interval(datum: Datum) -> Interval:
    return parse_interval(datum.text)  # type: ignore[arg-type]


def _date_result(value: dt.date) -> Datum:
    return Datum("date", date_out(value))


def _plus_days(value: dt.date, days: int) -> Datum:
    try:
        return _date_result(value + dt.timedelta(days=days))
    except OverflowError:
        raise NotModelled("dates outside years 1 to 9999 are not modelled") from None


def plus_interval(value: dt.datetime, interval: Interval, sign: int = 1) -> Datum:
    months, days, us = sign * interval.months, sign * interval.days, sign * interval.microseconds
    try:
        if months:
            total = value.year * 12 + value.month - 1 + months
            year, month = divmod(total, 12)
            day = min(value.day, calendar.monthrange(year, month + 1)[1])
            value = value.replace(year=year, month=month + 1, day=day)
        value = value + dt.timedelta(days=days, microseconds=us)
    except (ValueError, OverflowError):
        raise NotModelled("timestamps outside years 1 to 9999 are not modelled") from None
    return Datum("timestamp", timestamp_out(value))


def _difference(a: dt.datetime, b: dt.datetime) -> Datum:
    delta = a - b
    us = delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds
    days, rest = int(us / 86_400_000_000), us - int(us / 86_400_000_000) * 86_400_000_000
    return Datum("interval", interval_out(Interval(0, days, rest)))


def _interval_sum(a: Interval, b: Interval, sign: int) -> Datum:
    return Datum("interval", interval_out(Interval(a.months + sign * b.months, a.days + sign * b.days,
                                                   a.microseconds + sign * b.microseconds)))


def _date_minus_date(a: Datum, b: Datum) -> Datum:
    return Datum("int4", str((_date(a) - _date(b)).days))


OPERATORS = {
    "date_pli": lambda a, b: _plus_days(_date(a), int(b.text)),
    "integer_pl_date": lambda a, b: _plus_days(_date(b), int(a.text)),
    "date_mii": lambda a, b: _plus_days(_date(a), -int(b.text)),
    "date_mi": _date_minus_date,
    "date_pl_interval": lambda a, b: plus_interval(_timestamp(a), _interval(b)),
    "date_mi_interval": lambda a, b: plus_interval(_timestamp(a), _interval(b), -1),
    "interval_pl_date": lambda a, b: plus_interval(_timestamp(b), _interval(a)),
    "timestamp_pl_interval": lambda a, b: plus_interval(_timestamp(a), _interval(b)),
    "timestamp_mi_interval": lambda a, b: plus_interval(_timestamp(a), _interval(b), -1),
    "interval_pl_timestamp": lambda a, b: plus_interval(_timestamp(b), _interval(a)),
    "timestamp_mi": lambda a, b: _difference(_timestamp(a), _timestamp(b)),
    "interval_pl": lambda a, b: _interval_sum(_interval(a), _interval(b), 1),
    "interval_mi": lambda a, b: _interval_sum(_interval(a), _interval(b), -1),
}
PREFIX = {"interval_um": lambda a: Datum("interval", interval_out(Interval(-_interval(a).months, -_interval(a).days,
                                                                         -_interval(a).microseconds)))}
