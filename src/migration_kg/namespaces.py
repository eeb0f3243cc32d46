"""The one place where IRIs and prefixes are defined; tests check the Turtle files agree.

``MKG`` is closed: it lists every term of ``ontology/migration-kg.ttl`` (a test keeps the two
equal), so a typo such as ``MKG.Orgnization`` fails at once and the type checker catches it,
instead of minting a new term. IRI compaction (``person:jorge-bustamante``) and expansion live
here too, cached, because every table, network and page uses them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/migration-kg/"


class MKG(DefinedNamespace):
    """The project's own terms (``mkg:``); only the terms the ontology declares exist."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Agreement: URIRef
    AnonymousParticipant: URIRef
    BindingInstrument: URIRef
    CivilSocietyOrganization: URIRef
    Claim: URIRef
    ClaimScheme: URIRef
    Commission: URIRef
    Conference: URIRef
    Convention: URIRef
    Country: URIRef
    Covenant: URIRef
    DevelopmentGoals: URIRef
    Draft: URIRef
    Event: URIRef
    EventSeries: URIRef
    GovernmentBody: URIRef
    GroupOfStates: URIRef
    ILOConvention: URIRef
    Initiative: URIRef
    Instrument: URIRef
    IntergovernmentalBody: URIRef
    Meeting: URIRef
    NonBindingInstrument: URIRef
    Organization: URIRef
    Person: URIRef
    PolicyFramework: URIRef
    Position: URIRef
    Post: URIRef
    PostHolding: URIRef
    Practice: URIRef
    PracticeScheme: URIRef
    Protocol: URIRef
    Provision: URIRef
    Report: URIRef
    Session: URIRef
    SourceDocument: URIRef
    Stance: URIRef
    StanceScheme: URIRef
    Statement: URIRef
    Statistic: URIRef
    StatusDataset: URIRef
    Tenure: URIRef
    Topic: URIRef
    TopicScheme: URIRef
    TreatyAction: URIRef
    TreatyActionKind: URIRef
    TreatyActionScheme: URIRef
    TreatyFamily: URIRef
    UNBody: URIRef
    Unit: URIRef
    Workshop: URIRef
    WorkshopSeries: URIRef

    aboutInstrument: URIRef
    acronym: URIRef
    actionKind: URIRef
    adoptedIn: URIRef
    agreement: URIRef
    agrees: URIRef
    agreesWith: URIRef
    alignsWith: URIRef
    approximate: URIRef
    asOf: URIRef
    citedIn: URIRef
    citesInstrument: URIRef
    claim: URIRef
    concursWith: URIRef
    conductedBy: URIRef
    confidence: URIRef
    count: URIRef
    criticises: URIRef
    curatorsCorrection: URIRef
    current: URIRef
    disagrees: URIRef
    draftRule: URIRef
    effectiveDate: URIRef
    evidence: URIRef
    former: URIRef
    hasPosition: URIRef
    hasStatistic: URIRef
    heldSince: URIRef
    honorific: URIRef
    host: URIRef
    identifierSource: URIRef
    iloCode: URIRef
    inferredResponseTo: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    knownGap: URIRef
    launchedBy: URIRef
    maxValue: URIRef
    measure: URIRef
    memberOfFamily: URIRef
    nameInSource: URIRef
    nameVariant: URIRef
    officialName: URIRef
    onBehalfOf: URIRef
    onInstrument: URIRef
    paraphrase: URIRef
    participant: URIRef
    partnerOf: URIRef
    percent: URIRef
    persons: URIRef
    place: URIRef
    post: URIRef
    referenceYear: URIRef
    refersTo: URIRef
    refersToCountry: URIRef
    refersToEvent: URIRef
    refersToInitiative: URIRef
    refersToOrganization: URIRef
    refersToPerson: URIRef
    represents: URIRef
    respondsTo: URIRef
    retrievedFrom: URIRef
    session: URIRef
    sessionNumber: URIRef
    sha256: URIRef
    sourceOrganization: URIRef
    sourceYear: URIRef
    spokeIn: URIRef
    stance: URIRef
    statedSource: URIRef
    statusAsAt: URIRef
    supplements: URIRef
    tenure: URIRef
    textOffset: URIRef
    theme: URIRef
    unit: URIRef
    untcChapter: URIRef
    value: URIRef
    venue: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PERSON = Namespace(BASE + "person/")
