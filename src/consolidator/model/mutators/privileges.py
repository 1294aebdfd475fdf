"""Owners, GRANT / REVOKE, default privileges and roles: the server's rules (aclchk.c, user.c), with its SQLSTATEs.

A privileged object is named by its store and key (`Target`); a column's privileges by its table's target and the
column's name. The public schema is the server's, not the history's: it is kept in `builtin_schemas` from the first
statement that changes its privileges or owner, with what PostgreSQL 15 gives it.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.acl import (
    BOOTSTRAP, DEFAULT_ACL_KIND, DEFAULT_ACL_TYPE, PREDEFINED_ROLES, PUBLIC, Acl, AclItem, DefaultAcl, Membership, Role,
    acl_default, acl_merge, acl_new_owner, acl_update, default_acl_key, membership_key, roles_named, same_items,
)
from consolidator.model.objects import Schema
from consolidator.model.provenance import Provenance

# The kind of privileges each store's objects have (acldefault's object type).
STORE_KIND = {"tables": "table", "views": "table", "sequences": "sequence", "functions": "function", "types": "type",
              "schemas": "schema", "builtin_schemas": "schema"}
PRIVILEGED_STORES = tuple(STORE_KIND)
PUBLIC_SCHEMA_OWNER = "pg_database_owner"


class Target(NamedTuple):
    store: str
    key: str
    column: str | None = None

    @property
    def kind(self) -> str:
        return "column" if self.column is not None else STORE_KIND[self.store]


class PrivilegeMutators:
    # ---- roles ------------------------------------------------------------------------------------

    def role_exists(self, name: str) -> bool:
        return name == BOOTSTRAP or name in PREDEFINED_ROLES or name in self.roles

    def require_role(self, name: str) -> None:
        if not self.role_exists(name):
            raise PgError(SqlState.UNDEFINED_OBJECT, f'role "{name}" does not exist')

    def add_role(self, role: Role) -> None:
        if self.role_exists(role.name):
            raise PgError(SqlState.DUPLICATE_OBJECT, f'role "{role.name}" already exists')
        self._set("roles", role.name, role)

    def alter_role(self, name: str, options: dict, has_password: bool, span: SourceSpan) -> None:
        with self._edit("roles", name) as role:
            role.options.update(options)
            role.has_password = role.has_password or has_password
            role.provenance.touch(span)

    def role_dependents(self, name: str) -> list[str]:
        """What keeps a role from being dropped: the objects it owns or has privileges on, its default privileges."""
        found = []
        for target, obj in self.privileged_objects():
            if obj.owner == name or name in roles_named(obj.acl) | roles_named(getattr(obj, "multirange_acl", None)) \
                    | roles_named(getattr(obj, "constructor_acl", None)):
                found.append(f"{target.kind} {target.key}")
            if target.store == "tables":
                found += [f"column {target.key}.{c.name}" for c in obj.columns if name in roles_named(c.acl)]
        found += [f"default privileges of {d.role}" for d in self.default_acls.values()
                  if d.role == name or name in roles_named(d.acl)]
        return found

    def drop_role(self, name: str) -> None:
        if name == BOOTSTRAP:
            raise PgError(SqlState.OBJECT_IN_USE, "current user cannot be dropped")
        if name not in self.roles:
            if name in PREDEFINED_ROLES:
                raise PgError(SqlState.INSUFFICIENT_PRIVILEGE, f'cannot drop role "{name}"')
            raise PgError(SqlState.UNDEFINED_OBJECT, f'role "{name}" does not exist')
        if self.role_dependents(name):
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                          f'role "{name}" cannot be dropped because some objects depend on it')
        for key, m in list(self.role_members.items()):
            if name in (m.role, m.member):
                self._unset("role_members", key)
        self._unset("roles", name)

    def is_member(self, member: str, role: str) -> bool:
        """Whether `member` is `role` or belongs to it, directly or through other roles."""
        seen, todo = set(), [member]
        while todo:
            current = todo.pop()
            if current == role:
                return True
            if current in seen:
                continue
            seen.add(current)
            todo += [m.role for m in self.role_members.values() if m.member == current]
        return False

    def grant_role(self, role: str, member: str, admin: bool, span: SourceSpan) -> bool:
        """GRANT role TO member; False when the member had it already (the server says so and changes nothing,
        unless the ADMIN OPTION is added)."""
        key = membership_key(role, member)
        existing = self.role_members.get(key)
        if existing is not None:
            if admin and not existing.admin:
                self._set("role_members", key, existing.model_copy(update={"admin": True}))
                return True
            return False
        if self.is_member(role, member):
            raise PgError(SqlState.INVALID_GRANT_OPERATION, f'role "{role}" is a member of role "{member}"')
        self._set("role_members", key, Membership(role=role, member=member, admin=admin, provenance=Provenance.at(span)))
        return True

    def revoke_role(self, role: str, member: str, admin_only: bool) -> bool:
        key = membership_key(role, member)
        existing = self.role_members.get(key)
        if existing is None:
            return False
        if admin_only:
            self._set("role_members", key, existing.model_copy(update={"admin": False}))
        else:
            self._unset("role_members", key)
        return True

    def rename_role(self, old: str, new: str, span: SourceSpan) -> None:
        """ALTER ROLE ... RENAME TO: the new name reaches every owner, privilege and default privilege."""
        if old == BOOTSTRAP:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "session user cannot be renamed")
        if old not in self.roles:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'role "{old}" does not exist')
        if self.role_exists(new):
            raise PgError(SqlState.DUPLICATE_OBJECT, f'role "{new}" already exists')
        role = self.roles[old].model_copy(update={"name": new})
        role.provenance.touch(span)
        self._unset("roles", old)
        self._set("roles", new, role)
        swap = lambda r: new if r == old else r  # noqa: E731
        rename = lambda acl: None if acl is None else tuple(  # noqa: E731
            AclItem(grantee=swap(i.grantee), grantor=swap(i.grantor), privileges=i.privileges, grantable=i.grantable)
            for i in acl)
        for target, obj in list(self.privileged_objects()):
            if obj.owner == old or old in roles_named(obj.acl) or (
                    target.store == "tables" and any(old in roles_named(c.acl) for c in obj.columns)):
                with self._edit(target.store, target.key) as changed:
                    changed.owner = swap(changed.owner) if changed.owner else None
                    changed.acl = rename(changed.acl)
                    if hasattr(changed, "multirange_acl"):
                        changed.multirange_acl = rename(changed.multirange_acl)
                        changed.constructor_acl = rename(changed.constructor_acl)
                    for c in getattr(changed, "columns", []) if target.store == "tables" else []:
                        c.acl = rename(c.acl)
        for key, d in list(self.default_acls.items()):
            if d.role == old or old in roles_named(d.acl):
                self._unset("default_acls", key)
                moved = d.model_copy(update={"role": swap(d.role), "acl": rename(d.acl)})
                self._set("default_acls", default_acl_key(moved.role, moved.schema_name, moved.objtype), moved)
        for key, m in list(self.role_members.items()):
            if old in (m.role, m.member):
                self._unset("role_members", key)
                moved = m.model_copy(update={"role": swap(m.role), "member": swap(m.member)})
                self._set("role_members", membership_key(moved.role, moved.member), moved)

    # ---- privileged objects ----------------------------------------------------------------------

    def privileged_objects(self) -> Iterator[tuple[Target, object]]:
        for store in PRIVILEGED_STORES:
            for key, obj in sorted(getattr(self, store).items()):
                yield Target(store, key), obj

    def public_schema_target(self, span: SourceSpan) -> Target:
        """The public schema, kept from the statement `span` on, with the owner and privileges PostgreSQL 15 gives
        it."""
        if "public" not in self.builtin_schemas:
            owner = PUBLIC_SCHEMA_OWNER
            acl = (AclItem(grantee=owner, grantor=owner, privileges="UC"),
                   AclItem(grantee=PUBLIC, grantor=owner, privileges="U"))
            self._set("builtin_schemas", "public", Schema(name="public", owner=owner, acl=acl,
                                                          provenance=Provenance.at(span)))
        return Target("builtin_schemas", "public")

    def acl_of(self, target: Target) -> Acl | None:
        obj = getattr(self, target.store)[target.key]
        if target.column is not None:
            return obj.column(target.column).acl
        return obj.acl

    def owner_of(self, target: Target) -> str:
        return getattr(self, target.store)[target.key].owner_role

    def change_privileges(self, target: Target, grantees: list[str], privileges: str, grantable: str,
                          is_grant: bool) -> None:
        """GRANT / REVOKE on one object (or column): starts from the kind's default when the object has none yet."""
        owner = self.owner_of(target)
        current = self.acl_of(target)
        acl = current if current is not None else acl_default(target.kind, owner)
        for grantee in grantees:
            if is_grant:
                acl = acl_update(acl, grantee, owner, privileges, grantable, True)
            else:
                acl = acl_update(acl, grantee, owner, "" if grantable else privileges, privileges if grantable else "",
                                 False)
        if target.column is not None and not acl:
            acl = None  # a column left with no privileges is NULL again
        with self._edit(target.store, target.key) as obj:
            if target.column is not None:
                obj.column(target.column).acl = acl
            else:
                obj.acl = acl

    def set_owner(self, target: Target, new: str, span: SourceSpan | None) -> bool:
        """ALTER ... OWNER TO: the old owner's privileges become the new owner's (aclnewowner); False when the owner
        does not change."""
        obj = getattr(self, target.store)[target.key]
        old = obj.owner_role
        if old == new:
            return False
        with self._edit(target.store, target.key) as changed:
            changed.owner = None if new == BOOTSTRAP else new
            if changed.acl is not None:
                changed.acl = acl_new_owner(changed.acl, old, new)
            for column in getattr(changed, "columns", []) if target.store == "tables" else []:
                if column.acl is not None:
                    column.acl = acl_new_owner(column.acl, old, new)
            if span is not None:
                changed.provenance.touch(span)
        return True

    # ---- default privileges ----------------------------------------------------------------------

    def change_default_privileges(self, role: str, schema: str | None, objtype: str, grantees: list[str],
                                  privileges: str, grantable: str, is_grant: bool, span: SourceSpan) -> None:
        """ALTER DEFAULT PRIVILEGES: the entry starts from the hard-wired default (for the whole database) or from
        nothing (in a schema), and is removed when it comes back to that."""
        key = default_acl_key(role, schema, objtype)
        existing = self.default_acls.get(key)
        kind = DEFAULT_ACL_KIND[objtype]
        start = acl_default(kind, role) if schema is None else ()
        acl = existing.acl if existing is not None else start
        for grantee in grantees:
            if is_grant:
                acl = acl_update(acl, grantee, role, privileges, grantable, True)
            else:
                acl = acl_update(acl, grantee, role, "" if grantable else privileges, privileges if grantable else "",
                                 False)
        if not acl and schema is not None or schema is None and same_items(acl, start):
            if existing is not None:
                self._unset("default_acls", key)
            return
        self._set("default_acls", key, DefaultAcl(role=role, schema_name=schema, objtype=objtype, acl=acl,
                                                  provenance=existing.provenance if existing else Provenance.at(span)))
        if existing is not None:
            self.default_acls[key].provenance.touch(span)

    def initial_acl(self, kind: str, schema: str | None, owner: str = BOOTSTRAP) -> Acl | None:
        """get_user_default_acl(): what a new object gets from the default privileges (None: the kind's default)."""
        objtype = DEFAULT_ACL_TYPE[kind]
        glob = self.default_acls.get(default_acl_key(owner, None, objtype))
        local = self.default_acls.get(default_acl_key(owner, schema, objtype)) if schema is not None else None
        if glob is None and local is None:
            return None
        default = acl_default(kind, owner)
        result = acl_merge(glob.acl if glob is not None else default, local.acl if local is not None else None)
        if result is None or same_items(result, default):
            return None
        return result

    def apply_default_privileges(self, target: Target, schema: str | None) -> None:
        """A new object's privileges, as the server sets them when it creates it."""
        acl = self.initial_acl(STORE_KIND[target.store], schema)
        if acl is not None:
            with self._edit(target.store, target.key) as obj:
                obj.acl = acl
                if hasattr(obj, "multirange_acl"):  # a range type's multirange is created with it
                    obj.multirange_acl = acl
        if target.store == "types" and hasattr(getattr(self, target.store)[target.key], "constructor_acl"):
            functions = self.initial_acl("function", schema)  # and its constructor functions
            if functions is not None:
                with self._edit(target.store, target.key) as obj:
                    obj.constructor_acl = functions

