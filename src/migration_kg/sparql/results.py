"""A query's result and its output formats: the one place that writes tables and SPARQL JSON.

Cells are shown with compact IRIs (``person:jorge-bustamante``), canonical numbers and plain
literal text; ``records`` gives Python values for DataFrames.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
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


class QueryResult:
    """Variables and rows of rdflib terms (None where a variable is unbound), or an ASK answer.

    A result read from Oxigraph (:meth:`from_tsv`) keeps the engine's own serialisation, column
    by column, and converts each *distinct* cell once, for the output asked for: text for
    tables, Python values for DataFrames, rdflib terms only when ``rows`` is read. Results
    repeat their cells (names, sessions, classes), so this does a fraction of the work of
    converting every cell, and no rdflib term is made on the way to a table or a DataFrame.
    """

    def __init__(self, variables: list[str], rows: list[Row] | None = None,
                 ask: bool | None = None) -> None:
        self.variables = variables
        self.ask = ask
        self._rows = rows if rows is not None else []
        self._tokens: list[list[str]] | None = None
        self._length = 0
        self._tsv: bytes | None = None

    @classmethod
    def from_tsv(cls, variables: list[str], tsv: bytes) -> QueryResult:
        """A SELECT result from the SPARQL TSV that Oxigraph wrote (terms in N-Triples syntax,
        tabs and line breaks inside literals escaped, so a line is a row and a tab a cell)."""
        result = cls(variables)
        text = tsv.decode("utf-8")
        result._length = max(0, text.count("\n") - 1)
        width = len(variables)
        if width:
            # One split of the whole text; a column is then every width-th cell (a C slice).
            cells = text.replace("\n", "\t").split("\t")
            if len(cells) != width * (result._length + 1) + 1:
                raise ValueError("Oxigraph's TSV result does not have one cell per variable")
            result._tokens = [cells[width + i:-1:width] for i in range(width)]
        else:
            result._tokens = []
        result._tsv = tsv
        return result

    @property
    def rows(self) -> list[Row]:
        if self._tokens is not None and not self._rows and self._length:
            self._rows = self._zipped(self._converted(_term_of_token, _term))
        return self._rows

    @property
    def row_count(self) -> int:
        return self._length if self._tokens is not None else len(self._rows)

    def _zipped(self, columns: list[list[Any]]) -> list[tuple[Any, ...]]:
        """Columns back into rows (a result may select no variable and still have rows)."""
        return list(zip(*columns, strict=True)) if columns else \
            [() for _ in range(self.row_count)]

    def _converted(self, from_token: Callable[[str], Any], from_term: Callable[[Node | None], Any]
                   ) -> list[list[Any]]:
        """Every column converted: each distinct cell once (from its token, when the result
        came from Oxigraph)."""
        if self._tokens is None:
            columns = list(zip(*self._rows, strict=True)) if self._rows else \
                [() for _ in self.variables]
            return [[from_term(cell) for cell in column] for column in columns]
        converted = []
        for column in self._tokens:
            seen = {token: from_token(token) for token in dict.fromkeys(column)}
            converted.append(list(map(seen.__getitem__, column)))
        return converted

    def text_rows(self) -> list[tuple[str, ...]]:
        return self._zipped(self._converted(_text_of_token, render))

    def csv_text(self) -> str:
        """The table as CSV, quoted as the ``csv`` module quotes (only cells that need it),
        written column by column: each distinct cell is rendered and quoted once."""
        columns = self._converted(_csv_of_token, lambda term: _csv_cell(render(term)))
        if len(columns) == 1:  # the csv module writes a lone empty cell as "" (not a blank line)
            columns = [['""' if cell == "" else cell for cell in columns[0]]]
        lines = [",".join(map(_csv_cell, self.variables))]
        lines.extend(map(",".join, zip(*columns, strict=True)) if columns else
                     ("" for _ in range(self.row_count)))
        return "\n".join(lines) + "\n"

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.variables, row, strict=True))
                for row in self._zipped(self._converted(_value_of_token, python_value))]

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame of Python values, built column by column."""
        import pandas as pd

        columns = self._converted(_value_of_token, python_value)
        if not columns:
            return pd.DataFrame(columns=self.variables, dtype=object)
        import numpy as np

        # One block of objects, filled a column at a time: pandas then has nothing to infer
        # or copy (several times faster than a dict of lists on small results).
        block = np.empty((len(columns), self.row_count), dtype=object)
        for index, column in enumerate(columns):
            block[index] = column
        return pd.DataFrame(block.T, columns=self.variables, dtype=object, copy=False)

    def sparql_json_bytes(self) -> bytes | None:
        """The SPARQL JSON document written by Oxigraph from its own result, if there is one."""
        if self._tsv is None:
            return None
        import pyoxigraph as ox

        parsed = ox.parse_query_results(self._tsv, format=ox.QueryResultsFormat.TSV)
        return parsed.serialize(format=ox.QueryResultsFormat.JSON) or b""


