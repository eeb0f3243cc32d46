"""The query checks: what engines read differently is refused, and our lexer and rdflib's
parser must both find no network clause (see ``migration_kg.sparql.safety``)."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.parser import parseQuery

from migration_kg.errors import QueryRefused, QuerySyntaxError, RefusalReason
from migration_kg.sparql import safety
from migration_kg.sparql.bindings import term_from_text, with_values
from migration_kg.sparql.files import inline_query, shipped_queries, violation_queries
from migration_kg.sparql.safety import check_bound, check_query

TRAP = "http://127.0.0.1:9/sparql"

# The bypass of issue 10: rdflib reads \u0000000A as one escape (a line feed that ends the
# comment, so """ opens a string hiding the SERVICE); Oxigraph reads \u0000 and runs it.
ESCAPE_BYPASS = ('SELECT * WHERE { BIND(# \\u0000000A """\n'
                 f'"" AS ?x) SERVICE <{TRAP}> {{ ?a ?b ?c }} BIND(""\n'
                 '# """\n AS ?y) }')


def refusal(text: str) -> QueryRefused:
    with pytest.raises(QueryRefused) as caught:
        check_query(inline_query(text))
    return caught.value


def test_the_escape_bypass_is_refused_before_any_parser() -> None:
    refused = refusal(ESCAPE_BYPASS)
    assert refused.reason is RefusalReason.AMBIGUOUS
    assert "\\u" in refused.message and refused.line == 1


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p \"caf\\u00e9\" }",  # even inside a string: expanded before parsing
    "SELECT * WHERE { ?s ?p \"\\U0001F600\" }",
    "SELECT * WHERE { ?s ?p ?o } # \\u000A SERVICE",
])
def test_every_codepoint_escape_is_refused(text: str) -> None:
    assert refusal(text).reason is RefusalReason.AMBIGUOUS


@pytest.mark.parametrize(("character", "name"), [
    ("\r", "a lone carriage return (rdflib and Oxigraph end comments differently)"),
    ("\x00", "NUL"), ("\x0b", "vertical tab"), ("\x0c", "form feed"), ("\x1b", "ESC"),
    ("\x85", "NEL"), ("\u2028", "line separator"), ("\u2029", "paragraph separator"),
])
def test_control_characters_are_refused(character: str, name: str) -> None:
    text = f"SELECT * WHERE {{ # x{character}\"\"\"\n?s ?p ?o }}"
    refused = refusal(text)
    assert refused.reason is RefusalReason.AMBIGUOUS, name
    assert f"U+{ord(character):04X}" in refused.message


def test_crlf_line_ends_are_fine() -> None:
    check_query(inline_query("SELECT * # a comment\r\nWHERE { ?s ?p ?o }\r\n"))


def test_a_backslash_outside_a_string_is_refused() -> None:
    """``ex:a\\#`` is a prefixed name to Oxigraph; a careless lexer would see a comment and miss
    the SERVICE after it."""
    text = f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a\\#\n SERVICE <{TRAP}> {{}} }}"
    refused = refusal(text)
    assert refused.reason is RefusalReason.AMBIGUOUS and "backslash" in refused.message


@pytest.mark.parametrize(("text", "reason"), [
    (f"SELECT * WHERE {{ SERVICE <{TRAP}> {{ ?s ?p ?o }} }}", RefusalReason.SERVICE),
    (f"select * where {{ sErViCe SILENT <{TRAP}>{{?s ?p ?o}} }}", RefusalReason.SERVICE),
    (f"SELECT * WHERE {{ ?s ?p ?o .SERVICE<{TRAP}>{{}} }}", RefusalReason.SERVICE),
    (f"SELECT * WHERE {{ ?s ?p ?o }} VALUES ?x {{ 1 }} SERVICE <{TRAP}> {{}}",
     RefusalReason.SERVICE),
    (f"SELECT * FROM <{TRAP}> WHERE {{ ?s ?p ?o }}", RefusalReason.DATASET),
    (f"SELECT * FROM NAMED <{TRAP}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
     RefusalReason.DATASET),
    (f"LOAD <{TRAP}>", RefusalReason.UPDATE),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", RefusalReason.UPDATE),
    ("DELETE WHERE { ?s ?p ?o }", RefusalReason.UPDATE),
    ("define input:grab-all \"yes\" SELECT * WHERE { ?s ?p ?o }", RefusalReason.PRAGMA),
])
def test_network_and_update_keywords_are_refused(text: str, reason: RefusalReason) -> None:
    assert refusal(text).reason is reason


