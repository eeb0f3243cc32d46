"""Curated YAML read strictly, at C speed, with the line of every key and item kept.

libyaml (the C parser in PyYAML's wheels) turns a file into events, and this module builds the
document from them with an explicit stack, so that

* no alias, anchor, tag or directive gets in: annotation files need none of them, a 2.6 KB
  alias bomb expanded for minutes, ``!!float x`` crashed and ``!!python/...`` emptied a field;
* a key written twice is an error naming both lines (YAML loaders keep the last one silently);
* nesting deeper than :data:`MAX_DEPTH` is an error, never a ``RecursionError``;
* a value or key holding a control character (NUL, ESC, BEL, form feed, vertical tab, NEL, the
  Unicode line and paragraph separators...) is an error with its line; tab and line feed are
  fine;
* plain scalars are resolved as YAML 1.2's core schema says (null, true/false, integers,
  floats) but never into dates: the schema validates dates, so ``2006-13-45`` is a schema
  error with its line, not a crash; an integer of more than :data:`MAX_INTEGER_DIGITS` digits
  is an error;
* every mapping and sequence keeps the line of each of its keys and items
  (:class:`YamlMapping`, :class:`YamlSequence`), so a schema error or a failed cross-check
  later points at the exact line of the offending field.

Reading 50 MB this way takes libyaml's time plus one pass over the events in Python; the
round-trip parser used before (ruamel.yaml, pure Python) took about 9 times as long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from migration_kg.errors import InputError, InputErrors
from migration_kg.io.text import read_text

M = TypeVar("M", bound=BaseModel)

EVIDENCE_FIELDS = frozenset({"evidence", "publisher_evidence"})
"""Fields whose items may be written as a bare string, meaning ``{quote: ...}``."""

MAX_DEPTH = 50
"""Mappings and sequences nested deeper than this are refused (the data needs about 6)."""
MAX_INTEGER_DIGITS = 30
"""Whole numbers longer than this are refused (years, counts and populations need fewer)."""

_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_INT_OTHER = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
                  "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
                  "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
                  ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")


class YamlMapping(dict[str, Any]):
    """A mapping as written: ``line`` of its start, ``lines[key]`` of each key (1-based)."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class YamlSequence(list[Any]):
    """A sequence as written: ``line`` of its start, ``lines[i]`` of each item (1-based)."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []


def read_yaml(path: Path) -> Any:
    """Parse ``path`` keeping line numbers; any problem becomes an :class:`InputError`."""
    text = read_text(path, missing_hint="create it or check the folder")
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | str) -> Any:
    """Parse YAML ``text`` (read from ``path``, named in errors); see the module docstring."""
    try:
        return _build(yaml.parse(text, Loader=_LOADER), path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputError(f"malformed YAML: {problem}", path, line,
                         hint="fix the YAML syntax at this line (indentation, quotes, colons)"
                         ) from exc
    except yaml.reader.ReaderError as exc:
        line = text.encode("utf-8", "replace")[:exc.position].count(b"\n") + 1 \
            if isinstance(exc.position, int) else None
        raise InputError(f"malformed YAML: {exc.reason} (character {exc.character!r})", path,
                         line, hint="remove the character, or write it as an escape in a "
                                    "double-quoted string") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path, hint="fix the YAML syntax") from exc


def _refuse(message: str, path: Path | str, event: Any, hint: str) -> InputError:
    return InputError(message, path, event.start_mark.line + 1, hint=hint)


def _build(events: Iterator[Any], path: Path | str) -> Any:
    """The document of one YAML stream, from its events (see the module docstring)."""
    root: Any = None
    documents = 0
    stack: list[YamlMapping | YamlSequence] = []
    keys: list[tuple[str, int] | None] = []  # per open mapping: the key waiting for its value
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent \
                or kind is yaml.SequenceStartEvent:
            line = event.start_mark.line + 1
            if event.anchor is not None:
                raise _refuse(f"anchors (&{event.anchor}) are not allowed", path, event,
                              "write the value out in full; annotation files need no anchors")
            if event.tag is not None and not (kind is not yaml.ScalarEvent and event.implicit):
                raise _refuse(f"tags ({event.tag}) are not allowed", path, event,
                              "remove the tag; write the value plainly (quote it for text)")
            value: Any
            if kind is yaml.ScalarEvent:
                value = _scalar(event, path)
            elif len(stack) >= MAX_DEPTH:
                raise _refuse(f"nested more than {MAX_DEPTH} levels deep", path, event,
                              "flatten the structure; annotation files nest a few levels")
            else:
                value = YamlMapping(line) if kind is yaml.MappingStartEvent else YamlSequence(line)
            if not stack:
                root = value
            else:
                parent = stack[-1]
                if isinstance(parent, YamlSequence):
                    parent.append(value)
                    parent.lines.append(line)
                else:
                    pending = keys[-1]
                    if pending is None:
                        if not isinstance(value, str):
                            raise _refuse("keys must be plain text", path, event,
                                          "write the key as a name followed by a colon")
                        if value in parent.lines:
                            raise _refuse(f"duplicate key '{value}' (first written at line "
                                          f"{parent.lines[value]})", path, event,
                                          "keep one of the two; YAML keys are unique")
                        keys[-1] = (value, line)
                    else:
                        key, key_line = pending
                        parent[key] = value
                        parent.lines[key] = key_line
                        keys[-1] = None
            if isinstance(value, YamlMapping | YamlSequence):
                stack.append(value)
                keys.append(None)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            keys.pop()
        elif kind is yaml.AliasEvent:
            raise _refuse(f"aliases (*{event.anchor}) are not allowed", path, event,
                          "write the value out in full; annotation files need no aliases")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if event.version is not None or event.tags:
                raise _refuse("directives (%YAML, %TAG) are not allowed", path, event,
                              "remove the lines starting with %")
            if documents > 1:
                raise _refuse("a second YAML document ('---') is not allowed", path, event,
                              "keep one document per file")
    return root


def _scalar(event: Any, path: Path | str) -> Any:
    """A scalar's value: text, or for a plain scalar null, a boolean or a number."""
    text: str = event.value
    control = _CONTROL.search(text)
    if control is not None:
        code = ord(control.group())
        raise _refuse(f"the control character U+{code:04X} is not allowed in a value", path,
                      event, "remove it (tabs and line breaks are fine)")
    if event.style:  # quoted, or a block scalar: always text
        return text
    if text in _NULL:
        return None
    if text[0] not in _MAYBE_NOT_TEXT:
        return text
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_INTEGER_DIGITS:
            raise _refuse(f"a whole number of {digits} digits is refused (at most "
                          f"{MAX_INTEGER_DIGITS})", path, event,
                          "check the number; quote it if it is meant as text")
        return int(text)
    if _INT_OTHER.fullmatch(text):
        return int(text, 0)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text]
    return text


def line_of(node: Any, loc: Iterable[Any]) -> int | None:
    """The 1-based line of the value at ``loc`` inside a document, as far as it goes."""
    line = None
    for key in loc:
        found = (isinstance(node, YamlMapping) and key in node) or (
            isinstance(node, YamlSequence) and isinstance(key, int) and 0 <= key < len(node))
        if not found:
            break
        line = node.lines[key]
        node = node[key]
    if line is None and isinstance(node, YamlMapping | YamlSequence):
        line = node.line
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
    if kind.startswith("date"):
        return "write the date as YYYY-MM-DD, a real day of the calendar"
    if kind == "file_name":
        return "write the name of a file in the report's folder, such as source.txt"
    if kind == "finite_number":
        return "write a number (not .nan or .inf)"
    return "correct the value to match graph/README.md"
