"""Finding, ordering, classifying and fingerprinting the legacy files."""

from __future__ import annotations

import hashlib

import pytest

from consolidator.errors import InputError
from consolidator.source.discover import Order, discover, version_of


def _folder(tmp_path, files: dict[str, str | bytes]):
    for name, content in files.items():
        path = tmp_path / name
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


def test_sql_files_in_name_order_the_rest_skipped_with_a_reason(tmp_path):
    sources = discover(_folder(tmp_path, {
        "010_b.sql": "select 1;",
        "002_a.sql": "select 2;",
        "9_late.sql": "select 3;",
        "007_remote.sql.skip": "x",
        "010_sop.sql.broken": "x",
        "011_old.sql.bak": "x",
        "NOTES.txt": "notes",
        "README.md": "readme",
        ".hidden.sql": "x",
        "sub": None,
    }))
    # Plain byte order, as most runners sort: '9_late' comes after '010_b'.
    assert [m.name for m in sources.migrations] == ["002_a.sql", "010_b.sql", "9_late.sql"]
    reasons = {s.name: s.reason for s in sources.skipped}
    assert set(reasons) == {"007_remote.sql.skip", "010_sop.sql.broken", "011_old.sql.bak", "NOTES.txt", "README.md",
                            ".hidden.sql", "sub"}
    assert "'.skip' file" in reasons["007_remote.sql.skip"]
    assert "'.broken' file" in reasons["010_sop.sql.broken"]
    assert reasons["NOTES.txt"] == "not a .sql file"
    assert reasons[".hidden.sql"] == "hidden file"
    assert reasons["sub"].startswith("directory")


def test_natural_order_compares_numbers_as_numbers(tmp_path):
    folder = _folder(tmp_path, {"10_c.sql": "", "9_b.sql": "", "100_d.sql": "", "1_a.sql": "", "V2__x.sql": "", "v10__y.sql": ""})
    assert [m.name for m in discover(folder).migrations] == ["100_d.sql", "10_c.sql", "1_a.sql", "9_b.sql", "V2__x.sql", "v10__y.sql"]
    assert [m.name for m in discover(folder, order=Order.NATURAL).migrations] == [
        "1_a.sql", "9_b.sql", "10_c.sql", "100_d.sql", "V2__x.sql", "v10__y.sql"]


@pytest.mark.parametrize(("name", "version"), [
    ("035_create_tickets_table.sql", "035"), ("V12__init.sql", "12"), ("v3_x.sql", "3"), ("2024_01_01_a.sql", "2024"),
    ("init.sql", None), ("_1.sql", None),
])
def test_version_prefix(name, version):
    assert version_of(name) == version


def test_duplicate_versions_are_flagged_and_all_kept(tmp_path):
    sources = discover(_folder(tmp_path, {
        "005_checklist_submissions.sql": "", "008_checklist_submissions.sql": "", "031_add_door_access_log.sql": "",
        "031_add_hubspot_cache.sql": "", "31_again.sql": "", "040_x.sql": "",
    }))
    assert sources.duplicate_versions == {"31": ["031_add_door_access_log.sql", "031_add_hubspot_cache.sql", "31_again.sql"]}
    assert len(sources.migrations) == 6


def test_checksums_sizes_and_fingerprint(tmp_path):
    folder = _folder(tmp_path, {"001_a.sql": b"create table a (x int);\n", "002_b.sql": b"\xff\x00 not text"})
    sources = discover(folder)
    a, b = sources.migrations
    assert a.sha256 == hashlib.sha256(b"create table a (x int);\n").hexdigest()
    assert (b.data, b.size) == (b"\xff\x00 not text", 11)  # any bytes: the replay decides what the server does with them
    whole = sources.fingerprint()
    assert whole == sources.fingerprint(["001_a.sql", "002_b.sql"])
    assert whole != sources.fingerprint(["001_a.sql"])
    (tmp_path / "002_b.sql").write_bytes(b"changed")
    assert discover(folder).fingerprint() != whole
    (tmp_path / "002_b.sql").write_bytes(b"\xff\x00 not text")
    (tmp_path / "notes.txt").write_text("not a migration")
    assert discover(folder).fingerprint() == whole  # skipped files are not part of it


def test_missing_folder_or_a_file_instead_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        discover(tmp_path / "nope")
    (tmp_path / "file.sql").write_text("")
    with pytest.raises(InputError, match="not a folder"):
        discover(tmp_path / "file.sql")


def test_empty_folder(tmp_path):
    sources = discover(tmp_path)
    assert (sources.migrations, sources.skipped, sources.duplicate_versions) == ([], [], {})
