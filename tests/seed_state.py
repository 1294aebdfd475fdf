"""Seed rows and sequence positions, as the model holds them and as a server holds them, in one comparable form:
each table's rows as the types' output functions print them (COPY's text), sorted; each sequence's
(last_value, is_called). Columns the model keeps as an expression (now(), gen_random_uuid()) are masked on both
sides. Shared by the seed row tests (tests/replay/test_seed_rows.py) and the DML differential tests."""

from __future__ import annotations

import psycopg

from consolidator.model.rows import KeptExpression
from consolidator.model.sequence_params import settled


def model_tables(result, *, exclude: frozenset[str] = frozenset({"public.schema_migrations"})) -> dict[str, list[str]]:
    """Every table of the model's catalog with its columns, in order."""
    return {k: [c.name for c in t.columns] for k, t in sorted(result.catalog.tables.items()) if k not in exclude}


def masked_columns(result, tables: dict[str, list[str]]) -> dict[str, set[str]]:
    """The columns of each table that hold a value the model keeps as its expression, in some row."""
    masked: dict[str, set[str]] = {}
    for key in tables:
        for row in result.catalog.rows(key):
            masked.setdefault(key, set()).update(c for c, v in row.items() if isinstance(v, KeptExpression))
    return masked


def model_rows(result, tables: dict[str, list[str]], masked: dict[str, set[str]]) -> dict[str, list]:
    rows = {}
    for key, columns in tables.items():
        shown = [c for c in columns if c not in masked.get(key, ())]
        rows[key] = sorted((tuple(None if r.get(c) is None else r.get(c).text for c in shown)
                            for r in result.catalog.rows(key)), key=repr)
    return rows


def model_positions(result) -> dict[str, tuple[int, bool]]:
    return {k: (settled(s).last_value, settled(s).is_called) for k, s in sorted(result.catalog.sequences.items())}


def server_rows(dsn: str, tables: dict[str, list[str]], masked: dict[str, set[str]]) -> dict[str, list]:
    """Each table's rows as the types' output functions print them (COPY's text), sorted."""
    out = {}
    with psycopg.connect(dsn) as conn:
        for table, columns in tables.items():
            shown = [psycopg.sql.Identifier(c).as_string(conn) for c in columns if c not in masked.get(table, ())]
            name = ".".join(psycopg.sql.Identifier(p).as_string(conn) for p in table.split("."))
            with conn.cursor() as cur:
                with cur.copy(f"COPY (SELECT {', '.join(shown) or 'NULL'} FROM {name}) TO STDOUT") as copy:
                    rows = list(copy.rows())
            out[table] = sorted((tuple(r) if shown else () for r in rows), key=repr)
    return out


def server_positions(dsn: str, keys: list[str]) -> dict[str, tuple[int, bool]]:
    with psycopg.connect(dsn) as conn:
        return {k: conn.execute(f"SELECT last_value, is_called FROM {k}").fetchone() for k in keys}


def baseline_findings(result, legacy_dsn: str, baseline_dsn: str, tables: dict[str, list[str]] | None = None,
                      sequences_unknown: bool = False) -> list:
    """verify's comparison of the legacy replay with the applied baseline, on the rows the baseline carries (the
    tables whose rows the model knows and did not leave out), the model's volatile columns masked; sequence
    positions left out when `sequences_unknown`."""
    from consolidator.order.plan import rows_left_out
    from consolidator.verify.compare import Volatility, compare
    from consolidator.verify.introspect import snapshot

    if tables is None:
        tables = {k: cols for k, cols in model_tables(result).items() if result.catalog.rows_unknown(k) is None}
    masked = masked_columns(result, tables)
    unknown = {k for k, s in result.catalog.sequences.items() if s.position_unknown}  # listed in the header, not set
    emitted = {k for k in tables if k not in rows_left_out(result.catalog)}
    legacy, baseline = snapshot(legacy_dsn), snapshot(baseline_dsn)
    legacy = legacy.model_copy(update={"rows": {k: v for k, v in legacy.rows.items() if k in emitted}})
    baseline = baseline.model_copy(update={"rows": {k: v for k, v in baseline.rows.items() if k in emitted}})
    volatility = Volatility(columns={t: sorted(c) for t, c in masked.items() if c},
                            attributes=[f"sequence\t{s.name}\t{a}" for s in legacy.objects.get("sequence", {}).values()
                                        if sequences_unknown or s.name in unknown for a in ("position", "next_value")])
    return compare(legacy, baseline, volatility=volatility)
