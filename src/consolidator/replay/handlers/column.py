"""Columns: definitions (serial, identity, defaults, generated), ALTER COLUMN and RENAME COLUMN."""

from __future__ import annotations

import re
from typing import Any

from pglast import ast, enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import choose_name, qualify, split_key, truncate
from consolidator.model.objects import Column, Constraint, Expr, Sequence, Table
from consolidator.parse.expressions import int_value, names, string_value, to_expr
from consolidator.replay import extensions
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.handlers import constraint as constraints
from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

C = enums.ConstrType
_STRING_TYPES = ("text", "varchar", "char", "bpchar", "citext", "name")


def _base(sql_type: str) -> str:
    return sql_type.split("(")[0].split(" with")[0]


def build_column(ctx: ReplayContext, table: Table, coldef: Any,
                 deferred: constraints.Deferred | None = None) -> tuple[Column, list[Constraint]]:
    """A column and the constraints written on it (not yet named). Creates the serial/identity sequence.
    With `deferred` (CREATE TABLE), the default, generation expression and CHECKs are checked once the table exists."""
    name = truncate(coldef.colname)
    sql_type, type_key, spec = ctx.column_type(coldef.typeName)
    column = Column(name=name, type=sql_type, type_key=type_key, provenance=ctx.provenance())
    if coldef.collClause is not None:
        column.collation = ".".join(names(coldef.collClause.collname))
    if coldef.is_not_null:
        column.not_null = True
    pending: list[Constraint] = []
    # The server's transformColumnDefinition checks; serial adds its DEFAULT and NOT NULL after the written ones.
    where = f'for column "{name}" of table "{split_key(table.key)[1]}"'
    seen: set[str] = set()

    def once(what: str, message: str) -> None:
        if what in seen:
            raise PgError(SqlState.SYNTAX_ERROR, f"{message} {where}")
        seen.add(what)

    def nullability(not_null: bool) -> None:
        if "nullability" in seen and column.not_null != not_null:
            raise PgError(SqlState.SYNTAX_ERROR, f"conflicting NULL/NOT NULL declarations {where}")
        seen.add("nullability")
        column.not_null = not_null

    for node in constraints.apply_attributes(coldef.constraints):
        if node.contype == C.CONSTR_NOTNULL:
            nullability(True)
        elif node.contype == C.CONSTR_NULL:
            nullability(False)
        elif node.contype == C.CONSTR_DEFAULT:
            once("default", "multiple default values specified")
            if deferred is None:
                set_default(ctx, column, node.raw_expr)
            else:
                deferred.defaults.append(lambda t, expr=node.raw_expr: set_default(ctx, column, expr))
        elif node.contype == C.CONSTR_IDENTITY:
            once("identity", "multiple identity specifications")
            column.identity = "always" if node.generated_when == "a" else "by default"
            nullability(True)
        elif node.contype == C.CONSTR_GENERATED:
            once("generated", "multiple generation clauses specified")
            column.generated = to_expr(node.raw_expr)
        else:
            pending.append(constraints.build(ctx, _with_column(table, column), node, column=name, deferred=deferred))
    if spec.serial_of is not None:
        once("default", "multiple default values specified")
        nullability(True)
    for a, b, what in (("default", "identity", "identity"), ("default", "generated", "generation expression"),
                       ("identity", "generated", "generation expression")):
        if a in seen and b in seen:
            raise PgError(SqlState.SYNTAX_ERROR, f"both {a} and {what} specified {where}")
    if spec.serial_of is not None:
        seq = _owned_sequence(ctx, table, column, spec.serial_of)
        column.default_sequence = seq.key
        column.not_null = True
    elif column.identity is not None:
        options = next(n.options for n in coldef.constraints if n.contype == C.CONSTR_IDENTITY)
        seq = _owned_sequence(ctx, table, column, sql_type, options)
        column.identity_sequence = seq.key
    if deferred is not None and column.generated is not None:
        deferred.defaults.append(lambda t: check_generated(t, column))
    return column, pending


def check_generated(table: Table, column: Column) -> None:
    """A generation expression names only ordinary columns of its table (checked once all columns exist)."""
    for name in column.generated.columns if column.generated is not None else ():
        other = table.column(name)
        if other is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" does not exist')
        if other.generated is not None:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                          f'cannot use generated column "{name}" in column generation expression')


