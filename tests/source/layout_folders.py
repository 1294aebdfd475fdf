"""Small folders in each migration tool's real format, and the up files that tool applies, in its order.

Each folder holds a down or undo file (or section) that breaks the result if it is replayed, and an order that a
plain name sort gets wrong."""

from __future__ import annotations

from pathlib import Path

CREATE = "CREATE TABLE t (id integer PRIMARY KEY);\n"
ADD_A = "ALTER TABLE t ADD COLUMN a integer;\n"
RENAME_A = "ALTER TABLE t RENAME COLUMN a TO b;\n"
ADD_C = "ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT 'x';\n"
VIEW_BASE = "CREATE OR REPLACE VIEW vb AS SELECT id, b, c FROM t;\n"
VIEW_TOP = "CREATE OR REPLACE VIEW vt AS SELECT b FROM vb WHERE c <> '';\n"
UNDO = "DROP TABLE t CASCADE;\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


FLYWAY = {
    "V1__create.sql": CREATE,
    "V1.10__rename.sql": RENAME_A,  # a name sort puts it before V1.9
    "V1.9__add_a.sql": ADD_A,
    "U1.10__rename.sql": "ALTER TABLE t RENAME COLUMN b TO a;\n",
    "V2__add_c.sql": ADD_C,
    "U2__add_c.sql": "ALTER TABLE t DROP COLUMN c;\n",
    "R__2_top.sql": VIEW_TOP,  # repeatables after every versioned file, by description
    "R__1_base.sql": VIEW_BASE,
    "V2.sql.bak": UNDO,
    "README.md": "notes\n",
}
FLYWAY_ORDER = ["V1__create.sql", "V1.9__add_a.sql", "V1.10__rename.sql", "V2__add_c.sql", "R__1_base.sql",
                "R__2_top.sql"]

GOLANG_MIGRATE = {
    "1_create.up.sql": CREATE,
    "1_create.down.sql": UNDO,
    "2_add_a.up.sql": ADD_A,
    "2_add_a.down.sql": "ALTER TABLE t DROP COLUMN a;\n",
    "10_rename.up.sql": RENAME_A,  # a name sort puts it before 2
    "10_rename.down.sql": "ALTER TABLE t RENAME COLUMN b TO a;\n",
    "11_add_c.up.sql": ADD_C,
    "12_views.up.sql": VIEW_BASE + VIEW_TOP,
    "12_views.down.sql": "DROP VIEW vt;\nDROP VIEW vb;\n",
}
GOLANG_MIGRATE_ORDER = ["1_create.up.sql", "2_add_a.up.sql", "10_rename.up.sql", "11_add_c.up.sql", "12_views.up.sql"]


def dbmate_file(up: str, down: str, options: str = "") -> str:
    return f"-- migrate:up{options}\n{up}\n-- migrate:down\n{down}"


DBMATE = {
    "20240101000000_create.sql": dbmate_file(CREATE, UNDO),
    "20240102000000_add_a.sql": dbmate_file(ADD_A, "ALTER TABLE t DROP COLUMN a;\n"),
    "20240103000000_rename.sql": dbmate_file(RENAME_A, "ALTER TABLE t RENAME COLUMN b TO a;\n"),
    "20240104000000_add_c.sql": dbmate_file(ADD_C, "ALTER TABLE t DROP COLUMN c;\n", " transaction:false"),
    "20240105000000_views.sql": dbmate_file(VIEW_BASE + VIEW_TOP, "DROP VIEW vt;\nDROP VIEW vb;\n"),
    "schema.sql.txt": "not a migration\n",
}
DBMATE_ORDER = sorted(n for n in DBMATE if n.endswith(".sql"))
DBMATE_UP = [CREATE, ADD_A, RENAME_A, ADD_C, VIEW_BASE + VIEW_TOP]

FUNCTION = """CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.c := NEW.c || '!';
  RETURN NEW;
END;
$$;
"""


def goose_file(up: str, down: str, *, begin_end: bool = False, no_transaction: bool = False) -> str:
    head = "-- +goose NO TRANSACTION\n" if no_transaction else ""
    if begin_end:
        up = f"-- +goose StatementBegin\n{up}-- +goose StatementEnd\n"
    return f"{head}-- +goose Up\n{up}\n-- +goose Down\n{down}"