ORGANIZATION = Namespace(BASE + "organization/")
INSTRUMENT = Namespace(BASE + "instrument/")
INITIATIVE = Namespace(BASE + "initiative/")
COUNTRY = Namespace(BASE + "country/")
EVENT = Namespace(BASE + "event/")
POST = Namespace(BASE + "post/")
TOPIC = Namespace(BASE + "topic/")
STANCE = Namespace(BASE + "stance/")
CLAIM = Namespace(BASE + "claim/")
PRACTICE = Namespace(BASE + "practice/")
REPORT = Namespace(BASE + "report/")
STATEMENT = Namespace(BASE + "statement/")
STATISTIC = Namespace(BASE + "statistic/")
HOLDING = Namespace(BASE + "holding/")
FACT = Namespace(BASE + "fact/")
PARTICIPANT = Namespace(BASE + "participant/")
SCHEME = Namespace(BASE + "scheme/")
TREATY_ACTION = Namespace(BASE + "treaty-action/")
ACTION_KIND = Namespace(BASE + "treaty-action-kind/")
DATASET = Namespace(BASE + "dataset/")

PREFIXES: dict[str, Namespace] = {
    "mkg": MKG._NS,
    "person": PERSON,
    "organization": ORGANIZATION,
    "instrument": INSTRUMENT,
    "initiative": INITIATIVE,
    "country": COUNTRY,
    "event": EVENT,
    "post": POST,
    "topic": TOPIC,
    "stance": STANCE,
    "claim": CLAIM,
    "practice": PRACTICE,
    "report": REPORT,
    "statement": STATEMENT,
    "statistic": STATISTIC,
    "holding": HOLDING,
    "fact": FACT,
    "participant": PARTICIPANT,
    "scheme": SCHEME,
    "action": TREATY_ACTION,
    "actionkind": ACTION_KIND,
    "dataset": DATASET,
    "dcat": DCAT,
    "oa": OA,
    "schema": SCHEMA,
    "eli": ELI,
    "foaf": FOAF._NS,
    "org": ORG._NS,
    "prov": PROV._NS,
    "skos": SKOS._NS,
    "dcterms": DCTERMS._NS,
    "owl": OWL._NS,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "xsd": XSD._NS,
    "sh": SH,
}
_PREFIX_OF = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}


def bind_prefixes(graph: Graph) -> None:
    """Bind every project prefix on ``graph`` so serialisations are readable and stable."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


@lru_cache(maxsize=1 << 16)
def compact(iri: str) -> str:
    """``iri`` shortened with the longest matching project prefix, or unchanged.

    Every namespace ends in ``/`` or ``#``, so the longest one that matches is found by cutting
    the IRI at its separators from the right: a few dictionary look-ups, not a scan of them all.
    """
    end = len(iri)
    while True:
        cut = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end)) + 1
        if cut <= 0:
            return iri
        prefix = _PREFIX_OF.get(iri[:cut])
        if prefix is not None:
            return f"{prefix}:{iri[cut:]}"
        end = cut - 1


@lru_cache(maxsize=1 << 16)
def expand(name: str) -> str:
    """The full IRI of a compact ``prefix:local`` name (anything else is returned unchanged)."""
    prefix, sep, local = name.partition(":")
    namespace = PREFIXES.get(prefix) if sep else None
    return str(namespace) + local if namespace is not None and not local.startswith("//") \
        else name


def local_path(iri: str) -> str | None:
    """The path of an IRI under :data:`BASE` (``person/jorge-bustamante``), or None.

    Entity pages live at this path (plus ``.html``) in the static site, and ``serve`` answers it;
    the ontology's terms (``ontology#...``) have no page of their own. Only plain segments
    (letters, digits, ``.``, ``_``, ``~``, ``-``, not starting with a dot) make a path, so an IRI
    from an untrusted graph can never name a file outside the site.
    """
    full = expand(iri)
    if not full.startswith(BASE) or full.startswith(str(MKG._NS)):
        return None
    path = full[len(BASE):]
    segments = path.split("/")
    return path if all(_SEGMENT.fullmatch(s) for s in segments) else None


_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,200}")
