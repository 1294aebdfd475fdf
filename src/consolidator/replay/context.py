"""What a handler sees: the catalog, where the statement is, and name resolution as the server does it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consolidator.errors import NotModelled, PgError, SourceSpan, SqlState
from consolidator.model.catalog import Catalog
from consolidator.model.names import DEFAULT_SCHEMA, qualify, render_key, split_key, truncate
from consolidator.model.provenance import Provenance
from consolidator.model.objects import DomainType
from consolidator.parse.expressions import names
from consolidator.model.types import SqlType
from consolidator.parse.types import TypeSpec, builtin_sql_type, type_spec
from consolidator.pg15 import types as pg15_types
from consolidator.replay import extensions
from consolidator.replay.session import Session

__all__ = ["NotModelled", "ReplayContext", "TransactionControl"]


class TransactionControl(Exception):
    """BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO met in a file: the engine owns the transactions."""

    def __init__(self, action: str, savepoint: str | None = None):
        super().__init__(action)
        self.action = action  # "begin", "commit", "rollback", "savepoint", "release", "rollback to"
        self.savepoint = savepoint


@dataclass
class ReplayContext:
    catalog: Catalog
    span: SourceSpan
    text: str
    in_transaction_block: bool = True  # the default policy runs each file as one transaction
    own_tracking_table: str | None = None  # the file is a baseline of this tool: its tracking table is the tool's
    session: Session | None = None  # the file's session settings (search_path); None: the server's defaults
    # ALTER TABLE: the constraints its ADD COLUMNs write inline, (table key, constraints) each, added in the later
    # passes, as PostgreSQL makes them sub-commands of their own; None outside ALTER TABLE
    deferred: list | None = None

    def is_own_tracking_table(self, key: str) -> bool:
        return self.own_tracking_table is not None and key == qualify(DEFAULT_SCHEMA, self.own_tracking_table)

    def provenance(self) -> Provenance:
        return Provenance.at(self.span)

    def key(self, name: str, schema: str | None = None, kind: str | None = None) -> str:
        """The object a name means: qualified, or the first schema of the search_path that has an object of the
        kind ("relation", "type", "function"; any kind when None) by that name, else where it would be created."""
        name = truncate(name)
        if schema is not None:
            return qualify(schema, name)
        if self.session is None or self.session.is_default:
            return qualify(DEFAULT_SCHEMA, name)
        for candidate in self.search_schemas():
            if self.catalog.name_in_schema(candidate, name, kind):
                return qualify(candidate, name)
        return qualify(self.creation_schema(), name)

    def key_of(self, parts: list[str], kind: str | None = None) -> str:
        """The key of a possibly qualified name given as its parts (['s', 't'] or ['t'])."""
        return self.key(parts[-1], parts[-2] if len(parts) > 1 else None, kind)

    def creation_key(self, parts: list[str]) -> str:
        """Where CREATE puts a possibly qualified name: an unqualified one in the first schema of the search_path
        that exists (3F000 when none does)."""
        if len(parts) > 1:
            return qualify(parts[-2], truncate(parts[-1]))
        return qualify(self.creation_schema(), truncate(parts[-1]))

    def search_schemas(self) -> list[str]:
        """The schemas of the search_path that exist, in order ($user is passed over: see replay/session.py)."""
        path = self.session.effective if self.session is not None else (DEFAULT_SCHEMA,)
        return [s for s in path if s != "$user" and self.catalog.schema_exists(s)]

    def creation_schema(self) -> str:
        if self.session is None or self.session.is_default:
            return DEFAULT_SCHEMA
        schemas = [s for s in self.search_schemas() if s not in ("pg_catalog", "pg_temp")]
        if not schemas:
            raise PgError(SqlState.INVALID_SCHEMA_NAME, "no schema has been selected to create in")
        return schemas[0]

    def drop_targets(self, node: Any, lookup=None) -> list[str]:
        """The keys a DROP statement names, in order, each once: the server drops a name given twice once.
        `lookup`: how a name's parts become a key (`key_of` by default)."""
        keys: list[str] = []
        for obj in node.objects or ():
            key = (lookup or self.key_of)(names(obj.names) if hasattr(obj, "names") else names(obj))  # a TypeName
            if key not in keys:
                keys.append(key)
        return keys

    def type_lookup_key(self, parts: list[str]) -> str:
        """A type name looked up as pg_type lookups do (ALTER / DROP / COMMENT ON DOMAIN): unqualified, pg_catalog's
        own types come first, pg_catalog being the implicit head of every search_path."""
        if len(parts) == 1:
            info = pg15_types.type_info(parts[0])
            if info is not None and info.schema == "pg_catalog":
                return qualify("pg_catalog", parts[0])
        return self.key_of(parts, "type")

    def refuse_other_type_as_domain(self, parts: list[str]) -> None:
        """ALTER DOMAIN ... OWNER TO / SET SCHEMA of a name pg_type has, but not as a domain: 42809."""
        lookup = self.type_lookup_key(parts)
        if self.catalog.type_display(lookup) is not None:
            self.catalog.domain(lookup)

    def relation_key(self, rangevar: Any, create: bool = False) -> str:
        if create:
            return self.creation_key([p for p in (rangevar.schemaname, rangevar.relname) if p])
        return self.key(rangevar.relname, rangevar.schemaname, "relation")

    def missing_relation(self, key: str, missing_ok: bool) -> str | None:
        """For ALTER ... IF EXISTS: the sentence saying the statement is skipped, when no relation has the name."""
        if missing_ok and self.catalog.relation_kind(key) is None:
            return f"relation {split_key(key)[1]} does not exist, skipped (IF EXISTS)"
        return None

    def column_type(self, node: Any, row_types: bool = False, owner: str | None = None) -> tuple[SqlType, TypeSpec]:
        """The type a TypeName names, resolved as the server resolves it, and the parsed spec. `row_types`:
        a table's or view's name is its row type (function arguments and results; columns of one are not
        modelled). `owner`: the table a column of this type would belong to (its own row type is refused, 42P16)."""
        if getattr(node, "pct_type", False):
            return self._column_type_of(node), type_spec(node)
        spec = type_spec(node)
        builtin = builtin_sql_type(spec)
        if builtin is not None:
            return builtin, spec
        key = self.key(spec.name, spec.schema, "type")
        if self.catalog.type_named(key) is not None:
            schema, name = split_key(key)
            user = self.catalog.types.get(key)
            base = user.base if isinstance(user, DomainType) else None
            return SqlType(sql=spec.with_base(render_key(key)), name=name, origin="catalog", schema_name=schema,
                           array_dims=spec.array_dims, base=base), spec
        if extensions.provides_type(self.catalog, spec.name, spec.schema):
            return SqlType(sql=spec.with_base(spec.sql), name=spec.name, origin="extension", schema_name=spec.schema,
                           typmods=spec.typmods, array_dims=spec.array_dims), spec
        if key in self.catalog.tables or key in self.catalog.views:  # a view's row type too
            if key == owner:
                raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                              f"composite type {split_key(key)[1]} cannot be made a member of itself")
            if not row_types:
                raise NotModelled("columns of a relation's row type are not modelled yet")
            schema, name = split_key(key)
            return SqlType(sql=spec.with_base(render_key(key)), name=name, origin="relation", schema_name=schema,
                           array_dims=spec.array_dims), spec
        raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{spec.name}" does not exist')

    def _column_type_of(self, node: Any) -> SqlType:
        """table.column%TYPE: the column's type (the server resolves it once, with a NOTICE)."""
        parts = names(node.names)
        if len(parts) < 2:
            raise PgError(SqlState.SYNTAX_ERROR, f'improper %TYPE reference (too few dotted names): {".".join(parts)}')
        table_key = self.key_of(parts[:-1])
        if table_key not in self.catalog.tables:
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{".".join(parts[:-1])}" does not exist')
        column = self.catalog.table(table_key).column(parts[-1])
        if column is None:
            raise PgError(SqlState.UNDEFINED_COLUMN,
                          f'column "{parts[-1]}" of relation "{parts[-2]}" does not exist')
        if node.arrayBounds:
            raise NotModelled("%TYPE[] is not modelled")
        return column.type

