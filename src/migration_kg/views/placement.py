"""The ego view around one node (positions come from :mod:`migration_kg.networks.layout`)."""

from __future__ import annotations

import difflib
from typing import Any

import networkx as nx

from migration_kg.errors import InputError
from migration_kg.namespaces import compact
from migration_kg.networks.layout import layout
from migration_kg.networks.registry import Network

__all__ = ["ego", "layout", "resolve_node"]


def resolve_node(graph: Network, text: str) -> Any:
    """The node ``text`` names: its id, full IRI, label or slug (case-insensitive)."""
    if text in graph:
        return text
    if compact(text) in graph:
        return compact(text)
    wanted = text.strip().casefold()
    def by_label(node: str, attrs: dict[str, Any]) -> bool:
        return str(attrs.get("label", "")).casefold() == wanted

    def by_slug(node: str, attrs: dict[str, Any]) -> bool:
        return str(node).rsplit("/", 1)[-1].rsplit(":", 1)[-1].casefold() == wanted

    for matcher in (by_label, by_slug):
        found = [n for n, a in graph.nodes(data=True) if matcher(n, a)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(f"'{text}' names several nodes: {', '.join(map(str, found))}",
                             None, hint="give the node id instead")
    names = [str(n) for n in graph.nodes] + [str(a.get("label", ""))
                                             for _, a in graph.nodes(data=True)]
    close = difflib.get_close_matches(text, names, n=5, cutoff=0.5)
    hint = ("did you mean: " + ", ".join(close)) if close else \
        "give a node id such as person:jorge-bustamante, or a label"
    raise InputError(f"no node '{text}' in this network", None, hint=hint)


def ego(graph: Network, focus: str, depth: int = 1) -> tuple[Network, Any]:
    """The nodes within ``depth`` steps of ``focus`` (edges in either direction) and their edges."""
    if depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}", None,
                         hint="e.g. --depth 1 for the node and its neighbours")
    node = resolve_node(graph, focus)
    return nx.ego_graph(graph, node, radius=depth, undirected=True), node
