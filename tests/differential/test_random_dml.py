"""Differential tests for seed data: random DML histories (dml_strategies.py) replayed by the model and by a real
PostgreSQL 15 (psql, each file one transaction).

For each history:

1. file by file, the model's outcome (ok, or failed at a line with a SQLSTATE) is the server's. A statement the
   model reports as not modelled only says "the model cannot tell": where the two differ, the file must hold such a
   statement at or before the first line either side failed at, and the rest of the history is then not compared
   (it is counted as undecided). So does a server failure after a table's rows became unknown: DDL that checks
   rows (ADD CONSTRAINT, SET NOT NULL) is applied unchecked on such a table (replay/seed/ddl.py);
2. the rows of each table the model knows the rows of (as the types' output functions print them, the columns the
   model keeps as a volatile expression masked) are the server's, and, when no statement was left unmodelled (one
   may have used a sequence value), each sequence's last_value and is_called;
3. the baseline the model emits (as the CLI builds it) applies to a fresh database, whose catalog, rows and
   sequence positions compare equal to the replayed database (``verify.compare``, volatile columns masked).

``CONSOLIDATOR_DML_EXAMPLES`` sets the number of histories (60 by default: about a minute on two cores); see
run_settings.py for ``CONSOLIDATOR_DIFF_PROGRESS`` (each line says ``agreed`` or ``undecided``),
``CONSOLIDATOR_DIFF_SEED`` and ``CONSOLIDATOR_DIFF_NO_SHRINK``.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import event, given


from tests.differential.dml_strategies import dml_histories
from tests.differential.run_settings import history_settings, record_progress
from tests.differential.test_random_histories import replayed
from tests.seed_state import baseline_findings, masked_columns, model_positions, model_rows, model_tables, server_positions, server_rows

EXAMPLES = int(os.environ.get("CONSOLIDATOR_DML_EXAMPLES", "60"))

pytestmark = pytest.mark.pg


_DML = ("InsertStmt", "UpdateStmt", "DeleteStmt", "TruncateStmt")


def check_dml_history(server, files: dict[str, str]) -> str:
    """"agreed", or "undecided" when a statement the model does not model left an outcome open; raises on a
    disagreement."""
    with replayed(server, files) as r:
        result, history = r.result, r.history
        assert r.applied.returncode == 0, f"the baseline does not apply:\n{r.applied.stderr}\n{result.sql}\n{history}"
        unmodelled: dict[str, int] = {}
        for d in result.diagnostics:
            if d.code == "not-modelled" and d.span is not None:
                unmodelled[d.span.file] = min(d.span.line, unmodelled.get(d.span.file, d.span.line))
        # DDL that checks rows (ADD CONSTRAINT, SET NOT NULL, ALTER COLUMN TYPE) on a table whose rows the model lost
        # track of is applied as the schema says, unchecked (replay/seed/ddl.py): the model cannot tell there either
        lost = [_position(result.catalog.rows_unknown(k)) for k in result.catalog.tables
                if result.catalog.rows_unknown(k) is not None]
        model_errors = "\n".join(f"{name}: {d}" for name, d in result.failed_files.items())
        notes = "\n".join(f"{d.span}: {d.message}" for d in result.diagnostics if d.code == "not-modelled")
        context = f"model:\n{model_errors}\nnot modelled:\n{notes}\n\n{history}"

        for outcome in r.legacy.files:
            server_error = outcome.first_error if outcome.status == "failed" else None
            model_error = result.failed_files.get(outcome.name)
            on_server = (server_error.line, server_error.sqlstate) if server_error else None
            in_model = (model_error.span.line, model_error.sqlstate) if model_error else None
            if on_server == in_model:
                continue
            first = min(on_server[0] if on_server else math.inf, in_model[0] if in_model else math.inf)
            if unmodelled.get(outcome.name, math.inf) <= first:
                event("undecided: a file's outcome depends on a statement not modelled")
                return "undecided"
            if on_server and not in_model and any(since <= (outcome.name, first) for since in lost):
                event("undecided: a check over rows the model lost track of")
                return "undecided"
            raise AssertionError(f"{outcome.name}: the server says {outcome.describe()}, the model "
                                 f"{model_error or 'ok'}\n\n{context}")

        if any(e.status == "not-modelled" and e.kind not in _DML for e in result.replay.events):
            # a schema statement the model could not follow is left out of the baseline, as its header says: the
            # schemas differ by design, so the baseline is not compared
            event("undecided: a schema statement not modelled")
            return "undecided"
        tables = {k: cols for k, cols in model_tables(result).items() if result.catalog.rows_unknown(k) is None}
        masked = masked_columns(result, tables)
        legacy_dsn = server.dsn(r.legacy_db)
        assert model_rows(result, tables, masked) == server_rows(legacy_dsn, tables, masked), (
            f"rows differ (model first)\n\n{context}")
        if not unmodelled:
            assert model_positions(result) == server_positions(legacy_dsn, sorted(result.catalog.sequences)), (
                f"sequence positions differ (model first)\n\n{context}")

        findings = baseline_findings(result, legacy_dsn, server.dsn(r.baseline_db), tables, bool(unmodelled))
        assert not findings, "the baseline differs from the replay:\n" + "\n".join(str(f) for f in findings) + (
            f"\n\n{context}\n\nbaseline:\n{result.sql}")
        if unmodelled:
            event("partly compared: statements not modelled")
            return "undecided"
        return "agreed"


def _position(since: str) -> tuple[str, int]:
    """rows_unknown's "file:line (why)" as (file, line)."""
    where = since.split(" ", 1)[0]
    file, _, line = where.rpartition(":")
    return file, int(line) if line.isdigit() else 0


@history_settings(EXAMPLES)
@given(files=dml_histories())
def test_model_and_postgres_agree_on_random_dml_histories(pg_server, files):
    record_progress(files, check_dml_history(pg_server, files))
