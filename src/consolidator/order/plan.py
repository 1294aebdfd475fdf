"""The baseline's plan: which statements build the catalog, and in which order.

Every object becomes one or more units (units.py); the units form one dependency graph (toposort.py) whose
deterministic lexicographic topological sort is the order of the file. Tables come in foreign-key order
(dependencies.py), each followed by what belongs to it; cycles are broken only where PostgreSQL allows a
deferral: a foreign key added after all tables, an OWNED BY after its table.
"""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.errors import ConsolidatorError
from consolidator.model.catalog import Catalog
from consolidator.model.keys import Kind, Ref, column_ref, constraint_ref, table_ref
from consolidator.model.names import make_object_name, render_key, split_key
from consolidator.model.objects import (
    Column, CompositeType, Constraint, EnumType, Expr, RangeType, Sequence, Table,
)
from consolidator.order.dependencies import order_tables
from consolidator.order.opaque import opaque_drops, opaque_units
from consolidator.order.toposort import Graph
from consolidator.order.seed_rows import rows_node, rows_unit
from consolidator.order.units import (
    COMMENTS, EXTENSIONS, FOREIGN_TABLES, FUNCTIONS, LATE_FOREIGN_KEYS, OPAQUE_EARLY, OPAQUE_LATE, OPAQUE_ROUTINES, POLICIES, SCHEMAS, SEQUENCES, TABLES, TRIGGERS, TYPES, CommentUnit,
    DEFERRED, VIEWS, CompositeUnit, ConstraintUnit, DefaultUnit, DomainConstraintUnit, DomainUnit, DropUnit,
    AttachUnit, EnumUnit, ExtensionUnit, FunctionUnit, IndexUnit, RangeUnit,
    OwnedByUnit, SchemaUnit, ViewUnit,
    PolicyUnit, RowSecurityUnit, SEQUENCE_POSITIONS, SequencePositionUnit, SequenceUnit, TableUnit, TriggerUnit,
    Unit,
)

SERIAL_TYPES = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
# Inside CREATE TABLE the server adds CHECKs first, then keys, then foreign keys (transformCreateStmt): written
# in that order, a baseline compiled again keeps its constraints in the same order (a fixed point).
_CONSTRAINT_RANK = {"check": 0, "primary key": 1, "unique": 1, "exclude": 1, "foreign key": 2}


@dataclass(frozen=True)
class Plan:
    units: list[Unit]  # in the order of the file
    tables: list[str]  # table keys in foreign-key order
    drops: list[DropUnit]  # the rollback, in order


