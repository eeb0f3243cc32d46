"""The corpus as RDF triples: registry entities, reports, evidence, statements, statistics.

Every node has an IRI (no blank nodes), so the same input gives the same triples. Each entity
is typed with its most specific class; :func:`materialise_classes` then adds every superclass the
ontology gives it, so that queries over broader classes find it.

The triples are collected in a plain set, not an rdflib graph: the build only writes them out
(sorted, see ``serialise``), and rdflib's memory store, which indexes every triple three ways,
took 37 s and about 2.8 KB per triple at 1M (see bench/README.md).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeAlias

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node
from tqdm import tqdm

from migration_kg.corpus.grounding import Grounding, Span
from migration_kg.corpus.kinds import (
    ENTITY_KINDS,
    EVENT_CLASSES,
    KINDS,
    SCHEME_KINDS,
    EntityKind,
)
from migration_kg.corpus.loader import Corpus, Located, Report
from migration_kg.corpus.schema import FLOOR, Claim, Entity, Predicate, Statement
from migration_kg.namespaces import (
    CLAIM,
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
    PRACTICE,
    REPORT,
    SCHEMA,
    SCHEME,
    STANCE,
    STATEMENT,
    STATISTIC,
    TOPIC,
)

Triple: TypeAlias = tuple[Node, Node, Node]
Triples: TypeAlias = set[Triple]
"""The built graph before it is written: a set, so a triple added twice counts once."""

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
    Predicate.LOCATED_IN: SCHEMA.location,
    Predicate.ISSUED_BY: SCHEMA.legislationPassedBy,
}
IDENTIFIER_PROPERTY = {
    "untc": (MKG.untcChapter, None),
    "ilo": (MKG.iloCode, None),
    "iso3166-1-alpha-2": (MKG.iso3166Alpha2, None),
    "adopted": (MKG.adoptedIn, XSD.gYear),
}
FACT_LABEL = {
    Predicate.PART_OF: "part of",
    Predicate.SUPPLEMENTS: "supplements",
    Predicate.PROVISION_OF: "provision of",
    Predicate.MEMBER_OF_FAMILY: "one of",
    Predicate.HOSTED_BY: "hosted by",
    Predicate.ORGANIZED_BY: "organized by",
    Predicate.FUNDED_BY: "funded by",
    Predicate.SUPER_EVENT: "part of",
    Predicate.REPRESENTS: "represents",
    Predicate.LAUNCHED_BY: "launched by",
    Predicate.CONDUCTED_BY: "conducted by",
    Predicate.PARTNER_OF: "partner of",
    Predicate.LOCATED_IN: "located in",
    Predicate.ISSUED_BY: "issued by",
}
LABEL_QUOTE_CHARS = 80


def slug(text: str) -> str:
    """A stable IRI segment for free text such as a post title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def floor_participant(report_id: str) -> URIRef:
    return PARTICIPANT[f"{report_id}/floor"]


def number(value: float, unit: str) -> Literal:
    """A count as ``xsd:integer``, a percent as ``xsd:decimal`` in its shortest form."""
    if unit in ("persons", "count"):
        return Literal(str(int(value)), datatype=XSD.integer)
    return Literal(format(Decimal(str(value)).normalize(), "f"), datatype=XSD.decimal)


