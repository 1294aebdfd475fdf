"""One compiled history for the audit, blame and graph: the build, every effect in replay order, the statements'
text, and what existed after each file.

The build (`consolidator.build.build`) is the baseline's own use case and the audit reads its result. What existed
*between* files (the table an index belonged to before a later file dropped it, a column's type before a file
changed it) is not in that result, so the same files are replayed again one at a time on one catalog and an
observer notes what it needs after each file. It is the same engine on the same input; a second replay that does
not reproduce the build's events is reported as an internal error, never papered over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from consolidator.build import BuildResult, build
from consolidator.errors import ConsolidatorError, OnError, SourceSpan
from consolidator.model.catalog import Catalog
from consolidator.model.types import SqlType
from consolidator.parse.postgres import parse_file
from consolidator.replay.effects import Effect
from consolidator.replay.engine import Event, ReplayResult, replay
from consolidator.source.discover import Order, Sources

Observer = Callable[[str, Catalog], None]


def replay_by_file(sources: Sources, on_error: OnError, observe: Observer) -> ReplayResult:
    """`replay(sources, on_error)`, one file at a time on one catalog, calling `observe(file, catalog)` after each."""
    catalog = Catalog()
    merged = ReplayResult(catalog=catalog)
    for source in sources.migrations:
        one = Sources(folder=sources.folder, migrations=[source], skipped=[], duplicate_versions={})
        part = replay(one, on_error, catalog)
        merged.files += part.files
        merged.events += part.events
        merged.diagnostics += part.diagnostics
        observe(source.name, catalog)
    return merged


def check_same_replay(first: ReplayResult, second: ReplayResult) -> None:
    def outline(r: ReplayResult) -> list[tuple]:
        return [(e.span, e.kind, e.status, e.effects) for e in r.events]

    if outline(first) != outline(second):
        raise ConsolidatorError("internal error: replaying the files one at a time did not reproduce the build's "
                                "replay, so what existed between files is unknown (please report this)")


@dataclass(frozen=True)
class FileState:
    """What the audit needs to know about the catalog after one file."""

    index_tables: dict[str, str]  # index key -> its table's key
    column_types: dict[tuple[str, str], SqlType]  # (table key, column) -> type

    @classmethod
    def of(cls, catalog: Catalog) -> "FileState":
        return cls(
            index_tables={key: index.table for key, index in catalog.indexes.items()},
            column_types={(t.key, c.name): c.type for t in catalog.tables.values() for c in t.columns},
        )


EMPTY = FileState(index_tables={}, column_types={})


@dataclass(frozen=True, eq=False)
class Step:
    """One effect of one statement, in replay order; the statements inside a DO block are steps of their own."""

    position: int
    event: Event
    effect: Effect
    in_do_block: bool = False

    @property
    def span(self) -> SourceSpan:
        return self.event.span

    @property
    def file(self) -> str:
        return self.event.span.file

    @property
    def status(self) -> str:
        return self.event.status

    @property
    def applied(self) -> bool:
        return self.event.status == "applied"


@dataclass
class History:
    folder: str  # the legacy folder's name as given, never made absolute
    result: BuildResult
    order: Order
    on_error: OnError
    after: dict[str, FileState] = field(default_factory=dict)  # the state after each replayed file
    texts: dict[str, list[tuple[SourceSpan, str]]] = field(default_factory=dict)  # each file's statements

    @property
    def sources(self) -> Sources:
        return self.result.sources

    @property
    def replay(self) -> ReplayResult:
        return self.result.replay

    @property
    def catalog(self) -> Catalog:
        return self.result.catalog

    @property
    def events(self) -> list[Event]:
        return self.result.replay.events

    @cached_property
    def steps(self) -> list[Step]:
        out: list[Step] = []

        def add(event: Event, effect: Effect, nested: bool) -> None:
            out.append(Step(len(out), event, effect, nested))
            for inner in effect.nested:
                add(event, inner, True)

        for event in self.events:
            for effect in event.effects:
                add(event, effect, False)
        return out

    @cached_property
    def file_names(self) -> list[str]:
        return [m.name for m in self.sources.migrations]

    def before(self, file: str) -> FileState:
        names = self.file_names
        i = names.index(file)
        return self.after[names[i - 1]] if i > 0 else EMPTY

    def index_table(self, index_key: str, file: str) -> str | None:
        """The table of the index `index_key` after `file` ran, or before it (an index the file dropped)."""
        return self.after[file].index_tables.get(index_key) or self.before(file).index_tables.get(index_key)

    @cached_property
    def _text_by_span(self) -> dict[tuple[str, int, int], str]:
        return {(s.file, s.line, s.column): text for spans in self.texts.values() for s, text in spans}

    def text(self, span: SourceSpan) -> str:
        """The statement's text as written (empty when the span is not a statement's start)."""
        return self._text_by_span.get((span.file, span.line, span.column), "")

    def excerpt(self, span: SourceSpan, width: int = 100) -> str:
        """The statement with its white space collapsed, cut at `width` characters."""
        flat = " ".join(self.text(span).split())
        return flat if len(flat) <= width else flat[: width - 1] + "…"

    def never_run(self, file: str) -> list[tuple[SourceSpan, str]]:
        """The statements of `file` after the one that stopped it: psql never sent them."""
        ran = sum(1 for e in self.events if e.span.file == file)
        return self.texts.get(file, [])[ran:]

    def events_of(self, file: str) -> list[Event]:
        return [e for e in self.events if e.span.file == file]


def compile_history(folder: str | Path, order: Order = Order.NAME, on_error: OnError = OnError.FILE) -> History:
    result = build(folder, order=order, on_error=on_error)
    history = History(folder=Path(folder).name or str(folder), result=result, order=order, on_error=on_error)

    def observe(name: str, catalog: Catalog) -> None:
        history.after[name] = FileState.of(catalog)

    check_same_replay(result.replay, replay_by_file(result.sources, on_error, observe))
    for source in result.sources.migrations:
        history.texts[source.name] = [(st.span, st.text) for st in parse_file(source.name, source.data)]
    return history
