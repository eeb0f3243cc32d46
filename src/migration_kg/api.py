"""The declared Python API that notebooks, scripts and the command line use.

Everything here takes plain values (paths, names, strings) and returns rdflib graphs, pandas
DataFrames or result objects; errors are the typed errors of :mod:`migration_kg.errors`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.sparql.files import (
    QueryFile,
    find_query,
    inline_query,
    looks_like_sparql,
    shipped_queries,
)
from migration_kg.sparql.results import QueryResult
from migration_kg.store import DEFAULT_STORE, StoreKind

if TYPE_CHECKING:
    import pandas as pd

    from migration_kg.drafting.files import DraftSummary
    from migration_kg.drafting.review import ReviewSummary
    from migration_kg.drafting.scaffold import NewReport
    from migration_kg.site.build import SiteSummary
    from migration_kg.site.coverage import Coverage
    from migration_kg.status.importer import ImportSummary
    from migration_kg.validate import ValidationReport


def build_graph(data: Path | str | None = None, *, include_drafts: bool = False) -> Graph:
    """Build the graph from curated data (default: the shipped ``graph/``), in memory; with
    ``include_drafts``, each report's unreviewed drafts too, typed ``mkg:Draft``."""
    from migration_kg.builder import build_graph as _build_graph

    return _build_graph(Path(data) if data else None, include_drafts=include_drafts)


def build(data: Path | str | None = None, out: Path | str | None = None, *,
          include_drafts: bool = False) -> list[Path]:
    """Build and write ``graph.ttl``, ``graph.nt`` and ``graph.jsonld`` (all or none)."""
    from migration_kg.builder import build as _build

    return _build(Path(data) if data else None, Path(out) if out else None,
                  include_drafts=include_drafts)


def new_report(report_id: str, source: Path | str, *, title: str, date: str,
               publisher: str | None = None, data: Path | str | None = None,
               obtained_from: str | None = None) -> NewReport:
    """Scaffold ``reports/<report_id>/``: the text byte for byte, its sha256, provenance and
    empty annotation files; nothing is written unless every check passes."""
    from migration_kg.drafting.scaffold import new_report as _new_report

    return _new_report(report_id, Path(source), title=title, date=date, publisher=publisher,
                       data=Path(data) if data else None, obtained_from=obtained_from)


def draft(report_id: str, data: Path | str | None = None) -> DraftSummary:
    """Draft annotations for a report from its text into ``reports/<id>/drafts.yaml``."""
    from migration_kg.drafting.files import draft_report

    return draft_report(report_id, data)


def review(report_id: str, action: str, ids: Sequence[str] = (), *,
           data: Path | str | None = None) -> ReviewSummary:
    """``accept`` drafted items (moved into the curated files), ``reject`` them (dropped), or
    ``list`` them."""
    from migration_kg.drafting.review import review as _review

    return _review(report_id, action, list(ids), data=Path(data) if data else None)


def load_graph(graph_file: Path | str | None = None, *, data: Path | str | None = None,
               store: StoreKind | str = DEFAULT_STORE,
               store_dir: Path | str | None = None) -> Graph:
    """The graph, ready to query: from a built file if given, else built from the data.

    ``store_dir`` keeps it in an on-disk Oxigraph store: reused as it is when neither a file
    nor data is named and the folder already holds a store, otherwise (re)loaded.
    """
    from migration_kg.store import copy_into, is_store_directory, load_file, open_store

    directory = Path(store_dir) if store_dir is not None else None
    if directory is not None:
        if StoreKind(store) is not StoreKind.OXIGRAPH:
            raise InputError("an on-disk store needs --store oxigraph", directory,
                             hint="drop --store-dir or use --store oxigraph")
        if graph_file is None and data is None and is_store_directory(directory):
            return open_store(directory)
    if graph_file is not None:
        return load_file(Path(graph_file), store, directory=directory)
    return copy_into(build_graph(data), store, directory=directory)


def validate_graph(graph: Graph, data: Path | str | None = None, *,
                   engine: str = "pyshacl-turbo") -> ValidationReport:
    """SHACL shapes, evidence at its offsets, violation queries: a report with every problem.
    ``engine`` is ``pyshacl-turbo`` (fast) or ``pyshacl`` (the reference); same results."""
    from migration_kg.validate import validate_graph as _validate

    return _validate(graph, Path(data) if data else None, engine=engine)


def validate_file(graph_file: Path | str, data: Path | str | None = None, *,
                  engine: str = "pyshacl-turbo") -> ValidationReport:
    """:func:`validate_graph` on a graph file, read without an rdflib memory graph."""
    from migration_kg.validate import validate_file as _validate

    return _validate(Path(graph_file), Path(data) if data else None, engine=engine)


