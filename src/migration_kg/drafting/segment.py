"""A report's text as the drafter reads it: paragraphs and sentences over a cleaned copy, each
character of which knows its offset in the original.

Text converted from PDF keeps its artefacts in ``source.txt`` (evidence offsets count every
character of the file). Here they are read past: page numbers and running headers (short lines
that repeat), footnote lines and markers (superscript digits, digits glued to a word), line-end
hyphenation (``protec-`` / ``tion``), form feeds, and a sentence cut by a page break. Quotes are
always cut from the original text, in pieces that never span a dropped line, so they are
verbatim by construction.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
PAGE_NUMBER = re.compile(r"^\s*(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*"
                         r"(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FOOTNOTE_LINE = re.compile(rf"^\s*(?:[{SUPERSCRIPTS}]+|\d{{1,2}}(?=\s+(?!(?:{MONTHS})\b)[A-Z]))"
                           r"\s*\S")
SYMBOL_LINE = re.compile(r"^\s*(?:[A-Z]{1,3}/)+[\w./-]+\s*$")  # a document symbol: A/HRC/55/2
GLUED_MARKER = re.compile(rf"(?<=[a-z)\]”\"’]{{2}})(?:\d{{1,2}}|[{SUPERSCRIPTS}]+)(?=[\s,.;:)])"
                          rf"|(?<=[.,;:”\"])(?:\d{{1,2}}|[{SUPERSCRIPTS}]+)(?=\s)"
                          rf"|[{SUPERSCRIPTS}]+")
HYPHEN_BREAK = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "no", "nos", "art", "arts", "para", "paras", "e.g", "i.e",
    "st", "vs", "etc", "h.e", "u.n", "u.s", "co", "inc", "jr", "sr", "rev", "gen", "vol",
    "op", "cf", "fig", "approx", "dept", "ch", "sect", "amb"})
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“(*]*[A-Z0-9•–-])")
END_PUNCTUATION = ".!?:;\"”’)"


@dataclass(frozen=True)
class Sentence:
    """A sentence: its cleaned text, its span in the cleaned text, its paragraph."""

    text: str
    start: int
    end: int
    paragraph: int


@dataclass
class CleanText:
    """The cleaned copy of a text and, for each of its characters, the offset in the original."""

    original: str
    text: str
    origin: list[int]
    breaks: set[int]
    """Cleaned offsets where something was dropped (a line, a page break): quotes stop there."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1

    def quote_pieces(self, start: int, end: int, min_chars: int = 12) -> list[tuple[int, int]]:
        """Original spans covering the cleaned span, split wherever a line was dropped."""
        cuts = sorted(b for b in self.breaks if start < b < end)
        pieces: list[tuple[int, int]] = []
        for a, b in zip([start, *cuts], [*cuts, end], strict=True):
            while a < b and self.text[a].isspace():
                a += 1
            while b > a and self.text[b - 1].isspace():
                b -= 1
            if b - a >= min_chars or (not pieces and b > a and not cuts):
                pieces.append(self.original_span(a, b))
        return pieces


def noise_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that are not running text: page numbers, repeated headers, footnotes,
    document symbols."""
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        lines.append((offset, offset + len(line), line.strip()))
        offset += len(line)
    repeated = Counter(s for _, _, s in lines if s and len(s) <= 80)
    spans = []
    for start, end, stripped in lines:
        if not stripped:
            continue
        if (PAGE_NUMBER.match(stripped) or SYMBOL_LINE.match(stripped)
                or (repeated[stripped] >= 3 and stripped[-1] not in ".:")
                or (FOOTNOTE_LINE.match(stripped) and len(stripped) < 400
                    and stripped[0] in SUPERSCRIPTS + "0123456789")):
            spans.append((start, end))
    return spans


def clean(text: str) -> CleanText:
    drop = [False] * len(text)
    line = [False] * len(text)  # dropped whole lines: a quote never spans one
    for start, end in noise_lines(text):
        for i in range(start, end):
            drop[i] = line[i] = True
    for pattern in (HYPHEN_BREAK, GLUED_MARKER):
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                drop[i] = True
    out: list[str] = []
    origin: list[int] = []
    breaks: set[int] = set()
    pending: list[int] = []  # original offsets of a whitespace run
    for i, ch in enumerate(text):
        if drop[i]:
            continue
        if ch.isspace():
            pending.append(i)
            continue
        if pending and out:
            run = "".join(text[j] for j in pending)
            paragraph = run.count("\n") >= 2 or "\f" in run
            out.append("\n\n" if paragraph else " ")
            origin.extend([pending[0]] * (2 if paragraph else 1))
        if out and any(line[j] and not text[j].isspace() for j in range(origin[-1] + 1, i)):
            breaks.add(len(out))
        pending = []
        out.append(ch)
        origin.append(i)
    return CleanText(text, "".join(out), origin, breaks)


def paragraphs(cleaned: CleanText) -> list[tuple[int, int]]:
    """Cleaned spans of paragraphs; one cut by a page break (no end punctuation, next starts
    in lower case) is joined to the next."""
    spans: list[tuple[int, int]] = []
    start = 0
    text = cleaned.text
    for m in re.finditer(r"\n\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for span in spans:
        if span[1] <= span[0]:
            continue
        if merged:
            prev = merged[-1]
            tail = text[prev[0]:prev[1]].rstrip()
            head = text[span[0]:span[1]].lstrip()
            if tail and tail[-1] not in END_PUNCTUATION and head[:1].islower():
                merged[-1] = (prev[0], span[1])
                cleaned.breaks.add(span[0])
                continue
        merged.append(span)
    return merged


def sentences(cleaned: CleanText) -> list[Sentence]:
    """The sentences of every paragraph, in order."""
    found: list[Sentence] = []
    text = cleaned.text
    for number, (p_start, p_end) in enumerate(paragraphs(cleaned)):
        start = p_start
        for m in SENTENCE_END.finditer(text, p_start, p_end):
            word = re.search(r"([\w.]+)[.!?]?$", text[start:m.start() + 1])
            token = word.group(1).lower().rstrip(".") if word else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            found.append(_sentence(text, start, m.end(), number))
            start = m.end()
        if text[start:p_end].strip():
            found.append(_sentence(text, start, p_end, number))
    return [s for s in found if s.text]


def _sentence(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(text[start:end].replace("\n\n", " "), start, end, paragraph)
