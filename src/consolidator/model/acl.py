"""Privileges as PostgreSQL 15 stores them: aclitem arrays (utils/adt/acl.c, catalog/aclchk.c), owners, default
privileges (pg_default_acl) and roles (pg_authid, pg_auth_members).

An object's `acl` is None until a GRANT or REVOKE touches it, as the server's relacl/proacl/... is NULL: the kind's
default (`acl_default`) holds then. The model runs the history as the bootstrap superuser (`BOOTSTRAP`), as verify's
throwaway servers do: a superuser's GRANT is recorded as granted by the object's owner, so every item's grantor is
the owner, and a revoke never cascades to grants made by others.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from consolidator.model.provenance import Provenance

BOOTSTRAP = "postgres"  # the role the history runs as (owner None means it); the baseline says CURRENT_USER
PUBLIC = ""  # the grantee PUBLIC, as aclitem writes it ("=r/owner")
# Roles every PostgreSQL 15 server has (besides the bootstrap superuser).
PREDEFINED_ROLES = frozenset({
    "pg_database_owner", "pg_read_all_data", "pg_write_all_data", "pg_monitor", "pg_read_all_settings",
    "pg_read_all_stats", "pg_stat_scan_tables", "pg_read_server_files", "pg_write_server_files",
    "pg_execute_server_program", "pg_signal_backend", "pg_checkpoint",
})

LETTERS = "arwdDxtXUCTcsA"  # the ACL bits in the order aclitemout writes them
PRIVILEGE_LETTER = {"insert": "a", "select": "r", "update": "w", "delete": "d", "truncate": "D", "references": "x",
                    "trigger": "t", "execute": "X", "usage": "U", "create": "C", "temporary": "T", "temp": "T",
                    "connect": "c"}
LETTER_NAME = {"a": "INSERT", "r": "SELECT", "w": "UPDATE", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
               "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE", "T": "TEMPORARY", "c": "CONNECT"}

# ACL_ALL_RIGHTS_* per kind of object, and what acldefault() gives PUBLIC.
ALL_RIGHTS = {"table": "arwdDxt", "sequence": "rwU", "column": "arwx", "function": "X", "schema": "UC", "type": "U"}
_WORLD_DEFAULT = {"function": "X", "type": "U"}
# pg_default_acl.defaclobjtype per kind of object created.
DEFAULT_ACL_TYPE = {"table": "r", "sequence": "S", "function": "f", "type": "T", "schema": "n"}
DEFAULT_ACL_KIND = {v: k for k, v in DEFAULT_ACL_TYPE.items()}


def ordered(letters: str) -> str:
    return "".join(letter for letter in LETTERS if letter in letters)


class AclItem(BaseModel):
    """grantee=privileges/grantor; `grantable` are the privileges held WITH GRANT OPTION (a subset)."""

    model_config = ConfigDict(frozen=True)

    grantee: str  # PUBLIC is ""
    grantor: str
    privileges: str
    grantable: str = ""

    def text(self) -> str:
        """As aclitemout writes it: app=r*w/postgres."""
        letters = "".join(p + ("*" if p in self.grantable else "") for p in self.privileges)
        return f"{_role_text(self.grantee)}={letters}/{_role_text(self.grantor)}"


def _role_text(name: str) -> str:
    """putid(): quoted unless every character is a letter, a digit or an underscore."""
    if all((c.isascii() and c.isalnum()) or c == "_" for c in name):
        return name
    return '"' + name.replace('"', '""') + '"'


Acl = tuple[AclItem, ...]


def acl_text(acl: Acl | None) -> str | None:
    return None if acl is None else "{" + ",".join(item.text() for item in acl) + "}"


def acl_default(kind: str, owner: str) -> Acl:
    """acldefault(): PUBLIC's default privileges first (functions, types), then the owner's (none on a column)."""
    items = []
    if kind in _WORLD_DEFAULT:
        items.append(AclItem(grantee=PUBLIC, grantor=owner, privileges=_WORLD_DEFAULT[kind]))
    if kind != "column":
        items.append(AclItem(grantee=owner, grantor=owner, privileges=ALL_RIGHTS[kind]))
    return tuple(items)


def acl_update(acl: Acl, grantee: str, grantor: str, privileges: str, grantable: str, is_grant: bool) -> Acl:
    """aclupdate() for one grantee: GRANT adds privileges (and grant options), REVOKE removes them; `grantable`
    alone on a REVOKE is GRANT OPTION FOR. An item left with nothing is removed; a new one goes at the end."""
    items = list(acl)
    for i, item in enumerate(items):
        if item.grantee == grantee and item.grantor == grantor:
            if is_grant:
                privs, options = item.privileges + privileges, item.grantable + grantable
            else:
                privs = "".join(p for p in item.privileges if p not in privileges)
                options = "".join(p for p in item.grantable if p not in privileges + grantable)
            if privs:
                items[i] = AclItem(grantee=grantee, grantor=grantor, privileges=ordered(privs),
                                   grantable=ordered(options))
            else:
                del items[i]
            return tuple(items)
    if is_grant and privileges:
        items.append(AclItem(grantee=grantee, grantor=grantor, privileges=ordered(privileges),
                             grantable=ordered(grantable)))
    return tuple(items)


def acl_new_owner(acl: Acl, old: str, new: str) -> Acl:
    """aclnewowner(): the old owner becomes the new one as grantee and as grantor; items that now coincide merge
    into the first of them."""
    items: list[AclItem] = []
    for item in acl:
        grantee = new if item.grantee == old else item.grantee
        grantor = new if item.grantor == old else item.grantor
        for i, seen in enumerate(items):
            if seen.grantee == grantee and seen.grantor == grantor:
                items[i] = AclItem(grantee=grantee, grantor=grantor, privileges=ordered(seen.privileges + item.privileges),
                                   grantable=ordered(seen.grantable + item.grantable))
                break
        else:
            items.append(AclItem(grantee=grantee, grantor=grantor, privileges=item.privileges,
                                 grantable=item.grantable))
    return tuple(items)


def acl_merge(left: Acl | None, right: Acl | None) -> Acl | None:
    """aclmerge(): the global default privileges with a schema's added to them (None when both are empty)."""
    if not left:
        return tuple(right) if right else None
    if not right:
        return tuple(left)
    result = tuple(left)
    for item in right:
        result = acl_update(result, item.grantee, item.grantor, item.privileges, item.grantable, True)
    return result


