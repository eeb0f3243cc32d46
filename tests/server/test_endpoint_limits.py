"""The endpoint stays fair and bounded: slow queries drop to the lowest CPU priority, memory is
capped per worker and heavy workers are replaced, answers have a byte limit, connections a
read timeout, disconnects one log line each, and nothing outlives ``kill -9`` of ``serve``.

A real ``migration-kg serve`` runs as a subprocess; timeouts here only keep a broken server
from hanging the suite, and nothing asserts how fast anything is.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from migration_kg.server.settings import Settings
from migration_kg.server.workers import WorkerPool, prepare_store
from tests.helpers import WAIT_S, Running, descendants, http, resident_mb, start_serve

pytestmark = pytest.mark.server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOSTILE = ("SELECT (STRLEN(GROUP_CONCAT(CONCAT(STR(?a), STR(?b), STR(?c), STR(?d)))) AS ?n) "
           "WHERE { ?a ?b ?c . ?d ?e ?f }")
"""A string of about 150 bytes times the triples squared: 14 GB on the shipped graph."""


def ask(url: str, query: str) -> tuple[int, bytes]:
    status, _, body = http(url, data=urlencode({"query": query}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    return status, body


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def nice(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    except (OSError, IndexError, ValueError):
        return None


def wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def limited(built: Path) -> Iterator[Running]:
    # The time limit is long (under the client's WAIT_S) so that the memory cap, not the clock,
    # stops the hostile query: in the long lane at nice 19 on a machine at load 30-50 it took
    # over 60 s to reach 300 MB and got 503 instead of 422.
    running = start_serve(built, "--timeout", "110", "--max-memory", "300", "--max-answer", "1",
                          "--max-results", "100000", "--read-timeout", "2", "--workers", "2")
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("query", ["", "  \n", "# only a comment\n# and another"])
def test_an_empty_query_is_400_not_an_update(limited: Running, query: str) -> None:
    status, body = ask(limited.url, query)
    assert status == 400 and b"the query is empty" in body


def test_slow_queries_drop_to_the_lowest_priority_while_quick_ones_answer(
        limited: Running) -> None:
    """Ordering and priorities, not speed: with three slow queries running at nice 19, quick
    queries are answered before any slow one ends."""
    outcomes: list[int] = []
    threads = [threading.Thread(target=lambda: outcomes.append(ask(limited.url, SLOW)[0]))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    wait_until(lambda: sum(nice(p) == 19 for p in descendants(limited.process.pid)) >= 3,
               "three workers at nice 19")
    quick = [ask(limited.url, "ASK { ?s ?p ?o }")[0] for _ in range(5)]
    assert quick == [200] * 5 and outcomes == []
    lowered = [p for p in descendants(limited.process.pid) if nice(p) == 19]
    for pid in lowered:
        os.kill(pid, signal.SIGKILL)  # end the slow ones now rather than in 60 s
    for thread in threads:
        thread.join(WAIT_S)
    assert len(outcomes) == 3 and set(outcomes) <= {422, 500, 503}
    assert ask(limited.url, "ASK { ?s ?p ?o }")[0] == 200


def test_a_hostile_query_is_stopped_at_the_memory_limit(limited: Running) -> None:
    """It built a 1 GB string, grew its worker to 2.6 GB and answered 200; the idle worker kept
    2.3 GB."""
    status, body = ask(limited.url, HOSTILE)
    assert status == 422 and b"300 MB a query may use (--max-memory)" in body
    assert ask(limited.url, "ASK { ?s ?p ?o }")[0] == 200
    sizes = [resident_mb(p) for p in descendants(limited.process.pid)]
    assert sizes and max(sizes) < 256


def test_an_answer_over_the_byte_limit_is_refused_whole(limited: Running) -> None:
    query = "SELECT (CONCAT(STR(?s), STR(?p), STR(?o)) AS ?x) WHERE { ?s ?p ?o }"
    status, body = ask(limited.url, query)
    assert status == 422 and b"larger than 1048576 bytes" in body
    status, body = ask(limited.url, query + " LIMIT 10")
    assert status == 200 and body.count(b'"x"') == 11


def raw_connection(url: str) -> socket.socket:
    parts = urlsplit(url)
    connection = socket.create_connection((parts.hostname, parts.port), timeout=WAIT_S)
    return connection


def read_all(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("sent", [
    b"",  # connects and says nothing
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # headers never finished
])
def test_a_connection_that_sends_no_whole_request_is_closed_with_408(
        limited: Running, sent: bytes) -> None:
    with raw_connection(limited.url) as connection:
        connection.sendall(sent)
        answer = read_all(connection)
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_body_that_never_arrives_closes_the_connection(limited: Running) -> None:
    with raw_connection(limited.url) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                           b"application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
        assert read_all(connection) == b""  # closed; nobody left to answer


def test_a_keep_alive_connection_is_closed_when_idle(limited: Running) -> None:
    with raw_connection(limited.url) as connection:
        connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = read_all(connection)  # the answer, then the close after the idle time
    assert answer.startswith(b"HTTP/1.1 200 ") and b"boolean" in answer


def test_each_client_that_leaves_mid_request_is_one_log_line(built: Path) -> None:
    """64 disconnects used to log 2,903 lines of tracebacks."""
    server = start_serve(built, "--read-timeout", "30")
    try:
        for _ in range(20):
            with raw_connection(server.url) as connection:
                connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                   b"application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
        wait_until(lambda: sum("disconnected before sending its whole request" in line
                               for line in server.log) >= 20, "twenty log lines")
        assert ask(server.url, "ASK { ?s ?p ?o }")[0] == 200
    finally:
        server.stop()
    log = "".join(server.log)
    assert log.count("disconnected before sending its whole request") == 20
    assert "Traceback" not in log and "Exception" not in log


def test_nothing_outlives_kill_9_of_serve(built: Path, tmp_path: Path) -> None:
    """Two busy workers and the resource tracker kept running, and the store stayed."""
    command = [sys.executable, "-m", "migration_kg.cli", "serve", "--graph", str(built),
               "--port", "0", "--timeout", "600"]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp_path)})
    assert process.stderr is not None
    line = process.stderr.readline()
    url = line.split(" at ", 1)[1].split()[0]
    def slow() -> None:
        with contextlib.suppress(OSError):  # the server is killed under it
            ask(url, SLOW)

    for _ in range(2):
        threading.Thread(target=slow, daemon=True).start()
    wait_until(lambda: sum(nice(p) == 19 for p in descendants(process.pid)) >= 2,
               "two busy workers")
    below = descendants(process.pid)
    assert len(below) >= 4 and [p.name[:19] for p in tmp_path.iterdir()] == [
        "migration-kg-serve-"]
    process.kill()
    process.wait(WAIT_S)
    wait_until(lambda: not any(alive(p) for p in below), "every worker and the supervisor gone")
    wait_until(lambda: list(tmp_path.iterdir()) == [], "the temporary store removed")


def test_a_worker_heavy_after_a_query_is_replaced(built: Path, tmp_path: Path) -> None:
    """A worker whose memory passed ``recycle_mb`` answers and ends; the next query gets
    another worker."""
    from migration_kg.api import load_graph

    store = tmp_path / "store"
    prepare_store(load_graph(built), store)

    async def scenario() -> tuple[list[int], list[int], int]:
        pool = WorkerPool(store, Settings(recycle_mb=1, workers=1))
        await pool.start()
        try:
            first = [w.pid for w in pool._idle]
            reply = await pool.run("ASK { ?s ?p ?o }", None)
            await asyncio.sleep(0.5)
            return first, [w.pid for w in pool._idle], reply.status
        finally:
            await pool.stop()

    first, after, status = asyncio.run(scenario())
    assert status == 200
    assert first and not set(first) & set(after) and after
