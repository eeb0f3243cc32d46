"""Entity sections: what the graph says about an entity, one SPARQL query per section.

Each ``queries/site/NN-name.rq`` whose header has a ``section:`` line is one section of the
site's entity pages. Adding a section is adding such a file; nothing else changes. Its header:

``section``
    the section's heading on the page ("Posts held");
``kinds``
    the page kinds that show it (``person organization``; ``all`` for every page); the kinds
    are those of :data:`migration_kg.site.entities.PAGE_KINDS`;
``group`` (optional)
    columns whose values group the rows under headings, outermost first (``claim stance``);
``tooltip`` (optional, ``yes``)
    also show the section as one line in the network views' tooltips and details;
``title`` and ``question`` as for every query.

The query selects ``?entity`` first (the entity whose page shows the row) and returns the rows
of *every* entity at once, so a site build runs each section once. Its other columns follow
naming conventions the page understands: ``?x`` with ``?xLabel`` is a link to x's page with
that text; ``?quote`` with ``?start``, ``?end`` and ``?report`` is a quotation that links to
its place in the report reader. Sections appear in file-name order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.namespaces import compact
from migration_kg.sparql.files import QueryFile, read_query_file
from migration_kg.sparql.results import render

SITE_QUERIES = "site"
"""The folder of ``queries/`` holding the sections and the site's other projections."""
HELPER_COLUMNS = frozenset({"entity", "start", "end", "report"})
"""Columns the page uses to place or link a cell, never shown as columns of their own."""


@dataclass(frozen=True)
class Section:
    """One section of the entity pages: its heading, where it shows, and its query."""

    key: str
    heading: str
    kinds: frozenset[str]
    group: tuple[str, ...]
    tooltip: bool
    query: QueryFile

    def applies_to(self, kind: str) -> bool:
        return "all" in self.kinds or kind in self.kinds


def site_query(name: str) -> QueryFile:
    """One of the site's projections in ``queries/site/`` (``evidence-spans``, ...)."""
    found = {q.name: q for q in _site_queries(paths.QUERIES_DIR / SITE_QUERIES)}
    if name not in found:
        raise KeyError(name)
    return found[name]


@cache
def _site_queries(directory: Path) -> tuple[QueryFile, ...]:
    return tuple(read_query_file(p) for p in sorted(directory.glob("*.rq")))


def sections(directory: Path | None = None) -> list[Section]:
    """The entity sections, in file-name order."""
    found = []
    for query in _site_queries(directory or paths.QUERIES_DIR / SITE_QUERIES):
        if not query.field("section"):
            continue
        kinds = frozenset(query.field("kinds").split())
        if not kinds:
            raise InputError("a section needs a 'kinds:' line (the page kinds that show it, "
                             "or 'all')", query.path, hint="e.g. # kinds: person organization")
        found.append(Section(query.name, query.field("section"), kinds,
                             tuple(query.field("group").split()),
                             query.field("tooltip").lower() in ("yes", "true"), query))
    return found


Record = dict[str, Node | None]
"""A row of a section: column -> the RDF term (None where unbound)."""


def section_rows(graph: Graph, section: Section) -> dict[str, list[Record]]:
    """The rows of ``section`` for every entity (compact IRI -> rows, in the query's order)."""
    from migration_kg.sparql.run import run_query

    result = run_query(graph, section.query)
    if not result.variables or result.variables[0] != "entity":
        raise InputError(f"section query must select ?entity first, not "
                         f"{result.variables[:1]}", section.query.path,
                         hint="SELECT ?entity ?x ?xLabel ... WHERE { ... }")
    rows: dict[str, list[Record]] = defaultdict(list)
    for row in result.rows:
        if isinstance(row[0], URIRef):
            rows[compact(str(row[0]))].append(dict(zip(result.variables, row, strict=True)))
    return dict(rows)


def shown_columns(variables: list[str]) -> list[str]:
    """The columns of a section shown as columns: labels and helpers ride on their column."""
    names = set(variables)
    return [v for v in variables if v not in HELPER_COLUMNS
            and not (v.endswith("Label") and v[:-5] in names)]


def cell_text(record: Mapping[str, Node | None], column: str) -> str:
    """A cell as plain text: the label of an IRI column when there is one."""
    value = record.get(f"{column}Label")
    if value is None:
        value = record.get(column)
    return render(value)


def row_text(record: Mapping[str, Node | None], columns: list[str]) -> str:
    """One row as plain text, for a tooltip line."""
    return ", ".join(t for t in (cell_text(record, c) for c in columns) if t)


def tooltip_facts(graph: Graph, directory: Path | None = None
                  ) -> dict[str, list[tuple[str, str]]]:
    """Entity -> (heading, text) for every section marked ``tooltip: yes``."""
    facts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for section in sections(directory):
        if not section.tooltip:
            continue
        for entity, records in section_rows(graph, section).items():
            columns = shown_columns(list(records[0]))
            texts = list(dict.fromkeys(row_text(r, columns) for r in records))
            facts[entity].append((section.heading, "; ".join(t for t in texts if t)))
    return dict(facts)


__all__ = ["HELPER_COLUMNS", "Record", "Section", "cell_text", "row_text",
           "section_rows", "sections", "shown_columns", "site_query", "tooltip_facts"]
