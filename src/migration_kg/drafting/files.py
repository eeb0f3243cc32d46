"""Reading and writing a report's draft file (``reports/<id>/drafts.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migration_kg import paths
from migration_kg.corpus.grounding import occurrences
from migration_kg.corpus.layout import DataLayout, ReportLayout
from migration_kg.corpus.loader import Corpus, load_registry, load_report
from migration_kg.corpus.yamlfile import parse_file, plain
from migration_kg.drafting.drafter import DRAFTED_BY, Drafter, Drafts
from migration_kg.drafting.model import DRAFTS_FILE, DraftsFile
from migration_kg.drafting.scaffold import dump_yaml
from migration_kg.errors import InputError
from migration_kg.io.atomic import write_file

HEADER = """\
# Drafted by `migration-kg draft` from the report's text: NOT REVIEWED. Nothing here enters the
# graph unless it is built with --include-drafts. Review each item: correct it here, then
# `migration-kg review REPORT accept ID ...` moves it into the curated files, or `reject`
# drops it. `confidence` is the lowest of the rules that made an item; `rules` says which
# cues decided it. Evidence quotes are cut from source.txt, verbatim.
"""


@dataclass(frozen=True)
class DraftSummary:
    path: Path
    entities: int
    holdings: int
    statements: int


def report_layout(report_id: str, data: Path | None) -> tuple[Path, ReportLayout]:
    root = Path(data) if data is not None else paths.GRAPH_DIR
    layout = DataLayout(root).report(report_id)
    if not layout.report_yaml.exists():
        known = [f.directory.name for f in DataLayout(root).report_folders()]
        raise InputError(f"no report '{report_id}' here", layout.directory,
                         hint=f"create it with `migration-kg new-report`; reports here: "
                              f"{', '.join(known) or 'none'}")
    return root, layout


def session_headings(report: Any) -> list[tuple[str, int]]:
    """Each session of the report and where its heading starts in the text (0 if unquoted)."""
    found = []
    for session in report.workshop.item.sessions:
        offsets = [occurrences(report.source_text, q.quote)[(q.occurrence or 1) - 1]
                   for q in session.evidence if occurrences(report.source_text, q.quote)]
        found.append((session.id, min(offsets) if offsets else 0))
    return found


def draft_text(report: Any, registry: Corpus | None) -> Drafts:
    """The drafts for a loaded report against a registry (None: an empty one)."""
    return Drafter(registry, report.source_text, session_headings(report)).run()


def draft_report(report_id: str, data: Path | str | None = None) -> DraftSummary:
    """Draft ``reports/<report_id>/`` and write its ``drafts.yaml`` (replacing an older one)."""
    root, layout = report_layout(report_id, Path(data) if data is not None else None)
    registry = load_registry(root)
    report = load_report(layout)
    drafts = draft_text(report, registry)
    content = {"report": report_id, "drafted_by": DRAFTED_BY, "entities": drafts.entities,
               "holdings": drafts.holdings, "statements": drafts.statements}
    DraftsFile.model_validate(plain(content))  # the drafter writes only what the format allows
    path = layout.directory / DRAFTS_FILE
    write_file(path, dump_yaml(content, HEADER, width=4096))  # quotes never folded
    return DraftSummary(path, len(drafts.entities), len(drafts.holdings), len(drafts.statements))


def read_drafts(layout: ReportLayout) -> tuple[DraftsFile, Any] | None:
    """The parsed draft file of a report folder with its raw YAML, or None when there is none."""
    path = layout.directory / DRAFTS_FILE
    if not path.exists():
        return None
    return parse_file(path, DraftsFile)
