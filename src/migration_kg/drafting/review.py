"""``migration-kg review``: accept drafted items into the curated files, or reject them.

Accepting a statement moves it into ``statements.yaml`` (without its confidence and rules),
with the entities it needs that the drafter proposed (into the registry files) and the drafted
posts of its speaker (into ``report.yaml``). A statement is accepted only once a curator has
given it topics and a paraphrase in their own words (the drafter writes ``DRAFT: ...``). The
corpus is loaded and every quote grounded after the move; if anything fails, every file is put
back as it was and the error names the file and line. Rejecting drops items from the draft file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from migration_kg.corpus.grounding import ground
from migration_kg.corpus.kinds import KINDS
from migration_kg.corpus.layout import DataLayout
from migration_kg.corpus.loader import load_corpus
from migration_kg.corpus.yamlfile import line_of
from migration_kg.drafting.files import HEADER, read_drafts, report_layout
from migration_kg.drafting.model import DRAFTS_FILE
from migration_kg.drafting.scaffold import dump_yaml
from migration_kg.errors import InputError, InputErrors
from migration_kg.io.atomic import write_files

ACTIONS = ("list", "accept", "reject")
DRAFT_ONLY = ("confidence", "rules")
REFERENCE_FIELDS = ("speaker", "on_behalf_of", "organizations", "countries", "people",
                    "instruments", "concurs_with", "agrees_with")


@dataclass
class ReviewSummary:
    action: str
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    listing: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def review(report_id: str, action: str, ids: list[str], *,
           data: Path | None = None) -> ReviewSummary:
    if action not in ACTIONS:
        raise InputError(f"unknown review action '{action}'", None,
                         hint=f"use one of: {', '.join(ACTIONS)}")
    root, layout = report_layout(report_id, data)
    drafts_path = layout.directory / DRAFTS_FILE
    parsed = read_drafts(layout)
    if parsed is None:
        raise InputError("this report has no drafts", drafts_path,
                         hint=f"run `migration-kg draft {report_id}` first")
    _, raw = parsed
    content = _plain(raw)
    summary = ReviewSummary(action)
    if action == "list":
        summary.listing = [_describe(kind, item) for kind in ("statements", "entities",
                                                             "holdings")
                           for item in content.get(kind) or []]
        return summary
    if not ids:
        raise InputError(f"name the drafted items to {action}", drafts_path,
                         hint="give statement or entity ids (see `review REPORT list`), or all")
    statements = content.get("statements") or []
    entities = content.get("entities") or []
    known = {s["id"] for s in statements} | {e["id"] for e in entities}
    wanted = set(known) if ids == ["all"] else set(ids)
    unknown = sorted(wanted - known)
    if unknown:
        raise InputError(f"no drafted item '{unknown[0]}'", drafts_path,
                         hint="see `migration-kg review REPORT list` for the drafted ids")
    if action == "reject":
        summary.rejected = sorted(wanted)
        content["statements"] = [s for s in statements if s["id"] not in wanted]
        content["entities"] = [e for e in entities if e["id"] not in wanted]
        summary.written = write_files({drafts_path: dump_yaml(content, HEADER, width=4096)})
        return summary
    return _accept(root, layout, drafts_path, raw, content, wanted, summary)


def _accept(root: Path, layout: Any, drafts_path: Path, raw: Any, content: dict[str, Any],
            wanted: set[str], summary: ReviewSummary) -> ReviewSummary:
    statements = content.get("statements") or []
    entities = content.get("entities") or []
    chosen = [s for s in statements if s["id"] in wanted]
    for index, s in enumerate(statements):
        if s["id"] not in wanted:
            continue
        line = line_of(raw, ["statements", index])
        if not s.get("topics"):
            raise InputError(f"drafted statement '{s['id']}' has no topics", drafts_path, line,
                             hint="add its topics (registry/topics.yaml) in drafts.yaml, "
                                  "then accept it")
        if str(s.get("paraphrase", "")).startswith("DRAFT:"):
            raise InputError(f"drafted statement '{s['id']}' still has the drafter's paraphrase",
                             drafts_path, line,
                             hint="write the paraphrase in your own words in drafts.yaml, "
                                  "then accept it")
    referenced = {v for s in chosen for f in REFERENCE_FIELDS
                  for v in ([s[f]] if isinstance(s.get(f), str) else s.get(f) or [])}
    speakers = {s["speaker"] for s in chosen}
    moved_entities = [e for e in entities if e["id"] in wanted or e["id"] in referenced]
    moved_ids = {e["id"] for e in moved_entities}
    moved_holdings = [h for h in content.get("holdings") or [] if h["person"] in speakers]

    data = DataLayout(root)
    files: dict[Path, str] = {}
    files[layout.statements_yaml] = _append(layout.statements_yaml, "statements",
                                            [_curated(s) for s in chosen])
    for kind in {e["registry"] for e in moved_entities}:
        path = data.registry_file(KINDS[kind].filename)
        items = [{k: v for k, v in e.items() if k not in ("registry", *DRAFT_ONLY)}
                 for e in moved_entities if e["registry"] == kind]
        files[path] = _append(path, kind, items)
    if moved_holdings:
        files[layout.report_yaml] = _append_holdings(layout.report_yaml,
                                                     [_curated(h) for h in moved_holdings])
    content["statements"] = [s for s in statements if s["id"] not in wanted]
    content["entities"] = [e for e in entities if e["id"] not in moved_ids]
    content["holdings"] = [h for h in content.get("holdings") or [] if h not in moved_holdings]
    files[drafts_path] = dump_yaml(content, HEADER, width=4096)

    before = {path: path.read_bytes() if path.exists() else None for path in files}
    summary.written = write_files(files)
    try:
        ground(load_corpus(root))
    except (InputError, InputErrors):
        write_files({p: b for p, b in before.items() if b is not None})
        for p, b in before.items():
            if b is None:
                p.unlink(missing_ok=True)
        raise
    summary.accepted = sorted([s["id"] for s in chosen] + sorted(moved_ids))
    return summary


def _curated(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in DRAFT_ONLY}


def _append(path: Path, key: str, items: list[dict[str, Any]]) -> str:
    """The file's text with ``items`` added at the end of its one top-level list ``key``."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{key}: []\n"
    if not items:
        return text
    snippet = dump_yaml({key: items}, width=4096).split("\n", 1)[1]
    empty = f"{key}: []"
    if empty in text:
        return text.replace(empty, f"{key}:", 1).rstrip("\n") + "\n" + snippet
    return text.rstrip("\n") + "\n\n" + snippet


