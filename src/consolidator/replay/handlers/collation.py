"""CREATE COLLATION, kept as its statement (replay/opaque.py); DROP, RENAME, SET SCHEMA, COMMENT ON.

A libc collation needs the locale installed on the server that applies the baseline: only C and POSIX are
modelled, another libc locale is reported. ICU locales are the server's ICU library's, known everywhere."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind
from consolidator.model.names import qualify, split_key
from consolidator.parse.expressions import names
from consolidator.pg15 import text_search as pg15_builtin
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.registry import STATEMENTS

_LIBC_ANYWHERE = ("C", "POSIX")


def key_of(schema: str, name: str) -> str:
    return f"collation:{qualify(schema, name)}"


def _duplicate(name: str) -> tuple[str, str]:
    return SqlState.DUPLICATE_OBJECT, f'collation "{name}" for encoding "UTF8" already exists'


def _missing(name: str) -> PgError:
    return PgError(SqlState.UNDEFINED_OBJECT, f'collation "{name}" for encoding "UTF8" does not exist')


def find(ctx: ReplayContext, parts: list[str]):
    return opaque.lookup_in_path(ctx, parts, key_of)


def exists(ctx: ReplayContext, parts: list[str]) -> bool:
    """Whether a collation of that name exists for the model: the catalog's, or a locale-independent built-in."""
    if find(ctx, parts) is not None:
        return True
    return (len(parts) == 1 or parts[-2] == "pg_catalog") and pg15_builtin.builtin_collation(parts[-1]) is not None


def require(ctx: ReplayContext, parts: list[str]) -> None:
    """A COLLATE clause of a column, an ALTER COLUMN TYPE or an index: the collation must exist (42704). A name that
    is neither the history's nor a locale-independent built-in may be one of the server's locale collations
    (en_US, de-x-icu): which exist depends on the server, so it is reported."""
    if exists(ctx, parts) or ctx.catalog.knows_unmodelled("collation", ".".join(parts)):
        return
    if len(parts) == 1 or parts[-2] == "pg_catalog":
        raise NotModelled(f'collation "{parts[-1]}" is not the history\'s nor a built-in known everywhere: whether '
                          "the server has it depends on its locales")
    raise _missing(".".join(parts))


@STATEMENTS.register(("DefineStmt", "OBJECT_COLLATION"))
def create_collation(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE COLLATION")
    schema, name = split_key(ctx.creation_key(names(node.defnames)))
    key = key_of(schema, name)
    if key in ctx.catalog.opaques and node.if_not_exists:
        return skipped(None, f"collation {name} already exists, skipped (IF NOT EXISTS)", exists=True)
    options = {d.defname.lower(): d.arg for d in node.definition or ()}
    depends = []
    if "from" in options:
        source = opaque.def_names(options["from"])
        found = find(ctx, source)
        if found is None:
            if not exists(ctx, source):
                if len(source) == 1 and pg15_builtin.builtin_collation(source[-1]) is None:
                    raise NotModelled(f'CREATE COLLATION ... FROM "{source[-1]}": the server\'s own collations '
                                      "besides C, POSIX, ucs_basic and und-x-icu depend on its locales")
                raise _missing(".".join(source))
        else:
            depends.append(opaque.dep(Kind.OPAQUE, found.key))
    else:
        unknown = sorted(set(options) - {"provider", "locale", "lc_collate", "lc_ctype", "deterministic", "version"})
        if unknown:
            raise PgError(SqlState.SYNTAX_ERROR, f'collation attribute "{unknown[0]}" not recognized')
        provider = (opaque.def_word(options["provider"]) or "libc").lower() if "provider" in options else "libc"
        if provider not in ("libc", "icu"):
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f'unrecognized collation provider: {provider}')
        locales = [opaque.def_word(options[o]) for o in ("locale", "lc_collate", "lc_ctype") if o in options]
        if not locales:
            what = "locale" if provider == "icu" else "lc_collate"
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f'parameter "{what}" must be specified')
        if provider == "libc" and any(loc not in _LIBC_ANYWHERE for loc in locales):
            raise NotModelled("a libc collation for a locale other than C or POSIX depends on the locales installed "
                              "on the server: not modelled")
        if "version" in options:
            raise NotModelled("CREATE COLLATION ... version = ...: the collation version is the server's")
    if key in ctx.catalog.opaques:
        raise PgError(*_duplicate(name))
    if schema in ctx.catalog.schemas:
        depends.append(opaque.dep(Kind.SCHEMA, schema))
    node.defnames, node.if_not_exists = opaque.self_name(), False
    obj = opaque.new(ctx, kind="collation", key=key, name=name, schema=schema, statement=opaque.deparse(node),
                     what="COLLATION", target=opaque.OPAQUE_SELF, depends=depends)
    ctx.catalog.add_opaque(obj, _duplicate(name))
    return created(opaque.ref(obj), f"created collation {name} (kept as its statement)")


def _lookup(ctx: ReplayContext, obj: Any, missing_ok: bool):
    parts = names(obj)
    found = find(ctx, parts)
    if found is None and not missing_ok:
        if exists(ctx, parts):
            raise NotModelled(f"collation {parts[-1]} is one of the server's own")
        raise _missing(".".join(parts))
    return found


opaque.register(opaque.Family(
    "OBJECT_COLLATION", _lookup,
    renamed=lambda o, new: (key_of(o.schema_name, new), _duplicate(new)),
    moved=lambda o, schema: (key_of(schema, o.name), _duplicate(o.name))))


@STATEMENTS.register("AlterCollationStmt")
def refresh_version(ctx: ReplayContext, node: Any) -> Effects:
    found = _lookup(ctx, node.collname, False)
    return skipped(opaque.ref(found), f"ALTER COLLATION {found.name} REFRESH VERSION: the server's version, no "
                                      "schema change")
