"""Curated YAML read into schema models, with the line of every field kept for error messages.

ruamel.yaml's round-trip parser records where each key and item was written, so a schema error
or a failed cross-check later points at the exact line of the offending field.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from migration_kg.errors import InputError, InputErrors
from migration_kg.io.text import read_text

M = TypeVar("M", bound=BaseModel)

EVIDENCE_FIELDS = frozenset({"evidence", "publisher_evidence"})
"""Fields whose items may be written as a bare string, meaning ``{quote: ...}``."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def read_yaml(path: Path) -> Any:
    """Parse ``path`` keeping line numbers; any problem becomes an :class:`InputError`."""
    text = read_text(path, missing_hint="create it or check the folder")
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputError(f"malformed YAML: {problem}", path, line,
                         hint="fix the YAML syntax at this line (indentation, quotes, colons)"
                         ) from exc
    except YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path,
                         hint="fix the YAML syntax") from exc


def line_of(node: Any, loc: Iterable[Any]) -> int | None:
    """The 1-based line of the value at ``loc`` inside a ruamel document, as far as it goes."""
    line = None
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            line = node.lc.item(key)[0] + 1
            node = node[key]
        else:
            break
    if line is None and hasattr(node, "lc"):
        line = node.lc.line + 1
    return line


def plain(data: Any) -> Any:
    """The document as plain dicts and lists, with bare-string quotes written out in full."""
    if isinstance(data, dict):
        return {str(key): ([{"quote": v} if isinstance(v, str) else plain(v) for v in value]
                           if key in EVIDENCE_FIELDS and isinstance(value, list) else plain(value))
                for key, value in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def validate(model: type[M], raw: Any, path: Path) -> M:
    """``raw`` as ``model``; every schema error names its field and line, all at once."""
    try:
        return model.model_validate(plain(raw))
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = [p for p in err["loc"]
                   if not isinstance(p, str) or p not in {"str", "function-after"}]
            field_path = ".".join(str(p) for p in loc) or "(top level)"
            errors.append(InputError(f"{field_path}: {err['msg']}", path, line_of(raw, loc),
                                     hint=schema_hint(err)))
        raise InputErrors(errors) from exc


def parse_file(path: Path, model: type[M]) -> tuple[M, Any]:
    """Parse ``path`` into ``model``; returns the model and the raw document (for lines)."""
    raw = read_yaml(path)
    if raw is None:
        raise InputError("the file is empty", path, hint=f"give it the fields of {model.__name__}")
    return validate(model, raw, path), raw


def schema_hint(err: Any) -> str:
    """How to fix a pydantic error, in a curator's words."""
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "remove this field or correct its spelling (see graph/README.md for the fields)"
    if kind == "missing":
        return "add this required field"
    if kind == "string_pattern_mismatch":
        return "ids are lower-case words joined by hyphens, e.g. jorge-bustamante"
    if kind in {"literal_error", "enum"}:
        return "use one of the allowed values listed in the message"
    return "correct the value to match graph/README.md"