def plan(catalog: Catalog) -> Plan:
    order = order_tables(catalog)
    late = set(order.late_foreign_keys)
    position = {key: i for i, key in enumerate(order.tables)}
    serial = {key: _serial_columns(catalog, catalog.tables[key]) for key in order.tables}
    written_as_serial = {catalog.tables[t].column(c).default_sequence for t, cols in serial.items() for c in cols}
    identity = {c.identity_sequence for t in catalog.tables.values() for c in t.columns if c.identity_sequence}
    implicit = written_as_serial | identity
    explicit = [s for k, s in sorted(catalog.sequences.items()) if k not in implicit]

    units: list[Unit] = []
    schema_node = lambda name: [Ref(Kind.SCHEMA, name)] if name in catalog.schemas else []  # noqa: E731
    for ext in sorted(catalog.extensions.values(), key=lambda e: e.name):
        units.append(ExtensionUnit(node=Ref(Kind.EXTENSION, ext.name), key=(EXTENSIONS, 0, 0, ext.name),
                                   deps=tuple(schema_node(ext.schema_name)), extension=ext))
    for schema in sorted(catalog.schemas.values(), key=lambda s: s.name):
        units.append(SchemaUnit(node=Ref(Kind.SCHEMA, schema.name), key=(SCHEMAS, 0, 0, schema.name), schema=schema))
    for seq in explicit:
        units.append(SequenceUnit(node=Ref(Kind.SEQUENCE, seq.key), key=(SEQUENCES, 0, 0, seq.key),
                                  deps=tuple(schema_node(split_key(seq.key)[0])), sequence=seq))
    for user_type in sorted(catalog.types.values(), key=lambda t: t.key):
        units += type_units(catalog, user_type, schema_node(split_key(user_type.key)[0]))
    for function in sorted(catalog.functions.values(), key=lambda f: f.key):
        units.append(FunctionUnit(node=Ref(Kind.FUNCTION, function.key), key=(FUNCTIONS, 0, 0, function.key),
                                  deps=tuple(schema_node(function.schema_name) + _function_needs(function)),
                                  function=function))
    explicit_keys = {s.key for s in explicit}
    for key in order.tables:
        units += _table_units(catalog, catalog.tables[key], position, serial[key], late, explicit_keys,
                              schema_node(split_key(key)[0]))
    left_out = rows_left_out(catalog)
    for key in order.tables:
        if catalog.rows(key) and key not in left_out:  # rows the model lost track of are left out
            units.append(rows_unit(catalog, catalog.tables[key], position[key], late))
    for table_key, name in order.late_foreign_keys:
        c = catalog.tables[table_key].constraint(name)
        units.append(ConstraintUnit(node=constraint_ref(table_key, name), key=(LATE_FOREIGN_KEYS, 0, 0, f"{table_key}\0{name}"),
                                    deps=(table_ref(table_key), *_key_of_reference(catalog, c), rows_node(table_key),
                                          rows_node(c.ref_table)), table_key=table_key,
                                    constraint=c))
    units += _view_units(catalog)
    units += opaque_units(catalog)
    for key in order.tables:
        for trigger in catalog.tables[key].triggers:
            function = catalog.functions[trigger.function]
            needs = [table_ref(key), Ref(Kind.FUNCTION, trigger.function), rows_node(key)]
            if trigger.referenced_table:
                needs.append(table_ref(trigger.referenced_table))
            units.append(TriggerUnit(node=Ref(Kind.TRIGGER, key, trigger.name),
                                     key=(TRIGGERS, 0, 0, f"{key}\0{trigger.name}"), deps=tuple(needs), table_key=key,
                                     trigger=trigger, function_name=f"{function.schema_name}.{function.name}"))
    units += _policy_units(catalog, order.tables)
    units += _comment_units(catalog, position)
    for seq in sorted(catalog.sequences.values(), key=lambda s: s.key):
        if seq.last_value is not None and seq.position_unknown is None:  # moved from where its CREATE puts it
            units.append(SequencePositionUnit(node=("position", seq.key), key=(SEQUENCE_POSITIONS, 0, 0, seq.key), deps=(Ref(Kind.SEQUENCE, seq.key),),
                                              sequence=seq))
    ordered = _sorted(catalog, units)
    views = [u.view.key for u in ordered if isinstance(u, ViewUnit)]
    types = [u.node.name for u in ordered if isinstance(u, (EnumUnit, DomainUnit, CompositeUnit, RangeUnit))]
    tables_in_order = [u.table.key for u in ordered if isinstance(u, TableUnit)]  # a parent before what inherits it
    drops = _drops(catalog, tables_in_order, order.late_foreign_keys, views, types)
    if catalog.opaques:  # rules, publications, foreign tables first; aggregates before functions; collations last
        first = len(order.late_foreign_keys)
        functions = next((i for i, d in enumerate(drops) if d.target.kind is not Kind.VIEW and d.target.kind
                          not in (Kind.CONSTRAINT, Kind.TABLE)), len(drops))
        types_at = next((i for i, d in enumerate(drops) if d.target.kind in (Kind.SCHEMA, Kind.EXTENSION)), len(drops))
        drops = (drops[:first] + opaque_drops(catalog, ordered, (OPAQUE_LATE, FOREIGN_TABLES)) + drops[first:functions]
                 + opaque_drops(catalog, ordered, (OPAQUE_ROUTINES,)) + drops[functions:types_at]
                 + opaque_drops(catalog, ordered, (OPAQUE_EARLY,)) + drops[types_at:])
    return Plan(units=ordered, tables=order.tables, drops=drops)


