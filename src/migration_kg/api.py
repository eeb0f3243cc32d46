"""The Python API that notebooks and scripts use: load the graph, run a named query into pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rdflib import Graph

from migration_kg import paths
from migration_kg.build import build_graph as _build_graph
from migration_kg.queries import (
    QueryFile,
    QueryResult,
    find_query,
    inline_query,
    run_query,
    shipped_queries,
    term_from_text,
)
from migration_kg.store import DEFAULT_STORE, StoreKind, copy_into, load_file


def build_graph(data: Path | str | None = None) -> Graph:
    """Build the graph from curated data (default: the shipped ``graph/``), in memory."""
    return _build_graph(Path(data) if data else None)


def load_graph(graph_file: Path | str | None = None, *, data: Path | str | None = None,
               store: StoreKind | str = DEFAULT_STORE) -> Graph:
    """The graph, ready to query: from a built file if given, else built from the data."""
    if graph_file is not None:
        return load_file(Path(graph_file), store)
    return copy_into(build_graph(data), store)


def query_names() -> list[str]:
    """Names of the shipped competency queries."""
    return [q.name for q in shipped_queries()]


def describe_queries() -> pd.DataFrame:
    """Each shipped query with its question and parameters, as a table."""
    return pd.DataFrame(
        [{"name": q.name, "title": q.title, "question": q.question,
          "params": ", ".join(f"{p.name}={p.default}" for p in q.params)}
         for q in shipped_queries()]
    )


def _resolve(name_or_sparql: str) -> QueryFile:
    text = name_or_sparql.strip()
    if any(keyword in text.upper() for keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")) \
            and ("{" in text):
        return inline_query(text)
    return find_query(name_or_sparql)


def query_result(graph: Graph, name_or_sparql: str, **bindings: str) -> QueryResult:
    """Run a shipped query by name, a ``.rq`` path or SPARQL text; bindings as ``var="topic:x"``."""
    query = _resolve(name_or_sparql)
    return run_query(graph, query, {k: term_from_text(v) for k, v in bindings.items()})


def query(graph: Graph, name_or_sparql: str, **bindings: str) -> pd.DataFrame:
    """Like :func:`query_result`, as a DataFrame with compact IRIs and Python values."""
    result = query_result(graph, name_or_sparql, **bindings)
    return pd.DataFrame(result.records(), columns=result.variables)


def source_text(report_id: str, data: Path | str | None = None) -> str:
    """The verbatim text of a report, to look evidence up in its context."""
    root = Path(data) if data else paths.GRAPH_DIR
    return (root / "reports" / report_id / "source.txt").read_text(encoding="utf-8")
