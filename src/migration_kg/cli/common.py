"""What every command shares: the argument parser that exits 2, the graph options, messages."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from migration_kg.errors import EXIT_BAD_INPUT

if TYPE_CHECKING:
    from rdflib import Graph


class Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line hint, like every other bad input."""

    def error(self, message: str) -> NoReturn:
        from migration_kg.terminal import printable

        self.print_usage(sys.stderr)
        print(printable(f"{self.prog}: error: {message}\n  fix: see `{self.prog} --help`"),
              file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and epilogs (examples, definitions)."""


def say(message: str) -> None:
    """A message for the user: on stderr, so stdout carries only data; never a terminal
    control character (a message may quote the data or a store)."""
    from migration_kg.terminal import printable

    print(printable(message), file=sys.stderr)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def positive_seconds(text: str) -> float:
    """A finite number of seconds above zero (``--timeout``)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: '{text}'") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="folder laid out like graph/ (default: the shipped data)")


def add_graph_options(parser: argparse.ArgumentParser, *, store: bool = True) -> None:
    """``--graph FILE`` or ``--data DIR`` (the shipped data by default), and the store."""
    parser.add_argument("--graph", type=Path, default=None, metavar="FILE",
                        help="use a built graph file instead of building from --data")
    add_data_option(parser)
    if store:
        add_store_option(parser)


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

    return load_graph(getattr(args, "graph", None), data=getattr(args, "data", None),
                      store=getattr(args, "store", "oxigraph"),
                      store_dir=getattr(args, "store_dir", None))