def _table_units(catalog: Catalog, table: Table, position: dict[str, int], serial: frozenset[str],
                 late: set[tuple[str, str]], explicit: set[str], schema: list[Ref]) -> list[Unit]:
    """CREATE TABLE, then what is added to the table after it: OWNED BY of its explicit sequences, constraints
    CREATE TABLE cannot hold, its indexes."""
    key, pos = table.key, position[table.key]
    repeated = repeated_keys(table)
    reads_me = lambda expr: any(key in f.relations for f in _functions_called(catalog, expr))  # noqa: E731
    deferred_checks = {c.name for c in table.constraints if reads_me(c.check)}
    deferred_defaults = frozenset(c.name for c in table.columns if reads_me(c.default))
    inline = [c for c in table.constraints if (key, c.name) not in late and not c.not_valid and c.name not in repeated
              and c.name not in deferred_checks and c.local]  # an inherited CHECK comes with INHERITS
    inline.sort(key=lambda c: _CONSTRAINT_RANK[c.kind])
    deps = list(schema) + ([table_ref(table.partition_of)] if table.partition_of is not None else [])
    deps += [table_ref(parent) for parent in table.inherits]
    deps += [Ref(Kind.TYPE, c.type_key) for c in table.columns if c.type_key is not None]
    deps += [Ref(Kind.SEQUENCE, c.default_sequence) for c in table.columns if c.default_sequence is not None]
    expressions = [c.generated for c in table.columns] + [c.default for c in table.columns
                                                           if c.name not in deferred_defaults]
    deps += _called(catalog, expressions + [c.check for c in inline])
    for c in inline:
        if c.kind == "foreign key" and c.ref_table != key:
            deps += [table_ref(c.ref_table), *_key_of_reference(catalog, c)]
    sequences = {c.identity_sequence: catalog.sequences[c.identity_sequence]
                 for c in table.columns if c.identity_sequence in catalog.sequences}
    units: list[Unit] = [TableUnit(node=table_ref(key), key=(TABLES, pos, 0, ""), deps=tuple(dict.fromkeys(deps)),
                                   table=table, serial=serial, inline=tuple(inline), sequences=sequences,
                                   deferred_defaults=deferred_defaults)]
    for column in table.columns:
        if column.name in deferred_defaults:
            units.append(DefaultUnit(node=("default", key, column.name), key=(DEFERRED, pos, 0, column.name),
                                     deps=(table_ref(key), *_called(catalog, [column.default])), table_key=key,
                                     column=column))
    for i, c in enumerate(table.constraints):
        if c.name in deferred_checks:
            units.append(ConstraintUnit(node=constraint_ref(key, c.name), key=(DEFERRED, pos, 1, f"{i:06d}"),
                                        deps=(table_ref(key), *_called(catalog, [c.check]), rows_node(key)), table_key=key,
                                        constraint=c))
    for seq in catalog.sequences_owned_by(key):
        if seq.key in explicit:
            units.append(OwnedByUnit(node=("owned by", seq.key), key=(TABLES, pos, 1, seq.key),
                                     deps=(table_ref(key), Ref(Kind.SEQUENCE, seq.key)), table_key=key, sequence=seq))
    for i, c in enumerate(table.constraints):
        if (c.not_valid or c.name in repeated) and (key, c.name) not in late and c.name not in deferred_checks:
            units.append(ConstraintUnit(node=constraint_ref(key, c.name), key=(TABLES, pos, 2, f"{i:06d}"),
                                        deps=(table_ref(key), *_key_of_reference(catalog, c), rows_node(key)), table_key=key,
                                        constraint=c))
    for index in catalog.indexes_of(key):
        needs = [table_ref(key)] + _called(catalog, [e.expr for e in index.elements] + [index.where])
        units.append(IndexUnit(node=Ref(Kind.INDEX, index.key), key=(TABLES, pos, 3, index.key), deps=tuple(needs),
                               table_key=key, index=index))
    if table.attached:
        indexes = [Ref(Kind.INDEX, i.key) for t in (key, table.partition_of) for i in catalog.indexes_of(t)]
        units.append(AttachUnit(node=("attach", key), key=(TABLES, pos, 4, ""), table_key=key, table=table,
                                deps=(table_ref(key), table_ref(table.partition_of), *indexes)))
    return units


