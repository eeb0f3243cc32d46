"""Run a query on a graph: check it, resolve its parameters, execute, collect the result.

The text with its parameters is checked again (:mod:`migration_kg.sparql.safety`): the engine
runs exactly the text that was checked. The run happens inside
:func:`migration_kg.isolation.offline`, so rdflib's engine could not fetch even if a query
slipped past the checks.

On Oxigraph the query goes to ``pyoxigraph`` itself, not through rdflib's ``Graph.query``, and
a SELECT result comes back as Oxigraph's own SPARQL TSV, written in Rust: no rdflib term and no
per-row Python object is made unless the caller reads ``rows`` (see
:class:`~migration_kg.sparql.results.QueryResult`). ``bench/overhead.py`` measures what is left
over the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.term import Identifier

from migration_kg.errors import InputError, QuerySyntaxError
from migration_kg.isolation import offline
from migration_kg.sparql.bindings import Candidates, NodeExists, resolve_bindings, with_values
from migration_kg.sparql.files import QueryFile
from migration_kg.sparql.results import QueryResult, Row
from migration_kg.sparql.safety import check_bound, check_query
from migration_kg.store import is_oxigraph, oxigraph_answer


def node_exists(graph: Graph) -> NodeExists:
    """Whether an IRI is a subject or an object in ``graph`` (for binding checks)."""
    def exists(iri: URIRef) -> bool:
        return (iri, None, None) in graph or (None, None, iri) in graph

    return exists


def graph_candidates(graph: Graph) -> Candidates:
    """The subjects of ``graph`` in a namespace, for "did you mean"."""
    def candidates(namespace: URIRef) -> Iterable[str]:
        text = ("SELECT DISTINCT ?s WHERE { ?s ?p ?o "
                f"FILTER(STRSTARTS(STR(?s), {Literal(str(namespace)).n3()})) }} LIMIT 5000")
        return [str(row[0]) for row in graph.query(text)]  # type: ignore[index]

    return candidates


def run_query(graph: Graph, query: QueryFile,
              bindings: Mapping[str, str | Identifier] | None = None) -> QueryResult:
    """Run ``query`` on ``graph`` with its parameter defaults, overridden by ``bindings``."""
    check_query(query)
    values = resolve_bindings(query, bindings or {}, exists=node_exists(graph),
                              candidates=graph_candidates(graph))
    text = with_values(query, values)
    check_bound(query, text)
    with offline():
        return _collect(graph, query, text, values)


def _collect(graph: Graph, query: QueryFile, text: str,
             values: Mapping[str, Identifier]) -> QueryResult:
    """Execute ``text`` and read every row (rdflib evaluates lazily, while rows are read)."""
    try:
        if is_oxigraph(graph):
            return oxigraph_answer(graph, text)
        # rdflib's engine drops the rows of an OPTIONAL that follows a VALUES block when the
        # OPTIONAL has no match (RDFLib/rdflib#2332, open in 7.6); its own initial bindings
        # give the same answer as the VALUES block does on every other engine.
        result = graph.query(query.text, initBindings=dict(values))
        if result.type == "ASK":
            answer = bool(result.askAnswer)
            return QueryResult(variables=["ask"], ask=answer, rows=[(Literal(answer),)])
        if result.type in {"CONSTRUCT", "DESCRIBE"}:
            assert result.graph is not None
            triples: list[Row] = [tuple(t) for t in sorted(result.graph)]
            return QueryResult(variables=["subject", "predicate", "object"], rows=triples)
        variables = [str(v) for v in result.vars or []]
        keys = [Variable(v) for v in variables]
        rows: list[Row] = [tuple(row.get(k) for k in keys) for row in result.bindings]
        return QueryResult(variables=variables, rows=rows)
    except (SyntaxError, ValueError) as exc:
        raise QuerySyntaxError(f"query failed: {exc}", query.where, hint="fix the query") from exc
    except RecursionError as exc:
        raise InputError("query failed: nested too deeply for the engine", query.where,
                         hint="flatten the query") from exc
    except Exception as exc:  # engines raise their own types for evaluation errors
        raise InputError(f"query failed: {type(exc).__name__}: {exc}", query.where,
                         hint="fix the query") from exc
