"""The verify use case: prove a baseline equivalent to the legacy history, or report a live database's drift.

Without a DSN: the legacy folder is replayed twice (databases ``legacy`` and ``legacy_again``:
what differs between them is volatile), the baseline is applied to ``baseline``, the catalogs and
seed rows are compared, and the compiler's predicted failures are checked against the files the
server rejected.

With a DSN: the live database is read in a read-only transaction and compared with the baseline
applied twice (``baseline`` and ``baseline_again``, for volatile seed columns).

Each database lives on a throwaway server of its own: roles are server-wide, so a history that
creates roles could not be replayed twice on one server.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from pydantic import BaseModel, ConfigDict

from consolidator.errors import ConsolidatorError, InputError, OnError
from consolidator.model import tracking
from consolidator.source.discover import Layout, Order, discover
from consolidator.verify.cluster import Cluster, throwaway_servers
from consolidator.verify.compare import Finding, compare, find_volatile, merge_volatility
from consolidator.verify.dump import Difference, differences, first_difference, schema_entries
from consolidator.verify.introspect import connect, redact, snapshot
from consolidator.verify.legacy import ProgressCallback, policy, replay_sources
from consolidator.verify.predictions import compare_predictions
from consolidator.verify.psql_messages import parse_messages
from consolidator.verify.report import VerifyReport

DEFAULT_LEGACY_DIR = Path("legacy_migrations")


class BaselineDoesNotApply(ConsolidatorError):
    """The baseline SQL fails on an empty database."""


class VerifyOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    legacy_dir: Path | None = None  # None: legacy_migrations, except in drift mode with --baseline (no provenance)
    baseline: Path | None = None  # None: compile legacy_dir in memory, as `build` would
    dsn: str | None = None
    privileges: bool = False
    order: Order = Order.NAME
    layout: Layout | None = None  # None: detected
    on_error: OnError = OnError.FILE
    keep: bool = False


# Progress: a factory the CLI provides; called with a task label and a total, returns the per-file callback.
ProgressFactory = Callable[[str, int], ProgressCallback]


def no_progress(label: str, total: int) -> ProgressCallback:
    return lambda done, total_, name: None


def verify(options: VerifyOptions, progress: ProgressFactory = no_progress, *, cluster: Cluster | None = None) -> VerifyReport:
    """Run the comparison; ``cluster`` reuses a running server (tests) instead of starting one."""
    if options.dsn is not None:
        return _verify_drift(options, progress, cluster)
    return _verify_legacy(options, progress, cluster)


# -- the compiler ---------------------------------------------------------------------------


class _Compiled(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    sql: str
    catalog: Any = None
    failed_files: dict[str, Any] = {}
    not_modelled_kinds: set[str] = set()
    privileges_left_out: list[str] = []  # without --privileges: the owners, grants and roles the baseline lacks


# Finding kinds that a statement the model does not carry yet explains; the build lists each such statement.
_EXPLAINED_BY = {
    "function": ("CreateFunctionStmt", "AlterFunctionStmt", "DropStmt:OBJECT_FUNCTION", "DropStmt:OBJECT_PROCEDURE"),
    "trigger": ("CreateTrigStmt", "DropStmt:OBJECT_TRIGGER", "RenameStmt:OBJECT_TRIGGER"),
    "view": ("ViewStmt", "DropStmt:OBJECT_VIEW", "DropStmt:OBJECT_MATVIEW", "CreateTableAsStmt"),
    "policy": ("CreatePolicyStmt", "AlterPolicyStmt", "DropStmt:OBJECT_POLICY"),
    "rule": ("RuleStmt", "DropStmt:OBJECT_RULE"),
    "aggregate": ("DefineStmt:OBJECT_AGGREGATE", "DropStmt:OBJECT_AGGREGATE"),
    "operator": ("DefineStmt:OBJECT_OPERATOR", "AlterOperatorStmt", "DropStmt:OBJECT_OPERATOR", "CreateOpClassStmt",
                 "CreateOpFamilyStmt", "AlterOpFamilyStmt"),
    "cast": ("CreateCastStmt", "DropStmt:OBJECT_CAST"),
    "collation": ("DefineStmt:OBJECT_COLLATION", "DropStmt:OBJECT_COLLATION"),
    "text search configuration": ("DefineStmt:OBJECT_TSCONFIGURATION", "AlterTSConfigurationStmt"),
    "text search dictionary": ("DefineStmt:OBJECT_TSDICTIONARY", "AlterTSDictionaryStmt"),
    "event trigger": ("CreateEventTrigStmt", "AlterEventTrigStmt", "DropStmt:OBJECT_EVENT_TRIGGER"),
    "foreign-data wrapper": ("CreateFdwStmt", "AlterFdwStmt", "DropStmt:OBJECT_FDW"),
    "server": ("CreateForeignServerStmt", "AlterForeignServerStmt", "DropStmt:OBJECT_FOREIGN_SERVER"),
    "user mapping": ("CreateUserMappingStmt", "AlterUserMappingStmt", "DropUserMappingStmt"),
    "foreign table": ("CreateForeignTableStmt", "AlterTableStmt:OBJECT_FOREIGN_TABLE", "ImportForeignSchemaStmt"),
    "publication": ("CreatePublicationStmt", "AlterPublicationStmt", "DropStmt:OBJECT_PUBLICATION"),
    "seed row": ("InsertStmt", "UpdateStmt", "DeleteStmt", "CopyStmt"),
    "seed rows of": ("InsertStmt", "UpdateStmt", "DeleteStmt", "CopyStmt"),
}


def split_gaps(findings: list, compiled: "_Compiled | None") -> tuple[list, list]:
    """(findings, gaps): a gap is a difference in a kind of object whose statements the build reported as not
    modelled yet. Gaps are listed apart from the findings, and make verify fail as findings do: the baseline
    lacks what those statements did."""
    if compiled is None:
        return findings, []
    real, gaps = [], []
    for f in findings:
        explained = any(k in compiled.not_modelled_kinds for k in _EXPLAINED_BY.get(f.kind, ()))
        explained |= f.kind == "pg_dump entry" and bool(compiled.not_modelled_kinds)
        (gaps if explained else real).append(f)
    return real, gaps


def _compile(folder: Path, order: Order, on_error: OnError, layout: Layout | None = None,
             privileges: bool = False) -> _Compiled:
    from consolidator.build import build

    result = build(folder, order=order, on_error=on_error, layout=layout, privileges=privileges)
    return _Compiled(sql=result.sql, catalog=result.catalog, failed_files=dict(result.failed_files),
                     not_modelled_kinds=result.not_modelled_kinds(),
                     privileges_left_out=[] if privileges else result.privileges_left_out())


def _not_compared(compiled: "_Compiled | None", privileges: bool) -> list[str]:
    """What verify leaves uncompared: without --privileges, the owners, grants and roles of the history."""
    if privileges or compiled is None or not compiled.privileges_left_out:
        return []
    return ["owners, privileges and roles: the history has them (the baseline's header lists them) and verify "
            "compares them only with --privileges"]


def _origin(compiled: _Compiled | None):
    describe = getattr(getattr(compiled, "catalog", None), "describe_origin", None)
    return describe if callable(describe) else None


def _tracking_table(baseline_sql: str) -> frozenset[str]:
    """The baseline's own tracking table (named in its header; the default for a baseline from elsewhere):
    the tool's bookkeeping, left out of the comparison. A legacy table of another name is compared."""
    return frozenset({tracking.of_baseline(baseline_sql) or tracking.DEFAULT_NAME})


