"""Beyond one machine: push the graph into any SPARQL 1.1 store and query it there.

``push`` speaks the SPARQL 1.1 Graph Store HTTP Protocol (PUT replaces a named graph, POST
merges into it), which Oxigraph, Fuseki, GraphDB, Virtuoso and Neptune all implement, so no
store-specific client is needed. ``remote_query`` speaks the SPARQL 1.1 Protocol and asks for
the named graph as the ``default-graph-uri``. The local refusal of ``SERVICE`` and ``FROM`` runs
before anything is sent. Only http(s) URLs are accepted and redirects are not followed, so a
store cannot bounce the graph (or its credentials) to another host.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from migration_kg.errors import InputError, RemoteError
from migration_kg.namespaces import BASE
from migration_kg.sparql.bindings import resolve_bindings
from migration_kg.sparql.bindings import with_values as values_text
from migration_kg.sparql.files import QueryFile
from migration_kg.sparql.results import QueryResult, Row
from migration_kg.sparql.safety import check_query, query_form
from migration_kg.store import ntriples

DEFAULT_GRAPH_IRI = BASE + "graph"
"""The named graph that ``push`` writes and ``query --endpoint`` reads unless told otherwise."""

DEFAULT_GRAPH = "default"
"""Given as ``--graph``: the store's default graph instead of a named graph."""

AUTH_VARIABLE = "MIGRATION_KG_REMOTE_AUTH"
"""``user:password`` for HTTP Basic or Digest authentication: from the environment, never argv."""

TIMEOUT_S = 300.0
RESULTS_JSON = "application/sparql-results+json"
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise RemoteError(f"the store answered {code} {msg}, a redirect to {newurl}",
                          req.full_url, hint="use the URL it redirects to")


def check_url(url: str, what: str = "URL") -> str:
    """An http(s) URL with a host; anything else (file:, ftp:, no host) is bad input."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(f"{what} '{url}' is not an http(s) URL with a host", None,
                         hint="e.g. http://127.0.0.1:7878/store")
    if parts.username or parts.password:
        raise InputError(f"{what} carries a user name or password", None,
                         hint=f"remove it and set {AUTH_VARIABLE}=user:password instead")
    return url


def check_iri(iri: str) -> str:
    """An absolute IRI that can stand in ``<...>`` and in a query string."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or IRI_FORBIDDEN.search(iri):
        raise InputError(f"'{iri}' is not an absolute IRI", None,
                         hint=f"e.g. --graph {DEFAULT_GRAPH_IRI}, or --graph {DEFAULT_GRAPH} "
                              "for the store's default graph")
    return iri


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _credentials() -> tuple[str, str] | None:
    value = os.environ.get(AUTH_VARIABLE)
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep:
        raise InputError(f"{AUTH_VARIABLE} is not user:password", None,
                         hint=f"export {AUTH_VARIABLE}=user:password")
    return user, password


