"""Which sentences of a report no annotation covers: what curators have not coded yet.

A report is cut into sentences by :func:`sentences`; a sentence is *covered* when any evidence
span of the graph (a statement's quote, a stated relation, a post held, a figure, an event, the
report's own provenance) overlaps it. The report reader's coverage mode highlights the sentences
that are not covered, and ``migration-kg stats`` prints the share that is, from this one module,
so the two always agree.

The sentence splitter is rules, not a model, so it is the same everywhere and explains itself:

* a blank line ends a sentence (paragraphs, page breaks, footnotes);
* ``.``, ``!`` or ``?`` (with closing quotes or brackets after it) ends a sentence when
  whitespace and then a capital letter, a digit, an opening quote or a list dash follow; not
  after a title or common abbreviation (``Dr.``, ``Mrs.``, ``e.g.``), a single letter (an
  initial, a Roman numeral ``I.``), or a number (``1.)`` in a list);
* a *heading* is a stretch between blank lines written in capitals, or one with no sentence
  punctuation at its end, at most :data:`HEADING_WORDS` words, and not continued by the next
  paragraph (which a page break shows: it starts in lower case, after any footnotes); headings
  ("Session II: Sharing responsibilities") are shown but not counted, since no one says them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

HEADING_WORDS = 14
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡"
ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "prof", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "art",
    "para", "cf", "ca", "jr", "sr", "inc", "ltd", "co", "u.s", "u.n", "fig", "vol", "pp",
})
_BLANK = re.compile(r"\n[ \t]*\n\s*")
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘(\-–A-Z0-9])")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?:;][\"'”’)\]*]*\s*$")


@dataclass(frozen=True)
class Sentence:
    """Characters ``start`` to ``end`` of a report; ``heading`` is not counted for coverage."""

    start: int
    end: int
    heading: bool = False

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and end > self.start


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    position = 0
    for blank in _BLANK.finditer(text):
        yield position, blank.start()
        position = blank.end()
    yield position, len(text)


def _abbreviated(text: str, end: int) -> bool:
    """Whether the full stop at ``end`` closes an abbreviation, an initial or a number."""
    word = re.search(r"(\S+)$", text[:end])
    if word is None:
        return False
    token = word.group(1).lstrip("(\"“‘'*").lower()
    return token in ABBREVIATIONS or len(token) == 1 or token.isdigit() \
        or bool(re.fullmatch(r"[ivxlc]+", token))


def _continued(text: str, paragraphs: list[tuple[int, int]], index: int) -> bool:
    """Whether the paragraph after ``index`` (footnotes skipped) goes on in lower case."""
    for first, last in paragraphs[index + 1:]:
        start = text[first:last].lstrip()
        if not start or start[0] in FOOTNOTE_MARKS:
            continue
        return start[0].islower()
    return False


def sentences(text: str) -> list[Sentence]:
    """The sentences (and headings) of ``text``, in order, without surrounding whitespace."""
    found: list[Sentence] = []
    paragraphs = list(_paragraphs(text))
    for number, (first, last) in enumerate(paragraphs):
        paragraph = text[first:last]
        if not paragraph.strip():
            continue
        cuts = [first]
        for match in _END.finditer(paragraph):
            if match.group(0)[0] == "." and _abbreviated(paragraph, match.start()):
                continue
            cuts.append(first + match.end())
        cuts.append(last)
        pieces = [(a, b) for a, b in itertools.pairwise(cuts)]
        for a, b in pieces:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a >= b or not re.search(r"[^\W\d_]", text[a:b]):
                continue
            words = len(text[a:b].split())
            piece = text[a:b]
            heading = len(pieces) == 1 and (piece.upper() == piece or (
                words <= HEADING_WORDS and not _SENTENCE_PUNCTUATION.search(piece)
                and not _continued(text, paragraphs, number)))
            found.append(Sentence(a, b, heading))
    return found


@dataclass(frozen=True)
class Coverage:
    """How much of a report's prose the evidence spans touch."""

    report: str
    sentences: tuple[Sentence, ...]
    covered: frozenset[int]
    """Indexes (into ``sentences``) of the counted sentences some evidence overlaps."""

    @property
    def counted(self) -> list[int]:
        """Indexes of the sentences that count (not headings)."""
        return [i for i, s in enumerate(self.sentences) if not s.heading]

    @property
    def uncovered(self) -> list[int]:
        return [i for i in self.counted if i not in self.covered]

    @property
    def share(self) -> float:
        """The share of counted sentences covered, 0 to 1 (1 for a report with none)."""
        total = len(self.counted)
        return len(self.covered) / total if total else 1.0

    def summary(self) -> str:
        total = len(self.counted)
        return (f"{len(self.covered)} of {total} sentences ({self.share * 100:.1f}%) covered by "
                f"evidence, {total - len(self.covered)} not")


def coverage(report: str, text: str, spans: Iterable[tuple[int, int]]) -> Coverage:
    """The coverage of ``text`` by evidence ``spans`` (character offsets, end exclusive)."""
    found = sentences(text)
    ordered = sorted(spans)
    covered = set()
    for index, sentence in enumerate(found):
        if sentence.heading:
            continue
        if any(sentence.overlaps(a, b) for a, b in ordered):
            covered.add(index)
    return Coverage(report, tuple(found), frozenset(covered))