GOOSE = {
    "00001_create.sql": goose_file(CREATE, UNDO),
    "00002_add_a.sql": goose_file(ADD_A, "ALTER TABLE t DROP COLUMN a;\n"),
    "10_rename.sql": goose_file(RENAME_A, "ALTER TABLE t RENAME COLUMN b TO a;\n"),  # version 10: after 2
    "11_add_c.sql": goose_file(ADD_C, "ALTER TABLE t DROP COLUMN c;\n", no_transaction=True),
    "12_function.sql": goose_file(FUNCTION, "DROP FUNCTION bump();\n", begin_end=True),
    "13_views.sql": goose_file(VIEW_BASE + VIEW_TOP, "DROP VIEW vt;\nDROP VIEW vb;\n"),
    "14_seed.go": "package migrations\n",
}
GOOSE_ORDER = ["00001_create.sql", "00002_add_a.sql", "10_rename.sql", "11_add_c.sql", "12_function.sql",
               "13_views.sql"]
GOOSE_UP = [CREATE, ADD_A, RENAME_A, ADD_C, FUNCTION, VIEW_BASE + VIEW_TOP]

DIESEL_SETUP = """CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
BEGIN
    IF (
        NEW IS DISTINCT FROM OLD AND
        NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
    ) THEN
        NEW.updated_at := current_timestamp;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

DIESEL = {
    "00000000000000_diesel_initial_setup/up.sql": DIESEL_SETUP,
    "00000000000000_diesel_initial_setup/down.sql": "DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);\n"
                                                    "DROP FUNCTION IF EXISTS diesel_set_updated_at();\n",
    "2024-01-01-000000_create/up.sql": CREATE,
    "2024-01-01-000000_create/down.sql": UNDO,
    "2024-01-02-000000_add_a/up.sql": ADD_A,
    "2024-01-02-000000_add_a/down.sql": "ALTER TABLE t DROP COLUMN a;\n",
    "2024-01-03-000000_rename/up.sql": RENAME_A,
    "2024-01-03-000000_rename/down.sql": "ALTER TABLE t RENAME COLUMN b TO a;\n",
    "2024-01-04-000000_add_c/up.sql": ADD_C,
    "2024-01-04-000000_add_c/metadata.toml": "run_in_transaction = false\n",
    "2024-01-05-000000_views/up.sql": VIEW_BASE + VIEW_TOP,
    "2024-01-05-000000_views/down.sql": "DROP VIEW vt;\nDROP VIEW vb;\n",
    ".keep": "",
}
DIESEL_ORDER = sorted(n for n in DIESEL if n.endswith("/up.sql"))
DIESEL_UP = [DIESEL[n] for n in DIESEL_ORDER]

PRISMA = {
    "migration_lock.toml": '# Please do not edit this file manually\nprovider = "postgresql"\n',
    "20240101000000_create/migration.sql": CREATE,
    "20240102000000_add_a/migration.sql": ADD_A,
    "20240102000000_add_a/down.sql": "ALTER TABLE t DROP COLUMN a;\n",
    "20240103000000_rename/migration.sql": RENAME_A,
    "20240103000000_rename/down.sql": "ALTER TABLE t RENAME COLUMN b TO a;\n",
    "20240104000000_add_c/migration.sql": ADD_C,
    "20240105000000_views/migration.sql": VIEW_BASE + VIEW_TOP,
    "20240105000000_views/down.sql": UNDO,
}
PRISMA_ORDER = sorted(n for n in PRISMA if n.endswith("/migration.sql"))
PRISMA_UP = [PRISMA[n] for n in PRISMA_ORDER]


def sqitch_script(kind: str, change: str, body: str) -> str:
    """A script as `sqitch add` writes it: a comment naming it, and its own transaction."""
    return f"-- {kind} flipr:{change} to pg\n\nBEGIN;\n\n{body}\nCOMMIT;\n"


VIEWS_V1 = "CREATE OR REPLACE VIEW vb AS SELECT id, b FROM t;\nCREATE OR REPLACE VIEW vt AS SELECT b FROM vb;\n"
_PLANNER = "Marge N. O'Vera <marge@example.com>"
SQITCH_PLAN = f"""%syntax-version=1.0.0
%project=flipr
%uri=https://example.com/flipr/

