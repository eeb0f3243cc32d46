"""A read-only SPARQL 1.1 endpoint: Starlette on uvicorn in front, pyoxigraph in worker processes.

Why this design and not another (the numbers are in ``bench/README.md``):

* The ``oxigraph`` server is the fastest engine to put on a port, but it follows ``SERVICE``
  with no switch to turn it off (so any client can make it fetch any URL), and its
  ``--timeout-s`` answers HTTP 200 with a truncated JSON body. Neither can be fixed from outside.
* ``rdflib-endpoint`` relays ``SERVICE``, allows any origin with credentials, and one slow
  self-join froze every client for 34 s.
* A time limit cannot be enforced inside the serving process: pyoxigraph ignores Python signals
  inside aggregates. So every query runs in a worker process from a small pool; a query that
  outlives ``timeout`` has its worker killed (and replaced) and the client gets a 503 with a
  clear message. Other queries run in the other workers meanwhile, and the event loop never
  runs a query or a parser, so one slow query cannot stall the rest.
* Every query is parsed by :func:`migration_kg.queries.check_query` (inside the worker, under
  the same time limit) before Oxigraph sees it: updates get 403, ``SERVICE`` and ``FROM`` get 400.
  As a second wall, each worker moves itself into an empty network namespace when the kernel
  allows it, so even a query that slipped past the check could not reach the network.
* Results are counted before they are written: more than ``max_results`` rows (or triples) is
  an error (422), never a silently shortened 200.
* The graph is copied once into an on-disk Oxigraph store in a temporary folder that the workers
  open read-only: a replacement worker is ready in well under a second at any graph size, and
  the workers share the operating system's page cache instead of holding one copy each.
* No CORS headers at all, a Host-header allow-list (against DNS rebinding to 127.0.0.1), a
  strict Content-Security-Policy on the query page, and bound to 127.0.0.1 by default.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import hashlib
import html
import json
import math
import multiprocessing
import os
import signal
import socket
import sys
import tempfile
from base64 import b64encode
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from rdflib import Graph

from migration_kg.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_RESULTS = 10_000
MAX_QUERY_BYTES = 256 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """The limits of one endpoint; every one of them is a command-line option."""

    timeout: float = DEFAULT_TIMEOUT_S
    max_results: int = DEFAULT_MAX_RESULTS
    workers: int = 2
    max_query_bytes: int = MAX_QUERY_BYTES
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES

    def check(self) -> None:
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise InputError(f"--timeout must be a positive number, not {self.timeout}", None,
                             hint="e.g. --timeout 10")
        if self.max_results < 1:
            raise InputError(f"--max-results must be at least 1, not {self.max_results}", None,
                             hint="e.g. --max-results 10000")
        if self.workers < 1:
            raise InputError(f"--workers must be at least 1, not {self.workers}", None,
                             hint="e.g. --workers 2")


@dataclass(frozen=True)
class Reply:
    """What a worker answers: picklable, so it crosses the pipe as it is."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


# ------------------------------------------------------------------------- the store on disk


def prepare_store(graph: Graph, directory: Path) -> int:
    """Copy ``graph`` into the default graph of an Oxigraph store at ``directory``; its size.

    The graph was loaded through the project's defensive readers (``rdfio``), so what the
    endpoint serves is exactly what ``migration-kg query`` sees.
    """
    import pyoxigraph as ox

    data = graph.serialize(format="nt", encoding="utf-8") \
        if type(graph.store).__name__ != "OxigraphStore" \
        else graph.serialize(format="ox-ntriples", encoding="utf-8")
    store = ox.Store(str(directory))
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    size = len(store)
    del store  # releases the write lock so the workers can open it read-only
    return size


# ------------------------------------------------------------------------- content negotiation

# (media type offered, format name); the first of each list is the default.
RESULT_TYPES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "JSON"),
    ("application/json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("application/xml", "XML"),
    ("text/xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
)
BOOLEAN_TYPES = RESULT_TYPES[:5]  # CSV and TSV have no form for an ASK answer
GRAPH_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "TURTLE"),
    ("application/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("text/plain", "N_TRIPLES"),
    ("application/rdf+xml", "RDF_XML"),
    ("application/ld+json", "JSON_LD"),
)


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(accept: str | None, offers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The offer the client prefers (RFC 9110 q-values, most specific range wins); None: 406."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _media_ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, (media, fmt) in enumerate(offers):
        kind = media.split("/")[0]
        match: tuple[int, float] | None = None  # (specificity, q)
        for pattern, q in ranges:
            specificity = 2 if pattern == media else 1 if pattern == f"{kind}/*" else \
                0 if pattern == "*/*" else -1
            if specificity >= 0 and (match is None or specificity > match[0]):
                match = (specificity, q)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], match[0], -index)
        if best is None or key > best:
            best, chosen = key, (media, fmt)
    return chosen


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media \
        or "xml" in media else media


