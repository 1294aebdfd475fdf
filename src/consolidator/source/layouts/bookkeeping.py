"""Other tools' bookkeeping tables. A tool creates its table before it runs the first migration, so a history
that refers to it (alters it, reads it in a view, drops it) ran with it present. When a folder's files refer to
their tool's table and none of them creates it, the replay starts with the table as that tool creates it: a
file named `(<tool>) <table>.sql` is put first, holding the tool's own DDL (from each tool's source, for
PostgreSQL). It is replayed like the others, by the model and by verify's psql, and the table is part of the
baseline: the history built the database with it, and changed it (its rows are the old tool's and are not
carried over). Consolidator's own tracking table then takes its fallback name when the names clash
(model/tracking.py). A folder that never names the table gets none: it was the tool's alone.

Not known yet: Sqitch's `sqitch` schema, Liquibase's databasechangelog, popx's schema_migration."""

from __future__ import annotations

import re

from consolidator.source.files import source_file
from consolidator.source.layouts.common import Reading

# tool -> (table, the DDL the tool runs on PostgreSQL before its first migration)
TABLES: dict[str, tuple[str, str]] = {
    # golang-migrate database/postgres ensureVersionTable (in the connection's current schema)
    "golang-migrate": ("schema_migrations", 'CREATE TABLE IF NOT EXISTS "schema_migrations" '
                                            "(version bigint not null primary key, dirty boolean not null);\n"),
    # dbmate pkg/driver/postgres CreateMigrationsTable
    "dbmate": ("schema_migrations", "create table if not exists public.schema_migrations "
                                    "(version varchar(128) primary key);\n"),
    # goose internal/dialect/dialectquery Postgres.CreateTable
    "goose": ("goose_db_version", "CREATE TABLE goose_db_version (\n\tid serial NOT NULL,\n"
                                  "\tversion_id bigint NOT NULL,\n\tis_applied boolean NOT NULL,\n"
                                  "\ttstamp timestamp NULL default now(),\n\tPRIMARY KEY(id)\n);\n"),
    # diesel_migrations' setup of the migrations table
    "diesel": ("__diesel_schema_migrations", "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (\n"
                                             "       version VARCHAR(50) PRIMARY KEY NOT NULL,\n"
                                             "       run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\n"),
    # prisma-engines schema-engine, PostgreSQL flavour
    "prisma": ("_prisma_migrations", "CREATE TABLE _prisma_migrations (\n"
                                     "    id                      VARCHAR(36) PRIMARY KEY NOT NULL,\n"
                                     "    checksum                VARCHAR(64) NOT NULL,\n"
                                     "    finished_at             TIMESTAMPTZ,\n"
                                     "    migration_name          VARCHAR(255) NOT NULL,\n"
                                     "    logs                    TEXT,\n"
                                     "    rolled_back_at          TIMESTAMPTZ,\n"
                                     "    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                                     "    applied_steps_count     INTEGER NOT NULL DEFAULT 0\n);\n"),
    # Flyway's PostgreSQL createMetaDataTable.sql, in the default schema
    "flyway": ("flyway_schema_history", 'CREATE TABLE "flyway_schema_history" (\n'
                                        '    "installed_rank" INT NOT NULL,\n    "version" VARCHAR(50),\n'
                                        '    "description" VARCHAR(200) NOT NULL,\n    "type" VARCHAR(20) NOT NULL,\n'
                                        '    "script" VARCHAR(1000) NOT NULL,\n    "checksum" INTEGER,\n'
                                        '    "installed_by" VARCHAR(100) NOT NULL,\n'
                                        '    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),\n'
                                        '    "execution_time" INTEGER NOT NULL,\n    "success" BOOLEAN NOT NULL\n);\n'
                                        'ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" '
                                        'PRIMARY KEY ("installed_rank");\n\n'
                                        'CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" '
                                        '("success");\n'),
    # Atlas's revisions table, in its own schema (a URL not bound to a schema), as Atlas creates it on PostgreSQL
    "atlas": ("atlas_schema_revisions", 'CREATE SCHEMA IF NOT EXISTS "atlas_schema_revisions";\n'
                                        'CREATE TABLE "atlas_schema_revisions"."atlas_schema_revisions" (\n'
                                        '  "version" character varying NOT NULL,\n'
                                        '  "description" character varying NOT NULL,\n'
                                        '  "type" bigint NOT NULL DEFAULT 2,\n'
                                        '  "applied" bigint NOT NULL DEFAULT 0,\n'
                                        '  "total" bigint NOT NULL DEFAULT 0,\n'
                                        '  "executed_at" timestamptz NOT NULL,\n'
                                        '  "execution_time" bigint NOT NULL,\n'
                                        '  "error" text NULL,\n  "error_stmt" text NULL,\n'
                                        '  "hash" character varying NOT NULL,\n'
                                        '  "partial_hashes" jsonb NULL,\n'
                                        '  "operator_version" character varying NOT NULL,\n'
                                        '  PRIMARY KEY ("version")\n);\n'),
}


def file_name(tool: str) -> str:
    return f"({tool}) {TABLES[tool][0]}.sql"


def add_tool_table(tool: str, reading: Reading) -> None:
    """Put the tool's table first when a migration names it and none creates it."""
    if tool not in TABLES or not reading.migrations:
        return
    table = TABLES[tool][0]
    named = re.compile(rb'(?<![\w$])"?' + re.escape(table.encode()) + rb'"?(?![\w$])', re.I)
    created = re.compile(rb'\bcreate\s+table\s+(?!if\s+not\s+exists)(?:"?public"?\s*\.\s*)?"?'
                         + re.escape(table.encode()) + rb'"?(?![\w$])', re.I)
    if not any(named.search(m.data) for m in reading.migrations):
        return
    if any(created.search(m.data) for m in reading.migrations):
        return
    ddl = TABLES[tool][1].encode()
    reading.migrations.insert(0, source_file(file_name(tool), ddl, None))
    reading.note(f"{file_name(tool)}:1", f"{table}: {tool} creates it before the first migration and the history "
                                         "refers to it: replayed first, as the tool creates it, and kept in the "
                                         "baseline (its rows, the tool's bookkeeping, are not)")
