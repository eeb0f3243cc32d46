"""Turn the curated corpus into one RDF graph and write it, deterministically and atomically.

Every node has an IRI (no blank nodes), so the same input gives byte-identical files.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node
from tqdm import tqdm

from migration_kg import paths
from migration_kg.annotations import (
    FLOOR,
    Corpus,
    InstrumentKind,
    Located,
    OrganizationKind,
    Predicate,
    Report,
    load_corpus,
)
from migration_kg.errors import InputError
from migration_kg.grounding import Grounding, Span, ground
from migration_kg.namespaces import (
    COUNTRY,
    EVENT,
    FACT,
    HOLDING,
    INITIATIVE,
    INSTRUMENT,
    MKG,
    OA,
    ORGANIZATION,
    PARTICIPANT,
    PERSON,
    POST,
    PREFIXES,
    REPORT,
    SCHEMA,
    SCHEME,
    STANCE,
    STATEMENT,
    STATISTIC,
    TOPIC,
    bind_prefixes,
)
from migration_kg.rdfio import parse_rdf_file

OUTPUT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")

ORGANIZATION_CLASS = {
    OrganizationKind.UN_BODY: MKG.UNBody,
    OrganizationKind.INTERGOVERNMENTAL: MKG.IntergovernmentalBody,
    OrganizationKind.GOVERNMENT: MKG.GovernmentBody,
    OrganizationKind.CIVIL_SOCIETY: MKG.CivilSocietyOrganization,
    OrganizationKind.COMMISSION: MKG.Commission,
}
INSTRUMENT_CLASSES = {
    InstrumentKind.CONVENTION: (MKG.Convention, MKG.BindingInstrument),
    InstrumentKind.ILO_CONVENTION: (MKG.ILOConvention, MKG.Convention, MKG.BindingInstrument),
    InstrumentKind.PROTOCOL: (MKG.Protocol, MKG.BindingInstrument),
    InstrumentKind.COVENANT: (MKG.Covenant, MKG.BindingInstrument),
    InstrumentKind.PROVISION: (MKG.Provision, MKG.BindingInstrument),
    InstrumentKind.TREATY_FAMILY: (MKG.TreatyFamily, MKG.BindingInstrument),
    InstrumentKind.REPORT: (MKG.Report, MKG.NonBindingInstrument),
    InstrumentKind.POLICY_FRAMEWORK: (MKG.PolicyFramework, MKG.NonBindingInstrument),
    InstrumentKind.DEVELOPMENT_GOALS: (MKG.DevelopmentGoals, MKG.NonBindingInstrument),
}
EVENT_CLASSES = {  # every class of the ontology between the kind and mkg:Event
    "workshop-series": (MKG.WorkshopSeries, MKG.EventSeries),
    "event-series": (MKG.EventSeries,),
    "workshop": (MKG.Workshop,),
    "session": (MKG.Session,),
    "conference": (MKG.Conference,),
    "meeting": (MKG.Meeting,),
}
FACT_PROPERTY = {
    Predicate.PART_OF: ORG.subOrganizationOf,
    Predicate.SUPPLEMENTS: MKG.supplements,
    Predicate.PROVISION_OF: DCTERMS.isPartOf,
    Predicate.MEMBER_OF_FAMILY: MKG.memberOfFamily,
    Predicate.HOSTED_BY: MKG.host,
    Predicate.ORGANIZED_BY: SCHEMA.organizer,
    Predicate.FUNDED_BY: SCHEMA.funder,
    Predicate.SUPER_EVENT: SCHEMA.superEvent,
    Predicate.REPRESENTS: MKG.represents,
    Predicate.LAUNCHED_BY: MKG.launchedBy,
    Predicate.CONDUCTED_BY: MKG.conductedBy,
    Predicate.PARTNER_OF: MKG.partnerOf,
}
IDENTIFIER_PROPERTY = {
    "untc": (MKG.untcChapter, None),
    "ilo": (MKG.iloCode, None),
    "iso3166-1-alpha-2": (MKG.iso3166Alpha2, None),
    "adopted": (MKG.adoptedIn, XSD.gYear),
}
TOPIC_SCHEME = SCHEME.topics
STANCE_SCHEME = SCHEME.stances


def slug(text: str) -> str:
    """A stable IRI segment for free text such as a post title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def floor_participant(report_id: str) -> URIRef:
    return PARTICIPANT[f"{report_id}/floor"]


