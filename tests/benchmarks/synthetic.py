"""A large, deterministic legacy history for benchmarks: tables created, altered, renamed, indexed, re-created."""

from __future__ import annotations

import random
from pathlib import Path


def write_history(folder: Path, files: int = 400, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    tables: list[str] = []
    columns: dict[str, list[str]] = {}
    for n in range(files):
        lines: list[str] = []
        if n == 0:
            lines.append('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";')
            lines.append("CREATE TYPE status AS ENUM ('new', 'open', 'closed');")
        for _ in range(rng.randint(3, 8)):
            choice = rng.random()
            if choice < 0.2 or not tables:
                name = f"t{len(tables)}"
                ref = f", parent_id integer REFERENCES {rng.choice(tables)}(id)" if tables and rng.random() < 0.5 else ""
                lines.append(
                    f"CREATE TABLE IF NOT EXISTS {name} (id serial PRIMARY KEY, name varchar(100) NOT NULL, "
                    f"state status DEFAULT 'new', created_at timestamptz DEFAULT now(){ref});"
                )
                tables.append(name)
                columns[name] = ["name", "state", "created_at"]
            else:
                table = rng.choice(tables)
                col = f"c{n}_{len(columns[table])}"
                if choice < 0.55:
                    lines.append(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {col} integer DEFAULT 0;")
                    columns[table].append(col)
                elif choice < 0.7:
                    lines.append(f"CREATE INDEX IF NOT EXISTS idx_{table}_{n} ON {table} (name, created_at DESC);")
                elif choice < 0.8:
                    target = rng.choice(columns[table])
                    lines.append(f"COMMENT ON COLUMN {table}.{target} IS 'changed in file {n}';")
                elif choice < 0.9:
                    lines.append(f"ALTER TABLE {table} ADD COLUMN {col} text, ADD CONSTRAINT {table}_{col}_len "
                                 f"CHECK (char_length({col}) < 500);")
                    columns[table].append(col)
                else:
                    target = rng.choice(columns[table])
                    if target not in ("name", "state", "created_at"):
                        lines.append(f"ALTER TABLE {table} RENAME COLUMN {target} TO {target}_r;")
                        columns[table][columns[table].index(target)] = f"{target}_r"
        (folder / f"{n:04d}_change.sql").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
