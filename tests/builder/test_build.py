"""Build: the whole report in the graph, deterministic bytes, atomic writes, readable outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from migration_kg import paths
from migration_kg.builder import build
from migration_kg.errors import OutputError
from migration_kg.io.atomic import write_files
from migration_kg.namespaces import (
    EVENT,
    INSTRUMENT,
    MKG,
    ORGANIZATION,
    PERSON,
    SCHEMA,
    STANCE,
    STATEMENT,
    TOPIC,
)
from tests.helpers import triples

REPORT_ID = "2006-06-27-migration-and-human-rights"


def statement(name: str) -> URIRef:
    return STATEMENT[f"{REPORT_ID}/{name}"]


def count(graph: Graph, cls: URIRef) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def test_the_whole_report_is_in_the_graph(shipped_graph: Graph) -> None:
    assert count(shipped_graph, MKG.Statement) >= 140
    assert count(shipped_graph, MKG.Person) == 14
    assert count(shipped_graph, MKG.Session) == 3
    assert count(shipped_graph, MKG.Statistic) == 14
    assert count(shipped_graph, MKG.Organization) >= 30
    speakers = set(shipped_graph.subjects(MKG.spokeIn, None))
    assert len({s for s in speakers if (s, RDF.type, MKG.Person) in shipped_graph}) == 12
    sessions = {int(shipped_graph.value(s, MKG.sessionNumber))
                for st in shipped_graph.subjects(RDF.type, MKG.Statement)
                for s in shipped_graph.objects(st, MKG.session)}
    assert sessions == {1, 2, 3}


def test_former_and_current_holders_share_one_post(shipped_graph: Graph) -> None:
    """Bustamante holds the Special Rapporteur post; Rodriguez held it before (one post node)."""
    holdings = {
        (shipped_graph.value(h, ORG.member), shipped_graph.value(h, MKG.tenure)):
            shipped_graph.value(h, MKG.post)
        for h in shipped_graph.subjects(RDF.type, MKG.PostHolding)
    }
    bustamante = holdings[(PERSON["jorge-bustamante"], MKG.current)]
    rodriguez = holdings[(PERSON["gabriella-rodriguez"], MKG.former)]
    assert bustamante == rodriguez
    assert (PERSON["jorge-bustamante"], ORG.holds, bustamante) in shipped_graph
    assert (PERSON["gabriella-rodriguez"], ORG.holds, rodriguez) not in shipped_graph
    robinson_former = holdings[(PERSON["mary-robinson"], MKG.former)]
    assert "High Commissioner for Human Rights" in str(
        shipped_graph.value(robinson_former, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))


def test_name_variants_of_one_person(shipped_graph: Graph) -> None:
    variants = {str(v) for v in shipped_graph.objects(PERSON["mariana-olivera-west"],
                                                      MKG.nameVariant)}
    assert {"Ms. Olivera", "Ms. West", "Ms. Mariana Olivera West"} <= variants


def test_instrument_relations(shipped_graph: Graph) -> None:
    for protocol in ("trafficking-protocol", "smuggling-protocol"):
        assert (INSTRUMENT[protocol], MKG.supplements, INSTRUMENT["untoc"]) in shipped_graph
    assert (INSTRUMENT["vccr-article-36"], DCTERMS.isPartOf, INSTRUMENT["vccr-1963"]) \
        in shipped_graph
    assert (INSTRUMENT["ilo-c097"], MKG.iloCode, Literal("C097")) in shipped_graph
    assert (INSTRUMENT["icrmw-1990"], RDF.type, MKG.BindingInstrument) in shipped_graph
    assert (INSTRUMENT["gcim-final-report"], RDF.type, MKG.NonBindingInstrument) in shipped_graph


def test_relations_between_speakers(shipped_graph: Graph) -> None:
    assert (statement("singh-power-asymmetries"), MKG.concursWith,
            PERSON["jorge-bustamante"]) in shipped_graph
    assert (statement("olivera-hld-beginning-of-process"), MKG.agreesWith,
            PERSON["peter-sutherland"]) in shipped_graph
    assert (PERSON["barbara-masciangelo"], PROV.actedOnBehalfOf,
            PERSON["nicolas-michel"]) in shipped_graph


def test_a_statement_carries_every_part(shipped_graph: Graph) -> None:
    node = statement("robinson-ratify-icrmw")
    assert shipped_graph.value(node, PROV.wasAttributedTo) == PERSON["mary-robinson"]
    assert shipped_graph.value(node, MKG.stance) == STANCE["calls-for"]
    assert shipped_graph.value(node, MKG.session) == EVENT["2006-06-27-session-1"]
    assert TOPIC["ratification"] in set(shipped_graph.objects(node, DCTERMS.subject))
    assert INSTRUMENT["icrmw-1990"] in set(shipped_graph.objects(node, MKG.citesInstrument))
    assert (STANCE["calls-for"], SKOS.inScheme, None) in shipped_graph


def test_workshop_organizers_funders_and_attendance(shipped_graph: Graph) -> None:
    workshop = EVENT[f"{REPORT_ID}-workshop"]
    assert set(shipped_graph.objects(workshop, SCHEMA.organizer)) == {
        ORGANIZATION["unitar"], ORGANIZATION["unfpa"], ORGANIZATION["iom"]}
    assert shipped_graph.value(workshop, MKG.host) == ORGANIZATION["unitar"]
    assert shipped_graph.value(workshop, SCHEMA.funder) == ORGANIZATION["liechtenstein-government"]
    attendance = {int(float(shipped_graph.value(s, MKG.value)))
                  for s in shipped_graph.objects(workshop, MKG.hasStatistic)}
    assert attendance == {36, 32, 31, 13}
    dialogue = EVENT["high-level-dialogue-2006"]
    assert str(shipped_graph.value(dialogue, SCHEMA.startDate)) == "2006-09-14"
    assert str(shipped_graph.value(dialogue, SCHEMA.endDate)) == "2006-09-15"


def test_the_graph_has_no_blank_nodes(shipped_graph: Graph) -> None:
    from rdflib import BNode

    ontology_free = [t for t in shipped_graph if any(isinstance(x, BNode) for x in t)]
    assert ontology_free == []


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "migration_kg.cli", "build", "--out", str(out)],
                   check=True, env=env, capture_output=True)


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    _build_in_subprocess(tmp_path / "a", "1")
    _build_in_subprocess(tmp_path / "b", "4242")
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        first, second = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert len(first) > 100_000
        assert first == second, name


def test_outputs_parse_and_agree(tmp_path: Path) -> None:
    build(paths.GRAPH_DIR, tmp_path)
    graphs = {}
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        g = Graph()
        g.parse(tmp_path / name, format=fmt)
        graphs[name] = g
    nt = triples(graphs["graph.nt"])
    assert len(nt) > 5000
    for name in ("graph.ttl", "graph.jsonld"):
        other = triples(graphs[name])
        assert other == nt, (name, sorted(other - nt)[:3], sorted(nt - other)[:3])
    document = json.loads((tmp_path / "graph.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "the JSON-LD context is inline, never fetched"
    lines = (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_failed_write_leaves_previous_outputs(tmp_path: Path, monkeypatch) -> None:
    previous = {"graph.ttl": b"old ttl", "graph.nt": b"old nt"}
    for name, content in previous.items():
        (tmp_path / name).write_bytes(content)

    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(fd, mode="r", *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(OutputError, match="cannot write the output"):
        write_files({tmp_path / "graph.ttl": b"new ttl", tmp_path / "graph.nt": b"new nt"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == previous


def test_ntriples_written_as_rdflib_writes_them(shipped_graph: Graph) -> None:
    """The build writes N-Triples from a set of triples itself; every line must be the one
    rdflib's serialiser writes, for the shipped graph and for literals that need escapes."""
    from migration_kg.builder.serialise import sorted_ntriples

    zoo = Graph()
    node = URIRef("https://example.org/x")
    for literal in (Literal('a "quoted"\nline\rwith \\ back\tslash'), Literal("Genève", lang="fr"),
                    Literal("107", datatype=XSD.nonNegativeInteger), Literal("2006-06-27",
                    datatype=XSD.date), Literal("\u00e9\u4e2d\U0001f600"), Literal("")):
        zoo.add((node, DCTERMS.title, literal))
    for graph in (shipped_graph, zoo):
        ours = sorted_ntriples(set(graph)).decode("utf-8").splitlines()
        theirs = sorted(line for line in
                        graph.serialize(format="nt", encoding="utf-8").decode().split("\n")
                        if line.strip())
        assert len(ours) == len(graph)
        assert ours == theirs


def test_build_outputs_match_a_memory_graph(tmp_path: Path, shipped_graph: Graph) -> None:
    """Serialising the build's set of triples and rdflib's memory graph of the same build give
    the same three files, byte for byte."""
    from migration_kg.builder import build_triples
    from migration_kg.builder.serialise import serialise

    assert serialise(build_triples(paths.GRAPH_DIR)) == serialise(shipped_graph)
