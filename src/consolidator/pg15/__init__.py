"""PostgreSQL 15's facts as generated data: the bottom layer of consolidator.

Every fact comes from a real PostgreSQL 15 server or its share folder, written into ``data/`` by
``tools/gen_pg15.py`` (never typed by hand). Each accessor module loads its files on first use, so
importing this package costs next to nothing:

    sqlstate    SqlState constants, condition names <-> SQLSTATEs, PL/pgSQL WHEN matching
    messages    is_server_message(text): does a message match one of the server's msgid templates
    types       TypeRef, resolve_builtin, pg_type facts (category, preferred, arrays, domains)
    casts       pg_cast, find_coercion_pathway / can_coerce as PostgreSQL 15's parser decides them
    functions   pg_proc: overloads, volatility, overload resolution
    operators   pg_operator, operator classes and families, foreign_key_compatible
    keywords    pg_get_keywords(), quote_ident
    system      the system schemas, relations, indexes, constraints and view columns of a fresh database
    extensions  what each contrib extension creates
"""

from __future__ import annotations

_MODULES = ("casts", "extensions", "functions", "keywords", "messages", "operators", "sqlstate", "system", "types")


def __getattr__(name: str):
    if name in _MODULES:
        from importlib import import_module  # only on first use: importing the package stays cheap

        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])
