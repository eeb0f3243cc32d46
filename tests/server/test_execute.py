"""One query in a worker, without the HTTP around it: Oxigraph writes every answer, and the
row and byte limits stop it exactly at the limit, whatever the format asked for."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from migration_kg.server.workers import execute

EX = "http://example.org/"
ROWS = 50
TRICKY = 'two\nlines, a "quote", a tab\tand é'


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for index in range(ROWS):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{index}"), ox.NamedNode(f"{EX}p"),
                          ox.Literal(TRICKY if index == 0 else f"value {index}")))
    store.add(ox.Quad(ox.NamedNode(f"{EX}s0"), ox.NamedNode(f"{EX}n"), ox.Literal(7)))
    return store


SELECT = f"SELECT ?s ?o ?n WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}n> ?n }} }}"


def test_every_result_format_carries_the_same_rows(store: ox.Store) -> None:
    replies = {fmt: execute(store, SELECT, media, max_results=ROWS)
               for fmt, media in (("json", "application/sparql-results+json"),
                                  ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                  ("xml", "application/sparql-results+xml"))}
    assert {r.status for r in replies.values()} == {200}
    assert replies["json"].content_type.startswith("application/sparql-results+json")
    bindings = json.loads(replies["json"].body)["results"]["bindings"]
    assert len(bindings) == ROWS
    first = next(b for b in bindings if b["s"]["value"] == f"{EX}s0")
    assert first["o"] == {"type": "literal", "value": TRICKY}
    assert first["n"]["value"] == "7" and first["n"]["datatype"].endswith("#integer")
    assert sum("n" in b for b in bindings) == 1
    rows = list(csv.reader(io.StringIO(replies["csv"].body.decode(), newline="")))
    assert rows[0] == ["s", "o", "n"] and len(rows) == ROWS + 1
    assert [f"{EX}s0", TRICKY, "7"] in rows
    for fmt in ("tsv", "xml"):
        parsed = ox.parse_query_results(replies[fmt].body,
                                        format=getattr(ox.QueryResultsFormat, fmt.upper()))
        assert isinstance(parsed, ox.QuerySolutions)
        assert len(list(parsed)) == ROWS


def test_the_row_limit_is_exact_and_line_breaks_in_values_are_not_rows(store: ox.Store
                                                                        ) -> None:
    assert execute(store, SELECT, None, max_results=ROWS).status == 200
    over = execute(store, SELECT, None, max_results=ROWS - 1)
    assert over.status == 422 and f"more than {ROWS - 1} rows".encode() in over.body
    one = f'SELECT ?o WHERE {{ <{EX}s0> <{EX}p> ?o }}'  # a value with a line break
    assert execute(store, one, "text/csv", max_results=1).status == 200


def test_the_byte_limit_stops_the_answer(store: ox.Store) -> None:
    assert execute(store, SELECT, None, max_results=ROWS, max_bytes=100_000).status == 200
    over = execute(store, SELECT, None, max_results=ROWS, max_bytes=500)
    assert over.status == 422 and b"larger than 500 bytes" in over.body


def test_graph_answers_are_limited_and_converted(store: ox.Store) -> None:
    construct = f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}"
    turtle = execute(store, construct, "text/turtle", max_results=ROWS)
    assert turtle.status == 200 and turtle.content_type.startswith("text/turtle")
    assert len(list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE))) == ROWS
    over = execute(store, construct, "text/turtle", max_results=ROWS - 1)
    assert over.status == 422 and b"triples" in over.body
    ask = execute(store, f"ASK {{ <{EX}s0> <{EX}n> 7 }}", None, max_results=1)
    assert ask.status == 200 and json.loads(ask.body) == {"head": {}, "boolean": True}
