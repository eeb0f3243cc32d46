"""``build``, ``validate``, ``query`` and ``stats``: the graph, its checks, its questions."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from migration_kg import paths
from migration_kg.cli.common import (
    HelpFormatter,
    add_data_option,
    add_store_option,
    graph_for,
    positive_seconds,
    say,
)
from migration_kg.errors import EXIT_OK, ChecksFailed, InputError
from migration_kg.shacl import DEFAULT_ENGINE as DEFAULT_SHACL_ENGINE
from migration_kg.shacl import SHACL_ENGINES
from migration_kg.sparql.results import TABLE_FORMATS

if TYPE_CHECKING:
    from rdflib import Graph

    from migration_kg.sparql.files import QueryFile
    from migration_kg.sparql.results import QueryResult

Handler = Callable[[argparse.Namespace], int]


def cmd_build(args: argparse.Namespace) -> int:
    from migration_kg.api import build

    for path in build(args.data, args.out, include_drafts=args.include_drafts):
        say(f"wrote {path}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from migration_kg.api import build_graph, validate_file, validate_graph

    if args.graph:
        report = validate_file(args.graph, args.data, engine=args.engine)
    else:
        report = validate_graph(build_graph(args.data), args.data, engine=args.engine)
    print(report.text())
    if not report.ok:
        raise ChecksFailed("validation failed")
    say("valid: every check passed")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from migration_kg.sparql.bindings import parse_binding
    from migration_kg.sparql.files import find_query, inline_query, shipped_queries
    from migration_kg.sparql.results import format_result
    from migration_kg.sparql.safety import check_query

    if args.list:
        for q in shipped_queries():
            params = " ".join(f"[--bind {p.name}={p.default}]" for p in q.params)
            print(f"{q.name:28} {q.question} {params}".rstrip())
        return EXIT_OK
    if sum(bool(x) for x in (args.all, args.e is not None, args.name)) != 1:
        raise InputError("give one of: a query name, a .rq file, -e 'SPARQL', or --all", None,
                         hint="`migration-kg query --list` shows the shipped queries")
    if args.all:
        queries = shipped_queries()
        if args.bind:
            raise InputError("--bind does not apply to --all", None,
                             hint="bind parameters of one query: migration-kg query NAME "
                                  "--bind var=value")
    elif args.e is not None:
        queries = [inline_query(args.e)]
    else:
        queries = [find_query(args.name)]
    bindings = dict(parse_binding(b) for b in args.bind)
    for query in queries:
        check_query(query)  # refuse SERVICE, FROM and updates before loading or sending anything

    run: Callable[[QueryFile, Mapping[str, str]], QueryResult]
    if args.endpoint is not None:  # a remote SPARQL endpoint answers; --graph is a graph IRI
        from migration_kg.remote import TIMEOUT_S, runner_for

        if args.data is not None or args.store_dir is not None:
            raise InputError("--data and --store-dir have no meaning with --endpoint: the "
                             "store has the data", None,
                             hint="drop them, or drop --endpoint to query locally")
        run = runner_for(args.endpoint, args.graph, timeout=args.timeout or TIMEOUT_S)
    else:
        if args.timeout is not None:
            raise InputError("--timeout applies to --endpoint only", None,
                             hint="drop --timeout, or send the query to a store with "
                                  "--endpoint URL")
        from migration_kg.sparql.run import run_query

        graph = graph_for(args)

        def run(query: QueryFile, values: Mapping[str, str]) -> QueryResult:
            return run_query(graph, query, values)

    if not args.all:
        sys.stdout.write(format_result(run(queries[0], bindings), args.format))
        return EXIT_OK
    for query in queries:
        print(f"## {query.title}\n\n{query.question}  (`migration-kg query {query.name}`)\n")
        sys.stdout.write(format_result(run(query, {}), args.format))
        print()
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from rdflib.namespace import RDF

    from migration_kg.namespaces import compact
    from migration_kg.sparql.results import format_table

    graph = graph_for(args)
    counts = Counter(compact(str(o)) for o in graph.objects(None, RDF.type))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    sys.stdout.write(format_table(["class", "instances"], [(c, str(n)) for c, n in rows],
                                  "table"))
    print(f"\n{len(graph)} triples")
    _print_coverage(graph, args.data)
    return EXIT_OK


def _print_coverage(graph: Graph, data: Path | None) -> None:
    """The share of each report's sentences that evidence covers (or why it cannot be said)."""
    from migration_kg.api import sentence_coverage

    try:
        found = sentence_coverage(graph, data)
    except InputError as exc:
        say(f"note: no sentence coverage: {exc}")
        return
    for report, cover in found.items():
        print(f"coverage: {report}: {cover.summary()}")


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    p = sub.add_parser("build", help="build graph.ttl, graph.nt and graph.jsonld",
                       description="Load the curated YAML, ground every quote in its report, "
                                   "and write the graph. Nothing is written if anything fails.",
                       epilog="example: migration-kg build --out build/")
    add_data_option(p)
    p.add_argument("--out", type=Path, default=paths.DEFAULT_BUILD_DIR, metavar="DIR",
                   help="output folder (default: build/)")
    p.add_argument("--include-drafts", action="store_true",
                   help="add each report's unreviewed drafts (drafts.yaml), typed mkg:Draft "
                        "with their confidence and rules, for exploration and review")

    p = sub.add_parser("validate", help="SHACL, evidence offsets and violation queries",
                       description="Check the graph: SHACL shapes, every evidence quote at its "
                                   "offsets, and the must-return-nothing queries. Exit 1 if any "
                                   "check fails.",
                       epilog="example: migration-kg validate --graph build/graph.ttl")
    add_data_option(p)
    p.add_argument("--graph", type=Path, default=None, metavar="FILE",
                   help="validate a built graph file instead of building from --data")
    p.add_argument("--engine", choices=SHACL_ENGINES, default=DEFAULT_SHACL_ENGINE,
                   help="SHACL engine: pyshacl-turbo (default, fast) or pyshacl (the "
                        "reference); both give the same results")

    p = sub.add_parser("query", help="run a competency query or your own SPARQL",
                       formatter_class=HelpFormatter,
                       description="Run a shipped query by name, a .rq file, or inline SPARQL. "
                                   "SERVICE and FROM are refused: queries never reach the "
                                   "network. Parameters are checked: a name the query does not "
                                   "declare, or an IRI that names nothing in the graph, is an "
                                   "error.",
                       epilog="examples:\n  migration-kg query --list\n"
                              "  migration-kg query positions-on-topic "
                              "--bind topic=topic:ratification --format md\n"
                              "  migration-kg query -e 'SELECT ?s WHERE { ?s a "
                              "<https://w3id.org/migration-kg/ontology#Person> }'")
    p.add_argument("name", nargs="?",
                   help="query name or file stem (see --list), or path to a .rq file")
    p.add_argument("-e", metavar="SPARQL", default=None, help="inline SPARQL text")
    p.add_argument("--bind", action="append", default=[], metavar="VAR=VALUE",
                   help="set a parameter; prefix:local or <iri> for IRIs (repeatable)")
    p.add_argument("--format", choices=TABLE_FORMATS, default="table")
    p.add_argument("--list", action="store_true", help="list the shipped queries")
    p.add_argument("--all", action="store_true",
                   help="answer every competency question, one table each")
    p.add_argument("--graph", default=None, metavar="FILE|IRI",
                   help="query a built graph file instead of building from --data; with "
                        "--endpoint, the named graph IRI to query ('default': the store's "
                        "default graph)")
    p.add_argument("--timeout", type=positive_seconds, default=None, metavar="S",
                   help="with --endpoint: the most one exchange with the store may take, "
                        "from connecting to the last byte (default: 300)")
    p.add_argument("--endpoint", default=None, metavar="URL",
                   help="send the query to this remote SPARQL query endpoint instead "
                        "(e.g. http://127.0.0.1:7878/query after `migration-kg push`)")
    add_data_option(p)
    add_store_option(p)

    p = sub.add_parser("stats", help="count instances per class",
                       description="Print how many instances each class has, and the triples.",
                       epilog="example: migration-kg stats --graph build/graph.nt")
    p.add_argument("--graph", type=Path, default=None, metavar="FILE",
                   help="count in a built graph file instead of building from --data")
    add_data_option(p)
    add_store_option(p)
    return {"build": cmd_build, "validate": cmd_validate, "query": cmd_query,
            "stats": cmd_stats}
