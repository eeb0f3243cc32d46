"""Regenerate ``queries/*.expected.csv`` from the shipped data and show what changed.

The expected results are hand-checked: run this after a change to the data or a query, read
the diff it prints, and commit only what you have checked against the report. Rows are written
in the order the query gives (every query has ORDER BY), so a diff shows only real
changes; the tests compare them as multisets.

    make expected            # or: .venv/bin/python scripts/update_expected.py [NAME ...]
"""

from __future__ import annotations

import csv
import difflib
import io
import sys

from migration_kg.api import load_graph
from migration_kg.sparql.files import shipped_queries
from migration_kg.sparql.run import run_query


def expected_text(variables: list[str], rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return buffer.getvalue()


def main(names: list[str]) -> int:
    graph = load_graph()
    changed = 0
    for query in shipped_queries():
        if names and query.name not in names:
            continue
        assert query.expected_path is not None
        result = run_query(graph, query)
        new = expected_text(result.variables, result.text_rows())
        path = query.expected_path
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if new == old:
            continue
        changed += 1
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"a/{path.name}", tofile=f"b/{path.name}"))
        path.write_text(new, encoding="utf-8")
    print(f"{changed} expected result(s) rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
