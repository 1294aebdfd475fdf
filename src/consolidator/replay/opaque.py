"""What every kind kept as its statements shares (model/objects.py Opaque): the statement deparsed by pglast with
the object's own name as a placeholder and the relations it names schema-qualified; functions and types looked up
as the server looks them up; DROP / RENAME / SET SCHEMA / COMMENT ON through one lookup per kind; and
`reconcile`, run after every statement, which keeps the opaque objects true to what other statements did to
what they depend on (the other kinds' mutators do not know them):

- a dependency dropped by DROP without CASCADE: 2BP01, as the server refuses it; with CASCADE the object goes too;
- what the object belongs to (a rule's table, a user mapping's server) dropped: the object goes with it;
- a relation it names renamed or moved: its statements are rewritten to the new name (pglast again);
- a function or type it names renamed, or a column of a table it reads dropped, retyped or renamed: not modelled,
  since its statements say what they say and the server follows the change by OID.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pglast
from pglast import ast, enums
from pglast.stream import RawStream
from pglast.visitors import Visitor

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.acl import BOOTSTRAP
from consolidator.model.names import qualify, split_key, truncate
from consolidator.model.objects import OPAQUE_OWNER, OPAQUE_SELF, Opaque, function_key, type_identity
from consolidator.parse.expressions import names, string_value
from consolidator.pg15 import extensions as contrib
from consolidator.pg15 import functions as pg15_functions
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, dropped, noted, renamed, skipped
from consolidator.replay.registry import COMMENT_ON, STATEMENTS

O = enums.ObjectType
Dep = tuple[str, str]  # (Kind value, key)
Lookup = Callable[[ReplayContext, Any, bool], "Opaque | None"]  # (ctx, the statement's object node, missing_ok)


def deparse(node: Any) -> str:
    return RawStream()(node)


def self_name() -> list[ast.String]:
    return [ast.String(sval=OPAQUE_SELF)]


def require_plain(ctx: ReplayContext, what: str) -> None:
    """The statement is kept as written, so its unqualified names must mean in the baseline (applied with the
    default search_path) what they meant here; and the placeholder must not occur in it."""
    if ctx.session is not None and not ctx.session.is_default:
        raise NotModelled(f"{what} under a search_path other than the default is not modelled: the baseline keeps "
                          "its statement, whose unqualified names would resolve differently")
    if OPAQUE_SELF in ctx.text or OPAQUE_OWNER in ctx.text:
        raise NotModelled(f"{what}: the statement contains the tool's own placeholder name")


def def_names(arg: Any) -> list[str]:
    """The (possibly qualified) name a DefElem's argument gives: `copy = english`, `from = "C"`, `template = s.t`."""
    if isinstance(arg, ast.TypeName):
        return names(arg.names)
    if isinstance(arg, (list, tuple)):
        return names(arg)
    if isinstance(arg, ast.String):
        return [arg.sval]
    raise NotModelled(f"an option value {deparse(arg) if isinstance(arg, ast.Node) else arg!r} where a name was expected")


def def_word(arg: Any) -> str | None:
    """A DefElem's argument as a word or string (`provider = icu`, `locale = 'x'`)."""
    if isinstance(arg, ast.TypeName) or isinstance(arg, (list, tuple)):
        return def_names(arg)[-1]
    if isinstance(arg, ast.String):
        return arg.sval
    return string_value(arg)


def dep(kind: Kind, key: str) -> Dep:
    return (kind.value, key)


# ---- names the statement uses -------------------------------------------------------------------------


def qualify_relations(ctx: ReplayContext, node: Any, skip: frozenset[str] = frozenset()) -> list[Dep]:
    """Every relation the node names must exist (42P01); each is written schema-qualified in the node, so that
    the kept statement means the same relation wherever it is applied. Returns them as dependencies."""
    found: list[Dep] = []
    ctes: set[str] = set()

    class Relations(Visitor):
        def visit_CommonTableExpr(self, ancestors, n):
            ctes.add(n.ctename)

        def visit_RangeVar(self, ancestors, rv):
            if rv.relname == OPAQUE_SELF or (rv.schemaname is None and (rv.relname in ctes or rv.relname in skip)):
                return
            key = ctx.relation_key(rv)
            kind = ctx.catalog.relation_kind(key)
            if kind is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{rv.relname}" does not exist')
            rv.schemaname = split_key(key)[0]
            found.append(dep(Kind.VIEW if key in ctx.catalog.views else Kind.TABLE, key))

    Relations()(node)
    return list(dict.fromkeys(found))


