"""Owners, privileges, default privileges and roles in the baseline (`build --privileges`), or listed in its header
as left out (without the flag), so that nothing is dropped silently.

Every statement is the model's: role names are quoted identifiers (and string literals in the roles' guard), the
role the history ran as is CURRENT_USER. An object's privileges are written as the statements that take its
kind's default to what the history left (each checked by replaying it on the model's own ACL arithmetic); a
column's from nothing. Default privileges come last, after the tool's tracking table too, so that they reach no
object of the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from consolidator.emit.render import comment, dollar_quote, literal
from consolidator.model.acl import (
    ALL_RIGHTS, BOOTSTRAP, DEFAULT_ACL_KIND, LETTER_NAME, PREDEFINED_ROLES, PUBLIC, Acl, AclItem, acl_default,
    acl_new_owner, acl_text, acl_update, roles_named, same_items,
)
from consolidator.model.catalog import Catalog
from consolidator.model.mutators.privileges import Target
from consolidator.model.names import quote, render_key
from consolidator.order.plan import signature

_FLAGS = {"superuser": ("SUPERUSER", "NOSUPERUSER"), "createdb": ("CREATEDB", "NOCREATEDB"),
          "createrole": ("CREATEROLE", "NOCREATEROLE"), "inherit": ("INHERIT", "NOINHERIT"),
          "canlogin": ("LOGIN", "NOLOGIN"), "isreplication": ("REPLICATION", "NOREPLICATION"),
          "bypassrls": ("BYPASSRLS", "NOBYPASSRLS")}
_DEFAULT_WORD = {"r": "TABLES", "S": "SEQUENCES", "f": "FUNCTIONS", "T": "TYPES", "n": "SCHEMAS"}


# The public schema as PostgreSQL 15 creates it.
_PUBLIC_SCHEMA = (AclItem(grantee="pg_database_owner", grantor="pg_database_owner", privileges="UC"),
                  AclItem(grantee=PUBLIC, grantor="pg_database_owner", privileges="U"))


@dataclass
class PrivilegeSql:
    roles: list[str] = field(default_factory=list)  # before everything: the roles, guarded, and memberships
    statements: list[str] = field(default_factory=list)  # after the objects: owners and grants
    defaults: list[str] = field(default_factory=list)  # at the very end: default privileges, for later objects only
    left_out: list[str] = field(default_factory=list)  # without --privileges: what the header lists instead
    required_roles: list[str] = field(default_factory=list)  # the roles the target server must have


def role_sql(name: str) -> str:
    if name == PUBLIC:
        return "PUBLIC"
    return "CURRENT_USER" if name == BOOTSTRAP else quote(name)


def _object_words(catalog: Catalog, target: Target) -> tuple[str, str, str]:
    """(GRANT's ON word, ALTER's word, the name in SQL)."""
    store, key = target.store, target.key
    if store == "tables":
        return "TABLE", "TABLE", render_key(key)
    if store == "views":
        view = catalog.views[key]
        return "TABLE", "MATERIALIZED VIEW" if view.materialized else "VIEW", render_key(key)
    if store == "sequences":
        return "SEQUENCE", "SEQUENCE", render_key(key)
    if store == "functions":
        function = catalog.functions[key]
        word = function.kind.upper()
        return word, word, signature(function)
    if store == "types":
        return "TYPE", "TYPE", render_key(key)
    return "SCHEMA", "SCHEMA", quote(key)


def _privilege_list(letters: str, kind: str) -> str:
    if letters == ALL_RIGHTS[kind]:
        return "ALL"
    return ", ".join(LETTER_NAME[p] for p in letters)


def acl_statements(start: Acl, target: Acl, kind: str, owner: str, grant: str, revoke: str) -> list[str]:
    """GRANT / REVOKE statements taking `start` to `target` (items as sets): `grant` and `revoke` are the statement
    with `{privileges}` and `{role}` to fill in, e.g. "GRANT {privileges} ON TABLE t TO {role}"."""
    out: list[str] = []
    current = start
    wanted = {(i.grantee, i.grantor): i for i in target}
    for item in start:
        if wanted.get((item.grantee, item.grantor)) != item:
            out.append(revoke.format(privileges="ALL", role=role_sql(item.grantee)))
            current = acl_update(current, item.grantee, item.grantor, ALL_RIGHTS[kind], "", False)
    have = {(i.grantee, i.grantor) for i in current}
    for item in target:
        if (item.grantee, item.grantor) in have:
            continue
        plain = "".join(p for p in item.privileges if p not in item.grantable)
        if plain:
            out.append(grant.format(privileges=_privilege_list(plain, kind), role=role_sql(item.grantee)))
        if item.grantable:
            out.append(grant.format(privileges=_privilege_list(item.grantable, kind), role=role_sql(item.grantee))
                       .removesuffix(";") + " WITH GRANT OPTION;")
        current = acl_update(current, item.grantee, owner, plain, "", True)
        current = acl_update(current, item.grantee, owner, item.grantable, item.grantable, True)
    if not out and target:  # the default, but set (the server's column is not NULL): say it again
        item = next((i for i in target if i.grantee == owner), target[0])
        out.append(grant.format(privileges=_privilege_list(item.privileges, kind), role=role_sql(item.grantee)))
    elif not same_items(current, target):  # never expected: then take every item away and grant the target's
        out = [revoke.format(privileges="ALL", role=role_sql(i.grantee)) for i in start]
        out += acl_statements((), target, kind, owner, grant, revoke)
    return out


def _object_privileges(catalog: Catalog, target: Target, obj) -> list[str]:
    on, alter, name = _object_words(catalog, target)
    out = []
    owner = obj.owner_role
    follows_table = target.store == "sequences" and obj.owned_by is not None and \
        obj.owned_by[0] in catalog.tables and catalog.tables[obj.owned_by[0]].owner_role == owner
    default_owner = "pg_database_owner" if target.store == "builtin_schemas" else BOOTSTRAP
    if owner != default_owner and not follows_table:
        out.append(f"ALTER {alter} {name} OWNER TO {role_sql(owner)};")
    if target.store == "builtin_schemas":
        start = acl_new_owner(_PUBLIC_SCHEMA, "pg_database_owner", owner)  # what ALTER SCHEMA ... OWNER TO leaves
    else:
        start = acl_default(target.kind, owner)
    if obj.acl is not None and not (target.store == "builtin_schemas" and same_items(obj.acl, start)):
        out += acl_statements(start, obj.acl, target.kind, owner, f"GRANT {{privileges}} ON {on} {name} TO {{role}};",
                              f"REVOKE {{privileges}} ON {on} {name} FROM {{role}};")
    if getattr(obj, "multirange_acl", None) is not None:
        multirange = render_key(obj.multirange)
        out += acl_statements(acl_default("type", BOOTSTRAP), obj.multirange_acl, "type", BOOTSTRAP,
                              f"GRANT {{privileges}} ON TYPE {multirange} TO {{role}};",
                              f"REVOKE {{privileges}} ON TYPE {multirange} FROM {{role}};")
    if getattr(obj, "constructor_acl", None) is not None:
        for function in _constructors(obj):
            out += acl_statements(acl_default("function", BOOTSTRAP), obj.constructor_acl, "function", BOOTSTRAP,
                                  f"GRANT {{privileges}} ON FUNCTION {function} TO {{role}};",
                                  f"REVOKE {{privileges}} ON FUNCTION {function} FROM {{role}};")
    for column in getattr(obj, "columns", []) if target.store == "tables" else []:
        if column.acl:
            col = quote(column.name)
            out += acl_statements((), column.acl, "column", owner,
                                  f"GRANT {{privileges}} ({col}) ON TABLE {name} TO {{role}};",
                                  f"REVOKE {{privileges}} ({col}) ON TABLE {name} FROM {{role}};")
    return [s.replace("GRANT ALL (", "GRANT ALL PRIVILEGES (") for s in out]


def _constructors(range_type) -> list[str]:
    """The functions CREATE TYPE ... AS RANGE creates: the range's two constructors and the multirange's three."""
    schema = range_type.key.partition(".")[0]
    subtype, own, multirange = range_type.subtype.sql, render_key(range_type.key), render_key(range_type.multirange)
    name = render_key(f"{schema}.{range_type.constructor_name}")
    return [f"{name}({subtype}, {subtype})", f"{name}({subtype}, {subtype}, text)", f"{multirange}()",
            f"{multirange}({own})", f"{multirange}(VARIADIC {own}[])"]


def _default_privileges(catalog: Catalog) -> list[str]:
    out = []
    for key in sorted(catalog.default_acls):
        d = catalog.default_acls[key]
        kind = DEFAULT_ACL_KIND[d.objtype]
        prefix = "ALTER DEFAULT PRIVILEGES" + (f" FOR ROLE {quote(d.role)}" if d.role != BOOTSTRAP else "")
        if d.schema_name is not None:
            prefix += f" IN SCHEMA {quote(d.schema_name)}"
        word = _DEFAULT_WORD[d.objtype]
        start = acl_default(kind, d.role) if d.schema_name is None else ()
        statements = acl_statements(start, d.acl, kind, d.role, f"{prefix} GRANT {{privileges}} ON {word} TO {{role}};",
                                    f"{prefix} REVOKE {{privileges}} ON {word} FROM {{role}};")
        if not statements and not d.acl:  # emptied: revoke everything the default gives
            statements = [f"{prefix} REVOKE ALL ON {word} FROM {role_sql(i.grantee)};" for i in start]
        out += statements
    return out


def _role_block(role) -> list[str]:
    options = [_FLAGS[k][0 if v else 1] for k, v in sorted(role.options.items()) if k in _FLAGS]
    if "connectionlimit" in role.options:
        options.append(f"CONNECTION LIMIT {int(role.options['connectionlimit'])}")
    if "validUntil" in role.options:
        options.append(f"VALID UNTIL {literal(str(role.options['validUntil']))}")
    create = f"CREATE ROLE {quote(role.name)}" + (f" {' '.join(options)}" if options else "") + ";"
    body = (f"\nBEGIN\n  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {literal(role.name)}) THEN\n"
            f"    {create}\n  END IF;\nEND\n")
    return [f"DO {dollar_quote(body, 'role')};"]


def privileges_sql(catalog: Catalog, *, emit: bool, excluded_tables: frozenset[str] = frozenset()) -> PrivilegeSql:
    result = PrivilegeSql()
    statements = []
    for target, obj in catalog.privileged_objects():
        if target.store == "tables" and target.key in excluded_tables:
            continue
        statements += _object_privileges(catalog, target, obj)
    defaults = _default_privileges(catalog)
    roles = []
    for name in sorted(catalog.roles):
        roles += _role_block(catalog.roles[name])
    for key in sorted(catalog.role_members):
        m = catalog.role_members[key]
        roles.append(f"GRANT {quote(m.role)} TO {role_sql(m.member)}" + (" WITH ADMIN OPTION" if m.admin else "") + ";")
    named = set(catalog.roles)
    for _, obj in catalog.privileged_objects():
        named |= roles_named(obj.acl) | roles_named(getattr(obj, "multirange_acl", None))
        named |= roles_named(getattr(obj, "constructor_acl", None))
        named |= {obj.owner} if obj.owner else set()
        for column in getattr(obj, "columns", []):
            named |= roles_named(getattr(column, "acl", None))
    for d in catalog.default_acls.values():
        named |= roles_named(d.acl) | {d.role}
    for m in catalog.role_members.values():
        named |= {m.role, m.member}
    result.required_roles = sorted(named - PREDEFINED_ROLES - {BOOTSTRAP, PUBLIC, "pg_database_owner"})
    if emit:
        result.roles, result.statements, result.defaults = roles, statements, defaults
    else:
        result.left_out = _left_out(catalog, statements + defaults, roles)
    return result


def _left_out(catalog: Catalog, statements: list[str], roles: list[str]) -> list[str]:
    lines = [f"{len(statements)} owner, GRANT / REVOKE and default privilege statements (build --privileges writes "
             "them):"] if statements else []
    for target, obj in catalog.privileged_objects():
        what = f"{target.kind} {target.key}"
        if obj.owner is not None and target.store != "builtin_schemas" or \
                target.store == "builtin_schemas" and obj.owner != "pg_database_owner":
            lines.append(f"  owner of {what}: {obj.owner}")
        if obj.acl is not None and not (target.store == "builtin_schemas" and same_items(obj.acl, _PUBLIC_SCHEMA)):
            lines.append(f"  privileges on {what}: {acl_text(obj.acl)}")
        if getattr(obj, "multirange_acl", None) is not None:
            lines.append(f"  privileges on type {obj.multirange}: {acl_text(obj.multirange_acl)}")
        if getattr(obj, "constructor_acl", None) is not None:
            lines.append(f"  privileges on the constructor functions of {obj.key}: {acl_text(obj.constructor_acl)}")
        for column in getattr(obj, "columns", []) if target.store == "tables" else []:
            if column.acl:
                lines.append(f"  privileges on column {target.key}.{column.name}: {acl_text(column.acl)}")
    for d in sorted(catalog.default_acls.values(), key=lambda d: (d.role, d.schema_name or "", d.objtype)):
        where = f" in schema {d.schema_name}" if d.schema_name else ""
        lines.append(f"  default privileges of {d.role}{where} on new {_DEFAULT_WORD[d.objtype].lower()}: "
                     f"{acl_text(d.acl)}")
    if catalog.roles:
        lines.append(f"{len(catalog.roles)} roles the history creates, and {len(catalog.role_members)} memberships "
                     "(build --privileges writes them, guarded): " + ", ".join(sorted(catalog.roles)))
    return lines


def header_lines(result: PrivilegeSql, catalog: Catalog) -> list[str]:
    """The header's words on roles: which the server must have, and that passwords are never copied."""
    out = []
    if any(r.has_password for r in catalog.roles.values()):
        out.append(comment("Passwords are never copied into the baseline: set them on the target server "
                           f"({', '.join(quote(r.name) for r in sorted(catalog.roles.values(), key=lambda r: r.name) if r.has_password)})."))
    return out
