"""Load a data folder into typed objects: every file parsed, located and cross-checked.

All problems found in one pass are reported together (:class:`InputErrors`), each with its
file and line, so a curator fixes them at once; nothing is built from a corpus with errors.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, create_model
from tqdm import tqdm

from migration_kg.corpus import schema
from migration_kg.corpus.kinds import ENTITY_KINDS, SCHEME_KINDS
from migration_kg.corpus.layout import DataLayout, ReportLayout
from migration_kg.corpus.yamlfile import line_of, parse_file, read_yaml, validate
from migration_kg.errors import InputError, InputErrors
from migration_kg.io.text import decode, read_bytes

if TYPE_CHECKING:
    from migration_kg.status.dataset import StatusDataset

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass
class Located(Generic[T]):
    """A parsed item and where it was written, so later checks can point back at it."""

    item: T
    path: Path
    line: int
    node: Any = None

    def line_at(self, *loc: str | int) -> int:
        """The line of a field inside this item (e.g. ``"evidence", 2``), else the item's line."""
        if self.node is None:
            return self.line
        return line_of(self.node, loc) or self.line


@dataclass
class Report:
    """One report: its provenance, text and every annotation, each with its location."""

    directory: Path
    meta: Located[schema.ReportMeta]
    source_text: str
    workshop: Located[schema.Workshop]
    sessions: list[Located[schema.Session]]
    events: list[Located[schema.EventFacts]]
    facts: list[Located[schema.Fact]]
    holdings: list[Located[schema.Holding]]
    statements: list[Located[schema.Statement]]
    statistics: list[Located[schema.Statistic]]

    @property
    def id(self) -> str:
        return self.meta.item.id

    @property
    def source_path(self) -> Path:
        return ReportLayout(self.directory).source(self.meta.item.source_file)


@dataclass
class Corpus:
    """Everything under one data folder, parsed and cross-checked."""

    root: Path
    entities: dict[str, dict[str, Located[Any]]] = field(
        default_factory=lambda: {kind.key: {} for kind in ENTITY_KINDS})
    schemes: dict[str, Located[schema.ConceptScheme]] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    status: list[StatusDataset] = field(default_factory=list)
    """Imported treaty-status datasets (``status/<dataset>/``)."""

    def entity_kind(self, identifier: str) -> str | None:
        """The kind key (``people``...) of a registry id, or None."""
        for key, entries in self.entities.items():
            if identifier in entries:
                return key
        return None

    def ids_by_identifier(self, kind: str, scheme: str) -> dict[str, str]:
        """Identifier value -> entity id, for one kind and identifier scheme (``instruments``
        by ``untc``: ``IV-13`` -> ``icrmw-1990``; ``countries`` by ``iso3166-1-alpha-2``)."""
        return {ident.value: located.item.id
                for located in self.entities[kind].values()
                for ident in getattr(located.item, "identifiers", ())
                if ident.scheme == scheme}

    def scheme(self, key: str) -> schema.ConceptScheme | None:
        located = self.schemes.get(key)
        return located.item if located is not None else None


# ----------------------------------------------------------------------------- loading


def load_corpus(root: Path) -> Corpus:
    """Load and cross-check every file under ``root`` (laid out like ``graph/``)."""
    from migration_kg.corpus.references import check_references
    from migration_kg.status.dataset import read_dataset

    corpus, errors = _load_registry(root)
    layout = DataLayout(corpus.root)

    def attempt(action: Any) -> Any:
        return _attempt(action, errors)

    folders = layout.report_folders()
    if not folders:
        errors.append(InputError("no report folders found", layout.reports,
                                 hint="add reports/<report-id>/ with report.yaml and source.txt"))
    for folder in tqdm(folders, desc="reading reports", unit="report", delay=1.0,
                       disable=None, file=sys.stderr, leave=False):
        report = attempt(lambda folder=folder: load_report(folder))
        if report is not None:
            corpus.reports.append(report)
    for status_layout in layout.status_datasets():
        dataset = attempt(lambda status_layout=status_layout: read_dataset(status_layout))
        if dataset is not None:
            corpus.status.append(dataset)

    if errors:
        raise InputErrors(errors)
    errors.extend(check_references(corpus))
    if errors:
        raise InputErrors(errors)
    return corpus


def load_registry(root: Path) -> Corpus:
    """Only the registry of ``root`` (entities and schemes), without reports or status data:
    what a tool that writes those needs to check ids against."""
    corpus, errors = _load_registry(root)
    if errors:
        raise InputErrors(errors)
    return corpus


def _attempt(action: Any, errors: list[InputError]) -> Any:
    try:
        return action()
    except InputErrors as exc:
        errors.extend(exc.errors)
    except InputError as exc:
        errors.append(exc)
    return None


