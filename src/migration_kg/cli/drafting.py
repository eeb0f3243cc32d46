"""``new-report``, ``draft`` and ``review``: from a new text to a reviewed report."""

from __future__ import annotations

import argparse
from pathlib import Path

from migration_kg.cli.common import HelpFormatter, add_data_option, say
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_OK


def cmd_new_report(args: argparse.Namespace) -> int:
    from migration_kg.api import new_report

    made = new_report(args.report_id, args.source, title=args.title, date=args.date,
                      publisher=args.publisher, data=args.data,
                      obtained_from=args.obtained_from)
    for path in made.written:
        say(f"wrote {path}")
    say(f"report {made.report_id}: {made.characters} characters, sha256 {made.sha256}\n"
        f"next: migration-kg draft {made.report_id}"
        + (f" --data {args.data}" if args.data else ""))
    print(made.directory)
    return EXIT_OK


def cmd_draft(args: argparse.Namespace) -> int:
    from migration_kg.api import draft

    summary = draft(args.report_id, args.data)
    say(f"drafted {summary.statements} statements, {summary.entities} proposed entities, "
        f"{summary.holdings} posts; review them: migration-kg review {args.report_id} list")
    print(summary.path)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from migration_kg.api import review

    summary = review(args.report_id, args.action, args.ids, data=args.data)
    for line in summary.listing:
        print(line)
    if summary.accepted:
        say(f"accepted {len(summary.accepted)}: {', '.join(summary.accepted)}")
    if summary.rejected:
        say(f"rejected {len(summary.rejected)}: {', '.join(summary.rejected)}")
    for path in summary.written:
        say(f"wrote {path}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    p = sub.add_parser(
        "new-report", help="scaffold a report folder from a plain-text record",
        formatter_class=HelpFormatter,
        description="Create reports/REPORT_ID/ in the data folder: the text copied byte for "
                    "byte (PDF artefacts stay; the drafter reads past them), its sha256, the "
                    "provenance you give, one session for the whole meeting and empty "
                    "statements and statistics, so that it builds at once. An empty, binary or "
                    "non-UTF-8 text, or an id that exists, is refused and nothing is written.",
        epilog="example:\n  migration-kg new-report 2024-03-12-hrc-12th-meeting --source "
               "record.txt \\\n    --title 'Human Rights Council, 12th meeting' --date "
               "2024-03-12 --data mydata/")
    p.add_argument("report_id", metavar="REPORT_ID",
                   help="the new report's id: dated, lower case, hyphens")
    p.add_argument("--source", type=Path, required=True, metavar="FILE",
                   help="the record as a UTF-8 plain-text file")
    p.add_argument("--title", required=True, help="the record's title")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the meeting's date")
    p.add_argument("--publisher", default=None, metavar="ID",
                   help="organization id of the publisher (must be in the registry)")
    p.add_argument("--obtained-from", default=None, metavar="TEXT",
                   help="where the text came from (default: the file's name and today)")
    add_data_option(p)

    p = sub.add_parser(
        "draft", help="draft annotations of a report from its text (rules, offline)",
        formatter_class=HelpFormatter,
        description="Read the report's text and write reports/REPORT_ID/drafts.yaml: speakers "
                    "matched to the registry or proposed as written, posts, on whose behalf, "
                    "instruments, one statement per position with its speech act from the "
                    "codebook's cues, evidence cut verbatim from the text, and for each item a "
                    "confidence and the rules that made it. Drafts enter no graph unless it is "
                    "built with --include-drafts.",
        epilog="example:\n  migration-kg draft 2024-03-12-hrc-12th-meeting --data mydata/")
    p.add_argument("report_id", metavar="REPORT_ID")
    add_data_option(p)

    p = sub.add_parser(
        "review", help="list, accept or reject a report's drafts",
        formatter_class=HelpFormatter,
        description="list: every drafted item with its confidence. accept ID...: move drafted "
                    "statements (once given topics and your paraphrase), the entities they need "
                    "and their speakers' posts into the curated files; the corpus must still "
                    "load and every quote be found, or nothing changes. reject ID...: drop them "
                    "from the drafts. 'all' names every drafted item.",
        epilog="examples:\n  migration-kg review 2024-03-12-hrc-12th-meeting list\n"
               "  migration-kg review 2024-03-12-hrc-12th-meeting accept algeria-draft-1\n"
               "  migration-kg review 2024-03-12-hrc-12th-meeting reject all")
    p.add_argument("report_id", metavar="REPORT_ID")
    p.add_argument("action", choices=("list", "accept", "reject"))
    p.add_argument("ids", nargs="*", metavar="ID", help="drafted statement or entity ids, or all")
    add_data_option(p)
    return {"new-report": cmd_new_report, "draft": cmd_draft, "review": cmd_review}