# ------------------------------------------------------------------------- the worker side


def isolate_network() -> str | None:
    """Move this process into a new, empty network namespace; the reason it failed, or None.

    Must run before the process starts threads. In the new namespace not even loopback is up,
    so nothing this process runs can open a connection.
    """
    if not sys.platform.startswith("linux"):
        return "network namespaces need Linux"
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"cannot load libc ({exc})"
    reasons = []
    for flags in (clone_newnet, clone_newuser | clone_newnet):
        if libc.unshare(flags) == 0:
            return None
        reasons.append(os.strerror(ctypes.get_errno()))
    return "unshare: " + "; ".join(dict.fromkeys(reasons))


@functools.lru_cache(maxsize=512)
def _verdict(text: str) -> Reply | None:
    """None if ``text`` may run; else the refusal. Cached: parsing costs more than most queries."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    from migration_kg.queries import check_query, inline_query

    try:
        check_query(inline_query(text))
    except InputError as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            return Reply.error(400, str(exc).replace("inline query", "query", 1))
        return Reply.error(403, "SPARQL Update is refused: this endpoint is read-only.\n"
                                "  fix: send SELECT, ASK, CONSTRUCT or DESCRIBE")
    except RecursionError:
        return Reply.error(400, "the query is nested too deeply to parse")
    except Exception as exc:  # pyparsing raises more than ParseException on odd input
        return Reply.error(400, f"cannot parse the query: {type(exc).__name__}: {exc}")
    return None


def _term_json(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _too_many(max_results: int, what: str) -> Reply:
    return Reply.error(422, f"the result has more than {max_results} {what}, the limit of this "
                            "endpoint (--max-results); nothing was cut, nothing was sent\n"
                            "  fix: add LIMIT (and ORDER BY to page through it), or ask for "
                            "fewer rows")


def execute(store: Any, text: str, accept: str | None, max_results: int) -> Reply:
    """Check, run and serialize one query; every failure is a Reply with a clear message."""
    import pyoxigraph as ox

    refusal = _verdict(text)
    if refusal is not None:
        return refusal
    try:
        result = store.query(text)
    except SyntaxError as exc:
        return Reply.error(400, f"SPARQL syntax error: {exc}")
    except Exception as exc:
        return Reply.error(500, f"the query failed: {type(exc).__name__}: {exc}")
    try:
        if isinstance(result, ox.QueryBoolean):
            chosen = negotiate(accept, BOOLEAN_TYPES)
            if chosen is None:
                return _not_acceptable(BOOLEAN_TYPES)
            body = result.serialize(format=getattr(ox.QueryResultsFormat, chosen[1]))
            return Reply(200, _content_type(chosen[0]), body)
        if isinstance(result, ox.QueryTriples):
            chosen = negotiate(accept, GRAPH_TYPES)
            if chosen is None:
                return _not_acceptable(GRAPH_TYPES)
            triples = []
            for triple in result:
                triples.append(triple)
                if len(triples) > max_results:
                    return _too_many(max_results, "triples")
            body = ox.serialize(triples, format=getattr(ox.RdfFormat, chosen[1]))
            return Reply(200, _content_type(chosen[0]), body)
        chosen = negotiate(accept, RESULT_TYPES)
        if chosen is None:
            return _not_acceptable(RESULT_TYPES)
        variables = [v.value for v in result.variables]
        bindings = []
        for solution in result:
            bindings.append({name: _term_json(term) for name, term
                             in zip(variables, solution, strict=True) if term is not None})
            if len(bindings) > max_results:
                return _too_many(max_results, "rows")
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode()
        if chosen[1] != "JSON":
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(
                format=getattr(ox.QueryResultsFormat, chosen[1]))
        return Reply(200, _content_type(chosen[0]), body)
    except Exception as exc:  # evaluation errors surface while iterating
        return Reply.error(500, f"the query failed: {type(exc).__name__}: {exc}")


def _not_acceptable(offers: tuple[tuple[str, str], ...]) -> Reply:
    return Reply.error(406, "none of the media types in the Accept header can carry this "
                            "result\n  fix: accept one of " + ", ".join(m for m, _ in offers))


def _worker_main(conn: Connection, store_dir: str, max_results: int) -> None:
    """One query at a time: read (query, accept) from the pipe, answer a Reply, forever."""
    isolation = isolate_network()  # first, before anything starts a thread
    try:
        import pyoxigraph as ox

        store = ox.Store.read_only(store_dir)
        _verdict("ASK {}")  # import and warm the parser before reporting ready
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", isolation))
    while True:
        try:
            text, accept = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        conn.send(execute(store, text, accept, max_results))


# ------------------------------------------------------------------------- the pool


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection


class WorkerPool:
    """Query workers that can be killed one by one: the time limit is a kill, not a request."""

    def __init__(self, store_dir: Path, settings: Settings) -> None:
        self.store_dir = store_dir
        self.settings = settings
        self.isolation: str | None = None
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._spares: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._closing = False

    def _spawn(self) -> _Worker:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, daemon=True, name="sparql-worker",
                                  args=(child, str(self.store_dir), self.settings.max_results))
        process.start()
        child.close()
        if not parent.poll(120):
            process.kill()
            raise RuntimeError("a query worker did not start within 120 s")
        try:
            state, detail = parent.recv()
        except EOFError:
            raise RuntimeError(f"a query worker died on start (exit {process.exitcode})") from None
        if state != "ready":
            process.kill()
            raise RuntimeError(f"a query worker could not open the store: {detail}")
        self.isolation = detail
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=self.settings.workers,
                                            thread_name_prefix="sparql-exchange")
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn)
                                         for _ in range(self.settings.workers + 1)))
        self._spares.put_nowait(workers.pop())
        for worker in workers:
            self._idle.put_nowait(worker)

    def _retire(self, worker: _Worker) -> None:
        self._all.discard(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    async def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; a warm spare takes its place at once, and a new spare is started.

        Without the spare, a killed worker leaves the pool one short for as long as a fresh
        process takes to start (about a second), and the load test showed every other query
        waiting behind that gap when a slow client kept hitting the time limit.
        """
        await asyncio.to_thread(self._retire, worker)
        if self._closing:
            return
        target = self._idle
        if not self._spares.empty():
            self._idle.put_nowait(self._spares.get_nowait())
            target = self._spares
        try:
            fresh = await asyncio.to_thread(self._spawn)
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return
        if self._closing:
            await asyncio.to_thread(self._retire, fresh)
            return
        target.put_nowait(fresh)

    def _settle(self, worker: _Worker, outcome: Reply | str) -> None:
        if isinstance(outcome, str) or self._closing:
            task = asyncio.get_running_loop().create_task(self._replace(worker))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            self._idle.put_nowait(worker)

    def _exchange(self, worker: _Worker, text: str, accept: str | None) -> Reply | str:
        """Runs in a thread: hand the query over and wait at most ``timeout``.

        A string says why there is no reply ("timeout" or "died"); that worker is then replaced.
        """
        try:
            worker.conn.send((text, accept))
            if not worker.conn.poll(self.settings.timeout):
                return "timeout"
            return worker.conn.recv()
        except (EOFError, OSError):
            return "died"

    async def run(self, text: str, accept: str | None) -> Reply:
        """Answer one query; waiting for a free worker is limited by the same time limit."""
        limit = self.settings.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=limit)
        except TimeoutError:
            return Reply.error(503, f"every query worker stayed busy for {limit:g} s; try again "
                                    "later\n  fix: run fewer slow queries at once, or start "
                                    "the server with more --workers")
        future = asyncio.get_running_loop().run_in_executor(
            self._executor, self._exchange, worker, text, accept)
        try:
            outcome = await asyncio.shield(future)
        except asyncio.CancelledError:  # the client went away: settle once the worker is done
            future.add_done_callback(lambda f: self._settle(
                worker, "died" if f.cancelled() or f.exception() else f.result()))
            raise
        self._settle(worker, outcome)
        if isinstance(outcome, Reply):
            return outcome
        if outcome == "timeout":
            return Reply.error(503, f"the query ran longer than the time limit of {limit:g} s "
                                    "(--timeout) and was stopped\n  fix: make the query more "
                                    "selective, or add LIMIT")
        return Reply.error(500, "the query worker died while running the query (out of memory?)"
                                "; it has been replaced")

    async def stop(self) -> None:
        self._closing = True
        for worker in list(self._all):
            await asyncio.to_thread(self._retire, worker)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


