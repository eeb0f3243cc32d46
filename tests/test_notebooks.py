"""The notebooks run top to bottom, are kept without outputs, and what they state holds.

Each notebook is executed in a fresh ``python3`` kernel with ``notebooks/`` as its working
directory; any error fails the test. The findings the notebooks write in prose are checked here
through the same public API, so a change in the data that would make a finding false fails a test
instead of leaving the text wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from rdflib import Graph

from migration_kg import load_graph, networks, query
from migration_kg.api import source_text
from migration_kg.errors import InputError

pytestmark = pytest.mark.slow

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT_S = 300  # per cell; a whole notebook takes a few seconds on an idle machine
ALLOWED_IMPORTS = {"migration_kg", "migration_kg.api", "migration_kg.errors", "pandas",
                   "matplotlib.pyplot"}

REPORT = "2006-06-27-migration-and-human-rights"
ICRMW = "instrument:icrmw-1990"
ROBINSON = "person:mary-robinson"
OLIVERA = "person:mariana-olivera-west"
RODRIGUEZ = "person:gabriella-rodriguez"
BUSTAMANTE = "person:jorge-bustamante"
SINGH = "person:naresh-singh"


def test_the_four_notebooks_are_there() -> None:
    assert [p.stem for p in NOTEBOOKS] == ["01-tour", "02-instruments", "03-positions",
                                           "04-sparql"]


def _code(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_kept_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code), \
        "clear the outputs: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_uses_only_the_public_api(path: Path) -> None:
    source = "\n".join(_code(path))
    imported = set(re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, re.MULTILINE))
    assert imported <= ALLOWED_IMPORTS, f"imports outside the public API: {imported}"
    assert not re.search(r"\b(?:networks|views|api)\._", source), "a private helper is used"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "a matplotlib plot"
    views = [o["data"]["text/html"] for o in outputs
             if "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
    assert views, "an interactive pyvis view shown inline"
    for html in views:  # the page inside srcdoc is escaped once
        assert "&lt;script src" not in html and "&lt;link" not in html, "loads nothing"
        assert "vis.Network" in html


# ----------------------------------------------------------------------------- the findings


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph()


@pytest.fixture(scope="module")
def data(graph: Graph) -> networks.Discourse:
    return networks.discourse(graph)


def test_tour_findings(graph: Graph) -> None:
    instances = query(graph, "classes").set_index("class")["instances"]
    assert instances["mkg:Statement"] == 145
    assert instances["mkg:Person"] == 14
    assert (instances["mkg:Organization"], instances["mkg:UNBody"]) == (35, 18)
    assert (instances["mkg:Instrument"], instances["mkg:BindingInstrument"]) == (31, 27)
    assert (instances["mkg:Topic"], instances["mkg:Session"]) == (30, 3)
    assert instances["mkg:Convention"] == 12  # ILO conventions count as conventions
    assert (instances["mkg:Country"], instances["mkg:TreatyAction"]) == (197, 3929)

    speakers = query(graph, "speakers")
    assert speakers.groupby("session")["speaker"].nunique().to_dict() == {1: 5, 2: 3, 3: 4}
    former = query(graph, "former-posts")
    assert set(zip(former["person"], former["post"], strict=True)) == {
        (ROBINSON, "High Commissioner for Human Rights"),
        (RODRIGUEZ, "Special Rapporteur on the Human Rights of Migrants")}

    evidence = query(graph, "statement-evidence")
    text = source_text(REPORT)
    assert list(zip(evidence["start"], evidence["end"], strict=True)) == \
        [(3590, 3702), (3707, 3894)]
    assert all(text[r.start:r.end] == r.quote for r in evidence.itertuples())
    assert len(text.encode("utf-8")) > len(text), "offsets are code points, not bytes"


def test_instrument_findings(graph: Graph) -> None:
    cited = networks.most_cited_instruments(graph).set_index("instrument")
    assert len(cited) == 17
    assert cited.index[0] == ICRMW
    assert tuple(cited.loc[ICRMW, ["statements", "actors"]]) == (7, 4)
    assert tuple(cited.loc["instrument:trafficking-protocol", ["statements", "actors"]]) == (4, 3)
    assert (cited["statements"] == 1).sum() == 10

    citations = query(graph, "instrument-citations")
    sessions = citations.groupby("instrument")["session"].nunique()
    assert set(sessions[sessions == 3].index) == {ICRMW, "instrument:trafficking-protocol"}
    citers = citations["speaker"][citations["speaker"].str.startswith("person:")]
    assert citers.nunique() == 7
    by_speaker = citations[citations["speaker"] == OLIVERA]
    assert (by_speaker["instrument"].nunique(), by_speaker["statement"].nunique()) == (8, 3)

    calls = query(graph, "ratification-calls")
    assert set(calls.loc[calls["instrument"] == ICRMW, "speaker"]) == {ROBINSON, OLIVERA}
    on_icrmw = citations[citations["instrument"] == ICRMW]
    assert Counter(on_icrmw["stance"]) == {"stance:calls-for": 1, "stance:recommends": 1,
                                           "stance:reports": 2, "stance:supports": 2,
                                           "stance:questions": 1}
    assert "person:barbara-masciangelo" not in set(calls["speaker"])
    silent = query(graph, "instrument-silence", instrument=ICRMW)
    assert len(silent) == 9
    assert {BUSTAMANTE, RODRIGUEZ} <= set(silent["speaker"])
    assert not {ROBINSON, OLIVERA, "person:kristina-touzenis"} & set(silent["speaker"])


def test_status_findings(graph: Graph) -> None:
    """Notebook 02, "Who was bound by it": the Convention's parties and the states the report
    involves, from the UN Treaty Collection dataset."""
    def parties(date: str) -> set[str]:
        return set(query(graph, "parties-at-date", instrument=ICRMW, date=date)["party"])

    assert len(parties("1999-12-31")) == 12
    assert len(parties("2006-06-27")) == 34
    assert len(parties("2026-02-03")) == 60
    joined_after = parties("2026-02-03") - parties("2006-06-27")
    assert len(joined_after) == 26
    assert parties("2007-01-21") == parties("2005-10-26") == parties("2006-06-27")
    status = query(graph, "status-of-cited-instruments").set_index("instrument")
    assert tuple(status.loc[["instrument:crc", "instrument:iccpr",
                             "instrument:iccpr-optional-protocol"],
                            "partiesOnReportDate"]) == (192, 156, 105)
    calls = query(graph, "ratification-calls-and-status")
    icrmw_call = calls[calls["instrument"] == ICRMW].iloc[0]
    assert (icrmw_call["speaker"], icrmw_call["state"], icrmw_call["status"],
            str(icrmw_call["since"])) == (OLIVERA, "country:mexico", "party", "1999-03-08")
    not_party = query(graph, "states-present-not-party", instrument=ICRMW)
    assert set(not_party["state"]) == {"country:united-states", "country:canada",
                                       "country:china", "country:germany",
                                       "country:liechtenstein"}
    assert "country:chile" in parties("2006-06-27")


def test_cocitation_findings(graph: Graph) -> None:
    cocitation = networks.instrument_cocitation(graph)
    _, edges = networks.tables(cocitation)
    strongest = edges.sort_values("count", ascending=False).iloc[0]
    assert {strongest["source"], strongest["target"]} == {ICRMW, "instrument:trafficking-protocol"}
    assert strongest["count"] == 3
    groups = networks.communities(cocitation)
    assert len(set(groups.values())) == 8
    assert groups["instrument:ilo-c097"] == groups[ICRMW] != groups["instrument:ilo-c182"]
    alone = {"instrument:crc", "instrument:gcim-final-report",
             "instrument:yen-national-action-plans"}
    assert all(cocitation.degree(i) == 0 for i in alone)


def test_position_findings(graph: Graph, data: networks.Discourse) -> None:
    acts = query(graph, "speech-acts").set_index("stance")["statements"]
    assert acts["stance:opposes"] == 0
    assert (acts["stance:reports"], acts["stance:recommends"], acts["stance:calls-for"],
            acts["stance:criticises"]) == (43, 26, 24, 15)
    assert acts.sum() == 145

    claims = query(graph, "claims")
    per_claim = claims.groupby("claim")["speaker"].nunique()
    assert (len(per_claim), (per_claim >= 2).sum(), (per_claim >= 3).sum()) == (73, 38, 17)
    assert set(per_claim[per_claim == 5].index) == {
        "claim:rights-regardless-of-status", "claim:irregular-status-leaves-migrants-unprotected",
        "claim:migrant-children-need-specific-protection",
        "claim:protect-migrant-workers-from-exploitation",
        "claim:international-cooperation-on-migrants-rights"}
    assert claims["statements"].sum() == len(data.positions) == 200
    rejected = claims[claims["agreement"] == "mkg:disagrees"]
    assert list(zip(rejected["claim"], rejected["speaker"], strict=True)) == [
        ("claim:hrba-means-open-door", RODRIGUEZ)]

    agree = networks.congruence(data)
    assert (agree.number_of_nodes(), agree.number_of_edges()) == (12, 51)
    strongest = {frozenset((u, v)) for u, v, d in agree.edges(data=True) if d["weight"] == 6}
    assert strongest == {frozenset((OLIVERA, other)) for other in (
        "person:andrea-rossi", RODRIGUEZ, "person:kristina-touzenis")}
    assert max(d["weight"] for *_, d in agree.edges(data=True)) == 6
    assert set(agree["person:barbara-masciangelo"]) == {ROBINSON, RODRIGUEZ}

    disagree = networks.conflict(data)
    assert disagree.number_of_edges() == 0
    assert query(graph, "disagreements").empty
    explicit = query(graph, "agreements")
    assert set(zip(explicit["speaker"], explicit["other"], strict=True)) == {
        (SINGH, BUSTAMANTE), (OLIVERA, "person:peter-sutherland")}
    assert agree[SINGH][BUSTAMANTE]["agreements"] == \
        "claim:power-asymmetries-underlie-deprivation=agrees"


def test_community_and_centrality_findings(graph: Graph, data: networks.Discourse) -> None:
    agree = networks.congruence(data)
    groups = networks.communities(agree)
    assert len(set(groups.values())) == 2
    members = {c: {a for a, g in groups.items() if g == c} for c in set(groups.values())}
    assert {BUSTAMANTE, SINGH, "person:carola-hausotter"} in members.values()

    central = networks.centrality(agree)
    top = central.nlargest(2, "betweenness")
    assert set(top["node"]) == {RODRIGUEZ, ROBINSON}
    assert all(round(b, 3) == 0.087 for b in top["betweenness"])
    assert central.loc[central["strength"].idxmax(), "node"] == OLIVERA
    assert central["strength"].max() == 38
    assert set(central.loc[central["degree"] == 10, "node"]) == {
        OLIVERA, SINGH, "person:andrea-rossi", "person:kristina-touzenis", "person:peter-lilius"}
    assert central.loc[central["degree"].idxmin(), "node"] == "person:barbara-masciangelo"

    bridges = networks.bridges(data, "topic:human-rights", "topic:development")
    assert set(bridges.loc[bridges["bridging"] == 3, "actor"]) == {
        "person:andrea-rossi", SINGH, "person:carola-hausotter"}
    best = bridges.loc[bridges["bridge_betweenness"].idxmax()]
    assert (best["actor"], round(best["bridge_betweenness"], 2)) == (RODRIGUEZ, 2.79)


def test_sparql_findings(graph: Graph) -> None:
    per_session = query(graph, """
        PREFIX mkg: <https://w3id.org/migration-kg/ontology#>
        SELECT ?session (COUNT(?statement) AS ?statements)
        WHERE { ?statement a mkg:Statement ; mkg:session/mkg:sessionNumber ?session . }
        GROUP BY ?session""")
    assert dict(zip(per_session["session"], per_session["statements"], strict=True)) == \
        {1: 57, 2: 38, 3: 50}
    hld = query(graph, "positions-on-topic", topic="topic:high-level-dialogue")
    assert set(hld["speaker"]) == {ROBINSON, SINGH, OLIVERA}
    assert Counter(hld["speaker"])[SINGH] == 3
    with pytest.raises(InputError, match="SERVICE"):
        query(graph, "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> "
                     "{ ?s ?p ?o } }")

