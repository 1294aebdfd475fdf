"""The backstop of the comparison: `pg_dump --schema-only` of both databases, entry by entry.

The structured snapshot (introspect.py) reads the kinds it knows attribute by attribute, for findings a
reviewer can act on. Whatever it does not read (an operator, a cast, a statistics object, a storage option,
a kind added to PostgreSQL later) still reaches pg_dump's output, so two databases whose dumps differ are never
called equivalent: an entry present on one side only becomes a finding. Entries are compared as a multiset,
since pg_dump's order follows OIDs where names tie; owners and privileges only with --privileges.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from consolidator.errors import ConsolidatorError
from consolidator.verify.cluster import client_env

# Every TOC entry of a plain-format dump starts with this header ("-- Name: t; Type: TABLE; Schema: public; ...").
_ENTRY = re.compile(r"^--\n-- ((?:Name|Data for Name): [^\n]*)\n--\n", re.M)
_SESSION_LINE = re.compile(r"^(?:SET |SELECT pg_catalog\.set_config\(|\\(?:un)?restrict )[^\n]*\n", re.M)


class DumpError(ConsolidatorError):
    pass


def schema_entries(pg_dump: Path, dsn: str, *, privileges: bool, exclude_tables: frozenset[str]) -> Counter:
    """The dump's entries: (header, statements) for each object, the header naming it ("Name: t; Type: TABLE;
    Schema: public; Owner: -"), session settings removed."""
    argv = [str(pg_dump), "--schema-only", "--no-tablespaces", "--quote-all-identifiers", "-d", dsn]
    if not privileges:
        argv += ["--no-owner", "--no-privileges"]
    for table in sorted(exclude_tables):
        schema, _, name = table.rpartition(".")
        argv.append(f"--exclude-table={_pattern(schema or 'public')}.{_pattern(name)}")
    try:
        done = subprocess.run(argv, capture_output=True, env=client_env(), timeout=600, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise DumpError(f"cannot run pg_dump: {e}") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise DumpError(f"pg_dump failed: {message}")
    text = done.stdout.decode("utf-8", "replace")
    parts = _ENTRY.split(text)[1:]  # what comes before the first header is the dump's preamble
    entries = ((header, _SESSION_LINE.sub("", body).strip()) for header, body in zip(parts[::2], parts[1::2]))
    return Counter((header, body) for header, body in entries if body)


def _pattern(name: str) -> str:
    """A pg_dump pattern matching exactly this name: double-quoted, so that * ? . and case are literal."""
    return '"' + name.replace('"', '""') + '"'


class Difference(NamedTuple):
    header: str
    reference: str | None  # the entry's statements on the reference side; None when it has no such entry
    baseline: str | None


def differences(reference: Counter, baseline: Counter) -> list[Difference]:
    """The entries that differ, paired by header: changed (both sides), or on one side only; sorted."""
    only_reference, only_baseline = reference - baseline, baseline - reference
    by_header: dict[str, list[list[str]]] = {}
    for side, entries in ((0, only_reference), (1, only_baseline)):
        for (header, body), n in sorted(entries.items()):
            by_header.setdefault(header, [[], []])[side].extend([body] * n)
    out = []
    for header, (ours, theirs) in sorted(by_header.items()):
        for i in range(max(len(ours), len(theirs))):
            out.append(Difference(header, ours[i] if i < len(ours) else None, theirs[i] if i < len(theirs) else None))
    return out


def first_difference(a: str, b: str) -> tuple[str, str]:
    """The first line where two entries differ, on each side."""
    left, right = a.splitlines(), b.splitlines()
    for x, y in zip(left, right):
        if x != y:
            return x.strip(), y.strip()
    n = min(len(left), len(right))
    return ((left[n].strip() if n < len(left) else "(nothing)"), (right[n].strip() if n < len(right) else "(nothing)"))
