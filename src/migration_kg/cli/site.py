"""``site``: the static site, a page per entity and a reader per report."""

from __future__ import annotations

import argparse
from pathlib import Path

from migration_kg import paths
from migration_kg.cli.common import add_graph_options, say
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_OK, InputError


def cmd_site(args: argparse.Namespace) -> int:
    from migration_kg.api import source_graph, write_site
    from migration_kg.store import copy_into

    if args.endpoint is not None:
        from migration_kg.remote import check_url

        check_url(args.endpoint, "--endpoint")
    out: Path = args.out or paths.DEFAULT_BUILD_DIR / "site"
    if out.exists() and not out.is_dir():
        raise InputError("the site is a folder, but --out names a file", out,
                         hint="give a folder, e.g. --out build/site")
    source = source_graph(args.graph, data=args.data)
    summary = write_site(copy_into(source, "oxigraph"), out, data=args.data,
                         endpoint=args.endpoint, source=source)
    for report, cover in summary.reports:
        say(f"{report}: {cover.summary()}")
    say(f"wrote {summary.files} files ({summary.pages} entity pages) into {out}")
    print(summary.index.resolve())
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    p = sub.add_parser(
        "site", help="write the static site: a page per entity, the report reader, the index",
        description="Write a static site that works from file:// and from any static host, "
                    "with no network at run time: an index with search, one page per entity "
                    "(what the graph says about it, with evidence; its Turtle and JSON-LD "
                    "beside it), a reader per report with every evidence span highlighted, "
                    "the network views, and the dataset's VoID/DCAT description. Prints the "
                    "index's path on stdout. The reports' texts come from --data (default: "
                    "the shipped data), which must be what the graph was built from.",
        epilog="example: migration-kg site --out build/site && xdg-open build/site/index.html")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="output folder (default: build/site)")
    p.add_argument("--endpoint", default=None, metavar="URL",
                   help="the SPARQL endpoint the dataset description names (default: "
                        "https://w3id.org/migration-kg/sparql, which a w3id redirect points at "
                        "a deployment)")
    add_graph_options(p, store=False)
    return {"site": cmd_site}
