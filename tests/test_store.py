"""Both stores give the same answers; Oxigraph takes its fast paths; on-disk stores persist."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from migration_kg import cli
from migration_kg.builder import build, build_graph
from migration_kg.errors import InputError
from migration_kg.sparql.files import QueryFile, shipped_queries
from migration_kg.sparql.results import QueryResult, read_expected
from migration_kg.sparql.run import run_query
from migration_kg.store import (
    StoreKind,
    close,
    copy_into,
    is_oxigraph,
    is_store_directory,
    load_file,
    new_graph,
    open_store,
)
from tests.helpers import answers_something

QUERIES = shipped_queries()
QUERY_IDS = [q.name for q in QUERIES]


def test_there_are_competency_queries_to_compare() -> None:
    assert len(QUERIES) >= 10


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data, built once into graph.ttl / graph.nt / graph.jsonld."""
    out = tmp_path_factory.mktemp("build")
    build(None, out)
    return out


@pytest.fixture(scope="module")
def memory_graph(built: Path) -> Graph:
    graph = load_file(built / "graph.nt", StoreKind.MEMORY)
    assert not is_oxigraph(graph)
    return graph


@pytest.fixture(scope="module")
def oxigraph_graph(built: Path) -> Graph:
    graph = load_file(built / "graph.ttl", StoreKind.OXIGRAPH)
    assert is_oxigraph(graph)
    return graph


def answer(result: QueryResult) -> tuple[list[str], list[tuple[str, ...]]]:
    """Variables and rows as text, rows sorted: the comparison ignores order, not repeats."""
    return result.variables, sorted(result.text_rows())


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_query_gives_the_same_answer_on_both_stores(query: QueryFile, memory_graph: Graph,
                                                    oxigraph_graph: Graph) -> None:
    on_memory = answer(run_query(memory_graph, query))
    on_oxigraph = answer(run_query(oxigraph_graph, query))
    if answers_something(query.name):
        assert on_memory[1], f"{query.name} answers nothing on the shipped data"
    assert on_oxigraph == on_memory


@pytest.mark.parametrize("query", [q for q in QUERIES if q.expected_path
                                   and q.expected_path.exists()],
                         ids=lambda q: q.name)
def test_query_gives_the_expected_answer_on_both_stores(query: QueryFile, memory_graph: Graph,
                                                        oxigraph_graph: Graph) -> None:
    assert query.expected_path is not None
    header, rows = read_expected(query.expected_path)
    for graph in (memory_graph, oxigraph_graph):
        result = run_query(graph, query)
        assert result.variables == header
        assert Counter(result.text_rows()) == rows


@pytest.mark.parametrize("topic", ["topic:ratification", "topic:human-rights", "topic:children"])
def test_a_bound_parameter_gives_the_same_answer_on_both_stores(
        topic: str, memory_graph: Graph, oxigraph_graph: Graph) -> None:
    """Parameters go in as a VALUES block, the same text on both engines."""
    from migration_kg.sparql.bindings import term_from_text
    from migration_kg.sparql.files import find_query

    query = find_query("positions-on-topic")
    bindings = {"topic": term_from_text(topic)}
    on_memory = answer(run_query(memory_graph, query, bindings))
    on_oxigraph = answer(run_query(oxigraph_graph, query, bindings))
    assert on_memory[1]
    assert {row[0] for row in on_memory[1]} == {topic}
    assert on_oxigraph == on_memory


DERIVED_INTEGERS = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
                    XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte}


def plain(graph: Graph) -> set[tuple[object, ...]]:
    """Triples with literals compared by value, as Oxigraph stores them.

    Oxigraph keeps a literal's value, not its lexical form or derived integer type: "90.0" comes
    back as "90", ``xsd:nonNegativeInteger`` as ``xsd:integer``, a simple literal with its
    implicit ``xsd:string``; ``test_oxigraph_keeps_values_not_terms`` pins this down.
    """
    def norm(term: object) -> object:
        if not isinstance(term, Literal):
            return term
        datatype = term.datatype
        if datatype in DERIVED_INTEGERS:
            datatype = XSD.integer
        elif datatype == XSD.string:
            datatype = None
        return ("literal", term.toPython() if datatype else str(term), datatype, term.language)

    return {tuple(norm(t) for t in triple) for triple in graph}