def _with_column(table: Table, column: Column) -> Table:
    """The table as a constraint on `column` sees it while the column is being defined."""
    if table.column(column.name) is not None:
        return table
    return table.model_copy(update={"columns": table.columns + [column]})


def _owned_sequence(ctx: ReplayContext, table: Table, column: Column, data_type: str, options: Any = None) -> Sequence:
    from consolidator.replay.handlers.sequence import apply_options

    if data_type not in ("smallint", "integer", "bigint"):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "identity column type must be smallint, integer, or bigint")
    schema, table_name = split_key(table.key)
    name = choose_name(table_name, column.name, "seq", lambda n: ctx.catalog.relation_name_taken(schema, n))
    seq = Sequence(key=qualify(schema, name), data_type=data_type, owned_by=(table.key, column.name),
                   provenance=ctx.provenance())
    apply_options(ctx, seq, options or ())
    ctx.catalog.add_sequence(seq)
    return seq


def set_default(ctx: ReplayContext, column: Column, expr_node: Any) -> None:
    if expr_node is None:
        column.default = None
        column.default_sequence = None
        return
    sequence = _nextval_sequence(ctx, expr_node)
    if sequence is not None:
        column.default_sequence = sequence
        column.default = None
        return
    _require_functions(ctx, expr_node)
    expr = to_expr(expr_node)
    if expr.columns:
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot use column reference in DEFAULT expression")
    _require_enum_label(ctx, column, expr_node)
    _require_valid_literals(column, expr_node)
    _require_assignable(ctx, column, expr_node)
    column.default = expr
    column.default_sequence = None


def _require_valid_literals(column: Column, node: Any) -> None:
    """String literals are converted when the default is cooked: a bare one by the column's type, 'x'::type by the
    type cast to. An input the type refuses (22P02, 22003, ...) fails the statement, table empty or not."""
    from pglast.visitors import Visitor

    from consolidator.parse.literals import input_error
    from consolidator.parse.types import type_spec

    checks = []
    if column.type_key is None and string_value(node) is not None and isinstance(node, ast.A_Const):
        checks.append((column.type, string_value(node)))

    class Casts(Visitor):
        def visit_TypeCast(self, ancestors, cast):
            if isinstance(cast.arg, ast.A_Const) and string_value(cast.arg) is not None:
                spec = type_spec(cast.typeName)
                if spec.is_builtin and spec.serial_of is None:
                    checks.append((spec.with_base(spec.sql), string_value(cast.arg)))

    Casts()(ast.ResTarget(val=node))
    for sql_type, text in checks:
        error = input_error(sql_type, text)
        if error is not None:
            raise error


_INTEGER_BITS = {"smallint": 16, "integer": 32, "bigint": 64}
_FUNCTION_TYPES = {"now": "timestamp with time zone", "gen_random_uuid": "uuid", "clock_timestamp": "timestamp with time zone",
                   "statement_timestamp": "timestamp with time zone", "transaction_timestamp": "timestamp with time zone"}


def _require_assignable(ctx: ReplayContext, column: Column, node: Any) -> None:
    """The default is coerced to the column's type by assignment: a value of a type with no implicit or assignment
    cast to it (true for a jsonb column, 1 for a boolean) is 42804. Only defaults whose type is plain are checked."""
    source, source_key = None, None
    if isinstance(node, ast.A_Const) and not node.isnull:
        source = {ast.Integer: "integer", ast.Float: "numeric", ast.Boolean: "boolean"}.get(type(node.val))
    elif isinstance(node, ast.TypeCast):
        source, source_key, _ = ctx.column_type(node.typeName)
    elif isinstance(node, ast.FuncCall) and not node.args and len(node.funcname) == 1:
        source = _FUNCTION_TYPES.get(names(node.funcname)[0])
    elif isinstance(node, ast.SQLValueFunction) and node.op.name == "SVFOP_CURRENT_TIMESTAMP":
        source = "timestamp with time zone"
    if source is not None and _needs_using(source, column.type, source_key, column.type_key):
        raise PgError(SqlState.DATATYPE_MISMATCH,
                      f'column "{column.name}" is of type {column.type} but default expression is of type {source}')


