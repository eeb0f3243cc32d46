"""The ``migration-kg`` command: a thin layer over the library API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 checks failed, 2 bad input. Every
error the library raises on purpose carries its exit code; anything else is reported in one
line too (set ``MIGRATION_KG_DEBUG=1`` to see the traceback), never as a traceback.

Commands are grouped by concern: :mod:`.core` (build, validate, query, stats),
:mod:`.networks` (network, view, measures), :mod:`.site` (site), :mod:`.server` (serve,
push), :mod:`.status` (import-status), :mod:`.drafting` (new-report, draft, review).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from migration_kg.cli import core, drafting, networks, server, site, status
from migration_kg.cli.common import Parser, say
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_BAD_INPUT, EXIT_CHECKS_FAILED, EXIT_OK, MigrationKGError

__all__ = ["main", "make_parser"]

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # name the command whose options these are not, and point at its help
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
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
