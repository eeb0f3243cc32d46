"""The ``migration-kg`` command: a thin layer over the library.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 checks failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from migration_kg import paths
from migration_kg.errors import ChecksFailed, InputError, InputErrors

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line hint, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}\n  fix: see `{self.prog} --help`", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def say(message: str) -> None:
    print(message, file=sys.stderr)


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="folder laid out like graph/ (default: the shipped data)")


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", choices=["oxigraph", "memory"], default="oxigraph",
                        help="query engine: oxigraph (default, fast) or memory (plain rdflib)")
    parser.add_argument("--store-dir", type=Path, default=None, metavar="DIR",
                        help="keep the graph in an on-disk Oxigraph store in DIR: loaded from "
                             "--graph or --data when given (or when DIR is new), else reused "
                             "as it is, so later runs skip loading")


def graph_for(args: argparse.Namespace) -> Graph:
    """The graph a command works on: a built file (--graph), built from --data, or --store-dir."""
    from migration_kg.api import load_graph

    store_dir = getattr(args, "store_dir", None)
    if store_dir is not None:
        return _stored_graph(args, Path(store_dir))
    return load_graph(getattr(args, "graph", None), data=args.data, store=args.store)


def _stored_graph(args: argparse.Namespace, store_dir: Path) -> Graph:
    """Reuse the on-disk store unless a source is named; (re)load it from the source if so."""
    from migration_kg.store import StoreKind, copy_into, is_store_directory, load_file, open_store

    if args.store != StoreKind.OXIGRAPH:
        raise InputError("an on-disk store needs --store oxigraph", store_dir,
                         hint="drop --store-dir or use --store oxigraph")
    graph_file = getattr(args, "graph", None)
    if graph_file is None and args.data is None and is_store_directory(store_dir):
        return open_store(store_dir)
    if graph_file is not None:
        return load_file(Path(graph_file), directory=store_dir)
    from migration_kg.api import build_graph

    return copy_into(build_graph(args.data), directory=store_dir)


# ----------------------------------------------------------------------------- commands


def cmd_build(args: argparse.Namespace) -> int:
    from migration_kg.build import build

    written = build(args.data, args.out)
    for path in written:
        say(f"wrote {path}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from migration_kg.api import build_graph
    from migration_kg.rdfio import parse_rdf_file
    from migration_kg.validate import validate_graph

    graph = parse_rdf_file(args.graph) if args.graph else build_graph(args.data)
    report = validate_graph(graph, args.data)
    print(report.text())
    if not report.ok:
        raise ChecksFailed("validation failed")
    say("valid: every check passed")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from migration_kg.queries import (
        QueryFile,
        QueryResult,
        check_query,
        find_query,
        format_result,
        inline_query,
        parse_binding,
        run_query,
        shipped_queries,
    )

    if args.list:
        for q in shipped_queries():
            params = " ".join(f"[--bind {p.name}={p.default}]" for p in q.params)
            print(f"{q.name:28} {q.question} {params}".rstrip())
        return EXIT_OK
    if args.all:
        queries = shipped_queries()
    elif args.e is not None:
        queries = [inline_query(args.e)]
    elif args.name:
        queries = [find_query(args.name)]
    else:
        raise InputError("give a query name, a .rq file, or -e 'SPARQL'", None,
                         hint="`migration-kg query --list` shows the shipped queries")
    bindings = dict(parse_binding(b) for b in args.bind)
    for query in queries:
        check_query(query)  # refuse SERVICE, FROM and updates before loading or sending anything

    run: Callable[[QueryFile, dict], QueryResult]
    if args.endpoint is not None:  # a remote SPARQL endpoint answers; --graph is a graph IRI
        from migration_kg.remote import runner_for

        run = runner_for(args)
    else:
        graph = graph_for(args)

        def run(query: QueryFile, values: dict) -> QueryResult:
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
    from tabulate import tabulate

    from migration_kg.namespaces import compact

    graph = graph_for(args)
    counts = Counter(compact(str(o)) for o in graph.objects(None, RDF.type))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    print(tabulate(rows, headers=["class", "instances"], tablefmt="simple"))
    print(f"\n{len(graph)} triples")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build,
    "validate": cmd_validate,
    "query": cmd_query,
    "stats": cmd_stats,
}

# Modules that add their own sub-commands: each has ``register(subparsers) -> dict[name, handler]``.
EXTENSIONS = ("migration_kg.cli_networks", "migration_kg.cli_server")


def _register_extensions(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    import importlib

    for module_name in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        COMMANDS.update(module.register(sub))


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="migration-kg",
        description="Who said what, about which legal instrument, on whose behalf, and who "
                    "agrees with whom: a knowledge graph of meeting reports.",
        epilog="example: migration-kg build && migration-kg query speakers",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser("build", help="build graph.ttl, graph.nt and graph.jsonld",
                       description="Load the curated YAML, ground every quote in its report, "
                                   "and write the graph. Nothing is written if anything fails.",
                       epilog="example: migration-kg build --out build/")
    add_data_option(p)
    p.add_argument("--out", type=Path, default=paths.DEFAULT_BUILD_DIR, metavar="DIR",
                   help="output folder (default: build/)")

    p = sub.add_parser("validate", help="SHACL, evidence offsets and violation queries",
                       description="Check the graph: SHACL shapes, every evidence quote at its "
                                   "offsets, and the must-return-nothing queries. Exit 1 if any "
                                   "check fails.",
                       epilog="example: migration-kg validate --graph build/graph.ttl")
    add_data_option(p)
    p.add_argument("--graph", type=Path, default=None, metavar="FILE",
                   help="validate a built graph file instead of building from --data")

    p = sub.add_parser("query", help="run a competency query or your own SPARQL",
                       description="Run a shipped query by name, a .rq file, or inline SPARQL. "
                                   "SERVICE and FROM are refused: queries never reach the "
                                   "network.",
                       epilog="example: migration-kg query positions-on-topic "
                              "--bind topic=topic:ratification --format md")
    p.add_argument("name", nargs="?", help="query name (see --list) or path to a .rq file")
    p.add_argument("-e", metavar="SPARQL", default=None, help="inline SPARQL text")
    p.add_argument("--bind", action="append", default=[], metavar="VAR=VALUE",
                   help="set a parameter; prefix:local or <iri> for IRIs (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json", "md"], default="table")
    p.add_argument("--list", action="store_true", help="list the shipped queries")
    p.add_argument("--all", action="store_true",
                   help="answer every competency question, one table each")
    p.add_argument("--graph", default=None, metavar="FILE|IRI",
                   help="query a built graph file instead of building from --data; with "
                        "--endpoint, the named graph IRI to query ('default': the store's "
                        "default graph)")
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
    _register_extensions(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (InputError, InputErrors) as exc:
        say(f"error: {exc}")
        return EXIT_BAD_INPUT
    except ChecksFailed as exc:
        say(f"checks failed: {exc}")
        return EXIT_CHECKS_FAILED
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) closed the pipe; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