class GraphBuilder:
    """Adds the triples for one corpus; kept as a class so each part reads on its own."""

    def __init__(self, corpus: Corpus, grounding: Grounding) -> None:
        self.corpus = corpus
        self.grounding = grounding
        self.graph = Graph()
        bind_prefixes(self.graph)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    # -------------------------------------------------------------------- registry

    def entity_iri(self, identifier: str) -> URIRef:
        kind = self.corpus.entity_kind(identifier)
        namespace = {
            "people": PERSON, "organizations": ORGANIZATION, "instruments": INSTRUMENT,
            "initiatives": INITIATIVE, "countries": COUNTRY, "events": EVENT,
        }.get(kind or "")
        if namespace is None:
            return EVENT[identifier]  # workshops and sessions
        return namespace[identifier]

    def _names(self, node: URIRef, item: object, variant_property: URIRef) -> None:
        name = item.name  # type: ignore[attr-defined]
        self.add(node, RDFS.label, Literal(name, lang="en"))
        self.add(node, SCHEMA.name, Literal(name, lang="en"))
        for variant in item.variants:  # type: ignore[attr-defined]
            self.add(node, variant_property, Literal(variant, lang="en"))
        if getattr(item, "name_source", None):
            self.add(node, MKG.identifierSource, Literal(f"name: {item.name_source}"))  # type: ignore[attr-defined]
        for ident in getattr(item, "identifiers", []):
            prop, datatype = IDENTIFIER_PROPERTY[ident.scheme]
            self.add(node, prop, Literal(ident.value, datatype=datatype))
            self.add(node, MKG.identifierSource,
                     Literal(f"{ident.scheme} {ident.value}: {ident.source}"))
        if getattr(item, "note", None):
            self.add(node, SKOS.editorialNote, Literal(item.note, lang="en"))  # type: ignore[attr-defined]

    def add_registry(self) -> None:
        for located in self.corpus.people.values():
            p = located.item
            node = PERSON[p.id]
            self.add(node, RDF.type, MKG.Person)
            self.add(node, FOAF.name, Literal(p.name))
            self._names(node, p, MKG.nameVariant)
            if p.honorific:
                self.add(node, MKG.honorific, Literal(p.honorific))
        for located in self.corpus.organizations.values():
            o = located.item
            node = ORGANIZATION[o.id]
            self.add(node, RDF.type, MKG.Organization)
            self.add(node, RDF.type, ORGANIZATION_CLASS[o.kind])
            self._names(node, o, SKOS.altLabel)
            if o.acronym:
                self.add(node, MKG.acronym, Literal(o.acronym))
        for located in self.corpus.instruments.values():
            i = located.item
            node = INSTRUMENT[i.id]
            self.add(node, RDF.type, MKG.Instrument)
            for cls in INSTRUMENT_CLASSES[i.kind]:
                self.add(node, RDF.type, cls)
            self._names(node, i, SKOS.altLabel)
            if i.short_name:
                self.add(node, SKOS.altLabel, Literal(i.short_name, lang="en"))
        for located in self.corpus.initiatives.values():
            node = INITIATIVE[located.item.id]
            self.add(node, RDF.type, MKG.Initiative)
            self._names(node, located.item, SKOS.altLabel)
        for located in self.corpus.countries.values():
            node = COUNTRY[located.item.id]
            self.add(node, RDF.type, MKG.Country)
            self._names(node, located.item, SKOS.altLabel)
        for located in self.corpus.events.values():
            e = located.item
            node = EVENT[e.id]
            self.add(node, RDF.type, MKG.Event)
            for cls in EVENT_CLASSES[e.kind]:
                self.add(node, RDF.type, cls)
            self._names(node, e, SKOS.altLabel)
        self.add_schemes()

    def add_schemes(self) -> None:
        for located, scheme_iri, namespace, cls, scheme_cls in (
            (self.corpus.topics, TOPIC_SCHEME, TOPIC, MKG.Topic, MKG.TopicScheme),
            (self.corpus.stances, STANCE_SCHEME, STANCE, MKG.Stance, MKG.StanceScheme),
        ):
            if located is None:
                continue
            scheme = located.item
            self.add(scheme_iri, RDF.type, SKOS.ConceptScheme)
            self.add(scheme_iri, RDF.type, scheme_cls)
            self.add(scheme_iri, SKOS.prefLabel, Literal(scheme.label, lang="en"))
            self.add(scheme_iri, RDFS.label, Literal(scheme.label, lang="en"))
            self.add(scheme_iri, SKOS.definition, Literal(scheme.definition, lang="en"))
            for concept in scheme.concepts:
                node = namespace[concept.id]
                self.add(node, RDF.type, SKOS.Concept)
                self.add(node, RDF.type, cls)
                self.add(node, SKOS.inScheme, scheme_iri)
                self.add(node, SKOS.prefLabel, Literal(concept.label, lang="en"))
                self.add(node, RDFS.label, Literal(concept.label, lang="en"))
                self.add(node, SKOS.definition, Literal(concept.definition, lang="en"))
                if concept.broader:
                    self.add(node, SKOS.broader, namespace[concept.broader])
                    self.add(namespace[concept.broader], SKOS.narrower, node)
                else:
                    self.add(node, SKOS.topConceptOf, scheme_iri)
                    self.add(scheme_iri, SKOS.hasTopConcept, node)
                if concept.polarity is not None:
                    self.add(node, MKG.polarity, Literal(concept.polarity, datatype=XSD.integer))

    # -------------------------------------------------------------------- evidence

    def add_evidence(self, node: URIRef, report: Report, spans: list[Span],
                     scope: str = "") -> None:
        """Attach each span to ``node`` as an ``oa:SpecificResource`` with two selectors."""
        source = REPORT[report.id]
        for index, span in enumerate(spans, start=1):
            resource = URIRef(f"{node}/evidence/{scope}{index}")
            quote = URIRef(f"{resource}/quote")
            position = URIRef(f"{resource}/position")
            self.add(node, MKG.evidence, resource)
            self.add(resource, RDF.type, OA.SpecificResource)
            self.add(resource, OA.hasSource, source)
            self.add(resource, OA.hasSelector, quote)
            self.add(resource, OA.hasSelector, position)
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(span.exact))
            self.add(quote, OA.prefix, Literal(span.prefix))
            self.add(quote, OA.suffix, Literal(span.suffix))
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
            self.add(position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))

    def spans(self, report: Report, located: Located) -> list[Span]:
        return self.grounding.of(report, located)

    # -------------------------------------------------------------------- reports

    def add_report(self, report: Report) -> None:
        meta = report.meta.item
        doc = REPORT[report.id]
        derived = (PROV.wasDerivedFrom, doc)
        self.add(doc, RDF.type, MKG.SourceDocument)
        self.add(doc, DCTERMS.title, Literal(meta.title, lang="en"))
        self.add(doc, RDFS.label, Literal(meta.title, lang="en"))
        self.add(doc, DCTERMS.publisher, ORGANIZATION[meta.publisher])
        self.add(doc, DCTERMS.date, Literal(meta.date))
        self.add(doc, DCTERMS.language, Literal(meta.language))
        self.add(doc, DCTERMS.identifier, Literal(f"sha256:{meta.sha256}"))
        self.add(doc, DCTERMS.source, Literal(meta.obtained_from))
        self.add(doc, DCTERMS.rights, Literal(meta.rights, lang="en"))
        self.add_evidence(doc, report, self.spans(report, report.meta))

        w = report.workshop.item
        workshop = EVENT[w.id]
        self.add(doc, SCHEMA.about, workshop)
        self.add(workshop, RDF.type, MKG.Event)
        self.add(workshop, RDF.type, MKG.Workshop)
        self.add(workshop, RDFS.label, Literal(w.name, lang="en"))
        self.add(workshop, SCHEMA.name, Literal(w.name, lang="en"))
        self.add(workshop, SCHEMA.startDate, Literal(w.date))
        self.add(workshop, SCHEMA.endDate, Literal(w.date))
        self.add(workshop, SCHEMA.location, Literal(w.place, lang="en"))
        for venue in w.venues:
            self.add(workshop, MKG.venue, Literal(venue, lang="en"))
        self.add(workshop, *derived)
        self.add_evidence(workshop, report, self.spans(report, report.workshop))
        for located in report.sessions:
            s = located.item
            session = EVENT[s.id]
            self.add(session, RDF.type, MKG.Event)
            self.add(session, RDF.type, MKG.Session)
            self.add(session, RDFS.label, Literal(f"Session {s.number}: {s.title}", lang="en"))
            self.add(session, SCHEMA.name, Literal(s.title, lang="en"))
            self.add(session, MKG.sessionNumber, Literal(s.number, datatype=XSD.integer))
            self.add(session, SCHEMA.superEvent, workshop)
            self.add(workshop, SCHEMA.subEvent, session)
            self.add(session, SCHEMA.startDate, Literal(w.date))
            self.add(session, *derived)
            self.add_evidence(session, report, self.spans(report, located))

        for located in report.events:
            e = located.item
            node = EVENT[e.event]
            if e.start_date:
                self.add(node, SCHEMA.startDate, Literal(e.start_date))
            if e.end_date:
                self.add(node, SCHEMA.endDate, Literal(e.end_date))
            if e.since_year is not None:
                self.add(node, MKG.heldSince, Literal(str(e.since_year), datatype=XSD.gYear))
            if e.theme:
                self.add(node, MKG.theme, Literal(e.theme, lang="en"))
            self.add(node, *derived)
            self.add_evidence(node, report, self.spans(report, located), scope=f"{report.id}-")

        for located in report.facts:
            f = located.item
            subject, obj = self.entity_iri(f.subject), self.entity_iri(f.object)
            prop = FACT_PROPERTY[f.predicate]
            self.add(subject, prop, obj)
            fact = FACT[f"{report.id}/{f.subject}--{f.predicate}--{f.object}"]
            self.add(fact, RDF.type, RDF.Statement)
            self.add(fact, RDF.subject, subject)
            self.add(fact, RDF.predicate, prop)
            self.add(fact, RDF.object, obj)
            self.add(fact, *derived)
            self.add_evidence(fact, report, self.spans(report, located))

        self.add_holdings(report)
        self.add_statements(report)
        self.add_statistics(report)

    def add_holdings(self, report: Report) -> None:
        date = Literal(report.meta.item.date)
        for located in report.holdings:
            h = located.item
            person, organization = PERSON[h.person], ORGANIZATION[h.organization]
            post = POST[f"{h.organization}/{slug(h.post)}"]
            self.add(post, RDF.type, MKG.Post)
            self.add(post, RDFS.label, Literal(h.post, lang="en"))
            self.add(post, ORG.postIn, organization)
            holding = HOLDING[f"{report.id}/{h.person}/{h.organization}/{slug(h.post)}"]
            self.add(holding, RDF.type, MKG.PostHolding)
            self.add(holding, ORG.member, person)
            self.add(holding, ORG.organization, organization)
            self.add(holding, MKG.post, post)
            self.add(holding, MKG.tenure, MKG[h.tenure])
            self.add(holding, MKG.asOf, date)
            self.add(holding, PROV.wasDerivedFrom, REPORT[report.id])
            self.add_evidence(holding, report, self.spans(report, located))
            if h.tenure == "current":
                self.add(person, ORG.holds, post)
                self.add(post, ORG.heldBy, person)
                self.add(person, ORG.memberOf, organization)

    def add_statements(self, report: Report) -> None:
        floor = floor_participant(report.id)
        for located in report.statements:
            s = located.item
            node = STATEMENT[f"{report.id}/{s.id}"]
            spans = self.spans(report, located)
            if s.speaker == FLOOR:
                speaker = floor
                self.add(floor, RDF.type, MKG.AnonymousParticipant)
                self.add(floor, RDFS.label, Literal("participant from the floor", lang="en"))
            else:
                speaker = PERSON[s.speaker]
            self.add(node, RDF.type, MKG.Statement)
            self.add(node, RDFS.label, Literal(f"{s.id}", lang="en"))
            self.add(node, PROV.wasAttributedTo, speaker)
            self.add(node, MKG.session, EVENT[s.session])
            self.add(speaker, MKG.spokeIn, EVENT[s.session])
            self.add(node, MKG.stance, STANCE[s.stance])
            for topic in s.topics:
                self.add(node, DCTERMS.subject, TOPIC[topic])
            for prop, values, namespace in (
                (MKG.citesInstrument, s.instruments, INSTRUMENT),
                (MKG.refersToInitiative, s.initiatives, INITIATIVE),
                (MKG.refersToOrganization, s.organizations, ORGANIZATION),
                (MKG.refersToEvent, s.events, EVENT),
                (MKG.refersToPerson, s.people, PERSON),
                (MKG.refersToCountry, s.countries, COUNTRY),
                (MKG.concursWith, s.concurs_with, PERSON),
                (MKG.agreesWith, s.agrees_with, PERSON),
            ):
                for value in values:
                    self.add(node, prop, namespace[value])
            if s.on_behalf_of:
                principal = self.entity_iri(s.on_behalf_of)
                self.add(node, MKG.onBehalfOf, principal)
                self.add(speaker, PROV.actedOnBehalfOf, principal)
            for other in s.responds_to:
                self.add(node, MKG.respondsTo, STATEMENT[f"{report.id}/{other}"])
            self.add(node, MKG.paraphrase, Literal(s.paraphrase, lang="en"))
            self.add(node, MKG.position, Literal(spans[0].start, datatype=XSD.integer))
            self.add(node, PROV.wasDerivedFrom, REPORT[report.id])
            self.add_evidence(node, report, spans)

    def add_statistics(self, report: Report) -> None:
        for located in report.statistics:
            x = located.item
            node = STATISTIC[f"{report.id}/{x.id}"]
            self.add(node, RDF.type, MKG.Statistic)
            self.add(node, RDFS.label, Literal(x.measure, lang="en"))
            self.add(node, MKG.measure, Literal(x.measure, lang="en"))
            self.add(node, MKG.value, Literal(Decimal(str(x.value)), datatype=XSD.decimal))
            if x.value_max is not None:
                self.add(node, MKG.maxValue,
                         Literal(Decimal(str(x.value_max)), datatype=XSD.decimal))
            self.add(node, MKG.unit, MKG[x.unit])
            self.add(node, MKG.approximate, Literal(x.approximate))
            if x.year is not None:
                self.add(node, MKG.referenceYear, Literal(str(x.year), datatype=XSD.gYear))
            if x.place:
                self.add(node, MKG.place, COUNTRY[x.place])
            if x.statement:
                self.add(node, MKG.citedIn, STATEMENT[f"{report.id}/{x.statement}"])
            if x.event:
                self.add(self.entity_iri(x.event), MKG.hasStatistic, node)
            if x.stated_source:
                self.add(node, MKG.statedSource, Literal(x.stated_source, lang="en"))
            if x.source_organization:
                self.add(node, MKG.sourceOrganization, ORGANIZATION[x.source_organization])
            self.add(node, PROV.wasDerivedFrom, REPORT[report.id])
            self.add_evidence(node, report, self.spans(report, located))


