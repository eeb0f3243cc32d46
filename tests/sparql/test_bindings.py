"""The bindings contract: one resolution for every store, typos are errors with a suggestion."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from migration_kg.errors import InputError
from migration_kg.namespaces import TOPIC
from migration_kg.sparql.bindings import (
    parse_binding,
    resolve_bindings,
    term_from_text,
    where_brace,
    with_values,
)
from migration_kg.sparql.files import find_query, inline_query
from migration_kg.sparql.run import run_query
from migration_kg.store import StoreKind, copy_into
from tests.helpers import MINI, cli, multiset

POSITIONS = find_query("positions-on-topic")


@pytest.fixture(scope="module", params=[StoreKind.MEMORY, StoreKind.OXIGRAPH])
def graph(request: pytest.FixtureRequest, shipped_graph: Graph) -> Graph:
    return copy_into(shipped_graph, request.param)


def test_terms_from_text() -> None:
    assert term_from_text("topic:children") == TOPIC.children
    assert term_from_text("<https://example.org/x>") == URIRef("https://example.org/x")
    assert term_from_text("https://example.org/x") == URIRef("https://example.org/x")
    assert term_from_text("plain words") == Literal("plain words")
    with pytest.raises(InputError, match="not an absolute IRI"):
        term_from_text("<not an iri>")


def test_parse_binding() -> None:
    assert parse_binding("?topic = topic:children") == ("topic", "topic:children")
    with pytest.raises(InputError, match="not var=value"):
        parse_binding("topic")
    with pytest.raises(InputError, match="not a variable name"):
        parse_binding("to pic=x")


def test_defaults_fill_undeclared_values() -> None:
    values = resolve_bindings(POSITIONS, {})
    assert values == {"topic": TOPIC.ratification}


def test_an_unknown_name_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(InputError, match="has no parameter 'topik'") as caught:
        resolve_bindings(POSITIONS, {"topik": "topic:children"})
    assert caught.value.hint is not None and "did you mean 'topic'" in caught.value.hint
    speakers = find_query("speakers")
    with pytest.raises(InputError, match="has no parameter 'topic'") as caught:
        resolve_bindings(speakers, {"topic": "topic:children"})
    assert caught.value.hint == "this query takes no parameters"


def test_an_iri_that_names_nothing_is_an_error_on_every_store(graph: Graph) -> None:
    with pytest.raises(InputError, match="nothing in the graph has this IRI") as caught:
        run_query(graph, POSITIONS, {"topic": "topic:childern"})
    assert caught.value.hint is not None and "topic:children" in caught.value.hint


def test_a_bound_value_gives_the_same_rows_on_every_store(graph: Graph,
                                                          shipped_graph: Graph) -> None:
    on_this = run_query(graph, POSITIONS, {"topic": "topic:children"})
    on_memory = run_query(shipped_graph, POSITIONS, {"topic": "topic:children"})
    assert len(on_this.rows) > 10
    assert multiset(on_this.text_rows()) == multiset(on_memory.text_rows())
    assert {row[0] for row in on_this.text_rows()} == {"topic:children"}


def test_values_go_at_the_start_of_the_where_clause() -> None:
    query = inline_query('# param: x topic:children\n# a { in a comment\n'
                         'SELECT ?s WHERE { ?s ?p "} {" . ?s ?p ?x }')
    text = with_values(query, {"x": TOPIC.children})
    block = "VALUES (?x) { (<https://w3id.org/migration-kg/topic/children>) }"
    assert text.index(block) == text.index("WHERE {") + len("WHERE {") + 3
    assert where_brace('SELECT * { ?s ?p ?o }') is None
    no_where = inline_query("# param: x 1\nSELECT * { ?s ?p ?x }")
    with pytest.raises(InputError, match="no WHERE"):
        with_values(no_where, {"x": Literal("1")})


@pytest.mark.parametrize(("argv", "message"), [
    (["query", "speakers", "--bind", "topic=topic:children"], "has no parameter 'topic'"),
    (["query", "positions-on-topic", "--bind", "topic=topic:childern"],
     "did you mean topic:children"),
    (["query", "positions-on-topic", "--bind", "topik=topic:children"], "did you mean 'topic'"),
    (["query", "speekers"], "did you mean 'speakers'"),
])
@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_cli_binding_errors_exit_2_on_both_stores(argv: list[str], message: str,
                                                  store: str) -> None:
    run = cli(*argv, "--data", MINI, "--store", store)
    assert run.code == 2, run.err
    assert message in run.err
    assert "Traceback" not in run.err and "unexpected" not in run.err


def test_a_query_is_found_by_its_file_stem_too() -> None:
    by_name = cli("query", "speakers", "--data", MINI, "--format", "csv")
    by_stem = cli("query", "01-speakers", "--data", MINI, "--format", "csv")
    assert by_name.code == by_stem.code == 0
    assert by_name.out == by_stem.out and by_name.out.count("\n") >= 3


def test_a_param_line_without_a_name_is_an_input_error_with_its_line() -> None:
    """Found by the fuzzer (query:7:99): an empty ``# param:`` line was an IndexError."""
    text = "# title: t\n# param: topic topic:children\n# param:\nSELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(InputError) as caught:
        inline_query(text)
    assert "names no parameter" in str(caught.value) and ":3" in str(caught.value)
    run = cli("query", "-e", text, "--store", "memory")
    assert run.code == 2 and "inline query:3: a '# param:' line names no parameter" in run.err
    assert "Traceback" not in run.err
