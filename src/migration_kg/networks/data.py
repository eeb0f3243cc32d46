"""What the networks are made of, read from the RDF graph through ``queries/networks/*.rq``.

Networks are never computed from the YAML: anything a curator adds to the graph shows up, and
every link keeps the statement behind it so each edge can be traced back to its evidence.

* an **actor** is whoever a statement is attributed to: a ``mkg:Person``, an organization or a
  group of States, a State (its delegation) or, for questions from the floor, the
  ``mkg:AnonymousParticipant``; a statement may be made on behalf of others (``principals``);
* a **position** is the discourse-network triple (actor, claim, agreement): a claim the
  statement holds (``mkg:hasPosition``/``mkg:claim``), and whether the actor agrees with it or
  disagrees (``mkg:agreement``). Congruence and conflict are computed from positions only;
* a **link** is anything else a statement points at: an instrument it cites, a topic it is about,
  a practice it criticises, an entity it refers to. Links carry the statement's **speech act**
  (calls for, reports, criticises ...), which has no polarity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rdflib import Graph

from migration_kg.corpus.kinds import ENTITY_KINDS
from migration_kg.namespaces import compact
from migration_kg.sparql.files import network_query
from migration_kg.sparql.run import run_query
from migration_kg.sparql.sections import tooltip_facts

CITES = "mkg:citesInstrument"
SUBJECT = "dcterms:subject"
CRITICISES = "mkg:criticises"
AGREES, DISAGREES = "mkg:agrees", "mkg:disagrees"

# Class (compact IRI) -> node kind, most specific first: a session is also an event.
KIND_OF_CLASS: tuple[tuple[str, str], ...] = (
    ("mkg:AnonymousParticipant", "participant"),
    ("mkg:Topic", "topic"),
    ("mkg:Claim", "claim"),
    ("mkg:Practice", "practice"),
    ("mkg:Session", "session"),
    *((compact(str(kind.rdf_class)), kind.node_kind) for kind in ENTITY_KINDS),
)
CATEGORY_OF_CLASS = {
    "mkg:UNBody": "UN body",
    "mkg:IntergovernmentalBody": "intergovernmental body",
    "mkg:GovernmentBody": "government body",
    "mkg:CivilSocietyOrganization": "civil-society organization",
    "mkg:Commission": "commission",
    "mkg:GroupOfStates": "group of States",
    "mkg:BindingInstrument": "binding instrument",
    "mkg:NonBindingInstrument": "non-binding instrument",
}
ACTOR_KINDS = frozenset({"person", "participant"})
"""Node kinds described as actors (posts, statements) even when they make no statement; an
organization or a State is described so when it speaks (:attr:`Discourse.actors`)."""
ON_BEHALF_OF = "mkg:onBehalfOf"
REPRESENTS = "mkg:represents"


@dataclass(frozen=True)
class Link:
    """A row of ``statement-links.rq``: a statement, its actor and speech act, one thing it
    links (an instrument, a topic, a criticised practice, an entity)."""

    statement: str
    actor: str
    relation: str
    target: str
    stance: str


@dataclass(frozen=True)
class Position:
    """A row of ``positions.rq``: a statement, its actor and speech act, a claim it holds and
    whether the actor agrees (``mkg:agrees``) or disagrees (``mkg:disagrees``)."""

    statement: str
    actor: str
    claim: str
    agreement: str
    stance: str

    @property
    def agrees(self) -> bool:
        return self.agreement == AGREES


@dataclass(frozen=True)
class Response:
    """A row of ``responses.rq``: a statement answering another (a floor question), who made
    each, and whether the report says so (``stated``) or it is the curators' reading
    (``inferred``)."""

    statement: str
    responder: str
    question: str
    asker: str
    basis: str


@dataclass(frozen=True)
class Holding:
    person: str
    organization: str
    post: str
    current: bool


@dataclass(frozen=True)
class NodeInfo:
    id: str
    label: str
    kind: str
    category: str = ""


@dataclass(frozen=True)
class Quote:
    """A verbatim evidence quote of a statement, with who said it, when and with which stance,
    and where it is: characters ``start`` to ``end`` of ``report``, dated ``date`` (ISO)."""

    statement: str
    actor: str
    text: str
    session: str
    """How the session is named in tooltips ("session 1")."""
    stance: str
    start: int
    end: int = 0
    report: str = ""
    date: str = ""
    session_id: str = ""


@dataclass
class Discourse:
    """What the networks are made of, read once from the RDF graph with the network queries."""

    links: list[Link]
    positions: list[Position]
    nodes: dict[str, NodeInfo]
    holdings: list[Holding]
    tops: dict[str, frozenset[str]]
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    relation_labels: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)
    stances: dict[str, str] = field(default_factory=dict)
    """Speech act -> its label, from the speech-act scheme."""
    responses: list[Response] = field(default_factory=list)
    facts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Node -> (heading, text) lines from the entity sections marked ``tooltip``
    (``queries/site/``), shown in the views' tooltips and details."""

    @classmethod
    def from_graph(cls, rdf: Graph) -> Discourse:
        links = [Link(r["statement"], r["actor"], r["relation"], r["target"], r["stance"])
                 for r in _records(rdf, "statement-links")]
        positions = [Position(r["statement"], r["actor"], r["claim"], r["agreement"], r["stance"])
                     for r in _records(rdf, "positions")]
        tops: dict[str, set[str]] = defaultdict(set)
        for r in _records(rdf, "topic-tops"):
            tops[r["topic"]].add(r["top"])
        nodes = _node_infos(_records(rdf, "nodes"), tops)
        holdings = [
            Holding(r["person"], r["organization"], r["post"] or "", r["tenure"] == "mkg:current")
            for r in _records(rdf, "holdings")
        ]
        relations = [(r["source"], r["relation"], r["target"])
                     for r in _records(rdf, "entity-relations")]
        labels = {r["property"]: str(r["label"]) for r in _records(rdf, "property-labels")}
        quotes: dict[str, list[Quote]] = defaultdict(list)
        for r in _records(rdf, "evidence"):
            number = r["sessionNumber"]
            session = f"session {number}" if number is not None else \
                (local_name(r["session"]) if r["session"] else "")
            quotes[r["statement"]].append(Quote(
                r["statement"], r["actor"], str(r["quote"]), session,
                local_name(r["stance"]) if r["stance"] else "", int(r["start"] or 0),
                int(r["end"] or 0), r["report"] or "",
                str(r["date"]) if r["date"] is not None else "", r["session"] or ""))
        stances = {r["stance"]: str(r["label"]) for r in _records(rdf, "stances")}
        responses = [Response(r["response"], r["responder"], r["question"], r["asker"],
                              str(r["basis"]))
                     for r in _records(rdf, "responses")]
        return cls(links, positions, nodes, holdings,
                   {k: frozenset(v) for k, v in tops.items()}, relations, labels, dict(quotes),
                   stances, responses, tooltip_facts(rdf))

    @cached_property
    def actors(self) -> frozenset[str]:
        """Whoever some statement is attributed to."""
        return frozenset({link.actor for link in self.links}
                         | {p.actor for p in self.positions}
                         | {q.actor for qs in self.quotes.values() for q in qs})

    @cached_property
    def principals(self) -> dict[str, tuple[str, ...]]:
        """Statement -> whom its speaker spoke on behalf of (``mkg:onBehalfOf``)."""
        found: dict[str, set[str]] = defaultdict(set)
        for link in self.links:
            if link.relation == ON_BEHALF_OF:
                found[link.statement].add(link.target)
        return {s: tuple(sorted(t)) for s, t in found.items()}

    @cached_property
    def represented(self) -> dict[str, tuple[str, ...]]:
        """Organization (a mission, a government) -> the States it represents."""
        found: dict[str, set[str]] = defaultdict(set)
        for source, relation, target in self.relations:
            if relation == REPRESENTS:
                found[source].add(target)
        return {o: tuple(sorted(c)) for o, c in found.items()}

    def info(self, node: str) -> NodeInfo:
        """What is known of ``node``; a node the queries did not type gets kind ``other``."""
        return self.nodes.get(node) or NodeInfo(node, node.rsplit("/", 1)[-1], "other")

    def current_organizations(self, actor: str) -> list[str]:
        return sorted({h.organization for h in self.holdings if h.person == actor and h.current})

    def statement_count(self, actor: str) -> int:
        return len({link.statement for link in self.links if link.actor == actor}
                   | {p.statement for p in self.positions if p.actor == actor})

    def stance_label(self, stance: str) -> str:
        return self.stances.get(stance) or local_name(stance).replace("-", " ")

    def dates(self) -> dict[str, str]:
        """Statement -> the date of its report (ISO), for statements whose report is dated."""
        return {s: qs[0].date for s, qs in self.quotes.items() if qs and qs[0].date}

    def sessions(self) -> dict[str, str]:
        """Session -> its label ("session 1"), for the sessions statements were made in."""
        return {q.session_id: q.session for qs in self.quotes.values() for q in qs
                if q.session_id}


