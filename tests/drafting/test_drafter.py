"""The drafter on short texts of the UN genre, written for these tests, each with the draft it
must produce: a State speaking, a joint statement, an official with a post, a pronoun chain, an
instrument by its short name, a new speaker proposed, the floor, and PDF artefacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migration_kg.corpus.grounding import occurrences
from migration_kg.corpus.loader import Corpus, load_registry
from migration_kg.drafting.cues import act_rules, speech_act
from migration_kg.drafting.drafter import Drafter, Drafts
from migration_kg.drafting.score import spans
from migration_kg.drafting.segment import clean, sentences
from tests.helpers import DELEGATIONS

SESSION = "session-1"


@pytest.fixture(scope="module")
def registry() -> Corpus:
    return load_registry(DELEGATIONS)


def draft(registry: Corpus | None, text: str) -> Drafts:
    drafts = Drafter(registry, text, [(SESSION, 0)]).run()
    for statement in drafts.statements:  # verbatim by construction: every quote at its place
        for quote in statement["evidence"]:
            exact = quote if isinstance(quote, str) else quote["quote"]
            assert occurrences(text, exact), exact
        assert 0 < statement["confidence"] <= 1 and statement["rules"]
    return drafts


def brief(drafts: Drafts) -> list[tuple[str, str, list[str], list[str]]]:
    return [(s["speaker"], s["stance"], s.get("on_behalf_of", []), s["instruments"])
            for s in drafts.statements]


def test_a_state_speaks_through_its_representative_and_by_name(registry: Corpus) -> None:
    text = ("The representative of Egypt said that migrant workers sustained the economies of "
            "States of destination. Egypt urged all States to ratify the Migrant Workers "
            "Convention without delay.")
    drafts = draft(registry, text)
    assert brief(drafts) == [("egypt", "reports", [], []),
                             ("egypt", "calls-for", [], ["icrmw-1990"])]
    assert drafts.statements[0]["rules"][0] == \
        'representative: "The representative of Egypt" said'
    assert drafts.statements[1]["rules"][:2] == ['subject: "Egypt" urged', 'speech act: "urged"']
    assert drafts.statements[1]["session"] == SESSION
    assert drafts.entities == []


def test_a_joint_statement_is_made_on_behalf_of_each(registry: Corpus) -> None:
    text = ("Amnesty International, also on behalf of the International Catholic Migration "
            "Commission and the African Group, expressed concern about the detention of migrant "
            "children.")
    drafts = draft(registry, text)
    assert brief(drafts) == [("amnesty-international", "criticises", ["icmc", "african-group"],
                              [])]
    assert "organizations" not in drafts.statements[0]  # whom it spoke for is not a mention


def test_an_official_with_a_post(registry: Corpus) -> None:
    text = ("Ms. Grace Hopper, Third Secretary at the Permanent Mission of Canada to the United "
            "Nations, recommended that States share good practices on the return of migrants.")
    drafts = draft(registry, text)
    assert brief(drafts) == [("grace-hopper", "recommends", [], [])]
    assert [(h["person"], h["post"], h["organization"]) for h in drafts.holdings] == \
        [("grace-hopper", "Third Secretary", "canada-permanent-mission")]
    assert drafts.holdings[0]["evidence"] == [
        "Ms. Grace Hopper, Third Secretary at the Permanent Mission of Canada to the United "
        "Nations"]


def test_pronouns_and_the_representative_go_to_the_last_named_speaker(registry: Corpus) -> None:
    text = ("Mr. Alan Turing (Mexico) welcomed the report of the Special Rapporteur. He said "
            "that the Convention on the Rights of the Child protected every child. He added "
            "that States should share data. The representative stressed the need for regular "
            "pathways.\n\nAlgeria regretted that so few States had ratified the Convention.")
    drafts = draft(registry, text)
    assert brief(drafts) == [
        ("alan-turing", "supports", ["mexico"], []),
        ("alan-turing", "reports", ["mexico"], ["crc"]),
        ("alan-turing", "recommends", ["mexico"], []),
        ("alan-turing", "calls-for", ["mexico"], []),
        # "the Convention": the last convention named, in the whole text so far
        ("algeria", "criticises", [], ["crc"]),
    ]
    assert [s["rules"][0] for s in drafts.statements[1:4]] == [
        'pronoun: "He said" -> Alan Turing', 'pronoun: "He added" -> Alan Turing',
        'pronoun: "The representative stressed" -> Alan Turing']


def test_a_speaker_not_in_the_registry_is_proposed_as_written(registry: Corpus) -> None:
    text = ("Ms. Marie Curie (Poland) asked whether the Special Rapporteur had visited "
            "detention centres. Ms. Curie also noted that children were held there.")
    drafts = draft(registry, text)
    assert brief(drafts) == [("marie-curie", "questions", ["poland"], []),
                             ("marie-curie", "reports", ["poland"], [])]
    proposed = {e["id"]: e for e in drafts.entities}
    assert proposed["marie-curie"]["name"] == "Marie Curie"
    assert proposed["marie-curie"]["honorific"] == "Ms."
    assert proposed["marie-curie"]["variants"] == ["Ms. Marie Curie"]
    assert proposed["poland"]["identifiers"][0]["value"] == "PL"  # ISO 3166-1 via pycountry


def test_cold_with_no_registry_at_all() -> None:
    text = ("The representative of Niger said that the Convention on the Rights of Persons with "
            "Disabilities had been ratified. He added that the Convention was applied.")
    drafts = draft(None, text)
    title = "convention-on-the-rights-of-persons-with-disabilities"
    assert brief(drafts) == [("niger", "reports", [], [title]),  # Niger, never Nigeria
                             ("niger", "reports", [], [title])]
    proposed = {e["id"]: e for e in drafts.entities}
    assert proposed["niger"]["identifiers"][0]["value"] == "NE"
    assert proposed[title]["name"] == "Convention on the Rights of Persons with Disabilities"
    assert proposed[title]["kind"] == "convention"


def test_the_floor_and_the_chair(registry: Corpus) -> None:
    text = ("Mr. Alan Turing (Mexico) welcomed the report of the Special Rapporteur.\n\n"
            "Questions from the floor touched upon: the training of border officials; the "
            "return of unaccompanied children; the cost of consular protection.\n\n"
            "The Chair thanked the delegations for their statements.")
    drafts = draft(registry, text)
    assert brief(drafts) == [("alan-turing", "supports", ["mexico"], []),
                             ("floor", "questions", [], []),
                             ("floor", "questions", [], []),
                             ("floor", "questions", [], [])]  # one per question; none for the Chair
    assert drafts.statements[2]["evidence"] == ["the return of unaccompanied children"]


def test_pdf_artefacts_are_read_past_and_quotes_stay_verbatim(registry: Corpus) -> None:
    header = "A/HRC/55/SR.12\n"
    text = (f"{header}\nThe representative of Egypt said that the Migrant Work-\ners Convention2 "
            f"protected all\n\n\f\n2\n\n{header}\nmigrant workers and their families. He added "
            f"that States should ratify it.\n\n{header}")
    cleaned = clean(text)
    assert [s.text for s in sentences(cleaned)] == [
        "The representative of Egypt said that the Migrant Workers Convention protected all "
        "migrant workers and their families.", "He added that States should ratify it."]
    drafts = draft(registry, text)
    assert brief(drafts) == [("egypt", "reports", [], ["icrmw-1990"]),
                             ("egypt", "recommends", [], [])]
    first = drafts.statements[0]["evidence"]
    assert first == ["The representative of Egypt said that the Migrant Work-\ners Convention2 "
                     "protected all", "migrant workers and their families."]
    assert all(header.strip() not in q for q in first)


def test_the_speech_act_cues_are_the_codebooks(tmp_path: Path, registry: Corpus) -> None:
    acts = {c.id for c in registry.scheme("stances").concepts}  # type: ignore[union-attr]
    assert {rule.act for rule in act_rules()} <= acts
    assert speech_act("The delegation welcomed the report.") == ("supports", "welcomed")
    codebook = tmp_path / "CODEBOOK.md"
    codebook.write_text("```yaml\nspeech-act-cues:\n  - act: warns\n    cues: [welcomed]\n```\n",
                        encoding="utf-8")
    assert speech_act("The delegation welcomed the report.", codebook) == ("warns", "welcomed")
    assert speech_act("It said nothing.", codebook) == ("reports", None)


def test_scoring_counts_overlap_and_same_speaker() -> None:
    from migration_kg.corpus.schema import Statement
    from migration_kg.drafting.gazetteer import Gazetteer
    from migration_kg.drafting.score import score

    text = "Egypt urged States to act. Algeria regretted the delay. Chile said nothing new."

    def curated(id_: str, speaker: str, stance: str, quote: str) -> Statement:
        return Statement.model_validate({"id": id_, "speaker": speaker, "session": SESSION,
                                         "stance": stance, "topics": ["t"], "paraphrase": "p",
                                         "evidence": [{"quote": quote}]})

    gold = [curated("a", "egypt", "calls-for", "urged States to act"),
            curated("b", "algeria", "criticises", "regretted the delay")]
    drafted: dict[str, Any] = {"entities": [], "statements": [
        {"speaker": "egypt", "stance": "calls-for", "instruments": [],
         "evidence": ["Egypt urged States to act."]},
        {"speaker": "egypt", "stance": "reports", "instruments": [],
         "evidence": ["Algeria regretted the delay."]},
        {"speaker": "chile", "stance": "reports", "instruments": [],
         "evidence": ["Chile said nothing new."]}]}
    result = score(text, drafted, gold, Gazetteer())
    assert result["speakers"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1,
                                  "predicted": 2, "expected": 2}
    assert result["attribution"]["precision"] == 0.5 and result["attribution"]["recall"] == 0.5
    assert result["speech_acts"] == {"agreement": 0.5, "pairs": 2}
    assert result["unmatched_drafts"] == 1
    assert spans(text, ["Chile"]) == [(56, 61)]
