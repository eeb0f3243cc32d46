"""A query's result and its output formats: the one place that writes tables and SPARQL JSON.

Cells are shown with compact IRIs (``person:jorge-bustamante``), canonical numbers and plain
literal text; ``records`` gives Python values for DataFrames.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from migration_kg.namespaces import compact

if TYPE_CHECKING:
    import pandas as pd

TABLE_FORMATS = ("table", "csv", "json", "md")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Row = tuple[Node | None, ...]


@dataclass
class QueryResult:
    """Variables and rows of rdflib terms (None where a variable is unbound), or an ASK answer."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)
    ask: bool | None = None

    def text_rows(self) -> list[tuple[str, ...]]:
        return [tuple(render(value) for value in row) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        return [{v: python_value(value) for v, value in zip(self.variables, row, strict=True)}
                for row in self.rows]

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame of Python values, built column by column."""
        import pandas as pd

        columns = list(zip(*self.rows, strict=True)) if self.rows else \
            [() for _ in self.variables]
        return pd.DataFrame({v: pd.Series([python_value(c) for c in column], dtype=object)
                             for v, column in zip(self.variables, columns, strict=True)},
                            columns=self.variables)


def python_value(term: Node | None) -> Any:
    """A cell as a Python value: compact IRI text, int/float/bool/date, or the literal text."""
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


def format_table(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """Rows of text as ``csv``, ``json`` (a list of objects), ``md`` or a plain ``table``."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    from tabulate import tabulate

    if fmt == "md":
        escaped = [[str(cell).replace("|", "\\|") for cell in row] for row in rows]
        return tabulate(escaped, headers=list(columns), tablefmt="github") + "\n"
    return tabulate([list(r) for r in rows], headers=list(columns), tablefmt="simple") + "\n"


def format_result(result: QueryResult, fmt: str) -> str:
    """A query result as text; ``json`` is the SPARQL 1.1 Query Results JSON format."""
    if fmt == "json":
        return json.dumps(sparql_json(result), indent=2, ensure_ascii=False) + "\n"
    return format_table(result.variables, result.text_rows(), fmt)


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """A DataFrame (a measures table) as text, in the same formats as query results."""
    if fmt == "json":
        return frame.to_json(orient="records", indent=2, force_ascii=False) + "\n"
    rows = frame.astype(str).to_numpy().tolist()
    return format_table([str(c) for c in frame.columns], rows, fmt)


def term_json(term: Any) -> dict[str, Any]:
    """One RDF term (rdflib's or pyoxigraph's) as a SPARQL 1.1 Query Results JSON cell."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        cell: dict[str, Any] = {"type": "literal", "value": str(term)}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype and str(term.datatype) != XSD_STRING:
            cell["datatype"] = str(term.datatype)
        return cell
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        ox_cell: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            ox_cell["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            ox_cell["datatype"] = term.datatype.value
        return ox_cell
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def sparql_json(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON document of ``result``."""
    if result.ask is not None:
        return {"head": {}, "boolean": result.ask}
    bindings = [{var: term_json(term) for var, term in zip(result.variables, row, strict=True)
                 if term is not None} for row in result.rows]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def read_expected(path: Path) -> tuple[list[str], Counter[tuple[str, ...]]]:
    """An expected result: its header and its rows as a multiset (order does not matter,
    duplicates do)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, Counter(tuple(row) for row in reader)
