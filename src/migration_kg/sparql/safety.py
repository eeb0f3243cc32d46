"""What a query may not do: write, or reach the network (``SERVICE``, ``FROM``, pragmas).

rdflib follows ``SERVICE <url>`` and loads ``FROM <url>`` over HTTP, Oxigraph follows ``SERVICE``
with no way to turn it off, and a remote store may do anything a query asks. So a query runs
only when three checks agree, and every engine (Oxigraph, rdflib, a remote store) is then given
exactly the text that was checked:

1. **The text is plain**: no ``\\u``/``\\U`` escape anywhere (SPARQL engines expand them before
   parsing, and do not agree how: rdflib reads ``\\u`` and eight hex digits as one escape,
   Oxigraph four, so one text was two queries and a ``SERVICE`` hid in what rdflib took for a
   string), no control character but tab and line feed (a carriage return only before a line
   feed: rdflib ends a comment at a line feed, Oxigraph at either), no backslash outside a
   string (an escaped ``#`` in a prefixed name would start a comment for a careless lexer).
2. **Our own lexer** (the SPARQL grammar's strings, IRIs and comments) finds no ``SERVICE``,
   ``FROM``, update or ``DEFINE`` keyword in the code outside strings, IRIs and comments. It is
   deliberately coarse: a prefixed name such as ``ex:a.service`` is refused too.
3. **rdflib's parser** reads it as a query (not an update), and its parse tree holds no
   ``SERVICE`` and no dataset clause.

With escapes and the characters engines read differently refused first, the lexer and the
parser read the same text independently; a query gets through only if both find nothing, so
the guarantee does not rest on one parser agreeing with another. The endpoint's worker
processes have no network at all besides (:mod:`migration_kg.isolation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from migration_kg.errors import QueryRefused, QuerySyntaxError, RefusalReason
from migration_kg.sparql.files import QueryFile

Verdict = tuple[str, str, int | None, str, str]
"""(kind "syntax" or "refused", message, line, hint, refusal reason)."""

_ESCAPE = re.compile(r"\\[uU]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]|\r(?!\n)")
_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:''|')?+(?:[^'\\]|\\[tbnrf\\"']))*+'''
             | \"\"\"(?:(?:\"\"|\")?+(?:[^"\\]|\\[tbnrf\\"']))*+\"\"\"
             | '(?:[^'\\\n\r]|\\[tbnrf\\"'])*+'
             | "(?:[^"\\\n\r]|\\[tbnrf\\"'])*+")
  | (?P<code>[^#<'"\\]++|<)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_KEYWORD = re.compile(r"(?<![\w?$:@])(SERVICE|FROM|DEFINE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE"
                      r"|ADD|MOVE|COPY|WITH|USING)(?![\w:])", re.IGNORECASE)

_SERVICE = ("federated SERVICE is refused: queries never reach the network",
            "remove the SERVICE block and load the data you need into the graph",
            RefusalReason.SERVICE)
_DATASET = ("FROM / FROM NAMED is refused: it would load graphs from the network",
            "remove FROM; queries run over the loaded graph", RefusalReason.DATASET)
_UPDATE = ("SPARQL Update is not allowed: queries only read the graph",
           "use SELECT, ASK, CONSTRUCT or DESCRIBE", RefusalReason.UPDATE)
_REFUSALS = {"SERVICE": _SERVICE, "FROM": _DATASET,
             "DEFINE": ("DEFINE pragmas are refused: some stores fetch documents when told to",
                        "remove the DEFINE lines", RefusalReason.PRAGMA)}


def check_query(query: QueryFile) -> None:
    """Refuse an update, ``SERVICE``, ``FROM``, a pragma, or text that engines read differently;
    a query that does not parse is an error."""
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
def _verdict(text: str) -> Verdict | None:
    """None if ``text`` may run, else why not; cached because parsing costs more than most
    queries."""
    return _plain_text(text) or _lexical(text) or _parsed(text)


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _plain_text(text: str) -> Verdict | None:
    """Refuse what engines read differently: codepoint escapes, control characters."""
    escape = _ESCAPE.search(text)
    if escape is not None:
        return ("refused", f"the escape '{escape.group()}' is refused: SPARQL engines expand "
                "\\u and \\U escapes before parsing and do not agree how",
                _line(text, escape.start()), "write the character itself (queries are UTF-8)",
                RefusalReason.AMBIGUOUS.value)
    control = _CONTROL.search(text)
    if control is not None:
        code = f"U+{ord(control.group()[0]):04X}"
        return ("refused", f"the control character {code} is refused in a query: engines "
                "end lines and comments at different characters", _line(text, control.start()),
                "remove it; use line feeds (\\n) between lines", RefusalReason.AMBIGUOUS.value)
    return None


def _lexical(text: str) -> Verdict | None:
    """Our own reading: the keywords that reach the network or write, outside strings, IRIs
    and comments; anything the lexer cannot place is refused."""
    has_code = False
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "code":
            chunk = match.group()
            has_code = has_code or not chunk.isspace()
            keyword = _KEYWORD.search(chunk)
            if keyword is not None:
                word = keyword.group().upper()
                message, hint, reason = _REFUSALS.get(word, _UPDATE)
                return ("refused", message, _line(text, match.start() + keyword.start()), hint,
                        reason.value)
        elif kind == "other":
            line = _line(text, match.start())
            if match.group() == "\\":
                return ("refused", "a backslash outside a string is refused: engines read "
                        "escaped characters in prefixed names differently", line,
                        "write the full IRI in <...> instead of an escaped prefixed name",
                        RefusalReason.AMBIGUOUS.value)
            return ("syntax", "SPARQL syntax error: a string is not closed, or holds an "
                    "escape other than \\t \\b \\n \\r \\f \\\\ \\\" \\'", line,
                    "close the string on this line, or use \"\"\"...\"\"\" for text on "
                    "several lines", "")
        elif kind in ("iri", "string"):
            has_code = True
    if not has_code:
        return ("syntax", "the query is empty (only spaces and comments)", None,
                "write a SELECT, ASK, CONSTRUCT or DESCRIBE query", "")
    return None


def _parsed(text: str) -> Verdict | None:
    """rdflib's reading: a query (not an update) whose tree has no SERVICE or dataset."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            return ("syntax", f"SPARQL syntax error: {exc.msg} (column {exc.col})", exc.lineno,
                    "fix the query at this line", "")
        message, hint, reason = _UPDATE
        return ("refused", message, None, hint, reason.value)
    except RecursionError:
        return ("syntax", "the query is nested too deeply to parse", None,
                "flatten the query", "")
    except Exception as exc:  # pyparsing raises more than ParseException on odd input
        return ("syntax", f"cannot parse the query: {type(exc).__name__}: {exc}", None,
                "fix the query", "")
    for node in _walk(parsed):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            message, hint, reason = _SERVICE
            return ("refused", message, None, hint, reason.value)
        if isinstance(node, CompValue) and node.name == "DatasetClause":
            message, hint, reason = _DATASET
            return ("refused", message, None, hint, reason.value)
    return None


