"""``build --include-drafts``: each report's drafts joined to its curated data, for exploration.

Drafted entities, holdings and statements are added to the loaded corpus and checked like
curated ones (references, evidence found at its offsets); in the graph each is also typed
``mkg:Draft`` with ``mkg:confidence`` and one ``mkg:draftRule`` per rule, so no query or view
can mistake a draft for a reviewed fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from migration_kg.builder.triples import Triples, slug
from migration_kg.corpus.kinds import KINDS
from migration_kg.corpus.layout import ReportLayout
from migration_kg.corpus.loader import Corpus, Located
from migration_kg.corpus.references import check_references
from migration_kg.corpus.yamlfile import line_of
from migration_kg.drafting.files import read_drafts
from migration_kg.drafting.model import DRAFTS_FILE, Drafted
from migration_kg.errors import InputErrors
from migration_kg.namespaces import HOLDING, MKG, STATEMENT

DRAFT_FIELDS = {"confidence", "rules"}


@dataclass(frozen=True)
class DraftMark:
    """A drafted node of the graph, with how sure the drafter was and why."""

    node: URIRef
    confidence: float
    rules: tuple[str, ...]


def include_drafts(corpus: Corpus) -> list[DraftMark]:
    """Add every report's drafts to ``corpus`` (checked); the nodes they make in the graph."""
    marks: list[DraftMark] = []
    for report in corpus.reports:
        parsed = read_drafts(ReportLayout(report.directory))
        if parsed is None:
            continue
        drafts, raw = parsed
        path = report.directory / DRAFTS_FILE

        def located(item: Any, key: str, index: int, path: Any = path, raw: Any = raw
                    ) -> Located[Any]:
            nodes = raw.get(key) if isinstance(raw, dict) else None
            return Located(item, path, line_of(raw, [key, index]) or 1,
                           nodes[index] if isinstance(nodes, list) else None)

        for index, entity in enumerate(drafts.entities):
            kind = KINDS[entity.registry]
            fields = entity.model_dump(exclude={"registry", *DRAFT_FIELDS}, exclude_none=True)
            allowed = set(kind.model.model_fields)
            item = kind.model.model_validate({k: v for k, v in fields.items() if k in allowed})
            corpus.entities[entity.registry].setdefault(
                entity.id, located(item, "entities", index))
            marks.append(_mark(kind.namespace[entity.id], entity))
        for index, holding in enumerate(drafts.holdings):
            report.holdings.append(located(holding, "holdings", index))
            marks.append(_mark(HOLDING[f"{report.id}/{holding.person}/{holding.organization}/"
                                       f"{slug(holding.post)}"], holding))
        for index, statement in enumerate(drafts.statements):
            report.statements.append(located(statement, "statements", index))
            marks.append(_mark(STATEMENT[f"{report.id}/{statement.id}"], statement))
    errors = check_references(corpus)
    if errors:
        raise InputErrors(errors)
    return marks


def _mark(node: URIRef, item: Drafted) -> DraftMark:
    return DraftMark(node, item.confidence, tuple(item.rules))


def add_draft_marks(graph: Graph | Triples, marks: list[DraftMark]) -> None:
    for mark in marks:
        graph.add((mark.node, RDF.type, MKG.Draft))
        graph.add((mark.node, MKG.confidence,
                   Literal(Decimal(str(mark.confidence)), datatype=XSD.decimal)))
        for rule in mark.rules:
            graph.add((mark.node, MKG.draftRule, Literal(rule)))


