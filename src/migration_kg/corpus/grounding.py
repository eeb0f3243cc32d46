"""Find every evidence quote in its report and compute W3C Web Annotation selectors.

Offsets count Unicode code points of the UTF-8 decoded ``source.txt``, as the Web Annotation
model's ``TextPositionSelector`` defines them. A quote that is missing or occurs more than once
(without ``occurrence``) is an error naming the file, the line, the quote and the closest passage.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from tqdm import tqdm

from migration_kg.corpus.kinds import ENTITY_KINDS
from migration_kg.corpus.loader import Corpus, Located, Report
from migration_kg.corpus.schema import Quote
from migration_kg.errors import InputError, InputErrors

CONTEXT_CHARS = 32
"""Characters of prefix and suffix kept with each quote, enough to re-anchor it by eye."""
CLOSEST_QUOTE_CHARS = 200
"""The closest passage is looked for with the first this many characters of a missing quote:
the search grows with the quote's length times the report's (a 30,000-character quote ran
past a minute), and a curator recognises the passage by its start."""
CLOSEST_TEXT_CHARS = 5_000_000
"""Reports longer than this are not searched for a closest passage (about 0.2 s each)."""
CLOSEST_SEARCHES = 20
"""At most this many missing quotes per run get a closest passage; the rest are listed."""


@dataclass(frozen=True)
class Span:
    """A located quote: ``text[start:end] == exact``."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping ones included."""
    found = []
    start = text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def closest_passage(text: str, quote: str) -> str:
    """The passage of ``text`` most like the start of ``quote``, to show a curator what they
    meant; bounded (see :data:`CLOSEST_QUOTE_CHARS`)."""
    alignment = fuzz.partial_ratio_alignment(quote[:CLOSEST_QUOTE_CHARS], text)
    if alignment is None:
        return ""
    passage = text[alignment.dest_start:alignment.dest_end]
    return " ".join(passage.split())


class SearchBudget:
    """How many more closest-passage searches this run may make (:data:`CLOSEST_SEARCHES`)."""

    def __init__(self, searches: int = CLOSEST_SEARCHES) -> None:
        self.left = searches

    def hint(self, text: str, quote: str) -> str:
        if len(text) > CLOSEST_TEXT_CHARS:
            return "copy the passage verbatim (the report is too long to search for the " \
                   "closest passage)"
        if self.left <= 0:
            return f"copy the passage verbatim (the closest passage is shown for the first " \
                   f"{CLOSEST_SEARCHES} missing quotes only)"
        self.left -= 1
        return f'copy the passage verbatim; the closest passage is: ' \
               f'"{closest_passage(text, quote)}"'


def locate(text: str, quote: Quote, where: Path, line: int | None,
           budget: SearchBudget | None = None) -> Span:
    """Find ``quote`` in ``text`` or raise an :class:`InputError` that says how to fix it."""
    exact = quote.quote
    starts = occurrences(text, exact)
    shown = exact if len(exact) <= 120 else exact[:117] + "..."
    if not starts:
        raise InputError(f'evidence quote not found in the report: "{shown}"', where, line,
                         hint=(budget or SearchBudget()).hint(text, exact))
    if quote.occurrence is None and len(starts) > 1:
        raise InputError(
            f'evidence quote is ambiguous, it occurs {len(starts)} times: "{shown}"', where, line,
            hint="quote a longer passage, or add 'occurrence: N' to pick the N-th",
        )
    index = (quote.occurrence or 1) - 1
    if index >= len(starts):
        raise InputError(
            f"occurrence {quote.occurrence} asked for, but the quote occurs {len(starts)} time(s)",
            where, line, hint="lower 'occurrence' or quote another passage",
        )
    start = starts[index]
    end = start + len(exact)
    return Span(
        exact=exact,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
    )


