"""The built graph as files: sorted N-Triples, Turtle and JSON-LD, the same bytes every time.

N-Triples are sorted line by line; Oxigraph writes the Turtle from them (prefixes sorted), and the
JSON-LD is written node by node with an inline context. rdflib's own Turtle and JSON-LD
serialisers took 330 s and 5.8 GB at 1M triples, where this takes well under a minute.

The input is any iterable of rdflib triples (the build's set, or an rdflib graph); each line is
written exactly as rdflib's N-Triples serialiser writes it (``tests/builder`` compares them), so
the files stay byte-identical to those an rdflib graph gave.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal
from rdflib.namespace import RDF, XSD
from rdflib.term import Node
from tqdm import tqdm

from migration_kg.namespaces import PREFIXES
from migration_kg.namespaces import compact as compact_iri

OUTPUT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")


Triple = tuple[Node, Node, Node]


def serialise(triples: Iterable[Triple], *, consume: bool = False) -> dict[str, bytes]:
    """The three output files, each in a canonical order so rebuilding gives the same bytes.
    ``triples`` is read twice: a set or a graph, not a generator; with ``consume`` a set is
    emptied once it is no longer needed, before the Turtle is written (less memory at peak).

    N-Triples as rdflib writes them, sorted line by line; Oxigraph writes the Turtle from them,
    and the JSON-LD is written here node by node. rdflib's own Turtle and JSON-LD serialisers
    took 330 s and 5.8 GB at 1M triples, where this takes well under a minute (see
    bench/README.md).
    """
    steps = tqdm(total=3, desc="writing graph files", unit="file", delay=1.0, disable=None,
                 file=sys.stderr, leave=False)
    with steps:
        nt = sorted_ntriples(triples)
        steps.update()
        jsonld = jsonld_document(triples)
        steps.update()
        if consume and isinstance(triples, set):
            triples.clear()
        ttl = turtle_from_ntriples(nt)
        steps.update()
    return {"graph.ttl": ttl, "graph.nt": nt, "graph.jsonld": jsonld}


def sorted_ntriples(triples: Iterable[Triple]) -> bytes:
    """N-Triples, one line per distinct triple, lines sorted, written as rdflib's serialiser
    writes them (its ``_nt_row``): IRIs and blank nodes by ``n3()``, which refuses an IRI
    that cannot be written; literals with ``\\``, ``\n``, ``"`` and ``\r`` escaped."""
    written: dict[Node, str] = {}

    def node(term: Node) -> str:
        found = written.get(term)
        if found is None:
            found = written[term] = term.n3()
        return found

    # Lines are sorted as UTF-8 bytes (the same order as by code point): as str, one curly
    # quote in a label makes the whole joined text two bytes a character.
    lines = sorted({f"{node(s)} {node(p)} "
                    f"{literal_ntriples(o) if isinstance(o, Literal) else node(o)} .\n"
                    .encode() for s, p, o in triples})
    written.clear()
    text = b"".join(lines)
    del lines
    return text or b"\n"


def literal_ntriples(literal: Literal) -> str:
    """A literal as rdflib's N-Triples serialiser writes it (``_quoteLiteral``)."""
    quoted = '"' + (str(literal).replace("\\", "\\\\").replace("\n", "\\n")
                    .replace('"', '\\"').replace("\r", "\\r")) + '"'
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype:
        return f"{quoted}^^<{literal.datatype}>"
    return quoted


def turtle_from_ntriples(nt: bytes) -> bytes:
    """Turtle in the order of the sorted N-Triples, one block per subject, prefixes sorted."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    text = ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    # Oxigraph writes the prefixes first, in hash-map order, which changes from run to run.
    lines = (text or b"").split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")),
                 len(lines))
    return b"\n".join([*sorted(lines[:count]), b"", *lines[count:]])


_LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def jsonld_document(triples: Iterable[Triple]) -> bytes:
    """Compact JSON-LD with an inline context: nodes sorted by ``@id``, keys and values sorted.

    One node per line keeps the file diffable and lets the C JSON encoder do the work (the
    pretty-printing encoder is pure Python, and slow at a million triples).
    """
    compacted: dict[str, str] = {}

    def compact(iri: str) -> str:
        """A compact IRI where the local part is a plain name, else the full IRI."""
        found = compacted.get(iri)
        if found is None:
            short = compact_iri(iri)
            local = short.partition(":")[2]
            found = short if short != iri and _LOCAL_NAME.fullmatch(local) else iri
            compacted[iri] = found
        return found

    def node_id(term: Node) -> str:
        return f"_:{term}" if isinstance(term, BNode) else compact(str(term))

    rdf_type, xsd_boolean, xsd_integer = str(RDF.type), str(XSD.boolean), str(XSD.integer)

    def value(term: Node) -> object:
        if not isinstance(term, Literal):
            return {"@id": node_id(term)}
        lexical = str(term)
        if term.language:
            return {"@language": term.language, "@value": lexical}
        datatype = term.datatype
        if datatype is None:
            return lexical
        if str.__eq__(datatype, xsd_boolean) and lexical in ("true", "false"):
            return lexical == "true"
        if str.__eq__(datatype, xsd_integer) and _CANONICAL_INTEGER.fullmatch(lexical):
            return int(lexical)
        return {"@type": compact(str(datatype)), "@value": lexical}

    nodes: dict[str, dict[str, list[object]]] = {}
    for s, p, o in triples:
        properties = nodes.setdefault(node_id(s), {})
        if isinstance(p, str) and str.__eq__(p, rdf_type) and not isinstance(o, Literal):
            properties.setdefault("@type", []).append(node_id(o))
        else:
            properties.setdefault(compact(str(p)), []).append(value(o))
    context = json.dumps({prefix: str(ns) for prefix, ns in PREFIXES.items()}, indent=1,
                         sort_keys=True, ensure_ascii=False).replace("\n", "\n ")
    # Each node is written and dropped in turn, and the lines are UTF-8 bytes: as str, one
    # curly quote makes the whole text two bytes a character (this is the build's peak).
    lines = [b"{\n \"@context\": " + context.encode() + b",\n \"@graph\": [\n"]
    for number, identifier in enumerate(sorted(nodes)):
        node: dict[str, object] = {"@id": identifier}
        for key, values in nodes.pop(identifier).items():
            if len(values) > 1:
                values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
        lines.append((",\n  " if number else "  ").encode()
                     + json.dumps(node, sort_keys=True, ensure_ascii=False).encode())
    lines.append(b"\n ]\n}\n")
    return b"".join(lines)


_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
