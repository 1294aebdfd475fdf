"""Diff two catalog snapshots into findings a reviewer reads as sentences.

The *reference* side is what exists (the legacy replay, or a live database); the other side is the
baseline. Every finding names the object, the attribute, both values and, when the model knows it,
where the object came from:

    column openphone_conversations.phone_number: type varchar(20) in legacy, varchar(50) in baseline
    (last changed in 025_fix_openphone_column_types.sql:14)

Values that differ between two replays of the same input (``now()``, random uuids) are *volatile*:
:func:`find_volatile` finds them, and :func:`compare` ignores them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ConfigDict

from consolidator.verify.introspect import Snapshot, TableRows

Origin = Callable[[str, str], "str | None"]

# Report order: what a reader needs first (extensions, types) to what hangs off tables.
KIND_ORDER = ["extension", "schema", "collation", "text search dictionary", "text search configuration",
              "foreign-data wrapper", "server", "user mapping", "type", "sequence", "table", "foreign table", "column",
              "constraint", "index", "function", "aggregate", "operator", "cast", "trigger", "view", "rule", "policy",
              "event trigger", "publication", "row"]
# Kinds whose objects live "inside" a table (name = table + "." + item): not reported when the table is.
TABLE_CHILDREN = ("column", "constraint", "trigger", "policy", "rule")
ROW_FINDINGS_PER_TABLE = 20


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    category: str  # missing | extra | changed | column-order | row-missing | row-extra | row-changed | compiler-defect
    kind: str  # table, column, constraint, ..., row, file
    name: str  # as the reader sees it: schema "public." dropped
    attribute: str | None = None
    reference: Any = None  # the value on the reference side (legacy / database)
    baseline: Any = None  # the value in the baseline
    origin: str | None = None  # "created in f.sql:3, last changed in g.sql:9"
    message: str

    def __str__(self) -> str:
        return self.message


class Volatility(BaseModel):
    """What differs between two replays of the same history: never a difference worth reporting."""

    model_config = ConfigDict(frozen=True)

    columns: dict[str, list[str]] = {}  # table -> its volatile columns
    attributes: list[str] = []  # "kind\tname\tattribute" of catalog values that differ

    def column_set(self, table: str) -> set[str]:
        return set(self.columns.get(table, ()))

    def masks(self, kind: str, name: str, attribute: str) -> bool:
        return f"{kind}\t{name}\t{attribute}" in self.attributes

    def describe(self) -> list[str]:
        return [f"{display_name(t)}.{c}" for t in sorted(self.columns) for c in self.columns[t]]


# -- naming and values -------------------------------------------------------------------------

_TYPE_ABBREVIATIONS = [
    ("character varying", "varchar"),
    ("timestamp with time zone", "timestamptz"),
    ("timestamp without time zone", "timestamp"),
    ("time with time zone", "timetz"),
    ("time without time zone", "time"),
    ("double precision", "float8"),
    ("bit varying", "varbit"),
    ("character", "char"),
]


def short_type(type_text: str) -> str:
    """format_type's long names in the short spelling people write: varchar(20), timestamptz."""
    out = type_text
    for long, short in _TYPE_ABBREVIATIONS:
        out = re.sub(rf"\b{long}\b", short, out)
    # format_type puts the modifier after the zone: "timestamp(3) with time zone" -> timestamptz(3)
    out = re.sub(r"\btimestamp(\(\d+\)) with time zone\b", r"timestamptz\1", out)
    out = re.sub(r"\btimestamp(\(\d+\)) without time zone\b", r"timestamp\1", out)
    return out


def display_name(name: str) -> str:
    return name[len("public."):] if name.startswith("public.") else name


_ATTRIBUTE_LABELS = {
    "not_null": "nullability",
    "owned_by": "owned by",
    "next_value": "next value",
    "row_security": "row level security",
    "force_row_security": "forced row level security",
    "partition_key": "partition key",
    "partition_bound": "partition bound",
    "with_check": "WITH CHECK",
    "using": "USING",
    "labels": "enum labels",
    "acl": "privileges",
}


def _label(attribute: str) -> str:
    return _ATTRIBUTE_LABELS.get(attribute, attribute.replace("_", " "))


