"""Read RDF files defensively: a bad file is an input error with its line, never a crash,
a fetch, minutes of work or all the memory.

Before anything is parsed, the file must be a regular file (not ``/dev/zero`` or a FIFO, also
through a symlink) within a size limit; RDF/XML must not carry a ``DOCTYPE`` (its entities are
how a 1 KB file expands to gigabytes, and external entities are fetches); JSON-LD must not name
a ``@context`` or ``@import`` anywhere that is not an inline object (rdflib would fetch a URL,
or read a local file, as the context), and it is parsed inside
:func:`migration_kg.isolation.offline` as well.

Turtle, N-Triples, RDF/XML, TriG and N-Quads are parsed by Oxigraph's parsers, into an rdflib
graph too: they stream from the file, cap every term at 16 MiB (a larger one is a clear error
here, not a ``MemoryError``), refuse invalid IRIs with their line, and handle any nesting depth;
rdflib's own N-Triples parser took 7 s for one 1 MiB line and grows with its square. Only
JSON-LD is read by rdflib.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from migration_kg.errors import InputError
from migration_kg.io.text import MAX_INPUT_BYTES, check_file, read_text
from migration_kg.isolation import offline

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
"""rdflib's plugin names of oxrdflib's parsers, which load straight into an Oxigraph store."""
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
              "nquads": ox.RdfFormat.N_QUADS}

MAX_RDF_BYTES = 4 * 1024 * 1024 * 1024
"""The largest RDF file loaded into an Oxigraph store (it streams; about 25M triples)."""
MAX_JSON_DEPTH = 100
"""JSON-LD nested deeper than this is refused (rdflib's JSON-LD parser recurses)."""
_OXIGRAPH_BUFFER = "buffer maximal size"
_MISSING = "build the graph first, or check the path"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def rdf_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF file type '{path.suffix}'", path,
                         hint=f"use one of {', '.join(sorted(FORMATS))}")
    return fmt


def check_rdf_file(path: Path, fmt: str, *, limit: int = MAX_INPUT_BYTES) -> None:
    """Refuse, before any parser sees it, a file that is not a regular file within ``limit``
    bytes, or RDF/XML with a DOCTYPE (entity expansion) or that is not UTF-8-compatible."""
    check_file(path, missing_hint=_MISSING, limit=limit)
    if fmt != "xml":
        return
    line, tail = 1, b""
    with open(path, "rb") as handle:  # in chunks: RDF/XML files may be large
        while chunk := handle.read(1 << 20):
            data = tail + chunk
            if b"\x00" in data:
                raise InputError("RDF/XML with NUL bytes (UTF-16 or binary) is refused", path,
                                 line + data.count(b"\n", 0, data.index(b"\x00")),
                                 hint="save the file as UTF-8")
            found = _DOCTYPE.search(data)
            if found is not None:
                raise InputError(
                    f"RDF/XML with a <!{found.group(1).decode().upper()} declaration is "
                    "refused: entities can expand a small file to gigabytes or fetch other "
                    "documents", path, line + data.count(b"\n", 0, found.start()),
                    hint="remove the DOCTYPE and write the entities out, or save the file as "
                         "Turtle or N-Triples")
            keep = max(0, len(data) - 16)  # a declaration may span two chunks
            line += data.count(b"\n", 0, keep)
            tail = data[keep:]


@contextmanager
def parse_errors(path: Path, fmt: str) -> Iterator[None]:
    """Oxigraph's parse and read errors as input errors with their line."""
    try:
        yield
    except SyntaxError as exc:
        raise InputError(f"cannot parse {fmt}: {exc.msg}", path, exc.lineno,
                         hint="fix the syntax at this line") from exc
    except MemoryError as exc:
        if _OXIGRAPH_BUFFER not in str(exc):
            raise
        raise InputError(f"cannot parse {fmt}: a term (an IRI or a literal) is longer than "
                         "16 MiB, the most the parser holds", path,
                         hint="shorten the term, or keep long texts outside the graph") from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path,
                         hint="check its permissions") from exc


