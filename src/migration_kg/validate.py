"""Checks on a built graph: SHACL shapes, evidence offsets against the source, violation queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from migration_kg import paths
from migration_kg.corpus.loader import report_texts
from migration_kg.io.rdf import parse_rdf_file
from migration_kg.namespaces import OA, REPORT, compact
from migration_kg.sparql.files import QueryFile, violation_queries
from migration_kg.sparql.run import run_query
from migration_kg.store import DEFAULT_STORE, StoreKind, copy_into


@dataclass
class CheckOutcome:
    name: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ValidationReport:
    checks: list[CheckOutcome]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def text(self) -> str:
        lines = []
        for check in self.checks:
            status = "ok" if check.ok else f"FAILED ({len(check.problems)})"
            lines.append(f"{check.name}: {status}")
            lines.extend(f"  - {p}" for p in check.problems[:50])
            if len(check.problems) > 50:
                lines.append(f"  ... and {len(check.problems) - 50} more")
        return "\n".join(lines)


def check_shacl(graph: Graph, shapes_file: Path | None = None) -> CheckOutcome:
    """SHACL validation against ``ontology/shapes.ttl``; one line per violation."""
    shapes = parse_rdf_file(shapes_file or paths.SHAPES_FILE)
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none",
                                          allow_warnings=True)
    outcome = CheckOutcome("SHACL shapes")
    if conforms:
        return outcome
    for result in sorted(results.subjects(RDF.type, SH.ValidationResult)):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        where = compact(str(focus)) if focus is not None else "?"
        via = f" {compact(str(path))}" if isinstance(path, URIRef) else ""
        outcome.problems.append(f"{where}{via}: {message}")
    outcome.problems.sort()
    return outcome


def check_evidence(graph: Graph, data_dir: Path | None = None) -> CheckOutcome:
    """Every evidence span in the graph quotes its source at exactly the recorded offsets."""
    texts = report_texts(Path(data_dir) if data_dir else paths.GRAPH_DIR)
    sources = {str(REPORT[report_id]): text for report_id, text in texts.items()}
    outcome = CheckOutcome("evidence found at its offsets")
    count = 0
    for resource in sorted(graph.subjects(RDF.type, OA.SpecificResource), key=str):
        count += 1
        source = graph.value(resource, OA.hasSource)
        text = sources.get(str(source))
        name = compact(str(resource))
        if text is None:
            outcome.problems.append(f"{name}: its source {source} is not a known report")
            continue
        exact = start = end = None
        for selector in graph.objects(resource, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                exact = graph.value(selector, OA.exact)
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start = graph.value(selector, OA.start)
                end = graph.value(selector, OA.end)
        if exact is None or start is None or end is None:
            outcome.problems.append(f"{name}: needs a quote and a position selector")
            continue
        if not (isinstance(start, Literal) and isinstance(end, Literal)
                and isinstance(start.toPython(), int) and isinstance(end.toPython(), int)):
            outcome.problems.append(f"{name}: its offsets are not integers")
            continue
        found = text[start.toPython():end.toPython()]
        if found != str(exact):
            outcome.problems.append(
                f'{name}: [{start}:{end}] reads "{found[:60]}", not "{str(exact)[:60]}"')
    if count == 0:
        outcome.problems.append("the graph holds no evidence at all")
    return outcome


def check_violations(graph: Graph, queries: list[QueryFile] | None = None) -> CheckOutcome:
    """Run every must-return-nothing query; each row it returns is a problem."""
    outcome = CheckOutcome("violation queries")
    for query in queries if queries is not None else violation_queries():
        result = run_query(graph, query)
        for row in result.text_rows():
            cells = ", ".join(f"{v}={c}" for v, c in zip(result.variables, row, strict=True))
            outcome.problems.append(f"{query.name}: {cells}")
    return outcome


def validate_graph(graph: Graph, data_dir: Path | None = None,
                   store: StoreKind | str = DEFAULT_STORE) -> ValidationReport:
    """All three checks; violation queries run on ``store`` (Oxigraph unless told otherwise)."""
    query_graph = graph if StoreKind(store) is StoreKind.MEMORY else copy_into(graph, store)
    return ValidationReport([
        check_shacl(graph),
        check_evidence(graph, data_dir),
        check_violations(query_graph),
    ])
