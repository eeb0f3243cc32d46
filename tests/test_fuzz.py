"""A brief run of the repository's fuzzer (``tests/fuzz.py``; ``bench/fuzz.py`` runs it at
length): every generated corpus, RDF file and query ends in exit 0, 1 or 2 with a message of
ours, within the time limit, without a memory error or a connection."""

from __future__ import annotations

import pytest

from tests.fuzz import KINDS, hostile_values, run

pytestmark = pytest.mark.slow


def test_a_brief_fuzzing_run_finds_nothing() -> None:
    tally = run({"build": 120, "rdf": 63, "query": 150}, seed=7)
    problems = [f"{o.kind}:7:{o.index} {o.failure}: {o.detail[:300]}" for o in tally.failures]
    assert problems == []
    assert tally.connections == 0
    for kind in KINDS:  # not vacuous: inputs that work, and many that are refused
        counts = tally.counts[kind]
        assert counts["exit 2"] > counts["iterations"] // 3, (kind, counts)
        assert counts["exit 0"] > 0, (kind, counts)


def test_the_catalogue_holds_every_cause_issue_10_found() -> None:
    import random

    values = hostile_values(random.Random(0))
    for cause in ("!!float x", "1" + "0" * 4400, "[" * 10000 + "]" * 10000, "2006-13-45",
                  '"\\U00110000"',
                  '"source.txt\\0"', "/dev/zero", ".nan", ".inf", "!!python/name:os.system",
                  '"line\\Lseparator"', '"para\\Pgraph"', '"next\\Nline"', '"form\\ffeed"',
                  '"vertical\\vtab"', '"bell\\a"', '"\\e[31mred\\e[0m"'):
        assert cause in values, cause[:40]
    assert any(len(v) >= 30000 and v.startswith('"w') for v in values)  # the long quote
