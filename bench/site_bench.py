"""Time ``migration-kg site`` on a corpus: load the graph, write every page, median of N runs.

    python bench/site_bench.py                                # the shipped report
    python bench/generate.py --triples 100k --out /tmp/corpus-100k
    python bench/site_bench.py --data /tmp/corpus-100k --runs 1

Prints one Markdown row per corpus: triples, pages, files, size on disk and the median time of
``write_site`` (the graph already loaded on Oxigraph; loading is timed apart).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from migration_kg.api import load_graph, write_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="a corpus laid out like graph/ (default: the shipped data)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    graph = load_graph(data=args.data)
    loaded = time.perf_counter() - start
    times = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="site-bench-") as folder:
            start = time.perf_counter()
            summary = write_site(graph, folder, data=args.data)
            times.append(time.perf_counter() - start)
            size = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
    print(f"loaded {len(graph)} triples in {loaded:.1f} s", file=sys.stderr)
    print("| triples | entity pages | files | size (MB) | write_site (s) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print(f"| {len(graph):,} | {summary.pages:,} | {summary.files:,} | {size / 1e6:.1f} "
          f"| {statistics.median(times):.1f} |")
    print(f"(median of {args.runs} runs)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
