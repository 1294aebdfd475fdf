"""Seed rows in the model's transactions: a savepoint costs what a statement writes (the tables it writes get a new
tuple of rows, the others are shared), rolling back restores the rows, and nextval()/setval() stay done."""

from __future__ import annotations

from consolidator.model.catalog import Catalog
from consolidator.model.objects import Sequence, Table
from consolidator.errors import SourceSpan
from consolidator.model.provenance import Provenance
from consolidator.model.sequence_params import settled


def _catalog() -> Catalog:
    catalog = Catalog()
    for name in ("a", "b"):
        catalog.add_table(Table(key=f"public.{name}", provenance=Provenance.at(SourceSpan(file="001_a.sql", line=1))))
    catalog.add_sequence(Sequence(key="public.s", provenance=Provenance.at(SourceSpan(file="001_a.sql", line=1))))
    return catalog


def test_rollback_restores_rows_and_untouched_tables_are_shared():
    catalog = _catalog()
    b_rows = ({"x": 1},)
    catalog.replace_rows("public.b", b_rows)
    outer = catalog.savepoint()
    catalog.replace_rows("public.a", ({"x": 1},))
    inner = catalog.savepoint()
    catalog.replace_rows("public.a", catalog.rows("public.a") + ({"x": 2},))
    assert catalog.rows("public.b") is b_rows  # never copied: the statement did not write b
    catalog.rollback_to(inner)
    assert catalog.rows("public.a") == ({"x": 1},)
    catalog.rollback_to(outer)
    assert catalog.rows("public.a") == () and catalog.tables_with_rows() == ["public.b"]


def test_sequence_positions_survive_rollback():
    catalog = _catalog()
    file = catalog.savepoint()
    statement = catalog.savepoint()
    assert catalog.advance_sequence("public.s") == 1
    catalog.rollback_to(statement)  # the failed statement's value stays used
    assert catalog.advance_sequence("public.s") == 2
    catalog.set_sequence_value("public.s", 10, True)
    catalog.rollback_to(file)  # the whole file rolled back
    assert (settled(catalog.sequences["public.s"]).last_value, catalog.sequences["public.s"].is_called) == (10, True)
    assert catalog.advance_sequence("public.s") == 11


def test_rows_follow_renames_and_go_with_the_table():
    catalog = _catalog()
    catalog.replace_rows("public.a", ({"x": 1},))
    catalog.mark_rows_unknown("public.b", "f.sql:1")
    sp = catalog.savepoint()
    catalog.drop_table("public.b", cascade=False)
    assert catalog.rows_unknown("public.b") is None
    catalog.rollback_to(sp)
    assert catalog.rows_unknown("public.b") == "f.sql:1"  # the drop was undone, and with it the forgetting