_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {"true": Literal("true", datatype=URIRef(_XSD + "boolean")),
         "false": Literal("false", datatype=URIRef(_XSD + "boolean"))}
_ESCAPES = re.compile(r"\\(?:[tbnrf\"'\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
                   "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    code = match.group()[1:]
    return _SIMPLE_ESCAPES[code] if len(code) == 1 else chr(int(code[1:], 16))


def _term(term: Node | None) -> Node | None:
    return term


def _term_of_token(token: str) -> Node | None:
    """One cell of SPARQL TSV as an rdflib term, as ``io.rdf.Terms`` converts Oxigraph's."""
    if not token:
        return None
    first = token[0]
    if first == "<" and not token.startswith("<<"):
        return URIRef(token[1:-1])
    if first == '"':
        end = token.rindex('"')
        lexical = token[1:end]
        if "\\" in lexical:
            lexical = _ESCAPES.sub(_unescape, lexical)
        tail = token[end + 1:]
        if not tail:
            return Literal(lexical)
        if tail[0] == "@":
            return Literal(lexical, lang=tail[1:])
        datatype = tail[3:-1]
        return Literal(lexical) if datatype == XSD_STRING else \
            Literal(lexical, datatype=URIRef(datatype))
    if token.startswith("_:"):
        return BNode(token[2:])
    if token in _BARE:
        return _BARE[token]
    if first in "+-.0123456789":
        kind = "double" if "e" in token or "E" in token else "decimal" if "." in token \
            else "integer"
        return Literal(token, datatype=URIRef(_XSD + kind))
    raise TypeError(f"unexpected term in Oxigraph's result: {token[:80]!r}")


@lru_cache(maxsize=1 << 16)
def _text_of_token(token: str) -> str:
    """A TSV cell as :func:`render` shows its term; IRIs, strings, integers and booleans (most
    cells) without making an rdflib term."""
    plain = _plain(token)
    if plain is not None:
        return plain
    if token in _BARE:
        return token
    if token.isdigit():
        return str(int(token))
    return render(_term_of_token(token))


@lru_cache(maxsize=1 << 16)
def _csv_of_token(token: str) -> str:
    return _csv_cell(_text_of_token(token))


def _csv_cell(text: str) -> str:
    """``text`` as one CSV cell: quoted, with quotes doubled, when it holds a comma, a quote
    or a line break (the ``csv`` module's minimal quoting)."""
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


@lru_cache(maxsize=1 << 16)
def _value_of_token(token: str) -> Any:
    """A TSV cell as :func:`python_value` gives its term, by the same shortcuts."""
    plain = _plain(token)
    if plain is not None:
        return plain
    if token in _BARE:
        return token == "true"
    if token.isdigit():
        return int(token)
    return python_value(_term_of_token(token))


def _plain(token: str) -> str | None:
    """The text of an IRI (compacted), a blank node or a string literal (with or without a
    language), which render and python_value give alike; None for anything else."""
    if not token:
        return None
    first = token[0]
    if first == "<" and not token.startswith("<<"):
        return compact(token[1:-1])
    if first == '"':
        end = token.rindex('"')
        tail = token[end + 1:]
        if tail and tail[0] != "@" and tail != f"^^<{XSD_STRING}>":
            return None
        lexical = token[1:end]
        return _ESCAPES.sub(_unescape, lexical) if "\\" in lexical else lexical
    if token.startswith("_:"):
        return token[2:]
    return None


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
    """A query result as text; ``json`` is the SPARQL 1.1 Query Results JSON format, written by
    Oxigraph's own serialiser when the result came from Oxigraph."""
    if fmt == "csv":
        return result.csv_text()
    if fmt == "json":
        written = result.sparql_json_bytes()
        if written is not None:
            return written.decode("utf-8") + "\n"
        return json.dumps(sparql_json(result), ensure_ascii=False, separators=(",", ":")) + "\n"
    return format_table(result.variables, result.text_rows(), fmt)


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """A DataFrame (a measures table) as text, in the same formats as query results."""
    if fmt == "json":
        return frame.to_json(orient="records", indent=2, force_ascii=False) + "\n"
    rows = frame.astype(str).to_numpy().tolist()
    return format_table([str(c) for c in frame.columns], rows, fmt)


def term_json(term: Node) -> dict[str, Any]:
    """One rdflib term as a SPARQL 1.1 Query Results JSON cell (results from Oxigraph are
    written by Oxigraph's own serialiser instead)."""
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
