"""The units of the objects kept as their statements (objects.Opaque), in three sections by what they need:
collations, text search objects, foreign-data wrappers, servers and user mappings before types and tables (which
may use them); aggregates, operators and casts after functions; foreign tables after tables; rules, event
triggers and publications after everything they may name. Each unit needs what the object depends on."""

from __future__ import annotations

from consolidator.model.catalog import Catalog
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import render_key
from consolidator.model.objects import Opaque
from consolidator.order.units import FOREIGN_TABLES, OPAQUE_EARLY, OPAQUE_LATE, OPAQUE_ROUTINES, DropUnit, OpaqueUnit

SECTION = {"aggregate": OPAQUE_ROUTINES, "operator": OPAQUE_ROUTINES, "cast": OPAQUE_ROUTINES,
           "foreign table": FOREIGN_TABLES, "rule": OPAQUE_LATE, "event trigger": OPAQUE_LATE,
           "publication": OPAQUE_LATE}  # every other kind: OPAQUE_EARLY


def _node(catalog: Catalog, kind: str, key: str) -> Ref:
    """The unit that creates a dependency: a view, a foreign table (an opaque object), or the Ref itself."""
    if kind in (Kind.TABLE.value, Kind.VIEW.value):
        if key in catalog.views:
            return Ref(Kind.VIEW, key)
        found = catalog._members("foreign_tables", key)
        if found:
            return Ref(Kind.OPAQUE, found[0])
        return Ref(Kind.TABLE, key)
    return Ref(Kind(kind), key)


def owner_sql(catalog: Catalog, obj: Opaque) -> str:
    if obj.owner is None:
        return ""
    kind, key = obj.owner
    if kind == Kind.OPAQUE.value:
        owner = catalog.opaques.get(key)
        return owner.self_sql if owner is not None else ""
    return render_key(key)


def opaque_units(catalog: Catalog) -> list[OpaqueUnit]:
    units = []
    for key, obj in sorted(catalog.opaques.items()):
        if not obj.statements:  # nothing of its own to write (a shell the server makes with another object)
            continue
        deps = [_node(catalog, k, v) for k, v in [*obj.depends, *([obj.owner] if obj.owner else [])]]
        units.append(OpaqueUnit(node=Ref(Kind.OPAQUE, key), key=(SECTION.get(obj.kind, OPAQUE_EARLY), 0, 0, key),
                                deps=tuple(dict.fromkeys(deps)), opaque=obj, owner_sql=owner_sql(catalog, obj)))
    return units


def opaque_drops(catalog: Catalog, ordered: list, sections: tuple[int, ...]) -> list[DropUnit]:
    """DROP ... IF EXISTS of the opaque units of these sections, in reverse order of the file."""
    out = []
    for unit in reversed(ordered):
        if isinstance(unit, OpaqueUnit) and unit.section in sections:
            obj = unit.opaque
            out.append(DropUnit(Ref(Kind.OPAQUE, obj.key),
                                signature=f"DROP {obj.what} IF EXISTS {obj.render(obj.target, unit.owner_sql)};"))
    return out