def clipped(text: str, limit: int = LABEL_QUOTE_CHARS) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class GraphBuilder:
    """Adds the triples for one corpus; kept as a class so each part reads on its own."""

    def __init__(self, corpus: Corpus, grounding: Grounding) -> None:
        self.corpus = corpus
        self.grounding = grounding
        self.triples: Triples = set()
        self._iris: dict[URIRef, URIRef] = {}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        # One object per distinct IRI: ``MKG.evidence`` and ``namespace[id]`` make a new one at
        # every call, and a triple's three IRIs would otherwise each hold its own copy.
        iri = self._iris.setdefault
        self.triples.add((iri(s, s), iri(p, p), o if isinstance(o, Literal) else iri(o, o)))

    # -------------------------------------------------------------------- registry

    def entity_iri(self, identifier: str) -> URIRef:
        """The IRI of a registry entity, a workshop or a session (the last two are events)."""
        kind = self.corpus.entity_kind(identifier)
        namespace = KINDS[kind].namespace if kind is not None else EVENT
        return namespace[identifier]

    def add_entity(self, node: URIRef, item: Entity, variant_property: URIRef) -> None:
        """Names, identifiers with their source, and the curators' note of an entity."""
        name = item.name
        self.add(node, RDFS.label, Literal(name, lang="en"))
        self.add(node, SCHEMA.name, Literal(name, lang="en"))
        for variant in item.variants:
            self.add(node, variant_property, Literal(variant, lang="en"))
        if item.name_source:
            self.add(node, MKG.identifierSource, Literal(f"name: {item.name_source}"))
        for official in item.official_names:
            self.add(node, MKG.officialName, Literal(official.name, lang="en"))
            self.add(node, MKG.identifierSource,
                     Literal(f"official name {official.name}: {official.source}"))
        for ident in getattr(item, "identifiers", ()):
            prop, datatype = IDENTIFIER_PROPERTY[ident.scheme]
            self.add(node, prop, Literal(ident.value, datatype=datatype))
            self.add(node, MKG.identifierSource,
                     Literal(f"{ident.scheme} {ident.value}: {ident.source}"))
        if item.note:
            self.add(node, SKOS.editorialNote, Literal(item.note, lang="en"))
        # Fields only some kinds have.
        for attr, prop, lang in (("honorific", MKG.honorific, None),
                                 ("acronym", MKG.acronym, None),
                                 ("short_name", SKOS.altLabel, "en")):
            value = getattr(item, attr, None)
            if value:
                self.add(node, prop, Literal(value, lang=lang))

    def add_registry(self) -> None:
        for kind in ENTITY_KINDS:
            for located in self.corpus.entities[kind.key].values():
                self.add_registry_entity(kind, located.item)
        self.add_schemes()

    def add_registry_entity(self, kind: EntityKind, item: Entity) -> None:
        """The class, name and identifiers of one registry entity of ``kind``."""
        node = kind.namespace[item.id]
        self.add(node, RDF.type, kind.rdf_class)
        if kind.name_property is not None:
            self.add(node, kind.name_property, Literal(item.name))
        for cls in kind.classes_of(item):
            self.add(node, RDF.type, cls)
        self.add_entity(node, item, kind.variant_property)

    def add_schemes(self) -> None:
        for kind in SCHEME_KINDS:
            scheme = self.corpus.scheme(kind.key)
            if scheme is None:
                continue
            scheme_iri = SCHEME[kind.key]
            self.add(scheme_iri, RDF.type, SKOS.ConceptScheme)
            self.add(scheme_iri, RDF.type, kind.scheme_class)
            self.add(scheme_iri, SKOS.prefLabel, Literal(scheme.label, lang="en"))
            self.add(scheme_iri, RDFS.label, Literal(scheme.label, lang="en"))
            self.add(scheme_iri, SKOS.definition, Literal(scheme.definition, lang="en"))
            for concept in scheme.concepts:
                node = kind.namespace[concept.id]
                self.add(node, RDF.type, SKOS.Concept)
                self.add(node, RDF.type, kind.concept_class)
                self.add(node, SKOS.inScheme, scheme_iri)
                self.add(node, SKOS.prefLabel, Literal(concept.label, lang="en"))
                self.add(node, RDFS.label, Literal(concept.label, lang="en"))
                self.add(node, SKOS.definition, Literal(concept.definition, lang="en"))
                if concept.broader:
                    self.add(node, SKOS.broader, kind.namespace[concept.broader])
                    self.add(kind.namespace[concept.broader], SKOS.narrower, node)
                else:
                    self.add(node, SKOS.topConceptOf, scheme_iri)
                    self.add(scheme_iri, SKOS.hasTopConcept, node)
                if isinstance(concept, Claim):
                    for topic in concept.topics:
                        self.add(node, DCTERMS.subject, TOPIC[topic])
                    for instrument in concept.instruments:
                        self.add(node, MKG.aboutInstrument, INSTRUMENT[instrument])

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
            self.add(resource, RDFS.label,
                     Literal(f"\u201c{clipped(span.exact)}\u201d", lang="en"))
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

    def spans(self, report: Report, located: Located[Any]) -> list[Span]:
        return self.grounding.of(report, located)

    # -------------------------------------------------------------------- reports

    def add_report(self, report: Report) -> None:
        meta = report.meta.item
        doc = REPORT[report.id]
        derived = (PROV.wasDerivedFrom, doc)
        self.add(doc, RDF.type, MKG.SourceDocument)
        self.add(doc, DCTERMS.title, Literal(meta.title, lang="en"))
        self.add(doc, RDFS.label, Literal(meta.title, lang="en"))
        if meta.publisher is not None:
            self.add(doc, DCTERMS.publisher, ORGANIZATION[meta.publisher])
        self.add(doc, DCTERMS.date, Literal(meta.date))
        self.add(doc, DCTERMS.language, Literal(meta.language))
        self.add(doc, DCTERMS.identifier, Literal(f"sha256:{meta.sha256}"))
        self.add(doc, DCTERMS.source, Literal(meta.obtained_from))
        if meta.rights is not None:
            self.add(doc, DCTERMS.rights, Literal(meta.rights, lang="en"))
        self.add_evidence(doc, report, self.spans(report, report.meta))

        w = report.workshop.item
        workshop = EVENT[w.id]
        self.add(doc, SCHEMA.about, workshop)
        self.add(workshop, RDF.type, MKG.Event)
        self.add(workshop, RDF.type, EVENT_CLASSES[w.kind])
        self.add(workshop, RDFS.label, Literal(w.name, lang="en"))
        self.add(workshop, SCHEMA.name, Literal(w.name, lang="en"))
        self.add(workshop, SCHEMA.startDate, Literal(w.date))
        self.add(workshop, SCHEMA.endDate, Literal(w.date))
        if w.place is not None:
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

        for event in report.events:
            e = event.item
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
            self.add_evidence(node, report, self.spans(report, event), scope=f"{report.id}-")

        for fact_item in report.facts:
            f = fact_item.item
            subject, obj = self.entity_iri(f.subject), self.entity_iri(f.object)
            prop = FACT_PROPERTY[f.predicate]
            self.add(subject, prop, obj)
            fact = FACT[f"{report.id}/{f.subject}--{f.predicate}--{f.object}"]
            self.add(fact, RDF.type, RDF.Statement)
            self.add(fact, RDFS.label, Literal(
                f"{self.name_of(f.subject, report)} {FACT_LABEL[f.predicate]} "
                f"{self.name_of(f.object, report)}", lang="en"))
            self.add(fact, RDF.subject, subject)
            self.add(fact, RDF.predicate, prop)
            self.add(fact, RDF.object, obj)
            self.add(fact, *derived)
            self.add_evidence(fact, report, self.spans(report, fact_item))

        self.add_holdings(report)
        self.add_statements(report)
        self.add_statistics(report)

    def name_of(self, identifier: str, report: Report) -> str:
        """The name of a registry entity, or of the report's workshop or one of its sessions."""
        kind = self.corpus.entity_kind(identifier)
        if kind is not None:
            return str(self.corpus.entities[kind][identifier].item.name)
        if identifier == report.workshop.item.id:
            return report.workshop.item.name
        for session in report.sessions:
            if session.item.id == identifier:
                return f"Session {session.item.number}: {session.item.title}"
        return identifier

    def speaker_name(self, speaker: str) -> str:
        """The name of a speaker: a person, an organization or group, or a State."""
        if speaker == FLOOR:
            return "a participant from the floor"
        kind = self.corpus.entity_kind(speaker)
        return str(self.corpus.entities[kind][speaker].item.name) if kind else speaker

    def add_holdings(self, report: Report) -> None:
        date = Literal(report.meta.item.date)
        for located in report.holdings:
            h = located.item
            person, organization = PERSON[h.person], ORGANIZATION[h.organization]
            post = POST[f"{h.organization}/{slug(h.post)}"]
            organization_name = self.name_of(h.organization, report)
            self.add(post, RDF.type, MKG.Post)
            self.add(post, SCHEMA.name, Literal(h.post, lang="en"))
            self.add(post, RDFS.label, Literal(f"{h.post}, {organization_name}", lang="en"))
            self.add(post, ORG.postIn, organization)
            holding = HOLDING[f"{report.id}/{h.person}/{h.organization}/{slug(h.post)}"]
            self.add(holding, RDF.type, MKG.PostHolding)
            self.add(holding, RDFS.label, Literal(
                f"{self.speaker_name(h.person)}, {h.post}, {organization_name} ({h.tenure}, "
                f"{report.meta.item.date.isoformat()})", lang="en"))
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
                speaker = self.entity_iri(s.speaker)
            self.add(node, RDF.type, MKG.Statement)
            self.add(node, RDFS.label, Literal(self.statement_label(s), lang="en"))
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
            ):
                for value in values:
                    self.add(node, prop, namespace[value])
            for prop, values in ((MKG.concursWith, s.concurs_with),
                                 (MKG.agreesWith, s.agrees_with)):
                for value in values:
                    self.add(node, prop, self.entity_iri(value))
            for principal_id in s.on_behalf_of:
                principal = self.entity_iri(principal_id)
                self.add(node, MKG.onBehalfOf, principal)
                self.add(speaker, PROV.actedOnBehalfOf, principal)
            for other in s.responds_to:
                self.add(node, MKG.respondsTo, STATEMENT[f"{report.id}/{other}"])
            for other in s.responds_to_inferred:
                self.add(node, MKG.inferredResponseTo, STATEMENT[f"{report.id}/{other}"])
            for index, position in enumerate(s.positions, start=1):
                held = URIRef(f"{node}/position/{index}")
                self.add(node, MKG.hasPosition, held)
                self.add(held, RDF.type, MKG.Position)
                self.add(held, MKG.claim, CLAIM[position.claim])
                self.add(held, MKG.agreement, MKG[position.agreement])
                self.add(held, RDFS.label, Literal(
                    f"{self.speaker_name(s.speaker)} {position.agreement}: "
                    f"{self.claim_label(position.claim)}", lang="en"))
            for target in s.criticises:
                self.add(node, MKG.criticises, self.target_iri(target))
            self.add(node, MKG.paraphrase, Literal(s.paraphrase, lang="en"))
            self.add(node, MKG.textOffset, Literal(spans[0].start, datatype=XSD.integer))
            self.add(node, PROV.wasDerivedFrom, REPORT[report.id])
            self.add_evidence(node, report, spans)

    def claim_label(self, claim: str) -> str:
        scheme = self.corpus.scheme("claims")
        found = next((c.label for c in scheme.concepts if c.id == claim), None) \
            if scheme is not None else None
        return found or claim

    def statement_label(self, s: Statement) -> str:
        """Who did what, in a line: "Mary Robinson calls for: States should ratify ..."."""
        stances = self.corpus.scheme("stances")
        act = next((c.label for c in stances.concepts if c.id == s.stance), s.stance) \
            if stances is not None else s.stance
        what = self.claim_label(s.positions[0].claim) if s.positions else clipped(s.paraphrase)
        return f"{self.speaker_name(s.speaker)} {act}: {what}"

    def target_iri(self, target: str) -> URIRef:
        """A criticised target: an entity of the registry, else a practice of the scheme."""
        if self.corpus.entity_kind(target) is not None:
            return self.entity_iri(target)
        return PRACTICE[target]

    def add_statistics(self, report: Report) -> None:
        for located in report.statistics:
            x = located.item
            node = STATISTIC[f"{report.id}/{x.id}"]
            self.add(node, RDF.type, MKG.Statistic)
            self.add(node, RDFS.label, Literal(x.measure, lang="en"))
            self.add(node, MKG.measure, Literal(x.measure, lang="en"))
            self.add(node, MKG.value, number(x.value, x.unit))
            if x.value_max is not None:
                self.add(node, MKG.maxValue, number(x.value_max, x.unit))
            self.add(node, MKG.unit, MKG[x.unit])
            self.add(node, MKG.approximate, Literal(x.approximate))
            if x.reference_year is not None:
                self.add(node, MKG.referenceYear,
                         Literal(str(x.reference_year), datatype=XSD.gYear))
            if x.source_year is not None:
                self.add(node, MKG.sourceYear, Literal(str(x.source_year), datatype=XSD.gYear))
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


