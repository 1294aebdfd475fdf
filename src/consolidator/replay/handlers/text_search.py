"""CREATE TEXT SEARCH CONFIGURATION / DICTIONARY, kept as their statements (replay/opaque.py), with ALTER TEXT
SEARCH CONFIGURATION's mappings checked against the parser's token types and the dictionaries that exist; DROP,
RENAME, SET SCHEMA, COMMENT ON. Parsers and templates are made of C functions: reported.

A dictionary's options (stop word files, snowball languages) are read from files of the server's share folder
when it is created: the simple and snowball templates with the stop word files PostgreSQL 15 ships are modelled."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind
from consolidator.model.names import qualify, split_key
from consolidator.parse.expressions import names, string_value
from consolidator.pg15 import text_search as builtin
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created
from consolidator.replay.registry import STATEMENTS

_KINDS = {"OBJECT_TSCONFIGURATION": "configuration", "OBJECT_TSDICTIONARY": "dictionary"}


def key_of(kind: str, schema: str, name: str) -> str:
    return f"text search {kind}:{qualify(schema, name)}"


def _missing(kind: str, parts: list[str]) -> PgError:
    return PgError(SqlState.UNDEFINED_OBJECT, f'text search {kind} "{".".join(parts)}" does not exist')


def _duplicate(kind: str, name: str) -> tuple[str, str]:
    """The server checks no name before it inserts the row: its unique index says it (23505)."""
    index = {"configuration": "pg_ts_config_cfgname_index", "dictionary": "pg_ts_dict_dictname_index"}[kind]
    return SqlState.UNIQUE_VIOLATION, f'duplicate key value violates unique constraint "{index}"'


def find(ctx: ReplayContext, kind: str, parts: list[str]) -> tuple[Any, tuple[str, ...] | None]:
    """(the catalog's object, None) or (None, the built-in's detail) or (None, None) when neither exists."""
    found = opaque.lookup_in_path(ctx, parts, lambda s, n: key_of(kind, s, n))
    if found is not None:
        return found, None
    if len(parts) == 1 or parts[-2] == "pg_catalog":
        return None, builtin.builtin(kind, parts[-1])
    return None, None


def _require(ctx: ReplayContext, kind: str, parts: list[str]) -> tuple[opaque.Dep | None, tuple[str, ...]]:
    found, detail = find(ctx, kind, parts)
    if found is not None:
        return opaque.dep(Kind.OPAQUE, found.key), tuple(found.detail)
    if detail is None:
        if kind == "template" and ctx.catalog.extensions:
            raise NotModelled(f"text search template {parts[-1]} may come from an extension: not modelled")
        raise _missing(kind, parts)
    return None, detail


@STATEMENTS.register(("DefineStmt", "OBJECT_TSCONFIGURATION"), ("DefineStmt", "OBJECT_TSDICTIONARY"))
def create(ctx: ReplayContext, node: Any) -> Effects:
    kind = _KINDS[node.kind.name]
    opaque.require_plain(ctx, f"CREATE TEXT SEARCH {kind.upper()}")
    schema, name = split_key(ctx.creation_key(names(node.defnames)))
    ctx.catalog.require_schema(schema)
    options = {}
    for d in node.definition or ():
        options[d.defname.lower()] = d.arg
    depends, detail = [], []
    if kind == "configuration":
        if "parser" in options and "copy" in options:
            raise PgError(SqlState.SYNTAX_ERROR, "cannot specify both PARSER and COPY options")
        unknown = sorted(set(options) - {"parser", "copy"})
        if unknown:
            raise PgError(SqlState.SYNTAX_ERROR, f'text search configuration parameter "{unknown[0]}" not recognized')
        if "copy" in options:
            source, source_detail = _require(ctx, "configuration", opaque.def_names(options["copy"]))
            depends.append(source)
            detail = list(source_detail)
        elif "parser" in options:
            parser, parser_detail = _require(ctx, "parser", opaque.def_names(options["parser"]))
            depends.append(parser)
            detail = [opaque.def_names(options["parser"])[-1]]
        else:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION, "text search parser is required")
    else:
        if "template" not in options:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION, "text search template is required")
        template = opaque.def_names(options.pop("template"))
        found, _ = _require(ctx, "template", template)
        depends.append(found)
        allowed = {"simple": {"stopwords", "accept"}, "snowball": {"language", "stopwords"}}.get(template[-1])
        if allowed is None or set(options) - allowed:
            raise NotModelled(f"a text search dictionary of template {template[-1]} with options "
                              f"{', '.join(sorted(options)) or '(none)'}: its files are the server's, not modelled")
        if "stopwords" in options:
            stop = (opaque.def_word(options["stopwords"]) or "").lower()
            if builtin.builtin("stopwords", stop) is None:
                raise NotModelled(f"stop word file {stop}.stop is not one PostgreSQL 15 ships: the server's share "
                                  "folder decides")
        if template[-1] == "snowball":
            language = opaque.def_word(options.get("language")) if "language" in options else None
            if language is None:
                raise PgError(SqlState.INVALID_PARAMETER_VALUE, "missing Language parameter")
            if builtin.builtin("dictionary", f"{language.lower()}_stem") is None:
                raise NotModelled(f"snowball language {language}: not one the model knows")
    key = key_of(kind, schema, name)
    if key in ctx.catalog.opaques:
        raise PgError(*_duplicate(kind, name))
    if schema in ctx.catalog.schemas:
        depends.append(opaque.dep(Kind.SCHEMA, schema))
    node.defnames = opaque.self_name()
    obj = opaque.new(ctx, kind=f"text search {kind}", key=key, name=name, schema=schema,
                     statement=opaque.deparse(node), what=f"TEXT SEARCH {kind.upper()}", target=opaque.OPAQUE_SELF,
                     depends=depends)
    obj.detail = detail
    ctx.catalog.add_opaque(obj, _duplicate(kind, name))
    return created(opaque.ref(obj), f"created text search {kind} {name} (kept as its statement)")


def _lookup(kind: str):
    def lookup(ctx: ReplayContext, obj: Any, missing_ok: bool):
        parts = names(obj)
        found, detail = find(ctx, kind, parts)
        if found is None and not missing_ok:
            if detail is not None:
                raise NotModelled(f"text search {kind} {parts[-1]} is one of the server's own")
            raise _missing(kind, parts)
        return found

    return lookup


for _type, _kind in _KINDS.items():
    opaque.register(opaque.Family(
        _type, _lookup(_kind),
        renamed=lambda o, new, k=_kind: (key_of(k, o.schema_name, new), _duplicate(k, new)),
        moved=lambda o, schema, k=_kind: (key_of(k, schema, o.name), _duplicate(k, o.name))))

K = enums.AlterTSConfigType


@STATEMENTS.register("AlterTSConfigurationStmt")
def alter_configuration(ctx: ReplayContext, node: Any) -> Effects:
    """ADD / ALTER / DROP MAPPING: the token types must be the parser's, the dictionaries must exist."""
    opaque.require_plain(ctx, "ALTER TEXT SEARCH CONFIGURATION")
    config = _lookup("configuration")(ctx, node.cfgname, False)
    parser, *mapped = config.detail
    tokens = [string_value(t) for t in node.tokentype or ()]
    known = builtin.builtin("parser", parser)
    if known is None:
        raise NotModelled(f"text search parser {parser}: its token types are not known to the model")
    for token in tokens:
        if token not in known:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'token type "{token}" does not exist')
    depends = []
    for dictionary in node.dicts or ():
        parts = names(dictionary)
        found, _ = _require(ctx, "dictionary", parts)
        depends.append(found)
    if node.kind == K.ALTER_TSCONFIG_ADD_MAPPING:
        mapped = sorted(set(mapped) | set(tokens))
    elif node.kind == K.ALTER_TSCONFIG_DROP_MAPPING:
        missing = [t for t in tokens if t not in mapped]
        if missing and not node.missing_ok:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'mapping for token type "{missing[0]}" does not exist')
        mapped = sorted(set(mapped) - set(tokens))
    elif node.kind == K.ALTER_TSCONFIG_ALTER_MAPPING_FOR_TOKEN:  # maps a token type that was not mapped, too
        mapped = sorted(set(mapped) | set(tokens))
    node.cfgname = opaque.self_name()
    ctx.catalog.add_opaque_statement(config.key, opaque.deparse(node), [d for d in depends if d], ctx.span)
    ctx.catalog.set_opaque_detail(config.key, [parser, *mapped])
    return altered(opaque.ref(config), "mapping", f"altered the mappings of text search configuration {config.name}")
