"""Random scalar expressions over the evaluator's types, as SQL text: nested operators, functions, casts, NULLs,
edge values (int4 and int8 limits, empty strings, quotes, non-ASCII text), mostly well typed, sometimes not (so
type errors and the server's refusals are compared too)."""

from __future__ import annotations

from hypothesis import strategies as st

TYPES = ("int", "bigint", "smallint", "numeric", "text", "bool", "jsonb", "int[]", "text[]", "date", "interval")

_INTS = [0, 1, -1, 2, 3, 7, -7, 10, 100, 255, 32767, -32768, 65536, 2147483647, -2147483648, 46341, 1000000]
_BIGINTS = [3000000000, 9223372036854775807, -9223372036854775808, 4294967296, 3037000500]
_NUMERICS = ["1.5", "0.001", "-2.50", "1e3", "2.5e-3", "0.0", "3.14159", "100.00", "99999999999999999999.5",
             "0.33333333333333333333", "7.0", "-0.5", "12345.6789"]
_ALPHABET = st.sampled_from(list("abcAB z'%_\\-.01") + ["é", "ß", "€", "Ω", "😀", "\u00a0", "ǅ", "i", "İ"])
_STRINGS = st.text(_ALPHABET, max_size=6)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def literal(draw, type_name: str) -> str:
    if draw(st.integers(0, 14)) == 0:
        return draw(st.sampled_from(["NULL", f"NULL::{type_name}"]))
    if type_name == "int":
        n = draw(st.sampled_from(_INTS) | st.integers(-2**31, 2**31 - 1))
        return draw(st.sampled_from([str(n), quote(str(n)), f"{n}::int"]))
    if type_name == "bigint":
        n = draw(st.sampled_from(_BIGINTS) | st.integers(-2**63, 2**63 - 1))
        return draw(st.sampled_from([str(n), f"{n}::bigint"]))
    if type_name == "smallint":
        n = draw(st.sampled_from(_INTS[:12]) | st.integers(-2**15, 2**15 - 1))
        return f"{n}::smallint"
    if type_name == "numeric":
        text = draw(st.sampled_from(_NUMERICS) | st.decimals(-10**6, 10**6, places=draw(st.integers(0, 4)),
                                                              allow_nan=False).map(str))
        return draw(st.sampled_from([text, f"{text}::numeric", quote(text), f"{quote(text)}::numeric(8,2)",
                                     "'NaN'::numeric"] if draw(st.integers(0, 20)) == 0 else [text, f"{text}::numeric"]))
    if type_name == "text":
        s = quote(draw(_STRINGS))
        return draw(st.sampled_from([s, s, f"{s}::text", f"{s}::varchar", f"{s}::varchar(3)", f"{s}::char(3)",
                                     f"{s}::char(5)"]))
    if type_name == "jsonb":
        return f"{quote(draw(_json_text()))}::jsonb"
    if type_name == "date":
        day = draw(st.sampled_from(["2024-02-29", "2023-01-31", "2024-12-31", "0001-01-01", "9999-12-31",
                                    "2021-02-30", "1970-01-01", "2000-3-5", "epoch"]))
        return f"{quote(day)}::date"
    if type_name == "interval":
        n = draw(st.sampled_from(["1", "-1", "2", "13", "0", "36", "-25"]))
        unit = draw(st.sampled_from(["day", "days", "month", "mons", "year", "hours", "minutes", "week", "sec"]))
        extra = draw(st.sampled_from(["", " 02:00:00", " -01:30", " 1 day"]))
        return f"{quote(n + ' ' + unit + extra)}::interval"
    if type_name in ("int[]", "text[]"):
        element = "int" if type_name == "int[]" else "text"
        items = ", ".join(draw(literal(element)) for _ in range(draw(st.integers(0, 3))))
        return f"ARRAY[{items}]::{type_name}" if draw(st.booleans()) else f"{quote(draw(_array_text(element)))}::{type_name}"
    return draw(st.sampled_from(["true", "false", "'t'", "'no'", "true::bool", "'x'::bool"]))


_KEYS = st.sampled_from(["a", "b", "ab", "é", "", "a b", "A", "bb", "0"])
_JSON_SCALARS = st.sampled_from(["1", "-0", "2.50", "1e2", "true", "false", "null", '"x"', '"é\\n"', '""', '"a"'])


def _json_text():
    return st.recursive(_JSON_SCALARS, lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]"),
        st.lists(st.tuples(_KEYS, inner), max_size=3).map(
            lambda kv: "{" + ", ".join(f'"{k}":{v}' for k, v in kv) + "}")), max_leaves=6)


@st.composite
def _array_text(draw, element: str) -> str:
    if element == "int":
        items = draw(st.lists(st.sampled_from(["1", "-2", "NULL", " 3 ", "x", "2147483648", ""]), max_size=3))
    else:
        items = draw(st.lists(st.sampled_from(["a", '"b c"', "NULL", '"NULL"', '""', " d ", '"q\\"x"', "é", "{"]),
                              max_size=3))
    return "{" + ",".join(items) + "}"


