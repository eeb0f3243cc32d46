"""The shipped SPARQL queries: find them, check they stay local, run them, format their results.

SPARQL lives only in ``.rq`` files. Each starts with a header of ``# key: value`` lines:
``title``, ``question`` and, for parameters, ``param: NAME DEFAULT  description``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier, Node

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.namespaces import PREFIXES, compact

HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    default: str | None
    description: str


@dataclass(frozen=True)
class QueryFile:
    """A query with its header; ``name`` is the file name without ``NN-`` and ``.rq``."""

    name: str
    path: Path | None
    text: str
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()

    @property
    def expected_path(self) -> Path | None:
        if self.path is None:
            return None
        return self.path.with_suffix(".expected.csv")


@dataclass
class QueryResult:
    variables: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    ask: bool | None = None

    def text_rows(self) -> list[tuple[str, ...]]:
        return [tuple(render(value) for value in row) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        return [{v: python_value(value) for v, value in zip(self.variables, row, strict=True)}
                for row in self.rows]


def query_name(path: Path) -> str:
    return re.sub(r"^\d+-", "", path.stem)


def parse_header(text: str, name: str, path: Path | None) -> QueryFile:
    title = question = ""
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        if key == "title":
            title = value
        elif key == "question":
            question = value
        elif key == "param":
            parts = value.split(None, 2)
            params.append(Param(parts[0], parts[1] if len(parts) > 1 else None,
                                parts[2] if len(parts) > 2 else ""))
    return QueryFile(name=name, path=path, text=text, title=title, question=question,
                     params=tuple(params))


def read_query_file(path: Path) -> QueryFile:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("query file not found", path,
                         hint="give a shipped query name (see `migration-kg query --list`) "
                              "or an existing .rq file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query file ({exc})", path,
                         hint="check the file is readable UTF-8 text") from exc
    return parse_header(text, query_name(Path(path)), Path(path))


def shipped_queries(directory: Path | None = None) -> list[QueryFile]:
    """The competency queries, in file-name order."""
    directory = directory or paths.QUERIES_DIR
    return [read_query_file(p) for p in sorted(directory.glob("*.rq"))]


def violation_queries(directory: Path | None = None) -> list[QueryFile]:
    """The must-return-nothing checks."""
    directory = directory or paths.VIOLATIONS_DIR
    return [read_query_file(p) for p in sorted(directory.glob("*.rq"))]


def find_query(name_or_path: str) -> QueryFile:
    """A shipped query by name (``speakers``), or a ``.rq`` file by path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        return read_query_file(Path(name_or_path))
    queries = {q.name: q for q in shipped_queries()}
    if name_or_path in queries:
        return queries[name_or_path]
    raise InputError(
        f"no shipped query named '{name_or_path}'", None,
        hint="choose one of: " + ", ".join(sorted(queries)),
    )


def inline_query(text: str) -> QueryFile:
    return parse_header(text, "inline", None)


# ------------------------------------------------------------------------------- safety


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or (hasattr(node, "asList") and not isinstance(node, str)):
        for value in node:
            yield from _walk(value)


def check_query(query: QueryFile) -> None:
    """Parse the query; refuse updates, ``SERVICE`` and ``FROM`` before anything runs.

    rdflib follows ``SERVICE <url>`` and loads ``FROM <url>`` over HTTP, and Oxigraph follows
    ``SERVICE`` with no way to turn it off, so both are rejected on the parsed query.
    """
    where = query.path or "inline query"
    try:
        parsed = parseQuery(query.text)
    except ParseException as exc:
        try:
            parseUpdate(query.text)
        except ParseException:
            raise InputError(f"SPARQL syntax error: {exc.msg} (column {exc.col})", where,
                             exc.lineno, hint="fix the query at this line") from exc
        raise InputError("SPARQL Update is not allowed: queries only read the graph", where,
                         hint="use SELECT, ASK, CONSTRUCT or DESCRIBE") from exc
    for node in _walk(parsed):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise InputError(
                "federated SERVICE is refused: queries never reach the network", where,
                hint="remove the SERVICE block and load the data you need into the graph",
            )
        if isinstance(node, CompValue) and node.name == "DatasetClause":
            raise InputError(
                "FROM / FROM NAMED is refused: it would load graphs from the network", where,
                hint="remove FROM; queries run over the loaded graph",
            )


