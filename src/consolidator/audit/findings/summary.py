"""Summary: the files (replayed, failed, passed over), the statements by kind and what became of them, the objects of
the baseline by kind, and whether the history keeps a tracking table of its own."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.model import tracking

# Tables migration runners keep their history in (unquoted names, as the server folds them), and who keeps them.
RUNNER_TABLES = {
    "schema_migrations": "golang-migrate, dbmate, Rails", "flyway_schema_history": "Flyway",
    "databasechangelog": "Liquibase", "alembic_version": "Alembic", "django_migrations": "Django",
    "knex_migrations": "Knex", "_prisma_migrations": "Prisma", "goose_db_version": "goose",
    "SequelizeMeta": "Sequelize", "migrations": "TypeORM, Laravel",
}
STATUSES = ("applied", "not-modelled", "failed", "rolled-back")


class KindCount(BaseModel):
    kind: str
    total: int
    applied: int
    not_modelled: int
    failed: int
    rolled_back: int


class Summary(BaseModel):
    folder: str
    fingerprint: str
    files_in_folder: int
    migrations: int
    replayed: int  # applied without error
    failed: int
    skipped: int
    statements: int
    statements_by_status: dict[str, int]
    statements_by_kind: list[KindCount]
    objects: dict[str, int]
    tracking_table: str | None  # the history's own, if it has one
    tracking_note: str
    baseline_tracking_table: str


def compute(history: History, lineage: Lineage | None = None) -> Summary:
    catalog = history.catalog
    by_kind: dict[str, dict[str, int]] = {}
    for e in history.events:
        by_kind.setdefault(e.kind, dict.fromkeys(STATUSES, 0))[e.status] += 1
    kinds = [KindCount(kind=k, total=sum(c.values()), applied=c["applied"], not_modelled=c["not-modelled"],
                       failed=c["failed"], rolled_back=c["rolled-back"])
             for k, c in sorted(by_kind.items(), key=lambda kc: (-sum(kc[1].values()), kc[0]))]
    constraints = [c for t in catalog.tables.values() for c in t.constraints]
    objects = {
        "tables": len(catalog.tables), "columns": sum(len(t.columns) for t in catalog.tables.values()),
        "primary keys": sum(c.kind == "primary key" for c in constraints),
        "unique constraints": sum(c.kind == "unique" for c in constraints),
        "check constraints": sum(c.kind == "check" for c in constraints),
        "foreign keys": sum(c.kind == "foreign key" for c in constraints),
        "indexes": len(catalog.indexes), "sequences": len(catalog.sequences), "enum types": sum(t.noun == "enum" for t in catalog.types.values()),
        "domains": sum(t.noun == "domain" for t in catalog.types.values()),
        "composite types": sum(t.noun == "composite" for t in catalog.types.values()),
        "range types": sum(t.noun == "range" for t in catalog.types.values()),
        "extensions": len(catalog.extensions), "schemas": len(catalog.schemas),
        "functions (known by name, not modelled)": sum(u.kind == "function" for u in catalog.unmodelled.values()),
    }
    own = [(key, RUNNER_TABLES[key.partition(".")[2]]) for key in catalog.tables if key.partition(".")[2] in RUNNER_TABLES]
    baseline = tracking.choose(catalog.tables)
    if own:
        note = "; ".join(f"{key} (the table {who} keep)" for key, who in own)
    else:
        note = "none: no table of the history is a migration runner's tracking table"
    statuses = {s: history.replay.count(s) for s in STATUSES}
    failed = len(history.replay.failed_files)
    return Summary(
        folder=history.folder, fingerprint=history.sources.fingerprint(),
        files_in_folder=len(history.sources.migrations) + len(history.sources.skipped),
        migrations=len(history.sources.migrations), replayed=len(history.sources.migrations) - failed, failed=failed,
        skipped=len(history.sources.skipped), statements=len(history.events), statements_by_status=statuses,
        statements_by_kind=kinds, objects=objects, tracking_table=own[0][0] if own else None, tracking_note=note,
        baseline_tracking_table=baseline.name)


def markdown(section: Summary) -> list[str]:
    s = section
    by = s.statements_by_status
    out = [md.heading(2, "Summary"), ""]
    out += md.bullets([
        f"**Files in the folder**: {s.files_in_folder}: {s.migrations} migrations replayed ({s.replayed} applied, "
        f"{s.failed} rejected and rolled back), {s.skipped} passed over",
        f"**Statements**: {s.statements}: {by['applied']} applied, {by['not-modelled']} not modelled yet, "
        f"{by['failed']} rejected, {by['rolled-back']} rolled back with their file",
        "**Objects in the baseline**: " + ", ".join(f"{n} {_one(k) if n == 1 else k}" for k, n in s.objects.items() if n),
        f"**Tracking table of its own**: {md.text(s.tracking_note)}; the baseline adds {md.code(s.baseline_tracking_table)}",
    ])
    out += ["", md.heading(3, "Statements by kind"), ""]
    out += md.table(["kind", "statements", "applied", "not modelled", "rejected", "rolled back"],
                    [[md.cell_code(k.kind), str(k.total), str(k.applied), str(k.not_modelled), str(k.failed),
                      str(k.rolled_back)] for k in s.statements_by_kind])
    out.append("")
    return out


def _one(plural: str) -> str:
    words = {"indexes": "index", "functions (known by name, not modelled)": "function (known by name, not modelled)",
             "primary keys": "primary key", "foreign keys": "foreign key", "unique constraints": "unique constraint",
             "check constraints": "check constraint", "enum types": "enum type"}
    return words.get(plural, plural.removesuffix("s"))
