"""Read RDF files defensively: a bad file is an input error with its line, never a crash or a fetch.

rdflib's Turtle parser raises ``RecursionError`` on deeply nested input, and its JSON-LD parser
fetches remote ``@context`` documents over the network; both are refused here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rdflib import Graph

from migration_kg.errors import InputError
from migration_kg.io.text import read_text

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}
OXIGRAPH_FORMATS = {"turtle": "ox-turtle", "nt": "ox-ntriples", "xml": "ox-xml",
                    "trig": "ox-trig", "nquads": "ox-nquads"}


def rdf_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF file type '{path.suffix}'", path,
                         hint=f"use one of {', '.join(sorted(FORMATS))}")
    return fmt


def _remote_contexts(node: Any) -> list[str]:
    """Every ``@context`` or ``@import`` in a JSON-LD document that names a document to fetch."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"@context", "@import"}:
                values = value if isinstance(value, list) else [value]
                found.extend(v for v in values if isinstance(v, str))
            found.extend(_remote_contexts(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_remote_contexts(value))
    return found


def _check_jsonld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path, exc.lineno,
                         hint="fix the JSON syntax at this line") from exc
    remote = _remote_contexts(document)
    if remote:
        raise InputError(
            f"JSON-LD refers to a remote @context '{remote[0]}', which would be fetched",
            path, _line_containing(text, remote[0]),
            hint="inline the context as a JSON object; nothing is fetched from the network",
        )


def _line_containing(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def parse_rdf_file(path: Path, graph: Graph | None = None, fmt: str | None = None, *,
                   oxigraph: bool = False) -> Graph:
    """Parse ``path`` into ``graph`` (a new in-memory graph by default).

    ``oxigraph`` says that ``graph`` is on Oxigraph (the caller, :mod:`migration_kg.store`,
    knows), so that its Rust parsers are used instead of rdflib's.
    """
    path = Path(path)
    fmt = fmt or rdf_format(path)
    text = read_text(path, missing_hint="build the graph first, or check the path")
    return parse_rdf_text(text, path, fmt, graph, oxigraph=oxigraph)


def parse_rdf_text(text: str, path: Path, fmt: str, graph: Graph | None = None, *,
                   oxigraph: bool = False) -> Graph:
    """Parse RDF text into ``graph``; see :func:`parse_rdf_file`."""
    if fmt == "json-ld":
        _check_jsonld(path, text)
    target = graph if graph is not None else Graph()
    parse_format = OXIGRAPH_FORMATS.get(fmt, fmt) if oxigraph else fmt
    try:
        target.parse(data=text, format=parse_format, publicID=path.resolve().as_uri())
    except RecursionError as exc:
        raise InputError("RDF nested too deeply for the parser", path,
                         hint="flatten the nesting (name the inner nodes) or split the file"
                         ) from exc
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        raise InputError(f"cannot parse {fmt}: {_first_line(exc)}", path, _error_line(exc),
                         hint="fix the syntax at this line") from exc
    return target


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _error_line(exc: BaseException) -> int | None:
    for attr in ("lines", "line", "lineno"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value + 1 if attr == "lines" else value
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None
