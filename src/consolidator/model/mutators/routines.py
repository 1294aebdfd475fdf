"""Functions and procedures (create, CREATE OR REPLACE's rules, drop with what depends on them, rename, move),
and triggers (they live on their table)."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import Function, Trigger, function_key


def _name(key: str) -> str:
    return split_key(key)[1]


class RoutineMutators:
    # ---- functions and procedures --------------------------------------------------------------

    def function(self, key: str) -> Function:
        return self.functions[key]

    def add_function(self, function: Function, replace: bool) -> bool:
        """CREATE [OR REPLACE] FUNCTION / PROCEDURE (ProcedureCreate's checks); True when it replaced one."""
        self.require_schema(function.schema_name)
        old = self.functions.get(function.key)
        if f"aggregate:{function.key}" in self.opaques:  # an aggregate is a function of pg_proc too
            if replace:
                raise PgError(SqlState.WRONG_OBJECT_TYPE, "cannot change routine kind")
            raise PgError(SqlState.DUPLICATE_FUNCTION,
                          f'function "{function.name}" already exists with same argument types')
        if old is None:
            self._set("functions", function.key, function)
            return False
        if not replace:
            raise PgError(SqlState.DUPLICATE_FUNCTION,
                          f'function "{function.name}" already exists with same argument types')
        _check_replacement(old, function)
        function = function.model_copy(update={"comment": old.comment, "owner": old.owner, "acl": old.acl,
                                               "provenance": old.provenance.model_copy(update={"changed": function.provenance.created})})
        self._set("functions", function.key, function)
        return True

    def function_dependents(self, key: str) -> list[Ref]:
        """What depends on the function: triggers, and defaults, checks and index expressions that call it."""
        function = self.functions[key]
        refs = self.dependents(Ref(Kind.FUNCTION, key))
        refs += self.dependents(Ref(Kind.FUNCTION, qualify(function.schema_name, function.name)))
        return sorted(set(refs))

    def drop_function(self, key: str, cascade: bool) -> None:
        function = self.functions[key]
        dependents = self.function_dependents(key)
        if dependents and not cascade:
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop {function.kind} {function.signature} because other objects depend on it")
        for ref in dependents:
            self._drop_dependent(ref)
        self._unset("functions", key)

    def _drop_dependent(self, ref: Ref) -> None:
        """What DROP ... CASCADE of a function takes with it: the trigger, the index, the constraint, the default."""
        if ref.kind is Kind.TRIGGER:
            self.drop_trigger(ref.name, ref.part)
        elif ref.kind is Kind.POLICY:
            self.drop_policy(ref.name, ref.part)
        elif ref.kind is Kind.VIEW and ref.name in self.views:
            self.drop_view(ref.name, cascade=True)
        elif ref.kind is Kind.INDEX and ref.name in self.indexes:
            self._unset("indexes", ref.name)
        elif ref.kind is Kind.CONSTRAINT and self.table(ref.name).constraint(ref.part) is not None:
            self._remove_constraint(ref.name, ref.part)
        elif ref.kind is Kind.COLUMN and self.table(ref.name).column(ref.part) is not None:
            column = self.table(ref.name).column(ref.part)
            if column.generated is not None:
                self.drop_column(ref.name, ref.part, cascade=True)
            else:
                self._clear_default(ref.name, ref.part)

    def rename_function(self, key: str, new_name: str, span: SourceSpan) -> str:
        function = self.functions[key]
        if new_name == function.name:  # the server finds the function itself under the new name
            raise PgError(SqlState.DUPLICATE_FUNCTION,
                          f'function {function.signature} already exists in schema "{function.schema_name}"')
        return self._move_function(function, function.schema_name, new_name, span)

    def set_function_schema(self, key: str, schema: str, span: SourceSpan) -> str:
        function = self.functions[key]
        self.require_schema(schema)
        return self._move_function(function, schema, function.name, span)

    def _move_function(self, function: Function, schema: str, name: str, span: SourceSpan) -> str:
        new_key = function_key(schema, name, function.arg_types)
        if new_key in self.functions and new_key != function.key:
            moved = function.model_copy(update={"name": name, "schema_name": schema})
            raise PgError(SqlState.DUPLICATE_FUNCTION,
                          f'function {moved.signature} already exists in schema "{schema}"')
        self._unset("functions", function.key)
        moved = function.model_copy(update={"key": new_key, "name": name, "schema_name": schema,
                                            "provenance": function.provenance.model_copy(update={"changed": span})})
        self._set("functions", new_key, moved)
        self._retarget_triggers(function.key, new_key)
        return new_key

    def retype_function(self, key: str, follow) -> None:
        """A type the function's signature uses was renamed or moved: `follow` maps each old SqlType to the new
        one, and the function takes its new key (its identity has the argument types)."""
        function = self.functions[key]
        parameters = [p.model_copy(update={"type": follow(p.type)}) for p in function.parameters]
        returns = follow(function.returns) if function.returns is not None else None
        moved = function.model_copy(update={"parameters": parameters, "returns": returns})
        new_key = function_key(function.schema_name, function.name, moved.arg_types)
        self._unset("functions", key)
        self._set("functions", new_key, moved.model_copy(update={"key": new_key}))
        self._retarget_triggers(key, new_key)

    def _retarget_triggers(self, key: str, new_key: str) -> None:
        for table_key in sorted({r.name for r in self.dependents(Ref(Kind.FUNCTION, key)) if r.kind is Kind.TRIGGER}):
            with self._edit("tables", table_key) as table:
                for trigger in table.triggers:
                    if trigger.function == key:
                        trigger.function = new_key

    def set_function_relations(self, key: str, relations: list[str]) -> None:
        """The relations a LANGUAGE sql body reads: the baseline must create it after them."""
        with self._edit("functions", key) as function:
            function.relations = relations

    def set_function_options(self, key: str, options: list[str], span: SourceSpan) -> None:
        with self._edit("functions", key) as function:
            function.options = options
            function.provenance.touch(span)

    # ---- triggers ------------------------------------------------------------------------------------

    def add_trigger(self, table_key: str, trigger: Trigger, replace: bool) -> bool:
        """CREATE [OR REPLACE] TRIGGER; True when it replaced one."""
        table = self.table(table_key)
        old = table.trigger(trigger.name)
        if old is not None and not replace:
            raise PgError(SqlState.DUPLICATE_OBJECT,
                          f'trigger "{trigger.name}" for relation "{_name(table_key)}" already exists')
        if old is not None and old.constraint:
            raise PgError(SqlState.WRONG_OBJECT_TYPE,
                          f'trigger "{trigger.name}" for relation "{_name(table_key)}" is a constraint trigger')
        with self._edit("tables", table_key) as table:
            if old is None:
                table.triggers.append(trigger)
            else:
                trigger = trigger.model_copy(update={"comment": old.comment})
                table.triggers = [trigger if t.name == trigger.name else t for t in table.triggers]
        return old is not None

    def _trigger(self, table_key: str, name: str) -> Trigger:
        trigger = self.table(table_key).trigger(name)
        if trigger is None:
            raise PgError(SqlState.UNDEFINED_OBJECT,
                          f'trigger "{name}" for table "{_name(table_key)}" does not exist')
        return trigger

    def drop_trigger(self, table_key: str, name: str) -> None:
        self._trigger(table_key, name)
        with self._edit("tables", table_key) as table:
            table.triggers = [t for t in table.triggers if t.name != name]

    def rename_trigger(self, table_key: str, old: str, new: str, span: SourceSpan) -> None:
        self._trigger(table_key, old)
        if new == old:
            return  # the server accepts it and changes nothing
        if self.table(table_key).trigger(new) is not None:
            raise PgError(SqlState.DUPLICATE_OBJECT,
                          f'trigger "{new}" for relation "{_name(table_key)}" already exists')
        with self._edit("tables", table_key) as table:
            trigger = table.trigger(old)
            trigger.name = new
            trigger.provenance.touch(span)

    def set_trigger_enabled(self, table_key: str, name: str, state: str, span: SourceSpan) -> None:
        """ALTER TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE TRIGGER: O, R, A or D."""
        with self._edit("tables", table_key) as table:
            trigger = table.trigger(name)
            trigger.enabled = state
            trigger.provenance.touch(span)


def _check_replacement(old: Function, new: Function) -> None:
    """CREATE OR REPLACE may change the body and options, not what callers and dependents rely on."""
    if old.kind != new.kind:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, "cannot change routine kind")
    old_out = [(p.name, p.type) for p in old.parameters if p.mode in ("out", "inout", "table")]
    new_out = [(p.name, p.type) for p in new.parameters if p.mode in ("out", "inout", "table")]
    if old.kind == "procedure":
        if bool(old_out) != bool(new_out):
            raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "cannot change whether a procedure has output parameters")
    elif old.returns != new.returns or old.returns_set != new.returns_set or (
            old.returns is not None and old.returns.name == "record" and [t for _, t in old_out] != [t for _, t in new_out]):
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "cannot change return type of existing function")
    old_in = [p for p in old.parameters if p.is_input]
    new_in = [p for p in new.parameters if p.is_input]
    for before, after in zip(old_in, new_in):
        if before.name and before.name != after.name:
            raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, f'cannot change name of input parameter "{before.name}"')
    old_defaults = sum(1 for p in old_in if p.default is not None)
    new_defaults = sum(1 for p in new_in if p.default is not None)
    if old_defaults and new_defaults < old_defaults:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "cannot remove parameter defaults from existing function")
