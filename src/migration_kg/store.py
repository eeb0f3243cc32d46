"""Where the graph lives while it is queried: rdflib's API, with Oxigraph as the default engine.

``oxigraph`` (the default) keeps rdflib's Graph API but answers SPARQL with Oxigraph's engine,
which is tens of times faster on joins (see ``bench/README.md``); ``memory`` is plain rdflib.
An on-disk Oxigraph folder keeps a loaded graph between runs.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from rdflib import Graph

from migration_kg.errors import InputError
from migration_kg.namespaces import bind_prefixes
from migration_kg.rdfio import parse_rdf_file


class StoreKind(StrEnum):
    OXIGRAPH = "oxigraph"
    MEMORY = "memory"


DEFAULT_STORE = StoreKind.OXIGRAPH


def new_graph(store: StoreKind | str = DEFAULT_STORE, directory: Path | None = None) -> Graph:
    """An empty graph on the chosen engine; ``directory`` makes an Oxigraph store persistent."""
    kind = StoreKind(store)
    if kind is StoreKind.MEMORY:
        if directory is not None:
            raise InputError("an on-disk store needs --store oxigraph", directory,
                             hint="drop --store-dir or use --store oxigraph")
        graph = Graph()
    else:
        graph = Graph(store="Oxigraph")
        if directory is not None:
            graph.open(str(directory), create=True)
    bind_prefixes(graph)
    return graph


def copy_into(source: Graph, store: StoreKind | str = DEFAULT_STORE) -> Graph:
    """The triples of ``source`` in a fresh graph on ``store``."""
    graph = new_graph(store)
    if isinstance(graph.store, type(source.store)) and StoreKind(store) is StoreKind.MEMORY:
        graph += source
        return graph
    graph.store.addN((s, p, o, graph) for s, p, o in source)  # type: ignore[arg-type]
    return graph


def load_file(path: Path, store: StoreKind | str = DEFAULT_STORE,
              directory: Path | None = None) -> Graph:
    """Load a built graph file into a graph on ``store`` (fast parsers on Oxigraph)."""
    graph = new_graph(store, directory)
    parse_rdf_file(Path(path), graph)
    return graph
