"""Fuzz the tools at length: corpora for `build`, RDF files, queries (see ``tests/fuzz.py``).

Every generated input is made from (kind, seed, index), every URL in it points at a trap on
loopback, and every case runs in a worker process with a memory limit and a 60 s time limit.
The run prints a Markdown table for ``bench/README.md`` and exits 1 if any case ended in a
traceback or unexpected error, a timeout, a memory error or a connection.

    python bench/fuzz.py --builds 10000 --rdf 1000 --queries 1000 --workers 2
    python bench/fuzz.py --replay build:1:4242        # run one case here, and show it
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz import Tally, replay, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="example: python bench/fuzz.py --builds 10000 "
                                            "--rdf 1000 --queries 1000 --workers 2")
    parser.add_argument("--builds", type=int, default=1000, help="mutated corpora to build")
    parser.add_argument("--rdf", type=int, default=200, help="mutated RDF files to read")
    parser.add_argument("--queries", type=int, default=500, help="mutated queries to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="worker processes at once")
    parser.add_argument("--json", type=Path, default=None, help="also write the tally here")
    parser.add_argument("--replay", default=None, metavar="KIND:SEED:INDEX",
                        help="run one case in this process and print its outcome")
    args = parser.parse_args(argv)
    if args.replay:
        kind, seed, index = args.replay.split(":")
        print(replay(kind, int(seed), int(index)))
        return 0
    if not all(0 <= n <= 1_000_000 for n in (args.builds, args.rdf, args.queries)):
        parser.error("counts must be 0..1000000")
    load = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    reported = 0

    def progress(tally: Tally) -> None:
        nonlocal reported
        for failure in tally.failures[reported:]:  # as they happen: a long run can be replayed
            print(f"failed: {failure.kind}:{args.seed}:{failure.index} {failure.failure}: "
                  f"{failure.detail[:400]}", file=sys.stderr, flush=True)
        reported = len(tally.failures)
        done = sum(c["iterations"] for c in tally.counts.values())
        print(f"{done} cases, {len(tally.failures)} failures", file=sys.stderr, flush=True)

    tally = run({"build": args.builds, "rdf": args.rdf, "query": args.queries},
                seed=args.seed, workers=args.workers, progress=progress)
    print(tally.table())
    print(f"\nCommand: `python bench/fuzz.py --builds {args.builds} --rdf {args.rdf} --queries "
          f"{args.queries} --seed {args.seed} --workers {args.workers}`; {tally.seconds:.0f} s.")
    print(f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python "
          f"{platform.python_version()}; load average at the start {load[0]:.1f}, "
          f"{load[1]:.1f}, {load[2]:.1f}; {started}.")
    progress(tally)  # the failures not yet printed
    if args.json:
        args.json.write_text(json.dumps({k: dict(v) for k, v in tally.counts.items()}, indent=1))
    return 1 if tally.failures or tally.connections else 0


if __name__ == "__main__":
    raise SystemExit(main())
