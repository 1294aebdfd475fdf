"""Each layout's reader: the files its tool applies, in its order, and every other file left out with a reason."""

from __future__ import annotations

import pytest

from consolidator.errors import InputError
from consolidator.source.discover import discover
from tests.source import layout_folders as lf


def _reasons(sources) -> dict[str, str]:
    return {s.name: s.reason for s in sources.skipped}


def test_flyway_versions_compare_part_by_part_repeatables_last_undo_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, lf.FLYWAY))
    assert sources.layout == "flyway"
    assert [m.name for m in sources.migrations] == lf.FLYWAY_ORDER
    reasons = _reasons(sources)
    assert "undo" in reasons["U1.10__rename.sql"] and "undo" in reasons["U2__add_c.sql"]
    assert set(reasons) == {"U1.10__rename.sql", "U2__add_c.sql", "V2.sql.bak", "README.md"}


def test_flyway_searches_sub_folders_and_reads_execute_in_transaction(tmp_path):
    sources = discover(lf.write(tmp_path, {
        "V1__a.sql": lf.CREATE,
        "later/V1.1__b.sql": lf.ADD_A,
        "later/V1.1__b.sql.conf": "executeInTransaction=false\n",
        "V1_0_2__c.sql": lf.ADD_C,  # '_' separates parts as '.' does: 1.0.2 < 1.1
    }))
    assert [(m.name, m.transaction) for m in sources.migrations] == [
        ("V1__a.sql", True), ("V1_0_2__c.sql", True), ("later/V1.1__b.sql", False)]
    assert "executeInTransaction" in _reasons(sources)["later/V1.1__b.sql.conf"]


def test_flyway_equal_versions_are_reported(tmp_path):
    sources = discover(lf.write(tmp_path, {"V1__a.sql": lf.CREATE, "V1.0__b.sql": lf.ADD_A}))
    assert sources.duplicate_versions == {"1": ["V1.0__b.sql", "V1__a.sql"]}


def test_a_flat_folder_with_a_flyway_looking_name_stays_flat(tmp_path):
    sources = discover(lf.write(tmp_path, {"V2__x.sql": "", "10_y.sql": ""}))
    assert sources.layout == "flat"
    assert [m.name for m in sources.migrations] == ["10_y.sql", "V2__x.sql"]


def test_layout_forced_by_name(tmp_path):
    lf.write(tmp_path, {"V2__x.sql": "", "10_y.sql": ""})
    sources = discover(tmp_path, layout="flyway")
    assert [m.name for m in sources.migrations] == ["V2__x.sql"]
    assert "not a Flyway migration name" in _reasons(sources)["10_y.sql"]
    with pytest.raises(InputError, match="unknown layout 'liquid'"):
        discover(tmp_path, layout="liquid")