def _load_registry(root: Path) -> tuple[Corpus, list[InputError]]:
    root = Path(root)
    if not root.is_dir():
        raise InputError("data folder not found", root,
                         hint="pass --data a folder holding registry/ and reports/")
    layout = DataLayout(root)
    corpus = Corpus(root=root)
    errors: list[InputError] = []
    for kind in ENTITY_KINDS:
        path = layout.registry_file(kind.filename)
        if not path.exists():
            continue
        items = _attempt(lambda path=path, kind=kind: parse_list(path, kind.key, kind.model),
                         errors)
        target = corpus.entities[kind.key]
        for located in items or ():
            first = target.get(located.item.id)
            if first is not None:
                errors.append(InputError(
                    f"duplicate id '{located.item.id}' (first defined at line {first.line})",
                    located.path, located.line, hint="give each entity one id, used everywhere"))
                continue
            target[located.item.id] = located
    for scheme_kind in SCHEME_KINDS:
        path = layout.registry_file(scheme_kind.filename)
        if not path.exists():
            continue
        parsed = _attempt(lambda path=path, model=scheme_kind.model: parse_file(path, model),
                          errors)
        if parsed is not None:
            corpus.schemes[scheme_kind.key] = Located(parsed[0], path, 1, parsed[1])
    return corpus, errors


def parse_list(path: Path, key: str, model: type[M]) -> list[Located[M]]:
    """A registry file: a top-level ``key`` holding a list of ``model`` items."""
    raw = read_yaml(path)
    field: Any = (list[model], ...)  # type: ignore[valid-type]
    wrapper: type[BaseModel] = create_model(f"{model.__name__}File", __base__=schema.Model,
                                            **{key: field})
    parsed = validate(wrapper, raw or {}, path)
    return locate(getattr(parsed, key), raw, key, path)


def locate(items: list[T], raw: Any, key: str, path: Path) -> list[Located[T]]:
    """Pair each parsed item of the list ``raw[key]`` with its line and raw node."""
    nodes = raw.get(key) if isinstance(raw, dict) else None
    return [Located(item, path, line_of(raw, [key, i]) or 1,
                    nodes[i] if isinstance(nodes, list) and i < len(nodes) else None)
            for i, item in enumerate(items)]


def read_source(layout: ReportLayout, meta: schema.ReportMeta, report_yaml: Path,
                raw: Any) -> str:
    """The report text, checked against the sha256 that report.yaml records."""
    source_path = layout.source(meta.source_file)
    data = read_bytes(source_path, missing_hint="copy the report here byte for byte")
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta.sha256:
        raise InputError(
            f"source text does not match report.sha256 (file has {digest})", report_yaml,
            line_of(raw, ["report", "sha256"]),
            hint="the source must be the report byte for byte; if it is, update sha256",
        )
    try:
        return decode(data, source_path)
    except InputError as exc:
        raise InputError("report text is not UTF-8", source_path,
                         hint="convert the report to UTF-8 and update sha256") from exc


def load_report(layout: ReportLayout) -> Report:
    """One report folder, parsed and located (references are checked with the whole corpus)."""
    report_path = layout.report_yaml
    parsed, raw = parse_file(report_path, schema.ReportFile)
    source_text = read_source(layout, parsed.report, report_path, raw)

    statements: list[Located[schema.Statement]] = []
    if layout.statements_yaml.exists():
        st, st_raw = parse_file(layout.statements_yaml, schema.StatementsFile)
        statements = locate(st.statements, st_raw, "statements", layout.statements_yaml)
    statistics: list[Located[schema.Statistic]] = []
    if layout.statistics_yaml.exists():
        sx, sx_raw = parse_file(layout.statistics_yaml, schema.StatisticsFile)
        statistics = locate(sx.statistics, sx_raw, "statistics", layout.statistics_yaml)

    workshop = parsed.workshop
    sessions_raw = raw.get("workshop", {}).get("sessions", [])
    return Report(
        directory=layout.directory,
        meta=Located(parsed.report, report_path, line_of(raw, ["report"]) or 1, raw.get("report")),
        source_text=source_text,
        workshop=Located(workshop, report_path, line_of(raw, ["workshop"]) or 1,
                         raw.get("workshop")),
        sessions=[Located(s, report_path, line_of(sessions_raw, [i]) or 1, sessions_raw[i])
                  for i, s in enumerate(workshop.sessions)],
        events=locate(parsed.events, raw, "events", report_path),
        facts=locate(parsed.facts, raw, "facts", report_path),
        holdings=locate(parsed.holdings, raw, "holdings", report_path),
        statements=statements,
        statistics=statistics,
    )


def report_texts(root: Path) -> dict[str, str]:
    """Report id -> verbatim text for every report under ``root``, checked against its sha256.

    Reads only each report's provenance, not its annotations: what validation needs to check
    evidence offsets in a built graph.
    """
    texts: dict[str, str] = {}
    errors: list[InputError] = []
    for layout in DataLayout(Path(root)).report_folders():
        try:
            raw = read_yaml(layout.report_yaml)
            meta_raw = raw.get("report") if isinstance(raw, dict) else None
            meta = validate(schema.ReportMeta, meta_raw or {}, layout.report_yaml)
            texts[meta.id] = read_source(layout, meta, layout.report_yaml, raw)
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    return texts


def source_text(root: Path, report_id: str) -> str:
    """The verbatim text of one report."""
    layout = DataLayout(Path(root)).report(report_id)
    if not layout.report_yaml.is_file():
        known = [r.directory.name for r in DataLayout(Path(root)).report_folders()]
        raise InputError(f"no report '{report_id}'", layout.directory,
                         hint="choose one of: " + ", ".join(known) if known else
                         "add the report folder first")
    raw = read_yaml(layout.report_yaml)
    meta = validate(schema.ReportMeta, (raw or {}).get("report") or {}, layout.report_yaml)
    return read_source(layout, meta, layout.report_yaml, raw)

