"""A seeded fuzzer of everything a user can hand the tools: corpora, RDF files and queries.

Every case is made from ``(kind, seed, index)`` alone, so any failure can be replayed
(``python bench/fuzz.py --replay build:1:4242``). Three kinds:

* ``build``: the mini corpus (``tests/data/valid/mini``) with one to three mutations of its YAML
  (or its report text): the hostile values that issue 10 found (``!!float x``, a 4,400-digit
  integer, 10,000-deep nesting, ``2006-13-45``, ``"\\U00110000"``, ``%YAML 1.3``, a NUL in
  ``source_file``, an alias bomb, control characters and line separators in text, a
  30,000-character quote missing from the report, ``/dev/zero``, ``.nan``, ``!!python/...``)
  and blind ones (lines deleted, duplicated or re-indented, bytes flipped, files cut short);
  then ``migration-kg build`` into a folder holding earlier outputs;
* ``rdf``: the built mini graph in one of six formats, mutated (DOCTYPE entity bombs and
  external entities, remote and nested JSON-LD contexts, terms over 16 MiB, invalid IRIs, deep
  nesting, UTF-16, bytes flipped, files cut short, a symlink to ``/dev/zero``); then
  ``query``, ``validate`` or ``stats`` on it;
* ``query``: shipped and hostile queries with comments, strings, escapes, control characters,
  backslashes and ``SERVICE``/``FROM``/``LOAD`` clauses inserted (only insertions, and no
  inserted pattern of free variables: a query whose joins a deletion broke, or that gained a
  cross product, could legitimately run for hours locally); run through the API on both
  stores and now and then through ``migration-kg query``.

Every URL in a generated input points at a trap: a listener on loopback that counts the
connections it gets. A case fails if it ends in a traceback or an error the command line did
not expect (its catch-all "unexpected" message, "out of memory", a crashed worker), runs past
the time limit, makes a connection (to the trap, or any ``socket.connect`` from Python), or,
for a failed build, changes or leaves behind anything in the output folder.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import random
import resource
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "valid" / "mini"
REPORT = "reports/2010-07-01-test-workshop"
KINDS = ("build", "rdf", "query")
CASE_TIMEOUT_S = 60.0
"""A case running longer than this counts as a timeout (as in issue 10's fuzzing run)."""
MEMORY_LIMIT = 3 * 1024 ** 3
"""Address space of a fuzzing worker: a case that needs more is a memory error."""
FALLBACKS = ("Traceback", "error: unexpected", "error: out of memory",
             "nested too deeply to process")
"""What the command line prints when the library did not handle an input itself."""
SENTINELS = {"graph.ttl": b"previous turtle\n", "graph.nt": b"previous ntriples\n",
             "graph.jsonld": b"{\"previous\": true}\n"}


# ----------------------------------------------------------------------------- the trap


class Trap:
    """A loopback listener that accepts, counts and closes every connection it gets."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = int(self.socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            with contextlib.suppress(OSError):
                connection.settimeout(1)
                connection.recv(4096)
                connection.sendall(b"HTTP/1.1 500 Trap\r\ncontent-length: 0\r\n\r\n")
            connection.close()

    def close(self) -> None:
        self.socket.close()


# ----------------------------------------------------------------------------- mutations


def _alias_bomb() -> str:
    lines = ["bomb:", "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def hostile_values(rng: random.Random) -> list[str]:
    """Values put in place of a YAML scalar: each cause of issue 10, and more of their kind."""
    words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(5000))[:30000]
    return [
        "!!float x", "!!python/object/apply:os.system [\"true\"]", "!!python/name:os.system",
        "!!binary AAAA", "!!set {a: null}", "!!str 5", "! x", "!custom y",
        "1" + "0" * 4400, "-" + "9" * 5000, "1e999", ".nan", ".inf", "-.inf", "0x1F", "0o17",
        "2006-13-45", "2006-02-30", "0000-00-00", "2006-06-27T25:00:00",
        '"\\U00110000"', '"\\ud800"', '"a\\0b"', '"\\e[31mred\\e[0m"', '"bell\\a"',
        '"form\\ffeed"', '"vertical\\vtab"', '"next\\Nline"', '"line\\Lseparator"',
        '"para\\Pgraph"', '"esc\\x1b]0;title\\x07"', '"del\\x7f"', '"c1\\x9b31m"',
        "[" * 10000 + "]" * 10000, "{a: " * 200 + "1" + "}" * 200,
        "&anchor value", "*nowhere", "[*a, *a]", "~", "null", "''", "[]", "{}", "yes",
        f'"{words}"', "/dev/zero", "../../../etc/passwd", '"source.txt\\0"', "/proc/self/mem",
        "x" * 200_000, "\u202eevil\u202c", "\"mixed \\t tab\"", "? complex\n: key",
    ]


def _scalar_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n"))
            if ":" in line and not line.lstrip().startswith("#")
            and line.split(":", 1)[1].strip()]


def _replace_value(text: str, rng: random.Random, value: str) -> str:
    lines = text.split("\n")
    candidates = _scalar_lines(text)
    if not candidates:
        return text + f"\nextra: {value}\n"
    index = rng.choice(candidates)
    key = lines[index].split(":", 1)[0]
    lines[index] = f"{key}: {value}"
    return "\n".join(lines)


def _blind(text: str, rng: random.Random) -> str:
    """A mutation that knows nothing of YAML."""
    lines = text.split("\n")
    choice = rng.randrange(9)
    i = rng.randrange(len(lines))
    if choice == 0:
        del lines[i]
    elif choice == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif choice == 2:
        lines[i] = "  " + lines[i]
    elif choice == 3:
        lines[i] = lines[i][2:]
    elif choice == 4:
        lines[i] = lines[i].replace(" ", "\t", 1)
    elif choice == 5:
        return text[:rng.randrange(len(text) + 1)]
    elif choice == 6:
        return rng.choice(["%YAML 1.3\n---\n", "%YAML 1.1\n---\n", "%TAG ! tag:x,2000:\n---\n",
                           "\ufeff", "---\n", ""]) + text + rng.choice(["\n---\nx: 1\n", "\n...\n",
                                                                      "", "\n" + _alias_bomb()])
    elif choice == 7:
        position = rng.randrange(len(text) + 1)
        return text[:position] + rng.choice(["\x00", "\x1b", "\u2028", "\x85", ":", "- ", "&a ",
                                              "*a", "{", "[", "\"", "'", "!!", "<<: {a: 1}\n",
                                              "\t", "\r"]) + text[position:]
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _read(path: Path) -> str:
    """A file's text; bytes an earlier mutation made invalid are kept as they are."""
    return path.read_text(encoding="utf-8", errors="surrogateescape")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def corpus_case(seed: int, index: int, data: Path) -> str:
    """Mutate the copy of the mini corpus at ``data``; a short description of what was done."""
    rng = random.Random(f"build:{seed}:{index}")
    files = sorted(str(p.relative_to(data)) for p in data.rglob("*.yaml"))
    done = []
    values = hostile_values(rng)
    for step in range(rng.choice((1, 1, 2, 3))):
        if step == 0 and index % 3 != 2:  # every hostile value comes up in turn
            value = values[(index // 3 * 2 + index % 3) % len(values)]
            name = rng.choice(files)
            path = data / name
            _write(path, _replace_value(_read(path), rng, value))
            done.append(f"{name}: value {value[:40]!r}")
            continue
        name = rng.choice([*files, f"{REPORT}/source.txt"])
        path = data / name
        if name.endswith("source.txt"):
            text = _read(path)
            position = rng.randrange(len(text)) if text else 0  # an earlier step may empty it
            _write(path, text[:position] + rng.choice(["x", "", "\u2028", "\x0c"])
                   + text[position + 1:])
            done.append(f"{name}: one character changed")
        elif rng.random() < 0.15:
            raw = bytearray(path.read_bytes()) or bytearray(b"\n")  # an earlier step may empty it
            raw[rng.randrange(len(raw))] = rng.randrange(256)
            path.write_bytes(bytes(raw))
            done.append(f"{name}: a byte flipped")
        else:
            _write(path, _blind(_read(path), rng))
            done.append(f"{name}: blind edit")
    return "; ".join(done)


RDF_SUFFIXES = (".nt", ".ttl", ".jsonld", ".rdf", ".trig", ".nq")


def _bomb_xml(trap: str, external: bool) -> str:
    entities = "".join(f' <!ENTITY {c} "{("&" + p + ";") * 10}">\n'
                       for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    extra = f' <!ENTITY x SYSTEM "{trap}entity">\n' if external else ""
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "lollollollol">\n'
            + entities + extra + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
            'syntax-ns#" xmlns:e="http://e/">\n <rdf:Description rdf:about="http://e/s">'
            f'<e:p>{"&x;" if external else "&i;"}</e:p></rdf:Description>\n</rdf:RDF>\n')


def rdf_case(seed: int, index: int, built: Path, folder: Path, trap: str) -> tuple[Path, str]:
    """A mutated RDF file in ``folder`` (from the built files in ``built``)."""
    rng = random.Random(f"rdf:{seed}:{index}")
    suffix = RDF_SUFFIXES[index % len(RDF_SUFFIXES)]
    target = folder / f"case{suffix}"
    base = {".nt": "graph.nt", ".ttl": "graph.ttl", ".jsonld": "graph.jsonld"}
    if suffix in base:
        text = (built / base[suffix]).read_text(encoding="utf-8")
    elif suffix == ".rdf":
        text = (built / "graph.rdf").read_text(encoding="utf-8")
    else:
        text = (built / "graph.nt").read_text(encoding="utf-8")
        if suffix == ".trig":
            text = "<http://e/g> {\n" + text + "}\n"
    hostile: list[tuple[str, Callable[[str], str]]] = [
        ("entity bomb", lambda t: _bomb_xml(trap, False)),
        ("external entity", lambda t: _bomb_xml(trap, True)),
        ("remote context", lambda t: json.dumps({"@context": trap + "ctx", "@id": "http://e/s",
                                                 "http://e/p": "x"})),
        ("nested remote context", lambda t: json.dumps(
            {"@context": [[trap + "ctx"]], "@id": "http://e/s", "http://e/p": "x"})),
        ("import", lambda t: json.dumps({"@context": {"@import": trap + "i"}, "@id": "http://e/s"})),
        ("scoped remote context", lambda t: json.dumps(
            {"@context": {"p": {"@id": "http://e/p", "@context": [None, [[trap]]]}},
             "@id": "http://e/s", "p": {"@id": "http://e/o"}})),
        ("local context file", lambda t: json.dumps({"@context": [["secret.json"]],
                                                     "@id": "http://e/s", "p": "x"})),
        ("deep json", lambda t: '{"@id": "http://e/s", "http://e/p": ' + "[" * 100000
         + "]" * 100000 + "}"),
        ("huge literal", lambda t: '<http://e/s> <http://e/p> "' + "a" * (17 << 20) + '" .\n'),
        ("long literal", lambda t: '<http://e/s> <http://e/p> "' + "a" * (1 << 20) + '" .\n'),
        ("long iri", lambda t: "<http://e/s> <http://e/p> <http://e/" + "a" * (1 << 20) + "> .\n"),
        ("invalid iris", lambda t: "<http://e/a b> <http://e/p> <rel> .\n<http://e/{x}> "
                                    "<http://e/p> <http://e/%zz> .\n"),
        ("deep turtle", lambda t: "<http://e/s> <http://e/p> " + "[ <http://e/p> " * 50000
         + "<http://e/o>" + " ]" * 50000 + " .\n"),
        ("bad escapes", lambda t: '<http://e/s> <http://e/p> "\\U00110000" .\n<http://e/s> '
                                  '<http://e/p> "\\ud800" .\n'),
        ("control characters", lambda t: t.replace(" .", "\x00 .", 1)),
        ("utf-16", lambda t: t),
        ("cut short", lambda t: t[:rng.randrange(len(t) + 1)]),
        ("byte flips", lambda t: t),
        ("duplicate lines", lambda t: "\n".join(line for line in t.split("\n")
                                                for _ in range(rng.choice((1, 2))))),
        ("empty", lambda t: ""),
        ("dev zero", lambda t: t),
    ]
    name, make = hostile[(index // len(RDF_SUFFIXES) + index) % len(hostile)]
    if name == "dev zero":
        target.symlink_to("/dev/zero")
        return target, name
    content = make(text)
    if name == "local context file":
        (folder / "secret.json").write_text(json.dumps({"@context": {"p": "http://secret/"}}))
    if name in {"entity bomb", "external entity"}:
        target = folder / "case.rdf"
    elif name.endswith("context") or name in {"import", "deep json", "local context file"}:
        target = folder / "case.jsonld"
    elif name in {"huge literal", "long literal", "long iri", "invalid iris", "bad escapes"}:
        target = folder / rng.choice(["case.nt", "case.ttl"])
    elif name == "deep turtle":
        target = folder / "case.ttl"
    if name == "utf-16":
        target.write_bytes(content.encode("utf-16"))
    elif name == "byte flips":
        raw = bytearray(content.encode("utf-8"))
        for _ in range(rng.randrange(1, 20)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        target.write_bytes(bytes(raw))
    else:
        target.write_text(content, encoding="utf-8")
    return target, name


QUERY_BASES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5",
    "PREFIX mkg: <https://w3id.org/migration-kg/ontology#>\nSELECT ?person WHERE { ?person a "
    "mkg:Person }",
    "ASK { ?s ?p \"Geneva\" }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } LIMIT 3",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
    "FILTER(CONTAINS(?label, \"Test\")) }",
]


def bypasses(trap: str) -> list[str]:
    """Queries that rdflib and Oxigraph read differently (issue 10): each hides a SERVICE from
    a check made with rdflib's parser, while Oxigraph would run it."""
    hidden = (f'BIND(# \\u0000000A """\n"" AS ?x) SERVICE <{trap}> {{ ?a ?b ?c }} BIND(""\n'
              '# """\n AS ?y)')
    upper = hidden.replace("\\u0000000A", "\\U0000000A")
    return [f"SELECT * WHERE {{ {hidden} }}", f"ASK {{ {hidden} }}",
            f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {hidden} }}",
            f"SELECT ?y WHERE {{ ?s ?p ?o {hidden} }} LIMIT 1",
            f"SELECT * WHERE {{ {upper} }}",
            f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a\\#\n SERVICE <{trap}> {{}} }}"]


def query_case(seed: int, index: int, trap: str, shipped: list[str]) -> str:
    """A query: a shipped or simple one with hostile pieces inserted at token boundaries, or
    (one case in ten) one of the :func:`bypasses`."""
    rng = random.Random(f"query:{seed}:{index}")
    if index % 10 == 5:
        return rng.choice(bypasses(trap))
    text = rng.choice([*QUERY_BASES, *shipped])
    pieces = [
        f"SERVICE <{trap}> {{ ?a ?b ?c }}", f"SERVICE SILENT <{trap}> {{ }}",
        f"sErViCe<{trap}>{{}}", f"FROM <{trap}>", f"FROM NAMED <{trap}>", f"LOAD <{trap}>",
        f'# \\u0000000A """\nSERVICE <{trap}> {{ }}\n# """\n', "# \\u000A", "\\U0000000A",
        # issue 10's bypass: a string to rdflib, a SERVICE to Oxigraph
        f'BIND(# \\u0000000A """\n"" AS ?fz1) SERVICE <{trap}> {{ ?a ?b ?c }} BIND(""\n'
        '# """\n AS ?fz2)',
        f'BIND(# x\r"""\n"" AS ?fz1) SERVICE <{trap}> {{ }} BIND(""\n# """\n AS ?fz2)',
        '"""', "'''", '"', "'", "\\", "\\#", "#", "\r", "\x00", "\x85", "\u2028", "\x1b[31m",
        '"SERVICE <x> {}"', "'''\nlong\nstring\n'''", '"' + "x" * 20000 + '"',
        "{ " * 300, " }" * 300, "( " * 300, "DEFINE input:grab-all \"yes\"",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "?service", "<http://e/service>",
        "\n", " . ", " ; ", "OPTIONAL { <urn:fz> ?fzp ?fzo }", "FILTER(?o != \"\\\"\")",
        f"PREFIX t: <{trap}>\n", "VALUES ?zz { 1 2 }", "\ufeff", "\t",
    ]
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        piece = rng.choice(pieces)
        boundaries = [i + (c == "{") for i, c in enumerate(text) if c in " \n{}"] or [0]
        position = rng.choice(boundaries)
        text = text[:position] + " " + piece + " " + text[position:]
    return text


# ----------------------------------------------------------------------------- running


@dataclass
class Outcome:
    """What one case did: its exit code (or failure kind) and where to look."""

    kind: str
    index: int
    code: int | None
    failure: str | None = None
    detail: str = ""


def _call(argv: list[str]) -> tuple[int, str]:
    from migration_kg.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def _fallback(text: str) -> str | None:
    return next((f for f in FALLBACKS if f in text), None)


class _Worker:
    """State of a fuzzing worker process: the mini corpus built once, graphs loaded once."""

    def __init__(self, trap: str) -> None:
        self.trap = trap
        self.folder = Path(tempfile.mkdtemp(prefix="mkg-fuzz-"))
        self.built = self.folder / "built"
        code, err = _call(["build", "--data", str(MINI), "--out", str(self.built)])
        assert code == 0, err
        from rdflib import Graph

        from migration_kg.api import load_graph
        from migration_kg.sparql.files import shipped_queries

        graph = Graph().parse(self.built / "graph.nt", format="nt")
        (self.built / "graph.rdf").write_text(graph.serialize(format="xml"), encoding="utf-8")
        self.graphs = [load_graph(self.built / "graph.nt"),
                       load_graph(self.built / "graph.nt", store="memory")]
        self.shipped = [q.text for q in shipped_queries()]

    def run(self, kind: str, seed: int, index: int) -> Outcome:
        work = Path(tempfile.mkdtemp(dir=self.folder))
        try:
            return getattr(self, kind)(seed, index, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def build(self, seed: int, index: int, work: Path) -> Outcome:
        data, out = work / "data", work / "out"
        shutil.copytree(MINI, data)
        detail = corpus_case(seed, index, data)
        out.mkdir()
        for name, content in SENTINELS.items():
            (out / name).write_bytes(content)
        code, err = _call(["build", "--data", str(data), "--out", str(out)])
        failure = _fallback(err)
        if code == 2 and {p.name: p.read_bytes() for p in out.iterdir()} != SENTINELS:
            failure = failure or "a failed build changed its outputs"
        if code == 0 and sorted(p.name for p in out.iterdir()) != sorted(SENTINELS):
            failure = failure or "a build left extra files"
        if code not in (0, 2):
            failure = failure or f"exit {code}"
        return Outcome("build", index, code, failure, f"{detail} -> {err.strip()[-300:]}")

    def rdf(self, seed: int, index: int, work: Path) -> Outcome:
        path, name = rdf_case(seed, index, self.built, work, self.trap)
        command = [["query", "speakers", "--graph", str(path)],
                   ["validate", "--graph", str(path)],
                   ["stats", "--graph", str(path), "--store", "memory"]][index % 3]
        code, err = _call(command)
        failure = _fallback(err) or (None if code in (0, 1, 2) else f"exit {code}")
        return Outcome("rdf", index, code, failure, f"{name} {path.name} {command[0]} -> "
                                                    f"{err.strip()[-300:]}")

    def query(self, seed: int, index: int, work: Path) -> Outcome:
        from migration_kg.api import query_result
        from migration_kg.errors import MigrationKGError

        text = query_case(seed, index, self.trap, self.shipped)
        codes = []
        for graph in self.graphs:
            try:
                query_result(graph, text)
                codes.append(0)
            except MigrationKGError:
                codes.append(2)
            except Exception as exc:  # anything else is a failure of ours
                return Outcome("query", index, None, f"{type(exc).__name__}", f"{exc!r}"[:300]
                               + f" <- {text[:200]!r}")
        if index % 10 == 0:
            code, err = _call(["query", "-e", text, "--graph", str(self.built / "graph.nt")])
            codes.append(code)
            failure = _fallback(err)
            if failure:
                return Outcome("query", index, code, failure, f"{err[-300:]} <- {text[:200]!r}")
        return Outcome("query", index, max(codes), None, text[:120])


def _worker_main(conn: Connection, trap: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    attempts = Counter[str]()

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect":
            attempts["connect"] += 1

    sys.addaudithook(audit)
    worker = _Worker(trap)
    conn.send("ready")
    while True:
        try:
            kind, seed, index = conn.recv()
        except (EOFError, OSError):
            return
        before = attempts["connect"]
        try:
            outcome = worker.run(kind, seed, index)
        except MemoryError:
            outcome = Outcome(kind, index, None, "MemoryError")
        except BaseException as exc:  # the harness must report, never die quietly
            outcome = Outcome(kind, index, None, f"harness: {type(exc).__name__}", repr(exc))
        if attempts["connect"] > before and outcome.failure is None:
            outcome.failure = "a connection was attempted"
        conn.send(outcome)


@dataclass
class Tally:
    """Outcomes per kind, and the failures in full."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    failures: list[Outcome] = field(default_factory=list)
    connections: int = 0
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        counts = self.counts[outcome.kind]
        counts["iterations"] += 1
        if outcome.failure is None:
            counts[f"exit {outcome.code}"] += 1
        else:
            counts[_failure_class(outcome.failure)] += 1
            self.failures.append(outcome)

    def table(self) -> str:
        header = ("| input | iterations | exit 0 | exit 1 | exit 2 | tracebacks and unexpected "
                  "errors | timeouts | memory errors | connections |\n"
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        rows = []
        for kind in KINDS:
            c = self.counts[kind]
            rows.append(f"| {kind} | {c['iterations']:,} | {c['exit 0']:,} | {c['exit 1']:,} | "
                        f"{c['exit 2']:,} | {c['traceback']:,} | {c['timeout']:,} | "
                        f"{c['memory']:,} | {c['connection']:,} |")
        return "\n".join([header, *rows]) + (
            f"\n\nConnections the trap received in all: {self.connections}.")


def _failure_class(failure: str) -> str:
    if failure == "timeout":
        return "timeout"
    if "memory" in failure.lower() or failure.startswith("worker died"):
        return "memory"
    if "connection" in failure:
        return "connection"
    return "traceback"


def _start(context: Any, trap: Trap) -> tuple[Any, Connection]:
    parent, child = context.Pipe()
    process = context.Process(target=_worker_main, args=(child, trap.url), daemon=True)
    process.start()
    child.close()
    if not parent.poll(300) or parent.recv() != "ready":
        raise RuntimeError("a fuzzing worker did not start")
    return process, parent


def cases(counts: dict[str, int], seed: int) -> Iterator[tuple[str, int, int]]:
    """The cases of a run, the kinds interleaved."""
    queues = {kind: iter(range(n)) for kind, n in counts.items()}
    while queues:
        for kind in list(queues):
            index = next(queues[kind], None)
            if index is None:
                del queues[kind]
            else:
                yield kind, seed, index


def run(counts: dict[str, int], *, seed: int = 1, workers: int = 1,
        progress: Callable[[Tally], None] | None = None) -> Tally:
    """Run the cases, ``workers`` processes at a time; every outcome tallied."""
    trap = Trap()
    tally = Tally()
    started = time.monotonic()
    context = multiprocessing.get_context("spawn")
    pending = list(cases(counts, seed))
    slots: list[tuple[Any, Connection, tuple[str, int, int] | None, float]] = []

    def record(outcome: Outcome) -> None:
        tally.add(outcome)
        done = sum(c["iterations"] for c in tally.counts.values())
        if progress is not None and (done % 500 == 0 or outcome.failure is not None):
            progress(tally)  # every 500 cases, and every failure as it happens

    try:
        for _ in range(max(1, workers)):
            process, conn = _start(context, trap)
            slots.append((process, conn, None, 0.0))
        while pending or any(job is not None for _, _, job, _ in slots):
            for number, (process, conn, job, since) in enumerate(slots):
                if job is None:
                    if not pending:
                        continue
                    job = pending.pop(0)
                    conn.send(job)
                    slots[number] = (process, conn, job, time.monotonic())
                    continue
                if conn.poll(0.01):
                    try:
                        outcome = conn.recv()
                    except (EOFError, OSError):
                        outcome = Outcome(job[0], job[2], None, "worker died (memory limit?)",
                                          f"exit {process.exitcode}")
                        process.join(5)
                        process, conn = _start(context, trap)
                    record(outcome)
                    slots[number] = (process, conn, None, 0.0)
                elif not process.is_alive() or time.monotonic() - since > CASE_TIMEOUT_S:
                    failure = "timeout" if process.is_alive() else "worker died (memory limit?)"
                    process.kill()
                    process.join(5)
                    record(Outcome(job[0], job[2], None, failure, "replay with --replay"))
                    process, conn = _start(context, trap)
                    slots[number] = (process, conn, None, 0.0)
    finally:
        for process, conn, _, _ in slots:
            conn.close()
            process.kill()
            process.join(5)
        trap.close()
    tally.connections = trap.connections
    tally.seconds = time.monotonic() - started
    return tally


def replay(kind: str, seed: int, index: int) -> Outcome:
    """Run one case in this process (to debug it)."""
    trap = Trap()
    try:
        return _Worker(trap.url).run(kind, seed, index)
    finally:
        trap.close()


def environment() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "load": os.getloadavg()}
