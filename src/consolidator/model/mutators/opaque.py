"""Objects kept as their statements (objects.Opaque): create, CREATE OR REPLACE, drop with what depends on them,
rename, SET SCHEMA, later ALTERs and comments. The handlers (replay/handlers/) check each kind's own rules and
build the statements; these mutators keep the dependency rules that every kind shares."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SourceSpan, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import qualify
from consolidator.model.objects import Opaque


def opaque_ref(key: str) -> Ref:
    return Ref(Kind.OPAQUE, key)


class OpaqueMutators:
    def opaque(self, key: str) -> Opaque | None:
        return self.opaques.get(key)

    def add_opaque(self, obj: Opaque, duplicate: tuple[str, str], replace: bool = False) -> bool:
        """CREATE [OR REPLACE]; `duplicate` is the (SQLSTATE, message) when it exists and may not be replaced.
        True when it replaced one (its comment stays, as the server keeps it)."""
        if obj.schema_name is not None:
            self.require_schema(obj.schema_name)
        old = self.opaques.get(obj.key)
        if old is not None and not replace:
            raise PgError(*duplicate)
        if old is not None:
            obj = obj.model_copy(update={
                "comment": old.comment,
                "provenance": old.provenance.model_copy(update={"changed": obj.provenance.created})})
        self._set("opaques", obj.key, obj)
        return old is not None

    def add_opaque_statement(self, key: str, statement: str, depends: list[tuple[str, str]], span: SourceSpan) -> None:
        """A later ALTER of the object, kept after its CREATE; what it names becomes a dependency."""
        with self._edit("opaques", key) as obj:
            obj.statements.append(statement)
            obj.depends = list(dict.fromkeys([*obj.depends, *depends]))
            obj.provenance.touch(span)

    def set_opaque_detail(self, key: str, detail: list[str]) -> None:
        with self._edit("opaques", key) as obj:
            obj.detail = detail

    def set_opaque_statements(self, key: str, statements: list[str], depends: list[tuple[str, str]],
                              span: SourceSpan | None) -> None:
        with self._edit("opaques", key) as obj:
            obj.statements = statements
            obj.depends = depends
            if span is not None:
                obj.provenance.touch(span)

    def set_opaque_comment(self, key: str, comment: str | None, span: SourceSpan) -> None:
        with self._edit("opaques", key) as obj:
            obj.comment = comment
            obj.provenance.touch(span)

    # ---- what depends on an opaque object ------------------------------------------------------------

    def opaque_dependents(self, key: str) -> list[Ref]:
        """Everything that depends on the object; for an aggregate also what calls it by name (views, defaults),
        and for a collation the columns, indexes, domains and attributes that use it."""
        obj = self.opaques[key]
        refs = list(self.dependents(opaque_ref(key)))
        if obj.kind == "aggregate" and not self.functions_named(obj.schema_name, obj.name):
            refs += self.dependents(Ref(Kind.FUNCTION, qualify(obj.schema_name, obj.name)))
        if obj.kind == "collation":
            refs += self._collation_users(obj)
        return sorted(set(refs))

    def _collation_users(self, obj: Opaque) -> list[Ref]:
        names = {obj.name, qualify(obj.schema_name, obj.name)} | (
            {f"public.{obj.name}"} if obj.schema_name == "public" else set())
        found = []
        for key, table in self.tables.items():
            found += [Ref(Kind.COLUMN, key, c.name) for c in table.columns if c.collation in names]
        for key, index in self.indexes.items():
            if any(e.collation in names for e in index.elements):
                found.append(Ref(Kind.INDEX, key))
        for key, user_type in self.types.items():
            if getattr(user_type, "collation", None) in names:
                found.append(Ref(Kind.TYPE, key))
            for attribute in getattr(user_type, "attributes", ()):
                if attribute.collation in names:
                    found.append(Ref(Kind.TYPE, key, attribute.name))
        return found

    def drop_opaque(self, key: str, cascade: bool, what: str) -> list[str]:
        """DROP: what belongs to it goes with it; what else depends on it is 2BP01 without CASCADE, dropped with it
        otherwise (objects of other kinds only where the model knows how: an aggregate's callers). Returns the keys
        of the opaque objects dropped, itself last."""
        dropped: list[str] = []
        for ref in self.opaque_dependents(key):
            other = self.opaques.get(ref.name) if ref.kind is Kind.OPAQUE else None
            if other is not None and other.owner == (Kind.OPAQUE.value, key) and other.owner_auto:
                dropped += self.drop_opaque(other.key, cascade=True, what=what)
            elif not cascade:
                raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop {what} because other objects depend on it")
            elif other is not None:
                if other.key in self.opaques:
                    dropped += self.drop_opaque(other.key, cascade=True, what=what)
            elif self.opaques[key].kind == "aggregate" and ref.kind is not Kind.TYPE:
                self._drop_dependent(ref)
            else:
                raise NotModelled(f"DROP ... CASCADE of {what} would drop {ref}: not modelled")
        self._unset("opaques", key)
        return dropped + [key]

    # ---- rename and SET SCHEMA ---------------------------------------------------------------------

    def move_opaque(self, key: str, new_key: str, name: str, schema: str | None, duplicate: tuple[str, str],
                    span: SourceSpan, **changes) -> None:
        """Rename or move the object: its key changes, the objects that depend on it follow."""
        obj = self.opaques[key]
        if new_key in self.opaques and new_key != key:
            raise PgError(*duplicate)
        if schema is not None:
            self.require_schema(schema)
        users = [r.name for r in self.dependents(opaque_ref(key)) if r.kind is Kind.OPAQUE]
        depends = obj.depends
        if schema != obj.schema_name:  # SET SCHEMA: it now needs the new schema, not the old
            depends = [d for d in depends if d != (Kind.SCHEMA.value, obj.schema_name)]
            depends += [(Kind.SCHEMA.value, schema)] if schema in self.schemas else []
        moved = obj.model_copy(update={"key": new_key, "name": name, "schema_name": schema, "depends": depends,
                                       **changes,
                                       "provenance": obj.provenance.model_copy(update={"changed": span})})
        self._unset("opaques", key)
        self._set("opaques", new_key, moved)
        old_ref, new_ref = (Kind.OPAQUE.value, key), (Kind.OPAQUE.value, new_key)
        for user in sorted(set(users)):
            with self._edit("opaques", user) as other:
                other.depends = [new_ref if d == old_ref else d for d in other.depends]
                if other.owner == old_ref:
                    other.owner = new_ref