def query_names() -> list[str]:
    """Names of the shipped competency queries."""
    return [q.name for q in shipped_queries()]


def describe_queries() -> pd.DataFrame:
    """Each shipped query with its question and parameters, as a table."""
    import pandas as pd

    return pd.DataFrame(
        [{"name": q.name, "title": q.title, "question": q.question,
          "params": ", ".join(f"{p.name}={p.default}" for p in q.params)}
         for q in shipped_queries()]
    )


def resolve_query(name_or_sparql: str) -> QueryFile:
    """A shipped query by name or stem, a ``.rq`` path, or SPARQL text."""
    if looks_like_sparql(name_or_sparql):
        return inline_query(name_or_sparql)
    return find_query(name_or_sparql)


def query_result(graph: Graph, name_or_sparql: str,
                 bindings: Mapping[str, str] | None = None, **values: str) -> QueryResult:
    """Run a shipped query by name, a ``.rq`` path or SPARQL text on ``graph``.

    Parameters as ``topic="topic:children"`` (or a ``bindings`` mapping); a name the query
    does not declare, or an IRI that names nothing in the graph, is an :class:`InputError`.
    """
    from migration_kg.sparql.run import run_query

    return run_query(graph, resolve_query(name_or_sparql), {**(bindings or {}), **values})


def query(graph: Graph, name_or_sparql: str, bindings: Mapping[str, str] | None = None,
          **values: str) -> pd.DataFrame:
    """Like :func:`query_result`, as a DataFrame with compact IRIs and Python values."""
    return query_result(graph, name_or_sparql, bindings, **values).frame()


def source_text(report_id: str, data: Path | str | None = None) -> str:
    """The verbatim text of a report, to look evidence up in its context."""
    from migration_kg.corpus.loader import source_text as _source_text

    return _source_text(Path(data) if data else paths.GRAPH_DIR, report_id)


def import_status(table: Path | str, *, status_as_at: str, retrieved_from: str,
                  dataset: str = "untc-chapter-iv", data: Path | str | None = None,
                  title: str | None = None, landing_page: str | None = None,
                  publisher: str | None = None) -> ImportSummary:
    """Import a depositary's status table (CSV) into ``status/<dataset>/`` of the data folder.

    Names map to countries through ``status/participants.yaml`` and ISO 3166-1; the dataset's
    ``corrections.yaml`` is applied; nothing is written unless every row is right.
    """
    import datetime as dt

    from migration_kg.status.importer import ImportOptions
    from migration_kg.status.importer import import_status as _import_status

    try:
        as_at = dt.date.fromisoformat(status_as_at)
    except ValueError:
        raise InputError(f"--as-of '{status_as_at}' is not a date", None,
                         hint="write the date of the status snapshot as YYYY-MM-DD") from None
    defaults = ImportOptions(dataset=dataset, status_as_at=as_at, retrieved_from=retrieved_from)
    options = ImportOptions(dataset=dataset, status_as_at=as_at, retrieved_from=retrieved_from,
                            title=title or defaults.title,
                            landing_page=landing_page or defaults.landing_page,
                            publisher=publisher or defaults.publisher)
    return _import_status(Path(table), Path(data) if data else paths.GRAPH_DIR, options)


def write_site(graph: Graph, out: Path | str, *, data: Path | str | None = None,
               endpoint: str | None = None, source: Graph | None = None) -> SiteSummary:
    """Write the static site of ``graph`` into ``out``: a page per entity with its Turtle and
    JSON-LD, a reader per report, the index, the network views, the VoID/DCAT description.

    The reports' texts come from ``data`` (default: the shipped ``graph/``) and must be the
    ones the graph was built from. ``endpoint`` is the SPARQL endpoint the description names.
    ``source``, the graph as built or parsed (not on Oxigraph, which drops derived datatypes),
    is what the RDF files are written from, when given.
    """
    from migration_kg.site.build import write_site as _write_site
    from migration_kg.site.rdf import DEFAULT_ENDPOINT

    return _write_site(graph, out, data=data, endpoint=endpoint or DEFAULT_ENDPOINT,
                       source=source)


def source_graph(graph_file: Path | str | None = None, *,
                 data: Path | str | None = None) -> Graph:
    """The graph exactly as built from ``data`` or parsed from ``graph_file``, in memory."""
    from migration_kg.io.rdf import parse_rdf_file

    return parse_rdf_file(Path(graph_file)) if graph_file is not None else build_graph(data)


def sentence_coverage(graph: Graph, data: Path | str | None = None) -> dict[str, Coverage]:
    """Each report's sentences, and which of them the graph's evidence covers."""
    from migration_kg.site.build import report_coverage, report_sources

    return report_coverage(graph, report_sources(graph, Path(data) if data else None))
