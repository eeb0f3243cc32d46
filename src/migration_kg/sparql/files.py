"""The shipped SPARQL queries and their headers.

SPARQL lives only in ``.rq`` files. Each starts with a header of ``# key: value`` lines:
``title``, ``question`` and, for parameters, ``param: NAME DEFAULT  description``. A query is
named by its file name without the ``NN-`` prefix (``speakers``) or by its stem
(``01-speakers``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.io.text import read_text

HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*)$")
MAX_QUERY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Param:
    """A query parameter: a variable, its default value and what it means."""

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
    fields: tuple[tuple[str, str], ...] = ()
    """Every ``# key: value`` line of the header, in order (sections read theirs from here)."""

    def field(self, key: str, default: str = "") -> str:
        """The value of header line ``key``, or ``default``."""
        return next((value for k, value in self.fields if k == key), default)

    @property
    def expected_path(self) -> Path | None:
        if self.path is None:
            return None
        return self.path.with_suffix(".expected.csv")

    @property
    def where(self) -> str:
        """How messages name this query: its path, or "inline query"."""
        return str(self.path) if self.path is not None else "inline query"


def query_name(path: Path) -> str:
    return re.sub(r"^\d+-", "", path.stem)


def parse_header(text: str, name: str, path: Path | None) -> QueryFile:
    """The query with what its leading ``# key: value`` comment lines say."""
    title = question = ""
    params: list[Param] = []
    fields: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        fields.append((key, value))
        if key == "title":
            title = value
        elif key == "question":
            question = value
        elif key == "param":
            parts = value.split(None, 2)
            if not parts:
                raise InputError("a '# param:' line names no parameter",
                                 str(path) if path is not None else "inline query", number,
                                 hint="write '# param: NAME DEFAULT description', or remove "
                                      "the line")
            params.append(Param(parts[0], parts[1] if len(parts) > 1 else None,
                                parts[2] if len(parts) > 2 else ""))
    return QueryFile(name=name, path=path, text=text, title=title, question=question,
                     params=tuple(params), fields=tuple(fields))


def read_query_file(path: Path) -> QueryFile:
    """A ``.rq`` file with its header."""
    text = read_text(path, limit=MAX_QUERY_BYTES,
                     missing_hint="give a shipped query name (see `migration-kg query --list`) "
                                  "or an existing .rq file")
    return parse_header(text, query_name(Path(path)), Path(path))


@lru_cache(maxsize=8)
def _queries_in(directory: Path) -> tuple[QueryFile, ...]:
    return tuple(read_query_file(p) for p in sorted(directory.glob("*.rq")))


def shipped_queries(directory: Path | None = None) -> list[QueryFile]:
    """The competency queries, in file-name order (read once per process)."""
    return list(_queries_in(directory or paths.QUERIES_DIR))


def violation_queries(directory: Path | None = None) -> list[QueryFile]:
    """The must-return-nothing checks."""
    return list(_queries_in(directory or paths.VIOLATIONS_DIR))


def network_query(name: str) -> QueryFile:
    """One of the projections in ``queries/networks/`` that the networks are computed from."""
    found = {q.name: q for q in _queries_in(paths.QUERIES_DIR / "networks")}
    return found[name]


def find_query(name_or_path: str) -> QueryFile:
    """A shipped query by name (``speakers``) or stem (``01-speakers``), or a ``.rq`` path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        return read_query_file(Path(name_or_path))
    queries = shipped_queries()
    for query in queries:
        if name_or_path in (query.name, query.path.stem if query.path else None):
            return query
    names = sorted(q.name for q in queries)
    close = difflib.get_close_matches(name_or_path, names, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
        "choose one of: " + ", ".join(names)
    raise InputError(f"no shipped query named '{name_or_path}'", None, hint=hint)


def inline_query(text: str) -> QueryFile:
    """SPARQL text given on the command line or in Python (its header, if any, is read too)."""
    return parse_header(text, "inline", None)


def looks_like_sparql(text: str) -> bool:
    """Whether ``text`` is SPARQL rather than a query name or a path."""
    upper = text.upper()
    return "{" in text and any(k in upper for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))
