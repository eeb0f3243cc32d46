"""The SHACL engines, and the one call that runs either: the same shapes, the same results.

* ``pyshacl-turbo`` (the default), a Rust engine behind pySHACL's own API: the whole validation
  of 100k triples about 4x faster, and no rdflib graph for a file (bench/README.md);
* ``pyshacl``, the reference, pure Python over rdflib.

``tests/test_validate.py`` runs both on the shipped graph, on every shape fixture and on a graph
broken in many ways, and requires the same results: focus node, path, constraint component,
severity, value and source shape, and the same message wherever a shape states one
(``sh:message``). Only the engines' own default messages, for constraints whose shape states
none, are worded differently.

Neither engine ever sees an Oxigraph store: Oxigraph stores literals by value
(``"7"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``), which SHACL would report. A
graph file is given to pyshacl-turbo as N-Triples text from Oxigraph's parser (no store, so
every literal stays as written), and to pyshacl as an rdflib graph.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from migration_kg import paths
from migration_kg.io.rdf import (
    MAX_RDF_BYTES,
    OX_FORMATS,
    check_rdf_file,
    parse_errors,
    parse_rdf_file,
    rdf_format,
)


class ShaclEngine(StrEnum):
    TURBO = "pyshacl-turbo"
    PYSHACL = "pyshacl"


DEFAULT_ENGINE = ShaclEngine.TURBO
SHACL_ENGINES = tuple(engine.value for engine in ShaclEngine)


def shacl_report(data: Graph | Path, shapes_file: Path | None = None,
                 engine: ShaclEngine | str = DEFAULT_ENGINE) -> tuple[bool, Graph]:
    """Whether ``data`` (a graph, or a graph file) conforms to the shapes, and the SHACL
    validation report graph, from ``engine``."""
    shapes = parse_rdf_file(shapes_file or paths.SHAPES_FILE)
    if ShaclEngine(engine) is ShaclEngine.PYSHACL:
        from pyshacl import validate as reference

        graph = data if isinstance(data, Graph) else parse_rdf_file(data)
        conforms, results, _ = reference(graph, shacl_graph=shapes, inference="none",
                                         allow_warnings=True)
    else:
        from pyshacl_turbo import validate as turbo

        with _quiet_literals():
            conforms, results, _ = turbo(_turbo_input(data), shacl_graph=shapes,
                                         inference="none", allow_warnings=True)
    return bool(conforms), results


def _turbo_input(data: Graph | Path) -> Any:
    """What pyshacl-turbo reads: an rdflib graph as it is, a file as N-Triples text.

    Never a path or a string: pyshacl-turbo fetches a string that looks like a URL. The text
    comes from Oxigraph's parser (no store, so every literal stays exactly as written), after
    the same checks as every other RDF input; JSON-LD goes through rdflib's guarded parser.
    """
    if isinstance(data, Graph):
        return data
    from pyshacl_turbo.rdf import Input

    fmt = rdf_format(data)
    if fmt == "json-ld":
        return parse_rdf_file(data)
    check_rdf_file(data, fmt, limit=MAX_RDF_BYTES)
    with parse_errors(data, fmt):
        quads = ox.parse(path=str(data), format=OX_FORMATS[fmt],
                         base_iri=data.resolve().as_uri())
        text = ox.serialize((q.triple for q in quads if q.graph_name == ox.DefaultGraph()),
                            format=ox.RdfFormat.N_TRIPLES) or b""
    return Input(text.decode("utf-8"), "nquads", None, {}, preserve_ids=True)


@contextmanager
def _quiet_literals() -> Iterator[None]:
    """rdflib logs a warning with a traceback for each ill-formed literal it decodes from the
    report; the report itself says what is wrong with it."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