def _read_baseline(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"baseline file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"baseline is a folder, not a file: {path}") from None
    except OSError as e:
        raise InputError(f"cannot read baseline {path}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise InputError(f"baseline {path} is not valid UTF-8 (byte {e.start})") from None


# -- applying the baseline --------------------------------------------------------------------


def apply_baseline(cluster: Cluster, dbname: str, sql: str, *, label: str = "baseline") -> None:
    """``psql -X -v ON_ERROR_STOP=1 -1 -f``: the baseline must apply whole to an empty database.

    ``label`` names the baseline in the error: its file name, or "compiled baseline".
    """
    with tempfile.TemporaryDirectory(prefix="consolidator-baseline-") as tmp:
        path = Path(tmp) / "baseline.sql"
        path.write_text(sql, encoding="utf-8")
        result = cluster.psql_file(dbname, path)
        if result.returncode != 0:
            errors = [m for m in parse_messages(result.stderr, str(path)) if m.is_error]
            if errors:
                e = errors[0]
                where = f"{label}:{e.line}" if Path(label).suffix else f"{label}, line {e.line}"
                raise BaselineDoesNotApply(f"baseline does not apply: {where}: {e.sqlstate or 'psql'}: {e.one_line()}")
            raise BaselineDoesNotApply(f"baseline does not apply: {' '.join(result.stderr.split())[:300]}")


# -- the two modes ----------------------------------------------------------------------------


def _verify_legacy(options: VerifyOptions, progress: ProgressFactory, existing: Cluster | None) -> VerifyReport:
    legacy_dir = options.legacy_dir or DEFAULT_LEGACY_DIR
    sources = discover(legacy_dir, options.order, options.layout)
    mode = policy(options.on_error)
    compiled = _compile(legacy_dir, options.order, mode, options.layout, options.privileges)
    baseline_sql = _read_baseline(options.baseline) if options.baseline else compiled.sql
    baseline_label = str(options.baseline) if options.baseline else "compiled baseline"

    with _databases(["legacy", "legacy_again", "baseline"], options.keep, existing) as db:
        total = len(sources.migrations)
        first = replay_sources(*db["legacy"], sources, on_error=mode, progress=progress("legacy replay", total))
        second = replay_sources(*db["legacy_again"], sources, on_error=mode, progress=progress("second replay", total))
        apply_baseline(*db["baseline"], baseline_sql, label=baseline_label)

        own = _tracking_table(baseline_sql)
        legacy = snapshot(db["legacy"].dsn, privileges=options.privileges, exclude_tables=own, what="legacy database")
        again = snapshot(db["legacy_again"].dsn, privileges=options.privileges, exclude_tables=own, what="legacy database")
        base = snapshot(db["baseline"].dsn, privileges=options.privileges, exclude_tables=own, what="baseline database")
        volatility = find_volatile(legacy, again)
        findings = compare(legacy, base, labels=("legacy", "baseline"), origin=_origin(compiled), volatility=volatility)
        findings, gaps = split_gaps(findings, compiled)
        dump_entries, dumped = _dump_backstop(db["legacy"].cluster.bindir, db["legacy"].dsn, db["baseline"].dsn,
                                              options.privileges, own, "legacy", findings or gaps)
        dumped, dump_gaps = split_gaps(dumped, compiled)
        findings, gaps = findings + dumped, gaps + dump_gaps
        findings += compare_predictions(first, compiled.failed_files)
        if [f.status for f in first.files] != [f.status for f in second.files]:
            raise ConsolidatorError("the two legacy replays disagree on which files fail: the history is not deterministic")
        kept = _kept(db) if options.keep else None

    return VerifyReport(
        mode="legacy",
        reference_label="legacy",
        legacy_dir=str(legacy_dir),
        baseline=baseline_label,
        order=options.order.value,
        on_error=mode.value,
        files=first.files,
        skipped=[f"{s.name}: {s.reason}" for s in sources.skipped],
        predicted_failures=sorted(compiled.failed_files),
        volatile=volatility.describe(),
        objects_compared=legacy.count(),
        dump_entries_compared=dump_entries,
        rows_compared=sum(len(t.rows) for t in legacy.rows.values()),
        findings=findings,
        gaps=gaps,
        not_compared=_not_compared(compiled, options.privileges),
        kept=kept,
    )


def _verify_drift(options: VerifyOptions, progress: ProgressFactory, existing: Cluster | None) -> VerifyReport:
    assert options.dsn is not None
    if not options.dsn.strip():
        raise InputError("--dsn is empty: give a libpq connection string or URI")
    connect(options.dsn).close()  # unreachable database: fail before starting anything
    compiled: _Compiled | None = None
    legacy_dir = options.legacy_dir
    if options.baseline is None:
        legacy_dir = legacy_dir or DEFAULT_LEGACY_DIR
    if legacy_dir is not None:
        compiled = _compile(legacy_dir, options.order, policy(options.on_error), options.layout, options.privileges)
    baseline_sql = _read_baseline(options.baseline) if options.baseline else compiled.sql
    baseline_label = str(options.baseline) if options.baseline else f"baseline compiled from {legacy_dir}"

    with _databases(["baseline", "baseline_again"], options.keep, existing) as db:
        step = progress("baseline", 2)
        apply_baseline(*db["baseline"], baseline_sql, label=baseline_label)
        step(1, 2, "baseline")
        apply_baseline(*db["baseline_again"], baseline_sql, label=baseline_label)
        step(2, 2, "baseline_again")
        own = _tracking_table(baseline_sql)
        base = snapshot(db["baseline"].dsn, privileges=options.privileges, exclude_tables=own, what="baseline database")
        again = snapshot(db["baseline_again"].dsn, privileges=options.privileges, exclude_tables=own,
                         what="baseline database")
        seeded = [t for t, rows in base.rows.items() if rows.rows]
        live = snapshot(options.dsn, privileges=options.privileges, row_tables=seeded, exclude_tables=own)
        volatility = merge_volatility(find_volatile(base, again))
        findings = compare(
            live, base, labels=("database", "baseline"), origin=_origin(compiled), volatility=volatility,
            report_reference_only_rows=False, sequences_may_advance=True,
        )
        findings, gaps = split_gaps(findings, compiled)
        dump_entries, dumped = _dump_backstop(db["baseline"].cluster.bindir, options.dsn, db["baseline"].dsn,
                                              options.privileges, own, "database", findings or gaps)
        dumped, dump_gaps = split_gaps(dumped, compiled)
        findings, gaps = findings + dumped, gaps + dump_gaps
        kept = _kept(db) if options.keep else None

    return VerifyReport(
        mode="drift",
        reference_label="database",
        legacy_dir=str(legacy_dir) if legacy_dir else None,
        baseline=baseline_label,
        dsn=redact(options.dsn),
        volatile=volatility.describe(),
        objects_compared=live.count(),
        dump_entries_compared=dump_entries,
        rows_compared=sum(len(t.rows) for t in live.rows.values()),
        findings=findings,
        gaps=gaps,
        not_compared=_not_compared(compiled, options.privileges),
        kept=kept,
    )


_DUMP_FINDINGS = 20


def _dump_backstop(bindir: Path, reference_dsn: str, baseline_dsn: str, privileges: bool, own: frozenset[str],
                   label: str, already: list) -> tuple[int, list[Finding]]:
    """pg_dump --schema-only of both sides: (entries compared, findings). The dump's differences become findings
    only where the structured comparison found none: they then show what it does not read."""
    pg_dump = bindir / "pg_dump"
    reference = schema_entries(pg_dump, reference_dsn, privileges=privileges, exclude_tables=own)
    baseline = schema_entries(pg_dump, baseline_dsn, privileges=privileges, exclude_tables=own)
    if already:
        return sum(reference.values()), []
    findings = [_dump_finding(d, label) for d in differences(reference, baseline)]
    return sum(reference.values()), findings[:_DUMP_FINDINGS]


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dump_finding(d: Difference, label: str) -> Finding:
    name = d.header.removeprefix("Name: ")
    if d.reference is not None and d.baseline is not None:
        ours, theirs = first_difference(d.reference, d.baseline)
        category, text = "changed", f"{_clip(ours)} in {label}, {_clip(theirs)} in baseline"
    elif d.reference is not None:
        category, text = "missing", f"in {label}, not in baseline: {_clip(d.reference)}"
    else:
        category, text = "extra", f"in baseline, not in {label}: {_clip(d.baseline)}"
    return Finding(category=category, kind="pg_dump entry", name=name, reference=d.reference, baseline=d.baseline,
                   message=f"pg_dump --schema-only entry {_clip(name, 120)}: {text}")


class _Database(NamedTuple):
    cluster: Cluster
    name: str

    @property
    def dsn(self) -> str:
        return self.cluster.dsn(self.name)


@contextlib.contextmanager
def _databases(names: list[str], keep: bool, existing: Cluster | None) -> Iterator[dict[str, _Database]]:
    """One fresh database per name, each on a throwaway server of its own (roles are server-wide).

    With ``existing`` (the test suite's shared server) they are databases with unique names on it.
    """
    if existing is None:
        with throwaway_servers(len(names), keep=keep) as servers:
            dbs = {name: _Database(server, name) for name, server in zip(names, servers)}
            for d in dbs.values():
                d.cluster.create_database(d.name)
            yield dbs
        return
    prefix = f"v{uuid.uuid4().hex[:8]}_"
    dbs = {name: _Database(existing, prefix + name) for name in names}
    try:
        for d in dbs.values():
            existing.create_database(d.name)
        yield dbs
    finally:
        if not keep:
            for d in dbs.values():
                with contextlib.suppress(ConsolidatorError):
                    existing.drop_database(d.name)


def _kept(dbs: dict[str, _Database]) -> str:
    lines = [f"{name} database: {d.dsn}" for name, d in dbs.items()]
    stops = dict.fromkeys(d.cluster.stop_command() for d in dbs.values())
    lines.extend(f"stop with: {command}" for command in stops)
    return "\n".join(lines)