def test_oxigraph_keeps_values_not_terms(memory_graph: Graph, oxigraph_graph: Graph) -> None:
    """Why SHACL (which checks exact datatypes) validates the rdflib graph, not Oxigraph's."""
    from migration_kg.namespaces import OA

    on_memory = {o.datatype for o in memory_graph.objects(None, OA.start)}
    on_oxigraph = {o.datatype for o in oxigraph_graph.objects(None, OA.start)}
    assert on_memory == {XSD.nonNegativeInteger}
    assert on_oxigraph == {XSD.integer}


def test_copy_into_oxigraph_keeps_every_triple(memory_graph: Graph) -> None:
    copy = copy_into(memory_graph, StoreKind.OXIGRAPH)
    assert is_oxigraph(copy)
    assert len(copy) == len(memory_graph) > 5000
    assert plain(copy) == plain(memory_graph)


def test_copy_into_memory_keeps_every_triple(oxigraph_graph: Graph,
                                             memory_graph: Graph) -> None:
    copy = copy_into(oxigraph_graph, StoreKind.MEMORY)
    assert not is_oxigraph(copy)
    assert plain(copy) == plain(memory_graph)


def test_every_format_loads_the_same_triples_on_oxigraph(built: Path,
                                                          memory_graph: Graph) -> None:
    expected = plain(memory_graph)
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        assert plain(load_file(built / name, StoreKind.OXIGRAPH)) == expected, name


# ----------------------------------------------------------------------------- fast paths


@pytest.fixture
def no_rdflib_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make rdflib's own Turtle and N-Triples parsers fail, to prove they are not used."""
    from rdflib.plugins.parsers import notation3, ntriples

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("rdflib's slow parser was used")

    monkeypatch.setattr(notation3.TurtleParser, "parse", refuse)
    monkeypatch.setattr(ntriples.NTParser, "parse", refuse)


@pytest.mark.usefixtures("no_rdflib_parsers")
@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt"])
def test_oxigraph_loads_with_its_own_parser(built: Path, name: str) -> None:
    graph = load_file(built / name, StoreKind.OXIGRAPH)
    assert len(graph) > 5000


@pytest.mark.usefixtures("no_rdflib_parsers")
def test_the_memory_store_reads_with_oxigraphs_parser_too(built: Path) -> None:
    """The guard above is real (rdflib's parser is refused), and the rdflib memory store does
    not need it: files are parsed by Oxigraph into rdflib's graph, with the same triples."""
    with pytest.raises(AssertionError, match="slow parser"):
        Graph().parse(built / "graph.ttl", format="turtle")
    graph = load_file(built / "graph.ttl", StoreKind.MEMORY)
    assert not is_oxigraph(graph)
    assert set(graph) == set(load_file(built / "graph.nt", StoreKind.MEMORY))
    assert len(graph) > 5000