# ------------------------------------------------------------------------- HTTP


def _page_script() -> str:
    return """
const examples = JSON.parse(document.getElementById('examples').textContent);
const picker = document.getElementById('example');
const box = document.getElementById('query');
const out = document.getElementById('out');
const state = document.getElementById('state');
for (const [name, text] of Object.entries(examples)) {
  const option = document.createElement('option');
  option.value = name; option.textContent = name; picker.appendChild(option);
}
picker.addEventListener('change', () => { if (picker.value) box.value = examples[picker.value]; });
function cell(term) { return term ? term.value : ''; }
function table(data) {
  const t = document.createElement('table');
  const head = t.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th');
    th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) { const row = t.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]); }
  return t;
}
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const accept = document.getElementById('accept').value;
  out.replaceChildren(); state.textContent = 'running...';
  const started = performance.now();
  try {
    const response = await fetch('sparql', {method: 'POST', body: box.value,
      headers: {'Content-Type': 'application/sparql-query', 'Accept': accept}});
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    state.textContent = response.status + ' ' + response.statusText + ' in ' + ms + ' ms';
    const type = response.headers.get('Content-Type') || '';
    if (response.ok && type.includes('json') && accept.includes('sparql-results+json')) {
      const data = JSON.parse(text);
      if ('boolean' in data) { out.textContent = String(data.boolean); }
      else { state.textContent += ', ' + data.results.bindings.length + ' rows';
             out.appendChild(table(data)); }
    } else {
      const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre);
    }
  } catch (error) { state.textContent = 'request failed: ' + error; }
});
"""