def _value(kind: str, attribute: str, value: Any) -> str:
    if attribute == "acl":
        return "default" if value is None else "(" + "; ".join(value) + ")"
    if attribute == "not_null" and isinstance(value, bool):
        return "NOT NULL" if value else "nullable"
    if attribute in ("row_security", "force_row_security") and isinstance(value, bool):
        return "enabled" if value else "disabled"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if attribute == "type" and kind == "column":
        return short_type(str(value))
    if attribute == "labels":
        return "(" + ", ".join(_literal(v) for v in value) + ")"
    if isinstance(value, list):
        return "(" + ", ".join(str(v) for v in value) + ")"
    if attribute == "comment":
        return _literal(str(value))
    return str(value)


def _literal(value: str | None, limit: int = 80) -> str:
    if value is None:
        return "NULL"
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return "'" + value.replace("'", "''") + "'"


def _suffix(origin: str | None) -> str:
    return f" ({origin})" if origin else ""


def _summary(obj_kind: str, attrs: dict[str, Any]) -> str:
    """What a missing/extra object is, in a few words, to append to its sentence."""
    if obj_kind in ("index", "constraint", "trigger") and attrs.get("definition"):
        return f": {attrs['definition']}"
    if obj_kind == "column":
        return f": {short_type(attrs['type'])}"
    if obj_kind == "type" and attrs.get("type") == "enum":
        return f": enum {_value('type', 'labels', attrs['labels'])}"
    if obj_kind == "type":
        return f": {attrs.get('type')}"
    if obj_kind == "sequence":
        return f": {attrs.get('type')}"
    return ""


def _first_difference(a: str, b: str) -> tuple[int, str, str]:
    """1-based line number and the two lines where multi-line texts first differ."""
    la, lb = a.splitlines(), b.splitlines()
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "<end>"
        y = lb[i] if i < len(lb) else "<end>"
        if x != y:
            return i + 1, x, y
    return 0, "", ""


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the comparison ----------------------------------------------------------------------------


