"""The pg_dump --schema-only backstop: what the structured snapshot does not read still makes verify fail."""

from __future__ import annotations

from consolidator.verify.run import VerifyOptions, verify


def _history(tmp_path, body: str):
    (tmp_path / "001.sql").write_text("CREATE TABLE t (id int PRIMARY KEY, body text);\n" + body)
    return tmp_path


def test_a_difference_only_pg_dump_shows_is_not_equivalent(tmp_path, pg_server):
    # The model reports the statement as not modelled, the structured snapshot does not read statistics
    # targets: only pg_dump sees that the baseline lacks it.
    folder = _history(tmp_path, "ALTER TABLE t ALTER COLUMN body SET STATISTICS 500;\n")
    report = verify(VerifyOptions(legacy_dir=folder), cluster=pg_server)
    assert not report.equivalent and report.exit_code == 1
    assert [f.kind for f in report.gaps] == ["pg_dump entry"]
    assert report.gaps[0].category == "changed" and report.gaps[0].name.startswith("t; Type: TABLE")
    assert "SET STATISTICS 500; in legacy, (nothing) in baseline" in report.gaps[0].message


def test_a_baseline_edited_by_hand_is_caught_by_the_dump(tmp_path, pg_server):
    folder = _history(tmp_path, "")
    baseline = tmp_path / "baseline.sql"
    baseline.write_text("CREATE TABLE t (id int PRIMARY KEY, body text);\n"
                        "ALTER TABLE t ALTER COLUMN body SET STORAGE EXTERNAL;\n")
    report = verify(VerifyOptions(legacy_dir=folder, baseline=baseline), cluster=pg_server)
    assert [f.kind for f in report.findings] == ["pg_dump entry"]
    assert "(nothing) in legacy, ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"body\" SET STORAGE EXTERNAL; in " \
           "baseline" in report.findings[0].message


def test_equivalent_histories_compare_every_dump_entry(tmp_path, pg_server):
    report = verify(VerifyOptions(legacy_dir=_history(tmp_path, "CREATE INDEX t_body ON t (body);\n")), cluster=pg_server)
    assert report.equivalent and report.dump_entries_compared >= 3  # table, primary key, index
