"""``import-status``: a depositary's treaty-status table into the curated data."""

from __future__ import annotations

import argparse
from pathlib import Path

from migration_kg.cli.common import HelpFormatter, add_data_option, say
from migration_kg.cli.core import Handler
from migration_kg.errors import EXIT_OK


def cmd_import_status(args: argparse.Namespace) -> int:
    from migration_kg.api import import_status

    summary = import_status(args.table, status_as_at=args.as_of,
                            retrieved_from=args.retrieved_from, dataset=args.dataset,
                            data=args.data, title=args.title, landing_page=args.landing_page,
                            publisher=args.publisher)
    say(f"read {summary.input_rows} rows: {summary.actions} treaty actions on "
        f"{len(summary.instruments)} instruments ({', '.join(summary.instruments)}); "
        f"{summary.new_countries} states beyond the registry's countries; "
        f"{len(summary.corrections)} correction(s) applied")
    for path in summary.written:
        say(f"wrote {path}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import-status", help="import treaty status (who signed, ratified, acceded, when)",
        formatter_class=HelpFormatter,
        description="Import a depositary's status table (CSV with country_name, mtdsg_no, "
                    "action_type, action_date, signature_date; one row per participant and "
                    "treaty, as the UN Treaty Collection's status pages give it) into "
                    "status/<dataset>/ of the data folder. Names map to countries through "
                    "status/participants.yaml, then ISO 3166-1; the dataset's corrections.yaml "
                    "is applied. A row that does not resolve is an error with its line, and "
                    "nothing is written unless every row is right.",
        epilog="example:\n  migration-kg import-status un_hr_ratifications.csv "
               "--as-of 2026-02-03 \\\n    --retrieved-from 'https://github.com/mgaldino/"
               "treaties-ideal-point/blob/746a24fa99b65d0834f8cd6b79f458a180c338cf/"
               "data/raw/un_hr_treaties/un_hr_ratifications.csv'")
    p.add_argument("table", type=Path, help="the status table (CSV, UTF-8)")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD",
                   help="the date of the depositary's record the table copies")
    p.add_argument("--retrieved-from", required=True, metavar="URL",
                   help="where the table was read from (with the commit, for a repository)")
    p.add_argument("--dataset", default="untc-chapter-iv", metavar="ID",
                   help="dataset id, the folder under status/ (default: untc-chapter-iv)")
    p.add_argument("--title", default=None, help="dataset title (default: UNTC chapter IV)")
    p.add_argument("--landing-page", default=None, metavar="URL",
                   help="the depositary's page for the data (default: UNTC chapter IV)")
    p.add_argument("--publisher", default=None, metavar="ID",
                   help="organization id of the publisher (default: ola-treaty-section)")
    add_data_option(p)
    return {"import-status": cmd_import_status}