class _Comparer:
    def __init__(self, labels: tuple[str, str], origin: Origin | None, volatility: Volatility | None,
                 sequences_may_advance: bool = False) -> None:
        self.ref, self.base = labels
        self.sequences_may_advance = sequences_may_advance
        self.origin_fn = origin
        self.volatility = volatility or Volatility()
        self.findings: list[Finding] = []

    def origin(self, kind: str, name: str) -> str | None:
        if self.origin_fn is None or kind == "row":
            return None
        try:
            return self.origin_fn(kind, name)
        except Exception:  # provenance only decorates a finding: a lookup problem must not hide the finding
            return None

    def add(self, category: str, kind: str, name: str, text: str, *, attribute: str | None = None,
            reference: Any = None, baseline: Any = None, origin_kind: str | None = None, origin_name: str | None = None) -> None:
        origin = self.origin(origin_kind or kind, origin_name or name)
        shown = display_name(name)
        self.findings.append(
            Finding(
                category=category, kind=kind, name=shown, attribute=attribute, reference=reference,
                baseline=baseline, origin=origin, message=f"{kind} {shown}: {text}{_suffix(origin)}",
            )
        )

    # objects ----------------------------------------------------------------------------------

    def objects(self, a: Snapshot, b: Snapshot) -> None:
        missing_tables = set(a.names("table")) ^ set(b.names("table"))
        for kind in sorted(set(a.objects) | set(b.objects), key=_kind_rank):
            names_a, names_b = set(a.names(kind)), set(b.names(kind))
            for name in sorted(names_a | names_b):
                if _belongs_to(kind, name, a, b, missing_tables):
                    continue
                oa, ob = a.get(kind, name), b.get(kind, name)
                if ob is None:
                    self.add("missing", kind, name, f"present in {self.ref}, missing in {self.base}{_summary(kind, oa.attrs)}")
                elif oa is None:
                    self.add("extra", kind, name, f"missing in {self.ref}, present in {self.base}{_summary(kind, ob.attrs)}")
                else:
                    self.attributes(kind, name, oa.attrs, ob.attrs)

    def attributes(self, kind: str, name: str, x: dict[str, Any], y: dict[str, Any]) -> None:
        for attribute in list(dict.fromkeys([*x, *y])):
            va, vb = x.get(attribute), y.get(attribute)
            if va == vb or self.volatility.masks(kind, name, attribute):
                continue
            if kind == "sequence" and attribute == "next_value" and self.sequences_may_advance and _ahead(va, vb):
                continue
            if kind == "sequence" and attribute == "position" and self.sequences_may_advance:
                continue  # a live sequence moves with use: next_value above says whether it is behind
            if kind == "table" and attribute == "columns":
                self.column_order(name, va or [], vb or [])
                continue
            if isinstance(va, str) and isinstance(vb, str) and ("\n" in va or "\n" in vb):
                line, la, lb = _first_difference(va, vb)
                text = f"{_label(attribute)} differs at line {line}: {_clip(la)!r} in {self.ref}, {_clip(lb)!r} in {self.base}"
            else:
                text = f"{_label(attribute)} {_value(kind, attribute, va)} in {self.ref}, {_value(kind, attribute, vb)} in {self.base}"
            self.add("changed", kind, name, text, attribute=attribute, reference=va, baseline=vb)

    def column_order(self, table: str, a: list[str], b: list[str]) -> None:
        common = set(a) & set(b)
        order_a = [c for c in a if c in common]
        order_b = [c for c in b if c in common]
        if order_a == order_b:
            return  # only added/removed columns: reported column by column
        self.add(
            "column-order", "table", table,
            f"column order ({', '.join(order_a)}) in {self.ref}, ({', '.join(order_b)}) in {self.base}",
            attribute="columns", reference=order_a, baseline=order_b,
        )

    # seed rows --------------------------------------------------------------------------------

    def rows(self, a: Snapshot, b: Snapshot, *, report_reference_only_rows: bool) -> None:
        for table in sorted(set(a.rows) & set(b.rows)):
            ra, rb = a.rows[table], b.rows[table]
            volatile = self.volatility.column_set(table)
            columns = [c for c in ra.columns if c in set(rb.columns) and c not in volatile]
            key = _row_key(ra, rb, columns)
            before = len(self.findings)
            if key:
                self.keyed_rows(table, columns, key, ra, rb, report_reference_only_rows)
            else:
                self.unkeyed_rows(table, columns, ra, rb, report_reference_only_rows)
            extra = self.findings[before:]
            if len(extra) > ROW_FINDINGS_PER_TABLE:
                del self.findings[before + ROW_FINDINGS_PER_TABLE:]
                more = len(extra) - ROW_FINDINGS_PER_TABLE
                self.add("row-changed", "seed rows of", table, f"{more} more row differences not listed")

    def keyed_rows(self, table: str, columns: list[str], key: list[str], ra: TableRows, rb: TableRows, ref_only: bool) -> None:
        ka, kb = _by_key(ra, columns, key), _by_key(rb, columns, key)
        for k in sorted(set(ka) | set(kb), key=_row_order):
            name = f"{table} ({', '.join(key)})=({', '.join(_plain(v) for v in k)})"
            if k not in kb:
                if ref_only:
                    self.add("row-missing", "seed row", name, f"present in {self.ref}, missing in {self.base}",
                             reference=dict(zip(columns, ka[k])))
            elif k not in ka:
                self.add("row-extra", "seed row", name, f"missing in {self.ref}, present in {self.base}",
                         baseline=dict(zip(columns, kb[k])))
            else:
                for column, va, vb in zip(columns, ka[k], kb[k]):
                    if va != vb:
                        self.add("row-changed", "seed row", name,
                                 f"{column} {_literal(va)} in {self.ref}, {_literal(vb)} in {self.base}",
                                 attribute=column, reference=va, baseline=vb)

    def unkeyed_rows(self, table: str, columns: list[str], ra: TableRows, rb: TableRows, ref_only: bool) -> None:
        ca, cb = Counter(_project(ra, columns)), Counter(_project(rb, columns))
        for row in sorted(set(ca) | set(cb), key=_row_order):
            na, nb = ca.get(row, 0), cb.get(row, 0)
            if na == nb or (nb < na and not ref_only):
                continue
            name = f"{table} ({', '.join(columns)})=({', '.join(_plain(v) for v in row)})"
            if nb == 0:
                text = f"present in {self.ref}, missing in {self.base}"
            elif na == 0:
                text = f"missing in {self.ref}, present in {self.base}"
            else:
                text = f"{na} copies in {self.ref}, {nb} in {self.base}"
            self.add("row-missing" if na > nb else "row-extra", "seed row", name, text, reference=na, baseline=nb)


def _ahead(live: Any, baseline: Any) -> bool:
    """A live sequence past the baseline's next value has served the application: not drift."""
    return isinstance(live, int) and isinstance(baseline, int) and live > baseline