def corpus_graph(corpus: Corpus, grounding: Grounding) -> Graph:
    """The data triples of a grounded corpus (without the ontology)."""
    builder = GraphBuilder(corpus, grounding)
    builder.add_registry()
    for report in tqdm(corpus.reports, desc="building triples", unit="report", delay=1.0,
                       disable=None, file=sys.stderr, leave=False):
        builder.add_report(report)
    return builder.graph


def build_graph(data_dir: Path | None = None, *, with_ontology: bool = True) -> Graph:
    """Load, check and ground ``data_dir`` (default: the shipped ``graph/``) into one graph."""
    corpus = load_corpus(Path(data_dir) if data_dir else paths.GRAPH_DIR)
    graph = corpus_graph(corpus, ground(corpus))
    if with_ontology:
        graph += parse_rdf_file(paths.ONTOLOGY_FILE)
        bind_prefixes(graph)
    return graph


# ------------------------------------------------------------------------ serialisation


def serialise(graph: Graph) -> dict[str, bytes]:
    """The three output files, each in a canonical order so rebuilding gives the same bytes.

    N-Triples are rdflib's, sorted line by line; Oxigraph writes the Turtle from them, and the
    JSON-LD is written here node by node. rdflib's own Turtle and JSON-LD serialisers took 330 s
    and 5.8 GB at 1M triples, where this takes well under a minute (see bench/README.md).
    """
    steps = tqdm(total=3, desc="writing graph files", unit="file", delay=1.0, disable=None,
                 file=sys.stderr, leave=False)
    with steps:
        ntriples = graph.serialize(format="nt", encoding="utf-8")
        lines = sorted({line for line in ntriples.decode("utf-8").splitlines() if line.strip()})
        nt = ("\n".join(lines) + "\n").encode("utf-8")
        del ntriples, lines
        steps.update()
        ttl = turtle_from_ntriples(nt)
        steps.update()
        jsonld = jsonld_document(graph)
        steps.update()
    return {"graph.ttl": ttl, "graph.nt": nt, "graph.jsonld": jsonld}


