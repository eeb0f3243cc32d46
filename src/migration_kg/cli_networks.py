"""The ``network``, ``view`` and ``measures`` commands: export, draw and measure the networks.

Thin on purpose: the definitions live in :mod:`migration_kg.networks`, the pages in
:mod:`migration_kg.views`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from migration_kg import paths
from migration_kg.cli import EXIT_OK, add_data_option, add_store_option, graph_for, say
from migration_kg.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

# The same tuples as in migration_kg.networks (tests/test_networks.py checks they agree): repeated
# here so that building the parser for every command does not import networkx and pandas.
KINDS = ("actor-instrument", "actor-topic", "congruence", "conflict", "subtract",
         "actor-cocitation", "instrument-cocitation", "organizations", "full")
NORMALIZATIONS = ("none", "jaccard", "cosine")
CONCEPTS = ("all", "instrument", "topic")
LEVELS = ("person", "organization")
FORMATS = ("graphml", "gexf", "csv", "json")
TABLE_FORMATS = ("table", "csv", "json", "md")

KIND_HELP = (
    "actor-instrument, actor-topic (two-mode); congruence, conflict, subtract, "
    "actor-cocitation, instrument-cocitation, organizations (one-mode); full (typed graph)"
)
DEFINITIONS = """\
definitions (see `pydoc migration_kg.networks` for the exact formulas):
  actor-instrument, actor-topic  actor x concept; weight = number of the actor's statements on it
  congruence   actors sharing (concept, polarity) pairs; weight = number of shared pairs
  conflict     actors with opposite non-zero polarities on a concept; weight = number of such pairs
  subtract     congruence - conflict (edges where it is not 0; may be negative)
  actor-cocitation       actors citing the same instruments; weight = shared instruments
  instrument-cocitation  instruments cited in the same statement; weight = shared statements
  organizations          congruence with speakers folded into their current organizations
  full         people, organizations, instruments, topics, sessions, events, countries,
               initiatives and every relation between them
  a concept is a cited instrument or a topic; polarity is +1, 0 or -1 from the stance.