def _opener(url: str) -> urllib.request.OpenerDirector:
    """No redirects, no proxy for loopback, and Basic (sent at once) or Digest credentials."""
    handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
    if _is_loopback(urlsplit(url).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # a proxy cannot reach our loopback
    credentials = _credentials()
    if credentials is not None:
        manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
        manager.add_password(None, url, *credentials, is_authenticated=True)
        handlers += [urllib.request.HTTPBasicAuthHandler(manager),
                     urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _headers(extra: dict[str, str]) -> dict[str, str]:
    return {"User-Agent": "migration-kg", **extra}


def _send(request: urllib.request.Request, timeout: float) -> tuple[int, str, bytes]:
    """Status, content type and body; every failure to talk to the store is a RemoteError."""
    url = request.full_url
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()
        lines = "\n  ".join(detail.splitlines()[:8])
        hint = {401: f"the store wants credentials: set {AUTH_VARIABLE}=user:password",
                403: "the store refused: check the credentials and that it accepts writes",
                404: "check the URL: push wants the graph-store endpoint, query the SPARQL "
                     "query endpoint",
                405: "check the URL: push wants the graph-store endpoint, query the SPARQL "
                     "query endpoint"}.get(exc.code, "see the store's message above")
        raise RemoteError(f"the store answered {exc.code} {exc.reason}"
                          + (f":\n  {lines}" if lines else ""), url, hint=hint) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = getattr(reason, "strerror", None) or str(reason)
        raise RemoteError(f"cannot reach the store ({text})", url,
                          hint="check the URL and that the store is running") from exc
    except TimeoutError as exc:
        raise RemoteError(f"the store did not answer within {timeout:g} s", url,
                          hint="check the store is healthy; big graphs may need a longer wait"
                          ) from exc
    except (ConnectionError, OSError) as exc:
        raise RemoteError(f"the connection to the store failed ({exc})", url,
                          hint="check the URL and that the store is running") from exc


def _with_query(url: str, extra: str) -> str:
    parts = urlsplit(url)
    query = "&".join(p for p in (parts.query, extra) if p)
    return urlunsplit(parts._replace(query=query))


# ------------------------------------------------------------------------------------ push


@dataclass(frozen=True)
class PushResult:
    status: int
    triples: int
    target: str


def push(graph: Graph, url: str, *, graph_iri: str = DEFAULT_GRAPH_IRI, replace: bool = True,
         timeout: float = TIMEOUT_S) -> PushResult:
    """Send ``graph`` to a Graph Store Protocol endpoint: PUT replaces, POST merges.

    N-Triples is sent because every store reads it; the body is bytes, not a stream, so it can
    be sent again after a Digest authentication challenge (Virtuoso).
    """
    check_url(url, "the graph-store URL")
    target = "default" if graph_iri == DEFAULT_GRAPH else urlencode({"graph": check_iri(graph_iri)})
    full_url = _with_query(url, target)
    body = ntriples(graph)
    request = urllib.request.Request(
        full_url, data=body, method="PUT" if replace else "POST",
        headers=_headers({"Content-Type": "application/n-triples"}))
    status = _send(request, timeout)[0]
    return PushResult(status, len(graph), graph_iri)


# ------------------------------------------------------------------------------------ query


def _node(cell: dict[str, Any]) -> Identifier:
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in {"literal", "typed-literal"}:
        return Literal(value, lang=cell.get("xml:lang"),
                       datatype=URIRef(cell["datatype"]) if "datatype" in cell else None)
    raise RemoteError(f"the store answered a term of unknown type '{kind}'", None,
                      hint="only uri, bnode and literal terms are understood")


def parse_results(body: bytes, url: str) -> QueryResult:
    """SPARQL 1.1 Query Results JSON as a :class:`QueryResult`, like a local run gives."""
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RemoteError(f"the store's answer is not SPARQL results JSON ({exc})", url,
                          hint="is this the SPARQL query endpoint?") from exc
    if "boolean" in document:
        answer = bool(document["boolean"])
        return QueryResult(variables=["ask"], ask=answer, rows=[(Literal(answer),)])
    variables = list(document.get("head", {}).get("vars", []))
    rows: list[Row] = []
    for binding in document.get("results", {}).get("bindings", []):
        rows.append(tuple(_node(binding[v]) if v in binding else None for v in variables))
    return QueryResult(variables=variables, rows=rows)


def remote_query(endpoint: str, query: QueryFile,
                 bindings: Mapping[str, str | Identifier] | None = None, *,
                 graph_iri: str = DEFAULT_GRAPH_IRI, timeout: float = TIMEOUT_S
                 ) -> QueryResult:
    """Run ``query`` at a SPARQL 1.1 query endpoint over ``graph_iri`` (``default``: none).

    Parameters follow the same contract as locally (:mod:`migration_kg.sparql.bindings`): an
    IRI that names nothing in the remote graph is an error, found by asking the store.
    """
    check_url(endpoint, "the endpoint URL")
    if graph_iri != DEFAULT_GRAPH:
        check_iri(graph_iri)
    check_query(query)  # refused here, before anything is sent
    values = resolve_bindings(
        query, bindings or {},
        exists=lambda iri: _ask(endpoint, f"ASK {{ {{ {iri.n3()} ?p ?o }} UNION "
                                          f"{{ ?s ?p {iri.n3()} }} }}", graph_iri, timeout))
    text = values_text(query, values)
    return _run_text(endpoint, QueryFile(query.name, query.path, text), graph_iri, timeout)


def _ask(endpoint: str, text: str, graph_iri: str, timeout: float) -> bool:
    result = _run_text(endpoint, QueryFile("exists", None, text), graph_iri, timeout)
    return bool(result.ask)


def _run_text(endpoint: str, query: QueryFile, graph_iri: str, timeout: float) -> QueryResult:
    text = query.text
    check_query(query)
    params = {"query": text}
    if graph_iri != DEFAULT_GRAPH:
        params["default-graph-uri"] = graph_iri
    form = query_form(text) in {"ConstructQuery", "DescribeQuery"}
    accept = "application/n-triples" if form else RESULTS_JSON
    request = urllib.request.Request(
        endpoint, data=urlencode(params).encode(), method="POST",
        headers=_headers({"Content-Type": "application/x-www-form-urlencoded",
                          "Accept": accept}))
    body = _send(request, timeout)[2]
    if form:
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format="nt")
        except Exception as exc:
            raise RemoteError(f"the store's answer is not N-Triples ({exc})", endpoint,
                              hint="is this the SPARQL query endpoint?") from exc
        return QueryResult(variables=["subject", "predicate", "object"],
                           rows=[tuple(t) for t in sorted(graph)])
    return parse_results(body, endpoint)


Runner = Callable[[QueryFile, Mapping[str, str]], QueryResult]


def runner_for(endpoint: str, graph_iri: str | None = None) -> Runner:
    """A function that answers queries at ``endpoint`` over ``graph_iri``, as a local run does."""
    check_url(endpoint, "the endpoint URL")
    target = graph_iri if graph_iri is not None else DEFAULT_GRAPH_IRI
    if target != DEFAULT_GRAPH:
        check_iri(target)

    def run(query: QueryFile, bindings: Mapping[str, str]) -> QueryResult:
        return remote_query(endpoint, query, bindings, graph_iri=target)

    return run