@pytest.mark.parametrize("text", [
    "SELECT ?service ?from WHERE { ?service ?p ?from }",  # variables
    "SELECT * WHERE { ?s ?p \"SERVICE <http://x/> {}\" }",  # inside a string
    "SELECT * WHERE { ?s ?p '''multi\nline SERVICE <http://x/> { }''' }",
    "SELECT * WHERE { ?s <http://example.org/service> ?o } # SERVICE <http://x/> {}",
    "SELECT * WHERE { ?s ?p \"quote \\\" and SERVICE\"@en }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:from ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
])
def test_what_engines_read_alike_runs(text: str) -> None:
    check_query(inline_query(text))


@pytest.mark.parametrize("text", ["", "   \n\t", "# only a comment\n# and another"])
def test_an_empty_query_is_a_syntax_error_not_an_update(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match="the query is empty"):
        check_query(inline_query(text))


def test_an_unclosed_string_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError, match="string is not closed"):
        check_query(inline_query("SELECT * WHERE { ?s ?p \"open }"))


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    text = "SELECT * WHERE { " + "{ " * 2000 + "?s ?p ?o" + " }" * 2000 + " }"
    with pytest.raises(QuerySyntaxError):
        check_query(inline_query(text))


def test_every_shipped_query_passes_the_checks() -> None:
    queries = shipped_queries() + violation_queries()
    assert len(queries) >= 20
    for query in queries:
        check_query(query)


def test_bound_values_are_checked_without_parsing_the_query_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A new parameter value costs no rdflib parse: the VALUES block is checked on its own,
    and only where ``with_values`` puts it (after a ``{`` of the code)."""
    query = next(q for q in shipped_queries() if q.name == "positions-on-topic")
    check_query(query)
    parses: list[str] = []
    real = parseQuery

    def counted(text: str) -> object:
        parses.append(text)
        return real(text)

    monkeypatch.setattr(safety, "parseQuery", counted)
    for value in ('topic:children', 'topic:ratification', '"SERVICE <http://x/> { }"',
                  '"# not a comment } SERVICE"'):
        text = with_values(query, {"topic": term_from_text(value)})
        check_bound(query, text)
        assert "VALUES" in text and text != query.text
    assert parses == []


@pytest.mark.parametrize("tail", [
    f"SERVICE <{TRAP}> {{ ?a ?b ?c }}",          # code added to the block
    "} SELECT * WHERE { ?x ?y ?z",               # the block closed early
    '"# a string that never closes',
])
def test_anything_but_a_values_block_is_checked_whole(tail: str) -> None:
    query = inline_query("SELECT * WHERE { ?s ?p ?o }")
    text = with_values(query, {"o": term_from_text("topic:children")})
    hostile = text.replace("(<https", tail + " (<https", 1)
    with pytest.raises((QueryRefused, QuerySyntaxError)):
        check_bound(query, hostile)
    with pytest.raises((QueryRefused, QuerySyntaxError)):  # appended at the end
        check_bound(query, text + "\n" + tail)


def test_a_block_inside_a_string_or_a_comment_is_not_taken_for_values() -> None:
    query = inline_query('SELECT * WHERE { ?s ?p "{" } # {\n')
    block = "\n  VALUES (?o) { (<http://x.org/a>) }\n"
    in_string, in_comment = (query.text[:at] + block + query.text[at:]
                             for at in (query.text.index('"{') + 2, query.text.index("# {") + 3))
    assert safety._inserted_block(query.text, in_string) is None
    assert safety._inserted_block(query.text, in_comment) is None
    with pytest.raises(QuerySyntaxError):  # checked whole: the string now spans a line break
        check_bound(query, in_string)


def test_a_control_character_in_a_bound_value_is_refused() -> None:
    query = inline_query("SELECT * WHERE { ?s ?p ?o }")
    text = with_values(query, {"o": term_from_text("bell\x07")})
    with pytest.raises(QueryRefused) as caught:
        check_bound(query, text)
    assert caught.value.reason is RefusalReason.AMBIGUOUS
