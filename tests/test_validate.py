"""Validation: the shipped graph passes; each shape and each violation query catches its fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from migration_kg.cli import main
from migration_kg.namespaces import OA
from migration_kg.sparql.files import violation_queries
from migration_kg.validate import check_evidence, check_shacl, check_violations, validate_graph
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