def _evaluate_added_default(column: Column, coldef: Any) -> None:
    """ADD COLUMN evaluates a non-volatile default at once (the value of the rows already there), even on an empty
    table: a literal the column's typmod or range refuses fails there (CREATE TABLE and SET DEFAULT only cook it)."""
    from consolidator.parse.literals import assignment_error

    node = next((c.raw_expr for c in coldef.constraints or () if c.contype == C.CONSTR_DEFAULT), None)
    if not isinstance(node, ast.A_Const) or column.type_key is not None or column.type.endswith("]"):
        return
    value = node.val
    if isinstance(value, ast.String):
        error = assignment_error(column.type, value.sval)
    elif isinstance(value, (ast.Integer, ast.Float)):
        number = value.ival if isinstance(value, ast.Integer) else value.fval
        bits = _INTEGER_BITS.get(column.type)
        error = assignment_error(column.type, str(number))
        if bits is not None and not -(2 ** (bits - 1)) <= round(float(number)) < 2 ** (bits - 1):
            error = PgError("22003", f"{column.type} out of range")
    else:
        return
    if error is not None:
        raise error


def _require_enum_label(ctx: ReplayContext, column: Column, node: Any) -> None:
    """A string default of an enum column is cooked to the enum when it is set: an unknown label is 22P02."""
    enum = ctx.catalog.types.get(column.type_key or "")
    if enum is None or column.type.endswith("]"):
        return
    if isinstance(node, ast.TypeCast):
        node = node.arg
    label = string_value(node) if isinstance(node, ast.A_Const) else None
    if label is not None and label not in enum.labels:
        raise PgError("22P02", f'invalid input value for enum {split_key(enum.key)[1]}: "{label}"')
    if label is not None and ctx.catalog.label_uncommitted(enum.key, label):  # ADD VALUE in this transaction
        raise PgError("55P04", f'unsafe use of new value "{label}" of enum type {split_key(enum.key)[1]}')


def _nextval_sequence(ctx: ReplayContext, node: Any) -> str | None:
    """The sequence key of a `nextval('name')` default (resolved now, as the regclass literal is)."""
    if not isinstance(node, ast.FuncCall) or names(node.funcname)[-1:] != ["nextval"] or len(node.args or ()) != 1:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.TypeCast):
        arg = arg.arg
    literal = string_value(arg)
    if literal is None:
        return None
    parts = [p.strip('"') if p.startswith('"') else p.lower() for p in literal.split(".")]
    key = ctx.key(parts[-1], parts[-2] if len(parts) > 1 else None)
    ctx.catalog.sequence(key)
    return key


class _FunctionFinder:
    def __init__(self) -> None:
        self.found: list[str] = []

    def __call__(self, node: Any) -> None:
        from pglast.visitors import Visitor

        found = self.found

        class V(Visitor):
            def visit_FuncCall(self, ancestors, n):
                found.append(names(n.funcname)[-1])

        V()(ast.ResTarget(val=node))


def _require_functions(ctx: ReplayContext, node: Any) -> None:
    """A default that calls an extension's function before the extension exists fails, as on the server."""
    finder = _FunctionFinder()
    finder(node)
    for fn in finder.found:
        provider = extensions.provider_of_function(fn)
        if provider is not None and provider not in ctx.catalog.extensions:
            raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {fn}() does not exist")


# ---- ALTER TABLE sub-commands on columns --------------------------------------------------------


