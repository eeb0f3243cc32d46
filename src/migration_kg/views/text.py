"""The plain text of tooltips and of the details panel: labels, posts, evidence quotes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import networkx as nx

from migration_kg.networks.data import ACTOR_KINDS, Quote
from migration_kg.networks.registry import Network

FOLDING_LEVELS = ("organization", "country")
"""Network levels whose nodes stand for the speakers folded into them (their ``members``)."""

MAX_TOOLTIP_QUOTES = 3
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
    own = by_actor.get(node, [])
    if graph.graph.get("level") in FOLDING_LEVELS and attrs.get("members"):
        return sorted({*own, *(s for m in split_list(attrs.get("members"))
                               for s in by_actor.get(m, []))})
    if attrs.get("kind") in ACTOR_KINDS or node in by_actor:
        return own
    found: set[str] = set()
    for _, _, data in graph.edges(node, data=True):
        found.update(split_list(data.get("statements")))
    if isinstance(graph, nx.DiGraph):
        for _, _, data in graph.in_edges(node, data=True):
            found.update(split_list(data.get("statements")))
    return sorted(found)


def node_text(graph: Network, node: Any, quotes: Mapping[str, Sequence[Quote]],
              by_actor: Mapping[str, list[str]], *, limit: int = MAX_TOOLTIP_QUOTES,
              facts: Mapping[str, Sequence[tuple[str, str]]] | None = None,
              name: Callable[[str], str] | None = None) -> str:
    """The plain-text tooltip of a node: label, kind, posts, the lines of the entity sections
    marked ``tooltip`` (``facts``), and evidence quotes with session."""
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
        lines.append("Speaking members: " + ", ".join(
            name(m) if name is not None else m for m in split_list(attrs["members"])))
    for heading, text in (facts or {}).get(str(node), ()):
        lines.append(f"{heading}: {text}")
    statements = node_statements(graph, node, by_actor)
    if statements:
        lines.append(f"{len(statements)} statement(s)")
        speaker = node if attrs.get("kind") in ACTOR_KINDS or node in by_actor else None
        lines.extend(_quote_lines(statements, quotes, limit, graph, speaker))
    for key, words in MEASURE_WORDS.items():
        if key in attrs:
            lines.append(f"{words}: {attrs[key]}")
    return "\n".join(lines)


MEASURE_WORDS = {"degree": "Linked to this many others (degree)",
                 "strength": "Sum of its edge weights (strength)",
                 "betweenness": "How much it lies on paths between others (betweenness)",
                 "community": "Community (Louvain)"}


RELATION_WORDS = {
    "dcterms:isPartOf": "is part of",
    "org:subOrganizationOf": "is part of",
    "schema:superEvent": "is part of",
    "mkg:conductedBy": "is conducted by",
    "mkg:host": "is hosted by",
    "mkg:launchedBy": "was launched by",
    "mkg:partnerOf": "is a partner of",
    "mkg:represents": "represents",
    "mkg:spokeIn": "spoke in",
    "mkg:supplements": "supplements",
    "schema:funder": "is funded by",
    "schema:organizer": "is organized by",
    "skos:broader": "is a narrower topic of",
    "dcterms:subject": "speaks about",
    "mkg:citesInstrument": "cites",
    "mkg:criticises": "criticises",
    "mkg:refersToCountry": "refers to",
    "mkg:refersToEvent": "refers to",
    "mkg:refersToInitiative": "refers to",
    "mkg:refersToOrganization": "refers to",
    "mkg:refersToPerson": "refers to",
    "mkg:agreesWith": "agrees with, as the report says,",
    "mkg:concursWith": "concurs with, as the report says,",
    "mkg:onBehalfOf": "speaks on behalf of",
}
"""How an edge of the full network reads in words: "{source} is part of {target}"."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _acts(data: Mapping[str, Any]) -> str:
    acts = split_list(data.get("speech_acts"))
    return f" ({', '.join(acts)})" if acts else ""


