"""From a new text to a reviewed graph: new-report, draft, build --include-drafts, the reader's
draft layer, and review accept/reject, with bad input refused and nothing lost."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from ruamel.yaml import YAML

from migration_kg.api import build_graph, load_graph, write_site
from migration_kg.namespaces import MKG, expand
from tests.drafting.conftest import RECORD, REPORT
from tests.drafting.test_scaffold import snapshot
from tests.helpers import cli


def drafts_of(data: Path) -> dict:
    return YAML(typ="safe").load((data / "reports" / REPORT / "drafts.yaml").read_text("utf-8"))


def statement(node: str) -> str:
    return expand(f"statement:{REPORT}/{node}")


def test_drafts_stay_out_of_the_graph_unless_asked_for(drafted: Path) -> None:
    plain = build_graph(drafted)
    assert not list(plain.subjects(RDF.type, MKG.Statement))
    assert not list(plain.subjects(RDF.type, MKG.Draft))
    graph = build_graph(drafted, include_drafts=True)
    statements = set(graph.subjects(RDF.type, MKG.Statement))
    assert statements and statements <= set(graph.subjects(RDF.type, MKG.Draft))
    algeria = next(s for s in statements if str(s).endswith("/algeria-draft-1"))
    assert (algeria, MKG.confidence, Literal("0.7", datatype=XSD.decimal)) in graph
    assert Literal('speech act: "regretted"') in set(graph.objects(algeria, MKG.draftRule))
    holding = expand(f"holding:{REPORT}/grace-hopper/canada-permanent-mission/third-secretary")
    assert any(str(h) == holding for h in graph.subjects(RDF.type, MKG.Draft))


def test_the_build_command_includes_drafts_on_request(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("build", "--data", drafted, "--out", out, "--include-drafts").code == 0
    graph = Graph().parse(out / "graph.nt")
    assert len(set(graph.subjects(RDF.type, MKG.Draft))) == 9  # 8 statements, 1 post


def test_the_reader_shows_drafts_as_their_own_layer(drafted: Path, tmp_path: Path) -> None:
    graph = load_graph(data=drafted)  # reviewed only: no draft layer
    summary = write_site(graph, tmp_path / "plain", data=drafted)
    assert summary.index.exists()
    page = (tmp_path / "plain" / "report" / f"{REPORT}.html").read_text(encoding="utf-8")
    assert "l-draft" not in re.sub(r"<style.*?</style>", "", page, flags=re.DOTALL)
    assert cli("build", "--data", drafted, "--out", tmp_path / "b", "--include-drafts").code == 0
    write_site(load_graph(tmp_path / "b" / "graph.nt"), tmp_path / "site", data=drafted)
    page = (tmp_path / "site" / "report" / f"{REPORT}.html").read_text(encoding="utf-8")
    text = RECORD.read_text(encoding="utf-8")
    payload = json.loads(html.unescape(re.search(
        r'<script type="application/json" id="mkg-page">(.*?)</script>', page).group(1)))
    drafts = [s for s in payload["spans"] if s["layer"] == "draft"]
    assert len(drafts) == 9  # 8 statements (none for the Chair's thanks), 1 post
    for span in drafts:  # every quote at its offsets, with its confidence shown
        assert span["summary"].startswith("DRAFT (0.")
    first = next(s for s in drafts if s["key"].endswith("algeria-draft-1"))
    assert text[first["start"]:first["end"]].startswith("The representative of Algeria said")
    assert ["Rule", 'speech act: "regretted"', ""] in first["fields"]
    assert page.count('class="hl l-draft') >= 8


def test_accepting_needs_topics_and_a_paraphrase_and_changes_nothing_until_then(
        drafted: Path) -> None:
    before = snapshot(drafted)
    run = cli("review", REPORT, "accept", "alan-turing-draft-6", "--data", drafted)
    assert run.code == 2 and "has no topics" in run.err and "drafts.yaml:" in run.err
    run = cli("review", REPORT, "accept", "algeria-draft-1", "--data", drafted)
    assert run.code == 2 and "still has the drafter's paraphrase" in run.err
    run = cli("review", REPORT, "accept", "no-such-draft", "--data", drafted)
    assert run.code == 2 and "no drafted item 'no-such-draft'" in run.err
    assert snapshot(drafted) == before


def edit_draft(data: Path, statement_id: str, **values: object) -> None:
    path = data / "reports" / REPORT / "drafts.yaml"
    content = drafts_of(data)
    for item in content["statements"]:
        if item["id"] == statement_id:
            item.update(values)
    YAML().dump(content, path)


def test_accept_moves_a_corrected_draft_into_the_curated_files(drafted: Path) -> None:
    edit_draft(drafted, "grace-hopper-draft-8", paraphrase="Hopper proposed that States "
               "exchange what works in returning migrants.")
    listing = cli("review", REPORT, "list", "--data", drafted)
    assert "statement grace-hopper-draft-8  0.70  grace-hopper recommends" in listing.out
    run = cli("review", REPORT, "accept", "grace-hopper-draft-8", "--data", drafted)
    assert run.code == 0, run.err
    folder = drafted / "reports" / REPORT
    curated = YAML(typ="safe").load((folder / "statements.yaml").read_text("utf-8"))
    assert [s["id"] for s in curated["statements"]] == ["grace-hopper-draft-8"]
    assert "confidence" not in curated["statements"][0]
    assert curated["statements"][0]["stance"] == "recommends"
    meta = YAML(typ="safe").load((folder / "report.yaml").read_text("utf-8"))
    assert [(h["person"], h["post"]) for h in meta["holdings"]] == \
        [("grace-hopper", "Third Secretary")]
    left = drafts_of(drafted)
    assert "grace-hopper-draft-8" not in {s["id"] for s in left["statements"]}
    assert left["holdings"] == []
    graph = build_graph(drafted)  # reviewed, not a draft any more
    node = next(graph.subjects(RDF.type, MKG.Statement))
    assert str(node) == statement("grace-hopper-draft-8")
    assert (node, RDF.type, MKG.Draft) not in graph


def test_accept_restores_every_file_when_the_corpus_would_break(drafted: Path) -> None:
    edit_draft(drafted, "grace-hopper-draft-8", paraphrase="Hopper on good practices.",
               evidence=["a quote that is nowhere in the report"])
    before = snapshot(drafted)
    run = cli("review", REPORT, "accept", "grace-hopper-draft-8", "--data", drafted)
    assert run.code == 2 and "evidence quote not found" in run.err
    assert snapshot(drafted) == before


def test_reject_drops_drafts(drafted: Path) -> None:
    run = cli("review", REPORT, "reject", "alan-turing-draft-6", "egypt-draft-4",
              "--data", drafted)
    assert run.code == 0 and "rejected 2" in run.err
    left = {s["id"] for s in drafts_of(drafted)["statements"]}
    assert len(left) == 6 and not {"alan-turing-draft-6", "egypt-draft-4"} & left
    assert cli("review", REPORT, "reject", "all", "--data", drafted).code == 0
    assert drafts_of(drafted)["statements"] == []


def test_drafting_a_report_that_is_not_there(empty_data: Path) -> None:
    run = cli("draft", "2024-01-01-nothing", "--data", empty_data)
    assert run.code == 2 and "no report '2024-01-01-nothing'" in run.err
    run = cli("review", "2024-01-01-nothing", "list", "--data", empty_data)
    assert run.code == 2


def test_proposed_entities_build_and_move_into_the_registry(drafted: Path,
                                                             tmp_path: Path) -> None:
    source = tmp_path / "second.txt"
    source.write_text("Summary record of the 13th meeting\n\nMs. Marie Curie (Republic of Poland)"
                      " asked whether the Convention on the Rights of Persons with Disabilities "
                      "covered migrant children.\n", encoding="utf-8")
    second = "2024-03-13-hrc-13"
    assert cli("new-report", second, "--source", source, "--title", "13th meeting", "--date",
               "2024-03-13", "--data", drafted).code == 0
    assert cli("draft", second, "--data", drafted).code == 0
    path = drafted / "reports" / second / "drafts.yaml"
    content = YAML(typ="safe").load(path.read_text("utf-8"))
    proposed = {e["id"]: (e["registry"], e["name"]) for e in content["entities"]}
    title = "convention-on-the-rights-of-persons-with-disabilities"
    assert proposed == {"marie-curie": ("people", "Marie Curie"),
                        "poland": ("countries", "Republic of Poland"),  # as written
                        title: ("instruments", "Convention on the Rights of Persons with "
                                               "Disabilities")}
    graph = build_graph(drafted, include_drafts=True)  # every proposed name is in a report
    assert (URIRef(expand("country:poland")), RDF.type, MKG.Draft) in graph
    [item] = content["statements"]
    item.update(topics=["children"], paraphrase="Curie asked whether the disability "
                "convention protects migrant children.")
    YAML().dump(content, path)
    run = cli("review", second, "accept", item["id"], "--data", drafted)
    assert run.code == 0, run.err
    countries = YAML(typ="safe").load((drafted / "registry" / "countries.yaml").read_text())
    assert countries["countries"][-1]["id"] == "poland"
    assert countries["countries"][-1]["identifiers"][0]["value"] == "PL"
    graph = build_graph(drafted)
    assert (URIRef(expand("person:marie-curie")), RDF.type, MKG.Person) in graph
    assert (URIRef(expand("person:marie-curie")), RDF.type, MKG.Draft) not in graph