def _append_holdings(path: Path, holdings: list[dict[str, Any]]) -> str:
    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.representer.ignore_aliases = lambda *_: True  # read back with anchors refused
    document = yaml.load(path.read_text(encoding="utf-8"))
    existing = document.get("holdings")
    if existing is None:
        document["holdings"] = holdings
    else:
        existing.extend(holdings)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _plain(raw: Any) -> dict[str, Any]:
    """The draft file as plain Python values (ruamel's nodes dumped again would keep comments
    and anchors we do not want)."""
    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value
    return convert(raw) if isinstance(raw, dict) else {}


def _describe(kind: str, item: dict[str, Any]) -> str:
    if kind == "statements":
        evidence = item["evidence"][0]
        quote = evidence if isinstance(evidence, str) else evidence["quote"]
        return (f"statement {item['id']}  {item['confidence']:.2f}  {item['speaker']} "
                f"{item['stance']}: \"{quote[:90]}\"")
    if kind == "entities":
        return f"{item['registry'][:-1] if item['registry'] != 'people' else 'person'} " \
               f"{item['id']}  {item['confidence']:.2f}  {item['name']}"
    return (f"holding {item['person']}  {item['confidence']:.2f}  {item['post']}, "
            f"{item['organization']}")


__all__ = ["ACTIONS", "ReviewSummary", "review"]