def _kind_rank(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def _belongs_to(kind: str, name: str, a: Snapshot, b: Snapshot, one_sided_tables: set[str]) -> bool:
    """True when the object's table exists on one side only: the table's own finding says it all."""
    if kind in TABLE_CHILDREN:
        return any(name.startswith(t + ".") for t in one_sided_tables)
    if kind == "index":
        obj = a.get(kind, name) or b.get(kind, name)
        return obj is not None and obj.attrs.get("table") in one_sided_tables
    return False


def _row_key(ra: TableRows, rb: TableRows, columns: list[str]) -> list[str]:
    """The first key both sides share that identifies rows by compared (non-volatile) values only.

    A primary key of random uuids is volatile: a unique ``feature_key`` then names the row instead.
    """
    for key in [*([ra.key] if ra.key else []), *ra.unique_keys]:
        if key in rb.unique_keys or key == rb.key:
            if all(k in columns for k in key) and _identifies(ra, columns, key) and _identifies(rb, columns, key):
                return key
    return []


def _identifies(rows: TableRows, columns: list[str], key: list[str]) -> bool:
    """Unique indexes let NULLs repeat: such a key cannot name a row."""
    values = _project(rows, key)
    return len(values) == len(set(values)) and not any(None in k for k in values)


def _project(rows: TableRows, columns: list[str]) -> list[tuple[str | None, ...]]:
    index = [rows.columns.index(c) for c in columns]
    return [tuple(r[i] for i in index) for r in rows.rows]


def _by_key(rows: TableRows, columns: list[str], key: list[str]) -> dict[tuple, tuple]:
    key_index = [columns.index(k) for k in key]
    return {tuple(r[i] for i in key_index): r for r in _project(rows, columns)}


def _row_order(values: Iterable[str | None]) -> tuple:
    # numbers sort as numbers so that ids 2 and 10 are listed in the order people expect
    out = []
    for v in values:
        if v is None:
            out.append((2, 0, ""))
        elif re.fullmatch(r"-?\d{1,18}", v):
            out.append((0, int(v), v))
        else:
            out.append((1, 0, v))
    return tuple(out)


def _plain(value: str | None) -> str:
    """A key value the way PostgreSQL prints it in 'Key (id)=(3)': unquoted, NULL as null."""
    if value is None:
        return "null"
    return value if len(value) <= 60 else value[:59] + "…"


# -- public API --------------------------------------------------------------------------------


def compare(
    reference: Snapshot,
    baseline: Snapshot,
    *,
    labels: tuple[str, str] = ("legacy", "baseline"),
    origin: Origin | None = None,
    volatility: Volatility | None = None,
    report_reference_only_rows: bool = True,
    sequences_may_advance: bool = False,
) -> list[Finding]:
    """Every difference between the two snapshots, catalog first, then seed rows, sorted.

    Drift mode against a live database: ``report_reference_only_rows=False`` ignores rows only the
    database has (the application's data, not seed rows the baseline forgot), and
    ``sequences_may_advance=True`` ignores sequences that are further on than the baseline's (a
    sequence *behind* the baseline would hand out ids its seed rows already use: still reported).
    """
    c = _Comparer(labels, origin, volatility, sequences_may_advance)
    c.objects(reference, baseline)
    c.rows(reference, baseline, report_reference_only_rows=report_reference_only_rows)
    return c.findings


def find_volatile(first: Snapshot, second: Snapshot) -> Volatility:
    """Columns and catalog values that differ between two replays of the same history.

    Seed columns are compared as multisets per column, so rows need not be matched: a column of
    ``now()`` timestamps or random uuids differs as a whole even when it is the primary key.
    """
    columns: dict[str, list[str]] = {}
    for table in sorted(set(first.rows) & set(second.rows)):
        ra, rb = first.rows[table], second.rows[table]
        volatile = []
        for column in ra.columns:
            if column not in rb.columns:
                continue
            va = sorted(_project(ra, [column]), key=_row_order)
            vb = sorted(_project(rb, [column]), key=_row_order)
            if va != vb:
                volatile.append(column)
        if volatile:
            columns[table] = volatile
    attributes = []
    for kind in sorted(set(first.objects) & set(second.objects)):
        for name in sorted(set(first.names(kind)) & set(second.names(kind))):
            xa, xb = first.get(kind, name).attrs, second.get(kind, name).attrs
            attributes.extend(f"{kind}\t{name}\t{attr}" for attr in sorted(set(xa) | set(xb)) if xa.get(attr) != xb.get(attr))
    return Volatility(columns=columns, attributes=attributes)


def merge_volatility(*items: Volatility) -> Volatility:
    columns: dict[str, set[str]] = {}
    attributes: set[str] = set()
    for v in items:
        for table, cols in v.columns.items():
            columns.setdefault(table, set()).update(cols)
        attributes.update(v.attributes)
    return Volatility(columns={t: sorted(c) for t, c in sorted(columns.items())}, attributes=sorted(attributes))