# ------------------------------------------------------------------------------- running


def parse_binding(text: str) -> tuple[str, Identifier]:
    """``var=value``: ``prefix:local`` and ``<iri>`` are IRIs, anything else a plain literal."""
    if "=" not in text:
        raise InputError(f"--bind '{text}' is not var=value", None,
                         hint="e.g. --bind topic=topic:ratification")
    name, value = text.split("=", 1)
    return name.strip().lstrip("?$"), term_from_text(value.strip())


def term_from_text(value: str) -> Identifier:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and " " not in value:
        return URIRef(str(PREFIXES[prefix]) + local)
    if re.fullmatch(r"https?://\S+", value):
        return URIRef(value)
    return Literal(value)


def run_query(graph: Graph, query: QueryFile,
              bindings: dict[str, Identifier] | None = None) -> QueryResult:
    """Run ``query`` on ``graph`` with its parameter defaults, overridden by ``bindings``."""
    check_query(query)
    values: dict[str, Identifier] = {
        p.name: term_from_text(p.default) for p in query.params if p.default is not None
    }
    values.update(bindings or {})
    unknown = set(bindings or {}) - {p.name for p in query.params}
    if query.params and unknown:
        raise InputError(f"unknown parameter(s) {', '.join(sorted(unknown))}",
                         query.path or "inline query",
                         hint="parameters: " + ", ".join(p.name for p in query.params))
    try:
        result = graph.query(query.text, initBindings=values)
    except (SyntaxError, ValueError, ParseException) as exc:
        raise InputError(f"query failed: {exc}", query.path or "inline query",
                         hint="fix the query") from exc
    if result.type == "ASK":
        return QueryResult(variables=["ask"], ask=bool(result.askAnswer),
                           rows=[(Literal(bool(result.askAnswer)),)])
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        triples = sorted(result.graph)  # type: ignore[union-attr]
        return QueryResult(variables=["subject", "predicate", "object"],
                           rows=[tuple(t) for t in triples])
    variables = [str(v) for v in result.vars or []]
    rows = [tuple(row[v] if v in row.labels else None for v in variables)  # type: ignore[union-attr]
            for row in result]
    return QueryResult(variables=variables, rows=rows)


# ------------------------------------------------------------------------------- rendering


def python_value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def render(term: Node | None) -> str:
    """One cell as text: compact IRIs, canonical numbers, plain literal text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Decimal | float):
            number = Decimal(str(value)).normalize()
            return format(number, "f")
        return str(term)
    return str(term)


def format_result(result: QueryResult, fmt: str) -> str:
    rows = result.text_rows()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(sparql_json(result), indent=2, ensure_ascii=False) + "\n"
    from tabulate import tabulate

    if fmt == "md":
        escaped = [[cell.replace("|", "\\|") for cell in row] for row in rows]
        return tabulate(escaped, headers=result.variables, tablefmt="github") + "\n"
    return tabulate(rows, headers=result.variables, tablefmt="simple") + "\n"


def sparql_json(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON format."""
    if result.ask is not None:
        return {"head": {}, "boolean": result.ask}
    bindings = []
    for row in result.rows:
        entry = {}
        for var, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                entry[var] = {"type": "uri", "value": str(term)}
            elif isinstance(term, Literal):
                cell: dict[str, str] = {"type": "literal", "value": str(term)}
                if term.language:
                    cell["xml:lang"] = term.language
                elif term.datatype:
                    cell["datatype"] = str(term.datatype)
                entry[var] = cell
            else:
                entry[var] = {"type": "bnode", "value": str(term)}
        bindings.append(entry)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def read_expected(path: Path) -> tuple[list[str], set[tuple[str, ...]]]:
    """An expected result: header and the set of rows (order does not matter)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, {tuple(row) for row in reader}
