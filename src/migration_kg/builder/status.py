"""Treaty-status datasets as triples: the dataset with its provenance, its states, its actions.

Every action is a ``mkg:TreatyAction`` derived from its dataset (``prov:wasDerivedFrom``), so
status facts never mix with what a report says. Whether a state is a party on a date is left to
queries (``queries/22-parties-at-date.rq``): the graph stores what was done and when, not a flag.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from migration_kg.builder.triples import GraphBuilder
from migration_kg.namespaces import (
    ACTION_KIND,
    COUNTRY,
    DATASET,
    DCAT,
    INSTRUMENT,
    MKG,
    ORGANIZATION,
    SCHEMA,
    TREATY_ACTION,
)
from migration_kg.status.dataset import StatusDataset
from migration_kg.status.schema import Action


def add_status(builder: GraphBuilder, dataset: StatusDataset) -> None:
    """The dataset node, a node per state it names that the registry lacks, and its actions."""
    meta = dataset.meta.item
    node = DATASET[meta.dataset]
    add = builder.add
    add(node, RDF.type, MKG.StatusDataset)
    add(node, RDFS.label, Literal(meta.title, lang="en"))
    add(node, DCTERMS.title, Literal(meta.title, lang="en"))
    add(node, DCTERMS.publisher, ORGANIZATION[meta.publisher])
    add(node, DCAT.landingPage, URIRef(meta.landing_page))
    add(node, MKG.statusAsAt, Literal(meta.status_as_at))
    add(node, MKG.retrievedFrom, Literal(meta.retrieved_from))
    add(node, MKG.sha256, Literal(meta.input_sha256))
    for gap in meta.known_gaps:
        add(node, MKG.knownGap, Literal(gap, lang="en"))

    registry_countries = builder.corpus.entities["countries"]
    for located in dataset.actions:
        action = located.item
        party = _party_iri(action)
        if action.iso3166 is not None and action.iso3166_alpha3 is not None:
            if action.party not in registry_countries:
                add(party, RDF.type, MKG.Country)
                add(party, RDFS.label, Literal(action.participant, lang="en"))
                add(party, SCHEMA.name, Literal(action.participant, lang="en"))
                add(party, MKG.iso3166Alpha2, Literal(action.iso3166))
                add(party, PROV.wasDerivedFrom, node)
            add(party, MKG.iso3166Alpha3, Literal(action.iso3166_alpha3))
        add(party, MKG.nameInSource, Literal(action.participant, lang="en"))
        _add_action(builder, dataset, node, action, party)


def _party_iri(action: Action) -> URIRef:
    return COUNTRY[action.party] if action.iso3166 is not None else ORGANIZATION[action.party]


def _add_action(builder: GraphBuilder, dataset: StatusDataset, source: URIRef, action: Action,
                party: URIRef) -> None:
    add = builder.add
    node = TREATY_ACTION[f"{dataset.id}/{action.instrument}/{action.party}/"
                         f"{action.action}-{action.date.isoformat()}"]
    kind = builder.corpus.scheme("treaty-actions")
    kind_label = next((c.label for c in kind.concepts if c.id == action.action), action.action) \
        if kind else action.action
    instrument = builder.corpus.entities["instruments"][action.instrument].item
    add(node, RDF.type, MKG.TreatyAction)
    add(node, RDFS.label, Literal(
        f"{action.participant}: {kind_label} of the "
        f"{instrument.short_name or instrument.name}, {action.date.isoformat()}", lang="en"))
    add(node, MKG.participant, party)
    add(node, MKG.onInstrument, INSTRUMENT[action.instrument])
    add(node, MKG.actionKind, ACTION_KIND[action.action])
    add(node, DCTERMS.date, Literal(action.date))
    if action.effective is not None:
        add(node, MKG.effectiveDate, Literal(action.effective))
    add(node, PROV.wasDerivedFrom, source)
    if action.correction is not None:
        fix = dataset.corrections[action.correction]
        add(node, MKG.curatorsCorrection,
            Literal(f"{fix.id}: {fix.why} (source: {fix.source})", lang="en"))

