"""Load test of `migration-kg serve`: many clients at once, loopback only, bounded in size and time.

Each client thread keeps one HTTP/1.1 connection and sends the shipped competency queries in
turn (parameters fixed by a trailing VALUES block, as `query --endpoint` does), asking for
SPARQL JSON. Every answer is checked: HTTP 200 and the same number of rows as the local
``run_query`` answer; anything else counts as a failed request, and the script exits 1 if there
is one. It prints a Markdown table (throughput, latency percentiles) for ``bench/README.md``.

``--slow N`` adds N clients that send nothing but a cross join that outlives the time limit,
each again as soon as it is answered, to show that slow queries do not stall quick ones (their
503 answers are expected, and counted apart). ``--hostile`` sends one query that builds a
string of gigabytes, measures the peak memory of the server's processes meanwhile (sampled
from /proc every 20 ms), and checks that the endpoint still answers afterwards.
``--compare-oxigraph`` runs the same load against ``oxigraph serve-read-only`` on the same
data, the faster but unsafe alternative, to put a number on what the safety costs; with
``--rounds N`` both servers stay up and the two loads alternate N times (ours first each
round), and the median requests per second of each, and their ratio, close the output.

    python bench/load_test.py --requests 4000 --clients 32 --slow 1 --compare-oxigraph
    python bench/load_test.py --requests 1500 --clients 32 --compare-oxigraph --rounds 5
    python bench/load_test.py --requests 1000 --clients 4 --slow 32 --hostile
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from migration_kg.api import load_graph
from migration_kg.builder import build
from migration_kg.sparql.bindings import bound_text
from migration_kg.sparql.files import shipped_queries
from migration_kg.sparql.run import run_query
from tests.helpers import descendants, resident_mb

OURS = "migration-kg serve"
OXIGRAPH = "oxigraph serve-read-only"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOSTILE_QUERY = ("SELECT (STRLEN(GROUP_CONCAT(CONCAT(STR(?a), STR(?b), STR(?c), STR(?d))))"
                 " AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
"""A string of (triples squared) times about 150 bytes: tens of gigabytes if nothing stops it."""


@dataclass
class Work:
    """The queries to send, with the row count each must answer."""

    texts: list[str]
    rows: list[int]
    names: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    slow_answers: dict[int, int] = field(default_factory=dict)
    wall: float = 0.0
    by_query: dict[int, list[float]] = field(default_factory=dict)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown memory"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{os.cpu_count()} CPUs ({cpu}), {memory} RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def loopback_only(url: str) -> None:
    host = urlsplit(url).hostname or ""
    ok = host == "localhost"
    if not ok:
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = False
    if not ok:
        raise SystemExit(f"refusing to load-test {url}: only loopback addresses are allowed")


def connect(url: str, timeout: float) -> http.client.HTTPConnection:
    """A connection to ``url``'s host, which must be a loopback address."""
    loopback_only(url)
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(graph_file: Path, workers: int, timeout: float,
          extra: tuple[str, ...] = ()) -> Iterator[tuple[str, int]]:
    """`migration-kg serve` on a free loopback port, stopped afterwards: its URL and pid."""
    command = [sys.executable, "-m", "migration_kg.cli", "serve", "--graph", str(graph_file),
               "--port", "0", "--workers", str(workers), "--timeout", str(timeout),
               "--no-site", *extra]  # the endpoint under load; the site would only slow the start
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        if " at http://" not in line:
            raise SystemExit(f"the server did not start: {line}{process.stderr.read()}")
        print(line.strip(), file=sys.stderr)
        yield line.split(" at ", 1)[1].split()[0], process.pid
    finally:
        process.terminate()
        process.wait(30)


