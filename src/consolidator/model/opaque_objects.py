"""The objects the model knows less about: an `Unmodelled` object known only by kind and name, and an `Opaque`
one kept as its own statements (aggregates, operators, casts, collations, text search, rules, ...)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from consolidator.model.names import quote
from consolidator.model.provenance import Provenance


class Unmodelled(BaseModel):
    """An object a statement created that the model cannot represent yet (a function, a view): known by kind and
    name, so that a later statement using it is never reported as failing on the server."""

    kind: str
    name: str
    provenance: Provenance


# Where an opaque object's own name, and the name of what it belongs to (a rule's table, a user mapping's
# server), go in its stored statements; both are replaced when the baseline is written.
OPAQUE_SELF = "__consolidator_self__"
OPAQUE_OWNER = "__consolidator_owner__"


class Opaque(BaseModel):
    """An object the model keeps as its statements, deparsed by pglast: aggregates, operators, casts, collations,
    text search objects, rules, event triggers, foreign-data wrappers, servers, user mappings, foreign tables,
    publications. Its own name is `OPAQUE_SELF` in `statements`, so a rename or SET SCHEMA changes the key only.

    `depends` are what it needs (a normal dependency: dropping one is 2BP01 without CASCADE), `owner` what it
    belongs to (an automatic one: a rule goes with its table, a user mapping with its server)."""

    key: str  # "<kind>:<identity>", e.g. "aggregate:public.total(int4)", "rule:public.t.r", "server:s"
    kind: str  # "aggregate", "operator", "cast", "collation", "text search configuration", "rule", ...
    schema_name: str | None = None  # None for the kinds that are not in a schema (servers, publications, casts)
    name: str  # the name as the server's messages say it
    args: list[str] = Field(default_factory=list)  # an aggregate's or operator's argument types, as SQL
    detail: list[str] = Field(default_factory=list)  # what a kind's rules read later (a text search config's parser
    # and mapped token types, an event trigger's function)
    statements: list[str] = Field(default_factory=list)  # CREATE, then the ALTERs that followed, without ';'
    what: str  # the object type word of COMMENT ON and DROP: "AGGREGATE", "RULE", "CAST", ...
    target: str  # the object after that word: "__consolidator_self__(integer)", "(text AS integer)", ...
    depends: list[tuple[str, str]] = Field(default_factory=list)  # (Kind value, key) of what it needs
    owner: tuple[str, str] | None = None  # (Kind value, key) of what it belongs to; its name is OPAQUE_OWNER
    owner_auto: bool = True  # dropped with its owner (a rule); else the owner is a dependency like the others
    comment: str | None = None
    provenance: Provenance

    @property
    def self_sql(self) -> str:
        """Its name in SQL: schema-qualified outside public; a rule's bare name."""
        name = self.name if self.kind == "operator" else quote(self.name)  # an operator's symbols are never quoted
        if self.schema_name is None or self.kind == "rule":
            return name
        return name if self.schema_name == "public" else f"{quote(self.schema_name)}.{name}"

    def render(self, statement: str, owner_sql: str = "") -> str:
        return statement.replace(OPAQUE_SELF, self.self_sql).replace(OPAQUE_OWNER, owner_sql)
