"""Checks on a built graph: SHACL shapes, evidence offsets against the source, violation queries.

SHACL runs on :mod:`migration_kg.shacl`'s engines (pyshacl-turbo by default, pyshacl as the
reference), which agree (see there). A graph file is validated from its own text
(:func:`validate_file`): read once, as written, for SHACL, and loaded once into an Oxigraph store
for the evidence and violation checks, so no rdflib memory graph is made at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from migration_kg import paths
from migration_kg.corpus.loader import report_texts
from migration_kg.namespaces import OA, REPORT, compact
from migration_kg.shacl import DEFAULT_ENGINE, ShaclEngine, shacl_report
from migration_kg.sparql.files import QueryFile, violation_queries
from migration_kg.sparql.run import run_query
from migration_kg.store import DEFAULT_STORE, StoreKind, copy_into, load_file


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


def check_shacl(data: Graph | Path, shapes_file: Path | None = None,
                engine: ShaclEngine | str = DEFAULT_ENGINE) -> CheckOutcome:
    """SHACL validation against ``ontology/shapes.ttl``; one line per violation."""
    conforms, results = shacl_report(data, shapes_file, engine)
    outcome = CheckOutcome("SHACL shapes")
    if conforms:
        return outcome
    for result in sorted(results.subjects(RDF.type, SH.ValidationResult), key=str):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        where = compact(str(focus)) if focus is not None else "?"
        via = f" {compact(str(path))}" if isinstance(path, URIRef) else ""
        outcome.problems.append(f"{where}{via}: {message}")
    outcome.problems.sort()
    return outcome


def check_evidence(graph: Graph, data_dir: Path | None = None) -> CheckOutcome:
    """Every evidence span in the graph quotes its source at exactly the recorded offsets.

    Each property is read in one pass over its triples (seven passes in all), not resource by
    resource: on an Oxigraph graph every single look-up crosses into Rust and back.
    """
    texts = report_texts(Path(data_dir) if data_dir else paths.GRAPH_DIR)
    sources = {str(REPORT[report_id]): text for report_id, text in texts.items()}
    outcome = CheckOutcome("evidence found at its offsets")

    def by_subject(predicate: URIRef) -> dict[Node, Node]:
        return {s: o for s, _, o in graph.triples((None, predicate, None))}

    resources = sorted({s for s, _, _ in graph.triples((None, RDF.type, OA.SpecificResource))},
                       key=str)
    source_of = by_subject(OA.hasSource)
    selectors: dict[Node, list[Node]] = {}
    for s, _, o in graph.triples((None, OA.hasSelector, None)):
        selectors.setdefault(s, []).append(o)
    quotes = {s for s, _, _ in graph.triples((None, RDF.type, OA.TextQuoteSelector))}
    positions = {s for s, _, _ in graph.triples((None, RDF.type, OA.TextPositionSelector))}
    exacts, starts, ends = by_subject(OA.exact), by_subject(OA.start), by_subject(OA.end)
    for resource in resources:
        source = source_of.get(resource)
        text = sources.get(str(source))
        name = compact(str(resource))
        if text is None:
            outcome.problems.append(f"{name}: its source {source} is not a known report")
            continue
        exact = start = end = None
        for selector in selectors.get(resource, ()):
            if selector in quotes:
                exact = exacts.get(selector)
            if selector in positions:
                start, end = starts.get(selector), ends.get(selector)
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
    if not resources:
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
                   store: StoreKind | str = DEFAULT_STORE,
                   engine: ShaclEngine | str = DEFAULT_ENGINE) -> ValidationReport:
    """All three checks; violation queries run on ``store`` (Oxigraph unless told otherwise)."""
    query_graph = graph if StoreKind(store) is StoreKind.MEMORY else copy_into(graph, store)
    return ValidationReport([
        check_shacl(graph, engine=engine),
        check_evidence(graph, data_dir),
        check_violations(query_graph),
    ])


def validate_file(path: Path, data_dir: Path | None = None,
                  engine: ShaclEngine | str = DEFAULT_ENGINE) -> ValidationReport:
    """All three checks on a graph file, without an rdflib memory graph on the default engine:
    the file is read, as written, for SHACL (a bad file is reported with its line), then
    loaded into Oxigraph for the evidence and violation checks; one at a time, so the peak
    memory is the larger of the two, not their sum."""
    shacl = check_shacl(Path(path), engine=engine)  # first: its text is freed before the store
    query_graph = load_file(Path(path), StoreKind.OXIGRAPH)
    return ValidationReport([
        shacl,
        check_evidence(query_graph, data_dir),
        check_violations(query_graph),
    ])
