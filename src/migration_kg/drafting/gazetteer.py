"""Names the drafter recognises: the registry's entities under every form it records (name,
variants, official names, short names, acronyms), the States of ISO 3166-1 (``pycountry``), and
entries the drafter proposes as it reads (a person introduced with an honorific).

Matching is on word sequences, case-sensitive, longest first: "Convention on the Rights of the
Child" wins over "Convention"; nothing fuzzy, so "Niger" never becomes "Nigeria".
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pycountry

WORD = re.compile(r"[\w’'-]+")
KINDS = ("people", "organizations", "countries", "instruments")


def slug(name: str) -> str:
    """An id from a name: "Mariana Olivera West" -> ``mariana-olivera-west``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:120] or "unnamed"


@dataclass
class Entry:
    """An entity the drafter can name: from the registry, or proposed (``proposed``)."""

    kind: str
    id: str
    name: str
    proposed: bool = False
    honorific: str | None = None
    category: str | None = None
    """An organization's or instrument's kind, an ISO code for a proposed State."""
    forms: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entry: Entry
    surface: str


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


class Gazetteer:
    """Surface forms -> entries, matched on word sequences."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], Entry] = {}
        self._by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
        self.surnames: dict[str, list[Entry]] = defaultdict(list)

    @classmethod
    def from_registry(cls, corpus: Any, *, states: bool = True) -> Gazetteer:
        gazetteer = cls()
        for kind in KINDS:
            for located in corpus.entities.get(kind, {}).values():
                item = located.item
                forms = [item.name, *item.variants, *(o.name for o in item.official_names)]
                for extra in ("short_name", "acronym"):
                    if getattr(item, extra, None):
                        forms.append(getattr(item, extra))
                category = getattr(item, "kind", None)
                entry = Entry(kind, item.id, item.name,
                              honorific=getattr(item, "honorific", None),
                              category=str(category) if category is not None else None)
                gazetteer.add(entry, forms)
        if states:
            gazetteer.add_states()
        return gazetteer

    def add_states(self) -> None:
        """The States of ISO 3166-1 not in the registry, as proposals (id from the name)."""
        known = {e.name for e in self.entries.values() if e.kind == "countries"}
        for country in pycountry.countries:
            name = getattr(country, "common_name", None) or country.name
            if name in known or country.name in known:
                continue
            forms = {country.name, name, getattr(country, "official_name", country.name)}
            self.add(Entry("countries", slug(name), name, proposed=True,
                           category=country.alpha_2), forms, override=False)

    def add(self, entry: Entry, forms: Iterable[str], *, override: bool = True) -> Entry:
        key = (entry.kind, entry.id)
        entry = self.entries.setdefault(key, entry)
        for form in forms:
            words = tuple(t for t, _, _ in tokens(form))
            if not words or form in entry.forms:
                continue
            bucket = self._by_first[words[0]]
            if not override and any(w == words for w, _ in bucket):
                continue
            entry.forms.add(form)
            bucket.append((words, entry))
            bucket.sort(key=lambda item: -len(item[0]))
        if entry.kind == "people":
            self.surnames[slug(entry.name).rsplit("-", 1)[-1]].append(entry)
        return entry

    def find(self, text: str, kinds: Iterable[str] = KINDS) -> list[Mention]:
        """Every mention in ``text``, longest first, never overlapping."""
        wanted = set(kinds)
        words = tokens(text)
        found: list[Mention] = []
        i = 0
        while i < len(words):
            match = None
            for form, entry in self._by_first.get(words[i][0], ()):
                n = len(form)
                if tuple(w for w, _, _ in words[i:i + n]) == form:
                    match = (n, entry)
                    break
            if match is None:
                i += 1
                continue
            n, entry = match
            if entry.kind in wanted:
                start, end = words[i][1], words[i + n - 1][2]
                found.append(Mention(start, end, entry, text[start:end]))
            i += n
        return found

    def person_by_name(self, name: str) -> Entry | None:
        """A person from a name as written after an honorific: full form, else the surname when
        it names exactly one person."""
        for form, entry in self._by_first.get(name.split()[0], ()):
            if entry.kind == "people" and " ".join(form) == " ".join(
                    t for t, _, _ in tokens(name)):
                return entry
        candidates = self.surnames.get(slug(name).rsplit("-", 1)[-1], [])
        if len(candidates) == 1:
            return candidates[0]
        # "Ms. Olivera" for Mariana Olivera West: every word of the name is in one person's name
        parts = set(slug(name).split("-"))
        inside = [e for (kind, _), e in self.entries.items()
                  if kind == "people" and parts <= set(slug(e.name).split("-"))]
        return inside[0] if len(inside) == 1 else None