def type_dep(ctx: ReplayContext, type_name: Any) -> tuple[str, str, str, Dep | None]:
    """(identity, SQL, the server's spelling, the dependency on a catalog type) of a TypeName; 42704 when missing."""
    sql_type, _ = ctx.column_type(type_name, row_types=True)
    found = None
    if sql_type.key is not None:
        found = dep(Kind.TYPE, sql_type.key)
    elif sql_type.relation is not None:
        found = dep(Kind.TABLE, sql_type.relation)
    return type_identity(sql_type), sql_type.sql, sql_type.server_name(), found


def find_function(ctx: ReplayContext, parts: list[str], types: tuple[str, ...]) -> Dep | None | bool:
    """A function by name and exact argument types (identities), as the server finds an aggregate's or an
    operator's support function: the catalog's (a dependency), PostgreSQL's or an extension's (True), or None."""
    schemas = [parts[-2]] if len(parts) > 1 else ["pg_catalog", *ctx.search_schemas()]
    name = parts[-1]
    for schema in schemas:
        key = function_key(schema, name, types)
        if key in ctx.catalog.functions:
            return dep(Kind.FUNCTION, key)
        if schema == "pg_catalog" and pg15_functions.function(name, types) is not None:
            return True
    for ext in ctx.catalog.extensions:
        known = contrib.extension(ext)
        if known is None:
            raise NotModelled(f"function {name}: extension {ext} is not one PostgreSQL 15 ships, the model cannot "
                              "tell what it provides")
        if any(f.name == name for f in known.functions):
            return True  # an extension's function by name (its argument types are the extension's own spelling)
    return None


def require_function(ctx: ReplayContext, parts: list[str], types: tuple[str, ...], shown: list[str]) -> Dep | None:
    found = find_function(ctx, parts, types)
    if found is None:
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {'.'.join(parts)}({', '.join(shown)}) does not exist")
    return found if isinstance(found, tuple) else None


# ---- the object ---------------------------------------------------------------------------------------


def new(ctx: ReplayContext, *, kind: str, key: str, name: str, schema: str | None, statement: str, what: str,
        target: str, depends: list[Dep], owner: Dep | None = None, args: list[str] | None = None,
        owner_auto: bool = True) -> Opaque:
    return Opaque(key=key, kind=kind, schema_name=schema, name=name, args=args or [], statements=[statement],
                  what=what, target=target, depends=list(dict.fromkeys(d for d in depends if d is not None)),
                  owner=owner, owner_auto=owner_auto, provenance=ctx.provenance())


def ref(obj: Opaque) -> Ref:
    return Ref(Kind.OPAQUE, obj.key)


def shown(obj: Opaque) -> str:
    return f"{obj.kind} {obj.name}" + (f"({', '.join(obj.args)})" if obj.kind in ("aggregate", "operator") else "")


@dataclass(frozen=True)
class Family:
    """How the statements that name one object type find the object, and what renaming it means."""

    object_type: str  # "OBJECT_AGGREGATE"
    lookup: Lookup
    renamed: Callable[[Opaque, str], tuple[str, tuple[str, str]]] | None = None  # new name -> (new key, duplicate)
    moved: Callable[[Opaque, str], tuple[str, tuple[str, str]]] | None = None  # new schema -> (new key, duplicate)
    lookup_for_drop: Lookup | None = None  # when DROP says a missing one differently


