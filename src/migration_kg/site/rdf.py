"""The RDF beside every page (Turtle and JSON-LD), and the dataset's VoID and DCAT description.

An entity's RDF is every triple whose subject is the entity or one of the resources described on
its page (its positions, evidence and selectors, whose IRIs extend its own), plus the label of
every resource those triples name, so the file reads on its own. It is written with the build's
own deterministic writers (:mod:`migration_kg.builder.serialise`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from migration_kg.builder.serialise import jsonld_document, turtle_from_ntriples
from migration_kg.namespaces import BASE, OA, SCHEMA, bind_prefixes, compact, expand
from migration_kg.site.entities import Entity, owner_path

DATASET = URIRef(BASE + "dataset")
DEFAULT_ENDPOINT = BASE + "sparql"
"""The endpoint the VoID names by default: a w3id path that redirects to a deployment's
``/sparql`` (see the README's section on w3id); ``site --endpoint URL`` names another."""
LICENCE = URIRef("https://spdx.org/licenses/MIT.html")


def entity_triples(graph: Graph, pages: Mapping[str, Entity]
                   ) -> dict[str, list[tuple[Node, Node, Node]]]:
    """Entity -> the triples its page's RDF holds."""
    owned: dict[str, list[tuple[Node, Node, Node]]] = defaultdict(list)
    labels: dict[Node, list[Node]] = defaultdict(list)
    for s, p, o in graph:
        if p == RDFS.label:
            labels[s].append(o)
        if isinstance(s, URIRef) and str(s).startswith(BASE):
            owner = owner_path(compact(str(s)), pages)
            if owner is not None:
                owned[owner.id].append((s, p, o))
    for triples in owned.values():
        named = {o for _, _, o in triples if isinstance(o, URIRef)} | \
            {p for _, p, _ in triples if isinstance(p, URIRef)}
        subjects = {s for s, _, _ in triples}
        for node in sorted(named - subjects, key=str):
            triples.extend((node, RDFS.label, label) for label in labels.get(node, ()))
    return dict(owned)


def plain_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """``triples`` in an in-memory graph, ``xsd:string`` literals written plain: the same term
    in RDF 1.1, which Oxigraph hands back typed; the build's files write them plain."""
    small = Graph()
    bind_prefixes(small)
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        small.add((s, p, o))
    return small


def rdf_files(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[bytes, bytes]:
    """Turtle and JSON-LD of ``triples``, sorted and prefixed as the build writes them."""
    small = plain_graph(triples)
    nt = small.serialize(format="nt", encoding="utf-8")
    lines = sorted({line for line in nt.decode("utf-8").split("\n") if line.strip()})
    text = ("\n".join(lines) + "\n").encode("utf-8")
    return turtle_from_ntriples(text), jsonld_document(small)


@dataclass(frozen=True)
class DatasetFacts:
    """What the VoID and DCAT description says about the dataset."""

    triples: int
    entities: int
    reports: tuple[tuple[str, str, str], ...]
    """(compact IRI, title, date) of each report the graph draws on."""
    examples: tuple[str, ...]
    endpoint: str = DEFAULT_ENDPOINT


def void_graph(facts: DatasetFacts) -> Graph:
    """The dataset as ``void:Dataset`` and ``dcat:Dataset``: title, licence, provenance,
    example resources, the SPARQL endpoint, the dumps. Every IRI is under the w3id base, which
    redirects to wherever the site is deployed (``/data/graph.nt`` and so on)."""
    g = Graph()
    bind_prefixes(g)
    for prefix, namespace in (("void", VOID), ("dcat", DCAT)):
        g.bind(prefix, namespace)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("migration-kg: statements, positions and legal "
                                     "instruments in meeting reports on migration and human "
                                     "rights", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Who said what, about which legal instrument, on whose behalf, and who agrees with "
        "whom, in the reports of UN meetings on migration and human rights: people, "
        "organizations, instruments, claims, statements and their positions, each fact with "
        "evidence quoted verbatim from the report, with its character offsets.", lang="en")))
    g.add((d, DCTERMS.license, LICENCE))
    g.add((d, DCTERMS.rights, Literal(
        "The curated annotations are the project's own, under the MIT licence of its "
        "repository. Quotes are from the reports named as sources, whose copyright stays with "
        "their publishers.", lang="en")))
    for report, title, date in facts.reports:
        g.add((d, DCTERMS.source, URIRef(expand(report))))
        g.add((d, PROV.wasDerivedFrom, URIRef(expand(report))))
        g.add((URIRef(expand(report)), DCTERMS.title, Literal(title, lang="en")))
        if date:
            g.add((URIRef(expand(report)), DCTERMS.date, Literal(date, datatype=XSD.date)))
    for example in facts.examples:
        g.add((d, VOID.exampleResource, URIRef(expand(example))))
    g.add((d, VOID.sparqlEndpoint, URIRef(facts.endpoint)))
    g.add((d, VOID.uriSpace, Literal(BASE)))
    g.add((d, VOID.triples, Literal(facts.triples)))
    g.add((d, VOID.entities, Literal(facts.entities)))
    for vocabulary in (FOAF, ORG, PROV, OA, SKOS, SCHEMA, DCTERMS, Namespace(BASE + "ontology#")):
        g.add((d, VOID.vocabulary, URIRef(str(vocabulary))))
    for name, media in (("graph.ttl", "text/turtle"), ("graph.nt", "application/n-triples"),
                        ("graph.jsonld", "application/ld+json")):
        dump = URIRef(f"{BASE}data/{name}")
        g.add((d, VOID.dataDump, dump))
        distribution = URIRef(f"{DATASET}#{name.replace('.', '-')}")
        g.add((d, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCAT.downloadURL, dump))
        g.add((distribution, DCAT.mediaType,
               URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
    service = URIRef(f"{DATASET}#sparql")
    g.add((d, DCAT.distribution, service))
    g.add((service, RDF.type, DCAT.Distribution))
    g.add((service, DCAT.accessURL, URIRef(facts.endpoint)))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (migration-kg serve)",
                                           lang="en")))
    return g


def void_files(facts: DatasetFacts) -> tuple[bytes, bytes]:
    """The VoID/DCAT description as Turtle and JSON-LD."""
    return rdf_files(void_graph(facts))
