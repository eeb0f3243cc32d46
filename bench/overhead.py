"""What the library adds over the engine: every competency query through ``migration_kg`` and
through ``pyoxigraph`` directly, on the same store, side by side.

For each ``queries/*.rq`` (parameters at their defaults, bound as the library binds them: a
``VALUES`` block) it times, on the default (Oxigraph) store of the graph ``graph.nt``:

* **raw**: ``pyoxigraph.Store.query(text)`` on the very store the library uses, and reading
  every row (each cell of each solution), which is the least any caller pays;
* **DataFrame**: ``migration_kg.query(graph, name)``, a DataFrame of Python values with
  compact IRIs, as notebooks get it;
* **CSV**: ``run_query`` then ``format_result(..., "csv")``, the text ``migration-kg query
  NAME --format csv`` prints.

Rounds interleave raw and ours query by query, so load that comes and goes hits both; the table
gives medians and the ratio ours / raw, with the machine and its load average before and after.
The corpus is generated (``bench/generate.py``) and built (``migration-kg build``) under
``--work`` when it is not there yet, or ``--graph`` names a built ``graph.nt``.

    .venv/bin/python bench/overhead.py --triples 1M --repeats 7

Prints the Markdown table on stdout (progress on stderr); ``--readme`` also puts it between the
``overhead-bench`` markers of ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
BEGIN, END = "<!-- overhead-bench:begin -->", "<!-- overhead-bench:end -->"
PREVIOUS = "<!-- overhead-bench-previous:begin -->", "<!-- overhead-bench-previous:end -->"
TARGET_RATIO = 1.2
sys.path.insert(0, str(HERE))

from run import count, label_of, machine, replace_section  # noqa: E402  (a sibling script, not a package)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_graph(work: Path, target: int, seed: int) -> Path:
    """``graph.nt`` of a generated corpus of ``target`` triples, generated and built if needed."""
    corpus = work / f"corpus-{label_of(target)}"
    out = work / f"build-{label_of(target)}"
    if not (corpus / "generated.json").exists():
        say(f"generating {corpus} ...")
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(target),
                        "--out", str(corpus), "--seed", str(seed)], check=True, cwd=ROOT)
    if not (out / "graph.nt").exists():
        say(f"building {out} ...")
        subprocess.run([sys.executable, "-m", "migration_kg.cli", "build", "--data", str(corpus),
                        "--out", str(out)], check=True, cwd=ROOT)
    return out / "graph.nt"


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds one call of ``action`` takes: wall clock and this process's CPU time (the
    engine and our code run in this thread, so CPU time is the work done, whatever the load)."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


@dataclass
class Measured:
    """Medians of one query, in milliseconds."""

    query: str
    rows: int
    raw: float
    frame: float
    csv: float
    raw_cpu: float
    frame_cpu: float
    csv_cpu: float


def measure(graph_file: Path, repeats: int, names: list[str] | None, skip: list[str]
            ) -> list[Measured]:
    import migration_kg
    from migration_kg.sparql.bindings import bound_text
    from migration_kg.sparql.files import shipped_queries
    from migration_kg.sparql.results import format_result
    from migration_kg.sparql.run import run_query
    from migration_kg.store import engine

    say(f"loading {graph_file} ...")
    graph = migration_kg.load_graph(graph_file)
    store = engine(graph)
    queries = [q for q in shipped_queries()
               if (names is None or q.name in names) and q.name not in skip]

    def raw(text: str) -> int:
        return sum(1 for solution in store.query(text) for _ in [tuple(solution)])

    rows: dict[str, int] = {}
    times: dict[str, dict[str, list[tuple[float, float]]]] = {
        q.name: {"raw": [], "frame": [], "csv": []} for q in queries}
    for round_number in range(repeats + 1):  # round 0 warms caches and is not counted
        for query in queries:
            text = bound_text(query)
            steps = {
                "raw": lambda t=text, n=query.name: rows.__setitem__(n, raw(t)),
                "frame": lambda q=query: migration_kg.query(graph, q.name),
                "csv": lambda q=query: format_result(run_query(graph, q), "csv"),
            }
            order = list(steps) if round_number % 2 else list(reversed(steps))
            for step in order:
                gc.collect()
                elapsed = timed(steps[step])
                if round_number:
                    times[query.name][step].append(elapsed)
        say(f"round {round_number}/{repeats} done; load {os.getloadavg()[0]:.1f}")
    result = []
    for query in queries:
        steps = times[query.name]
        wall = {step: statistics.median(w for w, _ in values) for step, values in steps.items()}
        cpu = {f"{step}_cpu": statistics.median(c for _, c in values)
               for step, values in steps.items()}
        result.append(Measured(query.name, rows[query.name], **wall, **cpu))
    return result


def ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(results: list[Measured]) -> str:
    lines = ["| query | rows | raw (ms) | ours → DataFrame (ms) | ratio | ours → CSV (ms) "
             "| ratio | CPU ratio DataFrame | CPU ratio CSV |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in [*results, total(results)]:
        bold = "**" if r.query == "all" else ""
        lines.append(
            f"| {bold}{r.query}{bold} | {'' if bold else f'{r.rows:,}'} | {ms(r.raw)} | "
            f"{ms(r.frame)} | {bold}{r.frame / r.raw:.2f}×{bold} | {ms(r.csv)} | "
            f"{bold}{r.csv / r.raw:.2f}×{bold} | {r.frame_cpu / r.raw_cpu:.2f}× | "
            f"{r.csv_cpu / r.raw_cpu:.2f}× |")
    return "\n".join(lines)


def total(results: list[Measured]) -> Measured:
    """The sum of the medians, as one row."""
    return Measured("all", 0, *(sum(getattr(r, name) for r in results)
                                for name in ("raw", "frame", "csv", "raw_cpu", "frame_cpu",
                                             "csv_cpu")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--triples", type=count, default=1_000_000,
                        help="corpus size to generate and build (default 1M)")
    parser.add_argument("--graph", type=Path, default=None,
                        help="a built graph.nt to use instead of generating one")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mkg-bench",
                        help="where generated corpora and builds are kept and reused")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--repeats", type=int, default=7, help="timed rounds (medians)")
    parser.add_argument("--queries", nargs="+", default=None, metavar="NAME",
                        help="only these competency queries")
    parser.add_argument("--skip", nargs="+", default=[], metavar="NAME",
                        help="leave these competency queries out (e.g. one that takes minutes)")
    parser.add_argument("--readme", nargs="?", const=README, type=Path, default=None,
                        help="also write the table into bench/README.md")
    args = parser.parse_args(argv)
    graph_file = args.graph or ensure_graph(args.work, args.triples, args.seed)
    before = machine()
    results = measure(graph_file, args.repeats, args.queries, args.skip)
    after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    command = "python bench/overhead.py " + " ".join(argv if argv is not None else sys.argv[1:])
    slow = [r.query for r in results if max(r.frame, r.csv) > TARGET_RATIO * r.raw]
    slow_cpu = [r.query for r in results
                if max(r.frame_cpu, r.csv_cpu) > TARGET_RATIO * r.raw_cpu]
    text = "\n".join([
        f"Command: `{command}` ({graph_file.name}: {graph_file.stat().st_size / 1e6:.0f} MB)",
        "",
        f"Machine: {before}; load average at the end {after}",
        "",
        f"Medians of {args.repeats} interleaved rounds, wall clock in milliseconds; ratio = ours "
        f"/ raw (target ≤ {TARGET_RATIO}×); CPU ratios from this process's CPU time, which the "
        f"load of other processes disturbs less. Over the target by wall clock: "
        f"{', '.join(slow) or 'none'}; by CPU time: {', '.join(slow_cpu) or 'none'}.",
        "",
        table(results),
    ])
    print(text)
    if args.readme is not None:
        replace_section(args.readme, text, BEGIN, END, previous=PREVIOUS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