def evidence_items(report: Report) -> Iterator[tuple[Located[Any], str, list[Quote]]]:
    """Every (located item, name of its evidence field, its quotes) in a report, in file order."""
    yield (report.meta, "publisher_evidence", report.meta.item.publisher_evidence)
    yield (report.workshop, "evidence", report.workshop.item.evidence)
    for s in report.sessions:
        yield (s, "evidence", s.item.evidence)
    for group in (report.events, report.facts, report.holdings, report.statements,
                  report.statistics):
        for located in group:
            yield (located, "evidence", located.item.evidence)


@dataclass
class Grounding:
    """Spans per report and per annotated item, in the order the curators wrote them."""

    spans: dict[tuple[str, int], list[Span]]

    def of(self, report: Report, located: Located[Any]) -> list[Span]:
        return self.spans[(report.id, id(located))]


def ground_report(report: Report, spans: dict[tuple[str, int], list[Span]],
                  errors: list[InputError], budget: SearchBudget | None = None) -> None:
    """Locate every quote of one report into ``spans``; failures go to ``errors``."""
    budget = budget or SearchBudget()
    for located, field_name, quotes in evidence_items(report):
        found = []
        for index, quote in enumerate(quotes):
            line = located.line_at(field_name, index)
            try:
                found.append(locate(report.source_text, quote, located.path, line, budget))
            except InputError as exc:
                errors.append(exc)
        spans[(report.id, id(located))] = found


def ground(corpus: Corpus) -> Grounding:
    """Locate every quote of every report; all failures are reported together."""
    spans: dict[tuple[str, int], list[Span]] = {}
    errors: list[InputError] = []
    budget = SearchBudget()
    for report in tqdm(corpus.reports, desc="grounding quotes", unit="report", delay=1.0,
                       disable=None, file=sys.stderr, leave=False):
        ground_report(report, spans, errors, budget)
    errors.extend(check_names(corpus))
    if errors:
        raise InputErrors(errors)
    return Grounding(spans)


def check_names(corpus: Corpus) -> list[InputError]:
    """Every name and variant in the registry must be written verbatim in some report.

    Acronyms, honorific forms and short forms are facts about how a report names someone;
    an entity whose names appear in no report is flagged so nothing enters from memory.
    """
    texts = [r.source_text for r in corpus.reports]
    index = WordIndex(texts)
    errors = []
    for kind in ENTITY_KINDS:
        for located in corpus.entities[kind.key].values():
            item = located.item
            names = [*item.variants]
            if not item.name_source:
                names.append(item.name)
            for attr in ("acronym", "short_name"):
                if getattr(item, attr, None):
                    names.append(getattr(item, attr))
            for name in names:
                if not index.written(name):
                    errors.append(InputError(
                        f"name '{name}' of {kind.noun} "
                        f"'{item.id}' is not written in any report", located.path, located.line,
                        hint="copy the form the report uses verbatim, or give name_source for an "
                        "official name taken from elsewhere",
                    ))
    return errors


WORD = re.compile(r"\w+")


class WordIndex:
    """Which texts contain which words, to find where a name is written without reading them all.

    ``name in text`` for every name and every text grows with names x texts, and both grow with
    the corpus (quadratic: 5 s at 1M triples, minutes at 5M). The index narrows the search to
    the texts holding the name's rarest word; only a name found in none of them (written inside
    a longer word, or not at all) is looked for in every text, so the answer is unchanged.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.postings: dict[str, list[int]] = {}
        for number, text in enumerate(texts):
            for word in set(WORD.findall(text)):
                self.postings.setdefault(word, []).append(number)

    def written(self, name: str) -> bool:
        """Whether ``name`` occurs verbatim in some text (the same answer as a full scan)."""
        words = WORD.findall(name)
        if words:
            rarest = min(words, key=lambda w: len(self.postings.get(w, ())))
            if any(name in self.texts[n] for n in self.postings.get(rarest, ())):
                return True
        return any(name in text for text in self.texts)
