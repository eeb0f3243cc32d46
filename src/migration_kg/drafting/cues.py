"""The speech act a sentence's words suggest, by the rules of ``graph/CODEBOOK.md``.

The cue table is not copied here: it is read from the ``speech-act-cues`` YAML block of the
codebook (section 2), so the curators' rule and the drafter's cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from migration_kg import paths
from migration_kg.corpus.yamlfile import parse_yaml, plain
from migration_kg.errors import InputError

CODEBOOK = paths.GRAPH_DIR / "CODEBOOK.md"
BLOCK = re.compile(r"```yaml\n(speech-act-cues:.*?)```", re.DOTALL)
DEFAULT_ACT = "reports"


@dataclass(frozen=True)
class ActRule:
    act: str
    cues: tuple[str, ...]
    pattern: re.Pattern[str] | None


@lru_cache(maxsize=4)
def act_rules(codebook: Path = CODEBOOK) -> tuple[ActRule, ...]:
    """The ordered cue rules of the codebook."""
    text = codebook.read_text(encoding="utf-8")
    block = BLOCK.search(text)
    if block is None:
        raise InputError("the codebook has no speech-act-cues block", codebook,
                         hint="restore the ```yaml speech-act-cues: ...``` block of section 2")
    rules = []
    for rule in plain(parse_yaml(block.group(1), codebook))["speech-act-cues"]:
        cues = tuple(str(c) for c in rule.get("cues") or ())
        alternatives = [re.escape(c[:-1]) + r"\w*" if c.endswith("*") else re.escape(c)
                        for c in cues]
        pattern = (re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
                   if alternatives else None)
        rules.append(ActRule(str(rule["act"]), cues, pattern))
    return tuple(rules)


def speech_act(sentence: str, codebook: Path = CODEBOOK) -> tuple[str, str | None]:
    """The act and the cue that decided it (None when nothing matched: ``reports``)."""
    for rule in act_rules(codebook):
        if rule.pattern is None:
            continue
        found = rule.pattern.search(sentence)
        if found:
            return rule.act, found.group()
    return DEFAULT_ACT, None
