"""Node and edge attributes shared by every network kind.

Node ids are compact IRIs (``person:jorge-bustamante``); every node has ``label``, ``kind``
(person, participant, organization, instrument, topic, session, event, country, initiative),
``category`` (finer class, e.g. "UN body", "binding instrument", "human rights" for a topic's
top concept) and ``iri``. Every edge has ``weight`` and ``tone``: positive, negative, neutral,
mixed or none, which views use as the edge colour. All attributes are scalars (lists are
``;``-joined), so GraphML, GEXF, CSV and node-link JSON carry them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from migration_kg.namespaces import expand
from migration_kg.networks.data import (
    ACTOR_KINDS,
    CITES,
    SUBJECT,
    Discourse,
    Holding,
    local_name,
)
from migration_kg.networks.registry import CONCEPTS, check_choice


def concept_relations(concepts: str) -> frozenset[str]:
    """The statement relations that count as concepts for ``--concepts``."""
    check_choice(concepts, CONCEPTS, "concept set")
    return {
        "all": frozenset({CITES, SUBJECT}),
        "instrument": frozenset({CITES}),
        "topic": frozenset({SUBJECT}),
    }[concepts]


def actors_of(data: Discourse, actor: str, level: str) -> list[str]:
    """The actor itself, or at organization level its current organizations (itself if none)."""
    if level == "person":
        return [actor]
    return data.current_organizations(actor) or [actor]


def signed(polarity: int) -> str:
    """+1, -1 or 0, as written in ``agreements``."""
    return f"{polarity:+d}" if polarity else "0"


def tone_of(positive: int, negative: int, neutral: int) -> str:
    """The colour class of a set of statements: mixed when they hold both non-zero polarities."""
    if positive and negative:
        return "mixed"
    if positive:
        return "positive"
    if negative:
        return "negative"
    return "neutral" if neutral else "none"


def node_attrs(data: Discourse, node: str) -> dict[str, Any]:
    info = data.info(node)
    attrs: dict[str, Any] = {"label": info.label, "kind": info.kind, "category": info.category,
                             "iri": expand(node)}
    if info.kind in ACTOR_KINDS:
        attrs.update(actor_attrs(data, node))
    if info.kind == "organization":
        members = sorted({h.person for h in data.holdings
                          if h.organization == node and h.current})
        attrs["members"] = ";".join(members)
    return attrs


def actor_attrs(data: Discourse, actor: str) -> dict[str, Any]:
    def post(h: Holding) -> str:
        return f"{h.post}, {data.info(h.organization).label}" if h.post else \
            data.info(h.organization).label

    mine = [h for h in data.holdings if h.person == actor]
    return {
        "posts": ";".join(post(h) for h in mine if h.current),
        "former_posts": ";".join(post(h) for h in mine if not h.current),
        "organizations": ";".join(data.current_organizations(actor)),
        "statement_count": data.statement_count(actor),
    }


def statement_edge(statements: Mapping[str, int], stances: Iterable[str]) -> dict[str, Any]:
    """Attributes of an edge made of statements (id -> polarity)."""
    positive = sum(1 for p in statements.values() if p > 0)
    negative = sum(1 for p in statements.values() if p < 0)
    neutral = len(statements) - positive - negative
    return {
        "weight": len(statements),
        "stances": ";".join(sorted({local_name(s) for s in stances})),
        "positive": positive,
        "neutral": neutral,
        "negative": negative,
        "polarity": round((positive - negative) / len(statements), 6),
        "tone": tone_of(positive, negative, neutral),
        "statements": ";".join(sorted(statements)),
    }
