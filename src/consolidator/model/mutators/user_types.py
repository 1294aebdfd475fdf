"""Domains, composite types and range types: create, their constraints and attributes, drop with what uses
them (DROP TYPE ... CASCADE takes columns, functions, domains and composite attributes, as the server does)."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.model.objects import (
    CompositeAttribute, CompositeType, DomainConstraint, DomainType, RangeType, UserType,
)
from consolidator.model.types import SqlType


def _name(key: str) -> str:
    return split_key(key)[1]


class UserTypeMutators:
    def type_name_taken(self, key: str) -> bool:
        """Every type, a table's or view's row type and a range's multirange share the name space of pg_type."""
        return key in self.types or key in self.tables or key in self.views or self.type_named(key) is not None

    def add_user_type(self, user_type: UserType) -> None:
        """CREATE TYPE / CREATE DOMAIN: 42710 when a type has the name; a composite type is a relation too."""
        keys = [user_type.key] + ([user_type.multirange] if isinstance(user_type, RangeType) else [])
        for key in keys:
            if self.type_name_taken(key):
                raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(key)}" already exists')
        if isinstance(user_type, CompositeType):
            self.require_free_relation_name(user_type.key)
        self.require_schema(split_key(user_type.key)[0])
        self._set("types", user_type.key, user_type)

    # ---- domains ------------------------------------------------------------------------------------

    def add_domain_constraint(self, key: str, constraint: DomainConstraint) -> None:
        domain = self.domain(key)
        if domain.constraint(constraint.name) is not None:
            raise PgError(SqlState.DUPLICATE_OBJECT,
                          f'constraint "{constraint.name}" for domain "{_name(key)}" already exists')
        with self._edit("types", key) as domain:
            domain.constraints.append(constraint)
            domain.provenance.touch(constraint.provenance.created)

    def domain_constraint(self, key: str, name: str) -> DomainConstraint:
        found = self.domain(key).constraint(name)
        if found is None:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'constraint "{name}" of domain "{_name(key)}" does not exist')
        return found

    def drop_domain_constraint(self, key: str, name: str, span: SourceSpan) -> None:
        self.domain_constraint(key, name)
        with self._edit("types", key) as domain:
            domain.constraints = [c for c in domain.constraints if c.name != name]
            domain.provenance.touch(span)

    def rename_domain_constraint(self, key: str, name: str, new_name: str, span: SourceSpan) -> None:
        self.domain_constraint(key, name)
        if self.domain(key).constraint(new_name) is not None:
            raise PgError(SqlState.DUPLICATE_OBJECT,
                          f'constraint "{new_name}" for domain "{_name(key)}" already exists')
        with self._edit("types", key) as domain:
            domain.constraint(name).name = new_name
            domain.provenance.touch(span)

    def validate_domain_constraint(self, key: str, name: str, span: SourceSpan) -> None:
        self.domain_constraint(key, name)
        with self._edit("types", key) as domain:
            domain.constraint(name).not_valid = False
            domain.provenance.touch(span)

    def set_domain(self, key: str, span: SourceSpan, **changes) -> None:
        """SET/DROP DEFAULT (`default`), SET/DROP NOT NULL (`not_null`)."""
        with self._edit("types", key) as domain:
            for attribute, value in changes.items():
                setattr(domain, attribute, value)
            domain.provenance.touch(span)

    # ---- composite types ----------------------------------------------------------------------------

    def add_attribute(self, key: str, attribute: CompositeAttribute, span: SourceSpan) -> None:
        if self.composite(key).attribute(attribute.name) is not None:
            raise PgError(SqlState.DUPLICATE_COLUMN,
                          f'column "{attribute.name}" of relation "{_name(key)}" already exists')
        with self._edit("types", key) as composite:
            composite.attributes.append(attribute)
            composite.provenance.touch(span)

    def attribute(self, key: str, name: str) -> CompositeAttribute:
        found = self.composite(key).attribute(name)
        if found is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" of relation "{_name(key)}" does not exist')
        return found

    def drop_attribute(self, key: str, name: str, span: SourceSpan | None) -> None:
        self.attribute(key, name)
        with self._edit("types", key) as composite:
            composite.attributes = [a for a in composite.attributes if a.name != name]
            if span is not None:
                composite.provenance.touch(span)

    def rename_attribute(self, key: str, name: str, new_name: str, span: SourceSpan) -> None:
        self.attribute(key, name)
        if self.composite(key).attribute(new_name) is not None:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{new_name}" of relation "{_name(key)}" already exists')
        with self._edit("types", key) as composite:
            composite.attribute(name).name = new_name
            composite.provenance.touch(span)

    def retype_attribute(self, key: str, name: str, sql_type: SqlType, collation: str | None, span: SourceSpan) -> None:
        self.attribute(key, name)
        users = self.columns_of_type(key)
        if users:
            table, column = users[0]
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED,
                          f'cannot alter type "{_name(key)}" because column "{_name(table.key)}.{column.name}" uses it')
        with self._edit("types", key) as composite:
            attribute = composite.attribute(name)
            attribute.type, attribute.collation = sql_type, collation
            composite.provenance.touch(span)

    # ---- drop and rename, every kind of type ------------------------------------------------------

    def type_users(self, key: str) -> list[Ref]:
        """What uses the type (or a range's multirange): columns, functions, domains, ranges, attributes."""
        found = self.types[key]
        keys = [key] + ([found.multirange] if isinstance(found, RangeType) else [])
        return sorted({r for k in keys for r in self.dependents(Ref(Kind.TYPE, k)) if r.name != key})

    def drop_type(self, key: str, cascade: bool, together: frozenset = frozenset()) -> None:
        """DROP TYPE / DOMAIN; `together`: the other types of the same statement (their uses do not count)."""
        self.user_type(key)
        users = [r for r in self.type_users(key) if not (r.kind is Kind.TYPE and r.name in together)]
        if users and not cascade:
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {_name(key)} because other objects depend on it")
        for ref in users:
            self._drop_type_user(ref)
        self._unset("types", key)

    def _drop_type_user(self, ref: Ref) -> None:
        if ref.kind is Kind.COLUMN:
            table = self.tables.get(ref.name)
            if table is not None and table.column(ref.part) is not None:  # a generated column may have gone first
                self.drop_column(ref.name, ref.part, cascade=True)
        elif ref.kind is Kind.FUNCTION and ref.name in self.functions:
            self.drop_function(ref.name, cascade=True)
        elif ref.kind is Kind.TYPE and ref.name in self.types:
            if ref.part:
                self.drop_attribute(ref.name, ref.part, None)
            else:
                self.drop_type(ref.name, cascade=True)

    def retarget_type(self, key: str, new_key: str) -> None:
        """After RENAME or SET SCHEMA of a type: every column, attribute, domain and function using it follows."""
        def follow(sql_type: SqlType) -> SqlType:
            return sql_type.renamed(new_key) if sql_type.key == key else sql_type

        for ref in sorted(set(self.dependents(Ref(Kind.TYPE, key)))):
            if ref.kind is Kind.COLUMN and ref.name in self.tables:
                with self._edit("tables", ref.name) as table:
                    column = table.column(ref.part)
                    column.type = follow(column.type)
            elif ref.kind is Kind.TYPE and ref.name in self.types:
                with self._edit("types", ref.name) as user:
                    if isinstance(user, CompositeType):
                        attribute = user.attribute(ref.part)
                        attribute.type = follow(attribute.type)
                    elif isinstance(user, DomainType):
                        user.base = follow(user.base)
                    elif isinstance(user, RangeType):
                        user.subtype = follow(user.subtype)
            elif ref.kind is Kind.FUNCTION and ref.name in self.functions:
                self.retype_function(ref.name, follow)
