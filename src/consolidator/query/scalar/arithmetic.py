"""Arithmetic on integers and numeric, as int.c / int8.c / numeric.c compute it: the result type is the
operator's, overflow is 22003 '<type> out of range', division by zero 22012; numeric keeps PostgreSQL's result
scales (addition: the larger scale; multiplication: the sum; division: select_div_scale)."""

from __future__ import annotations

from decimal import Decimal

from consolidator.errors import PgError, SqlState
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.inputs import INTEGER_NAMES, INTEGER_RANGES
from consolidator.query.scalar.values import numeric, numeric_text

_NUMERIC_MIN_SIG_DIGITS = 16
_NUMERIC_MAX_DISPLAY_SCALE = 1000


def _division_by_zero() -> PgError:
    return PgError(SqlState.DIVISION_BY_ZERO, "division by zero")


def integer_result(type_name: str, value: int) -> Datum:
    low, high = INTEGER_RANGES[type_name]
    if not low <= value <= high:
        raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, f"{INTEGER_NAMES[type_name]} out of range")
    return Datum(type_name, str(value))


def _truncated_division(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def integer_operation(kind: str, a: int, b: int, result: str) -> Datum:
    if kind == "pl":
        return integer_result(result, a + b)
    if kind == "mi":
        return integer_result(result, a - b)
    if kind == "mul":
        return integer_result(result, a * b)
    if b == 0:
        raise _division_by_zero()
    if kind == "div":
        return integer_result(result, _truncated_division(a, b))
    return integer_result(result, a - b * _truncated_division(a, b))  # mod: the dividend's sign; MIN % -1 is 0


def _scaled(value: Decimal) -> tuple[int, int]:
    """(digits as an integer, scale): value == n * 10**-scale, scale >= 0."""
    sign, digits, exponent = value.as_tuple()
    n = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    if exponent > 0:  # type: ignore[operator]
        return n * 10 ** exponent, 0  # type: ignore[operator]
    return n, -exponent  # type: ignore[operator]


def _from_scaled(n: int, scale: int) -> Decimal:
    return Decimal(f"{n}E-{scale}")  # the string constructor is exact, at any precision


def _nbase_weight_and_first_digit(n: int, scale: int) -> tuple[int, int]:
    """The value's weight in base-10000 digits and its first base-10000 digit, as numeric stores it."""
    n = abs(n)
    if n == 0:
        return 0, 0
    pad = (-scale) % 4  # align the fractional part to whole base-10000 digits
    n, scale = n * 10 ** pad, scale + pad
    digits = []
    while n:
        n, d = divmod(n, 10000)
        digits.append(d)
    digits.reverse()  # most significant first; the last scale // 4 digits are fractional
    weight = len(digits) - 1 - scale // 4
    for i, d in enumerate(digits):
        if d:
            return weight - i, d
    return 0, 0


def _round_half_away(numerator: int, denominator: int) -> int:
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def numeric_operation(kind: str, left: Datum, right: Datum) -> Datum:
    a, b = numeric(left), numeric(right)
    na, sa = _scaled(a)
    nb, sb = _scaled(b)
    if kind in ("add", "sub"):
        scale = max(sa, sb)
        x, y = na * 10 ** (scale - sa), nb * 10 ** (scale - sb)
        return _numeric(x + y if kind == "add" else x - y, scale)
    if kind == "mul":
        return _numeric(na * nb, sa + sb)
    if nb == 0:
        raise _division_by_zero()
    if kind == "mod":
        scale = max(sa, sb)
        x, y = na * 10 ** (scale - sa), nb * 10 ** (scale - sb)
        return _numeric(x - y * _truncated_division(x, y), scale)
    scale = _division_scale(na, sa, nb, sb)
    # a / b at `scale` digits: (na / 10**sa) / (nb / 10**sb) * 10**scale, rounded half away from zero
    exponent = sb + scale - sa
    numerator, denominator = (na * 10 ** exponent, nb) if exponent >= 0 else (na, nb * 10 ** -exponent)
    return _numeric(_round_half_away(numerator, denominator), scale)


def _division_scale(na: int, sa: int, nb: int, sb: int) -> int:
    """select_div_scale: at least 16 significant digits, and no fewer than either input's scale."""
    weight1, first1 = _nbase_weight_and_first_digit(na, sa)
    weight2, first2 = _nbase_weight_and_first_digit(nb, sb)
    qweight = weight1 - weight2
    if first1 <= first2:
        qweight -= 1
    scale = max(_NUMERIC_MIN_SIG_DIGITS - qweight * 4, sa, sb, 0)
    return min(scale, _NUMERIC_MAX_DISPLAY_SCALE)


def _numeric(n: int, scale: int) -> Datum:
    return Datum("numeric", numeric_text(_from_scaled(n, scale)))


def numeric_negate(datum: Datum) -> Datum:
    if datum.text == "NaN":
        return datum
    if datum.text in ("Infinity", "-Infinity"):
        return Datum("numeric", "-Infinity" if datum.text == "Infinity" else "Infinity")
    n, s = _scaled(numeric(datum))
    return _numeric(-n, s)


def numeric_absolute(datum: Datum) -> Datum:
    if datum.text in ("NaN", "Infinity", "-Infinity"):
        return Datum("numeric", "NaN" if datum.text == "NaN" else "Infinity")
    n, s = _scaled(numeric(datum))
    return _numeric(abs(n), s)
