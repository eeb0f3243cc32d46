"""``serve`` and ``push``: the graph over HTTP, on this machine or in another store."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from migration_kg.cli.common import (
    add_data_option,
    graph_for,
    positive_int,
    positive_seconds,
    say,
)
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from migration_kg.server.app import serve
    from migration_kg.server.settings import LOOPBACK_NAMES, Settings

    settings = Settings(timeout=args.timeout, max_results=args.max_results,
                        workers=args.workers, max_queries=args.max_queries,
                        max_memory_mb=args.max_memory, max_answer_mb=args.max_answer,
                        read_timeout=args.read_timeout,
                        allowed_hosts=(*LOOPBACK_NAMES, args.host, *args.allow_host))
    settings.check()
    if args.host not in LOOPBACK_NAMES:
        say(f"warning: listening on {args.host}, beyond this machine; the endpoint has no "
            "authentication")
    site: Path | Callable[[Path], object] | None = None
    if args.site is not None:
        from migration_kg.server.site import checked_site

        site = checked_site(args.site)
    graph = graph_for(args)
    if site is None and not args.no_site:
        from migration_kg.api import source_graph, write_site

        def site(folder: Path) -> object:
            return write_site(graph, folder, data=args.data,
                              source=source_graph(args.graph, data=args.data))

    serve(graph, host=args.host, port=args.port, settings=settings, log_requests=args.verbose,
          site=site)
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    from migration_kg.remote import DEFAULT_GRAPH_IRI, check_iri, check_url, push, redact_url

    check_url(args.url, "the graph-store URL")
    graph_iri = args.graph or DEFAULT_GRAPH_IRI
    if graph_iri != "default":
        check_iri(graph_iri)
    from migration_kg.api import load_graph

    graph = load_graph(args.input, data=args.data)
    result = push(graph, args.url, graph_iri=graph_iri, replace=not args.merge,
                  timeout=args.timeout)
    verb = "merged into" if args.merge else "replaced"
    say(f"{verb} <{result.target}> at {redact_url(args.url)} with {result.triples} triples "
        f"(HTTP {result.status})")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    """Add ``serve`` and ``push`` to the ``migration-kg`` parser."""
    from migration_kg.remote import AUTH_VARIABLE, DEFAULT_GRAPH_IRI, TIMEOUT_S
    from migration_kg.server.settings import (
        DEFAULT_MAX_ANSWER_MB,
        DEFAULT_MAX_MEMORY_MB,
        DEFAULT_MAX_QUERIES,
        DEFAULT_MAX_RESULTS,
        DEFAULT_PORT,
        DEFAULT_READ_TIMEOUT_S,
        DEFAULT_TIMEOUT_S,
    )

    p = sub.add_parser(
        "serve", help="a read-only SPARQL 1.1 endpoint on this machine",
        description="Serve the graph at /sparql over the SPARQL 1.1 Protocol (GET and POST; "
                    "JSON, XML, CSV and TSV by the Accept header), with a query page at /, "
                    "and the site (see `migration-kg site`) on every other path: an entity's "
                    "path (/person/jorge-bustamante) answers its page, or its Turtle or "
                    "JSON-LD by the Accept header. "
                    "Read-only: updates get 403, SERVICE and FROM get 400. Each query runs in "
                    "a worker process without network, memory-capped, that is stopped at the "
                    "time limit (503); a query that has used a quarter of a second of CPU moves "
                    "to the lowest CPU priority, so quick queries stay quick while slow ones run. "
                    "A result over --max-results or --max-answer is an error (422), never cut "
                    "short.",
        epilog="example: migration-kg serve --graph build/graph.nt --port 7878  then  "
               "curl -H 'Accept: text/csv' "
               "'http://127.0.0.1:7878/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D'")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default: {DEFAULT_PORT}; 0 picks a free one, printed on start)")
    p.add_argument("--graph", default=None, metavar="FILE",
                   help="serve a built graph file instead of building from --data")
    add_data_option(p)
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                   help=f"time limit per query in seconds (default: {DEFAULT_TIMEOUT_S:g})")
    p.add_argument("--max-results", type=int, default=DEFAULT_MAX_RESULTS, metavar="N",
                   help="largest result, in rows or triples, that is answered "
                        f"(default: {DEFAULT_MAX_RESULTS})")
    p.add_argument("--workers", type=positive_int, default=max(2, os.cpu_count() or 1),
                   metavar="N",
                   help="query worker processes kept started and waiting "
                        "(default: the number of CPUs, at least 2)")
    p.add_argument("--max-queries", type=positive_int, default=DEFAULT_MAX_QUERIES, metavar="N",
                   help="queries that run at once in all, long ones at the lowest priority; "
                        f"more get 503 (default: {DEFAULT_MAX_QUERIES})")
    p.add_argument("--max-memory", type=positive_int, default=DEFAULT_MAX_MEMORY_MB,
                   metavar="MB", help="memory one query's worker may use "
                                      f"(default: {DEFAULT_MAX_MEMORY_MB})")
    p.add_argument("--max-answer", type=positive_int, default=DEFAULT_MAX_ANSWER_MB,
                   metavar="MB", help="largest answer sent, in megabytes "
                                      f"(default: {DEFAULT_MAX_ANSWER_MB})")
    p.add_argument("--read-timeout", type=positive_seconds, default=DEFAULT_READ_TIMEOUT_S,
                   metavar="S", help="seconds a client has to send a whole request; idle "
                                     "connections close after 5 s "
                                     f"(default: {DEFAULT_READ_TIMEOUT_S:g})")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="another Host name clients may use (loopback names always work; "
                        "this guards against DNS rebinding)")
    p.add_argument("--verbose", action="store_true", help="log every request on stderr")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--site", type=Path, default=None, metavar="DIR",
                       help="serve this site (written by `migration-kg site`) instead of "
                            "writing one at start")
    shown.add_argument("--no-site", action="store_true",
                       help="serve the endpoint only: no site, no entity pages")
    p.set_defaults(store="oxigraph")

    p = sub.add_parser(
        "push", help="send the graph into a named graph of any SPARQL 1.1 store",
        description="Send the built graph to a store's SPARQL 1.1 Graph Store Protocol "
                    "endpoint (Oxigraph /store, Fuseki /DATASET/data, GraphDB "
                    "/repositories/REPO/rdf-graphs/service, Virtuoso /sparql-graph-crud-auth, "
                    "Neptune /sparql/gsp/): PUT replaces the named graph, POST merges into it. "
                    "Credentials for HTTP Basic or Digest authentication come from "
                    f"${AUTH_VARIABLE} "
                    "(user:password). Then query it with "
                    "`migration-kg query NAME --endpoint QUERY-URL`.",
        epilog="example: migration-kg push http://127.0.0.1:7878/store --graph "
               f"{DEFAULT_GRAPH_IRI} --replace")
    p.add_argument("url", help="the store's graph-store endpoint")
    p.add_argument("--graph", default=None, metavar="IRI",
                   help=f"the named graph to write (default: {DEFAULT_GRAPH_IRI}; "
                        "'default' for the store's default graph)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true",
                      help="replace the named graph with this one (HTTP PUT; the default)")
    mode.add_argument("--merge", action="store_true",
                      help="add these triples to what the named graph holds (HTTP POST)")
    p.add_argument("--input", default=None, metavar="FILE",
                   help="send a built graph file instead of building from --data")
    p.add_argument("--timeout", type=positive_seconds, default=TIMEOUT_S, metavar="S",
                   help="the most the exchange with the store may take, from connecting to "
                        f"the last byte (default: {TIMEOUT_S:g})")
    add_data_option(p)
    p.set_defaults(store="oxigraph")
    return {"serve": cmd_serve, "push": cmd_push}
