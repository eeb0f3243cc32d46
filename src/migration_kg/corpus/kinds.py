"""The tables of entity kinds and scheme kinds: what a registry file holds, how it becomes RDF.

Adding a kind of entity is one row here (plus its schema model in :mod:`.schema` and its class
in the ontology): the loader reads ``registry/<key>.yaml`` with ``model``, reference checks
accept its ids where a field names the kind, the build gives each entry an IRI in
``namespace`` typed ``rdf_class`` (and the classes ``classes_of`` adds), and the networks and
views call its nodes ``node_kind``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import FOAF, SKOS

from migration_kg.corpus import schema
from migration_kg.namespaces import (
    ACTION_KIND,
    CLAIM,
    COUNTRY,
    EVENT,
    INITIATIVE,
    INSTRUMENT,
    MKG,
    ORGANIZATION,
    PERSON,
    PRACTICE,
    STANCE,
    TOPIC,
)


def _no_classes(item: schema.Entity) -> tuple[URIRef, ...]:
    return ()


@dataclass(frozen=True)
class EntityKind:
    """One kind of registry entity."""

    key: str
    """Plural name: the registry file ``<key>.yaml``, its top-level list, and the corpus key."""
    noun: str
    """Singular, for messages: "unknown person 'x'"."""
    model: type[schema.Entity]
    namespace: Namespace
    rdf_class: URIRef
    node_kind: str
    """What networks and views call such a node."""
    variant_property: URIRef = SKOS.altLabel
    name_property: URIRef | None = None
    """A property that carries the plain name as well (``foaf:name`` for people)."""
    classes_of: Callable[[schema.Entity], tuple[URIRef, ...]] = field(default=_no_classes)
    """The more specific classes of one entry (from its ``kind``), if any."""

    @property
    def filename(self) -> str:
        return f"{self.key}.yaml"


ORGANIZATION_CLASSES = {
    schema.OrganizationKind.UN_BODY: MKG.UNBody,
    schema.OrganizationKind.INTERGOVERNMENTAL: MKG.IntergovernmentalBody,
    schema.OrganizationKind.GOVERNMENT: MKG.GovernmentBody,
    schema.OrganizationKind.CIVIL_SOCIETY: MKG.CivilSocietyOrganization,
    schema.OrganizationKind.COMMISSION: MKG.Commission,
    schema.OrganizationKind.GROUP_OF_STATES: MKG.GroupOfStates,
}
INSTRUMENT_CLASSES = {
    schema.InstrumentKind.CONVENTION: MKG.Convention,
    schema.InstrumentKind.ILO_CONVENTION: MKG.ILOConvention,
    schema.InstrumentKind.PROTOCOL: MKG.Protocol,
    schema.InstrumentKind.COVENANT: MKG.Covenant,
    schema.InstrumentKind.PROVISION: MKG.Provision,
    schema.InstrumentKind.TREATY_FAMILY: MKG.TreatyFamily,
    schema.InstrumentKind.REPORT: MKG.Report,
    schema.InstrumentKind.POLICY_FRAMEWORK: MKG.PolicyFramework,
    schema.InstrumentKind.DEVELOPMENT_GOALS: MKG.DevelopmentGoals,
}
EVENT_CLASSES = {
    schema.EventKind.WORKSHOP_SERIES: MKG.WorkshopSeries,
    schema.EventKind.EVENT_SERIES: MKG.EventSeries,
    schema.EventKind.WORKSHOP: MKG.Workshop,
    schema.EventKind.SESSION: MKG.Session,
    schema.EventKind.CONFERENCE: MKG.Conference,
    schema.EventKind.MEETING: MKG.Meeting,
}


def _by_kind(table: Mapping[Any, URIRef]) -> Callable[[schema.Entity], tuple[URIRef, ...]]:
    def classes(item: schema.Entity) -> tuple[URIRef, ...]:
        return (table[getattr(item, "kind")],)  # noqa: B009 (every such model has a kind)

    return classes


ENTITY_KINDS: tuple[EntityKind, ...] = (
    EntityKind("people", "person", schema.Person, PERSON, MKG.Person, "person",
               variant_property=MKG.nameVariant, name_property=FOAF.name),
    EntityKind("organizations", "organization", schema.Organization, ORGANIZATION,
               MKG.Organization, "organization", classes_of=_by_kind(ORGANIZATION_CLASSES)),
    EntityKind("instruments", "instrument", schema.Instrument, INSTRUMENT, MKG.Instrument,
               "instrument", classes_of=_by_kind(INSTRUMENT_CLASSES)),
    EntityKind("initiatives", "initiative", schema.Initiative, INITIATIVE, MKG.Initiative,
               "initiative"),
    EntityKind("countries", "country", schema.Country, COUNTRY, MKG.Country, "country"),
    EntityKind("events", "event", schema.Event, EVENT, MKG.Event, "event",
               classes_of=_by_kind(EVENT_CLASSES)),
)
KINDS: dict[str, EntityKind] = {kind.key: kind for kind in ENTITY_KINDS}
KIND_KEYS: tuple[str, ...] = tuple(KINDS)


@dataclass(frozen=True)
class SchemeKind:
    """A SKOS concept scheme of the registry: topics, speech acts, claims, criticised practices."""

    key: str
    """The registry file ``<key>.yaml`` and the corpus key."""
    noun: str
    model: type[schema.ConceptScheme]
    namespace: Namespace
    concept_class: URIRef
    scheme_class: URIRef

    @property
    def filename(self) -> str:
        return f"{self.key}.yaml"


SCHEME_KINDS: tuple[SchemeKind, ...] = (
    SchemeKind("topics", "topic", schema.ConceptScheme, TOPIC, MKG.Topic, MKG.TopicScheme),
    SchemeKind("stances", "speech act", schema.ConceptScheme, STANCE, MKG.Stance,
               MKG.StanceScheme),
    SchemeKind("claims", "claim", schema.ClaimScheme, CLAIM, MKG.Claim, MKG.ClaimScheme),
    SchemeKind("practices", "practice", schema.ConceptScheme, PRACTICE, MKG.Practice,
               MKG.PracticeScheme),
    SchemeKind("treaty-actions", "treaty action kind", schema.ConceptScheme, ACTION_KIND,
               MKG.TreatyActionKind, MKG.TreatyActionScheme),
)
SCHEMES: dict[str, SchemeKind] = {kind.key: kind for kind in SCHEME_KINDS}
