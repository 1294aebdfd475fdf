"""File problems: files passed over (.skip, .broken, not SQL), version numbers shared by several files, files whose
order by name differs from their order by number, and gaps in a dense numbering."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.source.discover import Order, discover, version_of


class Skipped(BaseModel):
    file: str
    reason: str


class SharedVersion(BaseModel):
    version: str
    files: list[str]


class OrderSurprise(BaseModel):
    first: str  # applied first (in the order the replay uses)
    then: str  # applied after it, though the other order puts it before
    order: str  # the order the replay uses: name | natural


class VersionGap(BaseModel):
    version: int
    skipped_file: str | None  # a passed-over file that has this number


class FileProblems(BaseModel):
    skipped: list[Skipped]
    shared_versions: list[SharedVersion]
    order_surprises: list[OrderSurprise]
    order_surprises_total: int
    gaps: list[VersionGap]
    unversioned: list[str]  # migrations whose name has no leading number


_MAX_PAIRS = 20


def compute(history: History, lineage: Lineage | None = None) -> FileProblems:
    sources = history.sources
    other = Order.NATURAL if history.order is Order.NAME else Order.NAME
    used = [m.name for m in sources.migrations]
    other_order = (discover(sources.folder, other, sources.layout).migrations if sources.layout == "flat"
                   else sources.migrations)  # every other layout has its tool's one order
    position = {name: i for i, name in enumerate(m.name for m in other_order)}
    pairs = [(a, b) for i, a in enumerate(used) for b in used[i + 1:] if position.get(b, 0) < position.get(a, 0)]
    skipped_versions: dict[int, str] = {}
    for s in sources.skipped:
        v = version_of(s.name)
        if v is not None:
            skipped_versions.setdefault(int(v), s.name)
    numbers = sorted({int(m.version) for m in sources.migrations if m.version is not None and m.version.isdigit()})
    gaps = []
    if len(numbers) > 1 and numbers[-1] - numbers[0] + 1 <= 2 * len(numbers):  # a dense numbering, not timestamps
        present = set(numbers)
        gaps = [VersionGap(version=n, skipped_file=skipped_versions.get(n))
                for n in range(numbers[0], numbers[-1] + 1) if n not in present]
    return FileProblems(
        skipped=[Skipped(file=s.name, reason=s.reason) for s in sources.skipped],
        shared_versions=[SharedVersion(version=v, files=names) for v, names in sources.duplicate_versions.items()],
        order_surprises=[OrderSurprise(first=a, then=b, order=history.order.value) for a, b in pairs[:_MAX_PAIRS]],
        order_surprises_total=len(pairs),
        gaps=gaps,
        unversioned=[m.name for m in sources.migrations if m.version is None],
    )


def markdown(section: FileProblems) -> list[str]:
    out = [md.heading(2, "File problems"), ""]
    out += [md.heading(3, "Skipped and broken files"), ""]
    if section.skipped:
        out.append("Passed over, never replayed:")
        out.append("")
        out += md.bullets([f"{md.code(s.file)}: {md.text(s.reason)}" for s in section.skipped])
    else:
        out.append("No file is passed over.")
    out += ["", md.heading(3, "Shared version numbers"), ""]
    if section.shared_versions:
        out += md.bullets([f"version {md.code(v.version)}: " + ", ".join(md.code(f) for f in v.files)
                           + " (all applied, in this order)" for v in section.shared_versions])
    else:
        out.append("Every version number belongs to one file.")
    out += ["", md.heading(3, "Ordering"), ""]
    if section.order_surprises:
        order = section.order_surprises[0].order
        other = "number" if order == "name" else "name"
        out.append(f"{md.plural(section.order_surprises_total, 'pair')} of files run in a different order by {other} "
                   f"than by {order} (the order used):")
        out.append("")
        out += md.bullets([f"{md.code(p.first)} runs before {md.code(p.then)}" for p in section.order_surprises])
        if section.order_surprises_total > len(section.order_surprises):
            out.append(f"- and {section.order_surprises_total - len(section.order_surprises)} more pairs")
    else:
        out.append("Name order and numeric order agree.")
    if section.unversioned:
        out += ["", "Migrations without a version number: " + ", ".join(md.code(f) for f in section.unversioned)]
    out += ["", md.heading(3, "Gaps in the numbering"), ""]
    if section.gaps:
        out += md.bullets([f"{md.code(str(g.version))}: " + (f"only in {md.code(g.skipped_file)}, which is passed over"
                                                                 if g.skipped_file else "no file")
                           for g in section.gaps])
    else:
        out.append("No gaps.")
    out.append("")
    return out
