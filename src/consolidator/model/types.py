"""A column's type, parsed once: what it is (for every decision) and how the baseline writes it.

`name` is a built-in's internal name (`int4`, `varchar`, `timestamptz`: pg15's), or the name of a type of
the catalog (an enum) or of an extension; `typmods` and `array_dims` as written. `sql` is the text the baseline
writes (`varchar(20)`, `integer`, `timestamptz`, `crm.stage[]`): people's spelling, chosen when it is parsed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from consolidator.model.names import qualify, render_key
from consolidator.pg15 import types as pg15_types

Origin = Literal["builtin", "catalog", "extension", "relation"]  # relation: a table's (or view's) row type

# Sequences and identity columns take these, and the baseline writes their names (AS integer).
INTEGER_NAMES = {"int2": "smallint", "int4": "integer", "int8": "bigint"}


class SqlType(BaseModel):
    model_config = ConfigDict(frozen=True)

    sql: str
    name: str
    origin: Origin = "builtin"
    schema_name: str | None = None  # where a catalog or extension type lives (None: unqualified / built-in)
    typmods: tuple[int, ...] = ()
    array_dims: int = 0
    base: "SqlType | None" = None  # a domain's base type (domains over domains: the first base)

    @property
    def underlying(self) -> "SqlType":
        """The type a value of this type is, domains looked through (arrays kept)."""
        if self.base is None:
            return self
        base = self.base.underlying
        if self.array_dims:
            return base.model_copy(update={"array_dims": base.array_dims + self.array_dims,
                                           "sql": base.sql + "[]" * self.array_dims})
        return base

    @property
    def is_array(self) -> bool:
        return self.array_dims > 0

    @property
    def key(self) -> str | None:
        """The catalog type it uses (arrays of it included), as a key; None for built-ins and extension types."""
        return qualify(self.schema_name or "public", self.name) if self.origin == "catalog" else None

    @property
    def relation(self) -> str | None:
        """The table (or view) whose row type it is, as a key."""
        return qualify(self.schema_name or "public", self.name) if self.origin == "relation" else None

    @property
    def internal(self) -> str | None:
        """pg15's name of a built-in type, arrays included (`_int4`); None for other types."""
        if self.origin != "builtin":
            return None
        if self.array_dims:
            return pg15_types.array_type(self.name)
        return self.name

    def element(self) -> "SqlType":
        if not self.array_dims:
            return self
        return self.model_copy(update={"array_dims": 0, "sql": self.sql[: -2 * self.array_dims]})

    @property
    def integer(self) -> str | None:
        """smallint, integer or bigint for those types (not their arrays), else None."""
        return INTEGER_NAMES.get(self.name) if self.origin == "builtin" and not self.array_dims else None

    def server_name(self) -> str:
        """The type as the server's messages write it (format_type): character varying(20), integer[]."""
        if self.origin != "builtin":
            return self.sql
        return pg15_types.TypeRef(None, self.name, self.typmods, self.array_dims).sql()

    def renamed(self, key: str) -> "SqlType":
        """The same type after ALTER TYPE ... RENAME (or SET SCHEMA) to `key`."""
        schema, _, name = key.partition(".")
        return self.model_copy(update={"name": name, "schema_name": schema,
                                       "sql": render_key(key) + "[]" * self.array_dims})


def builtin(name: str) -> SqlType:
    """A built-in type by internal name (int4, timestamptz, bool), written as format_type writes it."""
    sql = pg15_types.TypeRef(None, name, (), 0).sql()
    return SqlType(sql=sql, name=name)
