"""Entity sections: each query file is one section of the pages, run on the real graphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from migration_kg import paths
from migration_kg.networks import Discourse, actor_claim
from migration_kg.site.entities import KINDS, entities, owner_path
from migration_kg.sparql.results import render
from migration_kg.sparql.sections import cell_text, section_rows, sections, tooltip_facts
from migration_kg.views import node_text

SECTIONS = sections()
ROBINSON = "person:mary-robinson"


def test_there_are_sections_and_each_names_known_page_kinds() -> None:
    assert len(SECTIONS) >= 10
    for section in SECTIONS:
        assert section.kinds <= set(KINDS) | {"all"}, section.key
        assert section.heading and section.query.question, section.key


@pytest.mark.parametrize("section", SECTIONS, ids=[s.key for s in SECTIONS])
def test_every_section_answers_on_the_shipped_graph_for_its_kinds(section, local: Graph) -> None:  # type: ignore[no-untyped-def]
    rows = section_rows(local, section)
    pages = entities(local)
    assert rows, f"{section.key} answers nothing"
    shown_on = {pages[e].kind for e in rows if e in pages}
    assert shown_on & (set(KINDS) if "all" in section.kinds else section.kinds), section.key


def _rows(graph: Graph, key: str, entity: str) -> list[dict[str, str]]:
    section = next(s for s in SECTIONS if s.key == key)
    return [{k: render(v) for k, v in r.items()} for r in section_rows(graph, section)[entity]]


def test_a_speakers_statements_are_grouped_by_claim_with_their_quotes(local: Graph) -> None:
    rows = _rows(local, "statements", ROBINSON)
    ratify = [r for r in rows if r["claim"] == "claim:ratify-icrmw"]
    assert {r["stanceLabel"] for r in ratify} == {"calls for"}
    assert "Mrs. Robinson called upon the international community to ratify the international " \
           "legal texts covering migration" in {r["quote"] for r in ratify}
    text = (paths.GRAPH_DIR / "reports" / "2006-06-27-migration-and-human-rights" /
            "source.txt").read_text(encoding="utf-8")
    for row in rows:  # every quote sits at its offsets in the report
        assert text[int(row["start"]):int(row["end"])] == row["quote"]


def test_who_agrees_and_who_disagrees(local: Graph, mini_graph: Graph) -> None:
    rows = _rows(local, "agreement", ROBINSON)
    assert {"agree with them: same side of the claim"} == {r["relation"] for r in rows}
    assert {"Andrea Rossi", "Mariana Olivera West"} <= {r["otherLabel"] for r in rows}
    # The mini corpus has a real disagreement (tests/sparql/test_queries.py proves it).
    section = next(s for s in SECTIONS if s.key == "agreement")
    relations = {cell_text(r, "relation") for rs in section_rows(mini_graph, section).values()
                 for r in rs}
    assert "disagree with them: opposite sides of the claim" in relations


def test_claim_holders_name_their_side(local: Graph) -> None:
    rows = _rows(local, "claim-holders", "claim:rights-regardless-of-status")
    assert {r["speakerLabel"] for r in rows} == {
        "Andrea Rossi", "Jorge Bustamante", "Mariana Olivera West", "Mary Robinson",
        "Peter Lilius"}
    assert {r["agreement"] for r in rows} == {"agree"}


def test_sub_resources_are_described_on_their_owners_page(local: Graph) -> None:
    pages = entities(local)
    statement = "statement:2006-06-27-migration-and-human-rights/robinson-ratify-icrmw"
    assert pages[statement].kind == "statement"
    assert owner_path(statement + "/evidence/1/quote", pages) == pages[statement]
    assert owner_path("person:nobody-at-all", pages) is None
    assert pages[ROBINSON].path == "person/mary-robinson"


def test_a_section_added_as_a_file_shows_in_the_tooltips(local: Graph, tmp_path: Path) -> None:
    """Adding a section is adding a query file; marked ``tooltip: yes`` it reaches the views."""
    folder = tmp_path / "site"
    shutil.copytree(paths.QUERIES_DIR / "site", folder)
    (folder / "99-test-honorific.rq").write_text(
        "# title: Honorific\n# section: How the report addresses them\n# kinds: person\n"
        "# tooltip: yes\n# question: Which honorific does the report use?\n"
        "PREFIX mkg: <https://w3id.org/migration-kg/ontology#>\n"
        "SELECT ?entity ?honorific WHERE { ?entity mkg:honorific ?honorific }\n",
        encoding="utf-8")
    assert "test-honorific" in [s.key for s in sections(folder)]
    facts = tooltip_facts(local, folder)
    assert facts[ROBINSON] == [("How the report addresses them", "Mrs.")]
    data = Discourse.from_graph(local)
    data.facts = facts
    graph = actor_claim(data)
    assert "How the report addresses them: Mrs." in node_text(graph, ROBINSON, data.quotes, {},
                                                                facts=data.facts)