create_t 2024-01-01T10:00:00Z {_PLANNER} # Creates t.
add_a [create_t] 2024-01-02T10:00:00Z {_PLANNER} # Adds a.
rename_a [add_a] 2024-01-03T10:00:00Z {_PLANNER} # Renames a to b.
@v1.0 2024-01-03T11:00:00Z {_PLANNER} # Tag v1.0.

add_c [create_t !dropped_c] 2024-01-04T10:00:00Z {_PLANNER} # Adds c.
views [rename_a add_c] 2024-01-05T10:00:00Z {_PLANNER} # First views.
@v1.1 2024-01-05T11:00:00Z {_PLANNER} # Tag v1.1.

views [views@v1.1] 2024-01-06T10:00:00Z {_PLANNER} # Reworked: the views read c.
"""
SQITCH = {
    "sqitch.conf": '[core]\n\tengine = pg\n\t# plan_file = sqitch.plan\n[engine "pg"]\n\ttarget = db:pg:flipr\n',
    "sqitch.plan": SQITCH_PLAN,
    "deploy/create_t.sql": sqitch_script("Deploy", "create_t", CREATE),
    "deploy/add_a.sql": sqitch_script("Deploy", "add_a", ADD_A),
    "deploy/rename_a.sql": sqitch_script("Deploy", "rename_a", RENAME_A),
    "deploy/add_c.sql": sqitch_script("Deploy", "add_c", ADD_C),
    "deploy/views@v1.1.sql": sqitch_script("Deploy", "views", VIEWS_V1),  # the first instance, as `sqitch rework` kept it
    "deploy/views.sql": sqitch_script("Deploy", "views", VIEW_BASE + VIEW_TOP),
    "deploy/abandoned.sql": sqitch_script("Deploy", "abandoned", UNDO),  # in no plan
    "revert/create_t.sql": sqitch_script("Revert", "create_t", UNDO),
    "revert/add_a.sql": sqitch_script("Revert", "add_a", "ALTER TABLE t DROP COLUMN a;\n"),
    "revert/rename_a.sql": sqitch_script("Revert", "rename_a", "ALTER TABLE t RENAME COLUMN b TO a;\n"),
    "revert/views.sql": sqitch_script("Revert", "views", VIEWS_V1),
    "revert/views@v1.1.sql": sqitch_script("Revert", "views", "DROP VIEW vt;\nDROP VIEW vb;\n"),
    "verify/create_t.sql": "-- Verify flipr:create_t on pg\n\nBEGIN;\n\nSELECT id FROM t WHERE false;\n\nROLLBACK;\n",
    "README.md": "flipr\n",
}
SQITCH_ORDER = ["deploy/create_t.sql", "deploy/add_a.sql", "deploy/rename_a.sql", "deploy/add_c.sql",
                "deploy/views@v1.1.sql", "deploy/views.sql"]
SQITCH_UP = [SQITCH[n] for n in SQITCH_ORDER]

POPX = {
    "1_create.up.sql": CREATE,
    "1_create.down.sql": UNDO,
    "10_add_a.up.sql": "ALTER TABLE t ADD COLUMN a INT UNSIGNED;\n",  # loses to the PostgreSQL file of version 10
    "10_add_a.postgres.up.sql": ADD_A,
    "10_add_a.mysql.up.sql": "ALTER TABLE t ADD COLUMN a INT UNSIGNED AFTER id;\n",
    "10_add_a.down.sql": "ALTER TABLE t DROP COLUMN a;\n",
    "11_rename.autocommit.up.sql": RENAME_A,
    "11_rename.sqlite3.up.sql": "ALTER TABLE t RENAME COLUMN a TO b; -- sqlite\n",
    "11_rename.down.sql": "ALTER TABLE t RENAME COLUMN b TO a;\n",
    "2_add_c.up.sql": ADD_C,  # versions compare as text: '2' after '11', and '1_create' sorts after '11_' by name
    "2_add_c.cockroach.up.sql": "ALTER TABLE t ADD COLUMN c STRING NOT NULL DEFAULT 'x';\n",
    "2_add_c.down.sql": "ALTER TABLE t DROP COLUMN c;\n",
    "3_views.up.sql": VIEW_BASE + VIEW_TOP,
    "3_views.down.sql": "DROP VIEW vt;\nDROP VIEW vb;\n",
}
POPX_ORDER = ["1_create.up.sql", "10_add_a.postgres.up.sql", "11_rename.autocommit.up.sql", "2_add_c.up.sql",
              "3_views.up.sql"]
POPX_UP = [POPX[n] for n in POPX_ORDER]

_LB = "--liquibase formatted sql\n\n"
LIQUIBASE = {
    "liquibase.properties": "changeLogFile=db.changelog-master.sql\nurl=jdbc:postgresql://localhost:5432/app\n",
    "db.changelog-master.sql": f"{_LB}--include file:changes/2-create.sql\n--include file:changes/10-alter.sql\n"
                               "--includeAll path:views/\n",
    "changes/2-create.sql": f"{_LB}--changeset alice:1\n{CREATE}--rollback {UNDO}\n"
                            "--changeset alice:2 dbms:mysql\nALTER TABLE t ADD COLUMN a INT UNSIGNED;\n\n"
                            f"--changeset alice:3 dbms:postgresql,h2\n{ADD_A}--rollback ALTER TABLE t DROP COLUMN a;\n",
    "changes/10-alter.sql": f"{_LB}--changeset bob:rename runOnChange:true\n--preconditions onFail:MARK_RAN\n"
                            "--precondition-sql-check expectedResult:1 SELECT count(*) FROM information_schema.columns "
                            f"WHERE column_name = 'a'\n{RENAME_A}/* liquibase rollback\n"
                            "ALTER TABLE t RENAME COLUMN b TO a;\n*/\n"
                            f"--changeset bob:add_c runInTransaction:false\n{ADD_C}--rollback ALTER TABLE t DROP COLUMN c;\n",
    "views/1_base.sql": f"{_LB}--changeset carol:views endDelimiter:/ splitStatements:true\n"
                        "CREATE OR REPLACE VIEW vb AS SELECT id, b, c FROM t\n/\n"
                        "CREATE OR REPLACE VIEW vt AS SELECT b FROM vb WHERE c <> ''\n/\n"
                        "--rollback DROP VIEW vt;\n--rollback DROP VIEW vb;\n",
    "views/README.txt": "views\n",
    "orphan.sql": f"{_LB}--changeset dave:1\n{UNDO}",  # no changelog includes it
}
LIQUIBASE_ORDER = ["changes/2-create.sql", "changes/10-alter.sql", "views/1_base.sql"]  # the master's, not the names'
LIQUIBASE_UP = [CREATE + ADD_A, RENAME_A + ADD_C, VIEW_BASE + VIEW_TOP]


def with_atlas_sum(files: dict[str, str]) -> dict[str, str]:
    """The folder with the atlas.sum `atlas migrate hash` writes for it (the hash is checked against Atlas's own
    output in test_layouts.py)."""
    from consolidator.source.layouts.atlas import hash_file, total

    top = sorted((n, t.encode()) for n, t in files.items() if "/" not in n and n.endswith(".sql"))
    entries = hash_file(top)
    return {**files, "atlas.sum": f"h1:{total(entries)}\n" + "".join(f"{n} h1:{h}\n" for n, h in entries)}


ATLAS = with_atlas_sum({
    "20240101000000_create.sql": "-- Create \"t\" table\n" + CREATE.replace("id integer", "id bigint"),
    "20240102000000_add_a.sql": ADD_A,
    # a new database starts here, as Atlas starts it: the files before the checkpoint are never run
    "20240103000000_checkpoint.sql": f"-- atlas:checkpoint v1\n\n{CREATE}{ADD_A}",
    "20240104000000_rename.sql": f"-- atlas:txmode none\n\n{RENAME_A}",
    "20240105000000_add_c.sql": ADD_C,
    "20240106000000_views.sql": VIEW_BASE + VIEW_TOP,
    "down/20240106000000_views.sql": UNDO,
    "README.md": "atlas migrate apply\n",
})
ATLAS_ORDER = ["20240103000000_checkpoint.sql", "20240104000000_rename.sql", "20240105000000_add_c.sql",
               "20240106000000_views.sql"]
ATLAS_UP = [ATLAS[n] for n in ATLAS_ORDER]
