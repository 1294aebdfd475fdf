"""Which tool's layout a legacy folder is in: detected from its file names (and, for the tools whose files are
plain `*.sql`, their section markers), or forced with `--layout`. Two matching layouts are not guessed between."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from consolidator.errors import InputError
from consolidator.source.files import Order, list_folder, reading_folder
from consolidator.source.layouts import atlas, bookkeeping, dbmate, diesel, flat, flyway, golang_migrate, goose, liquibase, popx, prisma, sqitch
from consolidator.source.layouts.common import Reading
from consolidator.source.limits import Limits


class Layout(str, Enum):
    FLAT = "flat"
    FLYWAY = "flyway"
    GOLANG_MIGRATE = "golang-migrate"
    DBMATE = "dbmate"
    GOOSE = "goose"
    DIESEL = "diesel"
    PRISMA = "prisma"
    SQITCH = "sqitch"
    POPX = "popx"
    LIQUIBASE = "liquibase"
    ATLAS = "atlas"


_READERS = {
    Layout.FLAT: flat,
    Layout.FLYWAY: flyway,
    Layout.GOLANG_MIGRATE: golang_migrate,
    Layout.DBMATE: dbmate,
    Layout.GOOSE: goose,
    Layout.DIESEL: diesel,
    Layout.PRISMA: prisma,
    Layout.SQITCH: sqitch,
    Layout.POPX: popx,
    Layout.LIQUIBASE: liquibase,
    Layout.ATLAS: atlas,
}

# (a, b): a folder both match is a's. popx names extend golang-migrate's with a dialect or `.autocommit`; Atlas
# writes its atlas.sum into the folders of the tools it manages (--dir-format), whose files are in that tool's format.
_NARROWER = ((Layout.POPX, Layout.GOLANG_MIGRATE),
             *((other, Layout.ATLAS) for other in (Layout.GOLANG_MIGRATE, Layout.GOOSE, Layout.FLYWAY, Layout.DBMATE,
                                                   Layout.LIQUIBASE)))


def detect(root: Path, entries: list[Path]) -> Layout:
    found = [layout for layout, reader in _READERS.items()
             if layout is not Layout.FLAT and reader.detect(root, entries)]
    for narrower, wider in _NARROWER:
        if narrower in found and wider in found:
            found.remove(wider)
    if len(found) > 1:
        names = " and ".join(layout.value for layout in found)
        raise InputError(f"{root} looks like both {names} migrations: pass --layout to say which")
    return found[0] if found else Layout.FLAT


def read_folder(root: Path, order: Order, layout: Layout | str | None = None,
                limits: Limits | None = None) -> tuple[Layout, Reading]:
    entries = list_folder(root)
    with reading_folder(root, limits):
        if layout is None:
            chosen = detect(root, entries)
        else:
            try:
                chosen = Layout(layout)
            except ValueError:
                known = ", ".join(lay.value for lay in Layout)
                raise InputError(f"unknown layout {layout!r}: use one of {known}") from None
        reading = _READERS[chosen].read(root, entries, order)
        bookkeeping.add_tool_table(chosen.value, reading)
        return chosen, reading


def looked_for(layout: Layout | str) -> str:
    """What a folder without migrations was searched for, for its one-line error."""
    chosen = Layout(layout)
    if chosen is Layout.FLAT:
        others = ", ".join(lay.value for lay in Layout if lay is not Layout.FLAT)
        return f"*.sql files in the folder itself, and the layouts of {others}"
    return f"{chosen.value} migrations"