def hostile(url: str, server_pid: int, graph: int) -> str:
    """Send HOSTILE_QUERY; the peak memory of any server process meanwhile, the answer, and
    whether quick queries still answer and idle workers are back to their size afterwards."""
    peak = {"mb": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in [server_pid, *descendants(server_pid)]:
                peak["mb"] = max(peak["mb"], resident_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    parts = urlsplit(url)
    connection = connect(url, 300)
    started = time.perf_counter()
    connection.request("POST", parts.path, body=urlencode({"query": HOSTILE_QUERY}),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace").strip().splitlines()[0]
    elapsed = time.perf_counter() - started
    connection.close()
    time.sleep(1.0)
    done.set()
    sampler.join()
    connection = connect(url, 60)
    connection.request("POST", parts.path, body=urlencode({"query": "ASK { ?s ?p ?o }"}),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    after = connection.getresponse().status
    connection.close()
    largest_now = max(resident_mb(pid) for pid in descendants(server_pid))
    return (f"| {graph} | HTTP {response.status} after {elapsed:.1f} s: {body[:90]} | "
            f"{peak['mb']:.0f} | {largest_now:.0f} | HTTP {after} |")


@contextmanager
def oxigraph_server(graph_file: Path, timeout: float) -> Iterator[str]:
    """`oxigraph serve-read-only` over the same triples, for comparison."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) \
        or shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("--compare-oxigraph needs the oxigraph server (pip install oxigraph)")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([binary, "load", "--location", folder, "--file", str(graph_file)],
                       check=True, capture_output=True)
        port = free_port()
        process = subprocess.Popen([binary, "serve-read-only", "--location", folder, "--bind",
                                    f"127.0.0.1:{port}", "--timeout-s", str(int(timeout))],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        try:
            assert process.stderr is not None
            line = process.stderr.readline()
            if "Listening" not in line:
                raise SystemExit(f"oxigraph did not start: {line}")
            yield f"http://127.0.0.1:{port}/query"
        finally:
            process.terminate()
            process.wait(30)


def client(url: str, work: Work, turns: Iterator[int], outcome: Outcome, lock: threading.Lock,
           deadline: float) -> None:
    """One client: one keep-alive connection, a query per turn until turns or time run out."""
    parts = urlsplit(url)
    connection = connect(url, 120)
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json"}
    while time.monotonic() < deadline:
        with lock:
            turn = next(turns, None)
        if turn is None:
            break
        index = turn % len(work.texts)
        body = urlencode({"query": work.texts[index]})
        started = time.perf_counter()
        try:
            connection.request("POST", parts.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            problem = None
            if response.status != 200:
                problem = f"HTTP {response.status}: {data[:200]!r}"
            else:
                answer = json.loads(data)
                rows = len(answer["results"]["bindings"]) if "results" in answer else 1
                if rows != work.rows[index]:
                    problem = f"{rows} rows instead of {work.rows[index]}"
        except (OSError, http.client.HTTPException, ValueError) as exc:
            elapsed = time.perf_counter() - started
            problem = f"{type(exc).__name__}: {exc}"
            connection.close()
            connection = connect(url, 120)
        with lock:
            outcome.latencies.append(elapsed)
            outcome.by_query.setdefault(index, []).append(elapsed)
            if problem:
                outcome.failures.append(problem)
    connection.close()


def slow_client(url: str, outcome: Outcome, stop: threading.Event,
                lock: threading.Lock) -> None:
    """Sends the cross join again and again until the others are done."""
    parts = urlsplit(url)
    while not stop.is_set():
        connection = connect(url, 120)
        try:
            connection.request("POST", parts.path, body=urlencode({"query": SLOW_QUERY}),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            status = connection.getresponse().status
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            connection.close()
        with lock:
            outcome.slow_answers[status] = outcome.slow_answers.get(status, 0) + 1


def run_load(url: str, work: Work, *, requests: int, clients: int, max_seconds: float,
             slow: int) -> Outcome:
    loopback_only(url)
    outcome = Outcome()
    lock = threading.Lock()
    turns = iter(range(requests))
    stop = threading.Event()
    slow_threads = [threading.Thread(target=slow_client, args=(url, outcome, stop, lock),
                                     daemon=True) for _ in range(slow)]
    for thread in slow_threads:
        thread.start()
    if slow:
        time.sleep(2.0)  # every slow query is running before the first quick one is sent
    started = time.perf_counter()
    deadline = time.monotonic() + max_seconds
    threads = [threading.Thread(target=client, args=(url, work, turns, outcome, lock, deadline))
               for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.wall = time.perf_counter() - started
    stop.set()
    for thread in slow_threads:
        thread.join(120)
    return outcome


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def row(name: str, outcome: Outcome, clients: int) -> str:
    done = len(outcome.latencies)
    ms = [v * 1000 for v in outcome.latencies]
    slow = ", ".join(f"{n}× HTTP {s}" for s, n in sorted(outcome.slow_answers.items())) or "–"
    return (f"| {name} | {clients} | {done} | {len(outcome.failures)} | "
            f"{done / outcome.wall:.0f} | {statistics.median(ms):.1f} | "
            f"{percentile(ms, 95):.1f} | {percentile(ms, 99):.1f} | {max(ms):.1f} | {slow} |")


def per_query(outcome: Outcome, work: Work) -> list[str]:
    """Latency of each query on its own: a quick lookup and a query of 0.3 s of CPU share one
    overall percentile, which says little about either."""
    lines = ["| query | requests | p50 ms | p99 ms | max ms |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for index, seconds in sorted(outcome.by_query.items(),
                                 key=lambda item: statistics.median(item[1])):
        ms = [v * 1000 for v in seconds]
        lines.append(f"| {work.names[index]} | {len(ms)} | {statistics.median(ms):.1f} | "
                     f"{percentile(ms, 99):.1f} | {max(ms):.1f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="example: python bench/load_test.py --requests 1000 "
                                            "--clients 4 --slow 32 --hostile")
    parser.add_argument("--graph", type=Path, default=None,
                        help="built graph file to serve (default: build the shipped data)")
    parser.add_argument("--requests", type=int, default=2000, help="requests in all (bound)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent client threads")
    parser.add_argument("--max-seconds", type=float, default=300,
                        help="stop sending after this long, whatever is left (bound)")
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 1),
                        help="the server's queries at full priority (--workers)")
    parser.add_argument("--timeout", type=float, default=5, help="the server's time limit")
    parser.add_argument("--slow", type=int, default=0, metavar="N",
                        help="also run N clients that send only a query beyond the time limit")
    parser.add_argument("--per-query", action="store_true",
                        help="also print each query's latency, for every row")
    parser.add_argument("--hostile", action="store_true",
                        help="send one query that builds a string of gigabytes; record the "
                             "peak memory of the server's processes")
    parser.add_argument("--server-option", action="append", default=[], metavar="OPT",
                        help="another option for `migration-kg serve` (repeatable)")
    parser.add_argument("--compare-oxigraph", action="store_true",
                        help="run the same load against oxigraph serve-read-only")
    parser.add_argument("--rounds", type=int, default=1,
                        help="with --compare-oxigraph: alternate the two loads this many times "
                             "and give the medians (default 1)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    if not 0 < args.requests <= 100_000 or not 0 < args.clients <= 512 \
            or not 0 <= args.slow <= 512 or not 1 <= args.rounds <= 50:
        parser.error("--requests must be 1..100000, --clients 1..512, --slow 0..512 and "
                     "--rounds 1..50")
    if args.rounds > 1 and (not args.compare_oxigraph or args.slow or args.hostile):
        parser.error("--rounds alternates the two servers: give it with --compare-oxigraph, "
                     "without --slow and --hostile")

    with tempfile.TemporaryDirectory() as folder:
        graph_file = args.graph
        if graph_file is None:
            build(None, Path(folder))
            graph_file = Path(folder) / "graph.nt"
        graph = load_graph(graph_file)
        queries = shipped_queries()
        work = Work([bound_text(q) for q in queries],
                    [len(run_query(graph, q).rows) for q in queries], [q.name for q in queries])
        print(f"{len(graph)} triples, {len(queries)} queries in turn", file=sys.stderr)
        header = ["| server | clients | requests | failed | requests/s | p50 ms | p95 ms | "
                  "p99 ms | max ms | slow query answers |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        lines: list[str] = []
        outcomes: list[Outcome] = []
        memory: list[str] = []
        rates: dict[str, list[float]] = {OURS: [], OXIGRAPH: []}
        name = f"{OURS} ({args.workers} workers)"

        def measure(label: str, url: str, slow: int = 0) -> None:
            outcome = run_load(url, work, slow=slow, requests=args.requests,
                               clients=args.clients, max_seconds=args.max_seconds)
            lines.append(row(label, outcome, args.clients))
            outcomes.append(outcome)
            if not slow:
                rates[label.split(" (")[0]].append(len(outcome.latencies) / outcome.wall)

        def warm(url: str) -> None:  # not recorded
            run_load(url, work, slow=0, requests=min(200, args.requests), clients=args.clients,
                     max_seconds=60)

        with serve(graph_file, args.workers, args.timeout,
                   tuple(args.server_option)) as (url, pid), \
                (oxigraph_server(graph_file, args.timeout) if args.compare_oxigraph
                 else nullcontext("")) as oxigraph_url:
            warm(url)
            if oxigraph_url:
                warm(oxigraph_url)
            for _ in range(args.rounds):
                measure(name, url)
                if oxigraph_url:
                    measure(f"{OXIGRAPH} (unsafe: follows SERVICE)", oxigraph_url)
            if args.slow:
                measure(f"{name} + {args.slow} slow client{'s' if args.slow > 1 else ''}",
                        url, slow=args.slow)
            if args.hostile:
                memory.append(hostile(url, pid, len(graph)))

    print("\n".join(header + lines))
    if args.rounds > 1:
        ours, theirs = (statistics.median(rates[k]) for k in (OURS, OXIGRAPH))
        each = ", ".join(f"{a / b:.2f}" for a, b in zip(rates[OURS], rates[OXIGRAPH],
                                                         strict=True))
        print(f"\nMedian of {args.rounds} rounds: {ours:.0f} requests/s against {theirs:.0f}, "
              f"{ours / theirs:.2f}× Oxigraph's server (each round: {each}).")
    if args.per_query:
        for label, outcome in zip(lines, outcomes, strict=False):
            print(f"\nPer query, {label.split('|')[1].strip()}:\n")
            print("\n".join(per_query(outcome, work)))
    if memory:
        print("\n| triples | hostile query answered | peak MB of any server process | "
              "largest server process after (MB) | a query after |\n"
              "| ---: | --- | ---: | ---: | --- |")
        print("\n".join(memory))
    print(f"\nMachine: {machine()}; load average at the start: {load_before}.")
    failures = [f for o in outcomes for f in o.failures]
    for failure in failures[:10]:
        print(f"failed: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
