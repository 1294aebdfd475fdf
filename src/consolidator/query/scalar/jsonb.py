"""jsonb (and json) as PostgreSQL 15 reads and prints them: jsonb_out's canonical text (keys shortest first, then
byte order; the last of duplicate keys kept; ", " and ": " between items; numbers as numeric prints them), json
kept as written. Values in Python: None, bool, Number, str, list, dict."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from consolidator.errors import PgError, SqlState
from consolidator.query.scalar import inputs

JSON_TYPES = ("json", "jsonb")


@dataclass(frozen=True)
class Number:
    text: str  # numeric's output

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Number) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)


def _invalid(type_name: str, detail: str = "") -> PgError:
    error = PgError(SqlState.INVALID_TEXT_REPRESENTATION, f"invalid input syntax for type {type_name}")
    error.detail = detail  # the server's errdetail
    return error


def _no_constant(name: str):
    raise ValueError(name)


def parse(text: str, type_name: str = "jsonb"):
    """The value of a json text; 22P02 when the server's parser would refuse it."""
    try:
        value = json.loads(text, parse_int=lambda s: Number(inputs.numeric_in(s)),
                           parse_float=lambda s: Number(inputs.numeric_in(s)), parse_constant=_no_constant,
                           object_pairs_hook=_object)
    except (ValueError, RecursionError):
        raise _invalid(type_name) from None
    _check_strings(value, type_name)
    return value


def _object(pairs: list[tuple[str, object]]) -> dict:
    merged: dict = {}
    for k, v in pairs:
        merged.pop(k, None)
        merged[k] = v  # the last duplicate wins
    return {k: merged[k] for k in sorted(merged, key=key_order)}


def key_order(key: str) -> tuple[int, bytes]:
    encoded = key.encode("utf-8", "surrogatepass")
    return len(encoded), encoded


def _check_strings(value, type_name: str) -> None:
    strings = [value] if isinstance(value, str) else []
    if isinstance(value, list):
        for v in value:
            _check_strings(v, type_name)
    elif isinstance(value, dict):
        strings += list(value)
        for v in value.values():
            _check_strings(v, type_name)
    for s in strings:
        if any(0xD800 <= ord(c) <= 0xDFFF for c in s):
            raise _invalid(type_name, "a Unicode surrogate without its pair")
        if "\0" in s and type_name == "jsonb":
            raise PgError(SqlState.UNTRANSLATABLE_CHARACTER, "unsupported Unicode escape sequence")


def jsonb_in(text: str) -> str:
    return out(parse(text, "jsonb"))


def json_in(text: str) -> str:
    parse(text, "json")  # json keeps its text; only its syntax is checked
    return text


_ESCAPES = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def quote(s: str) -> str:
    """escape_json."""
    return '"' + "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in s) + '"'


def out(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Number):
        return value.text
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list):
        return "[" + ", ".join(out(v) for v in value) + "]"
    return "{" + ", ".join(f"{quote(k)}: {out(v)}" for k, v in value.items()) + "}"


def canonical(value):
    """An object's keys in jsonb's order (after values were built in Python)."""
    if isinstance(value, dict):
        return {k: canonical(value[k]) for k in sorted(value, key=key_order)}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def typeof(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Number):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def is_scalar(value) -> bool:
    return not isinstance(value, (list, dict))


