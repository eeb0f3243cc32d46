"""Grounding: quotes are found at exact offsets; missing and ambiguous quotes are explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from migration_kg import paths
from migration_kg.corpus.grounding import CONTEXT_CHARS, closest_passage, locate, occurrences
from migration_kg.corpus.schema import Quote
from migration_kg.errors import InputError
from migration_kg.namespaces import OA

TEXT = "Ms. West spoke. Then Ms. West spoke again about Article 36."
SOURCE = (paths.GRAPH_DIR / "reports" / "2006-06-27-migration-and-human-rights" / "source.txt")


def test_locate_gives_offsets_prefix_and_suffix() -> None:
    span = locate(TEXT, Quote(quote="Article 36"), Path("x.yaml"), 3)
    assert (span.start, span.end) == (48, 58)
    assert TEXT[span.start:span.end] == "Article 36"
    assert span.prefix == TEXT[48 - CONTEXT_CHARS:48]
    assert span.suffix == "."


def test_ambiguous_quote_needs_an_occurrence() -> None:
    with pytest.raises(InputError) as err:
        locate(TEXT, Quote(quote="Ms. West spoke"), Path("x.yaml"), 7)
    assert "occurs 2 times" in err.value.message
    assert err.value.line == 7
    second = locate(TEXT, Quote(quote="Ms. West spoke", occurrence=2), Path("x.yaml"), 7)
    assert second.start == 21


def test_missing_quote_shows_the_closest_passage() -> None:
    with pytest.raises(InputError) as err:
        locate(TEXT, Quote(quote="Ms. West talked again"), Path("x.yaml"), 1)
    assert "not found" in err.value.message
    assert "Ms. West spoke again" in (err.value.hint or "")


def test_occurrences_include_overlapping_matches() -> None:
    assert occurrences("aaaa", "aa") == [0, 1, 2]


def test_closest_passage_in_the_real_report() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    quote = "Ms. Robinson called upon the international community to ratify"
    passage = closest_passage(text, quote)
    assert "called upon the international community to ratify" in passage


def test_every_evidence_span_in_the_built_graph_quotes_the_report(shipped_graph: Graph) -> None:
    """Every selector's exact text is the report's text at [start:end], prefix and suffix too."""
    text = SOURCE.read_text(encoding="utf-8")
    spans = list(shipped_graph.subjects(RDF.type, OA.SpecificResource))
    assert len(spans) > 250
    for resource in spans:
        selectors = list(shipped_graph.objects(resource, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in shipped_graph)
        position = next(s for s in selectors
                        if (s, RDF.type, OA.TextPositionSelector) in shipped_graph)
        start = int(shipped_graph.value(position, OA.start))
        end = int(shipped_graph.value(position, OA.end))
        exact = str(shipped_graph.value(quote, OA.exact))
        assert text[start:end] == exact
        assert text[:start].endswith(str(shipped_graph.value(quote, OA.prefix)))
        assert text[end:].startswith(str(shipped_graph.value(quote, OA.suffix)))


def test_the_closest_passage_search_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 30,000-character missing quote ran past a minute: the search uses the quote's start,
    and at most CLOSEST_SEARCHES missing quotes per run are searched at all."""
    from migration_kg.corpus import grounding

    text = SOURCE.read_text(encoding="utf-8")
    needles: list[int] = []
    real = grounding.fuzz.partial_ratio_alignment

    def recorded(needle: str, haystack: str) -> object:
        needles.append(len(needle))
        return real(needle, haystack)

    monkeypatch.setattr(grounding.fuzz, "partial_ratio_alignment", recorded)
    long_quote = " ".join(text.split()[:6000])[:30000] + " never said"
    with pytest.raises(InputError) as err:
        locate(text, Quote(quote=long_quote), Path("x.yaml"), 4)
    assert needles == [grounding.CLOSEST_QUOTE_CHARS]
    assert err.value.message.endswith('..."') and "closest passage is" in (err.value.hint or "")
    budget = grounding.SearchBudget()
    hints = []
    for number in range(grounding.CLOSEST_SEARCHES + 5):
        with pytest.raises(InputError) as err:
            locate(text, Quote(quote=f"missing quote {number}"), Path("x.yaml"), 1, budget)
        hints.append(err.value.hint or "")
    assert sum("closest passage is:" in h for h in hints) == grounding.CLOSEST_SEARCHES
    assert "first 20 missing quotes only" in hints[-1]
    assert len(needles) == 1 + grounding.CLOSEST_SEARCHES
