"""Results read from Oxigraph's own TSV give what the rdflib terms gave: the same text, Python
values, DataFrames, CSV and SPARQL JSON on both stores, for every kind of term and for the
characters that TSV and CSV must escape."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import XSD

from migration_kg.io.rdf import Terms
from migration_kg.namespaces import PREFIXES
from migration_kg.sparql.files import inline_query
from migration_kg.sparql.results import QueryResult, format_result, format_table
from migration_kg.sparql.run import run_query
from migration_kg.store import StoreKind, copy_into, engine

EX = Namespace("http://example.org/")
PERSON = Namespace(str(PREFIXES["person"]))
OBJECTS = [
    PERSON["jorge-bustamante"],                      # compacted to person:...
    EX["thing"],                                     # an IRI no prefix covers
    BNode("b1"),
    Literal("plain"),
    Literal('tab\there, a "quote", a back\\slash'),
    Literal("line\nbreak\r\nand carriage return"),
    Literal("accents é and 😀, U+2028 \u2028 inside"),
    Literal("bonjour", lang="fr"),
    Literal("explicit string", datatype=XSD.string),
    Literal(42),
    Literal(-7),
    Literal("007", datatype=XSD.integer),
    Literal("5", datatype=XSD.nonNegativeInteger),
    Literal("90.0", datatype=XSD.decimal),
    Literal("-0.50", datatype=XSD.decimal),
    Literal("1.5e3", datatype=XSD.double),
    Literal(True),
    Literal(False),
    Literal(dt.date(2006, 6, 27)),
    Literal("2006-06-27T10:00:00", datatype=XSD.dateTime),
    Literal("odd", datatype=EX.custom),
]
QUERY = ("PREFIX ex: <http://example.org/>\n"
         "SELECT ?s ?o ?missing WHERE { ?s ex:p ?o OPTIONAL { ?s ex:none ?missing } }")


@pytest.fixture(scope="module")
def stores() -> tuple[Graph, Graph]:
    graph = Graph()
    for index, value in enumerate(OBJECTS):
        graph.add((EX[f"s{index}"], EX.p, value))
    return copy_into(graph, StoreKind.MEMORY), copy_into(graph, StoreKind.OXIGRAPH)


def results(stores: tuple[Graph, Graph], text: str = QUERY) -> tuple[QueryResult, QueryResult]:
    memory, oxigraph = stores
    return run_query(memory, inline_query(text)), run_query(oxigraph, inline_query(text))


def by_subject(rows: Sequence[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return sorted(rows, key=lambda row: str(row[0]))


def test_every_kind_of_term_reads_the_same_on_both_stores(stores: tuple[Graph, Graph]) -> None:
    memory, oxigraph = results(stores)
    assert oxigraph.row_count == len(OBJECTS) == len(memory.rows)
    assert by_subject(oxigraph.text_rows()) == by_subject(memory.text_rows())
    texts = {row[1] for row in oxigraph.text_rows()}
    assert {"person:jorge-bustamante", "1500", "90", "-0.5", "7", "true", "2006-06-27",
            'tab\there, a "quote", a back\\slash', "line\nbreak\r\nand carriage return",
            "accents é and 😀, U+2028 \u2028 inside", "bonjour", "b1"} <= texts
    assert {row[2] for row in oxigraph.text_rows()} == {""}  # unbound


def test_records_and_frames_hold_the_same_python_values(stores: tuple[Graph, Graph]) -> None:
    memory, oxigraph = results(stores)
    ours = sorted(oxigraph.records(), key=lambda r: r["s"])
    theirs = sorted(memory.records(), key=lambda r: r["s"])
    assert ours == theirs
    values = {r["o"] for r in ours}
    assert {42, -7, 7, 5, 90.0, -0.5, 1500.0, True, False, dt.date(2006, 6, 27),
            "bonjour"} <= values
    assert all(r["missing"] is None for r in ours)
    frame = oxigraph.frame()
    assert list(frame.columns) == ["s", "o", "missing"] and len(frame) == len(OBJECTS)
    assert {str(t) for t in frame.dtypes} == {"object"}
    assert sorted(frame.to_dict("records"), key=lambda r: r["s"]) == ours


def test_rows_are_the_terms_oxigraph_gives(stores: tuple[Graph, Graph]) -> None:
    """Rows read from the TSV are the rdflib terms of Oxigraph's own solutions, converted as
    ``io.rdf.Terms`` converts them (where Oxigraph keeps literals by value, so "007" comes
    back as 7 on both paths)."""
    _, oxigraph = results(stores)
    terms = Terms()
    solutions = engine(stores[1]).query(QUERY)
    assert isinstance(solutions, ox.QuerySolutions)
    expected = [tuple(None if t is None else terms(t) for t in row) for row in solutions]
    assert by_subject(oxigraph.rows) == by_subject(expected)
    assert Literal("bonjour", lang="fr") in {row[1] for row in oxigraph.rows}


def test_csv_is_what_the_csv_module_reads_back(stores: tuple[Graph, Graph]) -> None:
    memory, oxigraph = results(stores)
    for result in (memory, oxigraph):
        written = format_result(result, "csv")
        assert list(csv.reader(io.StringIO(written, newline=""))) == \
            [result.variables] + [list(row) for row in result.text_rows()]
    one = QueryResult(["x"], [(None,), (Literal("a,b"),)])
    assert one.csv_text() == 'x\n""\n"a,b"\n'  # a lone empty cell stays a row
    assert format_table(one.variables, one.text_rows(), "csv") == one.csv_text()


def test_json_is_written_by_oxigraph_and_means_the_same(stores: tuple[Graph, Graph]) -> None:
    memory, oxigraph = results(stores)
    assert oxigraph.sparql_json_bytes() is not None and memory.sparql_json_bytes() is None
    ours, theirs = (json.loads(format_result(r, "json")) for r in (oxigraph, memory))
    assert ours["head"] == theirs["head"] == {"vars": ["s", "o", "missing"]}

    def cells(document: dict[str, object]) -> dict[str, object]:
        bindings = document["results"]["bindings"]  # type: ignore[index]
        return {b["s"]["value"]: b["o"] for b in bindings}

    mine, other = cells(ours), cells(theirs)
    assert mine.keys() == other.keys()
    assert mine[str(EX.s8)] == {"type": "literal", "value": "explicit string"}
    assert mine[str(EX.s7)] == other[str(EX.s7)] == \
        {"type": "literal", "value": "bonjour", "xml:lang": "fr"}
    assert mine[str(EX.s4)] == other[str(EX.s4)]


def test_a_query_without_variables_still_counts_its_rows(stores: tuple[Graph, Graph]) -> None:
    memory, oxigraph = results(stores, "SELECT * WHERE { ?s <http://example.org/p> ?o } LIMIT 0")
    assert oxigraph.row_count == 0 and oxigraph.rows == [] and oxigraph.text_rows() == []
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
    memory, oxigraph = results(stores, text)
    assert oxigraph.text_rows() == memory.text_rows() == [(str(len(OBJECTS)),)]


def test_ask_and_construct_read_the_same_on_both_stores(stores: tuple[Graph, Graph]) -> None:
    memory, oxigraph = results(stores, "ASK { ?s <http://example.org/p> 42 }")
    assert oxigraph.ask is memory.ask is True
    text = "CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }"
    memory, oxigraph = results(stores, text)
    assert len(oxigraph.rows) == len(OBJECTS)
    assert set(oxigraph.text_rows()) == set(memory.text_rows())