def _context_problem(node: Any) -> str | None:
    """A ``@context``/``@import`` value that would be fetched or read (not an inline object),
    as JSON, or "" for nesting past the limit; walked without recursion."""
    stack: list[tuple[Any, int, bool]] = [(node, 0, False)]
    while stack:
        value, depth, in_context = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return ""
        if isinstance(value, dict):
            for key, child in value.items():
                context = key in {"@context", "@import"}
                if context and child is not None and not isinstance(child, dict | list):
                    return json.dumps(child)[:200]
                stack.append((child, depth + 1, context))
        elif isinstance(value, list):
            for child in value:
                if in_context and child is not None and not isinstance(child, dict):
                    return json.dumps(child)[:200]
                stack.append((child, depth + 1, False))
    return None


def check_jsonld(path: Path, text: str) -> None:
    """Refuse JSON-LD that is malformed, too deep, or names a context to fetch or read."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path, exc.lineno,
                         hint="fix the JSON syntax at this line") from exc
    except RecursionError as exc:
        raise InputError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep is refused",
                         path, hint="flatten the nesting (name the inner nodes)") from exc
    what = _context_problem(document)
    if what is None:
        return
    if not what:
        raise InputError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep is refused",
                         path, hint="flatten the nesting (name the inner nodes)")
    raise InputError(
        f"JSON-LD names a @context or @import that is not inline ({what}); it would be "
        "fetched from the network or read from a file", path, _line_containing(text, what),
        hint="inline the context as a JSON object; nothing is fetched or read for a context")


def _line_containing(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


class Terms:
    """Oxigraph terms as rdflib terms, each distinct term converted once.

    A simple literal comes back without its implicit ``xsd:string``, as rdflib's own parsers
    and serialisers write it.
    """

    def __init__(self) -> None:
        self.cache: dict[object, Node] = {}

    def __call__(self, term: object) -> Node:
        found = self.cache.get(term)
        if found is None:
            found = self.cache[term] = self.convert(term)
        return found

    @staticmethod
    def convert(term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        raise TypeError(f"unexpected Oxigraph term {term!r}")


_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def parse_rdf_file(path: Path, graph: Graph | None = None, fmt: str | None = None, *,
                   oxigraph: bool = False) -> Graph:
    """Parse ``path`` into ``graph`` (a new in-memory graph by default).

    ``oxigraph`` says that ``graph`` is on Oxigraph (the caller, :mod:`migration_kg.store`,
    knows), so that the file streams into its store. Into an rdflib graph, only the default
    graph of a quad format (TriG, N-Quads) is read, as rdflib's own parsers do.
    """
    path = Path(path)
    fmt = fmt or rdf_format(path)
    target = graph if graph is not None else Graph()
    base = path.resolve().as_uri()
    if fmt == "json-ld":
        text = read_text(path, missing_hint=_MISSING)
        check_jsonld(path, text)
        try:
            with offline():
                target.parse(data=text, format="json-ld", publicID=base)
        except RecursionError as exc:
            raise InputError("JSON-LD nested too deeply for the parser", path,
                             hint="flatten the nesting (name the inner nodes)") from exc
        except Exception as exc:  # rdflib's JSON-LD parser raises many unrelated types
            raise InputError(f"cannot parse json-ld: {_first_line(exc)}", path,
                             _error_line(exc), hint="fix the JSON-LD at this line") from exc
        return target
    check_rdf_file(path, fmt, limit=MAX_RDF_BYTES if oxigraph else MAX_INPUT_BYTES)
    with parse_errors(path, fmt):
        if oxigraph:
            target.parse(source=str(path), format=OXIGRAPH_FORMATS[fmt], publicID=base)
            return target
        terms = Terms()
        default = ox.DefaultGraph()
        target.addN((terms(q.subject), terms(q.predicate), terms(q.object), target)
                    for q in ox.parse(path=str(path), format=OX_FORMATS[fmt], base_iri=base)
                    if q.graph_name == default)
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
