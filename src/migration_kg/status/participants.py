"""Which country or organization a depositary's participant name stands for.

The UN Treaty Collection writes "Bolivia (Plurinational State of)", "Bahamas (The)",
"St. Lucia", "Türkiye". A name is resolved, in this order, by ``status/participants.yaml``
(the curators' table, which wins), then by an exact look-up in ISO 3166-1 through
``pycountry`` (name, official name or common name, case-insensitive). Fuzzy matching is never
used to decide: it maps "Republic of Korea" to the Democratic People's Republic and "Niger" to
Nigeria. It only suggests, in the error for a name that nothing resolves.

A country keeps one graph id for good: a registry country with the same ISO code keeps its
registry id (``mexico``); a state seen before keeps the id it was given; a new one gets a slug
of the depositary's name.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pycountry

from migration_kg.corpus.loader import Located
from migration_kg.errors import InputError
from migration_kg.status.schema import ParticipantName

PARTICIPANTS_HINT = "map it in status/participants.yaml (iso3166, organization or historic: true)"


@dataclass(frozen=True)
class Party:
    """What a participant name stands for in the graph."""

    id: str
    iso2: str | None = None
    iso3: str | None = None
    historic: bool = False

    @property
    def is_country(self) -> bool:
        return self.iso2 is not None


def ascii_slug(text: str) -> str:
    """A lower-case ASCII slug: "Côte d'Ivoire" -> ``cote-d-ivoire``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


class ParticipantResolver:
    """Resolves participant names, remembering every id it hands out."""

    def __init__(self, table: list[Located[ParticipantName]], *,
                 registry_countries: Mapping[str, str], organizations: set[str],
                 known_ids: Mapping[str, str] | None = None) -> None:
        """``registry_countries`` maps ISO alpha-2 to registry ids; ``known_ids`` maps ISO
        alpha-2 to the ids an earlier import gave."""
        self.table = {located.item.name: located for located in table}
        self.registry_countries = dict(registry_countries)
        self.organizations = organizations
        self.known_ids = dict(known_ids or {})
        self.by_id: dict[str, str] = {}

    def resolve(self, name: str, where: Path, line: int) -> Party:
        located = self.table.get(name)
        if located is not None:
            entry = located.item
            if entry.historic:
                return Party(ascii_slug(name), historic=True)
            if entry.organization is not None:
                if entry.organization not in self.organizations:
                    raise InputError(
                        f"participants.yaml maps '{name}' to organization "
                        f"'{entry.organization}', which the registry does not have",
                        located.path, located.line,
                        hint="add it to registry/organizations.yaml or fix the id")
                return Party(entry.organization)
            assert entry.iso3166 is not None
            country = pycountry.countries.get(alpha_2=entry.iso3166)
            if country is None:
                raise InputError(f"'{entry.iso3166}' is not an ISO 3166-1 alpha-2 code",
                                 located.path, located.line, hint="check the code")
            return self._country(name, country.alpha_2, country.alpha_3)
        try:
            country = pycountry.countries.lookup(name)
        except LookupError:
            raise InputError(f"participant '{name}' matches no ISO 3166-1 country", where, line,
                             hint=self._suggestion(name)) from None
        return self._country(name, country.alpha_2, country.alpha_3)

    def _country(self, name: str, iso2: str, iso3: str) -> Party:
        graph_id = (self.registry_countries.get(iso2) or self.known_ids.get(iso2)
                    or ascii_slug(name))
        self.known_ids.setdefault(iso2, graph_id)
        return Party(graph_id, iso2, iso3)

    def _suggestion(self, name: str) -> str:
        names = [*self.table]
        for country in pycountry.countries:
            names += [getattr(country, attr) for attr in ("name", "official_name", "common_name")
                      if hasattr(country, attr)]
        close = difflib.get_close_matches(name, names, n=2, cutoff=0.6)
        if close:
            return f"did you mean {' or '.join(repr(c) for c in close)}? Otherwise " \
                f"{PARTICIPANTS_HINT}"
        return PARTICIPANTS_HINT