"""


def _add_graph_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--graph", type=Path, default=None, metavar="FILE",
                   help="use a built graph file instead of building from --data")
    add_data_option(p)
    add_store_option(p)


def _add_network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--normalization", choices=NORMALIZATIONS, default="none",
                   help="one-mode edge weights: none (counts, default), jaccard or cosine")
    p.add_argument("--concepts", choices=CONCEPTS, default="all",
                   help="what congruence/conflict/subtract compare on: instruments, topics, "
                        "or all (default)")
    p.add_argument("--level", choices=LEVELS, default="person",
                   help="person (default) or organization: fold speakers into their current "
                        "organizations")
    p.add_argument("--no-neutral", dest="neutral", action="store_false",
                   help="congruence ignores polarity-0 stances (warns, reports, questions)")
    p.add_argument("--include-floor", dest="anonymous", action="store_true",
                   help="keep anonymous participants (the floor) in one-mode networks")


def _network_options(args: argparse.Namespace) -> dict[str, object]:
    return {"normalization": args.normalization, "concepts": args.concepts,
            "level": args.level, "neutral": args.neutral, "anonymous": args.anonymous}


def cmd_network(args: argparse.Namespace) -> int:
    from migration_kg import networks

    networks.check_export(args.format, args.out)  # before the slow part
    graph = networks.build_network(graph_for(args), args.kind, **_network_options(args))
    if args.measures:
        networks.add_measures(graph)
    if args.out is None:
        sys.stdout.write(networks.export_text(graph, args.format))
        return EXIT_OK
    for path in networks.export(graph, args.format, args.out):
        say(f"wrote {path}")
    say(f"{args.kind}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    return EXIT_OK


def cmd_view(args: argparse.Namespace) -> int:
    from migration_kg import views

    if args.focus is None and args.depth is not None:
        raise InputError("--depth needs --focus", None,
                         hint="e.g. --focus person:jorge-bustamante --depth 2")
    out = args.out or paths.DEFAULT_BUILD_DIR / "views" / f"{args.kind}.html"
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError("the view is an HTML page: --out must end in .html", out,
                         hint=f"e.g. --out {out.with_suffix('.html')}")
    page = views.view(graph_for(args), args.kind, focus=args.focus,
                      depth=1 if args.depth is None else args.depth, title=args.title,
                      **_network_options(args))
    views.save(page, out)
    say(f"wrote {out} ({page.nodes} nodes, {page.edges} edges)")
    return EXIT_OK


def cmd_measures(args: argparse.Namespace) -> int:
    from migration_kg import networks

    rdf = graph_for(args)
    if args.measure == "centrality":
        graph = networks.build_network(rdf, args.kind, **_network_options(args))
        frame = networks.centrality(graph)
    elif args.measure == "most-cited":
        frame = networks.most_cited_instruments(rdf)
    else:
        frame = networks.bridges(rdf)
    if args.top is not None:
        frame = frame.head(args.top)
    sys.stdout.write(_format_frame(frame, args.format))
    return EXIT_OK


def _format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """A measures table as text, in the formats ``migration-kg query`` offers."""
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return frame.to_json(orient="records", indent=2, force_ascii=False) + "\n"
    from tabulate import tabulate

    rows = frame.astype(str).to_numpy().tolist()
    if fmt == "md":
        rows = [[cell.replace("|", "\\|") for cell in row] for row in rows]
        return tabulate(rows, headers=list(frame.columns), tablefmt="github") + "\n"
    return tabulate(rows, headers=list(frame.columns), tablefmt="simple") + "\n"


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:  # type: ignore[type-arg]
    """Add the commands to the ``migration-kg`` parser; called by ``cli._register_extensions``."""
    p = sub.add_parser(
        "network", help="export a discourse network (GraphML, GEXF, CSV, JSON)",
        description="Compute a network from the graph through SPARQL and export it. Every edge "
                    "lists the statements behind it.",
        epilog=DEFINITIONS + "\nformats: graphml and gexf open in Gephi and Cytoscape; json is "
               "node-link; csv writes two tables with every attribute: --out DIR gives "
               "DIR/nodes.csv and DIR/edges.csv, --out NAME.csv gives NAME-nodes.csv and "
               "NAME-edges.csv.\n\nexamples:\n  migration-kg network congruence --format csv "
               "--out build/congruence\n  migration-kg network actor-instrument --format "
               "graphml --out build/actor-instrument.graphml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=KINDS, metavar="KIND", help=KIND_HELP)
    p.add_argument("--format", choices=FORMATS, default="graphml",
                   help="graphml (default), gexf, csv or json")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="file (or folder for csv) to write; default: stdout")
    p.add_argument("--measures", action="store_true",
                   help="add degree, strength, betweenness and community to every node")
    _add_network_options(p)
    _add_graph_options(p)

    p = sub.add_parser(
        "view", help="write an interactive HTML view of a network (works offline)",
        description="Draw a network as a standalone HTML page: nothing is fetched, nodes are "
                    "coloured and shaped by type with a legend, edges by stance, tooltips show "
                    "the evidence quotes, with search, a type filter and an ego view.",
        epilog=DEFINITIONS + "\nexamples:\n  migration-kg view full --out build/views/full.html"
               "\n  migration-kg view congruence --focus person:mary-robinson --depth 1 "
               "--out robinson.html",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=KINDS, metavar="KIND", help=KIND_HELP)
    p.add_argument("--out", type=Path, default=None, metavar="FILE.html",
                   help="page to write (default: build/views/KIND.html)")
    p.add_argument("--focus", default=None, metavar="NODE",
                   help="ego view around this node: id (person:jorge-bustamante), IRI or label")
    p.add_argument("--depth", type=int, default=None, metavar="N",
                   help="with --focus: how many steps out from the node (default 1)")
    p.add_argument("--title", default=None, help="page title")
    _add_network_options(p)
    _add_graph_options(p)

    p = sub.add_parser(
        "measures", help="centrality, communities, most-cited instruments, bridges",
        description="Measures on the networks: centrality (degree, strength, betweenness, "
                    "Louvain community with a fixed seed) of any network KIND; the most-cited "
                    "instruments; the bridges between human-rights and development speakers.",
        epilog="examples:\n  migration-kg measures centrality --kind congruence\n"
               "  migration-kg measures bridges --format md\n"
               "  migration-kg measures most-cited --top 5",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("measure", choices=["centrality", "most-cited", "bridges"])
    p.add_argument("--kind", choices=KINDS, default="congruence", metavar="KIND",
                   help="network for centrality (default congruence): " + KIND_HELP)
    p.add_argument("--top", type=int, default=None, metavar="N", help="only the first N rows")
    p.add_argument("--format", choices=TABLE_FORMATS, default="table")
    _add_network_options(p)
    _add_graph_options(p)
    return {"network": cmd_network, "view": cmd_view, "measures": cmd_measures}