def register(family: Family) -> None:
    """DROP, RENAME, SET SCHEMA and COMMENT ON for one object type."""

    @STATEMENTS.register(("DropStmt", family.object_type))
    def drop(ctx: ReplayContext, node: Any) -> Effects:
        effects, found = [], []
        for obj in node.objects or ():
            target = (family.lookup_for_drop or family.lookup)(ctx, obj, bool(node.missing_ok))
            if target is None:
                effects.append(skipped(None, f"{family.object_type[7:].lower()} does not exist, skipped (IF EXISTS)"))
            elif target.key not in [f.key for f in found]:
                found.append(target)
        cascade = node.behavior == enums.DropBehavior.DROP_CASCADE
        for target in found:
            if target.key in ctx.catalog.opaques:  # a CASCADE of an earlier one may have taken it
                ctx.catalog.drop_opaque(target.key, cascade, shown(target))
                effects.append(dropped(ref(target), f"dropped {shown(target)}"))
        return effects

    if family.renamed is not None:
        @STATEMENTS.register(("RenameStmt", family.object_type))
        def rename(ctx: ReplayContext, node: Any) -> Effects:
            target = family.lookup(ctx, node.object if node.object is not None else node.relation,
                                   bool(node.missing_ok))
            if target is None:
                return skipped(None, f"{family.object_type[7:].lower()} does not exist, skipped (IF EXISTS)")
            new_key, duplicate = family.renamed(target, node.newname)
            if new_key == target.key:  # the server finds the object itself under the new name
                raise PgError(*duplicate)
            _require_free_relation(ctx, target, target.schema_name, node.newname, duplicate)
            ctx.catalog.move_opaque(target.key, new_key, node.newname, target.schema_name, duplicate, ctx.span)
            return renamed(ref(target), Ref(Kind.OPAQUE, new_key), f"renamed {shown(target)} to {node.newname}")

    if family.moved is not None:
        @STATEMENTS.register(("AlterObjectSchemaStmt", family.object_type))
        def set_schema(ctx: ReplayContext, node: Any) -> Effects:
            target = family.lookup(ctx, node.object if node.object is not None else node.relation,
                                   bool(node.missing_ok))
            if target is None:
                return skipped(None, f"{family.object_type[7:].lower()} does not exist, skipped (IF EXISTS)")
            new_key, duplicate = family.moved(target, node.newschema)
            _require_free_relation(ctx, target, node.newschema, target.name, duplicate)
            ctx.catalog.move_opaque(target.key, new_key, target.name, node.newschema, duplicate, ctx.span)
            return renamed(ref(target), Ref(Kind.OPAQUE, new_key), f"moved {shown(target)} to schema {node.newschema}")

    if family.object_type not in _NO_OWNER_TO:
        @STATEMENTS.register(("AlterOwnerStmt", family.object_type))
        def change_owner(ctx: ReplayContext, node: Any) -> Effects:
            owner = owner_role(ctx, node.newowner)  # the server looks the role up first
            target = family.lookup(ctx, node.object, False)
            if owner != BOOTSTRAP:
                raise NotModelled(f"OWNER TO {owner} of {shown(target)}: the model keeps no owner for an opaque "
                                  "object (it is the role the history runs as)")
            return noted(f"kept the owner of {shown(target)} ({owner})")

    @COMMENT_ON.register(getattr(O, family.object_type))
    def comment(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
        return ref(family.lookup(ctx, obj, False))


# A cast has no owner of its own; ALTER FOREIGN TABLE ... OWNER TO is an ALTER TABLE statement.
_NO_OWNER_TO = ("OBJECT_CAST", "OBJECT_FOREIGN_TABLE")


def owner_role(ctx: ReplayContext, spec: Any) -> str:
    """The role an OWNER TO names (CURRENT_USER and the like: the role the history runs as); 42704 when missing."""
    kind = spec.roletype
    name = ("public" if kind == enums.RoleSpecType.ROLESPEC_PUBLIC
            else truncate(spec.rolename) if kind == enums.RoleSpecType.ROLESPEC_CSTRING else BOOTSTRAP)
    ctx.catalog.require_role(name)
    return name


def register_unqualified(object_type: str, key_of: Callable[[str], str], noun: str) -> Lookup:
    """register() for a kind named by a bare name, outside any schema (event triggers, servers, publications):
    a missing one is 42704, a rename onto a taken name 42710. Returns the lookup, for the kind's ALTER."""

    def lookup(ctx: ReplayContext, obj: Any, missing_ok: bool) -> Opaque | None:
        found = ctx.catalog.opaques.get(key_of(obj.sval))
        if found is None and not missing_ok:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'{noun} "{obj.sval}" does not exist')
        return found

    register(Family(object_type, lookup,
                    renamed=lambda o, new: (key_of(new), (SqlState.DUPLICATE_OBJECT, f'{noun} "{new}" already exists'))))
    return lookup