def _records(rdf: Graph, name: str) -> list[dict[str, Any]]:
    return run_query(rdf, network_query(name)).records()



def _node_infos(rows: Iterable[Mapping[str, Any]],
                tops: Mapping[str, set[str]]) -> dict[str, NodeInfo]:
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in rows:
        classes[row["node"]].add(row["class"])
        if row["label"] is not None:
            labels.setdefault(row["node"], str(row["label"]))
    infos: dict[str, NodeInfo] = {}
    for node, its in sorted(classes.items()):
        kind = next((k for c, k in KIND_OF_CLASS if c in its), None)
        if kind is None:
            continue
        categories = sorted(CATEGORY_OF_CLASS[c] for c in its if c in CATEGORY_OF_CLASS)
        if kind == "topic":
            categories = sorted(local_name(t).replace("-", " ") for t in tops.get(node, ()))
        label = labels.get(node) or local_name(node)
        infos[node] = NodeInfo(node, label, kind, ";".join(categories))
    return infos


def local_name(compact_iri: str) -> str:
    """The last segment of a compact IRI: ``children`` for ``topic:children``."""
    return compact_iri.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def discourse(rdf: Graph | Discourse) -> Discourse:
    """The network data of ``rdf``; pass a :class:`Discourse` to reuse one already read."""
    return rdf if isinstance(rdf, Discourse) else Discourse.from_graph(rdf)
