"""select_common_type (parse_coerce.c): the one type of CASE results, COALESCE / GREATEST / LEAST arguments,
IN lists and VALUES columns."""

from __future__ import annotations

from consolidator.errors import PgError, SqlState
from consolidator.pg15.casts import can_coerce
from consolidator.pg15.types import base_type, type_info
from consolidator.query.scalar.datum import Datum

_SHOWN = {"int2": "smallint", "int4": "integer", "int8": "bigint", "bool": "boolean", "varchar": "character varying",
          "bpchar": "character", "float8": "double precision", "float4": "real",
          "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
          "timetz": "time with time zone", "time": "time without time zone"}


def shown(type_name: str) -> str:
    """format_type's spelling of a type in messages."""
    if type_name.startswith("_"):
        return shown(type_name[1:]) + "[]"
    return _SHOWN.get(type_name, type_name)


def common_type(datums: list[Datum], context: str | None) -> str | None:
    """The type PostgreSQL resolves the values to; with a context (CASE, COALESCE, GREATEST, ...), a mismatch
    is the server's 42804 '<context> types X and Y cannot be matched'; without one, None."""
    types = [d.type for d in datums]
    first = types[0]
    if first != "unknown" and all(t == first for t in types):
        return first
    known = [t for t in types if t != "unknown"]
    if not known:
        return "text"
    ptype = base_type(known[0])
    pinfo = type_info(ptype)
    pcategory, ppreferred = pinfo.category, pinfo.preferred
    for t in known[1:]:
        ntype = base_type(t)
        if ntype == ptype:
            continue
        ninfo = type_info(ntype)
        if ninfo.category != pcategory:
            if context is None:
                return None
            raise PgError(SqlState.DATATYPE_MISMATCH, f"{context} types {shown(ptype)} and {shown(ntype)} cannot "
                          "be matched")
        if not ppreferred and can_coerce(ptype, ntype, "i") and not can_coerce(ntype, ptype, "i"):
            ptype, ppreferred = ntype, ninfo.preferred
    return ptype


def coercible_to(datums: list[Datum], target: str) -> bool:
    """verify_common_type: every value coerces implicitly to the chosen type."""
    return all(d.type == "unknown" or can_coerce(d.type, target, "i") for d in datums)
