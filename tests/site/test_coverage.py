"""Sentences and their coverage by evidence: the splitter's rules, and the shipped report."""

from __future__ import annotations

import pytest
from rdflib import Graph

from migration_kg.api import sentence_coverage, source_text
from migration_kg.site.coverage import coverage, sentences

REPORT = "report:2006-06-27-migration-and-human-rights"


def texts(text: str) -> list[tuple[str, bool]]:
    return [(text[s.start:s.end], s.heading) for s in sentences(text)]


def test_titles_initials_and_numbers_do_not_end_a_sentence() -> None:
    text = ("Dr. Jorge Bustamante spoke first. Mrs. Robinson, e.g. in Geneva, agreed with "
            "Ms. J. Smith. The plan has 3 parts: 1.) Lower performance. 2.) Risks.\n\n"
            "SUMMARY OF INTERVENTIONS\n\nSession II: Sharing responsibilities\n\n"
            "A paragraph cut by a page break, which\n\n\n\nis responsible for this.")
    assert texts(text) == [
        ("Dr. Jorge Bustamante spoke first.", False),
        ("Mrs. Robinson, e.g. in Geneva, agreed with Ms. J. Smith.", False),
        ("The plan has 3 parts: 1.) Lower performance.", False),
        ("2.) Risks.", False),
        ("SUMMARY OF INTERVENTIONS", True),
        ("Session II: Sharing responsibilities", True),
        ("A paragraph cut by a page break, which", False),
        ("is responsible for this.", False),
    ]


def test_a_span_covers_the_sentences_it_overlaps_and_no_other() -> None:
    text = "One sentence here. Two sentences here. Three is the last."
    first, second, _third = sentences(text)
    found = coverage("r", text, [(second.start, second.start + 3), (0, first.end)])
    assert found.covered == frozenset({0, 1})
    assert found.uncovered == [2]
    assert found.summary() == "2 of 3 sentences (66.7%) covered by evidence, 1 not"
    touching = coverage("r", text, [(first.end, second.start)])  # only the space between
    assert touching.covered == frozenset()


def test_headings_are_not_counted() -> None:
    found = coverage("r", "A HEADING\n\nProse here.", [])
    assert [s.heading for s in found.sentences] == [True, False]
    assert found.counted == [1] and found.uncovered == [1]


@pytest.fixture(scope="module")
def shipped(local: Graph):  # type: ignore[no-untyped-def]
    return sentence_coverage(local)[REPORT]


def test_the_unattributed_remark_of_session_one_is_not_covered(shipped) -> None:  # type: ignore[no-untyped-def]
    """CODEBOOK.md, section 1: the remark names no speaker, so no statement codes it."""
    text = source_text("2006-06-27-migration-and-human-rights")
    uncovered = [text[shipped.sentences[i].start:shipped.sentences[i].end]
                 for i in shipped.uncovered]
    assert ("From the outset, it was pointed out that insufficient dialogue and understanding "
            "exists between development and migration policy makers.") in uncovered
    covered = [text[shipped.sentences[i].start:shipped.sentences[i].end]
               for i in shipped.covered]
    assert any(s.startswith("Dr. Bustamante pointed to an asymmetry of power") for s in covered)
    assert 0 < len(shipped.uncovered) < len(shipped.counted) / 10