def turtle_from_ntriples(nt: bytes) -> bytes:
    """Turtle in the order of the sorted N-Triples, one block per subject, prefixes sorted."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    text = ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    # Oxigraph writes the prefixes first, in hash-map order, which changes from run to run.
    lines = (text or b"").split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")),
                 len(lines))
    return b"\n".join([*sorted(lines[:count]), b"", *lines[count:]])


_LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def jsonld_document(graph: Graph) -> bytes:
    """Compact JSON-LD with an inline context: nodes sorted by ``@id``, keys and values sorted.

    One node per line keeps the file diffable and lets the C JSON encoder do the work (the
    pretty-printing encoder is pure Python, and slow at a million triples).
    """
    namespaces = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}
    compacted: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = compacted.get(iri)
        if found is None:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = namespaces.get(iri[:cut]) if cut else None
            local = iri[cut:]
            found = f"{prefix}:{local}" if prefix and _LOCAL_NAME.fullmatch(local) else iri
            compacted[iri] = found
        return found

    def node_id(term: Node) -> str:
        return f"_:{term}" if isinstance(term, BNode) else compact(str(term))

    def value(term: Node) -> object:
        if not isinstance(term, Literal):
            return {"@id": node_id(term)}
        lexical = str(term)
        if term.language:
            return {"@language": term.language, "@value": lexical}
        datatype = term.datatype
        if datatype is None:
            return lexical
        if datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical == "true"
        if datatype == XSD.integer and _CANONICAL_INTEGER.fullmatch(lexical):
            return int(lexical)
        return {"@type": compact(str(datatype)), "@value": lexical}

    nodes: dict[str, dict[str, list[object]]] = {}
    for s, p, o in graph:
        node = nodes.setdefault(node_id(s), {})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(node_id(o))
        else:
            node.setdefault(compact(str(p)), []).append(value(o))
    context = json.dumps({prefix: str(ns) for prefix, ns in PREFIXES.items()}, indent=1,
                         sort_keys=True, ensure_ascii=False).replace("\n", "\n ")
    lines = []
    for identifier in sorted(nodes):
        node: dict[str, object] = {"@id": identifier}
        for key, values in nodes[identifier].items():
            if len(values) > 1:
                values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
        lines.append("  " + json.dumps(node, sort_keys=True, ensure_ascii=False))
    text = "{\n \"@context\": " + context + ",\n \"@graph\": [\n" + ",\n".join(lines) + "\n ]\n}\n"
    return text.encode("utf-8")


_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name first, then move them all into place."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder ({exc.strerror})", out_dir,
                         hint="choose a writable --out folder") from exc
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            staged.append((Path(tmp), out_dir / name))
            try:
                handle = os.fdopen(fd, "wb")
            except OSError:
                os.close(fd)
                raise
            with handle:
                handle.write(content)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write the outputs ({exc.strerror})", out_dir,
                         hint="check free space and permissions") from exc
    for tmp, final in staged:
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    return [final for _, final in staged]


def build(data_dir: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """Build from ``data_dir`` and write to ``out_dir``; nothing is written on error."""
    graph = build_graph(data_dir)
    return write_atomically(out_dir or paths.DEFAULT_BUILD_DIR, serialise(graph))
