"""A small run of the corpus benchmark, so the scripts behind bench/README.md keep working.

No timings are asserted (the machine is shared); what is asserted is that the generated corpus
is a valid corpus of the size asked for, and that the benchmark measures every step on every
store and reports it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from migration_kg.sparql.files import shipped_queries
from tests.helpers import ROOT

pytestmark = pytest.mark.slow


GENERATE = ROOT / "bench" / "generate.py"
RUN = ROOT / "bench" / "run.py"
TARGET = 20_000
"""Twice the real corpus (registry and report, without treaty status), so reports are generated."""
TOLERANCE = 0.05
"""The generator stops within 1% of the target; 5% leaves room for a change in the real data."""
STORES = ("oxigraph", "memory")


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          cwd=ROOT, timeout=900)


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "migration_kg.cli", *args)


def table_rows(markdown: str) -> dict[str, list[str]]:
    """First cell -> the other cells, for every row of the markdown tables."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def seconds(cell: str) -> float:
    assert re.fullmatch(r"\d+(\.\d+)?", cell), f"not a time: {cell!r}"
    return float(cell)


def test_generated_corpus_builds_validates_and_is_benchmarked(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus-20k"
    generated = run(sys.executable, GENERATE, "--triples", "20k", "--out", corpus, "--seed", "1")
    assert generated.returncode == 0, generated.stderr
    summary = json.loads((corpus / "generated.json").read_text(encoding="utf-8"))
    assert summary["target"] == TARGET
    assert summary["reports"] >= 2  # the real report and at least one generated one
    assert f"triples: {summary['triples']}" in generated.stdout

    build = tmp_path / "build"
    built = cli("build", "--data", corpus, "--out", build)
    assert built.returncode == 0, built.stderr
    with (build / "graph.nt").open(encoding="utf-8") as handle:
        triples = sum(1 for _ in handle)
    assert triples == summary["triples"], "the generator counts triples as the build does"
    assert abs(triples - TARGET) <= TOLERANCE * TARGET

    validated = cli("validate", "--graph", build / "graph.nt", "--data", corpus)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "SHACL shapes: ok" in validated.stdout
    assert "evidence found at its offsets: ok" in validated.stdout

    results = tmp_path / "results.json"
    bench = run(sys.executable, RUN, "--sizes", "20k", "--repeats", "1", "--seed", "1",
                "--work", tmp_path, "--no-validate", "--oxigraph-shacl-max", "0",
                "--json", results)
    assert bench.returncode == 0, bench.stderr
    rows = table_rows(bench.stdout)
    header = rows["step"]
    assert header[:2] == list(STORES)
    assert seconds(rows["build (CLI: YAML, grounding, triples, 3 files)"][0]) > 0

    queries = [q.name for q in shipped_queries()]
    assert queries
    for name in ["load graph.nt", *(f"query {q}" for q in queries),
                 "network projection (SPARQL)", "network actor-instrument",
                 "network congruence", "view actor-instrument (write HTML)"]:
        assert name in rows, f"no row for {name}"
        for cell in rows[name][:2]:
            seconds(cell)
    for name in queries:
        note = rows[f"query {name}"][3]
        assert re.fullmatch(r"\d+ rows", note), f"{name}: the stores disagree: {note}"
    shacl = rows["SHACL (pyshacl-turbo) in the loaded store"]
    assert seconds(shacl[1]) > 0  # memory; oxigraph is skipped by option
    assert "conforms" in shacl[3]

    measured = json.loads(results.read_text(encoding="utf-8"))
    assert [size["triples"] for size in measured] == [triples]
    for store in STORES:
        (records,) = measured[0]["stores"][store]
        load = next(r for r in records if r["step"] == "load")
        assert load["triples"] == triples
        assert {r["name"] for r in records if r["step"] == "query"} == set(queries)
        assert next(r for r in records if r["step"] == "end")["rss_mb"] > 50


def test_the_extraction_benchmark_scores_the_drafter_on_the_report() -> None:
    """The figures bench/README.md records, recomputed: the drafter against the curated
    statements, with the full registry and cold. Accuracy is asserted against the issue's
    targets (not speed: the machine is shared)."""
    done = run(sys.executable, ROOT / "bench" / "extraction_bench.py", "--json", "--runs", "1")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    full, cold = result["scores"]["full registry"], result["scores"]["cold"]
    assert full["curated_statements"] == cold["curated_statements"] == 145
    assert full["speakers"]["f1"] >= 0.9 and full["instruments"]["f1"] >= 0.9
    assert full["attribution"]["f1"] >= 0.85 and full["speech_acts"]["agreement"] >= 0.7
    assert full["proposed_entities"] == 0 and cold["proposed_entities"] > 12  # 12 speakers
    assert cold["speakers"]["f1"] >= 0.9  # every speaker found from the text alone
    speed = result["speed"]
    assert speed["pages"] == 50 and speed["characters"] == 150_000 and speed["statements"] > 500


def test_writing_the_readme_keeps_the_previous_tables(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    readme = tmp_path / "README.md"
    readme.write_text(f"# Benchmarks\n\n{bench.BEGIN}\n### 1M: first run\n{bench.END}\n\n"
                      "## Views\n\nkept\n", encoding="utf-8")
    bench.write_readme(readme, "### 1M: second run")
    bench.write_readme(readme, "### 1M: third run")
    text = readme.read_text(encoding="utf-8")
    current = text.split(bench.BEGIN)[1].split(bench.END)[0]
    previous = text.split(bench.PREVIOUS_BEGIN)[1].split(bench.PREVIOUS_END)[0]
    assert "third run" in current and "second run" not in current
    assert "#### 1M: second run" in previous and "first run" not in previous
    assert text.count(bench.PREVIOUS_BEGIN) == 1
    assert text.endswith("## Views\n\nkept\n")
