"""The order migrations run in: by version number, then by requirements (`-- requires:`), as Sqitch orders them.

A migration runs after every migration it requires, and otherwise as early as its number says
(`networkx.lexicographical_topological_sort` keyed by (number, version): deterministic). A requirement that
names no migration, and a cycle, are errors that name the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from consolidator.errors import InputError
from consolidator.runner import execute, files
from consolidator.runner.files import Migration
from consolidator.runner.project import Project


@dataclass(frozen=True)
class RequirementError:
    path: str
    line: int
    message: str
    kind: str  # "missing" or "cycle"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def requirement_errors(migrations: list[Migration], known: frozenset[str] = frozenset()) -> list[RequirementError]:
    """Requirements naming nothing (`known`: versions that exist elsewhere, the baseline's), and cycles."""
    by_version = {m.version: m for m in migrations}
    errors = []
    for m in migrations:
        for name, line in m.requires:
            if name == m.version:
                errors.append(RequirementError(m.path, line, f"{m.version} requires itself", "cycle"))
            elif name not in by_version and name not in known:
                errors.append(RequirementError(m.path, line, f"{m.version} requires {name}, which is no migration "
                                                             "in this folder", "missing"))
    graph = _graph(migrations, by_version)
    for cycle in _cycles(graph):
        first = by_version[cycle[0]]
        line = next((ln for name, ln in first.requires if name in cycle), 1)
        path = " -> ".join(cycle + [cycle[0]])
        errors.append(RequirementError(first.path, line, f"requirements form a cycle: {path}", "cycle"))
    return sorted(errors, key=lambda e: (e.path, e.line, e.message))


def in_order(migrations: list[Migration], known: frozenset[str] = frozenset()) -> list[Migration]:
    """The migrations in the order they run; InputError naming the files when requirements cannot be met."""
    errors = requirement_errors(migrations, known)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{errors[0]}{more}")
    by_version = {m.version: m for m in migrations}
    graph = _graph(migrations, by_version)
    order = nx.lexicographical_topological_sort(graph, key=lambda v: (by_version[v].number, v))
    return [by_version[v] for v in order]


def fallback_order(migrations: list[Migration]) -> list[Migration]:
    """For lint when requirements are broken: the order they would run in, as far as it exists."""
    try:
        return in_order(migrations, frozenset(n for m in migrations for n, _ in m.requires))
    except InputError:
        return sorted(migrations, key=lambda m: m.sort_key)


def _graph(migrations: list[Migration], by_version: dict[str, Migration]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(m.version for m in migrations)
    for m in migrations:
        for name, _ in m.requires:
            if name in by_version and name != m.version:
                graph.add_edge(name, m.version)
    return graph


def _cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One cycle per strongly connected component, starting at its smallest version, in a stable order."""
    found = []
    for component in sorted((sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)):
        sub = graph.subgraph(component)
        edges = nx.find_cycle(sub, source=component[0])
        cycle = [u for u, _ in edges]
        found.append(cycle)
    return found


def resolve_version(given: str, versions: list[str], what: str) -> str:
    """`--to VERSION`: the full version (001_add_widgets, .sql allowed) or its number (1, 001) when only one has it."""
    name = given.strip().removesuffix(".sql")
    if name in versions:
        return name
    if name.isdigit():
        matches = [v for v in versions if v.split("_", 1)[0].isdigit() and int(v.split("_", 1)[0]) == int(name)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise InputError(f"--to {given} is ambiguous: {', '.join(matches)}")
    raise InputError(f"--to {given}: no {what} of that version")


def runnable(project: Project) -> list[Migration]:
    """The migrations folder, valid and in run order, each one checked runnable: InputError otherwise."""
    folder = files.load_folder(project.settings.migrations_dir, missing_ok=True)
    folder.require_valid()
    ordered = in_order(folder.migrations, project.known_versions)
    for m in ordered:
        execute.refuse_unrunnable(m.up.statements(), m.up.transaction)
        execute.refuse_unrunnable(m.down.statements(), m.down.transaction)
        execute.refuse_unrunnable(m.verify.statements(), False)
    return ordered