def equal(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return a == b


def contains(a, b) -> bool:
    """a @> b (JsonbDeepContains; a top-level scalar is a one-element 'raw scalar' array)."""
    if isinstance(a, dict) != isinstance(b, dict):
        return False
    if isinstance(a, dict):
        return _contains(a, b)
    a_raw, b_raw = is_scalar(a), is_scalar(b)
    if a_raw and not b_raw:
        return False
    return _contains([a] if a_raw else a, [b] if b_raw else b)


def _contains(a, b) -> bool:
    if isinstance(a, dict):
        for k, v in b.items():
            if k not in a:
                return False
            if is_scalar(v):
                if not is_scalar(a[k]) or not equal(a[k], v):
                    return False
            elif isinstance(a[k], dict) != isinstance(v, dict) or is_scalar(a[k]) or not _contains(a[k], v):
                return False
        return True
    scalars = [x for x in a if is_scalar(x)]
    containers = [x for x in a if not is_scalar(x)]
    for v in b:
        if is_scalar(v):
            if not any(equal(x, v) for x in scalars):
                return False
        elif not any(isinstance(x, dict) == isinstance(v, dict) and _contains(x, v) for x in containers):
            return False
    return True


def concatenate(a, b):
    """jsonb || jsonb."""
    if isinstance(a, dict) and isinstance(b, dict):
        merged = dict(a)
        merged.update(b)
        return canonical(merged)
    left = a if isinstance(a, list) else [a]
    right = b if isinstance(b, list) else [b]
    return left + right


def field(value, key: str):
    return value.get(key, _MISSING) if isinstance(value, dict) else _MISSING


def element(value, index: int):
    """An array's element (a negative index from the end); a scalar is a one-element array here."""
    if isinstance(value, dict):
        return _MISSING
    if not isinstance(value, list):
        value = [value]
    if index < 0:
        index += len(value)
    return value[index] if 0 <= index < len(value) else _MISSING


_MISSING = object()


def missing(value) -> bool:
    return value is _MISSING


def path(value, keys: list[str | None]):
    """#>: each step a key of an object or an integer index of an array (else no value)."""
    for key in keys:
        if key is None:
            return _MISSING
        if isinstance(value, dict):
            value = field(value, key)
        else:
            index = _integer(key)
            if index is None:
                return _MISSING
            value = element(value, index)
        if value is _MISSING:
            return _MISSING
    return value


def _integer(text: str) -> int | None:
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits.isdigit() or not -2**31 <= int(stripped) < 2**31:
        return None
    return int(stripped)


def as_text(value) -> str | None:
    """->> and #>>: a string unquoted, null as SQL NULL, anything else as jsonb prints it."""
    if value is None:
        return None
    return value if isinstance(value, str) else out(value)


def delete_key(value, keys: list[str]):
    if is_scalar(value):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "cannot delete from scalar")
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in keys}
    return [v for v in value if not (isinstance(v, str) and v in keys)]


def delete_index(value, index: int):
    if is_scalar(value):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "cannot delete from scalar")
    if isinstance(value, dict):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "cannot delete from object using integer index")
    if index < 0:
        index += len(value)
    return [v for i, v in enumerate(value) if i != index]


def exists(value, key: str) -> bool:
    if isinstance(value, dict):
        return key in value
    if isinstance(value, list):
        return any(isinstance(v, str) and v == key for v in value)
    return isinstance(value, str) and value == key


def set_path(value, keys: list[str | None], new, create: bool):
    """jsonb_set."""
    if is_scalar(value):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "cannot set path in scalar")
    if any(k is None for k in keys):
        raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED, "path element at position "
                      f"{keys.index(None) + 1} is null")
    if not keys:
        return value
    return _set(value, keys, 0, new, create)


def _set(value, keys, level, new, create):
    key, last = keys[level], level == len(keys) - 1
    if isinstance(value, dict):
        if key in value:
            updated = dict(value)
            updated[key] = new if last else _set(value[key], keys, level + 1, new, create)
            return updated
        if last and create:
            return canonical({**value, key: new})
        return value
    if isinstance(value, list):
        index = _integer(key)
        if index is None:
            raise PgError(SqlState.INVALID_TEXT_REPRESENTATION,
                          f'path element at position {level + 1} is not an integer: "{key}"')
        n = len(value)
        position = index + n if index < 0 else index
        if 0 <= position < n:
            updated = list(value)
            updated[position] = new if last else _set(value[position], keys, level + 1, new, create)
            return updated
        if last and create:
            return [new] + value if position < 0 else value + [new]
        return value
    return value  # a scalar inside: the path goes no further
