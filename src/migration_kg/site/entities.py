"""The resources that get a page, and what kind of page: read from ``queries/site/entities.rq``.

A page kind names what a resource is for a reader ("person", "claim", "statement") and decides
which sections its page shows (each section's ``kinds:`` line) and where the index lists it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph

from migration_kg.namespaces import local_path
from migration_kg.sparql.run import run_query
from migration_kg.sparql.sections import site_query


@dataclass(frozen=True)
class PageKind:
    """A kind of page: its name, the class that makes it, and how the index names its list."""

    name: str
    rdf_class: str
    plural: str
    indexed: bool = True
    """Listed on the index page (statements, posts held and the like are reached from others)."""

    def counted(self, count: int) -> str:
        """``1 person``, ``14 people``."""
        return f"1 {self.singular}" if count == 1 else f"{count} {self.plural.lower()}"

    @property
    def singular(self) -> str:
        return SINGULAR.get(self.name, self.name)


PAGE_KINDS: tuple[PageKind, ...] = (
    # most specific class first: a session is also an event, the floor is also an agent
    PageKind("report", "mkg:SourceDocument", "Reports"),
    PageKind("participant", "mkg:AnonymousParticipant", "Anonymous participants"),
    PageKind("person", "mkg:Person", "People"),
    PageKind("organization", "mkg:Organization", "Organizations"),
    PageKind("instrument", "mkg:Instrument", "Instruments"),
    PageKind("claim", "mkg:Claim", "Claims"),
    PageKind("topic", "mkg:Topic", "Topics"),
    PageKind("practice", "mkg:Practice", "Criticised practices"),
    PageKind("country", "mkg:Country", "Countries"),
    PageKind("session", "mkg:Session", "Sessions"),
    PageKind("event", "mkg:Event", "Events"),
    PageKind("initiative", "mkg:Initiative", "Initiatives"),
    PageKind("stance", "mkg:Stance", "Speech acts"),
    PageKind("dataset", "mkg:StatusDataset", "Treaty-status datasets"),
    PageKind("statement", "mkg:Statement", "Statements", indexed=False),
    PageKind("statistic", "mkg:Statistic", "Figures", indexed=False),
    PageKind("holding", "mkg:PostHolding", "Posts held", indexed=False),
    PageKind("post", "mkg:Post", "Posts", indexed=False),
    PageKind("fact", "rdf:Statement", "Stated relations", indexed=False),
    PageKind("scheme", "skos:ConceptScheme", "Concept schemes", indexed=False),
)
KINDS = {kind.name: kind for kind in PAGE_KINDS}
SINGULAR = {"participant": "anonymous participant", "practice": "criticised practice",
            "stance": "speech act", "statistic": "figure", "holding": "post held",
            "fact": "stated relation", "scheme": "concept scheme",
            "dataset": "treaty-status dataset"}
KIND_OF_CLASS = {kind.rdf_class: kind.name for kind in PAGE_KINDS}


@dataclass(frozen=True)
class Entity:
    """A resource with a page: its compact IRI, page kind, label and path under the site."""

    id: str
    kind: str
    label: str
    path: str
    """``person/jorge-bustamante``: the page is ``path + ".html"``, its RDF ``.ttl``/``.jsonld``."""


def entities(graph: Graph) -> dict[str, Entity]:
    """Every resource that gets a page, by compact IRI, in IRI order."""
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in run_query(graph, site_query("entities")).records():
        classes[row["entity"]].add(row["class"])
        if row["label"] is not None:
            labels.setdefault(row["entity"], str(row["label"]))
    found: dict[str, Entity] = {}
    for node in sorted(classes):
        kind = next((k.name for k in PAGE_KINDS if k.rdf_class in classes[node]), None)
        path = local_path(node)
        if kind is None or path is None:
            continue
        found[node] = Entity(node, kind, labels.get(node) or path.rsplit("/", 1)[-1], path)
    return found


def owner_path(iri: str, pages: Mapping[str, Entity]) -> Entity | None:
    """The entity whose page describes ``iri``: itself, or the nearest entity whose IRI is a
    prefix of it (a statement's position or evidence is described on the statement's page)."""
    candidate = iri
    while candidate:
        if candidate in pages:
            return pages[candidate]
        cut = candidate.rfind("/")
        if cut <= candidate.find(":"):
            return None
        candidate = candidate[:cut]
    return None
