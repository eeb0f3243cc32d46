"""Competency queries answer as expected; parameters, formats and the no-network rule."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from rdflib import Graph, URIRef

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.sparql.bindings import term_from_text
from migration_kg.sparql.files import find_query, inline_query, shipped_queries
from migration_kg.sparql.results import format_result, read_expected
from migration_kg.sparql.run import run_query
from migration_kg.sparql.safety import check_query
from migration_kg.store import copy_into
from tests.helpers import answers_something

QUERIES = shipped_queries()
REQUIRED = {
    "speakers", "former-posts", "instruments-cited", "citations-by-speaker",
    "ratification-calls", "positions-on-topic", "agreements", "on-behalf-of",
    "organizers-and-funders", "statistics", "instrument-relations", "instrument-co-citation",
    "speakers-by-organization-kind",
}


def test_every_required_competency_query_ships() -> None:
    assert {q.name for q in QUERIES} >= REQUIRED


@pytest.fixture(scope="module")
def oxigraph_graph(shipped_graph: Graph) -> Graph:
    return copy_into(shipped_graph, "oxigraph")


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_query_matches_its_expected_result(query, oxigraph_graph: Graph) -> None:
    assert query.title and query.question, "each query states its question in its header"
    assert query.expected_path is not None and query.expected_path.exists()
    header, expected = read_expected(query.expected_path)
    result = run_query(oxigraph_graph, query)
    assert result.variables == header
    assert Counter(result.text_rows()) == expected
    if answers_something(query.name):
        assert expected, "an expected result with no rows would test nothing"
    else:
        assert not expected


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_disagreements_are_found_with_their_quotes(mini_graph: Graph, store: str) -> None:
    """On the mini corpus, Lovelace says the Test Protocol is rarely applied, Turing that it is
    widely applied: one disagreement, with both quotes, on either store (the query's subquery
    is evaluated by each engine's own planner)."""
    result = run_query(copy_into(mini_graph, store), find_query("disagreements"))
    rows = [dict(zip(result.variables, row, strict=True)) for row in result.text_rows()]
    assert [(r["claim"], r["agrees"], r["disagrees"]) for r in rows] == [
        ("claim:test-protocol-applied", "person:alan-turing", "person:ada-lovelace")]
    assert rows[0]["agreeingQuote"] == \
        "Mr. Turing replied that the Test Protocol is widely applied."
    assert "rarely applied" in rows[0]["disagreeingQuote"]


def test_claims_list_who_holds_them_on_which_side(mini_graph: Graph) -> None:
    result = run_query(mini_graph, find_query("claims"))
    held = {(r[0], r[2], r[3]) for r in result.text_rows()}
    assert held == {
        ("claim:ratify-test-convention", "person:ada-lovelace", "mkg:agrees"),
        ("claim:ratify-test-convention", "person:alan-turing", "mkg:agrees"),
        ("claim:test-protocol-applied", "person:ada-lovelace", "mkg:disagrees"),
        ("claim:test-protocol-applied", "person:alan-turing", "mkg:agrees"),
        ("claim:test-convention-needed", "person:alan-turing", "mkg:agrees"),
    }


def test_queries_are_parametrized_nonempty() -> None:
    assert len(QUERIES) >= len(REQUIRED)


def _column(graph: Graph, name: str, column: str, **bindings: str) -> list[str]:
    query = find_query(name)
    result = run_query(graph, query, {k: term_from_text(v) for k, v in bindings.items()})
    index = result.variables.index(column)
    return [row[index] for row in result.text_rows()]


def test_positions_on_a_top_topic_include_its_narrower_topics(oxigraph_graph: Graph) -> None:
    ratification = set(_column(oxigraph_graph, "positions-on-topic", "statement",
                               topic="topic:ratification"))
    human_rights = set(_column(oxigraph_graph, "positions-on-topic", "statement",
                               topic="topic:human-rights"))
    children = set(_column(oxigraph_graph, "positions-on-topic", "statement",
                           topic="topic:children"))
    assert "statement:2006-06-27-migration-and-human-rights/robinson-ratify-icrmw" in ratification
    assert ratification < human_rights
    assert children and not children & ratification


def test_ratification_calls_name_the_migrant_workers_convention(oxigraph_graph: Graph) -> None:
    result = run_query(oxigraph_graph, find_query("ratification-calls"))
    pairs = {(r[0], r[2]) for r in result.text_rows()}
    assert ("person:mary-robinson", "instrument:icrmw-1990") in pairs
    assert ("person:mariana-olivera-west", "instrument:icrmw-1990") in pairs
    # Masciangelo described the Treaty Event, a drive for ratification: a report, not a call.
    assert not [r for r in result.text_rows() if r[0] == "person:barbara-masciangelo"]


def test_both_stores_answer_the_same(shipped_graph: Graph, oxigraph_graph: Graph) -> None:
    for query in QUERIES:
        memory = Counter(run_query(shipped_graph, query).text_rows())
        oxigraph = Counter(run_query(oxigraph_graph, query).text_rows())
        assert memory == oxigraph, query.name


@pytest.mark.parametrize("text, reason", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o . SERVICE SILENT <http://x.org/q> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://127.0.0.1:9/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("INSERT DATA { <http://x.org/a> <http://x.org/p> 1 }", "Update"),
    ("LOAD <http://127.0.0.1:9/g.ttl>", "Update"),
])
def test_queries_that_would_reach_the_network_are_refused(
    text: str, reason: str, shipped_graph: Graph, no_network: list,
) -> None:
    with pytest.raises(InputError, match=reason):
        run_query(shipped_graph, inline_query(text))
    assert no_network == []


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(InputError) as err:
        check_query(inline_query("SELECT ?s\nWHERE {\n ?s ?p \n}"))
    assert "syntax error" in err.value.message
    assert err.value.line == 3


def test_formats(oxigraph_graph: Graph) -> None:
    result = run_query(oxigraph_graph, find_query("agreements"))
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["speaker", "relation", "other", "statement"]
    assert len(rows) == 3  # Singh concurred with Bustamante; Olivera West agreed with Sutherland
    document = json.loads(format_result(result, "json"))
    assert document["head"]["vars"] == rows[0]
    assert len(document["results"]["bindings"]) == 2
    assert {b["speaker"]["type"] for b in document["results"]["bindings"]} == {"uri"}
    markdown = format_result(result, "md")
    assert markdown.splitlines()[0].startswith("| speaker")
    assert "person:naresh-singh" in format_result(result, "table")


def test_term_from_text() -> None:
    assert term_from_text("topic:children") == URIRef("https://w3id.org/migration-kg/topic/children")
    assert term_from_text("<http://x.org/a>") == URIRef("http://x.org/a")
    assert str(term_from_text("plain words")) == "plain words"


QUERY_FILES = sorted(paths.QUERIES_DIR.rglob("*.rq"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_each_query_file_stands_alone(path) -> None:
    """Every .rq declares its own prefixes, so it runs unchanged on any SPARQL store."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    text = path.read_text(encoding="utf-8")
    assert text.startswith("# title:"), "each query starts with its header"
    translateQuery(parseQuery(text))  # raises on an undeclared prefix


def test_query_files_found() -> None:
    assert len(QUERY_FILES) >= 20
