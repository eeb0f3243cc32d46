"""HTTP: the Starlette routes (``/`` query page, ``/sparql`` the protocol) and :func:`serve`."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from rdflib import Graph

from migration_kg.errors import InputError
from migration_kg.server.connections import LOG, TIMED_OUT, bounded_protocol, client_name
from migration_kg.server.page import query_page
from migration_kg.server.settings import DEFAULT_HOST, DEFAULT_PORT, Reply, Settings
from migration_kg.server.site import site_folder, site_routes
from migration_kg.server.workers import WorkerPool, temporary_store

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


async def _body(request: Any, limit: int) -> bytes | None:
    """The request body, or None once it passes ``limit`` bytes (read no further); raises
    :class:`Disconnected` if the client goes before sending all of it."""
    from starlette.requests import ClientDisconnect

    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except ClientDisconnect:
        if not request.scope.get("state", {}).get(TIMED_OUT):  # else already logged
            LOG.warning("client %s disconnected before sending its whole request",
                        client_name(request.scope.get("client")))
        raise Disconnected from None
    return b"".join(chunks)


class Disconnected(Exception):
    """The client went away in the middle of its request; nobody is left to answer."""


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


def make_app(pool: WorkerPool, site: Path | None = None) -> Any:
    """The Starlette application: ``/`` (query page) and ``/sparql`` (the protocol); with
    ``site``, that static site on every other path (see :mod:`.site`)."""
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
        body, csp = query_page(settings, site is not None)
        return HTMLResponse(body, headers={**SECURITY_HEADERS, "Content-Security-Policy": csp})

    async def sparql(request: Request) -> Response:
        if request.method == "GET":
            if len(request.url.query) > limit * 3:
                return respond(Reply.error(414, "the query string is too long"))
            text, refusal = _query_from(parse_qs(request.url.query, keep_blank_values=True))
        else:
            try:
                raw = await _body(request, limit * 3)
            except Disconnected:
                return Response(status_code=400)  # never delivered: the client has gone
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
    routes = [Route("/", page, methods=["GET"]),
              Route("/sparql", sparql, methods=["GET", "POST"])]
    if site is not None:  # the site: entity pages and IRIs by content negotiation
        routes += site_routes(site, SECURITY_HEADERS)
    return Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
        lifespan=lifespan,
    )


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
          settings: Settings | None = None, log_requests: bool = False,
          site: Path | Callable[[Path], object] | None = None) -> None:
    """Serve ``graph`` until interrupted; prints the URL on stderr once it is ready.

    ``site`` is a folder written by ``migration-kg site`` to serve beside the endpoint, or a
    function that writes one into the folder it is given (the temporary folder, removed on
    exit), or None for the endpoint alone.
    """
    import uvicorn

    settings = settings or Settings()
    settings.check()
    sock = bind_socket(host, port)
    with temporary_store(graph) as (directory, size):
        site_dir = site_folder(site, directory.parent / "site")
        pool = WorkerPool(directory, settings, remove=directory.parent)
        app = make_app(pool, site_dir)
        config = uvicorn.Config(app, log_level="info" if log_requests else "warning",
                                access_log=log_requests, limit_concurrency=1024,
                                http=bounded_protocol(settings.read_timeout),
                                timeout_keep_alive=max(1, round(settings.idle_timeout)),
                                server_header=False, lifespan="on")
        server = uvicorn.Server(config)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host

        async def announce() -> None:
            while not server.started:
                await asyncio.sleep(0.05)
            wall = "workers have no network" if pool.isolation is None else \
                f"workers not network-isolated ({pool.isolation}); SERVICE is still refused"
            pages = "" if site_dir is None else \
                f"; the site at http://{shown}:{bound_port}/index.html"
            print(f"serving {size} triples at http://{shown}:{bound_port}/sparql "
                  f"(query page at /; up to {settings.max_queries} queries at once, "
                  f"timeout {settings.timeout:g} s, max results "
                  f"{settings.max_results}, {settings.max_memory_mb} MB per query; {wall})"
                  f"{pages}",
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