def corpus_triples(corpus: Corpus, grounding: Grounding) -> Triples:
    """The data triples of a grounded corpus (without the ontology)."""
    from migration_kg.builder.status import add_status

    builder = GraphBuilder(corpus, grounding)
    builder.add_registry()
    for report in tqdm(corpus.reports, desc="building triples", unit="report", delay=1.0,
                       disable=None, file=sys.stderr, leave=False):
        builder.add_report(report)
    for dataset in corpus.status:
        add_status(builder, dataset)
    return builder.triples


def superclasses(ontology: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Each class of the ontology -> all its superclasses, transitively: our own and those of
    the vocabularies it reuses (``mkg:Person`` -> ``foaf:Person``, ``prov:Agent``)."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    closure: dict[URIRef, frozenset[URIRef]] = {}

    def up(cls: URIRef, seen: frozenset[URIRef]) -> frozenset[URIRef]:
        found = closure.get(cls)
        if found is None:
            found = frozenset(s for parent in direct.get(cls, ()) if parent not in seen
                              for s in (parent, *up(parent, seen | {parent})))
            closure[cls] = found
        return found

    return {cls: up(cls, frozenset({cls})) for cls in direct}


def materialise_classes(triples: Triples, ontology: Graph | Mapping[URIRef, frozenset[URIRef]]
                        ) -> None:
    """Type every instance with every superclass of its classes, in place, so that a query for
    ``?p a foaf:Person`` or ``?o a org:Organization`` finds what the ontology says it should.
    ``ontology`` may be the closure :func:`superclasses` already computed."""
    closure = superclasses(ontology) if isinstance(ontology, Graph) else ontology
    triples.update(class_triples(triples, closure))


def class_triples(triples: Iterable[Triple], closure: Mapping[URIRef, frozenset[URIRef]]
                  ) -> set[Triple]:
    """The ``rdf:type`` triples :func:`materialise_classes` adds."""
    return {(node, RDF.type, sup) for node, predicate, cls in triples
            if predicate == RDF.type and isinstance(cls, URIRef) for sup in closure.get(cls, ())}
