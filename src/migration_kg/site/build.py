"""The whole static site from the graph: read everything once, render every page, write all.

``write_site`` writes every file of the site together, or none (the one atomic writer), so a
failed build never leaves half a site, and an earlier site in the folder stays as it was.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph
from tqdm import tqdm

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.io.atomic import write_files
from migration_kg.networks.data import Discourse, discourse, local_name
from migration_kg.networks.registry import Network
from migration_kg.site.coverage import Coverage, coverage
from migration_kg.site.document import Links, page, root_of
from migration_kg.site.ego import ego_svg
from migration_kg.site.entities import entities
from migration_kg.site.pages import entity_page_body, index_body, reader_body, search_entries
from migration_kg.site.pages import section_html as render_section
from migration_kg.site.rdf import (
    DEFAULT_ENDPOINT,
    DatasetFacts,
    entity_triples,
    plain_graph,
    rdf_files,
    void_files,
)
from migration_kg.site.reader import spans_from_evidence
from migration_kg.sparql.run import run_query
from migration_kg.sparql.sections import Record, Section, section_rows, sections, site_query

SITE_VIEWS: tuple[tuple[str, str], ...] = (
    ("full", "Everything: people, organizations, instruments, topics, claims, sessions and "
             "every relation (full)"),
    ("congruence", "Who agrees with whom: speakers on the same side of a claim (congruence)"),
    ("actor-claim", "Who holds which claim, agreeing or disagreeing (actor x claim)"),
    ("actor-instrument", "Who cites which instrument, with which speech acts (actor x "
                         "instrument)"),
    ("organizations", "Organizations whose speakers agree (organizations)"),
)
EXAMPLES = ("person:jorge-bustamante", "instrument:icrmw-1990", "claim:ratify-icrmw")


@dataclass(frozen=True)
class SiteSummary:
    """What a site build wrote."""

    out: Path
    files: int
    pages: int
    reports: tuple[tuple[str, Coverage], ...]

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def report_sources(graph: Graph, data: Path | None = None) -> dict[str, str]:
    """Report (compact IRI) -> its text from the data folder, checked against the graph's
    sha256 of it, for every report the graph draws on."""
    from migration_kg.corpus.loader import source_text

    root = Path(data) if data is not None else paths.GRAPH_DIR
    texts: dict[str, str] = {}
    for row in _reports(graph):
        report = str(row["report"])
        text = source_text(root, local_name(report))
        recorded = str(row.get("identifier") or "")
        digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        if recorded.startswith("sha256:") and recorded != digest:
            raise InputError(f"the text of {report} in {root} is not the one the graph was "
                             f"built from ({digest}, the graph says {recorded})", root,
                             hint="give --data the folder the graph was built from")
        texts[report] = text
    return texts


def report_coverage(graph: Graph, texts: Mapping[str, str]) -> dict[str, Coverage]:
    """Each report's sentence coverage by the graph's evidence spans (see :mod:`.coverage`)."""
    spans: dict[str, list[tuple[int, int]]] = {report: [] for report in texts}
    for row in run_query(graph, site_query("evidence-spans")).records():
        if row["report"] in spans:
            spans[row["report"]].append((int(row["start"]), int(row["end"])))
    return {report: coverage(report, texts[report], spans[report]) for report in texts}


def _views(data: Discourse) -> dict[str, str]:
    from migration_kg.views import view

    return {f"views/{kind}.html": view(data, kind, site_root="../").html
            for kind, _ in SITE_VIEWS}


def site_files(graph: Graph, *, data: Path | None = None, endpoint: str = DEFAULT_ENDPOINT,
               source: Graph | None = None) -> tuple[dict[str, bytes | str], SiteSummary]:
    """Every file of the site (path relative to its root -> content) and a summary.

    ``graph`` answers the queries; the RDF files (each page's, the dumps) are written from
    ``source`` when given: Oxigraph keeps a literal's value but not a derived datatype
    (``xsd:nonNegativeInteger`` comes back ``xsd:integer``), so pass the graph as built or
    parsed to write exactly its terms.
    """
    from migration_kg.builder.serialise import serialise
    from migration_kg.networks.typed import full

    texts = report_sources(graph, data)
    pages = entities(graph)
    steps = tqdm(total=len(pages) + 4, desc="writing the site", unit="page", delay=1.0,
                 disable=None, file=sys.stderr, leave=False)
    with steps:
        facts = discourse(graph)
        network: Network = nx.Graph(full(facts))  # undirected, simple: for the ego views
        found = sections()
        rows = {s.key: section_rows(graph, s) for s in found}
        span_rows = run_query(graph, site_query("evidence-spans")).records()
        covered = report_coverage(graph, texts)
        written = source if source is not None else graph
        owned = entity_triples(written, pages)
        stance_labels = {local_name(k): v for k, v in facts.stances.items()}
        steps.update(4)
        files: dict[str, bytes | str] = {}
        for entity in pages.values():
            links = Links(pages, root_of(entity.path))
            applicable: list[tuple[Section, Sequence[Record]]] = [
                (s, rows[s.key][entity.id]) for s in found
                if s.applies_to(entity.kind) and entity.id in rows[s.key]]
            name = entity.path.rsplit("/", 1)[-1]
            alternates = (("text/turtle", f"{name}.ttl"), ("application/ld+json",
                                                           f"{name}.jsonld"))
            if entity.kind == "report" and entity.id in texts:
                report_spans = spans_from_evidence(
                    (r for r in span_rows if r["report"] == entity.id), links)
                about = "".join(render_section(s, r, links) for s, r in applicable)
                body, payload = reader_body(entity, texts[entity.id], report_spans,
                                            covered[entity.id], stance_labels, about)
                files[f"{entity.path}.html"] = page(
                    title=entity.label, path=entity.path, body=body, kind="reader",
                    data=payload, alternates=alternates,
                    description=f"The text of {entity.label} with its evidence highlighted")
            else:
                body = entity_page_body(entity, applicable, links,
                                        ego_svg(network, entity.id, links))
                files[f"{entity.path}.html"] = page(
                    title=entity.label, path=entity.path, body=body, kind="entity",
                    alternates=alternates,
                    description=f"{entity.label}: what the migration-kg graph says about it")
            ttl, jsonld = rdf_files(owned.get(entity.id, ()))
            files[f"{entity.path}.ttl"] = ttl
            files[f"{entity.path}.jsonld"] = jsonld
            steps.update()
        counts = Counter(e.kind for e in pages.values())
        report_entities = [(pages[r], covered[r]) for r in texts if r in pages]
        root_links = Links(pages, "")
        files["index.html"] = page(
            title="Index", path="index", kind="index",
            body=index_body(pages, counts, root_links, report_entities, SITE_VIEWS,
                            len(graph)),
            data={"entities": search_entries(pages)},
            alternates=(("text/turtle", "void.ttl"), ("application/ld+json", "void.jsonld")),
            description="Who said what, about which instrument, on whose behalf, and who "
                        "agrees with whom: the migration-kg knowledge graph")
        dataset = DatasetFacts(
            triples=len(graph), entities=len(pages),
            reports=tuple((str(r["report"]), str(r["title"] or r["report"]),
                           str(r["date"] or "")) for r in _reports(graph)),
            examples=tuple(e for e in EXAMPLES if e in pages), endpoint=endpoint)
        void_ttl, void_jsonld = void_files(dataset)
        files["void.ttl"] = void_ttl
        files["void.jsonld"] = void_jsonld
        for name, content in serialise(plain_graph(written)).items():
            files[f"data/{name}"] = content
        files.update(_views(facts))
    summary = SiteSummary(Path("."), len(files), len(pages),
                          tuple((r, covered[r]) for r in texts))
    return files, summary


def _reports(graph: Graph) -> list[dict[str, Any]]:
    return run_query(graph, site_query("reports")).records()


def write_site(graph: Graph, out: Path | str, *, data: Path | str | None = None,
               endpoint: str = DEFAULT_ENDPOINT, source: Graph | None = None) -> SiteSummary:
    """Write the static site of ``graph`` into ``out`` (all files, or none on failure); see
    :func:`site_files` for ``source``."""
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise InputError("the site is a folder, but --out names a file", target,
                         hint="give a folder, e.g. --out build/site")
    files, summary = site_files(graph, data=Path(data) if data is not None else None,
                                endpoint=endpoint, source=source)
    write_files({target / name: content for name, content in files.items()})
    return SiteSummary(target, summary.files, summary.pages, summary.reports)


__all__ = ["SITE_VIEWS", "SiteSummary", "report_coverage", "report_sources", "site_files",
           "write_site"]
