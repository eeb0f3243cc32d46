"""Where the graph lives while it is queried: rdflib's API, with Oxigraph as the default engine.

``oxigraph`` (the default) keeps rdflib's Graph API but answers SPARQL with Oxigraph's engine,
which is tens of times faster on joins (see ``bench/README.md``); ``memory`` is plain rdflib.
An on-disk Oxigraph folder (``directory``) keeps a loaded graph between runs.

Two traps of ``oxrdflib`` that this module steers around (both measured, see bench/README.md):

* ``graph.parse(format="turtle")`` on an Oxigraph graph still runs rdflib's slow parser; the
  ``ox-*`` formats (``io.rdf.OXIGRAPH_FORMATS``) load in Rust.
* a query made with ``prepareQuery()`` silently runs on rdflib's engine; queries must go to
  ``graph.query(text, initBindings=...)`` as strings, where Oxigraph substitutes the bindings
  (only for variables the query projects). The project's own queries skip rdflib altogether:
  :func:`oxigraph_answer` gives the text to pyoxigraph and keeps its TSV answer.

Oxigraph stores literals by value: derived integer types come back as ``xsd:integer`` (an
``oa:start`` typed ``xsd:nonNegativeInteger`` included) and numbers in canonical form ("90.0"
becomes "90"). Query answers are the same, but checks of exact datatypes (SHACL) must run on the
rdflib graph, which keeps every term as written.

The data go into the Oxigraph store's *default graph*, so a reopened folder, the Oxigraph
server and ``pyoxigraph`` itself all see the same triples.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from oxrdflib import OxigraphStore as _OxrdflibStore
from oxrdflib._converter import to_ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Identifier, Node

from migration_kg.errors import InputError
from migration_kg.io.rdf import (
    MAX_RDF_BYTES,
    Terms,
    check_rdf_file,
    parse_errors,
    parse_rdf_file,
    rdf_format,
)
from migration_kg.namespaces import bind_prefixes
from migration_kg.sparql.results import QueryResult


class StoreKind(StrEnum):
    OXIGRAPH = "oxigraph"
    MEMORY = "memory"


DEFAULT_STORE = StoreKind.OXIGRAPH
STORE_KINDS = tuple(kind.value for kind in StoreKind)


class _Terms(Terms):
    """Oxigraph terms as rdflib terms, each distinct term converted once per query result.

    Building rdflib ``Literal`` objects (which parse their value) is where ``oxrdflib`` spends
    most of a large query's time: 1.1 of 1.3 s for the 30k rows of ``speakers`` at 1M triples.
    Results repeat terms (names, sessions, classes), so a cache removes most of it.
    """

    def __call__(self, term: object) -> Node | None:  # type: ignore[override]
        return None if term is None else super().__call__(term)


class OxigraphStore(_OxrdflibStore):
    """``oxrdflib``'s store, with query results converted to rdflib terms through a cache.

    A prepared query still goes to
    ``oxrdflib``, which refuses it and so makes rdflib run it on its own engine (the trap in
    the module docstring): pass query text.
    """

    def __len__(self, context: Graph | None = None) -> int:
        """Triples in one graph: a plain count, since a store holds each quad once.

        ``oxrdflib`` counts ``DISTINCT`` triples, which builds a set of every triple (2.7 s and
        500 MB at 1M triples); that is only needed across several graphs.
        """
        if context is None:
            return super().__len__(context)
        answer = self._inner.query("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }",
                                   default_graph=_graph_name(context.identifier))
        assert isinstance(answer, ox.QuerySolutions)
        count = next(iter(answer))[0]
        assert isinstance(count, ox.Literal)
        return int(count.value)

    def query(self, query: Any, initNs: Mapping[str, Any],
              initBindings: Mapping[str, Identifier], queryGraph: Any,
              **kwargs: object) -> Result:
        if not isinstance(query, str) or kwargs:
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)
        terms = _Terms()
        answer = self._inner.query(
            query,
            use_default_graph_as_union=queryGraph == "__UNION__",
            default_graph=_graph_name(queryGraph) if isinstance(queryGraph, Node) else None,
            prefixes=dict(self._namespace_for_prefix, **initNs),
            substitutions={ox.Variable(k): _term(v) for k, v in initBindings.items()},
        )
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            variables = [Variable(v.value) for v in answer.variables]
            result.vars = variables
            result.bindings = ({v: cast(Identifier, terms(value))
                                for v, value in zip(variables, row, strict=True)}
                               for row in answer)
        else:
            result = Result("CONSTRUCT")
            graph = Graph()
            for t in answer:
                graph.add(cast(tuple[Node, Node, Node],
                               (terms(t.subject), terms(t.predicate), terms(t.object))))
            result.graph = graph
        return result


def oxigraph_answer(graph: Graph, text: str) -> QueryResult:
    """Run ``text`` on the Oxigraph store behind ``graph`` and read the whole answer.

    Straight to ``pyoxigraph`` (with the graph's prefixes, on its graph, as ``graph.query``
    would): a SELECT result is written by Oxigraph's TSV serialiser and kept as text; a graph
    result (CONSTRUCT, DESCRIBE) becomes sorted distinct rdflib triples, as rdflib gives them.
    """
    store = cast(OxigraphStore, graph.store)
    answer = store._inner.query(text, default_graph=_graph_name(graph.identifier),
                                prefixes=cast(dict[str, str], store._namespace_for_prefix))
    if isinstance(answer, ox.QueryBoolean):
        value = bool(answer)
        return QueryResult(variables=["ask"], ask=value, rows=[(Literal(value),)])
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return QueryResult.from_tsv(variables, answer.serialize(format=ox.QueryResultsFormat.TSV)
                                    or b"")
    terms = _Terms()
    triples = {(terms(t.subject), terms(t.predicate), terms(t.object)) for t in answer}
    return QueryResult(variables=["subject", "predicate", "object"],
                       rows=[tuple(t) for t in sorted(triples)])


def _graph_name(identifier: Node) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The Oxigraph graph name of an rdflib graph identifier."""
    name = to_ox(identifier)
    assert isinstance(name, ox.NamedNode | ox.BlankNode | ox.DefaultGraph)
    return name


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term (IRI, blank node or literal) as an Oxigraph term."""
    term = to_ox(node)
    assert isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal)
    return term


def is_oxigraph(graph: Graph) -> bool:
    """Whether ``graph`` answers queries with Oxigraph (an ``oxrdflib`` store): the one place
    that decides it."""
    return isinstance(graph.store, _OxrdflibStore)


def engine(graph: Graph) -> ox.Store:
    """The pyoxigraph store behind an Oxigraph-backed graph."""
    if not is_oxigraph(graph):
        raise TypeError("the graph is not on Oxigraph")
    return graph.store._inner  # type: ignore[attr-defined, no-any-return]


def ntriples(graph: Graph) -> bytes:
    """The graph as N-Triples, written by Oxigraph's serialiser when the graph is on it."""
    fmt = "ox-ntriples" if is_oxigraph(graph) else "nt"
    return graph.serialize(format=fmt, encoding="utf-8")


