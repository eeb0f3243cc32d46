"""The one place where IRIs and prefixes are defined; a test checks the Turtle files agree."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/migration-kg/"

MKG = Namespace(BASE + "ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PERSON = Namespace(BASE + "person/")
ORGANIZATION = Namespace(BASE + "organization/")
INSTRUMENT = Namespace(BASE + "instrument/")
INITIATIVE = Namespace(BASE + "initiative/")
COUNTRY = Namespace(BASE + "country/")
EVENT = Namespace(BASE + "event/")
POST = Namespace(BASE + "post/")
TOPIC = Namespace(BASE + "topic/")
STANCE = Namespace(BASE + "stance/")
REPORT = Namespace(BASE + "report/")
STATEMENT = Namespace(BASE + "statement/")
STATISTIC = Namespace(BASE + "statistic/")
HOLDING = Namespace(BASE + "holding/")
FACT = Namespace(BASE + "fact/")
PARTICIPANT = Namespace(BASE + "participant/")
SCHEME = Namespace(BASE + "scheme/")

PREFIXES: dict[str, Namespace] = {
    "mkg": MKG,
    "person": PERSON,
    "organization": ORGANIZATION,
    "instrument": INSTRUMENT,
    "initiative": INITIATIVE,
    "country": COUNTRY,
    "event": EVENT,
    "post": POST,
    "topic": TOPIC,
    "stance": STANCE,
    "report": REPORT,
    "statement": STATEMENT,
    "statistic": STATISTIC,
    "holding": HOLDING,
    "fact": FACT,
    "participant": PARTICIPANT,
    "scheme": SCHEME,
    "oa": OA,
    "schema": SCHEMA,
    "eli": ELI,
    "foaf": FOAF,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind every project prefix on ``graph`` so serialisations are readable and stable."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def compact(iri: str) -> str:
    """Shorten ``iri`` with the longest matching project prefix, or return it unchanged."""
    best = ""
    best_prefix = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    if not best:
        return iri
    return f"{best_prefix}:{iri[len(best):]}"
