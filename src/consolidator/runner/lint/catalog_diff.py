"""How two model catalogs differ, in sentences: what down-mismatch reports.

Compared: schemas, extensions, types, sequences, tables (columns in order with every attribute, constraints,
triggers, policies, options, comments), indexes, functions and procedures, views and materialized views, and the
objects kept as their statements, as the model holds them (`Catalog.model_dump()`), without provenance. Left out:
objects the model knows only by name (`unmodelled`); lint lists their statements as not checked.
"""

from __future__ import annotations

from typing import Any

from consolidator.model.objects import Expr

STORES = (("schemas", "schema"), ("extensions", "extension"), ("types", "type"), ("sequences", "sequence"),
          ("tables", "table"), ("indexes", "index"), ("functions", "function"), ("views", "view"),
          ("opaques", "object"))


def strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k != "provenance"}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def differences(before: dict, after: dict) -> list[str]:
    """Sentences saying how `after` differs from `before` (both `Catalog.model_dump()`)."""
    out: list[str] = []
    for store, kind in STORES:
        old, new = strip(before.get(store, {})), strip(after.get(store, {}))
        for key in sorted(set(old) | set(new)):
            name = _name(key)
            if key not in new:
                out.append(f"{kind} {name} is gone (it existed before up)")
            elif key not in old:
                out.append(f"{kind} {name} remains (it did not exist before up)")
            elif old[key] != new[key]:
                out.extend(_table(name, old[key], new[key]) if store == "tables" else _fields(f"{kind} {name}", old[key], new[key]))
    return out


def _table(name: str, old: dict, new: dict) -> list[str]:
    out = []
    old_cols = {c["name"]: c for c in old["columns"]}
    new_cols = {c["name"]: c for c in new["columns"]}
    for col in old_cols:
        if col not in new_cols:
            out.append(f"column {name}.{col} is gone")
        elif old_cols[col] != new_cols[col]:
            out.extend(_fields(f"column {name}.{col}", old_cols[col], new_cols[col]))
    out.extend(f"column {name}.{col} remains" for col in new_cols if col not in old_cols)
    common_old = [c for c in old_cols if c in new_cols]
    common_new = [c for c in new_cols if c in old_cols]
    if common_old != common_new:
        out.append(f"table {name}: column order ({', '.join(common_new)}), was ({', '.join(common_old)})")
    old_cons = {c["name"]: c for c in old["constraints"]}
    new_cons = {c["name"]: c for c in new["constraints"]}
    for con in sorted(set(old_cons) | set(new_cons)):
        if con not in new_cons:
            out.append(f"constraint {name}.{con} is gone")
        elif con not in old_cons:
            out.append(f"constraint {name}.{con} remains")
        elif old_cons[con] != new_cons[con]:
            out.extend(_fields(f"constraint {name}.{con}", old_cons[con], new_cons[con]))
    rest_old = {k: v for k, v in old.items() if k not in ("columns", "constraints")}
    rest_new = {k: v for k, v in new.items() if k not in ("columns", "constraints")}
    out.extend(_fields(f"table {name}", rest_old, rest_new))
    return out


def _fields(what: str, old: dict, new: dict) -> list[str]:
    return [f"{what}: {field} {_show(new.get(field))}, was {_show(old.get(field))}"
            for field in sorted(set(old) | set(new)) if old.get(field) != new.get(field)]


def _show(value: Any) -> str:
    if isinstance(value, dict) and "sql" in value:
        return value["sql"]
    if isinstance(value, dict) and "template" in value:
        return Expr(**value).render()
    if value is None:
        return "none"
    return repr(value) if isinstance(value, str) else str(value)


def _name(key: str) -> str:
    return key.removeprefix("public.")
