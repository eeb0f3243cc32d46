"""Reading an imported treaty-status dataset back: ``source.yaml`` and ``actions.csv``.

Every row is validated against :class:`~migration_kg.status.schema.Action` and keeps its line,
so a hand edit that breaks the file is reported like any other input error.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from migration_kg.corpus.layout import StatusLayout
from migration_kg.corpus.loader import Located
from migration_kg.corpus.yamlfile import parse_file, schema_hint
from migration_kg.errors import InputError, InputErrors
from migration_kg.io.text import read_text
from migration_kg.status.schema import (
    ACTION_COLUMNS,
    Action,
    Correction,
    CorrectionsFile,
    SourceMeta,
)


@dataclass
class StatusDataset:
    """One imported dataset: its provenance and its actions, each with its line."""

    layout: StatusLayout
    meta: Located[SourceMeta]
    actions: list[Located[Action]]
    corrections: dict[str, Correction]
    """The curators' corrections by id, so each corrected action can say why."""

    @property
    def id(self) -> str:
        return self.meta.item.dataset


def read_dataset(layout: StatusLayout) -> StatusDataset:
    """The dataset in ``layout``; every problem in either file is reported at once."""
    errors: list[InputError] = []
    meta: Located[SourceMeta] | None = None
    try:
        parsed, raw = parse_file(layout.source_yaml, SourceMeta)
        meta = Located(parsed, layout.source_yaml, 1, raw)
        if parsed.dataset != layout.id:
            errors.append(InputError(
                f"dataset '{parsed.dataset}' is in a folder named '{layout.id}'",
                layout.source_yaml, hint="name the folder after the dataset id"))
    except InputErrors as exc:
        errors.extend(exc.errors)
    except InputError as exc:
        errors.append(exc)
    actions: list[Located[Action]] = []
    try:
        actions = read_actions(layout)
    except InputErrors as exc:
        errors.extend(exc.errors)
    except InputError as exc:
        errors.append(exc)
    corrections: dict[str, Correction] = {}
    if layout.corrections_yaml.exists():
        try:
            parsed_corrections, _ = parse_file(layout.corrections_yaml, CorrectionsFile)
            corrections = {c.id: c for c in parsed_corrections.corrections}
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    if errors or meta is None:
        raise InputErrors(errors)
    if meta.item.actions != len(actions):
        raise InputError(f"source.yaml says {meta.item.actions} actions, actions.csv has "
                         f"{len(actions)}", layout.source_yaml,
                         hint="re-run migration-kg import-status instead of editing by hand")
    unknown = sorted({a.item.correction for a in actions if a.item.correction}
                     - set(corrections))
    if unknown:
        raise InputError(f"actions.csv names corrections that corrections.yaml does not have: "
                         f"{', '.join(unknown)}", layout.actions_csv,
                         hint="re-run migration-kg import-status")
    return StatusDataset(layout, meta, actions, corrections)


def read_actions(layout: StatusLayout) -> list[Located[Action]]:
    """The rows of ``actions.csv`` as actions; empty cells are absent values."""
    path = layout.actions_csv
    text = read_text(path, missing_hint="run migration-kg import-status to write it")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    if tuple(reader.fieldnames or ()) != ACTION_COLUMNS:
        raise InputError(f"the header is {reader.fieldnames}, expected "
                         f"{','.join(ACTION_COLUMNS)}", path, 1,
                         hint="re-run migration-kg import-status instead of editing by hand")
    actions: list[Located[Action]] = []
    errors: list[InputError] = []
    try:
        for row in reader:
            line = reader.line_num
            values: dict[str, Any] = {k: v for k, v in row.items() if v not in ("", None)}
            try:
                actions.append(Located(Action.model_validate(values), path, line, row))
            except ValidationError as exc:
                for err in exc.errors():
                    field = ".".join(str(p) for p in err["loc"]) or "(row)"
                    errors.append(InputError(f"{field}: {err['msg']}", path, line,
                                             hint=schema_hint(err)))
    except csv.Error as exc:
        errors.append(InputError(f"malformed CSV: {exc}", path, reader.line_num,
                                 hint="re-run migration-kg import-status"))
    if errors:
        raise InputErrors(errors)
    return actions