def _walk(root: Any) -> Iterator[Any]:
    """Every node of rdflib's parse tree, depth first, without recursion (trees can be deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CompValue):
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or (hasattr(node, "asList")
                                                and not isinstance(node, str)):
            stack.extend(node)


_NAME = r"\?[A-Za-z_][A-Za-z0-9_]*"
_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_CONSTANT = (rf'(?:{_IRI}|"(?:[^"\\\n\r]|\\[tbnrf\\"\'])*"'
             rf'(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^{_IRI})?)')
_VALUES_BLOCK = re.compile(rf"\n  VALUES \({_NAME}(?: {_NAME})*\) "
                           rf"\{{ \({_CONSTANT}(?: {_CONSTANT})*\) \}}\n")
"""The block :func:`migration_kg.sparql.bindings.with_values` writes: variables, and constants
that are IRIs or single-line strings, which every SPARQL lexer reads alike."""


def check_bound(query: QueryFile, text: str) -> None:
    """Check ``text``, the text that will run: ``query`` with its parameters bound.

    When ``text`` is ``query``'s checked text with a ``VALUES`` block of constants inserted
    right after one of its ``{`` (outside strings, IRIs and comments, as our lexer reads it),
    the block is checked on its own: it holds only variables, IRIs and one-line strings, which
    cannot start a comment or a string that swallows code, so the two readings of the whole text
    are those of the query plus the block. That saves rdflib's parse (tens of milliseconds, more
    than most queries take on Oxigraph) for every new parameter value. Any other text is
    checked whole, like every query.
    """
    check_query(query)
    if text == query.text:
        return
    block = _inserted_block(query.text, text)
    verdict = _plain_text(block) if block is not None else _verdict(text)
    if verdict is not None:
        kind, message, line, hint, reason = verdict
        if kind == "syntax":
            raise QuerySyntaxError(message, query.where, line, hint)
        raise QueryRefused(message, RefusalReason(reason), query.where, line, hint)


def _inserted_block(base: str, text: str) -> str | None:
    """The ``VALUES`` block that turns ``base`` into ``text``, inserted after a ``{`` of
    ``base``'s code; None if ``text`` is anything else."""
    extra = len(text) - len(base)
    if extra <= 0:
        return None
    for at in _code_braces(base):
        end = at + extra
        if text.startswith(base[:at]) and text.endswith(base[at:]) \
                and _VALUES_BLOCK.fullmatch(text, at, end):
            return text[at:end]
    return None


@lru_cache(maxsize=512)
def _code_braces(text: str) -> tuple[int, ...]:
    """Offsets just after each ``{`` that our lexer reads as code."""
    found: list[int] = []
    for match in _TOKENS.finditer(text):
        if match.lastgroup == "code":
            start = match.start()
            chunk = match.group()
            found.extend(start + i + 1 for i, char in enumerate(chunk) if char == "{")
    return tuple(found)
