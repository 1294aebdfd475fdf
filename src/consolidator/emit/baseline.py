"""Assemble 000_consolidated_baseline.sql: the header, the plan's units in order, the tracking table."""

from __future__ import annotations

from dataclasses import dataclass, field

from consolidator.emit.down import dollar_quote, render_down
from consolidator.emit.privileges import PrivilegeSql
from consolidator.emit.render import comment, comment_text, literal, unit_sql
from consolidator.emit.rows import rows_sql
from consolidator.model import tracking
from consolidator.model.names import quote
from consolidator.order.plan import Plan
from consolidator.order.units import SECTION_TITLES, FunctionUnit, PolicyUnit, RowsUnit, SequencePositionUnit

BASELINE_VERSION = tracking.BASELINE_VERSION


@dataclass
class Header:
    source: str  # the legacy folder's name as given, never an absolute path
    fingerprint: str  # sha256 over the replayed files (name and checksum, in apply order)
    counts: dict[str, int]  # e.g. {"files": 56, "failed files": 3, "statements applied": 230, ...}
    tracking: tracking.TrackingTable = field(default_factory=lambda: tracking.choose(()))
    # (title, lines): what is not in this baseline and why, one line per statement or file, with file:line.
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    privileges: PrivilegeSql = field(default_factory=PrivilegeSql)  # roles and grants (build --privileges)
    notes: list[str] = field(default_factory=list)  # comment lines after the roles line (passwords never copied)


def tracking_table_sql(name: str) -> str:
    columns = ",\n".join(f"  {column} {definition}" for column, definition in tracking.COLUMNS)
    return f"CREATE TABLE IF NOT EXISTS {quote(name)} (\n{columns}\n);"


def required_roles(plan: Plan) -> list[str]:
    """The named roles of the policies: the model does not know the target's roles, the baseline fails without them."""
    return sorted({role for unit in plan.units if isinstance(unit, PolicyUnit) for role in unit.policy.roles
                   if role not in ("public", "CURRENT_USER", "SESSION_USER", "CURRENT_ROLE")})


def render_baseline(plan: Plan, header: Header, provenance: bool = True, content: str = "all") -> str:
    """`content`: "all"; "schema" (no seed rows); "data" (the seed rows and sequence positions only, for a
    database that has the schema already: no tracking table either)."""
    out: list[str] = []
    emit = out.append
    emit(f"{tracking.HEADER_PREFIX}{comment_text(header.source)}/. Do not edit by hand:")
    emit("-- change the legacy files or the tool, then run `make baseline` (or `consolidator build`).")
    emit(f"-- Input fingerprint (sha256 over the replayed files): {header.fingerprint}")
    emit("-- Replay: " + ", ".join(f"{v} {k}" for k, v in header.counts.items()))
    if content == "data":
        emit("-- Seed rows and sequence positions only (--data-only): apply to a database that has the schema.")
    else:
        emit(f"{tracking.TRACKING_LINE}{comment_text(quote(header.tracking.name))} ({comment_text(header.tracking.reason)})")
        emit("-- Apply to an empty database: psql -v ON_ERROR_STOP=1 -1 -f 000_consolidated_baseline.sql")
    roles = required_roles(plan)
    if roles:
        emit(comment(f"Roles the target server must have (policies name them): {', '.join(map(quote, roles))}"))
    named = [r for r in header.privileges.required_roles if r not in roles]
    if named:
        emit(comment("Roles the target server must have (the history creates or names them"
                     + (", and this baseline creates the missing ones" if header.privileges.roles else "")
                     + f"): {', '.join(map(quote, named))}"))
    out.extend(header.notes)
    for title, lines in header.sections:
        if lines:
            emit("--")
            emit(comment(f"{title}:"))
            for line in lines:
                emit(comment(f"  {line}"))
    emit("")

    def section(title: str) -> None:
        emit(f"-- ===== {title} " + "=" * max(0, 70 - len(title)))
        emit("")

    if _string_sql_bodies(plan):
        # The server keeps no dependency on the names inside a LANGUAGE sql string body, so the history may have
        # dropped or changed a table or column such a body reads; the body is then emitted as the server holds it,
        # and checking it at CREATE would fail. pg_dump turns the check off for the same reason.
        emit("-- LANGUAGE sql bodies are created as the server holds them, unchecked (as pg_dump does):")
        emit("SET check_function_bodies = false;")
        emit("")

    if header.privileges.roles:
        section("Roles (created only where the server lacks them)")
        out.extend(header.privileges.roles)
        emit("")

    previous = None
    for unit in plan.units:
        if content == "schema" and isinstance(unit, RowsUnit):
            continue
        if content == "data" and not isinstance(unit, (RowsUnit, SequencePositionUnit)):
            continue
        if previous is not None and unit.group != previous.group:
            emit("")
        if previous is None or unit.section != previous.section:
            section(SECTION_TITLES[unit.section])
        out.extend(rows_sql(unit, provenance) if isinstance(unit, RowsUnit) else unit_sql(unit, provenance))
        previous = unit
    if previous is not None:
        emit("")

    if content == "data":
        return "\n".join(out) + "\n"
    if header.privileges.statements:
        section("Privileges (owners and grants)")
        out.extend(header.privileges.statements)
        emit("")

    name = quote(header.tracking.name)
    section("Migration tracking")
    emit(tracking_table_sql(header.tracking.name))
    emit("")
    emit("-- The baseline's own row: checksum is the input fingerprint above; rollback_sql drops what this file built.")
    emit(
        f"INSERT INTO {name} (version, checksum, success, rollback_sql)\n"
        f"VALUES ({literal(BASELINE_VERSION)}, {literal(header.fingerprint)}, true, "
        f"{dollar_quote(chr(10) + render_down(plan), 'rollback')})\n"
        "ON CONFLICT (version) DO NOTHING;"
    )
    if header.privileges.defaults:
        emit("")
        section("Default privileges (for the objects created after this baseline)")
        out.extend(header.privileges.defaults)
    return "\n".join(out) + "\n"


def _string_sql_bodies(plan: Plan) -> bool:
    return any(isinstance(u, FunctionUnit) and u.function.language == "sql" and u.function.sql_body is None
               for u in plan.units)