def _other(draw, type_name: str) -> str:
    """Mostly the asked type, now and then any (to hit type errors)."""
    return draw(st.sampled_from(TYPES)) if draw(st.integers(0, 9)) == 0 else type_name


_NUMBER_TYPES = ("int", "bigint", "smallint", "numeric")


@st.composite
def expression(draw, type_name: str, depth: int = 3) -> str:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(literal(type_name))
    sub = lambda t: draw(expression(_other(draw, t), depth - 1))  # noqa: E731
    choice = draw(st.integers(0, 9))
    if choice == 0:
        a, b, c = sub(type_name), sub(type_name), sub("bool")
        return draw(st.sampled_from([f"(CASE WHEN {c} THEN {a} ELSE {b} END)", f"(CASE WHEN {c} THEN {a} END)",
                                     f"(CASE {a} WHEN {b} THEN {a} ELSE {b} END)"]))
    if choice == 1:
        args = ", ".join(sub(type_name) for _ in range(draw(st.integers(1, 3))))
        return f"{draw(st.sampled_from(['COALESCE', 'GREATEST', 'LEAST']))}({args})"
    if choice == 2:
        return f"NULLIF({sub(type_name)}, {sub(type_name)})"
    if choice == 3:
        source = draw(st.sampled_from(TYPES))
        target = {"int": "int", "bigint": "bigint", "smallint": "smallint", "text": "text", "bool": "boolean",
                  "numeric": draw(st.sampled_from(["numeric", "numeric(6,2)", "numeric(4,0)"])), "jsonb": "jsonb",
                  "int[]": "int[]", "text[]": "text[]", "date": "date", "interval": "interval"}[type_name]
        if type_name == "text":
            target = draw(st.sampled_from(["text", "varchar(3)", "char(2)", "varchar"]))
        return f"CAST({draw(expression(source, depth - 1))} AS {target})"
    if type_name == "jsonb":
        key = draw(st.sampled_from(["'a'", "'b'", "0", "1", "-1", "'{a,b}'::text[]", "'{0}'::text[]"]))
        return draw(st.sampled_from([f"({sub('jsonb')} || {sub('jsonb')})", f"({sub('jsonb')} -> {key})",
                                     f"({sub('jsonb')} - {key})", f"jsonb_set({sub('jsonb')}, '{{a}}', {sub('jsonb')})",
                                     f"jsonb_build_object('k', {sub(draw(st.sampled_from(TYPES)))})",
                                     f"jsonb_build_array({sub(draw(st.sampled_from(TYPES)))})",
                                     f"to_jsonb({sub(draw(st.sampled_from(TYPES)))})",
                                     f"({sub('jsonb')} #> '{{a,0}}')"]))
    if type_name == "date":
        return draw(st.sampled_from([f"({sub('date')} + {sub('int')})", f"({sub('date')} - {sub('int')})",
                                     f"CAST(({sub('date')} + {sub('interval')}) AS date)"]))
    if type_name == "interval":
        return draw(st.sampled_from([f"({sub('interval')} + {sub('interval')})", f"(- {sub('interval')})",
                                     f"({sub('interval')} - {sub('interval')})",
                                     f"(CAST({sub('date')} AS timestamp) - CAST({sub('date')} AS timestamp))"]))
    if type_name in ("int[]", "text[]"):
        element = "int" if type_name == "int[]" else "text"
        return draw(st.sampled_from([f"({sub(type_name)} || {sub(type_name)})", f"({sub(type_name)} || {sub(element)})",
                                     f"ARRAY[{sub(element)}, {sub(element)}]"]))
    if type_name in _NUMBER_TYPES:
        if choice in (4, 5, 6, 7):
            op = draw(st.sampled_from(["+", "-", "*", "/", "%"]))
            left = draw(st.sampled_from(_NUMBER_TYPES)) if type_name == "numeric" else type_name
            return f"({sub(left)} {op} {sub(type_name)})"
        if type_name == "int" and choice == 9:
            return draw(st.sampled_from([f"array_length({sub('int[]')}, 1)", f"cardinality({sub('text[]')})",
                                         f"jsonb_array_length({sub('jsonb')})",f"length({sub('text')})", f"char_length({sub('text')})",
                                         f"octet_length({sub('text')})", f"strpos({sub('text')}, {sub('text')})",
                                         f"position({sub('text')} in {sub('text')})"]))
        return draw(st.sampled_from([f"(- {sub(type_name)})", f"(@ {sub(type_name)})", f"(+ {sub(type_name)})"]))
    if type_name == "text":
        if choice in (4, 5, 6):
            return f"({sub('text')} || {sub(draw(st.sampled_from(TYPES)) if choice == 6 else 'text')})"
        if choice == 7:
            key = draw(st.sampled_from(["'a'", "'b'", "0", "-1"]))
            return draw(st.sampled_from([f"({sub('jsonb')} ->> {key})", f"({sub('jsonb')} #>> '{{a,0}}')",
                                         f"jsonb_typeof({sub('jsonb')})", f"CAST({sub('jsonb')} AS text)",
                                         f"array_to_string({sub('text[]')}, ',', '*')",
                                         f"CAST({sub(draw(st.sampled_from(['int[]', 'text[]'])))} AS text)"]))
        return draw(functions(sub))
    # bool
    if choice in (4, 5):
        t = draw(st.sampled_from(TYPES))
        op = draw(st.sampled_from(["=", "<>", "<", ">", "<=", ">=", "!=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"]))
        return f"({sub(t)} {op} {sub(t)})"
    if choice == 6 and draw(st.booleans()):
        return draw(st.sampled_from([f"({sub('jsonb')} @> {sub('jsonb')})", f"({sub('jsonb')} ? 'a')",
                                     f"({sub('jsonb')} = {sub('jsonb')})", f"({sub('int')} = ANY({sub('int[]')}))",
                                     f"({sub('text')} <> ALL({sub('text[]')}))", f"({sub('int[]')} @> {sub('int[]')})",
                                     f"({sub('text[]')} && {sub('text[]')})", f"({sub('int[]')} = {sub('int[]')})"]))
    if choice == 6:
        op = draw(st.sampled_from(["AND", "OR"]))
        return f"({sub('bool')} {op} {sub('bool')})"
    if choice == 7:
        t = draw(st.sampled_from(TYPES))
        return draw(st.sampled_from([f"(NOT {sub('bool')})", f"({sub(t)} IS NULL)", f"({sub(t)} IS NOT NULL)",
                                     f"({sub('bool')} IS TRUE)", f"({sub('bool')} IS NOT FALSE)",
                                     f"({sub('bool')} IS UNKNOWN)"]))
    if choice == 8 and draw(st.booleans()):
        op = draw(st.sampled_from(["LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE"]))
        pattern = quote(draw(st.text(st.sampled_from(list("aAbé%_\\#")), max_size=5))) if draw(st.booleans()) \
            else sub("text")
        escape = draw(st.sampled_from(["", "", " ESCAPE '#'", " ESCAPE ''"]))
        return f"({sub('text')} {op} {pattern}{escape})"
    if choice == 8:
        t = draw(st.sampled_from(TYPES))
        items = ", ".join(sub(t) for _ in range(draw(st.integers(1, 4))))
        return f"({sub(t)} {draw(st.sampled_from(['IN', 'NOT IN']))} ({items}))"
    t = draw(st.sampled_from(TYPES))
    kind = draw(st.sampled_from(["BETWEEN", "NOT BETWEEN", "BETWEEN SYMMETRIC"]))
    return f"({sub(t)} {kind} {sub(t)} AND {sub(t)})"