def edge_words(graph: Network, u: Any, v: Any, data: Mapping[str, Any],
               name: Callable[[str], str] | None = None) -> list[str]:
    """What an edge means, in sentences an analyst reads ("Mary Robinson cites the 1990
    Migrant Workers Convention in 2 statements (calls for, reports).").

    ``name`` gives the label of a node or claim that is not in ``graph`` (claims behind a
    congruence edge); without it, their ids are shown.
    """
    def label(node: Any) -> str:
        if node in graph:
            return str(graph.nodes[node].get("label", node))
        return name(str(node)) if name is not None else str(node)

    a, b = label(u), label(v)
    statements = len(split_list(data.get("statements")))
    relation = str(data.get("relation") or "")
    if relation == "mkg:agreement" or (not relation and data.get("agreement")):
        side = {"agrees": "agrees with", "disagrees": "disagrees with",
                "both": "both agrees and disagrees with"}.get(str(data.get("agreement")),
                                                               "holds")
        return [f"{a} {side} the claim \u201c{b}\u201d in "
                f"{_count(statements, 'statement')}{_acts(data)}."]
    if relation == "mkg:PostHolding":
        verb = "holds" if data.get("tenure") == "current" else "formerly held"
        post = str(data.get("post") or "a post")
        return [f"{a} {verb} the post of {post} in {b}."]
    if relation in ("mkg:respondsTo", "mkg:inferredResponseTo"):
        basis = "; the report says so" if data.get("basis") == "stated" else \
            ", in the curators' reading (the report does not say so)"
        return [f"{a} answers {_count(statements, 'question')} from {b}{basis}."]
    if "congruence" in data or "conflict" in data:
        words = []
        agree = split_list(data.get("agreements"))
        if agree:
            words.append(f"{a} and {b} take the same side of {_count(len(agree), 'claim')}:")
            for item in agree:
                claim, _, side = item.rpartition("=")
                both = "Both disagree" if side == "disagrees" else "Both agree"
                words.append(f"{both}: \u201c{label(claim or item)}\u201d")
        disputed = split_list(data.get("disagreements"))
        if disputed:
            words.append(f"{a} and {b} take opposite sides of "
                         f"{_count(len(disputed), 'claim')} (one agrees, the other disagrees):")
            words.extend(f"\u201c{label(claim)}\u201d" for claim in disputed)
        return words or [f"{a} and {b}: weight {data.get('weight')}."]
    if "instruments" in data:
        shared = split_list(data["instruments"])
        return [f"{a} and {b} both cite {_count(len(shared), 'instrument')}: "
                f"{'; '.join(label(i) for i in shared)}."]
    if relation:
        verb = RELATION_WORDS.get(relation) or str(data.get("relation_label") or relation)
        if statements:
            return [f"{a} {verb} {b} in {_count(statements, 'statement')}{_acts(data)}."]
        return [f"{a} {verb} {b}."]
    if "speech_acts" in data:
        kind = graph.nodes[v].get("kind") if v in graph else None
        verb = {"instrument": "cites", "topic": "speaks about"}.get(str(kind), "refers to")
        return [f"{a} {verb} {b} in {_count(statements, 'statement')}{_acts(data)}."]
    if "count" in data and statements:
        return [f"{a} and {b} are cited together in {_count(statements, 'statement')}."]
    return [f"{a} and {b} are linked (weight {data.get('weight', 1)})."]


def edge_text(graph: Network, u: Any, v: Any, data: Mapping[str, Any],
              quotes: Mapping[str, Sequence[Quote]], *, limit: int = 2,
              name: Callable[[str], str] | None = None) -> str:
    """The plain-text tooltip of an edge: what it means in words, then its first quotes."""
    lines = edge_words(graph, u, v, data, name)
    statements = split_list(data.get("statements"))
    if statements:
        lines.extend(_quote_lines(statements, quotes, limit, graph))
        lines.append("Click the edge for every statement and quote.")
    return "\n".join(lines)