def same_items(a: Acl, b: Acl) -> bool:
    """Equal as aclequal() after aclitemsort(): the same items in any order."""
    return sorted(a, key=_sort_key) == sorted(b, key=_sort_key)


def _sort_key(item: AclItem) -> tuple:
    return (item.grantee, item.grantor, item.privileges, item.grantable)


def roles_named(acl: Acl | None) -> set[str]:
    return {r for item in acl or () for r in (item.grantee, item.grantor) if r != PUBLIC}


class Privileged(BaseModel):
    """An object with an owner and privileges (pg_class, pg_proc, pg_type, pg_namespace)."""

    owner: str | None = None  # None: the role that ran the history (BOOTSTRAP)
    acl: Acl | None = None  # None: the kind's default privileges (the column is NULL on the server)

    @property
    def owner_role(self) -> str:
        return self.owner or BOOTSTRAP


class DefaultAcl(BaseModel):
    """One pg_default_acl row: ALTER DEFAULT PRIVILEGES [FOR ROLE role] [IN SCHEMA schema] for one kind of object."""

    role: str
    schema_name: str | None  # None: for the whole database
    objtype: str  # DEFAULT_ACL_TYPE's letters
    acl: Acl
    provenance: Provenance


def default_acl_key(role: str, schema: str | None, objtype: str) -> str:
    return f"{role}\0{schema or ''}\0{objtype}"


class Role(BaseModel):
    """A role the history created (CREATE ROLE / USER / GROUP). A password is never kept: `has_password` only says
    the history set one."""

    name: str
    options: dict[str, bool | int | str] = Field(default_factory=dict)  # login, superuser, ..., connection limit
    has_password: bool = False
    provenance: Provenance


class Membership(BaseModel):
    """GRANT role TO member [WITH ADMIN OPTION] (pg_auth_members)."""

    role: str
    member: str
    admin: bool = False
    provenance: Provenance


def membership_key(role: str, member: str) -> str:
    return f"{role}\0{member}"