PAGE_STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
textarea { width: 100%; height: 16rem; font: 13px/1.4 ui-monospace, monospace; }
table { border-collapse: collapse; margin-top: 1rem; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; } pre { white-space: pre-wrap; }
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@functools.lru_cache(maxsize=1)
def query_page(settings: Settings) -> tuple[str, str]:
    """The query page and its Content-Security-Policy: no external resource, no eval."""
    from migration_kg.queries import shipped_queries

    examples = {q.name: q.text for q in shipped_queries()}
    first = next(iter(examples.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c")
    script = _page_script()
    csp = ("default-src 'none'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
           f"frame-ancestors 'none'; script-src {_csp_hash(script)}; "
           f"style-src {_csp_hash(PAGE_STYLE)}")
    options = "".join(f'<option value="{html.escape(m)}">{html.escape(m)}</option>'
                      for m, _ in RESULT_TYPES + GRAPH_TYPES[:1] + GRAPH_TYPES[2:3])
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>migration-kg SPARQL endpoint</title>
<style>{PAGE_STYLE}</style></head><body>
<h1>migration-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the migration knowledge graph at <code>/sparql</code>
(GET <code>?query=</code>, or POST). Each query may run {settings.timeout:g} s and return
{settings.max_results} rows; <code>SERVICE</code>, <code>FROM</code> and updates are refused.</p>
<form id="form">
<label>Example <select id="example"><option value="">(choose a shipped query)</option></select>
</label>
<textarea id="query" name="query" spellcheck="false">{html.escape(first)}</textarea>
<label>Results as <select id="accept">{options}</select></label>
<button type="submit">Run</button> <span id="state"></span>
</form>
<div id="out"></div>
<script type="application/json" id="examples">{data}</script>
<script>{script}</script>
</body></html>
"""
    return page, csp


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


async def _body(request: Any, limit: int) -> bytes | None:
    """The request body, or None once it passes ``limit`` bytes (read no further)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _query_from(params: dict[str, list[str]]) -> tuple[str | None, Reply | None]:
    if "update" in params:
        return None, Reply.error(403, "SPARQL Update is refused: this endpoint is read-only")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            return None, Reply.error(
                400, f"{name} is not supported: this endpoint serves one graph, as its default "
                     "graph\n  fix: drop the parameter (with `migration-kg query --endpoint`, "
                     "use --graph default)")
    values = params.get("query", [])
    if len(values) != 1:
        what = "no query parameter" if not values else "more than one query parameter"
        return None, Reply.error(400, f"{what}: send exactly one SPARQL query\n  fix: GET "
                                      "/sparql?query=..., or POST it (see the page at /)")
    return values[0], None


def make_app(pool: WorkerPool) -> Any:
    """The Starlette application: ``/`` (query page) and ``/sparql`` (the protocol)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    settings = pool.settings
    limit = settings.max_query_bytes

    def respond(reply: Reply) -> Response:
        return Response(reply.body, status_code=reply.status, headers=SECURITY_HEADERS,
                        media_type=reply.content_type)

    async def page(request: Request) -> Response:
        body, csp = query_page(settings)
        return HTMLResponse(body, headers={**SECURITY_HEADERS, "Content-Security-Policy": csp})

    async def sparql(request: Request) -> Response:
        if request.method == "GET":
            if len(request.url.query) > limit * 3:
                return respond(Reply.error(414, "the query string is too long"))
            text, refusal = _query_from(parse_qs(request.url.query, keep_blank_values=True))
        else:
            raw = await _body(request, limit * 3)
            if raw is None:
                return respond(Reply.error(413, f"the request is larger than {limit * 3} "
                                                "bytes"))
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                text, refusal = None, Reply.error(
                    403, "SPARQL Update is refused: this endpoint is read-only")
            elif media == "application/sparql-query":
                params = parse_qs(request.url.query, keep_blank_values=True)
                params.pop("query", None)
                _, refusal = _query_from({**params, "query": [""]})
                text = None
                if refusal is None:
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        refusal = Reply.error(400, "the query is not UTF-8 text")
            elif media == "application/x-www-form-urlencoded":
                try:
                    params = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    params = {}
                text, refusal = _query_from(params)
            else:
                text, refusal = None, Reply.error(
                    415, f"unsupported Content-Type '{media}'\n  fix: POST the query as "
                         "application/sparql-query, or as query=... in "
                         "application/x-www-form-urlencoded")
        if refusal is not None:
            return respond(refusal)
        assert text is not None
        if len(text.encode()) > limit:
            return respond(Reply.error(413, f"the query is longer than {limit} bytes"))
        return respond(await pool.run(text, request.headers.get("accept")))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    hosts = list(dict.fromkeys(settings.allowed_hosts))
    return Starlette(
        routes=[Route("/", page, methods=["GET"]),
                Route("/sparql", sparql, methods=["GET", "POST"])],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
        lifespan=lifespan,
    )


@contextmanager
def temporary_store(graph: Graph) -> Iterator[tuple[Path, int]]:
    """A read-only copy of ``graph`` on disk for the workers, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="migration-kg-serve-") as folder:
        directory = Path(folder) / "store"
        yield directory, prepare_store(graph, directory)


def bind_socket(host: str, port: int) -> socket.socket:
    """Listen on host:port (port 0: a free one); a clear error if that is not possible."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"cannot resolve host '{host}' ({exc.strerror})", None,
                         hint="use an address such as 127.0.0.1") from exc
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror})", None,
                         hint="choose another --port, or stop what is using it") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(graph: Graph, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          settings: Settings | None = None, log_requests: bool = False) -> None:
    """Serve ``graph`` until interrupted; prints the URL on stderr once it is ready."""
    import uvicorn

    settings = settings or Settings()
    settings.check()
    sock = bind_socket(host, port)
    with temporary_store(graph) as (directory, size):
        pool = WorkerPool(directory, settings)
        app = make_app(pool)
        config = uvicorn.Config(app, log_level="info" if log_requests else "warning",
                                access_log=log_requests, limit_concurrency=1024,
                                timeout_keep_alive=5, server_header=False, lifespan="on")
        server = uvicorn.Server(config)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host

        async def announce() -> None:
            while not server.started:
                await asyncio.sleep(0.05)
            wall = "workers have no network" if pool.isolation is None else \
                f"workers not network-isolated ({pool.isolation}); SERVICE is still refused"
            print(f"serving {size} triples at http://{shown}:{bound_port}/sparql "
                  f"(query page at /; {settings.workers} workers, timeout {settings.timeout:g} "
                  f"s, max results {settings.max_results}; {wall})",
                  file=sys.stderr, flush=True)

        async def main() -> None:
            announcer = asyncio.create_task(announce())
            try:
                await server.serve(sockets=[sock])
            finally:
                announcer.cancel()

        previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            asyncio.run(main())
        finally:
            signal.signal(signal.SIGTERM, previous)
            sock.close()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """uvicorn re-raises the SIGTERM it caught once it has shut down; the default action would
    end the process before the temporary store is removed, so exit normally instead."""
    raise SystemExit(0)
