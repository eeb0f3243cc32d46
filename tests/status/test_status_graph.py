"""The shipped treaty status in the graph: who was party to what on which day, with provenance
pointing at the UN Treaty Collection, the curators' corrections applied, and the Migrant
Workers Convention's parties cross-checked against a second, independent source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from migration_kg import query
from migration_kg.namespaces import ACTION_KIND, COUNTRY, DATASET, MKG, TREATY_ACTION
from tests.helpers import DATA, ROOT, cli

UNTC_SNAPSHOT = dt.date(2026, 2, 3)
UNTC_CSV_SHA256 = "0ace8751cac1bb519e00dab5bdee351a13c1f445f81655ebc5a7c0a10ae74ecd"
UNTC_COMMIT = "746a24fa99b65d0834f8cd6b79f458a180c338cf"


def parties(graph: Graph, instrument: str, date: str) -> dict[str, str]:
    frame = query(graph, "parties-at-date", instrument=instrument, date=date)
    return dict(zip(frame["party"], frame["since"].astype(str), strict=True))


def test_34_states_were_party_to_the_convention_on_the_day_of_the_workshop(
        shipped_graph: Graph) -> None:
    on_the_day = parties(shipped_graph, "instrument:icrmw-1990", "2006-06-27")
    assert len(on_the_day) == 34
    assert on_the_day["country:mexico"] == "1999-03-08"
    assert on_the_day["country:chile"] == "2005-03-21"
    assert "country:canada" not in on_the_day and "country:united-states" not in on_the_day
    # no action fell between Nicaragua's accession and Mauritania's: the count is robust
    assert max(on_the_day.values()) == "2005-10-26"
    assert len(parties(shipped_graph, "instrument:icrmw-1990", "2007-01-21")) == 34
    assert len(parties(shipped_graph, "instrument:icrmw-1990", "2007-01-22")) == 35
    at_snapshot = parties(shipped_graph, "instrument:icrmw-1990", UNTC_SNAPSHOT.isoformat())
    assert len(at_snapshot) == 60
    assert "country:canada" not in at_snapshot and "country:united-states" not in at_snapshot


def test_mexicos_ratification_points_at_the_treaty_collection(shipped_graph: Graph) -> None:
    action = TREATY_ACTION["untc-chapter-iv/icrmw-1990/mexico/ratification-1999-03-08"]
    assert (action, MKG.participant, COUNTRY["mexico"]) in shipped_graph
    assert (action, MKG.actionKind, ACTION_KIND["ratification"]) in shipped_graph
    dataset = shipped_graph.value(action, PROV.wasDerivedFrom)
    assert dataset == DATASET["untc-chapter-iv"]
    assert shipped_graph.value(dataset, MKG.statusAsAt) == Literal(UNTC_SNAPSHOT)
    assert shipped_graph.value(dataset, MKG.sha256) == Literal(UNTC_CSV_SHA256)
    assert UNTC_COMMIT in str(shipped_graph.value(dataset, MKG.retrievedFrom))
    landing = shipped_graph.value(dataset, URIRef("http://www.w3.org/ns/dcat#landingPage"))
    assert str(landing).startswith("https://treaties.un.org/")
    # every action says where it comes from, and no report statement is derived from it
    actions = set(shipped_graph.subjects(RDF.type, MKG.TreatyAction))
    assert len(actions) == 3929
    assert all(shipped_graph.value(a, PROV.wasDerivedFrom) == dataset for a in actions)


@pytest.mark.parametrize(("participant", "date", "party"), [
    ("country:trinidad-and-tobago", "1990-01-01", True),   # acceded 1980
    ("country:trinidad-and-tobago", "1998-08-25", True),   # denounced with effect 26 Aug 1998
    ("country:trinidad-and-tobago", "1998-08-26", True),   # and re-acceded that same day
    ("country:trinidad-and-tobago", "2001-01-01", False),  # denounced again, effect June 2000
    ("country:jamaica", "1990-01-01", True),                # ratified 1975
    ("country:jamaica", "1999-01-01", False),               # denunciation notified 1997
    ("country:belarus", "2006-06-27", True),                # acceded 1992
    ("country:belarus", "2024-01-01", False),               # denounced with effect Feb 2023
])
def test_denounced_participations_end_on_their_effective_date(
        shipped_graph: Graph, participant: str, date: str, party: bool) -> None:
    assert (participant in parties(shipped_graph, "instrument:iccpr-optional-protocol",
                                   date)) is party


def test_the_curators_corrections_are_in_the_graph(shipped_graph: Graph) -> None:
    def kinds(instrument: str, country: str) -> set[str]:
        return {str(shipped_graph.value(a, MKG.actionKind)).rsplit("/", 1)[-1]
                for a in shipped_graph.subjects(MKG.participant, COUNTRY[country])
                if shipped_graph.value(a, MKG.onInstrument) == URIRef(
                    "https://w3id.org/migration-kg/instrument/" + instrument)}

    assert kinds("crc", "netherlands-kingdom-of-the") == {"signature", "acceptance"}
    assert kinds("icrmw-1990", "montenegro") == {"succession-to-signature"}
    eu = set(shipped_graph.subjects(MKG.participant, URIRef(
        "https://w3id.org/migration-kg/organization/european-union")))
    assert {str(shipped_graph.value(a, MKG.actionKind)).rsplit("/", 1)[-1] for a in eu} == \
        {"signature", "formal-confirmation"}
    assert not any("czechoslovakia" in str(s) for s in shipped_graph.subjects(RDF.type,
                                                                             MKG.Country))
    corrected = [a for a in eu if shipped_graph.value(a, MKG.curatorsCorrection)]
    assert corrected and "23 Dec 2010 c" in str(shipped_graph.value(corrected[0],
                                                                    MKG.curatorsCorrection))


def test_every_state_is_a_country_with_its_iso_codes(shipped_graph: Graph) -> None:
    countries = set(shipped_graph.subjects(RDF.type, MKG.Country))
    assert len(countries) == 197  # 193 UN members, Holy See, Palestine, Cook Islands, Niue
    codes = {str(shipped_graph.value(c, MKG.iso3166Alpha2)) for c in countries}
    assert len(codes) == 197 and {"MX", "CA", "US", "KR", "KP", "NE", "NG"} <= codes
    assert shipped_graph.value(COUNTRY["mexico"], MKG.iso3166Alpha3) == Literal("MEX")
    assert shipped_graph.value(COUNTRY["bolivia-plurinational-state-of"],
                               MKG.nameInSource) == Literal("Bolivia (Plurinational State of)",
                                                            lang="en")


def test_status_of_the_cited_instruments_separates_unknown_from_zero(
        shipped_graph: Graph) -> None:
    frame = query(shipped_graph, "status-of-cited-instruments").set_index("instrument")
    assert frame.loc["instrument:icrmw-1990", "partiesOnReportDate"] == 34
    assert frame.loc["instrument:icrmw-1990", "partiesAtStatusDate"] == 60
    assert frame.loc["instrument:iccpr-optional-protocol", "partiesOnReportDate"] == 105
    for unknown in ("instrument:ilo-c097", "instrument:trafficking-protocol"):
        assert frame.loc[unknown, "partiesOnReportDate"] in ("", None)


def test_a_date_parameter_is_a_checked_date() -> None:
    run = cli("query", "parties-at-date", "--bind", "date=2006-13-45")
    assert run.code == 2
    assert "'2006-13-45' is not a calendar date" in run.err


# ----------------------------------------------------------------------------- cross-check


def test_ratification_years_agree_with_an_independent_source(shipped_graph: Graph) -> None:
    """world-politics-datalab's table (May 2022, UN members, years only) against the UNTC copy:
    the year each state became party agrees for every state in both; the only differences are
    the three states that became parties after that table was made."""
    second = yaml.safe_load((DATA / "status" / "wpdl-icmw.yaml").read_text("utf-8"))
    as_of = second["as_of"]
    theirs: dict[str, int] = {str(k): int(v) for k, v in second["parties"].items()}
    ours: dict[str, dt.date] = {}
    for party, since in parties(shipped_graph, "instrument:icrmw-1990",
                                UNTC_SNAPSHOT.isoformat()).items():
        code = shipped_graph.value(COUNTRY[party.split(":", 1)[1]], MKG.iso3166Alpha2)
        ours[str(code)] = dt.date.fromisoformat(since)
    both = set(ours) & set(theirs)
    assert len(both) == 57
    assert {c for c in both if ours[c].year != theirs[c]} == set()
    only_ours = set(ours) - set(theirs)
    assert only_ours == {"MW", "CI", "ZW"}  # Malawi 2022, Côte d'Ivoire 2023, Zimbabwe 2024
    assert all(ours[c] > as_of for c in only_ours)
    assert set(theirs) <= set(ours)


def test_the_shipped_status_is_what_the_importer_writes(tmp_path: Path) -> None:
    """actions.csv and source.yaml say they are generated: re-reading them gives the counts
    source.yaml records, and every instrument number is one the registry knows."""
    from migration_kg.corpus.layout import StatusLayout
    from migration_kg.status.dataset import read_dataset

    dataset = read_dataset(StatusLayout(ROOT / "graph" / "status" / "untc-chapter-iv"))
    assert dataset.meta.item.actions == len(dataset.actions) == 3929
    assert dataset.meta.item.input_rows == 2567
    assert len(dataset.meta.item.corrections) == len(dataset.corrections) == 10
