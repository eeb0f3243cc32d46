"""What a query may not do: write, or reach the network (``SERVICE``, ``FROM``).

rdflib follows ``SERVICE <url>`` and loads ``FROM <url>`` over HTTP, and Oxigraph follows
``SERVICE`` with no way to turn it off, so both are refused on the parsed query before any
engine sees it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from migration_kg.errors import QueryRefused, QuerySyntaxError, RefusalReason
from migration_kg.sparql.files import QueryFile


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or (hasattr(node, "asList") and not isinstance(node, str)):
        for value in node:
            yield from _walk(value)


def check_query(query: QueryFile) -> None:
    """Refuse an update, ``SERVICE`` or ``FROM``; a query that does not parse is an error."""
    verdict = _verdict(query.text)
    if verdict is not None:
        kind, message, line, hint, reason = verdict
        if kind == "syntax":
            raise QuerySyntaxError(message, query.where, line, hint)
        raise QueryRefused(message, RefusalReason(reason), query.where, line, hint)


def query_form(text: str) -> str:
    """``SelectQuery``, ``AskQuery``, ``ConstructQuery`` or ``DescribeQuery`` (text must parse)."""
    return str(parseQuery(text)[1].name)


@lru_cache(maxsize=512)
def _verdict(text: str) -> tuple[str, str, int | None, str, str] | None:
    """None if ``text`` may run, else (kind, message, line, hint, reason); cached because
    parsing costs more than most queries."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            return ("syntax", f"SPARQL syntax error: {exc.msg} (column {exc.col})", exc.lineno,
                    "fix the query at this line", "")
        return ("refused", "SPARQL Update is not allowed: queries only read the graph", None,
                "use SELECT, ASK, CONSTRUCT or DESCRIBE", RefusalReason.UPDATE.value)
    except RecursionError:
        return ("syntax", "the query is nested too deeply to parse", None,
                "flatten the query", "")
    except Exception as exc:  # pyparsing raises more than ParseException on odd input
        return ("syntax", f"cannot parse the query: {type(exc).__name__}: {exc}", None,
                "fix the query", "")
    for node in _walk(parsed):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            return ("refused", "federated SERVICE is refused: queries never reach the network",
                    None, "remove the SERVICE block and load the data you need into the graph",
                    RefusalReason.SERVICE.value)
        if isinstance(node, CompValue) and node.name == "DatasetClause":
            return ("refused", "FROM / FROM NAMED is refused: it would load graphs from the "
                    "network", None, "remove FROM; queries run over the loaded graph",
                    RefusalReason.DATASET.value)
    return None