def _require_free_relation(ctx: ReplayContext, target: Opaque, schema: str, name: str, duplicate) -> None:
    """A foreign table is a relation: the new name must be free among the schema's relations and types."""
    if target.kind == "foreign table" and (ctx.catalog.relation_kind(qualify(schema, name)) is not None
                                           or ctx.catalog.type_named(qualify(schema, name))):
        raise PgError(*duplicate)


def schema_and_name(ctx: ReplayContext, parts: list[str], kind: str | None = None) -> tuple[str, str]:
    return split_key(ctx.key_of(parts, kind))


def lookup_in_path(ctx: ReplayContext, parts: list[str], key_of: Callable[[str, str], str]) -> Opaque | None:
    """The object of a possibly qualified name: in its schema, or in the first schema of the search_path with one."""
    if len(parts) > 1:
        return ctx.catalog.opaques.get(key_of(parts[-2], parts[-1]))
    for schema in ctx.search_schemas():
        found = ctx.catalog.opaques.get(key_of(schema, parts[-1]))
        if found is not None:
            return found
    return None


# ---- after every statement ----------------------------------------------------------------------------

_RENAMES = ("RenameStmt", "AlterObjectSchemaStmt")
_RELATION_TYPES = ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE")
_COLUMN_CHANGES = (enums.AlterTableType.AT_DropColumn, enums.AlterTableType.AT_AlterColumnType)


def _exists(ctx: ReplayContext, d: Dep) -> bool:
    kind, key = d
    catalog = ctx.catalog
    if kind in (Kind.TABLE.value, Kind.VIEW.value):
        return catalog.relation_kind(key) is not None
    if kind == Kind.FUNCTION.value:
        return key in catalog.functions
    if kind == Kind.TYPE.value:
        return catalog.type_named(key) is not None or key in catalog.tables or key in catalog.views
    if kind == Kind.SCHEMA.value:
        return catalog.schema_exists(key)
    if kind == Kind.EXTENSION.value:
        return key in catalog.extensions
    if kind == Kind.OPAQUE.value:
        return key in catalog.opaques
    return True


def reconcile(ctx: ReplayContext, node: Any) -> None:
    if not ctx.catalog.opaques:
        return
    statement = type(node).__name__
    _refuse_column_changes(ctx, node, statement)
    cascade = getattr(node, "behavior", None) == enums.DropBehavior.DROP_CASCADE
    changed = True
    while changed:
        changed = False
        for key in sorted(ctx.catalog.opaques):
            obj = ctx.catalog.opaques.get(key)
            if obj is None:
                continue
            gone = [d for d in obj.depends if not _exists(ctx, d)]
            owner_gone = obj.owner is not None and not _exists(ctx, obj.owner)
            if owner_gone and not obj.owner_auto:
                gone, owner_gone = gone + [obj.owner], False
            if not gone and not owner_gone:
                continue
            changed = True
            relation_moves = [d for d in gone + ([obj.owner] if owner_gone else [])
                              if d[0] in (Kind.TABLE.value, Kind.VIEW.value)]
            if statement in _RENAMES and _renames_relation(node) and relation_moves == gone + ([obj.owner] if owner_gone else []):
                _follow_relation(ctx, obj, node, relation_moves)
            elif statement in _RENAMES:
                what = ", ".join(f"{k} {split_key(v)[1] if '.' in v else v}" for k, v in gone)
                raise NotModelled(f"this renames {what}, which {shown(obj)} names in its statement: the model keeps "
                                  "the statement as written and cannot follow the new name")
            elif statement != "DropStmt":
                raise NotModelled(f"this statement removed what {shown(obj)} depends on: not modelled")
            elif gone and obj.kind == "publication" and all(d[0] == Kind.TABLE.value for d in gone):
                _leave_publication(ctx, obj, [d[1] for d in gone])
            elif gone and not cascade:
                raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop {gone[0][0]} {split_key(gone[0][1])[1] if '.' in gone[0][1] else gone[0][1]} "
                              f"because other objects depend on it")
            else:  # its owner went, or a CASCADE took what it needs
                ctx.catalog.drop_opaque(obj.key, True, shown(obj))
            break


