"""The plain text of tooltips and of the details panel: labels, posts, evidence quotes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from migration_kg.networks.data import ACTOR_KINDS, Quote
from migration_kg.networks.registry import Network

MAX_TOOLTIP_QUOTES = 3
MAX_DETAIL_QUOTES = 40
MAX_QUOTE_CHARS = 400


def _clip(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _quote_lines(statements: Sequence[str], quotes: Mapping[str, Sequence[Quote]],
                 limit: int, graph: Network, speaker: Any = None) -> list[str]:
    """The quotes in report order, each with its session and stance, and its speaker unless
    the tooltip is the speaker's own."""
    found = [q for s in statements for q in quotes.get(s, ())]
    found.sort(key=lambda q: (q.start, q.statement))
    lines = []
    for q in found[:limit]:
        who = "" if q.actor == speaker else \
            str(graph.nodes[q.actor].get("label", q.actor)) if q.actor in graph else q.actor
        where = ", ".join(x for x in (who, q.session, q.stance) if x)
        lines.append(f"\u201c{_clip(q.text)}\u201d" + (f" ({where})" if where else ""))
    if len(found) > limit:
        lines.append(f"\u2026 and {len(found) - limit} more quotes")
    return lines


def split_list(value: Any) -> list[str]:
    return [v for v in str(value or "").split(";") if v]


def node_statements(graph: Network, node: Any, by_actor: Mapping[str, list[str]]) -> list[str]:
    attrs = graph.nodes[node]
    if attrs.get("kind") in ACTOR_KINDS:
        return by_actor.get(node, [])
    if attrs.get("kind") == "organization" and graph.graph.get("level") == "organization":
        return sorted({s for m in split_list(attrs.get("members")) for s in by_actor.get(m, [])})
    found: set[str] = set()
    for _, _, data in graph.edges(node, data=True):
        found.update(split_list(data.get("statements")))
    if isinstance(graph, nx.DiGraph):
        for _, _, data in graph.in_edges(node, data=True):
            found.update(split_list(data.get("statements")))
    return sorted(found)


def node_text(graph: Network, node: Any, quotes: Mapping[str, Sequence[Quote]],
              by_actor: Mapping[str, list[str]], *, limit: int = MAX_TOOLTIP_QUOTES) -> str:
    """The plain-text tooltip of a node: label, kind, posts, and evidence quotes with session."""
    attrs = graph.nodes[node]
    lines = [str(attrs.get("label", node))]
    kind = " \u00b7 ".join(str(x) for x in (attrs.get("kind"), attrs.get("category")) if x)
    if kind:
        lines.append(kind)
    lines.append(str(node))
    if attrs.get("posts"):
        lines.append("Posts: " + "; ".join(split_list(attrs["posts"])))
    if attrs.get("former_posts"):
        lines.append("Former posts: " + "; ".join(split_list(attrs["former_posts"])))
    if attrs.get("members"):
        lines.append("Speaking members: " + ", ".join(split_list(attrs["members"])))
    if attrs.get("treaty_status"):
        lines.append("Treaty status: " + "; ".join(split_list(attrs["treaty_status"])))
    statements = node_statements(graph, node, by_actor)
    if statements:
        lines.append(f"{len(statements)} statement(s)")
        speaker = node if attrs.get("kind") in ACTOR_KINDS else None
        lines.extend(_quote_lines(statements, quotes, limit, graph, speaker))
    for key in ("degree", "betweenness", "community"):
        if key in attrs:
            lines.append(f"{key}: {attrs[key]}")
    return "\n".join(lines)


_EDGE_FIELDS = ("relation_label", "basis", "agreement", "speech_acts", "congruence", "conflict",
                "count", "post", "tenure", "agreements", "disagreements", "instruments")


def edge_text(graph: Network, u: Any, v: Any, data: Mapping[str, Any],
              quotes: Mapping[str, Sequence[Quote]], *, limit: int = 2) -> str:
    """The plain-text tooltip of an edge: its ends, weight, stances and evidence quotes."""
    ends = f"{graph.nodes[u].get('label', u)} \u2014 {graph.nodes[v].get('label', v)}"
    lines = [ends, f"weight: {data.get('weight', 1)}"]
    for key in _EDGE_FIELDS:
        if data.get(key) not in (None, ""):
            lines.append(f"{key.replace('_', ' ')}: {data[key]}")
    statements = split_list(data.get("statements"))
    if statements:
        lines.append(f"{len(statements)} statement(s)")
        lines.extend(_quote_lines(statements, quotes, limit, graph))
    return "\n".join(lines)