def _policy_units(catalog: Catalog, tables: list[str]) -> list[Unit]:
    """Each table's row-level security flags, then its policies, after the functions their expressions call."""
    units: list[Unit] = []
    for key in tables:
        table = catalog.tables[key]
        if table.row_security or table.force_row_security:
            units.append(RowSecurityUnit(node=("row security", key), key=(POLICIES, 0, 0, f"{key}\0"),
                                         deps=(table_ref(key),), table=table))
        for policy in table.policies:
            units.append(PolicyUnit(node=Ref(Kind.POLICY, key, policy.name), key=(POLICIES, 0, 0, f"{key}\0{policy.name}"),
                                    deps=(table_ref(key), *_called(catalog, policy.expressions())), table_key=key,
                                    policy=policy))
    return units


def _relation_ref(catalog: Catalog, key: str) -> Ref:
    return Ref(Kind.VIEW, key) if key in catalog.views else table_ref(key)


def _view_units(catalog: Catalog) -> list[Unit]:
    """Each view after the relations it reads and the functions it calls; a materialized view's indexes after it."""
    units: list[Unit] = []
    for key, view in sorted(catalog.views.items()):
        needs = [_relation_ref(catalog, r) for r in view.relations] + _called(catalog, [Expr(template="", calls=view.calls)])
        schema = split_key(key)[0]
        if schema in catalog.schemas:
            needs.append(Ref(Kind.SCHEMA, schema))
        units.append(ViewUnit(node=Ref(Kind.VIEW, key), key=(VIEWS, 0, 0, key), deps=tuple(dict.fromkeys(needs)),
                              view=view))
        for index in catalog.indexes_of(key):
            needs = [Ref(Kind.VIEW, key)] + _called(catalog, [e.expr for e in index.elements] + [index.where])
            units.append(IndexUnit(node=Ref(Kind.INDEX, index.key), key=(VIEWS, 1, 0, index.key), deps=tuple(needs),
                                   table_key=key, index=index))
    return units


def signature(function) -> str:
    """The function's name and input argument types in SQL (DROP ROUTINE, COMMENT ON ROUTINE)."""
    types = [p.type.sql for p in function.parameters if p.is_input]
    return f"{render_key(f'{function.schema_name}.{function.name}')}({', '.join(types)})"


def _type_needs(sql_type) -> list[Ref]:
    if sql_type.key is not None:
        return [Ref(Kind.TYPE, sql_type.key)]
    return [table_ref(sql_type.relation)] if sql_type.relation is not None else []


def type_units(catalog: Catalog, user_type, schema: list[Ref]) -> list[Unit]:
    """CREATE TYPE / CREATE DOMAIN after the types it is made of; a domain's NOT VALID checks after it."""
    node, key = Ref(Kind.TYPE, user_type.key), (TYPES, 0, 0, user_type.key)
    if isinstance(user_type, EnumType):
        return [EnumUnit(node=node, key=key, deps=tuple(schema), enum=user_type)]
    if isinstance(user_type, CompositeType):
        deps = [d for a in user_type.attributes for d in _type_needs(a.type)]
        return [CompositeUnit(node=node, key=key, deps=tuple(schema + deps), composite=user_type)]
    if isinstance(user_type, RangeType):
        return [RangeUnit(node=node, key=key, deps=tuple(schema + _type_needs(user_type.subtype)), range=user_type)]
    inline = tuple(c for c in user_type.constraints if not c.not_valid)
    deps = schema + _type_needs(user_type.base) + _called(catalog, [user_type.default] + [c.check for c in inline])
    units: list[Unit] = [DomainUnit(node=node, key=key, deps=tuple(dict.fromkeys(deps)), domain=user_type, inline=inline)]
    for c in user_type.constraints:
        if c.not_valid:
            units.append(DomainConstraintUnit(node=("domain constraint", user_type.key, c.name),
                                              key=(TYPES, 0, 1, f"{user_type.key}\0{c.name}"),
                                              deps=(node, *_called(catalog, [c.check])), domain_key=user_type.key,
                                              constraint=c))
    return units


