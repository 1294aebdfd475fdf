"""The baseline's order is networkx's lexicographic topological sort, without loading networkx on every build."""

import random

import networkx as nx
import pytest

from consolidator.order.toposort import Graph


def random_graph(seed: int, acyclic: bool) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [f"n{rng.randrange(40)}" for _ in range(rng.randrange(1, 30))]
    nodes = list(dict.fromkeys(nodes))
    edges = []
    for _ in range(rng.randrange(60)):
        a, b = rng.sample(nodes, 2) if len(nodes) > 1 else (nodes[0], nodes[0])
        if acyclic and nodes.index(a) >= nodes.index(b):
            a, b = b, a
        if a != b:
            edges.append((a, b))
    return nodes, edges


@pytest.mark.parametrize("seed", range(200))
def test_same_order_as_networkx(seed):
    nodes, edges = random_graph(seed, acyclic=seed % 4 != 0)
    key = (lambda n: len(n)) if seed % 2 else (lambda n: n[::-1])  # ties broken by insertion order
    ours = Graph(nodes)
    theirs = nx.DiGraph()
    theirs.add_nodes_from(nodes)
    for a, b in edges:
        ours.add_edge(a, b)
        theirs.add_edge(a, b)
    try:
        expected = list(nx.lexicographical_topological_sort(theirs, key=key))
    except nx.NetworkXUnfeasible:
        expected = None
    assert ours.order(key=key) == expected


def test_a_cycle_has_no_order():
    g = Graph(["a", "b", "c"])
    g.add_edge("a", "b")
    g.add_edge("b", "a")
    assert g.order(key=str) is None
    assert nx.find_cycle(g.to_networkx())


@pytest.mark.parametrize("seed", range(200))
def test_cyclic_nodes_are_networkx_strongly_connected_components(seed):
    nodes, edges = random_graph(seed, acyclic=False)
    g = Graph(nodes)
    for a, b in edges:
        g.add_edge(a, b)
    components = [c for c in nx.strongly_connected_components(g.to_networkx()) if len(c) > 1]
    assert g.cyclic_nodes() == set().union(*components)
