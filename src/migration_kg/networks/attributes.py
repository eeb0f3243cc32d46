"""Node and edge attributes shared by every network kind.

Node ids are compact IRIs (``person:jorge-bustamante``); every node has ``label``, ``kind``
(person, participant, organization, instrument, topic, claim, practice, session, event,
country, initiative), ``category`` (finer class, e.g. "UN body", "binding instrument", "human
rights" for a topic's top concept) and ``iri``. Every edge has ``weight`` and ``tone``: agree,
disagree, mixed or none (see :data:`TONES`), which views use as the edge colour. All attributes
are scalars (lists are ``;``-joined), so GraphML, GEXF, CSV and node-link JSON carry them as
they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from migration_kg.namespaces import expand
from migration_kg.networks.data import ACTOR_KINDS, Discourse, Holding, Position
from migration_kg.networks.registry import Network


def actors_of(data: Discourse, actor: str, level: str, statement: str | None = None
              ) -> list[str]:
    """Whom a statement of ``actor`` counts for at ``level`` (see :data:`LEVELS`).

    * ``actor``: the speaker itself;
    * ``organization``: a person counts for the organizations (or groups of States) the
      statement was made on behalf of, else for the organizations where they hold a current
      post; anyone else, and a person with neither, counts as themselves;
    * ``country``: a State counts as itself; a person or an organization counts for the States
      the statement was made on behalf of, else for the States that the organizations it spoke
      for, or (a person) holds a current post in, represent (``mkg:represents``: a permanent
      mission, a consulate, a government); else as themselves.
    """
    if level == "actor":
        return [actor]
    kind = data.info(actor).kind
    principals = data.principals.get(statement, ()) if statement is not None else ()
    if level == "organization":
        if kind != "person":
            return [actor]
        speaks_for = [p for p in principals if data.info(p).kind == "organization"]
        return speaks_for or data.current_organizations(actor) or [actor]
    if kind == "country":
        return [actor]
    countries = [p for p in principals if data.info(p).kind == "country"]
    if countries:
        return countries
    bodies = [p for p in principals if data.info(p).kind == "organization"]
    if kind == "organization":
        bodies.append(actor)
    elif not bodies:
        bodies = data.current_organizations(actor)
    represented = sorted({c for body in bodies for c in data.represented.get(body, ())})
    return represented or [actor]


class Folding:
    """:func:`actors_of` at one level, remembering who was folded into whom, so that a folded
    node can list its speaking ``members`` (:meth:`annotate`)."""

    def __init__(self, data: Discourse, level: str) -> None:
        self.data = data
        self.level = level
        self.members: dict[str, set[str]] = defaultdict(set)

    def __call__(self, actor: str, statement: str | None = None) -> list[str]:
        found = actors_of(self.data, actor, self.level, statement)
        for node in found:
            if node != actor:
                self.members[node].add(actor)
        return found

    def annotate(self, graph: Network) -> Network:
        """Add the actors folded into each node to its ``members``, in place."""
        for node, folded in self.members.items():
            if node in graph:
                known = set(str(graph.nodes[node].get("members") or "").split(";")) - {""}
                graph.nodes[node]["members"] = ";".join(sorted(known | folded))
        return graph


TONES = ("agree", "disagree", "mixed", "none")
"""Edge tones, which views use as the edge colour: positions that agree, disagree, both, or
links that carry no agreement at all (citations, topics, relations, co-citation)."""


def tone_of(agrees: int, disagrees: int) -> str:
    """The tone of a set of positions: mixed when some agree and some disagree."""
    if agrees and disagrees:
        return "mixed"
    if agrees:
        return "agree"
    return "disagree" if disagrees else "none"


def node_attrs(data: Discourse, node: str) -> dict[str, Any]:
    info = data.info(node)
    attrs: dict[str, Any] = {"label": info.label, "kind": info.kind, "category": info.category,
                             "iri": expand(node)}
    if info.kind in ACTOR_KINDS or node in data.actors:
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


def link_edge(data: Discourse, statements: Iterable[str], stances: Iterable[str]
              ) -> dict[str, Any]:
    """Attributes of an edge made of linking statements: how many, with which speech acts
    (by label), and which statements; its tone is ``none``, since a link has no agreement."""
    ids = sorted(set(statements))
    return {
        "weight": len(ids),
        "speech_acts": ";".join(sorted({data.stance_label(s) for s in stances})),
        "tone": "none",
        "statements": ";".join(ids),
    }


def position_edge(data: Discourse, positions: Iterable[Position]) -> dict[str, Any]:
    """Attributes of an actor-claim edge: the statements holding the claim, how many agree and
    disagree, the speech acts they were made with, and the tone."""
    held = list(positions)
    agrees = len({p.statement for p in held if p.agrees})
    disagrees = len({p.statement for p in held if not p.agrees})
    return {
        "weight": len({p.statement for p in held}),
        "agrees": agrees,
        "disagrees": disagrees,
        "agreement": "both" if agrees and disagrees else "agrees" if agrees else "disagrees",
        "speech_acts": ";".join(sorted({data.stance_label(p.stance) for p in held})),
        "tone": tone_of(agrees, disagrees),
        "statements": ";".join(sorted({p.statement for p in held})),
    }


def add_dates(graph: Network, data: Discourse) -> Network:
    """Give every edge backed by dated statements a ``date`` (the earliest, ISO) and every node
    the earliest date of its edges, in place; nothing when the corpus has no dates.

    GEXF exports carry it as the time attribute (``start``), so Gephi's timeline shows when
    each actor and relation first appears across several reports.
    """
    dates = data.dates()
    if not dates:
        return graph
    first: dict[str, str] = {}
    for u, v, attrs in graph.edges(data=True):
        found = [dates[s] for s in str(attrs.get("statements") or "").split(";") if s in dates]
        if found:
            attrs["date"] = min(found)
            for node in (u, v):
                if node not in first or attrs["date"] < first[node]:
                    first[node] = attrs["date"]
    for node, date in first.items():
        graph.nodes[node]["date"] = date
    return graph