def _function_needs(function) -> list[Ref]:
    """A function needs the types of its arguments and result, and a LANGUAGE sql body the relations it reads
    (the server checks them when it creates the function)."""
    needs = []
    for sql_type in [p.type for p in function.parameters] + ([function.returns] if function.returns else []):
        if sql_type.key is not None:
            needs.append(Ref(Kind.TYPE, sql_type.key))
        if sql_type.relation is not None:
            needs.append(table_ref(sql_type.relation))
    return needs + [table_ref(r) for r in function.relations]


def _functions_called(catalog: Catalog, expr) -> list:
    """The functions of the catalog an expression calls (every overload of the name)."""
    out = []
    for name in expr.calls if expr is not None else ():
        schema, _, bare = name.rpartition(".")
        out += catalog.functions_named(schema or "public", bare)
    return out


def _called(catalog: Catalog, expressions: list) -> list[Ref]:
    return [Ref(Kind.FUNCTION, f.key) for expr in expressions for f in _functions_called(catalog, expr)]


def _key_of_reference(catalog: Catalog, fk: Constraint) -> list[Ref]:
    """A foreign key needs the unique index it references when that is an index, not a key constraint."""
    if fk.kind != "foreign key" or fk.ref_table not in catalog.tables:
        return []
    target = catalog.tables[fk.ref_table]
    wanted = sorted(fk.ref_columns)
    if any(c.kind in ("primary key", "unique") and sorted(c.columns) == wanted for c in target.constraints):
        return []
    for index in catalog.indexes_of(fk.ref_table):
        plain = [e.expr.columns[0] for e in index.elements if e.expr.is_single_column()]
        if index.unique and index.where is None and len(plain) == len(index.elements) and sorted(plain) == wanted:
            return [Ref(Kind.INDEX, index.key)]
    return []


def _serial_columns(catalog: Catalog, table: Table) -> frozenset[str]:
    return frozenset(c.name for c in table.columns if _is_serial(catalog, table, c))


def _is_serial(catalog: Catalog, table: Table, column: Column) -> bool:
    """Whether `serial` reproduces the column's sequence exactly: owned, default options, the name serial picks,
    and used by no other column (that one would be created before its table: the sequence goes on its own)."""
    if column.default_sequence is None or not column.not_null or column.type.integer is None:
        return False
    seq: Sequence | None = catalog.sequences.get(column.default_sequence)
    if seq is None or seq.owned_by != (table.key, column.name) or seq.data_type != column.type.integer:
        return False
    if not seq.has_default_options():
        return False
    schema, table_name = split_key(table.key)
    if seq.key != f"{schema}.{make_object_name(table_name, column.name, 'seq')}":
        return False
    # the partitions' copies of the column are created with it (their default comes from the parent)
    users = [(t.key, c.name) for t, c in catalog.columns_using_sequence(seq.key) if t.partition_of != table.key]
    return users == [(table.key, column.name)]


def repeated_keys(table: Table) -> set[str]:
    """Key constraints that CREATE TABLE would fold into the primary key or an earlier key of the same shape
    (transformIndexConstraints keeps one index): the history added them with ALTER TABLE, so must the baseline."""
    def shape(c):
        return (c.columns, c.include, c.deferrable, c.initially_deferred, c.nulls_not_distinct)

    keys = [c for c in table.constraints if c.kind == "primary key"]
    keys += [c for c in table.constraints if c.kind == "unique"]
    seen, repeated = [], set()
    for c in keys:
        if shape(c) in seen:
            repeated.add(c.name)
        else:
            seen.append(shape(c))
    return repeated


