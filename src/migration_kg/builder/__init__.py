"""Build: the curated corpus, grounded, as one RDF graph, written as three files.

``triples`` turns a grounded corpus into RDF; ``serialise`` writes it deterministically; the
files are replaced together by :func:`migration_kg.io.atomic.write_files`, or not at all.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from migration_kg import paths
from migration_kg.builder.serialise import OUTPUT_FILES, serialise
from migration_kg.builder.triples import corpus_graph, materialise_classes
from migration_kg.corpus.grounding import ground
from migration_kg.corpus.loader import load_corpus
from migration_kg.io.atomic import write_files
from migration_kg.io.rdf import parse_rdf_file
from migration_kg.namespaces import bind_prefixes

__all__ = ["OUTPUT_FILES", "build", "build_graph", "ontology_graph"]


def ontology_graph() -> Graph:
    """The ontology (``ontology/migration-kg.ttl``) as a graph."""
    return parse_rdf_file(paths.ONTOLOGY_FILE)


def build_graph(data_dir: Path | None = None, *, with_ontology: bool = True,
                include_drafts: bool = False) -> Graph:
    """Load, check and ground ``data_dir`` (default: the shipped ``graph/``) into one graph;
    with ``include_drafts``, each report's drafts too, typed ``mkg:Draft``."""
    corpus = load_corpus(Path(data_dir) if data_dir else paths.GRAPH_DIR)
    marks = []
    if include_drafts:
        from migration_kg.drafting import include

        marks = include.include_drafts(corpus)
    graph = corpus_graph(corpus, ground(corpus))
    if marks:
        from migration_kg.drafting.include import add_draft_marks

        add_draft_marks(graph, marks)
    ontology = ontology_graph()
    materialise_classes(graph, ontology)
    if with_ontology:
        graph += ontology
        bind_prefixes(graph)
    return graph


def build(data_dir: Path | None = None, out_dir: Path | None = None, *,
          include_drafts: bool = False) -> list[Path]:
    """Build from ``data_dir`` and write the three files to ``out_dir``: all of them, or none."""
    graph = build_graph(data_dir, include_drafts=include_drafts)
    out = Path(out_dir or paths.DEFAULT_BUILD_DIR)
    return write_files({out / name: content for name, content in serialise(graph).items()})
