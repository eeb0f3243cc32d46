"""The ``migration-kg`` command: a thin layer over the library API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 checks failed, 2 bad input. Every
error the library raises on purpose carries its exit code; anything else is reported in one
line too (set ``MIGRATION_KG_DEBUG=1`` to see the traceback), never as a traceback. Everything
printed goes through :func:`migration_kg.terminal.printable`, so no text from the data or a
store can drive the terminal.

Run as a program (:func:`run`), a command that needs no network (everything but ``serve``,
``push`` and ``query --endpoint``) first moves its process into an empty network namespace
(:func:`migration_kg.isolation.isolate_network`): a second wall behind the query and input
checks.

Commands are grouped by concern: :mod:`.core` (build, validate, query, stats),
:mod:`.networks` (network, view, measures), :mod:`.site` (site), :mod:`.server` (serve,
push), :mod:`.status` (import-status), :mod:`.drafting` (new-report, draft, review).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence

from migration_kg.cli import core, drafting, networks, server, site, status
from migration_kg.cli.common import Parser, say
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_BAD_INPUT, EXIT_CHECKS_FAILED, EXIT_OK, MigrationKGError

__all__ = ["main", "make_parser", "needs_network", "run"]

GROUPS = (core, networks, site, server, status, drafting)


def make_parser() -> argparse.ArgumentParser:
    """The parser of every command; each sub-parser knows its handler (``args.handler``)."""
    parser = Parser(
        prog="migration-kg",
        description="Who said what, about which legal instrument, on whose behalf, and who "
                    "agrees with whom: a knowledge graph of meeting reports.",
        epilog="example: migration-kg build && migration-kg query speakers",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in GROUPS:
        for name, handler in group.register(sub).items():
            sub.choices[name].set_defaults(handler=handler)
    return parser


def _version() -> str:
    from migration_kg import __version__

    return f"migration-kg {__version__}"


def needs_network(args: argparse.Namespace) -> bool:
    """Whether a parsed command talks to the network: serving, pushing, a remote query."""
    return args.command in {"serve", "push"} or getattr(args, "endpoint", None) is not None


def run() -> int:
    """The ``migration-kg`` program: :func:`main`, with the network dropped where unneeded."""
    return main(isolate=True)


def main(argv: Sequence[str] | None = None, *, isolate: bool = False) -> int:
    """Run one command; ``isolate`` drops the network first when the command needs none (only
    for a process of its own: the namespace is the whole process's, for good)."""
    parser = make_parser()
    with _printable_output():
        args, extra = parser.parse_known_args(argv)
        if extra:  # name the command whose options these are not, and point at its help
            sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
        if isolate and not needs_network(args):
            from migration_kg.isolation import isolate_network

            isolate_network()  # if the kernel refuses, the input checks still stand
        return _dispatch(args)


@contextlib.contextmanager
def _printable_output() -> Iterator[None]:
    """Data on stdout and library log messages on stderr, with terminal controls made visible.

    Messages of our own are made printable by :func:`say`; progress bars (tqdm, text of ours)
    write to stderr as they are.
    """
    from migration_kg.terminal import PrintableStream, printable

    class Printable(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return printable(super().format(record))

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Printable("%(levelname)s: %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    logging.captureWarnings(True)
    stdout = sys.stdout
    sys.stdout = PrintableStream(stdout)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout = stdout
        logging.captureWarnings(False)
        root.removeHandler(handler)


def _dispatch(args: argparse.Namespace) -> int:
    """The command's handler, every error mapped to its exit code and one message."""
    handler: Handler = args.handler
    try:
        return handler(args)
    except MigrationKGError as exc:
        prefix = "checks failed" if exc.exit_code == EXIT_CHECKS_FAILED else "error"
        say(f"{prefix}: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) closed the pipe; that is not an error of ours.
        _quiet_stdout()
        return EXIT_OK
    except MemoryError:
        say("error: out of memory\n  fix: give a smaller input, or run on a machine with more "
            "memory")
        return EXIT_BAD_INPUT
    except RecursionError:
        say("error: the input is nested too deeply to process\n  fix: flatten the input")
        return EXIT_BAD_INPUT
    except Exception as exc:
        if os.environ.get("MIGRATION_KG_DEBUG"):
            raise
        say(f"error: unexpected {type(exc).__name__}: {str(exc)[:500]}\n  fix: this is a bug "
            "in migration-kg; run again with MIGRATION_KG_DEBUG=1 and report the traceback")
        return EXIT_BAD_INPUT


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
