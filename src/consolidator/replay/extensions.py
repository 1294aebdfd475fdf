"""What the extensions of a history bring, from PostgreSQL 15's contrib as pg15/ records it: types, functions,
operator classes. An extension pg15 does not know (not shipped with PostgreSQL 15) is trusted: its objects are
assumed to exist once it is created."""

from __future__ import annotations

from consolidator.model.catalog import Catalog
from consolidator.pg15 import extensions as contrib
from consolidator.pg15 import functions as builtin_functions


def provides_type(catalog: Catalog, name: str, schema: str | None) -> bool:
    """Whether an extension of the catalog (in `schema`, when the name is qualified) defines the type `name`."""
    for ext in catalog.extensions.values():
        if schema is not None and ext.schema_name != schema:
            continue
        known = contrib.extension(ext.name)
        if known is None or name in known.type_names:
            return True
    return False


def types_of(extension: str) -> frozenset[str]:
    known = contrib.extension(extension)
    return known.type_names if known else frozenset()


def functions_of(extension: str) -> frozenset[str]:
    known = contrib.extension(extension)
    return frozenset(known.function_names) if known else frozenset()


def provider_of_opclass(name: str) -> str | None:
    return contrib.provider_of_opclass(name)


def missing_function_provider(catalog: Catalog, name: str) -> str | None:
    """The contrib extension a call to `name` needs when no extension of the catalog provides it and it is no
    built-in (None when the call is fine, or when the history defined a function of that name itself)."""
    if builtin_functions.functions_named(name) or catalog.has_function_named(name):
        return None
    providers = contrib.providers_of_function(name)
    if not providers or any(p in catalog.extensions for p in providers):
        return None
    if any(contrib.extension(ext) is None for ext in catalog.extensions):
        return None  # an extension pg15 does not know may define it
    return providers[0]