def test_queries_on_oxigraph_never_run_on_rdflibs_engine(
        oxigraph_graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """A prepared query would silently fall back to rdflib's engine; ours go as text."""
    from rdflib.plugins.sparql import processor

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("rdflib's SPARQL engine was used")

    monkeypatch.setattr(processor, "evalQuery", refuse)
    monkeypatch.setattr(processor.SPARQLProcessor, "query", refuse)
    for query in QUERIES:
        rows = run_query(oxigraph_graph, query).rows
        assert rows or not answers_something(query.name), query.name


# ----------------------------------------------------------------------------- on disk


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "store"


def all_answers(graph: Graph) -> dict[str, tuple[list[str], list[tuple[str, ...]]]]:
    return {q.name: answer(run_query(graph, q)) for q in QUERIES}


def test_a_loaded_store_directory_persists(built: Path, store_dir: Path,
                                           memory_graph: Graph) -> None:
    graph = load_file(built / "graph.nt", directory=store_dir)
    count, answers = len(graph), all_answers(graph)
    close(graph)
    del graph
    assert is_store_directory(store_dir)

    reopened = open_store(store_dir)
    assert len(reopened) == count == len(memory_graph)
    assert all_answers(reopened) == answers == all_answers(memory_graph)
    close(reopened)


def test_loading_into_a_store_directory_replaces_what_it_held(built: Path,
                                                              store_dir: Path) -> None:
    first = load_file(built / "graph.nt", directory=store_dir)
    count = len(first)
    close(first)
    small = built / "small.ttl"
    small.write_text("<https://example.org/a> <https://example.org/p> 1 .\n", encoding="utf-8")
    second = load_file(small, directory=store_dir)
    assert len(second) == 1
    close(second)
    third = copy_into(build_graph(), directory=store_dir)
    assert len(third) == count
    close(third)
    assert len(open_store(store_dir)) == count


def test_store_directory_errors_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="needs --store oxigraph"):
        new_graph(StoreKind.MEMORY, tmp_path / "store")
    with pytest.raises(InputError, match="not an Oxigraph store"):
        open_store(tmp_path / "missing")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("not a store", encoding="utf-8")
    with pytest.raises(InputError, match="other files"):
        new_graph(StoreKind.OXIGRAPH, other)
    with pytest.raises(InputError, match="unknown store"):
        new_graph("sqlite")


def test_an_open_store_directory_is_locked(built: Path, store_dir: Path) -> None:
    graph = load_file(built / "graph.nt", directory=store_dir)
    with pytest.raises(InputError, match="cannot open the store"):
        open_store(store_dir)
    close(graph)
    assert len(open_store(store_dir)) == len(graph_count_reference(built))


def graph_count_reference(built: Path) -> Graph:
    return load_file(built / "graph.nt", StoreKind.MEMORY)


def test_cli_store_dir_loads_once_then_reuses(built: Path, store_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    args = ["query", "speakers", "--format", "csv", "--store-dir", str(store_dir)]
    assert cli.main([*args, "--graph", str(built / "graph.nt")]) == cli.EXIT_OK
    loaded = capsys.readouterr().out
    assert is_store_directory(store_dir)
    assert cli.main(args) == cli.EXIT_OK  # no --graph, no --data: the stored graph as it is
    reused = capsys.readouterr().out
    assert reused == loaded
    assert len(loaded.splitlines()) == 13  # header + the 12 speaker rows
    assert cli.main(["stats", "--store-dir", str(store_dir)]) == cli.EXIT_OK
    assert f"\n{len(graph_count_reference(built))} triples" in capsys.readouterr().out


def test_cli_store_dir_with_memory_store_is_bad_input(
        store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["stats", "--store", "memory", "--store-dir", str(store_dir)])
    assert code == cli.EXIT_BAD_INPUT
    assert "needs --store oxigraph" in capsys.readouterr().err


def test_copy_from_oxigraph_to_oxigraph_keeps_every_triple(oxigraph_graph: Graph,
                                                           store_dir: Path) -> None:
    copy = copy_into(oxigraph_graph, StoreKind.OXIGRAPH)
    assert plain(copy) == plain(oxigraph_graph)
    on_disk = copy_into(oxigraph_graph, directory=store_dir)
    assert len(on_disk) == len(oxigraph_graph)
    close(on_disk)


@pytest.mark.parametrize("store", list(StoreKind))
def test_a_syntax_error_names_the_file_and_line_on_both_stores(tmp_path: Path,
                                                              store: StoreKind) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p <oops\n",
                      encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse turtle") as caught:
        load_file(broken, store)
    assert caught.value.path == broken
    assert caught.value.line == 3


def test_a_bad_file_leaves_a_store_directory_empty(built: Path, tmp_path: Path,
                                                  store_dir: Path) -> None:
    close(load_file(built / "graph.nt", directory=store_dir))
    broken = tmp_path / "broken.nt"
    broken.write_text("<https://example.org/a> <https://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse nt"):
        load_file(broken, directory=store_dir)
    gc.collect()
    assert len(open_store(store_dir)) == 0


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    for store in StoreKind:
        with pytest.raises(InputError, match="file not found"):
            load_file(tmp_path / "missing.nt", store)
