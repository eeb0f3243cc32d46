"""Build: the curated corpus, grounded, as one RDF graph, written as three files.

``triples`` turns a grounded corpus into RDF (a set of triples); ``serialise`` writes it
deterministically; the files are replaced together by
:func:`migration_kg.io.atomic.write_files`, or not at all. The build never fills an rdflib
graph: :func:`build_graph` makes one only for callers that query or validate it in memory.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from migration_kg import paths
from migration_kg.builder.serialise import OUTPUT_FILES, serialise
from migration_kg.builder.triples import Triples, corpus_triples, materialise_classes
from migration_kg.corpus.grounding import ground
from migration_kg.corpus.loader import load_corpus
from migration_kg.io.atomic import write_files
from migration_kg.io.rdf import parse_rdf_file
from migration_kg.namespaces import bind_prefixes

__all__ = ["OUTPUT_FILES", "build", "build_graph", "build_triples", "ontology_graph"]


def ontology_graph() -> Graph:
    """The ontology (``ontology/migration-kg.ttl``) as a graph."""
    return parse_rdf_file(paths.ONTOLOGY_FILE)


def build_triples(data_dir: Path | None = None, *, with_ontology: bool = True,
                  include_drafts: bool = False) -> Triples:
    """Load, check and ground ``data_dir`` (default: the shipped ``graph/``) into one set of
    triples, every instance typed with its superclasses, the ontology included; with
    ``include_drafts``, each report's drafts too, typed ``mkg:Draft``."""
    corpus = load_corpus(Path(data_dir) if data_dir else paths.GRAPH_DIR)
    marks = []
    if include_drafts:
        from migration_kg.drafting import include

        marks = include.include_drafts(corpus)
    triples = corpus_triples(corpus, ground(corpus))
    del corpus
    if marks:
        from migration_kg.drafting.include import add_draft_marks

        add_draft_marks(triples, marks)
    ontology = ontology_graph()
    materialise_classes(triples, ontology)
    if with_ontology:
        triples.update(ontology)
    return triples


def build_graph(data_dir: Path | None = None, *, with_ontology: bool = True,
                include_drafts: bool = False) -> Graph:
    """:func:`build_triples` as an rdflib memory graph, prefixes bound."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in build_triples(
        data_dir, with_ontology=with_ontology, include_drafts=include_drafts))
    bind_prefixes(graph)
    return graph


def build(data_dir: Path | None = None, out_dir: Path | None = None, *,
          include_drafts: bool = False) -> list[Path]:
    """Build from ``data_dir`` and write the three files to ``out_dir``: all of them, or none."""
    files = serialise(build_triples(data_dir, include_drafts=include_drafts), consume=True)
    out = Path(out_dir or paths.DEFAULT_BUILD_DIR)
    return write_files({out / name: content for name, content in files.items()})