@ALTER_TABLE.register(enums.AlterTableType.AT_AddColumn)
def add_column(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    coldef = cmd.def_
    name = truncate(coldef.colname)
    if table.column(name) is not None:
        if cmd.missing_ok:
            return f"column {name} of {split_key(table.key)[1]} already exists, skipped (IF NOT EXISTS)"
        raise PgError(SqlState.DUPLICATE_COLUMN,
                      f'column "{name}" of relation "{split_key(table.key)[1]}" already exists')
    column, pending = build_column(ctx, table, coldef)
    ctx.catalog.add_column(table.key, column)
    check_generated(table, column)
    _evaluate_added_default(column, coldef)
    constraints.add(ctx, table, pending)
    return f"added column {name} {column.type} to {split_key(table.key)[1]}"


@ALTER_TABLE.register(enums.AlterTableType.AT_DropColumn)
def drop_column(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    name = truncate(cmd.name)
    if table.column(name) is None and cmd.missing_ok:
        return f"column {name} of {split_key(table.key)[1]} does not exist, skipped (IF EXISTS)"
    ctx.catalog.drop_column(table.key, name, cascade=cmd.behavior == enums.DropBehavior.DROP_CASCADE)
    return f"dropped column {name} of {split_key(table.key)[1]}"


def prepare_column_type(ctx: ReplayContext, table: Table, cmd: Any) -> tuple[Column, str, str | None]:
    """The server's ATPrepAlterColumnType, run for every ALTER COLUMN TYPE of a statement in the order written,
    before any sub-command is executed: USING (the types it casts to, then its columns), the column, the type."""
    coldef = cmd.def_
    if coldef.raw_default is not None:
        _CastTypes(ctx)(ast.ResTarget(val=coldef.raw_default))
        constraints.check_expr_columns(table, to_expr(coldef.raw_default))
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    sql_type, type_key, spec = ctx.column_type(coldef.typeName)
    if spec.serial_of is not None:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{spec.name}" does not exist')
    casts = _needs_using(column.type, sql_type, column.type_key, type_key)
    if coldef.raw_default is None and casts:
        raise PgError(SqlState.DATATYPE_MISMATCH,
                      f'column "{column.name}" cannot be cast automatically to type {sql_type}')
    if coldef.raw_default is not None:
        _check_using_cast(ctx, column, coldef.raw_default, sql_type, type_key)
    return column, sql_type, type_key


class _CastTypes:
    """Looks up the type of every cast in an expression (42704 for an unknown one), as transformTypeCast does
    before it analyses what it casts."""

    def __init__(self, ctx: ReplayContext) -> None:
        self.ctx = ctx

    def __call__(self, node: Any) -> None:
        from pglast.visitors import Visitor

        ctx = self.ctx

        class V(Visitor):
            def visit_TypeCast(self, ancestors, cast):
                ctx.column_type(cast.typeName)

        V()(node)


@ALTER_TABLE.register(enums.AlterTableType.AT_AlterColumnType)
def alter_column_type(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    column, sql_type, type_key = prepare_column_type(ctx, table, cmd)
    coldef = cmd.def_
    # USING converts the rows, not the default: it must cast by assignment (nextval() gives a bigint).
    default_type = "bigint" if column.default_sequence is not None else column.type
    if (column.default is not None or column.default_sequence is not None) and _needs_using(
            default_type, sql_type, column.type_key, type_key):
        raise PgError(SqlState.DATATYPE_MISMATCH,
                      f'default for column "{column.name}" cannot be cast automatically to type {sql_type}')
    if any(c.generated is not None and c.generated.references(column.name) for c in table.columns):
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot alter type of a column used by a generated column")
    if column.identity_sequence is not None:  # the identity sequence takes the new type (a serial's does not)
        if sql_type not in ("smallint", "integer", "bigint"):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "identity column type must be smallint, integer, or bigint")
        ctx.catalog.sequence(column.identity_sequence).data_type = sql_type
    old = column.type
    column.type, column.type_key = sql_type, type_key
    if coldef.collClause is not None:
        column.collation = ".".join(names(coldef.collClause.collname))
    if column.default is not None and old != sql_type:
        column.default = _typed_literal(column.default, old)
    constraints.recheck_foreign_keys(ctx, table, column.name)
    column.provenance.touch(ctx.span)
    return f"changed type of {split_key(table.key)[1]}.{column.name} from {old} to {sql_type}"


_BARE_STRING = re.compile(r"^'(?:[^']|'')*'$")


def _typed_literal(default: Expr, old_type: str) -> Expr:
    """A string literal default keeps the type it was cooked to: after the retype the server shows 'x'::oldtype."""
    if not _BARE_STRING.match(default.template):
        return default
    base = re.sub(r"\(.*?\)", "", old_type)
    base = {"char": "bpchar", "timestamp with time zone": "timestamptz", "time with time zone": "timetz"}.get(base, base)
    return Expr(template=f"{default.template}::{base}", columns=[])


_NUMBERS = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision"})
_DATETIMES = frozenset({"date", "timestamp", "timestamptz"})
_ASSIGNMENT_CASTS = frozenset({("json", "jsonb"), ("jsonb", "json"), ("timestamp", "time"), ("timestamptz", "time"),
                               ("time", "interval"), ("interval", "time")})
_KNOWN_TYPES = _NUMBERS | _DATETIMES | frozenset(_STRING_TYPES) | frozenset(
    {"boolean", "uuid", "json", "jsonb", "time", "interval", "bytea", "inet"})


def _needs_using(old: str, new: str, old_key: str | None = None, new_key: str | None = None) -> bool:
    """Whether the server refuses the change without USING: no implicit or assignment cast (pg_cast) from the old
    type, element by element for arrays. Checked on PostgreSQL 15 for every pair of the common types; a type this
    table does not know (an extension's) is left to the server."""
    old_array, new_array = old.endswith("]"), new.endswith("]")
    a, b = _base(old.rstrip("[]")), _base(new.rstrip("[]"))
    if not new_array and b in _STRING_TYPES:
        return False  # anything becomes a string by assignment (I/O conversion)
    if old_array != new_array:
        return True
    if b in _STRING_TYPES:
        return False
    if old_key is not None or new_key is not None:
        return old_key != new_key  # an enum casts to nothing but a string
    if a == b or (a in _NUMBERS and b in _NUMBERS) or (a in _DATETIMES and b in _DATETIMES):
        return False
    return (a, b) not in _ASSIGNMENT_CASTS and a in _KNOWN_TYPES and b in _KNOWN_TYPES


_EXPLICIT_CASTS = frozenset({("integer", "boolean"), ("boolean", "integer"), ("json", "jsonb"), ("jsonb", "json"),
                             ("timestamptz", "timetz")} | {("jsonb", t) for t in _NUMBERS | {"boolean"}})


def _explicit_cast(old: str, new: str, old_key: str | None, new_key: str | None) -> bool | None:
    """Whether `old::new` exists (pg_cast, I/O conversion to and from strings, arrays element by element); None
    when a type is not known here (an extension's)."""
    if not _needs_using(old, new, old_key, new_key):
        return True
    old_array, new_array = old.endswith("]"), new.endswith("]")
    a, b = _base(old.rstrip("[]")), _base(new.rstrip("[]"))
    if (not old_array and a in _STRING_TYPES) or (not new_array and b in _STRING_TYPES):
        return True  # I/O conversion: from a string to anything, from anything to a string
    if old_array != new_array:
        return False
    if old_array:
        return _explicit_cast(old.rstrip("[]"), new.rstrip("[]"), old_key, new_key)
    if old_key is not None or new_key is not None:
        return False  # an enum casts to strings only
    if a not in _KNOWN_TYPES or b not in _KNOWN_TYPES:
        return None
    return (a, b) in _EXPLICIT_CASTS


def _check_using_cast(ctx: ReplayContext, column: Column, using: Any, sql_type: str, type_key: str | None) -> None:
    """USING col::type: the cast must exist (42846), and its result must become the new type by assignment (42804)."""
    if not isinstance(using, ast.TypeCast) or not isinstance(using.arg, ast.ColumnRef):
        return
    if names(using.arg.fields) != [column.name]:
        return
    cast_sql, cast_key, _ = ctx.column_type(using.typeName)
    if _explicit_cast(column.type, cast_sql, column.type_key, cast_key) is False:
        raise PgError("42846", f"cannot cast type {column.type} to {cast_sql}")
    if _needs_using(cast_sql, sql_type, cast_key, type_key):
        raise PgError(SqlState.DATATYPE_MISMATCH,
                      f'result of USING clause for column "{column.name}" cannot be cast automatically to type {sql_type}')


@ALTER_TABLE.register(enums.AlterTableType.AT_ColumnDefault)
def column_default(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    if column.generated is not None or column.identity is not None:
        what = "generated" if column.generated is not None else "identity"
        raise PgError(SqlState.SYNTAX_ERROR,
                      f'column "{column.name}" of relation "{split_key(table.key)[1]}" is {"a generated" if what == "generated" else "an identity"} column')
    set_default(ctx, column, cmd.def_)
    column.provenance.touch(ctx.span)
    if cmd.def_ is None:
        return f"dropped default of {split_key(table.key)[1]}.{column.name}"
    return f"set default of {split_key(table.key)[1]}.{column.name}"


_NOT_IN_PREREQUISITE_STATE = "55000"


@ALTER_TABLE.register(enums.AlterTableType.AT_AddIdentity)
def add_identity(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    where = f'column "{column.name}" of relation "{split_key(table.key)[1]}"'
    if not column.not_null:
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} must be declared NOT NULL before identity can be added")
    if column.identity is not None:
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} is already an identity column")
    if column.default is not None or column.default_sequence is not None:
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} already has a default value")
    column.identity = "always" if cmd.def_.generated_when == "a" else "by default"
    column.identity_sequence = _owned_sequence(ctx, table, column, column.type, cmd.def_.options).key
    column.provenance.touch(ctx.span)
    return f"made {split_key(table.key)[1]}.{column.name} an identity column ({column.identity})"


@ALTER_TABLE.register(enums.AlterTableType.AT_SetIdentity)
def set_identity(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    from consolidator.replay.handlers.sequence import apply_options

    column = ctx.catalog.column(table.key, truncate(cmd.name))
    if column.identity is None:
        raise PgError(_NOT_IN_PREREQUISITE_STATE,
                      f'column "{column.name}" of relation "{split_key(table.key)[1]}" is not an identity column')
    options = []
    for opt in cmd.def_ or ():
        if opt.defname == "generated":
            column.identity = "always" if int_value(opt.arg) == ord("a") else "by default"
        else:
            options.append(opt)
    seq = ctx.catalog.sequence(column.identity_sequence)
    apply_options(ctx, seq, options)
    seq.provenance.touch(ctx.span)
    column.provenance.touch(ctx.span)
    return f"changed identity of {split_key(table.key)[1]}.{column.name}"


@ALTER_TABLE.register(enums.AlterTableType.AT_DropIdentity)
def drop_identity(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    where = f'column "{column.name}" of relation "{split_key(table.key)[1]}"'
    if column.identity is None:
        if cmd.missing_ok:
            return f"{where} is not an identity column, skipped (IF EXISTS)"
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} is not an identity column")
    del ctx.catalog.sequences[column.identity_sequence]
    column.identity, column.identity_sequence = None, None
    column.provenance.touch(ctx.span)
    return f"dropped identity of {split_key(table.key)[1]}.{column.name}"


@ALTER_TABLE.register(enums.AlterTableType.AT_SetNotNull)
def set_not_null(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    column.not_null = True
    column.provenance.touch(ctx.span)
    return f"set {split_key(table.key)[1]}.{column.name} NOT NULL"


@ALTER_TABLE.register(enums.AlterTableType.AT_DropNotNull)
def drop_not_null(ctx: ReplayContext, table: Table, cmd: Any) -> str:
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    pk = table.primary_key()
    if pk is not None and column.name in pk.columns:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, f'column "{column.name}" is in a primary key')
    if column.identity is not None:
        raise PgError(SqlState.SYNTAX_ERROR,
                      f'column "{column.name}" of relation "{split_key(table.key)[1]}" is an identity column')
    column.not_null = False
    column.provenance.touch(ctx.span)
    return f"dropped NOT NULL of {split_key(table.key)[1]}.{column.name}"


@STATEMENTS.register(("RenameStmt", "OBJECT_COLUMN"))
def rename_column(ctx: ReplayContext, node: Any) -> str:
    if node.relationType != enums.ObjectType.OBJECT_TABLE:
        raise NotModelled(f"renaming a column of a {node.relationType.name[7:].lower()} is not modelled yet")
    key = ctx.relation_key(node.relation)
    if node.missing_ok and ctx.catalog.relation_kind(key) is None:
        return f"relation {split_key(key)[1]} does not exist, skipped (IF EXISTS)"
    old, new = truncate(node.subname), truncate(node.newname)
    ctx.catalog.rename_column(key, old, new, ctx.span)
    return f"renamed column {split_key(key)[1]}.{old} to {new}"