_TEXT_FUNCTIONS = {  # name: argument types after the first (text) one
    "lower": [], "upper": [], "initcap": [], "btrim": [[], ["text"]], "ltrim": [[], ["text"]],
    "rtrim": [[], ["text"]], "substr": [["int"], ["int", "int"]], "left": [["int"]], "right": [["int"]],
    "replace": [["text", "text"]], "split_part": [["text", "int"]], "repeat": [["smallint"]],
    "lpad": [["smallint"], ["smallint", "text"]], "rpad": [["smallint"], ["smallint", "text"]], "md5": [],
    "reverse": [], "quote_literal": [], "quote_ident": [],
}


@st.composite
def functions(draw, sub) -> str:
    """Text-valued calls of the string functions, concat, format, TRIM and SUBSTRING syntax."""
    choice = draw(st.integers(0, 5))
    if choice == 0:
        args = ", ".join(sub(draw(st.sampled_from(TYPES))) for _ in range(draw(st.integers(1, 4))))
        return f"{draw(st.sampled_from(['concat', 'concat_ws']))}({args})"
    if choice == 1:
        pieces = draw(st.lists(st.sampled_from(["%s", "%I", "%L", "%%", "-", "%2$s", "%-4s", "%3s", "é"]),
                               max_size=4))
        args = "".join(f", {sub(draw(st.sampled_from(TYPES)))}" for _ in range(draw(st.integers(0, 3))))
        return f"format({quote(''.join(pieces))}{args})"
    if choice == 2:
        where = draw(st.sampled_from(["both", "leading", "trailing"]))
        return f"trim({where} {sub('text')} from {sub('text')})"
    if choice == 3:
        count = f" for {sub('int')}" if draw(st.booleans()) else ""
        return f"substring({sub('text')} from {sub('int')}{count})"
    name = draw(st.sampled_from(sorted(_TEXT_FUNCTIONS)))
    shapes = _TEXT_FUNCTIONS[name] or [[]]
    rest = draw(st.sampled_from(shapes if isinstance(shapes[0], list) else [shapes]))
    small = lambda t: quote(draw(st.sampled_from(["a", ",", "", "é", "ab"]))) if t == "text" and draw(st.booleans()) \
        else str(draw(st.integers(-3, 8))) if t in ("int", "smallint") and draw(st.booleans()) else sub(t)  # noqa: E731
    return f"{name}({', '.join([sub('text')] + [small(t) for t in rest])})"


def expressions() -> st.SearchStrategy[str]:
    return st.sampled_from(TYPES).flatmap(lambda t: expression(t))