def _refuse_column_changes(ctx: ReplayContext, node: Any, statement: str) -> None:
    """A rule or a publication may read a column; the model does not know which, nor can it rewrite its text."""
    tables: list[str] = []
    if statement == "AlterTableStmt" and any(getattr(c, "subtype", None) in _COLUMN_CHANGES for c in node.cmds or ()):
        tables.append(ctx.relation_key(node.relation))
    if statement == "RenameStmt" and node.renameType == O.OBJECT_COLUMN:
        tables.append(ctx.relation_key(node.relation))
    for table in tables:
        for obj in ctx.catalog.opaques.values():
            if obj.kind in ("rule", "publication") and any(d[1] == table for d in [*obj.depends, obj.owner] if d):
                raise NotModelled(f"this changes a column of {split_key(table)[1]}, which {shown(obj)} may read: the "
                                  "model keeps the rule as its statement and does not know the columns it reads")


def _renames_relation(node: Any) -> bool:
    kind = node.renameType.name if type(node).__name__ == "RenameStmt" else node.objectType.name
    return kind in _RELATION_TYPES


def _follow_relation(ctx: ReplayContext, obj: Opaque, node: Any, moves: list[Dep]) -> None:
    """RENAME / SET SCHEMA of a relation the object names: its statements name the new one."""
    mapping: dict[str, str] = {}
    for kind, old in moves:
        schema, name = split_key(old)
        new = (qualify(schema, node.newname) if type(node).__name__ == "RenameStmt"
               else qualify(node.newschema, name))
        mapping[old] = new
    statements = [rewrite_relations(s, mapping) for s in obj.statements]
    depends = [(k, mapping.get(v, v)) if k in (Kind.TABLE.value, Kind.VIEW.value) else (k, v) for k, v in obj.depends]
    ctx.catalog.set_opaque_statements(obj.key, statements, depends, None)
    if obj.owner is not None and obj.owner[1] in mapping:
        owner = (obj.owner[0], mapping[obj.owner[1]])
        new_key = rule_key(owner[1], obj.name) if obj.kind == "rule" else obj.key
        ctx.catalog.move_opaque(obj.key, new_key, obj.name, obj.schema_name,
                                (SqlState.DUPLICATE_OBJECT, f'rule "{obj.name}" already exists'), ctx.span,
                                owner=owner)


def rewrite_relations(statement: str, mapping: dict[str, str]) -> str:
    (raw,) = pglast.parse_sql(statement)

    class Rename(Visitor):
        def visit_RangeVar(self, ancestors, rv):
            if rv.schemaname is not None and qualify(rv.schemaname, rv.relname) in mapping:
                rv.schemaname, rv.relname = split_key(mapping[qualify(rv.schemaname, rv.relname)])

    Rename()(raw.stmt)
    return deparse(raw.stmt)


def _leave_publication(ctx: ReplayContext, obj: Opaque, tables: list[str]) -> None:
    """A dropped table leaves the publications it was in (the server does not refuse the DROP)."""
    statements = []
    for statement in obj.statements:
        (raw,) = pglast.parse_sql(statement)
        stmt = raw.stmt
        objects = [p for p in stmt.pubobjects or ()
                   if not (p.pubtable is not None
                           and qualify(p.pubtable.relation.schemaname, p.pubtable.relation.relname) in tables)]
        if stmt.pubobjects and not objects and type(stmt).__name__ == "AlterPublicationStmt":
            continue  # an ALTER that only named dropped tables says nothing any more
        stmt.pubobjects = objects or None
        statements.append(deparse(stmt))
    depends = [d for d in obj.depends if d[1] not in tables]
    ctx.catalog.set_opaque_statements(obj.key, statements, depends, None)


def rule_key(table_key: str, name: str) -> str:
    return f"rule:{name} ON {table_key}"


