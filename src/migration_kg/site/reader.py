"""The report reader: a report's text with every evidence span highlighted in place.

The text is cut at every span boundary and every sentence boundary into pieces; a piece that
spans cover becomes a ``<mark>`` naming them (``data-spans``), every piece knows its character
offsets (``data-start``, ``data-end``) and its sentence (``data-s``), so the page's script needs
no offset arithmetic of its own (and the offsets are Python's characters, which JavaScript would
count differently beyond the Basic Multilingual Plane).

Spans come in **layers** (:data:`LAYERS`): curated statements, coloured by speech act; other
evidence (stated relations, posts held, figures, events). A new kind of span, such as drafted
annotations waiting for review, is one more :class:`Layer` and spans with its name: the cutting,
the marks, the toggles, the hover text and the details panel are the same for every layer. A
span's ``fields`` are what the panel shows, in order, as (label, text, link).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from migration_kg.networks.data import local_name
from migration_kg.site.coverage import Coverage
from migration_kg.site.document import Links, esc


@dataclass(frozen=True)
class Layer:
    """A kind of highlighted span: its name (a CSS class), title and legend, drawing order."""

    name: str
    title: str
    legend: str
    order: int
    """Lower is drawn on top: a piece covered by spans of two layers takes the lower's look."""


LAYERS: dict[str, Layer] = {
    "statement": Layer("statement", "Statements", "a speaker's statement, coloured by its "
                       "speech act", 0),
    "evidence": Layer("evidence", "Other evidence", "evidence of a stated relation, a post, a "
                      "figure or an event (underlined)", 1),
    "draft": Layer("draft", "Drafts, not reviewed", "what `migration-kg draft` proposed, "
                   "framed by a dashed line, with the drafter's confidence; shown only in a "
                   "graph built with --include-drafts", 2),
}


