"""Scoring drafts against curated annotations: precision, recall and F1 for speakers, for
speaker-to-statement attribution (the same speaker on overlapping evidence), for instruments
cited per statement, and agreement on speech acts.

Drafted statements are sentences; curated ones are often parts of sentences. A drafted and a
curated statement *correspond* when their evidence overlaps in the text. Attribution precision
is over drafted statements that correspond to some curated one (a draft on a sentence the
curators left out is counted apart, as ``unmatched_drafts``); recall is over curated statements.
A speaker the drafter proposed as a new entry counts as the registry's entry of the same name
(the full registry, when the drafter was run cold).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from migration_kg.corpus import schema
from migration_kg.corpus.grounding import occurrences
from migration_kg.drafting.gazetteer import Gazetteer


@dataclass(frozen=True)
class PRF:
    true_positives: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "tp": self.true_positives,
                "predicted": self.predicted, "expected": self.expected}


def prf(predicted: set[Any], expected: set[Any]) -> PRF:
    return PRF(len(predicted & expected), len(predicted), len(expected))


def spans(text: str, evidence: Iterable[Any]) -> list[tuple[int, int]]:
    """Offsets of each quote (a string, a dict or a :class:`schema.Quote`)."""
    found = []
    for item in evidence:
        if isinstance(item, str):
            quote, occurrence = item, None
        elif isinstance(item, Mapping):
            quote, occurrence = item["quote"], item.get("occurrence")
        else:
            quote, occurrence = item.quote, item.occurrence
        starts = occurrences(text, quote)
        if starts:
            start = starts[(occurrence or 1) - 1]
            found.append((start, start + len(quote)))
    return found


def overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a for y0, y1 in b)


def speaker_names(drafted_entities: Iterable[Mapping[str, Any]],
                  full: Gazetteer) -> dict[str, str]:
    """A proposed entity's id -> the full registry's id of the same name, where one matches."""
    resolved = {}
    for entity in drafted_entities:
        match = None
        if entity["registry"] == "people":
            entry = full.person_by_name(entity["name"])
            match = entry.id if entry is not None and not entry.proposed else None
        else:
            found = [m.entry for m in full.find(entity["name"], (entity["registry"],))
                     if m.surface == entity["name"] and not m.entry.proposed]
            match = found[0].id if found else None
        if match:
            resolved[entity["id"]] = match
    return resolved


def score(text: str, drafted: Mapping[str, Any], curated: Sequence[schema.Statement],
          full: Gazetteer) -> dict[str, Any]:
    """The figures of one report's drafts against its curated statements."""
    same = speaker_names(drafted.get("entities", []), full)
    drafts = [(same.get(d["speaker"], d["speaker"]),
               {**d, "instruments": [same.get(i, i) for i in d.get("instruments", [])]},
               spans(text, d["evidence"]))
              for d in drafted["statements"]]
    gold = [(c, spans(text, c.evidence)) for c in curated]
    named = {s for s, _, _ in drafts if s != schema.FLOOR}
    speakers = prf(named, {c.speaker for c, _ in gold if c.speaker != schema.FLOOR})

    correct_drafts = 0
    corresponding = 0
    recalled = 0
    act_pairs = 0
    act_agree = 0
    predicted_instruments: set[tuple[str, str]] = set()
    for speaker, _, where in drafts:
        matches = [c for c, cw in gold if overlap(where, cw)]
        if matches:
            corresponding += 1
            correct_drafts += any(c.speaker == speaker for c in matches)
    for c, cw in gold:
        best = max(((overlap(dw, cw), speaker, d) for speaker, d, dw in drafts),
                   key=lambda x: x[0], default=(0, None, None))
        if not best[0]:
            continue
        recalled += any(speaker == c.speaker and overlap(dw, cw) for speaker, _, dw in drafts)
        act_pairs += 1
        act_agree += best[2]["stance"] == c.stance  # type: ignore[index]
        for _, d, dw in drafts:
            if overlap(dw, cw):
                predicted_instruments |= {(c.id, i) for i in d.get("instruments", [])}
    expected_instruments = {(c.id, i) for c, _ in gold for i in c.instruments}
    attribution = PRF(correct_drafts, corresponding, len(gold))
    attribution_recall = PRF(recalled, corresponding, len(gold))
    return {
        "speakers": speakers.row(),
        "attribution": {**attribution.row(), "recall": round(attribution_recall.recall, 3),
                        "f1": round(_f1(attribution.precision, attribution_recall.recall), 3),
                        "tp_recall": recalled},
        "instruments": prf(predicted_instruments, expected_instruments).row(),
        "speech_acts": {"agreement": round(act_agree / act_pairs, 3) if act_pairs else 0.0,
                        "pairs": act_pairs},
        "drafted_statements": len(drafts),
        "unmatched_drafts": len(drafts) - corresponding,
        "curated_statements": len(gold),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0