def is_store_directory(directory: Path) -> bool:
    """Whether ``directory`` holds an on-disk Oxigraph store (a RocksDB folder)."""
    directory = Path(directory)
    return (directory / "CURRENT").is_file() and any(directory.glob("MANIFEST-*"))


def new_graph(store: StoreKind | str = DEFAULT_STORE, directory: Path | None = None) -> Graph:
    """An empty graph on the chosen engine; ``directory`` opens (or creates) an on-disk store.

    An existing on-disk store keeps its triples: see :func:`open_store`.
    """
    kind = _kind(store)
    if kind is StoreKind.MEMORY:
        if directory is not None:
            raise InputError("an on-disk store needs --store oxigraph", directory,
                             hint="drop --store-dir or use --store oxigraph")
        graph = Graph()
    else:
        graph = Graph(store=OxigraphStore(), identifier=DATASET_DEFAULT_GRAPH_ID)
        if directory is not None:
            _open_directory(graph, Path(directory))
    bind_prefixes(graph)
    return graph


def open_store(directory: Path) -> Graph:
    """The graph kept in an on-disk Oxigraph folder by an earlier run, ready to query."""
    directory = Path(directory)
    if not is_store_directory(directory):
        raise InputError("not an Oxigraph store folder", directory,
                         hint="load a graph into it first, e.g. "
                              "`migration-kg query --list --graph build/graph.nt "
                              f"--store-dir {directory}`")
    return new_graph(StoreKind.OXIGRAPH, directory)


def _open_directory(graph: Graph, directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise InputError("the store folder is a file", directory,
                         hint="give --store-dir a folder (new, empty, or an earlier store)")
    if directory.is_dir() and any(directory.iterdir()) and not is_store_directory(directory):
        raise InputError("the folder holds other files, not an Oxigraph store", directory,
                         hint="give --store-dir a new or empty folder, or an earlier store")
    try:
        try:
            graph.open(str(directory), create=False)
        except OSError:
            # rdflib graphs sit in reference cycles, so a graph the caller dropped may still hold
            # the folder's lock until the cycle collector runs; run it once and try again.
            gc.collect()
            graph.open(str(directory), create=False)
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", directory,
                         hint="another process may be using it (Oxigraph locks its folder); "
                              "close it or use another folder") from exc


def _kind(store: StoreKind | str) -> StoreKind:
    try:
        return StoreKind(store)
    except ValueError as exc:
        raise InputError(f"unknown store '{store}'", None,
                         hint=f"use one of: {', '.join(STORE_KINDS)}") from exc


