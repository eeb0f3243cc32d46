"""push and query --endpoint against a real Oxigraph server that the tests start on loopback."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph

from migration_kg.api import build_graph
from migration_kg.errors import RemoteError
from migration_kg.remote import (
    AUTH_VARIABLE,
    DEFAULT_GRAPH_IRI,
    RESULTS_JSON,
    push,
    remote_query,
)
from migration_kg.sparql.bindings import with_values
from migration_kg.sparql.files import QueryFile, inline_query, shipped_queries
from migration_kg.sparql.run import run_query
from tests.helpers import (
    INVALID,
    MINI,
    WAIT_S,
    Running,
    answers_something,
    http,
    start_process,
    start_serve,
)
from tests.helpers import cli as cli_in_process

pytestmark = pytest.mark.server

GRAPH_IRI = "https://example.org/graphs/migration-kg-test"
SHIPPED = shipped_queries()


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) \
        or shutil.which("oxigraph")
    assert found, "the oxigraph server (pip package 'oxigraph', in the test extras) is missing"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "migration_kg.cli", *args], capture_output=True,
                          text=True, timeout=WAIT_S, check=False, env=env)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server on a free loopback port; its base URL."""
    location = tmp_path_factory.mktemp("oxigraph")
    running: Running | None = None
    for _ in range(3):  # the free port may be taken between probing and binding
        try:
            running = start_process([oxigraph_binary(), "serve", "--location", str(location),
                                     "--bind", f"127.0.0.1:{free_port()}"],
                                    "Listening for requests at ", wait_s=60)
            break
        except AssertionError:
            continue
    assert running is not None, "the Oxigraph server did not start"
    try:
        yield running.url.rstrip("/")
    finally:
        running.stop()


@pytest.fixture(scope="module")
def pushed(oxigraph: str, built: Path) -> str:
    """The built graph pushed with the CLI into GRAPH_IRI; the store's base URL."""
    done = cli("push", f"{oxigraph}/store", "--graph", GRAPH_IRI, "--replace",
               "--input", str(built))
    assert done.returncode == 0, done.stderr
    assert f"replaced <{GRAPH_IRI}>" in done.stderr
    return oxigraph


