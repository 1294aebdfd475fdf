"""What the common extensions bring that a migration may use: functions in defaults, column types.

An extension not listed here is trusted: its objects are assumed to exist once it is created.
"""

from __future__ import annotations

KNOWN: dict[str, dict[str, frozenset[str]]] = {
    "uuid-ossp": {
        "functions": frozenset(
            {"uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v3", "uuid_generate_v4", "uuid_generate_v5",
             "uuid_nil", "uuid_ns_dns", "uuid_ns_url", "uuid_ns_oid", "uuid_ns_x500"}
        ),
        "types": frozenset(),
    },
    "pgcrypto": {
        "functions": frozenset({"gen_random_bytes", "crypt", "gen_salt", "digest", "hmac", "pgp_sym_encrypt",
                                "pgp_sym_decrypt", "encrypt", "decrypt"}),
        "types": frozenset(),
    },
    "citext": {"functions": frozenset(), "types": frozenset({"citext"})},
    "hstore": {"functions": frozenset(), "types": frozenset({"hstore"})},
    "ltree": {"functions": frozenset(), "types": frozenset({"ltree", "lquery", "ltxtquery"})},
    "pg_trgm": {"functions": frozenset({"similarity", "show_trgm", "word_similarity"}), "types": frozenset(),
                "opclasses": frozenset({"gin_trgm_ops", "gist_trgm_ops"})},
}


def types_of(extension: str) -> frozenset[str]:
    return KNOWN.get(extension, {}).get("types", frozenset())


def functions_of(extension: str) -> frozenset[str]:
    return KNOWN.get(extension, {}).get("functions", frozenset())


def provider_of_opclass(name: str) -> str | None:
    for ext, things in KNOWN.items():
        if name in things.get("opclasses", ()):
            return ext
    return None


def provider_of_function(name: str) -> str | None:
    """The known extension that defines function `name`, if any."""
    for ext, things in KNOWN.items():
        if name in things["functions"]:
            return ext
    return None