@dataclass(frozen=True)
class Span:
    """One highlighted stretch of the report: characters ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    layer: str
    key: str
    """The annotation it belongs to (a statement's compact IRI ...)."""
    tone: str = ""
    """A CSS modifier within the layer (the speech act of a statement)."""
    summary: str = ""
    """One line for the hover text."""
    fields: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    """(label, text, link) lines of the details panel; link may be empty."""
    anchor: str = ""
    """An id for the first piece of the first span of its annotation (``st-<slug>``)."""


def spans_from_evidence(rows: Iterable[Mapping[str, Any]], links: Links) -> list[Span]:
    """The spans of ``evidence-spans.rq`` rows: statements by speech act, the rest as evidence."""
    spans: list[Span] = []
    anchored: set[str] = set()
    for row in rows:
        owner = str(row["owner"])
        start, end = int(row["start"]), int(row["end"])
        label = str(row.get("ownerLabel") or owner)
        confidence = row.get("confidence")
        if confidence is not None:
            spans.append(draft_span(row, start, end, owner, label, float(confidence), links))
        elif row.get("speaker") is not None:
            act = local_name(str(row.get("stance") or ""))
            speaker = str(row["speaker"])
            speaker_name = str(row.get("speakerLabel") or speaker)
            act_name = str(row.get("stanceLabel") or act)
            fields = (
                ("Speaker", speaker_name, links.href(speaker) or ""),
                ("Speech act", act_name, links.href(str(row.get("stance") or "")) or ""),
                ("Session", str(row.get("sessionLabel") or ""),
                 links.href(str(row.get("session") or "")) or ""),
                ("Statement", label, links.href(owner) or ""),
                ("In our words", str(row.get("paraphrase") or ""), ""),
            )
            anchor = ""
            if owner not in anchored:
                anchored.add(owner)
                anchor = "st-" + local_name(owner)
            spans.append(Span(start, end, "statement", owner, act,
                              f"{act_name} \u2014 {speaker_name}: {label}",
                              tuple(f for f in fields if f[1]), anchor))
        else:
            spans.append(Span(start, end, "evidence", owner, "",
                              f"evidence of: {label}",
                              (("Evidence of", label, links.href(owner) or ""),)))
    return spans


def draft_span(row: Mapping[str, Any], start: int, end: int, owner: str, label: str,
               confidence: float, links: Links) -> Span:
    """A drafted item's span: what the drafter proposed, how sure it was and why."""
    speaker = str(row.get("speakerLabel") or row.get("speaker") or "")
    act = str(row.get("stanceLabel") or "")
    rules = [r for r in str(row.get("rules") or "").split("\n") if r]
    what = f"{act} \u2014 {speaker}" if speaker else label
    fields = (("Draft, not reviewed", f"confidence {confidence:.2f}", ""),
              ("Speaker", speaker, links.href(str(row.get("speaker") or "")) or ""),
              ("Speech act", act, ""),
              ("Drafted item", label, links.href(owner) or ""),
              *(("Rule", rule, "") for rule in rules))
    return Span(start, end, "draft", owner, "",
                f"DRAFT ({confidence:.2f}): {what}", tuple(f for f in fields if f[1]))


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    spans: tuple[int, ...]
    sentence: int | None


def pieces(length: int, spans: Sequence[Span], coverage: Coverage) -> list[Piece]:
    """The text cut at every span and sentence boundary, each piece with what covers it."""
    cuts = {0, length}
    for span in spans:
        cuts.update((span.start, span.end))
    for sentence in coverage.sentences:
        cuts.update((sentence.start, sentence.end))
    ordered = sorted(c for c in cuts if 0 <= c <= length)
    starts = sorted(range(len(spans)), key=lambda i: spans[i].start)
    result = []
    sentence_index = 0
    for a, b in itertools.pairwise(ordered):
        if a == b:
            continue
        covering = tuple(i for i in starts if spans[i].start <= a and spans[i].end >= b)
        while sentence_index < len(coverage.sentences) and \
                coverage.sentences[sentence_index].end <= a:
            sentence_index += 1
        inside = sentence_index < len(coverage.sentences) and \
            coverage.sentences[sentence_index].start <= a
        result.append(Piece(a, b, covering, sentence_index if inside else None))
    return result


def text_html(text: str, spans: Sequence[Span], coverage: Coverage) -> str:
    """The report's text as HTML: every piece with its offsets, marks for the spans."""
    uncovered = set(coverage.uncovered)
    counted = set(coverage.counted)
    anchors_done: set[str] = set()
    out = []
    for piece in pieces(len(text), spans, coverage):
        body = esc(text[piece.start:piece.end])
        attrs = f' data-start="{piece.start}" data-end="{piece.end}"'
        classes = []
        if piece.sentence is not None and piece.sentence in counted:
            attrs += f' data-s="{piece.sentence}"'
            if piece.sentence in uncovered:
                classes.append("unc")
        if piece.spans:
            ranked = sorted(piece.spans, key=lambda i: (LAYERS[spans[i].layer].order, i))
            top = spans[ranked[0]]
            classes += ["hl", f"l-{top.layer}"]
            if top.tone:
                classes.append(f"a-{top.tone}")
            if len(piece.spans) > 1:
                classes.append("multi")
            attrs += f' data-spans="{" ".join(map(str, ranked))}"'
            anchor = next((spans[i].anchor for i in ranked
                           if spans[i].anchor and spans[i].anchor not in anchors_done), "")
            if anchor:
                anchors_done.add(anchor)
                attrs += f' id="{esc(anchor)}"'
            out.append(f'<mark class="{" ".join(classes)}"{attrs}>{body}</mark>')
        else:
            cls = f' class="{" ".join(classes)}"' if classes else ""
            out.append(f"<span{cls}{attrs}>{body}</span>")
    return "".join(out)


def reader_payload(spans: Sequence[Span], coverage: Coverage, report: str) -> dict[str, Any]:
    """What the page's script needs: the spans, the layers, the coverage counts."""
    return {
        "report": report,
        "layers": [{"name": layer.name, "title": layer.title, "legend": layer.legend}
                   for layer in sorted(LAYERS.values(), key=lambda x: x.order)],
        "spans": [{"layer": s.layer, "key": s.key, "start": s.start, "end": s.end,
                   "tone": s.tone, "summary": s.summary, "fields": [list(f) for f in s.fields]}
                  for s in spans],
        "sentences": len(coverage.counted),
        "covered": len(coverage.covered),
    }


def legend_html(spans: Sequence[Span], stance_labels: Mapping[str, str]) -> str:
    """The speech acts used in this report, each with its colour, and the layers."""
    used = sorted({s.tone for s in spans if s.layer == "statement" and s.tone})
    acts = "".join(f'<li><span class="key key-{esc(a)}">{esc(stance_labels.get(a, a))}</span>'
                   "</li>" for a in used)
    layers = "".join(
        f'<li><label><input type="checkbox" class="layer-toggle" value="{esc(layer.name)}" '
        f"checked> {esc(layer.title)}</label>: {esc(layer.legend)} "
        f"({sum(1 for s in spans if s.layer == layer.name)} spans)</li>"
        for layer in sorted(LAYERS.values(), key=lambda x: x.order))
    return (f'<ul class="layers">{layers}</ul><p>Speech acts:</p><ul class="acts">{acts}</ul>')