def count_in(store: str, graph_iri: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    params = {"query": query, **({"default-graph-uri": graph_iri} if graph_iri else {})}
    status, _, body = http(f"{store}/query?" + urlencode(params),
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def union_size(*graphs: Graph) -> int:
    """Triples in the union under RDF 1.1 term equality ("x" is "x"^^xsd:string; rdflib
    tells them apart, stores do not)."""
    union = ox.Store()
    for graph in graphs:
        union.load(graph.serialize(format="nt", encoding="utf-8"),
                   format=ox.RdfFormat.N_TRIPLES)
    return len(union)


def test_there_are_competency_queries_to_compare() -> None:
    assert len(SHIPPED) >= 10


def test_push_writes_the_whole_graph_into_the_named_graph(pushed: str, local: Graph) -> None:
    assert count_in(pushed, GRAPH_IRI) == len(local) > 1000
    assert count_in(pushed, "") == 0  # nothing leaked into the store's default graph


@pytest.mark.parametrize("query", SHIPPED, ids=[q.name for q in SHIPPED])
def test_every_competency_query_answers_remotely_as_locally(pushed: str, local: Graph,
                                                             query: QueryFile) -> None:
    remote = remote_query(f"{pushed}/query", query, graph_iri=GRAPH_IRI)
    expected = run_query(local, query)
    assert remote.variables == expected.variables
    assert Counter(remote.text_rows()) == Counter(expected.text_rows())
    assert expected.rows or not answers_something(query.name), \
        f"{query.name} answers nothing locally; the comparison is vacuous"


def test_a_parameter_reaches_the_remote_query(pushed: str, local: Graph) -> None:
    query = next(q for q in SHIPPED if q.params)
    param = query.params[0].name
    children = "topic:children"
    from migration_kg.sparql.bindings import term_from_text

    bound = {param: term_from_text(children)}
    remote = remote_query(f"{pushed}/query", query, bound, graph_iri=GRAPH_IRI)
    expected = run_query(local, query, bound)
    assert Counter(remote.text_rows()) == Counter(expected.text_rows())
    default = run_query(local, query)
    assert Counter(expected.text_rows()) != Counter(default.text_rows())
    assert f"VALUES (?{param})" in with_values(query, bound)


def test_the_cli_query_with_endpoint_prints_what_the_local_query_prints(
        pushed: str, built: Path) -> None:
    remote = cli("query", "instrument-co-citation", "--endpoint", f"{pushed}/query",
                 "--graph", GRAPH_IRI, "--format", "csv")
    here = cli("query", "instrument-co-citation", "--graph", str(built), "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == here.stdout
    assert len(here.stdout.splitlines()) > 3


def test_ask_and_construct_remotely(pushed: str, local: Graph) -> None:
    ask = inline_query("ASK { ?s a <https://w3id.org/migration-kg/ontology#Person> }")
    assert remote_query(f"{pushed}/query", ask, graph_iri=GRAPH_IRI).ask is True
    construct = inline_query("PREFIX mkg: <https://w3id.org/migration-kg/ontology#> "
                             "CONSTRUCT { ?p a mkg:Person } WHERE { ?p a mkg:Person }")
    remote = remote_query(f"{pushed}/query", construct, graph_iri=GRAPH_IRI)
    assert remote.rows == run_query(local, construct).rows
    assert len(remote.rows) == 14


def test_merge_adds_and_replace_replaces(oxigraph: str, local: Graph) -> None:
    mini = build_graph(MINI)
    target = "https://example.org/graphs/merge-test"
    push(local, f"{oxigraph}/store", graph_iri=target, replace=True)
    push(mini, f"{oxigraph}/store", graph_iri=target, replace=False)
    assert count_in(oxigraph, target) == union_size(local, mini) > len(local)
    push(mini, f"{oxigraph}/store", graph_iri=target, replace=True)
    assert count_in(oxigraph, target) == len(mini)


def test_the_default_graph_can_be_the_target(oxigraph: str, built: Path) -> None:
    done = cli("push", f"{oxigraph}/store", "--graph", "default", "--input", str(built))
    assert done.returncode == 0, done.stderr
    answer = cli("query", "speakers", "--endpoint", f"{oxigraph}/query", "--graph", "default",
                 "--format", "csv")
    here = cli("query", "speakers", "--graph", str(built), "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert sorted(answer.stdout.splitlines()) == sorted(here.stdout.splitlines())


def test_query_endpoint_works_against_our_own_server(built: Path) -> None:
    server = start_serve(built, "--workers", "1")
    try:
        answer = cli("query", "speakers", "--endpoint", server.url, "--graph", "default",
                     "--format", "csv")
        named = cli("query", "speakers", "--endpoint", server.url, "--format", "csv")
    finally:
        server.stop()
    here = cli("query", "speakers", "--graph", str(built), "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert sorted(answer.stdout.splitlines()) == sorted(here.stdout.splitlines())
    assert named.returncode == 2 and "default-graph-uri is not supported" in named.stderr


# ------------------------------------------------------------------------- clear errors


def test_connection_refused_exits_2(built: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    done = cli("push", f"{url}/store", "--input", str(built))
    assert done.returncode == 2
    assert "cannot reach the store" in done.stderr and "fix:" in done.stderr
    done = cli("query", "speakers", "--endpoint", f"{url}/query")
    assert done.returncode == 2 and "cannot reach the store" in done.stderr


def test_the_wrong_endpoint_exits_2_with_the_stores_message(oxigraph: str, built: Path) -> None:
    done = cli("push", f"{oxigraph}/query", "--input", str(built))
    assert done.returncode == 2
    assert "404" in done.stderr and "graph-store endpoint" in done.stderr


@pytest.mark.parametrize("args", [
    ["push", "file:///etc/passwd"],
    ["push", "ftp://127.0.0.1/store"],
    ["push", "http://user:secret@127.0.0.1:1/store"],
    ["push", "http://127.0.0.1:1/store", "--graph", "not an iri"],
    ["push", "http://127.0.0.1:1/store", "--replace", "--merge"],
    ["query", "speakers", "--endpoint", "file:///etc/passwd"],
    ["query", "speakers", "--endpoint", "http://127.0.0.1:1/query", "--graph", "<bad>"],
    ["query", "speakers", "--endpoint", "http://127.0.0.1:1/query", "--bind", "nope=1"],
])
def test_bad_input_exits_2_before_any_request(args: list[str]) -> None:
    done = cli(*args)
    assert done.returncode == 2, done.stderr
    assert "cannot reach" not in done.stderr
    assert "secret" not in done.stderr


def test_service_is_refused_before_sending() -> None:
    with socket.socket() as trap:
        trap.bind(("127.0.0.1", 0))
        trap.listen()
        trap.settimeout(1.0)
        endpoint = f"http://127.0.0.1:{trap.getsockname()[1]}/query"
        done = cli("query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> "
                   "{ ?s ?p ?o } }", "--endpoint", endpoint)
        assert done.returncode == 2 and "SERVICE is refused" in done.stderr
        with pytest.raises(TimeoutError):
            trap.accept()


class _Stub(BaseHTTPRequestHandler):
    """A store that redirects /moved and records what /store receives."""

    seen: list[dict[str, str]] = []  # noqa: RUF012

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        if self.path.startswith("/moved"):
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        _Stub.seen.append({"path": self.path, "length": str(length),
                           **{k.lower(): v for k, v in self.headers.items()}})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.seen.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_redirects_are_not_followed(stub: str) -> None:
    mini = build_graph(MINI)
    with pytest.raises(RemoteError, match=r"redirect to http://127\.0\.0\.1:9/elsewhere"):
        push(mini, f"{stub}/moved/store")
    assert _Stub.seen == []


def test_credentials_come_from_the_environment(stub: str, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setenv(AUTH_VARIABLE, "curator:s3cret")
    mini = build_graph(MINI)
    result = push(mini, f"{stub}/store")
    assert result.status == 204 and result.triples == len(mini)
    (request,) = _Stub.seen
    assert "authorization" not in request  # never sent before a challenge (see below)
    assert request["content-type"] == "application/n-triples"
    assert request["path"] == "/store?" + urlencode({"graph": DEFAULT_GRAPH_IRI})
    assert int(request["length"]) > 0


# ------------------------------------------------------------------------- a hostile store

CASES = yaml.safe_load((INVALID / "remote-results" / "cases.yaml").read_text(encoding="utf-8"))
SECRET_TOKEN = "tok3n-in-the-query-string"


class _Hostile(BaseHTTPRequestHandler):
    """A store that answers badly on purpose; ``seen`` records every request's headers."""

    protocol_version = "HTTP/1.1"
    seen: list[dict[str, str]] = []  # noqa: RUF012

    def _answer(self, status: int, body: bytes, content_type: str = RESULTS_JSON,
                headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        _Hostile.seen.append({"path": self.path, **{k.lower(): v
                                                    for k, v in self.headers.items()}})
        path = self.path.split("?")[0]
        if path.startswith("/results/"):
            body = CASES["cases"][int(path.rsplit("/", 1)[1])]["body"]
            self._answer(200, body.encode())
        elif path == "/ansi":
            self._answer(200, json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
                {"s": {"type": "literal", "value": "\x1b]0;owned\x07\x1b[2J\x9b31mred"}}]}}
            ).encode())
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", RESULTS_JSON)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(2000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", RESULTS_JSON)
            self.end_headers()  # no length: the client only learns the size by reading
            with contextlib.suppress(OSError):
                self.wfile.write(b'{"head": {"vars": ["s"]}, "results": {"bindings": [')
                for _ in range(200):
                    self.wfile.write(b'{"s": {"type": "literal", "value": "'
                                     + b"x" * 65536 + b'"}},')
            self.close_connection = True
        elif path == "/basic":
            if self.headers.get("Authorization", "").startswith("Basic "):
                self._answer(204, b"")
            else:
                self._answer(401, b"", headers={"WWW-Authenticate": 'Basic realm="store"'})
        elif path == "/digest":
            if self.headers.get("Authorization", "").startswith("Digest "):
                self._answer(204, b"")
            else:
                self._answer(401, b"", headers={"WWW-Authenticate":
                                                'Digest realm="SPARQL", nonce="abc", qop="auth",'
                                                ' algorithm="MD5"'})
        elif path == "/error":
            echo = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
            body = (f"Internal error \x1b[31m while running your query\nat {self.path}\n"
                    f"Authorization: Basic Y3VyYXRvcjpzM2NyZXQtcGFzc3dvcmQ=\nYou sent:\n{echo}\n"
                    + "\n".join(f"stack line {i}" for i in range(50)))
            self._answer(500, body.encode(), "text/plain")
        else:
            self._answer(404, b"no such thing", "text/plain")

    do_GET = do_POST = do_PUT = _handle

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Hostile.seen.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SELECT = inline_query("SELECT ?s WHERE { ?s ?p ?o }")


def test_there_are_malformed_documents() -> None:
    assert len(CASES["cases"]) >= 25


@pytest.mark.parametrize("number", range(len(CASES["cases"])),
                         ids=[c["why"][:40] for c in CASES["cases"]])
def test_a_malformed_answer_is_an_error_never_a_traceback(hostile: str, number: int) -> None:
    expected = CASES["cases"][number]["message"]
    with pytest.raises(RemoteError, match=re.escape(expected)):
        remote_query(f"{hostile}/results/{number}", SELECT, graph_iri="default")
    done = cli_in_process("query", "-e", SELECT.text, "--endpoint",
                          f"{hostile}/results/{number}", "--graph", "default")
    assert done.code == 2 and expected in done.err and "unexpected" not in done.err


def test_a_store_cannot_drive_the_terminal(hostile: str) -> None:
    done = cli_in_process("query", "-e", SELECT.text, "--endpoint", f"{hostile}/ansi",
                          "--graph", "default")
    assert done.code == 0
    assert not any(c in done.out for c in "\x1b\x07\x9b")
    assert "\\u001b]0;owned" in done.out


def test_a_store_that_drips_its_answer_is_cut_off_at_the_deadline(hostile: str) -> None:
    """It held the command for 302 s, then crashed (IncompleteRead)."""
    done = cli_in_process("query", "-e", SELECT.text, "--endpoint", f"{hostile}/drip",
                          "--graph", "default", "--timeout", "1.5")
    assert done.code == 2
    assert "did not answer in full within 1.5 s (--timeout)" in done.err
    assert "unexpected" not in done.err


def test_an_answer_over_the_limit_is_refused_as_it_arrives(hostile: str) -> None:
    with pytest.raises(RemoteError, match="larger than the limit of 1048576 bytes"):
        remote_query(f"{hostile}/big", SELECT, graph_iri="default", max_bytes=1024 * 1024)


def test_credentials_are_sent_only_in_answer_to_a_challenge(
        hostile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AUTH_VARIABLE, "curator:s3cret")
    mini = build_graph(MINI)
    assert push(mini, f"{hostile}/basic").status == 204
    first, second = _Hostile.seen
    assert "authorization" not in first
    assert second["authorization"] == "Basic Y3VyYXRvcjpzM2NyZXQ="  # curator:s3cret
    _Hostile.seen.clear()
    assert push(mini, f"{hostile}/digest").status == 204
    first, second = _Hostile.seen  # the Digest answer, not a Basic header in its place
    assert "authorization" not in first
    assert second["authorization"].startswith("Digest username=\"curator\"")


def test_secrets_never_appear_in_messages(hostile: str, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.setenv(AUTH_VARIABLE, "curator:s3cret-password")
    secrets = ("s3cret-password", "Y3VyYXRvcjpzM2NyZXQtcGFzc3dvcmQ=", SECRET_TOKEN)
    runs = [
        cli_in_process("push", "htp://curator:s3cret-password@example.org/store"),
        cli_in_process("query", "-e", SELECT.text, "--endpoint",
                       f"{hostile}/error?key={SECRET_TOKEN}", "--graph", "default"),
        cli_in_process("query", "-e", SELECT.text, "--endpoint",
                       f"{hostile}/missing?key={SECRET_TOKEN}", "--graph", "default"),
        cli_in_process("query", "-e", SELECT.text, "--endpoint",
                       f"http://127.0.0.1:{free_port()}/query?key={SECRET_TOKEN}"),
    ]
    for done in runs:
        assert done.code == 2, done.err
        assert not any(secret in done.err for secret in secrets), done.err
        assert "unexpected" not in done.err
    error = runs[1].err
    assert "the store answered 500" in error and "?…" in error
    assert "[hidden]" in error and "\x1b" not in error
    assert error.count("stack line") <= 5 and "[...]" in error  # shortened


def test_the_error_page_keeps_what_helps(hostile: str) -> None:
    with pytest.raises(RemoteError) as caught:
        remote_query(f"{hostile}/error", SELECT, graph_iri="default")
    assert "Internal error" in caught.value.message and caught.value.hint
