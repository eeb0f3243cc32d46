"""``migration-kg new-report``: a report folder that builds, from a plain-text file.

The text is copied byte for byte (page headers, form feeds and hyphenation of a PDF conversion
stay as they are: evidence offsets count every character of the file), its sha256 recorded, and
the annotation files written empty. Nothing is written unless every check passes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from migration_kg import paths
from migration_kg.corpus.layout import DEFAULT_SOURCE, DataLayout
from migration_kg.errors import InputError
from migration_kg.io.atomic import write_files
from migration_kg.io.text import decode, read_bytes

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""A meeting record is a few hundred kilobytes; anything far larger is the wrong file."""


@dataclass(frozen=True)
class NewReport:
    """What ``new-report`` wrote."""

    report_id: str
    directory: Path
    sha256: str
    characters: int
    written: list[Path]


def dump_yaml(data: Any, header: str = "", width: int = 100) -> str:
    """YAML as the curated files write it: block style, keys in the order given."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = width
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    # a value used twice (a date, a list) would be written once with an anchor; annotation
    # files are read with anchors refused, so every value is written out in full
    yaml.representer.ignore_aliases = lambda *_: True
    stream = io.StringIO()
    yaml.dump(data, stream)
    return header + stream.getvalue()


def check_text(data: bytes, path: Path) -> str:
    """The text of a report file, or an error for an empty, binary or non-UTF-8 one."""
    if b"\x00" in data:
        raise InputError("this is a binary file, not plain text (it holds NUL bytes)", path,
                         hint="convert the document to plain text first (e.g. pdftotext)")
    text = decode(data, path)
    if not text.strip():
        raise InputError("the text is empty", path,
                         hint="give the plain text of the meeting record")
    return text


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--date '{value}' is not a date", None,
                         hint="write it as YYYY-MM-DD, e.g. 2024-03-12") from exc


def new_report(report_id: str, source: Path, *, title: str, date: str,
               publisher: str | None = None, data: Path | None = None,
               obtained_from: str | None = None) -> NewReport:
    """Create ``reports/<report_id>/`` in ``data`` (default: the shipped ``graph/``)."""
    root = Path(data) if data is not None else paths.GRAPH_DIR
    layout = DataLayout(root)
    if not SLUG.match(report_id) or len(report_id) > 120:
        raise InputError(f"report id '{report_id}' is not a slug", None,
                         hint="use lower-case letters, digits and hyphens, dated first: "
                              "2024-03-12-hrc-55-migrants")
    if not title.strip():
        raise InputError("--title is empty", None, hint="give the record's title")
    when = parse_date(date)
    if not layout.registry.is_dir():
        raise InputError("no registry/ folder here: not a data folder", root,
                         hint="pass --data a folder laid out like graph/ (registry/, reports/)")
    folder = layout.report(report_id)
    if folder.directory.exists():
        raise InputError(f"report '{report_id}' already exists", folder.directory,
                         hint="choose another id, or edit that report's files")
    if publisher is not None:
        check_publisher(layout, publisher)
    raw = read_bytes(source, missing_hint="give the path of the record as a plain-text file",
                     limit=MAX_SOURCE_BYTES)
    text = check_text(raw, Path(source))
    digest = hashlib.sha256(raw).hexdigest()
    report: dict[str, Any] = {"id": report_id, "title": title.strip()}
    if publisher is not None:
        report["publisher"] = publisher
    report.update({"date": when, "sha256": digest,
                   "obtained_from": obtained_from or f"the file {Path(source).name}, "
                                                     f"copied on {dt.date.today().isoformat()}"})
    meeting = {"id": f"{report_id}-meeting", "kind": "meeting", "name": title.strip(),
               "date": when,
               "sessions": [{"id": f"{report_id}-session-1", "number": 1,
                             "title": title.strip()}]}
    header = ("# Scaffolded by `migration-kg new-report`: the provenance of the text and the "
              "meeting it records.\n# Add the place, the sessions (with their headings as "
              "evidence), facts and holdings as you curate.\n")
    files: dict[Path, bytes | str] = {
        folder.source(DEFAULT_SOURCE): raw,
        folder.report_yaml: dump_yaml({"report": report, "workshop": meeting}, header),
        folder.statements_yaml: "# Curated statements (see graph/CODEBOOK.md); "
                                "`migration-kg draft` proposes some in drafts.yaml.\n"
                                "statements: []\n",
        folder.statistics_yaml: "# Figures the report cites.\nstatistics: []\n",
    }
    try:
        written = write_files(files)
    except Exception:
        _remove_empty(folder.directory)
        raise
    return NewReport(report_id, folder.directory, digest, len(text), written)


def check_publisher(layout: DataLayout, publisher: str) -> None:
    from migration_kg.corpus.kinds import KINDS
    from migration_kg.corpus.loader import parse_list

    kind = KINDS["organizations"]
    path = layout.registry_file(kind.filename)
    known = ({o.item.id for o in parse_list(path, kind.key, kind.model)}
             if path.exists() else set())
    if publisher not in known:
        raise InputError(f"--publisher '{publisher}' is not an organization of the registry",
                         path, hint="add it to registry/organizations.yaml first, or leave "
                                    "--publisher out")


def _remove_empty(directory: Path) -> None:
    with contextlib.suppress(OSError):
        directory.rmdir()
