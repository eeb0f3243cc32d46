"""Beyond one machine: push the graph into any SPARQL 1.1 store and query it there.

``push`` speaks the SPARQL 1.1 Graph Store HTTP Protocol (PUT replaces a named graph, POST
merges into it), which Oxigraph, Fuseki, GraphDB, Virtuoso and Neptune all implement, so no
store-specific client is needed. ``remote_query`` speaks the SPARQL 1.1 Protocol and asks for
the named graph as the ``default-graph-uri``. The local refusal of ``SERVICE`` and ``FROM`` runs
before anything is sent.

The store is trusted with nothing:

* only http(s) URLs are accepted and redirects are not followed, so a store cannot bounce the
  graph (or credentials) elsewhere; credentials (from :data:`AUTH_VARIABLE`, never the command
  line) are sent only in answer to a Basic or Digest challenge, never before one (a push
  first asks for the challenge with a bodiless ``HEAD``: Virtuoso answers 401 and closes the
  connection while a large body is still being sent, so a challenge met mid-body is lost);
* every exchange has one deadline (``timeout``) from connecting to the last byte: a store that
  drips its answer is cut off at it, however slowly it sends;
* an answer larger than ``max_bytes`` is refused as it arrives, not read whole;
* results are parsed strictly: a document that is not SPARQL results JSON in every detail (a
  boolean that is not ``true`` or ``false``, a cell without a type, a variable that is not
  text) is an error with a short message, never a traceback or a wrong answer;
* URLs in messages lose their user info and query string (a token in the query string stays
  secret), and a store's error page is shortened, stripped of terminal controls and redacted
  (credentials, query-string values, ``Authorization`` headers it may echo).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import json
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from migration_kg.errors import InputError, RemoteError
from migration_kg.io.rdf import Terms
from migration_kg.namespaces import BASE
from migration_kg.sparql.bindings import resolve_bindings
from migration_kg.sparql.bindings import with_values as values_text
from migration_kg.sparql.files import QueryFile
from migration_kg.sparql.results import QueryResult, Row
from migration_kg.sparql.safety import check_query, query_form
from migration_kg.store import ntriples
from migration_kg.terminal import printable, shortened

DEFAULT_GRAPH_IRI = BASE + "graph"
"""The named graph that ``push`` writes and ``query --endpoint`` reads unless told otherwise."""

DEFAULT_GRAPH = "default"
"""Given as ``--graph``: the store's default graph instead of a named graph."""

AUTH_VARIABLE = "MIGRATION_KG_REMOTE_AUTH"
"""``user:password`` for HTTP Basic or Digest authentication: from the environment, never argv."""

TIMEOUT_S = 300.0
"""The default deadline of one exchange with a store, from connecting to the last byte."""
MAX_ANSWER_BYTES = 256 * 1024 * 1024
"""The largest answer read from a store; a larger one is refused as it arrives."""
ERROR_BODY_BYTES = 64 * 1024
"""How much of a store's error page is read (a few lines of it are shown)."""
RESULTS_JSON = "application/sparql-results+json"
VIRTUOSO_ASK = "__ASK_RETVAL"
"""The one column of Virtuoso's answer to an ASK in SPARQL results JSON."""
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# ------------------------------------------------------------------------------------ URLs