def _comment_units(catalog: Catalog, position: dict[str, int]) -> list[Unit]:
    out: list[Unit] = []

    def add(target: Ref, text: str | None, group: int, pos: int, detail: str) -> None:
        if text is not None:
            out.append(CommentUnit(node=("comment", target), key=(COMMENTS, group, pos, detail), deps=(target,),
                                   target=target, text=text))

    for ext in catalog.extensions.values():
        add(Ref(Kind.EXTENSION, ext.name), ext.comment, 0, 0, ext.name)
    for schema in catalog.schemas.values():
        add(Ref(Kind.SCHEMA, schema.name), schema.comment, 1, 0, schema.name)
    for user_type in catalog.types.values():
        add(Ref(Kind.TYPE, user_type.key), user_type.comment, 2, 0, user_type.key)
        for c in getattr(user_type, "constraints", ()):
            if c.comment is not None:
                ref = Ref(Kind.CONSTRAINT, user_type.key, c.name)
                out.append(CommentUnit(node=("comment", ref), key=(COMMENTS, 2, 1, f"{user_type.key}\0{c.name}"),
                                       deps=(Ref(Kind.TYPE, user_type.key),), target=ref, text=c.comment,
                                       signature="DOMAIN"))
        for i, a in enumerate(getattr(user_type, "attributes", ())):
            ref = column_ref(user_type.key, a.name)
            if a.comment is not None:
                out.append(CommentUnit(node=("comment", ref), key=(COMMENTS, 2, 2, f"{user_type.key}\0{i:06d}"),
                                       deps=(Ref(Kind.TYPE, user_type.key),), target=ref, text=a.comment))
    for seq in catalog.sequences.values():
        add(Ref(Kind.SEQUENCE, seq.key), seq.comment, 3, 0, seq.key)
    for function in catalog.functions.values():
        if function.comment is not None:
            ref = Ref(Kind.FUNCTION, function.key)
            out.append(CommentUnit(node=("comment", ref), key=(COMMENTS, 3, 1, function.key), deps=(ref,),
                                   target=ref, text=function.comment, signature=signature(function)))
    for key, pos in position.items():
        table = catalog.tables[key]
        add(table_ref(key), table.comment, 4, pos, "0")
        for i, column in enumerate(table.columns):
            add(column_ref(key, column.name), column.comment, 4, pos, f"1{i:06d}")
        for i, c in enumerate(table.constraints):
            add(constraint_ref(key, c.name), c.comment, 4, pos, f"2{i:06d}")
        for index in catalog.indexes_of(key):
            add(Ref(Kind.INDEX, index.key), index.comment, 4, pos, f"3{index.key}")
        for trigger in table.triggers:
            add(Ref(Kind.TRIGGER, key, trigger.name), trigger.comment, 4, pos, f"4{trigger.name}")
        for policy in table.policies:
            add(Ref(Kind.POLICY, key, policy.name), policy.comment, 4, pos, f"5{policy.name}")
    for key, view in sorted(catalog.views.items()):
        ref = Ref(Kind.VIEW, key)
        if view.comment is not None:
            out.append(CommentUnit(node=("comment", ref), key=(COMMENTS, 5, 0, key), deps=(ref,), target=ref,
                                   text=view.comment, signature="MATERIALIZED VIEW" if view.materialized else "VIEW"))
        for i, column in enumerate(view.columns):
            add(column_ref(key, column.name), column.comment, 5, 1, f"{key}\0{i:06d}")
    return out


