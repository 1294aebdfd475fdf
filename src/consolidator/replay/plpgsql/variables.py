"""PL/pgSQL variables of a DO block: DECLARE (defaults, CONSTANT, NOT NULL), scalar types and `record`.

A value is str, int, bool or None; a record is a `Record`. Assignment coerces as PL/pgSQL does for the types
modelled (integers range-checked, varchar(n) length-checked, name truncated); any other type is NotModelled.
"""

from __future__ import annotations

import re
from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import truncate
from consolidator.query.functions import text_of
from consolidator.query.values import Record
from consolidator.replay.plpgsql.tree import one, query_text

_RANGES = {"int2": (-2**15, 2**15 - 1), "int4": (-2**31, 2**31 - 1), "int8": (-2**63, 2**63 - 1)}
_TYPES = {"smallint": "int2", "int2": "int2", "int": "int4", "integer": "int4", "int4": "int4",
          "bigint": "int8", "int8": "int8", "text": "text", "name": "name", "varchar": "varchar",
          "character varying": "varchar", "boolean": "bool", "bool": "bool", "record": "record",
          "UNKNOWN": "int4"}  # UNKNOWN: an integer FOR loop's variable
_OUT_OF_RANGE = {"int2": "smallint out of range", "int4": "integer out of range", "int8": "bigint out of range"}
IMPLICIT = ("found", "sqlstate", "sqlerrm")


class Variable:
    def __init__(self, name: str, type_text: str, constant: bool = False, not_null: bool = False):
        self.name, self.constant, self.not_null = name, constant, not_null
        text = " ".join(type_text.split()).lower() if type_text != "UNKNOWN" else type_text
        match = re.fullmatch(r"(character varying|varchar)\s*\(\s*(\d+)\s*\)", text)
        self.length = int(match.group(2)) if match else None
        self.type = "varchar" if match else _TYPES.get(text)
        if self.type is None:
            raise NotModelled(f"PL/pgSQL variable {name} of type {type_text.strip()} is not modelled")
        self.value: Any = Record(name) if self.type == "record" else None

    def coerce(self, value: Any) -> Any:
        if self.type == "record":
            raise NotModelled(f"assignment to record {self.name} is not modelled")
        if value is None:
            if self.not_null:
                raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED,
                              f'null value cannot be assigned to variable "{self.name}" declared NOT NULL')
            return None
        if self.type in _RANGES:
            if isinstance(value, bool) or not isinstance(value, int):
                raise NotModelled(f"a non-integer value assigned to integer variable {self.name} is not modelled")
            low, high = _RANGES[self.type]
            if not low <= value <= high:
                raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, _OUT_OF_RANGE[self.type])
            return value
        if self.type == "bool":
            if not isinstance(value, bool):
                raise NotModelled(f"a non-boolean value assigned to boolean variable {self.name} is not modelled")
            return value
        text = "true" if value is True else "false" if value is False else text_of(value)
        if self.type == "name":
            return truncate(text)
        if self.length is not None and len(text) > self.length:
            if text[self.length:].strip(" "):
                raise PgError(SqlState.STRING_DATA_RIGHT_TRUNCATION,
                              f"value too long for type character varying({self.length})")
            text = text[:self.length]
        return text


def declare(datums: Any, top_line: int | None, evaluate) -> dict[str, Variable]:
    """The variables of the block, with their defaults evaluated in order (`evaluate(text, scope)`)."""
    scope: dict[str, Variable] = {}
    for datum in datums or ():
        kind, data = one(datum)
        name = str(data.get("refname", "?"))
        if kind == "PLpgSQL_var" and name in IMPLICIT:
            continue
        if kind == "PLpgSQL_row" and name == "(unnamed row)":
            continue  # a FOR loop's target list, naming variables declared apart
        if kind not in ("PLpgSQL_var", "PLpgSQL_rec"):
            raise NotModelled(f"PL/pgSQL variable {name} ({kind.removeprefix('PLpgSQL_')}) is not modelled")
        if name in scope:
            raise NotModelled(f"PL/pgSQL variable {name} declared twice (nested blocks) is not modelled")
        line = data.get("lineno")
        if isinstance(line, int) and isinstance(top_line, int) and line > top_line \
                and data.get("datatype", {}).get("PLpgSQL_type", {}).get("typname") != "UNKNOWN":
            raise NotModelled(f"DECLARE in a nested PL/pgSQL block is not modelled (variable {name})")
        if kind == "PLpgSQL_rec":
            type_text = "record"
        else:
            _, datatype = one(data.get("datatype") or {"PLpgSQL_type": {}})
            type_text = str(datatype.get("typname", "?"))
        variable = Variable(name, type_text, bool(data.get("isconst")), bool(data.get("notnull")))
        if data.get("default_val") is not None:
            if variable.type == "record":
                raise NotModelled(f"a default for record {name} is not modelled")
            variable.value = variable.coerce(evaluate(query_text(data["default_val"]), scope))
        elif variable.not_null:
            raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED,
                          f'variable "{name}" must have a default value, since it\'s declared NOT NULL')
        scope[name] = variable
    return scope