def redact_url(url: str) -> str:
    """``url`` as messages show it: no user info, no query string (``?…``), no fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return printable(url.split("@")[-1].split("?")[0][:200]) + " (not a valid URL)"
    if ":" in host:
        host = f"[{host}]"
    shown = urlunsplit((parts.scheme, host + port, parts.path, "", ""))
    return printable(shown + ("?…" if parts.query else ""))


def check_url(url: str, what: str = "URL") -> str:
    """An http(s) URL with a host; anything else (file:, ftp:, no host) is bad input."""
    try:
        parts = urlsplit(url)
        hostname, _ = parts.hostname, parts.port
    except ValueError as exc:
        raise InputError(f"{what} {redact_url(url)} is not a valid URL ({exc})", None,
                         hint="e.g. http://127.0.0.1:7878/store") from exc
    if parts.scheme not in {"http", "https"} or not hostname:
        raise InputError(f"{what} {redact_url(url)} is not an http(s) URL with a host", None,
                         hint="e.g. http://127.0.0.1:7878/store")
    if parts.username or parts.password:
        raise InputError(f"{what} carries a user name or password", None,
                         hint=f"remove it and set {AUTH_VARIABLE}=user:password instead")
    if IRI_FORBIDDEN.search(url.replace("\\", "")) or "\\" in url:
        raise InputError(f"{what} {redact_url(url)} holds spaces or characters a URL cannot",
                         None, hint="percent-encode them")
    return url


def check_iri(iri: str) -> str:
    """An absolute IRI that can stand in ``<...>`` and in a query string."""
    if not _SCHEME.match(iri) or IRI_FORBIDDEN.search(iri):
        raise InputError(f"'{printable(iri)}' is not an absolute IRI", None,
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


def _secrets(url: str) -> list[str]:
    """Strings that must never appear in a message: credentials, query-string values."""
    found = []
    credentials = _credentials()
    if credentials is not None:
        user, password = credentials
        found += [password, base64.b64encode(f"{user}:{password}".encode()).decode()]
    with contextlib.suppress(ValueError):
        found += [value for _, value in parse_qsl(urlsplit(url).query)]
    return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


_SECRET_HEADER = re.compile(r"(?im)^(\s*(?:proxy-)?(?:authorization|cookie|set-cookie)\s*[:=]).*$")


def redact(text: str, url: str) -> str:
    """A store's text with every secret of this exchange and auth headers it echoes hidden."""
    text = _SECRET_HEADER.sub(r"\1 [hidden]", text)
    for secret in _secrets(url):
        text = text.replace(secret, "[hidden]")
    return text


# ------------------------------------------------------------------------------ exchanges


@dataclass
class _Exchange:
    """One request with a deadline: every socket it opens is shut down when the time is up."""

    url: str
    timeout: float
    max_bytes: int
    deadline: float = 0.0
    expired: bool = False
    sockets: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def track(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)

    def connect(self, address: tuple[str, int], timeout: Any = None,
                source_address: Any = None) -> socket.socket:
        """``socket.create_connection``, tracked and bounded by the deadline."""
        remaining = self.remaining()
        if self.expired or remaining <= 0:
            raise TimeoutError("deadline passed before connecting")
        sock = socket.create_connection(address, remaining, source_address)
        self.track(sock)
        return sock


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _connection_class(base: type[http.client.HTTPConnection],
                      exchange: _Exchange) -> Callable[..., http.client.HTTPConnection]:
    def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        connection = base(*args, **kwargs)
        connection._create_connection = exchange.connect  # type: ignore[attr-defined]
        return connection

    return make


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, exchange: _Exchange) -> None:
        super().__init__()
        self.exchange = exchange

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection_class(http.client.HTTPConnection, self.exchange), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, exchange: _Exchange) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.exchange = exchange

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection_class(http.client.HTTPSConnection, self.exchange), req,
                            context=self.context)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise RemoteError(f"the store answered {code} {printable(str(msg))}, a redirect to "
                          f"{redact_url(newurl)}", redact_url(req.full_url),
                          hint="use the URL it redirects to")


