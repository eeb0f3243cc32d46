"""No query of any kind reaches the network: a differential test against a trap.

Queries are generated with escapes, comments, long strings, backslashes and control characters
around ``SERVICE``, ``FROM`` and ``LOAD`` clauses that point at a trap (a listener on loopback
that counts connections). First, without our walls, Oxigraph and rdflib do connect to it: the
set has teeth. Then every query goes through the API (both stores), the command line,
``--endpoint`` (whose endpoint is the trap itself) and the server: the trap hears nothing.
Behind the checks, a command-line process has no network at all (the second wall): with the
checks switched off, the trap still hears nothing.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph

from migration_kg.api import load_graph, query_result
from migration_kg.errors import MigrationKGError
from tests.fuzz import Trap, bypasses, query_case
from tests.helpers import WAIT_S, Running, cli, http, start_serve


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    listener = Trap()
    yield listener
    listener.close()


def dangerous(trap: Trap) -> list[str]:
    """Generated queries that each name the trap in a SERVICE, FROM or LOAD clause."""
    handmade = [
        f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{trap.url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ VALUES ?endpoint {{ <{trap.url}> }} SERVICE ?endpoint {{ }} }}",
        f"PREFIX t: <{trap.url}> SELECT * WHERE {{ SERVICE t:sparql {{ }} }}",
        f"LOAD <{trap.url}>",
        f"SELECT * WHERE {{ ?s ?p ?o . # comment\r\nSERVICE SILENT <{trap.url}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p '''{'x' * 50_000}''' . SERVICE <{trap.url}> {{ }} }}",
    ]
    generated = [query_case(10, index, trap.url, []) for index in range(400)]
    return handmade + bypasses(trap.url) + [q for q in generated if trap.url in q]


def test_the_generated_queries_do_reach_the_trap_without_our_walls(trap: Trap) -> None:
    """Oxigraph runs the hidden SERVICE of the bypasses; rdflib's engine follows SERVICE."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"),
                      ox.Literal("o")))
    before = trap.connections
    for query in bypasses(trap.url)[:4]:
        try:
            result = store.query(query)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
        except (OSError, SyntaxError, RuntimeError):
            pass
    assert trap.connections - before >= 4
    before = trap.connections
    with contextlib.suppress(Exception):
        list(Graph().query(f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}"))
    assert trap.connections > before


def test_no_query_reaches_the_network_through_the_api(trap: Trap, built: Path) -> None:
    queries = dangerous(trap)
    assert len(queries) >= 100
    before = trap.connections
    for graph in (load_graph(built), load_graph(built, store="memory")):
        for query in queries:
            with pytest.raises(MigrationKGError):
                query_result(graph, query)
    assert trap.connections == before


def test_no_query_reaches_the_network_through_the_command_line(trap: Trap, built: Path
                                                               ) -> None:
    before = trap.connections
    for query in dangerous(trap)[::4]:
        done = cli("query", "-e", query, "--graph", built)
        assert done.code == 2, done.err
        assert "unexpected" not in done.err and "Traceback" not in done.err
    assert trap.connections == before


def test_no_query_is_sent_to_an_endpoint_if_it_would_reach_further(trap: Trap) -> None:
    """The endpoint is the trap: a query is refused before anything is sent."""
    before = trap.connections
    for query in dangerous(trap)[::4]:
        done = cli("query", "-e", query, "--endpoint", trap.url + "query")
        assert done.code == 2, done.err
    assert trap.connections == before


def _program(*argv: str, checks: bool) -> subprocess.CompletedProcess[str]:
    """`migration-kg` as a program; ``checks=False`` switches the query checks off."""
    script = ("import sys\nfrom migration_kg.sparql import safety\n"
              + ("" if checks else "safety._verdict = lambda text: None\n")
              + "from migration_kg.cli import main\n"
              "raise SystemExit(main(sys.argv[1:], isolate=sys.argv[1] != 'serve'))\n")
    return subprocess.run([sys.executable, "-c", script, *argv], capture_output=True,
                          text=True, timeout=WAIT_S, check=False)


def test_the_command_line_has_no_network_even_with_the_checks_off(trap: Trap, built: Path
                                                                  ) -> None:
    """The second wall: a local query runs in a process with an empty network namespace."""
    query = bypasses(trap.url)[0]
    before = trap.connections
    isolated = _program("query", "-e", query, "--graph", str(built), checks=False)
    assert trap.connections == before, isolated.stderr
    assert isolated.returncode == 2  # Oxigraph could not reach the SERVICE
    # The same without the namespace (as run inside a notebook) does reach the trap: the wall
    # above is what stopped it.
    script = ("import sys\nfrom migration_kg.sparql import safety\n"
              "safety._verdict = lambda text: None\nfrom migration_kg.cli import main\n"
              "raise SystemExit(main(sys.argv[1:]))\n")
    subprocess.run([sys.executable, "-c", script, "query", "-e", query, "--graph", str(built)],
                   capture_output=True, text=True, timeout=WAIT_S, check=False)
    assert trap.connections > before


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[Running]:
    running = start_serve(built, "--timeout", "10")
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.server
def test_no_query_reaches_the_network_through_the_server(trap: Trap, server: Running) -> None:
    """GET, POST as a form and POST direct: every one refused (400, 403 for LOAD) before it
    runs, the workers' own namespace aside."""
    before = trap.connections
    for number, query in enumerate(dangerous(trap)[::3]):
        way = number % 3
        if way == 0:
            status, _, body = http(server.url + "?" + urlencode({"query": query}))
        elif way == 1:
            status, _, body = http(server.url, data=urlencode({"query": query}).encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        else:
            status, _, body = http(server.url, data=query.encode(),
                                   headers={"Content-Type": "application/sparql-query"})
        assert status in (400, 403), (status, body, query)
    assert trap.connections == before
