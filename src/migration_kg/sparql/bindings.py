"""Query parameters: one contract for ``--bind`` on every store, local or remote.

A parameter is declared in the query's header (``# param: NAME DEFAULT  description``). Binding
a name the query does not declare is an error, as is an IRI that names no node in the graph
(both with a "did you mean"), so a typo never gives a silently empty table. Values go into the
query as a ``VALUES`` block at the start of its ``WHERE`` clause: the engine sees constants, on
Oxigraph and on a remote store alike. rdflib's own engine gets the same values as its initial
bindings instead, because it mishandles an ``OPTIONAL`` after a ``VALUES`` block
(RDFLib/rdflib#2332).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from migration_kg.errors import InputError
from migration_kg.namespaces import PREFIXES, compact, expand
from migration_kg.sparql.files import QueryFile

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

NodeExists = Callable[[URIRef], bool]
"""Whether the graph has this IRI as a subject or object."""
Candidates = Callable[[URIRef], Iterable[str]]
"""IRIs of the graph that a mistyped IRI may have meant (those sharing its namespace)."""


def parse_binding(text: str) -> tuple[str, str]:
    """``var=value`` from the command line, as (name, value text)."""
    if "=" not in text:
        raise InputError(f"--bind '{text}' is not var=value", None,
                         hint="e.g. --bind topic=topic:ratification")
    name, value = text.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise InputError(f"--bind '{text}': '{name}' is not a variable name", None,
                         hint="e.g. --bind topic=topic:ratification")
    return name, value.strip()


def term_from_text(value: str) -> Identifier:
    """``prefix:local`` and ``<iri>`` are IRIs; an absolute http(s) IRI too; ``YYYY-MM-DD`` is
    an ``xsd:date`` (checked: 2006-13-45 is an error); anything else a plain literal."""
    if DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"'{value}' is not a calendar date", None,
                             hint="write a date as YYYY-MM-DD, e.g. 2006-06-27") from None
        return Literal(value, datatype=XSD.date)
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1])
    prefix, sep, local = value.partition(":")
    if sep and local and prefix in PREFIXES and " " not in value:
        return _iri(expand(value))
    if re.fullmatch(r"https?://\S+", value):
        return _iri(value)
    return Literal(value)


def _iri(text: str) -> URIRef:
    if not ABSOLUTE_IRI.match(text) or IRI_FORBIDDEN.search(text):
        raise InputError(f"'{text}' is not an absolute IRI", None,
                         hint="write an IRI as prefix:local (topic:children) or <https://...>")
    return URIRef(text)


def resolve_bindings(query: QueryFile, given: Mapping[str, str | Identifier], *,
                     exists: NodeExists | None = None,
                     candidates: Candidates | None = None) -> dict[str, Identifier]:
    """Every declared parameter of ``query`` with its value: given, or its default.

    ``given`` values may be text (``topic:children``) or terms. An unknown name is an error
    naming the parameters; with ``exists``, an IRI that names nothing in the graph is an error
    suggesting the closest IRIs from ``candidates``.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        name = unknown[0]
        if declared:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.5)
            hint = (f"did you mean '{close[0]}'? " if close else "") + \
                "parameters: " + ", ".join(declared)
        else:
            hint = "this query takes no parameters"
        raise InputError(f"query '{query.name}' has no parameter '{name}'", query.where,
                         hint=hint)
    values: dict[str, Identifier] = {}
    for name, param in declared.items():
        raw = given.get(name, param.default)
        if raw is None:
            raise InputError(f"query '{query.name}' needs a value for '{name}'", query.where,
                             hint=f"add --bind {name}=... ({param.description})")
        term = term_from_text(raw) if isinstance(raw, str) else raw
        if exists is not None and isinstance(term, URIRef) and name in given \
                and not exists(term):
            raise InputError(
                f"--bind {name}={compact(str(term))}: nothing in the graph has this IRI",
                query.where, hint=_suggest(term, candidates, param.description))
        values[name] = term
    return values


def _suggest(term: URIRef, candidates: Candidates | None, description: str) -> str:
    text = str(term)
    cut = max(text.rfind("/"), text.rfind("#")) + 1
    options = sorted({compact(c) for c in candidates(URIRef(text[:cut]))}) if candidates else []
    close = difflib.get_close_matches(compact(text), options, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    if options and len(options) <= 12:
        return "choose one of: " + ", ".join(options)
    return f"check the value ({description})" if description else "check the value"


def with_values(query: QueryFile, values: Mapping[str, Identifier]) -> str:
    """The query text with ``values`` fixed by a ``VALUES`` block opening its ``WHERE`` clause.

    Inside the ``WHERE`` clause (not trailing) the constants are seen by every pattern and
    filter, and before any grouping; a trailing ``VALUES`` joins only after aggregation.
    """
    if not values:
        return query.text
    names = sorted(values)
    block = (f"VALUES ({' '.join('?' + n for n in names)}) "
             f"{{ ({' '.join(values[n].n3() for n in names)}) }}")
    at = where_brace(query.text)
    if at is None:
        raise InputError(f"query '{query.name}' has parameters but no WHERE {{ ... }} clause",
                         query.where, hint="write the pattern as WHERE { ... }")
    return f"{query.text[:at + 1]}\n  {block}\n{query.text[at + 1:]}"


def bound_text(query: QueryFile, given: Mapping[str, str | Identifier] | None = None) -> str:
    """The text to send for ``query`` with ``given`` values and defaults (no graph check)."""
    return with_values(query, resolve_bindings(query, given or {}))


_TOKEN = re.compile(
    r'#[^\n]*'                                   # comment
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'            # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'                      # strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'                       # IRIs
    r'|(?P<where>\bWHERE\b)'
    r'|(?P<brace>\{)',
    re.IGNORECASE)


def where_brace(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's ``WHERE`` clause, skipping comments,
    strings and IRIs; None if the query has no ``WHERE`` keyword."""
    seen_where = False
    for match in _TOKEN.finditer(text):
        if match.group("where"):
            seen_where = True
        elif match.group("brace") and seen_where:
            return match.start()
    return None