def _sorted(catalog: Catalog, units: list[Unit]) -> list[Unit]:
    """The lexicographic topological sort of the units: among the units whose dependencies are written, the
    lowest key comes first, so that an unrelated change never reorders the file."""
    by_node = {u.node: u for u in units}

    def resolve(dep) -> object | None:
        """The unit that creates `dep`: columns, inline constraints, serial and identity sequences are their
        table's; objects the baseline does not create (the public schema) need nothing."""
        if dep in by_node:
            return dep
        if not isinstance(dep, Ref):
            return None
        if dep.kind in (Kind.COLUMN, Kind.CONSTRAINT):
            return resolve(table_ref(dep.name))
        if dep.kind is Kind.TYPE and catalog.range_of_multirange(dep.name) is not None:
            return resolve(Ref(Kind.TYPE, catalog.range_of_multirange(dep.name)))
        seq = catalog.sequences.get(dep.name) if dep.kind is Kind.SEQUENCE else None
        if seq is not None and seq.owned_by is not None:
            return resolve(table_ref(seq.owned_by[0]))
        return None

    graph = Graph(by_node)
    for unit in units:
        for dep in unit.deps:
            found = resolve(dep)
            if found is not None and found != unit.node:
                graph.add_edge(found, unit.node)
    ordered = graph.order(key=lambda n: by_node[n].key)
    if ordered is not None:
        return [by_node[n] for n in ordered]
    import networkx as nx

    cycle = " -> ".join(str(a) for a, _ in nx.find_cycle(graph.to_networkx()))
    raise ConsolidatorError(f"the objects of the baseline depend on each other in a cycle the tool cannot "
                                f"break yet: {cycle}") from None


def _drops(catalog: Catalog, tables: list[str], late: list[tuple[str, str]], views: list[str],
           types: list[str]) -> list[DropUnit]:
    """Late foreign keys, views and tables in reverse dependency order, then functions, the sequences that are not
    dropped with a table, types, schemas and extensions."""
    drops = [DropUnit(constraint_ref(t, name), table_key=t) for t, name in late]
    drops += [DropUnit(Ref(Kind.VIEW, key), signature="MATERIALIZED VIEW" if catalog.views[key].materialized else "VIEW")
              for key in reversed(views)]
    drops += [DropUnit(table_ref(key)) for key in reversed(tables)]
    drops += [DropUnit(Ref(Kind.FUNCTION, key), signature=signature(catalog.functions[key]))
              for key in sorted(catalog.functions, reverse=True)]
    drops += [DropUnit(Ref(Kind.SEQUENCE, k)) for k in sorted(k for k, s in catalog.sequences.items() if not s.owned_by)]
    drops += [DropUnit(Ref(Kind.TYPE, k)) for k in reversed(types)]
    drops += [DropUnit(Ref(Kind.SCHEMA, n)) for n in sorted(catalog.schemas)]
    drops += [DropUnit(Ref(Kind.EXTENSION, n)) for n in sorted(catalog.extensions)]
    return drops


def rows_left_out(catalog) -> dict[str, str]:
    """The tables whose seed rows the baseline leaves out, each with why: rows the model lost track of, and rows
    whose foreign keys reference a table whose rows are left out (a row with its key columns all set could
    reference a row it lacks; a NULL in them is not checked, MATCH SIMPLE)."""
    out = {k: f"since {catalog.rows_unknown(k)}" for k in catalog.tables if catalog.rows_unknown(k) is not None}
    changed = True
    while changed:
        changed = False
        for key, table in sorted(catalog.tables.items()):
            if key in out or not catalog.rows(key):
                continue
            refs = sorted({c.ref_table for c in table.constraints if c.kind == "foreign key" and c.ref_table in out
                           and c.ref_table != key and any(_all_set(row, c.columns) for row in catalog.rows(key))})
            if refs:
                out[key] = f"they reference rows of {', '.join(split_key(r)[1] for r in refs)}, which are left out"
                changed = True
    return out


def _all_set(row, columns) -> bool:
    return all(row.get(c) is not None and getattr(row.get(c), "text", "") is not None for c in columns)
