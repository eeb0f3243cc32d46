"""The drafter against the curated annotations of the shipped report, and its speed.

    python bench/extraction_bench.py              # prints the figures as Markdown
    python bench/extraction_bench.py --readme     # and rewrites its section of bench/README.md

Two runs of ``migration-kg draft``'s drafter on the report with its curated statements set
aside: with the full registry, and *cold*, with the registry emptied of every entity the
report's curated files name (people, organizations, countries, instruments, events), so that
every speaker must be found and proposed from the text alone. Each is scored by
:func:`migration_kg.drafting.score.score` (speakers, attribution, instruments per statement,
speech acts). Then the time to draft a 50-page text (the report's text repeated to 150,000
characters, about 3,000 a page), median of N runs, in process and through the CLI.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import machine

from migration_kg import paths
from migration_kg.corpus.loader import Corpus, load_corpus
from migration_kg.drafting.drafter import Drafter
from migration_kg.drafting.files import draft_text, session_headings
from migration_kg.drafting.gazetteer import Gazetteer
from migration_kg.drafting.score import score

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- extraction-bench:begin -->", "<!-- extraction-bench:end -->"
PAGE_CHARS = 3000
TARGETS = {"speakers": 0.9, "instruments": 0.9, "attribution": 0.85, "speech_acts": 0.7}


def named_ids(report: Any) -> set[str]:
    """Every id the report's curated files name (the entities the cold registry lacks)."""
    ids: set[str] = set()
    for located in [*report.statements, *report.holdings, *report.facts, *report.events]:
        for value in located.item.model_dump().values():
            if isinstance(value, str):
                ids.add(value)
            elif isinstance(value, list):
                ids.update(v for v in value if isinstance(v, str))
    return ids


def cold(corpus: Corpus, report: Any) -> Corpus:
    """The corpus with its registry emptied of the report's own entities."""
    emptied = copy.copy(corpus)
    drop = named_ids(report)
    emptied.entities = {kind: {i: e for i, e in entries.items() if i not in drop}
                        for kind, entries in corpus.entities.items()}
    return emptied


def figures(corpus: Corpus) -> dict[str, Any]:
    report = corpus.reports[0]
    full = Gazetteer.from_registry(corpus)
    curated = [s.item for s in report.statements]
    result = {}
    for mode, registry in (("full registry", corpus), ("cold", cold(corpus, report))):
        drafts = draft_text(report, registry)
        result[mode] = score(report.source_text, {"entities": drafts.entities,
                                                  "statements": drafts.statements},
                             curated, full)
        result[mode]["proposed_entities"] = len(drafts.entities)
    return result


def timing(corpus: Corpus, runs: int) -> dict[str, Any]:
    report = corpus.reports[0]
    text = report.source_text
    pages = 50
    long_text = (text + "\n\n") * (pages * PAGE_CHARS // len(text) + 1)
    long_text = long_text[:pages * PAGE_CHARS]
    sessions = session_headings(report)
    in_process = []
    for _ in range(runs):
        start = time.perf_counter()
        drafts = Drafter(corpus, long_text, sessions).run()
        in_process.append(time.perf_counter() - start)
    cli = []
    with tempfile.TemporaryDirectory(prefix="draft-bench-") as folder:
        source = Path(folder) / "record.txt"
        source.write_text(long_text, encoding="utf-8")
        data = Path(folder) / "data"
        (data / "reports").mkdir(parents=True)
        (data / "registry").symlink_to(paths.GRAPH_DIR / "registry")
        exe = [sys.executable, "-m", "migration_kg.cli"]
        subprocess.run([*exe, "new-report", "2026-01-01-bench", "--source", str(source),
                        "--title", "bench", "--date", "2026-01-01", "--data", str(data)],
                       check=True, capture_output=True)
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*exe, "draft", "2026-01-01-bench", "--data", str(data)],
                           check=True, capture_output=True)
            cli.append(time.perf_counter() - start)
    return {"pages": pages, "characters": len(long_text), "statements": len(drafts.statements),
            "in_process_s": statistics.median(in_process), "cli_s": statistics.median(cli),
            "runs": runs}


def markdown(result: dict[str, Any], speed: dict[str, Any], command: str, where: str) -> str:
    lines = [f"Command: `{command}`", "", f"Machine: {where}", "",
             "| measure | target | full registry | cold registry |",
             "| --- | ---: | ---: | ---: |"]
    full, frozen = result["full registry"], result["cold"]

    def prf(block: dict[str, Any]) -> str:
        return f"{block['f1']:.3f} (P {block['precision']:.3f}, R {block['recall']:.3f})"

    for key, label in (("speakers", "speaker F1"), ("attribution", "attribution F1"),
                       ("instruments", "instruments per statement F1")):
        lines.append(f"| {label} | ≥ {TARGETS[key]} | {prf(full[key])} | {prf(frozen[key])} |")
    lines.append(f"| speech-act agreement | ≥ {TARGETS['speech_acts']} | "
                 f"{full['speech_acts']['agreement']:.3f} ({full['speech_acts']['pairs']} pairs)"
                 f" | {frozen['speech_acts']['agreement']:.3f} "
                 f"({frozen['speech_acts']['pairs']} pairs) |")
    lines.append(f"| drafted statements (curated: {full['curated_statements']}) | | "
                 f"{full['drafted_statements']} ({full['unmatched_drafts']} on text the curators "
                 f"did not annotate) | {frozen['drafted_statements']} "
                 f"({frozen['unmatched_drafts']}) |")
    lines.append(f"| proposed new entities | | {full['proposed_entities']} | "
                 f"{frozen['proposed_entities']} |")
    lines += ["", f"Speed: a {speed['pages']}-page text ({speed['characters']:,} characters, the "
              f"report repeated; {speed['statements']} statements drafted): "
              f"{speed['in_process_s']:.2f} s in process (registry loaded), "
              f"{speed['cli_s']:.2f} s for `migration-kg draft` end to end (start-up, registry, "
              f"text, drafts.yaml written); medians of {speed['runs']} runs. Target: < 10 s."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--readme", action="store_true",
                        help="rewrite the extraction section of bench/README.md")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    where = machine()
    corpus = load_corpus(paths.GRAPH_DIR)
    result = figures(corpus)
    speed = timing(corpus, args.runs)
    if args.json:
        print(json.dumps({"scores": result, "speed": speed}, indent=1))
        return 0
    command = "python bench/extraction_bench.py " + " ".join(argv or sys.argv[1:])
    text = markdown(result, speed, command.strip(), where)
    print(text)
    if args.readme:
        readme = README.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{text}{END}"
        if BEGIN in readme:
            readme = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, readme,
                            flags=re.DOTALL)
        else:
            readme += f"\n{block}\n"
        README.write_text(readme, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
