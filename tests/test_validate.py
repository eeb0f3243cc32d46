"""Validation: the shipped graph passes; each shape and each violation query catches its fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from migration_kg.cli import main
from migration_kg.namespaces import OA
from migration_kg.shacl import shacl_report
from migration_kg.sparql.files import violation_queries
from migration_kg.store import copy_into
from migration_kg.validate import (
    check_evidence,
    check_shacl,
    check_violations,
    validate_file,
    validate_graph,
)
from tests.helpers import INVALID

VIOLATIONS = violation_queries()
VIOLATION_FIXTURES = sorted((INVALID / "violations").glob("*.ttl"))
SHACL_FIXTURES = sorted((INVALID / "shacl").glob("*.ttl"))


def test_the_shipped_graph_is_valid(shipped_graph: Graph) -> None:
    report = validate_graph(shipped_graph)
    assert report.ok, report.text()
    assert [c.name for c in report.checks] == [
        "SHACL shapes", "evidence found at its offsets", "violation queries"]


def test_every_violation_query_has_a_fixture() -> None:
    assert VIOLATIONS, "there are violation queries"
    assert {q.name for q in VIOLATIONS} == {p.stem for p in VIOLATION_FIXTURES}


@pytest.mark.parametrize("query", VIOLATIONS, ids=[q.name for q in VIOLATIONS])
def test_violation_query_fires_on_its_fixture(query) -> None:
    fixture = INVALID / "violations" / f"{query.name}.ttl"
    assert fixture.read_text(encoding="utf-8").startswith("# why:")
    graph = Graph().parse(fixture, format="turtle")
    outcome = check_violations(graph, [query])
    assert not outcome.ok
    assert all(p.startswith(f"{query.name}:") for p in outcome.problems)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_own_organization_named_in_a_quote_is_not_a_violation(store: str) -> None:
    """Of the fixture's two statements referring to the speaker's own organization, only the
    one whose quote names it neither way is reported (the other says "OTS", its acronym)."""
    query = next(q for q in VIOLATIONS if q.name == "affiliation-as-reference")
    graph = Graph().parse(INVALID / "violations" / f"{query.name}.ttl", format="turtle")
    outcome = check_violations(copy_into(graph, store), [query])
    assert outcome.problems == [
        "affiliation-as-reference: statement=http://example.org/s, "
        "organization=http://example.org/org"]


@pytest.mark.parametrize("fixture", SHACL_FIXTURES, ids=[p.stem for p in SHACL_FIXTURES])
def test_shapes_catch_broken_statements(fixture: Path, shipped_graph: Graph) -> None:
    assert SHACL_FIXTURES
    text = fixture.read_text(encoding="utf-8")
    expected = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                    if line.startswith("# expect:"))
    broken = Graph()
    broken += shipped_graph
    broken.parse(data=text, format="turtle")
    outcome = check_shacl(broken)
    assert not outcome.ok
    assert any(expected in problem for problem in outcome.problems), outcome.problems


def test_evidence_check_catches_a_quote_that_moved(shipped_graph: Graph) -> None:
    broken = Graph()
    broken += shipped_graph
    selector = sorted(broken.subjects(RDF.type, OA.TextQuoteSelector))[0]
    exact = broken.value(selector, OA.exact)
    broken.set((selector, OA.exact, Literal(str(exact).upper())))
    outcome = check_evidence(broken)
    assert len(outcome.problems) == 1
    assert "reads" in outcome.problems[0]


def test_validate_command_exits_1_and_reports(tmp_path: Path, shipped_graph: Graph,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    broken = Graph()
    broken += shipped_graph
    broken.parse(INVALID / "shacl" / "statement-two-speakers.ttl", format="turtle")
    path = tmp_path / "broken.nt"
    broken.serialize(path, format="nt")
    assert main(["validate", "--graph", str(path)]) == 1
    out = capsys.readouterr()
    assert "SHACL shapes: FAILED (1)" in out.out
    assert "robinson-ratify-icrmw" in out.out
    assert "checks failed" in out.err


# ----------------------------------------------------------------------------- SHACL engines


def _results(graph: Graph, engine: str) -> tuple[bool, set[tuple[str, ...]]]:
    """Each validation result of ``engine`` as (focus, path, component, severity, value,
    source shape, message if the shape states one). A shape that is a blank node (its label
    differs between engines) is named by what the report says of it: path, counts, message."""
    conforms, report = shacl_report(graph, engine=engine)

    def shape_key(shape: object) -> str:
        if not isinstance(shape, BNode):
            return str(shape)
        return repr(sorted((str(p), "_" if isinstance(o, BNode) else str(o))
                           for p, o in report.predicate_objects(shape)))

    def path_key(path: object) -> str:
        """A property path as written: a blank-node path (sequence, alternative) by its parts,
        since each engine labels the blank nodes of a report its own way."""
        if not isinstance(path, BNode):
            return str(path)
        if report.value(path, RDF.first) is not None:
            return "(" + " ".join(path_key(item) for item in Collection(report, path)) + ")"
        return repr(sorted((str(p), path_key(o)) for p, o in report.predicate_objects(path)))

    rows = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        stated = report.value(shape, SH.message) if shape is not None else None
        message = str(report.value(result, SH.resultMessage)) if stated is not None else ""
        rows.add((str(report.value(result, SH.focusNode)),
                  path_key(report.value(result, SH.resultPath)),
                  *(str(report.value(result, p)) for p in (
                      SH.sourceConstraintComponent, SH.resultSeverity, SH.value)),
                  shape_key(shape), message))
    return conforms, rows


def _broken_in_many_ways(graph: Graph) -> Graph:
    """The shipped graph with every 40th triple about a shaped class changed: dropped,
    its literal made ill-formed or of another datatype, or its object replaced by an IRI of
    another class, so that most kinds of constraint fire."""
    broken = Graph()
    broken += graph
    ill_formed = Literal("not a number", datatype=XSD.nonNegativeInteger)
    for index, (s, p, o) in enumerate(sorted(graph, key=str)):
        if index % 40 or not str(s).startswith("https://w3id.org/migration-kg/"):
            continue
        broken.remove((s, p, o))
        kind = index // 40 % 4
        if kind == 1:
            broken.add((s, p, ill_formed if isinstance(o, Literal) else Literal("x")))
        elif kind == 2:
            broken.add((s, p, Literal(str(o), datatype=XSD.date)))
        elif kind == 3:
            broken.add((s, p, URIRef("https://w3id.org/migration-kg/topic/children")))
    return broken


@pytest.mark.parametrize("fixture", [None, "many", *SHACL_FIXTURES],
                         ids=["valid", "broken-in-many-ways", *(p.stem for p in SHACL_FIXTURES)])
def test_both_shacl_engines_give_the_same_results(fixture: Path | str | None,
                                                  shipped_graph: Graph) -> None:
    if fixture == "many":
        graph = _broken_in_many_ways(shipped_graph)
    else:
        graph = Graph()
        graph += shipped_graph
        if isinstance(fixture, Path):
            graph.parse(fixture, format="turtle")
    turbo_ok, turbo = _results(graph, "pyshacl-turbo")
    reference_ok, reference = _results(graph, "pyshacl")
    assert turbo_ok is reference_ok is (fixture is None)
    assert turbo == reference
    if fixture == "many":
        components = {row[2].rpartition("#")[2] for row in reference}
        assert len(reference) > 100 and len(components) >= 5, components


def test_a_graph_file_is_validated_as_written(tmp_path: Path, shipped_graph: Graph) -> None:
    """The file route (Oxigraph's parser, no store) keeps every datatype as written: the
    shipped graph conforms, and one offset typed xsd:integer instead of
    xsd:nonNegativeInteger is reported, by both engines, in both formats."""
    broken = Graph()
    broken += shipped_graph
    position = sorted(broken.subjects(RDF.type, OA.TextPositionSelector))[0]
    start = broken.value(position, OA.start)
    broken.set((position, OA.start, Literal(str(start), datatype=XSD.integer)))
    for name, fmt in (("graph.nt", "nt"), ("graph.ttl", "turtle")):
        shipped_graph.serialize(tmp_path / f"ok-{name}", format=fmt)
        broken.serialize(tmp_path / name, format=fmt)
        for engine in ("pyshacl-turbo", "pyshacl"):
            assert validate_file(tmp_path / f"ok-{name}", engine=engine).ok
            report = validate_file(tmp_path / name, engine=engine)
            shacl = report.checks[0]
            assert [c.ok for c in report.checks] == [False, True, True], report.text()
            assert len(shacl.problems) == 1 and "position" in shacl.problems[0], shacl.problems