def _opener(exchange: _Exchange, *, answer_challenges: bool = True
            ) -> urllib.request.OpenerDirector:
    """No redirects, no proxy for loopback, tracked sockets, and credentials only in answer to
    a challenge (Basic or Digest: a Basic header sent first would replace a Digest answer)."""
    handlers: list[urllib.request.BaseHandler] = [_NoRedirects(), _HTTP(exchange),
                                                  _HTTPS(exchange)]
    if _is_loopback(urlsplit(exchange.url).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # a proxy cannot reach our loopback
    credentials = _credentials() if answer_challenges else None
    if credentials is not None:
        manager = _passwords(exchange.url, credentials)
        handlers += [urllib.request.HTTPBasicAuthHandler(manager),
                     urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _passwords(url: str, credentials: tuple[str, str]) -> urllib.request.HTTPPasswordMgr:
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, *credentials)
    return manager


def _answer_challenge_first(request: urllib.request.Request, timeout: float) -> None:
    """Give ``request`` (one with a body) the answer to the store's challenge before its body
    is sent: a bodiless ``HEAD`` to the same URL, without credentials, brings the challenge.
    Without credentials, a challenge is the error "the store wants credentials" at once (not
    a connection reset halfway through the body). Nothing happens when the store does not
    challenge the ``HEAD``: the request then meets any challenge as every other one does."""
    credentials = _credentials()
    probe = urllib.request.Request(request.full_url, method="HEAD", headers=_headers({}))
    exchange = _Exchange(probe.full_url, min(timeout, 30.0), ERROR_BODY_BYTES)
    try:
        with _deadline(exchange), _opener(exchange, answer_challenges=False).open(
                probe, timeout=exchange.timeout):
            return
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return
        if credentials is None:
            raise _store_refused(exc, "", redact_url(request.full_url)) from exc
        challenge = exc.headers.get("WWW-Authenticate", "")
    except (RemoteError, OSError, http.client.HTTPException, ValueError):
        return  # the request itself will say what is wrong
    scheme, _, parameters = challenge.strip().partition(" ")
    if scheme.lower() == "digest":
        digest = urllib.request.HTTPDigestAuthHandler(_passwords(request.full_url, credentials))
        answer = digest.get_authorization(request, urllib.request.parse_keqv_list(
            urllib.request.parse_http_list(parameters)))
        if answer:
            request.add_unredirected_header("Authorization", f"Digest {answer}")
    elif scheme.lower() == "basic":
        token = base64.b64encode(":".join(credentials).encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")


def _headers(extra: dict[str, str]) -> dict[str, str]:
    return {"User-Agent": "migration-kg", **extra}


@contextmanager
def _deadline(exchange: _Exchange) -> Iterator[None]:
    exchange.deadline = time.monotonic() + exchange.timeout
    timer = threading.Timer(exchange.timeout, exchange.expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _read(response: Any, exchange: _Exchange, limit: int) -> bytes:
    """The body, at most ``limit`` bytes, within the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RemoteError(f"the store's answer has {int(declared)} bytes, more than the limit "
                          f"of {limit}", redact_url(exchange.url),
                          hint="ask for less (LIMIT), or raise the limit (max_bytes)")
    chunks, size = [], 0
    while True:
        chunk = response.read(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise RemoteError(f"the store's answer is larger than the limit of {limit} bytes; "
                              "reading stopped there", redact_url(exchange.url),
                              hint="ask for less (LIMIT), or raise the limit (max_bytes)")
        chunks.append(chunk)
    if exchange.expired:
        raise TimeoutError
    return b"".join(chunks)


def _send(request: urllib.request.Request, timeout: float,
          max_bytes: int = MAX_ANSWER_BYTES) -> tuple[int, str, bytes]:
    """Status, content type and body; every failure to talk to the store is a RemoteError."""
    exchange = _Exchange(request.full_url, timeout, max_bytes)
    shown = redact_url(request.full_url)
    try:
        with _deadline(exchange):
            try:
                with _opener(exchange).open(request, timeout=timeout) as response:
                    body = _read(response, exchange, max_bytes)
                    return response.status, response.headers.get("Content-Type", ""), body
            except urllib.error.HTTPError as exc:
                try:
                    detail = _read(exc, exchange, ERROR_BODY_BYTES).decode("utf-8", "replace")
                except (RemoteError, OSError, http.client.HTTPException):
                    detail = ""
                raise _store_refused(exc, redact(detail, request.full_url), shown) from exc
    except RemoteError:
        raise
    except TimeoutError as exc:
        raise _too_slow(timeout, shown) from exc
    except urllib.error.URLError as exc:
        if exchange.expired:
            raise _too_slow(timeout, shown) from exc
        reason = exc.reason
        text = getattr(reason, "strerror", None) or str(reason)
        raise RemoteError(f"cannot reach the store ({printable(redact(text, request.full_url))})",
                          shown, hint="check the URL and that the store is running") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # ValueError: urllib's Digest handler on an unknown challenge, a shut-down socket
        if exchange.expired:
            raise _too_slow(timeout, shown) from exc
        text = redact(str(exc) or type(exc).__name__, request.full_url)
        raise RemoteError(f"the connection to the store failed ({type(exc).__name__}: "
                          f"{shortened(text, lines=1, chars=200)})", shown,
                          hint="check the URL and that the store is running") from exc


def _too_slow(timeout: float, shown: str) -> RemoteError:
    return RemoteError(f"the store did not answer in full within {timeout:g} s (--timeout)",
                       shown, hint="check the store is healthy; big graphs may need a longer "
                                   "--timeout")


def _store_refused(exc: urllib.error.HTTPError, detail: str, shown: str) -> RemoteError:
    hint = {401: f"the store wants credentials: set {AUTH_VARIABLE}=user:password",
            403: "the store refused: check the credentials and that it accepts writes",
            404: "check the URL: push wants the graph-store endpoint, query the SPARQL "
                 "query endpoint",
            405: "check the URL: push wants the graph-store endpoint, query the SPARQL "
                 "query endpoint"}.get(exc.code, "see the store's message above")
    said = shortened(detail) if detail.strip() else ""
    said = "\n  ".join(said.splitlines())
    return RemoteError(f"the store answered {exc.code} {printable(str(exc.reason))[:80]}"
                       + (f":\n  {said}" if said else ""), shown, hint=hint)


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
    _answer_challenge_first(request, timeout)
    status = _send(request, timeout, ERROR_BODY_BYTES)[0]
    return PushResult(status, len(graph), graph_iri)


# ------------------------------------------------------------------------------------ query


def _malformed(what: str, url: str) -> RemoteError:
    return RemoteError(f"the store's answer is not valid SPARQL results JSON: {what}",
                       redact_url(url), hint="is this the SPARQL query endpoint?")


def _node(cell: Any, url: str) -> Identifier:
    """One cell of SPARQL results JSON, checked in every detail."""
    if not isinstance(cell, dict):
        raise _malformed("a cell is not an object", url)
    kind, value = cell.get("type"), cell.get("value")
    if not isinstance(value, str):
        raise _malformed(f"a cell of type {printable(str(kind))[:40]!r} has no text value", url)
    unknown = set(cell) - {"type", "value", "xml:lang", "datatype"}
    if unknown:
        raise _malformed(f"a cell has unknown keys ({printable(', '.join(sorted(unknown)))[:80]})",
                         url)
    if kind == "uri":
        if not _SCHEME.match(value) or IRI_FORBIDDEN.search(value):
            raise _malformed(f"'{printable(value)[:80]}' is not an absolute IRI", url)
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in {"literal", "typed-literal"}:
        language, datatype = cell.get("xml:lang"), cell.get("datatype")
        if language is not None and (not isinstance(language, str)
                                     or not _LANGUAGE.fullmatch(language)):
            raise _malformed("a literal's xml:lang is not a language tag", url)
        if datatype is not None and (not isinstance(datatype, str) or not _SCHEME.match(datatype)
                                     or IRI_FORBIDDEN.search(datatype)):
            raise _malformed("a literal's datatype is not an absolute IRI", url)
        if language is not None and datatype is not None:
            raise _malformed("a literal has both a language and a datatype", url)
        return Literal(value, lang=language,
                       datatype=URIRef(datatype) if datatype is not None else None)
    raise _malformed(f"a cell has the unknown type {printable(str(kind))[:40]!r} (only uri, "
                     "bnode and literal are understood)", url)


def parse_results(body: bytes, url: str) -> QueryResult:
    """SPARQL 1.1 Query Results JSON as a :class:`QueryResult`, like a local run gives; any
    departure from the format is a :class:`RemoteError`."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError
        raise _malformed(f"not JSON ({printable(str(exc))[:120]})", url) from exc
    if not isinstance(document, dict):
        raise _malformed("not a JSON object", url)
    if "boolean" in document:
        answer = document["boolean"]
        if not isinstance(answer, bool):
            raise _malformed("the ASK answer is not true or false", url)
        return QueryResult(variables=["ask"], ask=answer, rows=[(Literal(answer),)])
    head, results = document.get("head"), document.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise _malformed("it needs a 'head' and a 'results' object", url)
    variables = head.get("vars")
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables) \
            or len(set(variables)) != len(variables):
        raise _malformed("head.vars is not a list of distinct variable names", url)
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        raise _malformed("results.bindings is not a list", url)
    known = set(variables)
    rows: list[Row] = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise _malformed("a row of results.bindings is not an object", url)
        if not set(binding) <= known:
            raise _malformed("a row binds a variable that head.vars does not list", url)
        rows.append(tuple(_node(binding[v], url) if v in binding else None for v in variables))
    return QueryResult(variables=list(variables), rows=rows)


def parse_triples(body: bytes, url: str) -> QueryResult:
    """An N-Triples answer (CONSTRUCT, DESCRIBE), read by Oxigraph's parser."""
    terms = Terms()
    try:
        triples = [(terms(t.subject), terms(t.predicate), terms(t.object))
                   for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError, MemoryError) as exc:
        raise RemoteError(f"the store's answer is not N-Triples ({printable(str(exc))[:160]})",
                          redact_url(url), hint="is this the SPARQL query endpoint?") from exc
    return QueryResult(variables=["subject", "predicate", "object"],
                       rows=[tuple(t) for t in sorted(set(triples))])


def remote_query(endpoint: str, query: QueryFile,
                 bindings: Mapping[str, str | Identifier] | None = None, *,
                 graph_iri: str = DEFAULT_GRAPH_IRI, timeout: float = TIMEOUT_S,
                 max_bytes: int = MAX_ANSWER_BYTES) -> QueryResult:
    """Run ``query`` at a SPARQL 1.1 query endpoint over ``graph_iri`` (``default``: none).

    Parameters follow the same contract as locally (:mod:`migration_kg.sparql.bindings`): an
    IRI that names nothing in the remote graph is an error, found by asking the store.
    ``timeout`` bounds each exchange with the store; ``max_bytes`` each answer.
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
    return _run_text(endpoint, QueryFile(query.name, query.path, text), graph_iri, timeout,
                     max_bytes)


def _ask(endpoint: str, text: str, graph_iri: str, timeout: float) -> bool:
    result = _run_text(endpoint, QueryFile("exists", None, text), graph_iri, timeout,
                       ERROR_BODY_BYTES)
    if result.ask is not None:
        return result.ask
    # Virtuoso 7.2 answers an ASK in JSON as a SELECT: one row ``__ASK_RETVAL`` 1 for true,
    # no row for false; nothing else that has rows is taken for an answer
    if result.variables == [VIRTUOSO_ASK]:
        cells = [row[0] for row in result.rows]
        if not cells:
            return False
        if len(cells) == 1 and str(cells[0]) == "1":
            return True
    raise _malformed("an ASK query was answered with rows", endpoint)


def _run_text(endpoint: str, query: QueryFile, graph_iri: str, timeout: float,
              max_bytes: int) -> QueryResult:
    text = query.text
    check_query(query)  # the text sent is exactly the text checked
    params = {"query": text}
    if graph_iri != DEFAULT_GRAPH:
        params["default-graph-uri"] = graph_iri
    form = query_form(text) in {"ConstructQuery", "DescribeQuery"}
    accept = "application/n-triples" if form else RESULTS_JSON
    request = urllib.request.Request(
        endpoint, data=urlencode(params).encode(), method="POST",
        headers=_headers({"Content-Type": "application/x-www-form-urlencoded",
                          "Accept": accept}))
    body = _send(request, timeout, max_bytes)[2]
    return parse_triples(body, endpoint) if form else parse_results(body, endpoint)


Runner = Callable[[QueryFile, Mapping[str, str]], QueryResult]


def runner_for(endpoint: str, graph_iri: str | None = None, *,
               timeout: float = TIMEOUT_S) -> Runner:
    """A function that answers queries at ``endpoint`` over ``graph_iri``, as a local run does."""
    check_url(endpoint, "the endpoint URL")
    target = graph_iri if graph_iri is not None else DEFAULT_GRAPH_IRI
    if target != DEFAULT_GRAPH:
        check_iri(target)

    def run(query: QueryFile, bindings: Mapping[str, str]) -> QueryResult:
        return remote_query(endpoint, query, bindings, graph_iri=target, timeout=timeout)

    return run