# ----------------------------------------------------------------------------- copying


def _ox_quads(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Quad]:
    """rdflib triples as Oxigraph quads in the default graph, converting each IRI once.

    IRIs repeat a lot (every predicate and class, every subject on each of its triples), so a
    cache makes the conversion several times faster than ``oxrdflib``'s term-by-term one.
    """
    iris: dict[str, ox.NamedNode] = {}
    blanks: dict[str, ox.BlankNode] = {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if type(node) is URIRef:
            found = iris.get(node)
            if found is None:
                found = iris[node] = ox.NamedNode(node)
            return found
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(node, language=node.language)
            if node.datatype:
                datatype = term(node.datatype)
                assert isinstance(datatype, ox.NamedNode)
                return ox.Literal(node, datatype=datatype)
            return ox.Literal(node)
        if isinstance(node, BNode):
            found_blank = blanks.get(node)
            if found_blank is None:
                found_blank = blanks[node] = ox.BlankNode(node)
            return found_blank
        if isinstance(node, URIRef):
            return ox.NamedNode(node)
        raise TypeError(f"cannot store {node!r} in Oxigraph")

    default = ox.DefaultGraph()
    for s, p, o in triples:
        predicate = term(p)
        assert isinstance(predicate, ox.NamedNode)
        subject = term(s)
        assert not isinstance(subject, ox.Literal)
        yield ox.Quad(subject, predicate, term(o), default)


def copy_into(source: Graph, store: StoreKind | str = DEFAULT_STORE,
              directory: Path | None = None) -> Graph:
    """The triples of ``source`` in a fresh graph on ``store`` (in ``directory``, replacing it).

    On Oxigraph the triples go in as one bulk insert of converted quads, not one ``add`` each.
    """
    graph = new_graph(store, directory)
    if not is_oxigraph(graph):
        graph += source
        return graph
    inner = engine(graph)
    if is_oxigraph(source):  # Oxigraph to Oxigraph: the quads as they are, no rdflib terms
        quads: Iterable[ox.Quad] = (
            ox.Quad(q.subject, q.predicate, q.object)
            for q in engine(source).quads_for_pattern(
                None, None, None, _graph_name(source.identifier)))
    else:
        quads = _ox_quads(source)
    try:
        if directory is not None:
            inner.clear()
            inner.bulk_extend(quads)
            inner.flush()
        else:
            inner.extend(quads)
    except (ValueError, TypeError) as exc:  # a term rdflib kept that is not valid RDF
        if directory is not None:
            inner.clear()
        raise InputError(f"the graph holds a term Oxigraph refuses: {str(exc)[:200]}", None,
                         hint="fix the IRI or literal in the input file (IRIs must be "
                              "absolute, without spaces or <>\"{}|^`)") from exc
    return graph


_OXIGRAPH_FILE_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE,
                          "xml": ox.RdfFormat.RDF_XML}
"""Formats Oxigraph reads straight from the file. JSON-LD goes through ``io.rdf``, which refuses
remote contexts first; quad formats too, so their graphs land where rdflib would put them."""


def load_file(path: Path, store: StoreKind | str = DEFAULT_STORE,
              directory: Path | None = None) -> Graph:
    """Load a built graph file into a graph on ``store`` (fast parsers on Oxigraph).

    On Oxigraph, N-Triples, Turtle and RDF/XML are read by Oxigraph from the file itself:
    reading the text into Python first (as rdflib's API does) took 4.4 s and 2.1 GB at 1M
    triples, against 3.0 s and 0.5 GB. With ``directory``, the on-disk store is emptied first,
    so it holds exactly this file (and nothing, if the file is bad).
    """
    path = Path(path)
    graph = new_graph(store, directory)
    fmt = rdf_format(path)
    if not is_oxigraph(graph) or fmt not in _OXIGRAPH_FILE_FORMATS:
        if directory is not None:
            engine(graph).clear()
        parse_rdf_file(path, graph, oxigraph=is_oxigraph(graph))
        return graph
    inner = engine(graph)
    if directory is not None:
        inner.clear()
    check_rdf_file(path, fmt, limit=MAX_RDF_BYTES)
    load = inner.bulk_load if directory is not None else inner.load
    try:
        with parse_errors(path, fmt):
            load(path=str(path), format=_OXIGRAPH_FILE_FORMATS[fmt],
                 base_iri=path.resolve().as_uri(), to_graph=ox.DefaultGraph())
    except InputError:
        if directory is not None:
            inner.clear()
        raise
    if directory is not None:
        inner.flush()
    return graph


def close(graph: Graph) -> None:
    """Release an on-disk store so that another process (or a later open) can use it."""
    if is_oxigraph(graph):
        graph.store._store = None  # type: ignore[attr-defined]
    graph.close()
