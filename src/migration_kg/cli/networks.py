"""``network``, ``view`` and ``measures``: export, draw and measure the discourse networks.

Thin on purpose: the kinds, their options and definitions come from
:mod:`migration_kg.networks.registry` (cheap to import), the work from the library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from migration_kg import paths
from migration_kg.cli.common import (
    HelpFormatter,
    add_graph_options,
    graph_for,
    non_negative_int,
    positive_int,
    say,
)
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_OK, InputError
from migration_kg.networks.registry import (
    FORMATS,
    KIND_NAMES,
    LEVELS,
    NORMALIZATIONS,
    NetworkOptions,
    definitions_text,
)
from migration_kg.sparql.results import TABLE_FORMATS

KIND_HELP = "one of: " + ", ".join(KIND_NAMES)
DEFINITIONS = ("definitions (see `pydoc migration_kg.networks` for the exact formulas):\n"
               + definitions_text() + "\n  a claim is a proposition of graph/registry/claims.yaml; "
               "a position is (actor, claim, agrees|disagrees).\n  Speech acts (calls for, "
               "reports, criticises ...) carry no agreement.\n")


def _add_network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--normalization", choices=NORMALIZATIONS, default="none",
                   help="one-mode edge weights: none (counts, default), jaccard or cosine")
    p.add_argument("--level", choices=LEVELS, default="actor",
                   help="actor (default: each speaker as itself, a person, organization, "
                        "group or State), organization (fold people into the organizations "
                        "they speak for or work in) or country (fold people and organizations "
                        "into the States they speak for or represent)")
    p.add_argument("--include-floor", dest="anonymous", action="store_true",
                   help="keep anonymous participants (the floor) in one-mode networks")


def network_options(args: argparse.Namespace) -> NetworkOptions:
    return NetworkOptions(normalization=args.normalization, level=args.level,
                          anonymous=args.anonymous)


def cmd_network(args: argparse.Namespace) -> int:
    from migration_kg.networks import add_measures, build_network, check_export, export
    from migration_kg.networks import export_text as as_text
    from migration_kg.networks.registry import check_options, network_kind

    options = network_options(args)
    check_options(network_kind(args.kind), options)  # before the slow part
    check_export(args.format, args.out)
    graph = build_network(graph_for(args), args.kind, options)
    if args.measures:
        add_measures(graph)
    if args.out is None:
        sys.stdout.write(as_text(graph, args.format))
        return EXIT_OK
    for path in export(graph, args.format, args.out):
        say(f"wrote {path}")
    say(f"{args.kind}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    return EXIT_OK


def cmd_view(args: argparse.Namespace) -> int:
    from migration_kg.networks.registry import check_options, network_kind
    from migration_kg.views import save, view

    options = network_options(args)
    check_options(network_kind(args.kind), options)
    if args.focus is None and args.depth is not None:
        raise InputError("--depth needs --focus", None,
                         hint="e.g. --focus person:jorge-bustamante --depth 2")
    out = args.out or paths.DEFAULT_BUILD_DIR / "views" / f"{args.kind}.html"
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError("the view is an HTML page: --out must end in .html", out,
                         hint=f"e.g. --out {out.with_suffix('.html')}")
    page = view(graph_for(args), args.kind, focus=args.focus,
                depth=1 if args.depth is None else args.depth, title=args.title,
                options=options)
    save(page, out)
    say(f"wrote {out} ({page.nodes} nodes, {page.edges} edges)")
    return EXIT_OK


def cmd_measures(args: argparse.Namespace) -> int:
    from migration_kg.networks import (
        bridges,
        build_network,
        centrality,
        most_cited_instruments,
    )
    from migration_kg.networks.registry import check_options, network_kind
    from migration_kg.sparql.results import format_frame

    options = network_options(args)
    kind = args.kind or "congruence"
    if args.measure == "centrality":
        check_options(network_kind(kind), options)
    elif options.changed() or args.kind is not None:
        flags = ["--kind"] if args.kind is not None else []
        raise InputError(f"{', '.join([*flags, 'network options'])} apply only to centrality",
                         None, hint=f"drop them for {args.measure}")
    if args.measure != "bridges" and args.poles is not None:
        raise InputError("--poles applies only to bridges", None, hint="drop --poles")
    rdf = graph_for(args)
    if args.measure == "centrality":
        frame = centrality(build_network(rdf, kind, options))
    elif args.measure == "most-cited":
        frame = most_cited_instruments(rdf)
    else:
        first, second = args.poles or ("topic:human-rights", "topic:development")
        frame = bridges(rdf, first, second)
    if args.top is not None:
        frame = frame.head(args.top)
    sys.stdout.write(format_frame(frame, args.format))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    """Add the commands to the ``migration-kg`` parser."""
    p = sub.add_parser(
        "network", help="export a discourse network (GraphML, GEXF, CSV, JSON)",
        description="Compute a network from the graph through SPARQL and export it. Every edge "
                    "lists the statements behind it. An option that does not apply to the "
                    "kind is an error.",
        epilog=DEFINITIONS + "\nformats: graphml and gexf open in Gephi and Cytoscape; json is "
               "node-link; csv writes two tables with every attribute: --out DIR gives "
               "DIR/nodes.csv and DIR/edges.csv, --out NAME.csv gives NAME-nodes.csv and "
               "NAME-edges.csv.\n\nexamples:\n  migration-kg network congruence --format csv "
               "--out build/congruence\n  migration-kg network actor-instrument --format "
               "graphml --out build/actor-instrument.graphml",
        formatter_class=HelpFormatter)
    p.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=KIND_HELP)
    p.add_argument("--format", choices=FORMATS, default="graphml",
                   help="graphml (default), gexf, csv or json")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="file (or folder for csv) to write; default: stdout")
    p.add_argument("--measures", action="store_true",
                   help="add degree, strength, betweenness and community to every node")
    _add_network_options(p)
    add_graph_options(p)

    p = sub.add_parser(
        "view", help="write an interactive HTML view of a network (works offline)",
        description="Draw a network as a standalone HTML page: nothing is fetched, nodes are "
                    "coloured and shaped by type with a legend, edges by agreement, tooltips show "
                    "the evidence quotes, with search, a type filter and an ego view.",
        epilog=DEFINITIONS + "\nexamples:\n  migration-kg view full --out build/views/full.html"
               "\n  migration-kg view congruence --focus person:mary-robinson --depth 1 "
               "--out robinson.html",
        formatter_class=HelpFormatter)
    p.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=KIND_HELP)
    p.add_argument("--out", type=Path, default=None, metavar="FILE.html",
                   help="page to write (default: build/views/KIND.html)")
    p.add_argument("--focus", default=None, metavar="NODE",
                   help="ego view around this node: id (person:jorge-bustamante), IRI or label")
    p.add_argument("--depth", type=non_negative_int, default=None, metavar="N",
                   help="with --focus: how many steps out from the node (default 1)")
    p.add_argument("--title", default=None, help="page title")
    _add_network_options(p)
    add_graph_options(p)

    p = sub.add_parser(
        "measures", help="centrality, communities, most-cited instruments, bridges",
        description="Measures on the networks: centrality (degree, strength, betweenness, "
                    "Louvain community with a fixed seed) of any network KIND; the most-cited "
                    "instruments; the bridges between the speakers of two top topics.",
        epilog="examples:\n  migration-kg measures centrality --kind congruence\n"
               "  migration-kg measures bridges --poles topic:human-rights topic:development "
               "--format md\n  migration-kg measures most-cited --top 5",
        formatter_class=HelpFormatter)
    p.add_argument("measure", choices=["centrality", "most-cited", "bridges"])
    p.add_argument("--kind", choices=KIND_NAMES, default=None, metavar="KIND",
                   help="network for centrality (default congruence): " + KIND_HELP)
    p.add_argument("--poles", nargs=2, default=None, metavar="TOPIC",
                   help="for bridges: the two top topics between which actors bridge "
                        "(default: topic:human-rights topic:development)")
    p.add_argument("--top", type=positive_int, default=None, metavar="N",
                   help="only the first N rows")
    p.add_argument("--format", choices=TABLE_FORMATS, default="table")
    _add_network_options(p)
    add_graph_options(p)
    return {"network": cmd_network, "view": cmd_view, "measures": cmd_measures}
