"""The registry of network kinds and their options: the one place a network kind is declared.

Importing this module is cheap (no networkx, no pandas): the command line builds its choices,
its ``--help`` and its option checks from :data:`NETWORK_KINDS`, and the README's table of
kinds is checked against it. Adding a kind is one :class:`NetworkKind` here, pointing at its
builder, plus its tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from migration_kg.errors import InputError

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from migration_kg.networks.data import Discourse

Network: TypeAlias = "nx.Graph[str]"
"""A network: networkx graph whose nodes are compact IRIs (the typed graph is a multigraph)."""
TypedNetwork: TypeAlias = "nx.MultiDiGraph[str]"

SEED = 20060627
"""Seed of every random choice (community detection, layout), so results repeat exactly."""

NORMALIZATIONS = ("none", "jaccard", "cosine")
LEVELS = ("actor", "organization", "country")
"""``actor``: each speaker as itself (a person, an organization or group, a State, the floor);
``organization`` folds each person into the organizations they spoke for, else those where they
hold a post; ``country`` folds people and organizations into the States they spoke for, else
the States their organizations represent (see :func:`migration_kg.networks.attributes.actors_of`).
"""
FORMATS = ("graphml", "gexf", "csv", "json")

Normalization = Literal["none", "jaccard", "cosine"]
Level = Literal["actor", "organization", "country"]


def check_choice(value: str, choices: Iterable[str], what: str) -> None:
    """``value`` must be one of ``choices``, else an :class:`InputError` listing them."""
    choices = tuple(choices)
    if value not in choices:
        raise InputError(f"unknown {what} '{value}'", None,
                         hint=f"choose one of: {', '.join(choices)}")


@dataclass(frozen=True)
class NetworkOptions:
    """The options a network may take; each kind says which of them apply to it."""

    normalization: Normalization = "none"
    level: Level = "actor"
    anonymous: bool = False

    def __post_init__(self) -> None:
        check_choice(self.normalization, NORMALIZATIONS, "normalization")
        check_choice(self.level, LEVELS, "level")

    def changed(self) -> list[str]:
        """The options set to something other than their default."""
        return [f.name for f in fields(self) if getattr(self, f.name) != f.default]


OPTION_FLAGS = {"normalization": "--normalization", "level": "--level",
                "anonymous": "--include-floor"}
"""How the command line spells each option, for messages."""


@dataclass(frozen=True)
class NetworkKind:
    """A network kind: its name, what it is in one line, its builder and the options it takes."""

    name: str
    mode: Literal["two-mode", "one-mode", "typed"]
    definition: str
    builder: str
    """``module:function``; the function takes (Discourse, NetworkOptions) -> networkx graph."""
    options: frozenset[str] = frozenset()

    def build(self, data: Discourse, options: NetworkOptions) -> Network:
        module, _, function = self.builder.partition(":")
        return getattr(importlib.import_module(module), function)(data, options)  # type: ignore[no-any-return]


_ONE_MODE = frozenset({"normalization", "level", "anonymous"})

NETWORK_KINDS: tuple[NetworkKind, ...] = (
    NetworkKind("actor-claim", "two-mode",
                "actor x claim; agreement (agrees, disagrees, both) on the edge, weight = "
                "statements", "migration_kg.networks.bipartite:actor_claim_kind",
                frozenset({"level"})),
    NetworkKind("actor-instrument", "two-mode",
                "actor x instrument cited; speech acts on the edge, weight = statements",
                "migration_kg.networks.bipartite:actor_instrument_kind", frozenset({"level"})),
    NetworkKind("actor-topic", "two-mode",
                "actor x topic; speech acts on the edge, weight = statements",
                "migration_kg.networks.bipartite:actor_topic_kind", frozenset({"level"})),
    NetworkKind("congruence", "one-mode",
                "actors holding the same claim on the same side; weight = such claims",
                "migration_kg.networks.affiliation:congruence_kind", _ONE_MODE),
    NetworkKind("conflict", "one-mode",
                "actors on opposite sides of a claim (one agrees, one disagrees); weight = "
                "such claims", "migration_kg.networks.affiliation:conflict_kind", _ONE_MODE),
    NetworkKind("subtract", "one-mode",
                "congruence minus conflict (edges where it is not 0; may be negative)",
                "migration_kg.networks.affiliation:subtract_kind", _ONE_MODE),
    NetworkKind("actor-cocitation", "one-mode",
                "actors citing the same instruments; weight = shared instruments",
                "migration_kg.networks.cocitation:actor_cocitation_kind",
                frozenset({"normalization", "level", "anonymous"})),
    NetworkKind("instrument-cocitation", "one-mode",
                "instruments cited in the same statement; weight = shared statements",
                "migration_kg.networks.cocitation:instrument_cocitation_kind",
                frozenset({"normalization"})),
    NetworkKind("organizations", "one-mode",
                "congruence with speakers folded into the organizations they speak for or "
                "hold a post in",
                "migration_kg.networks.affiliation:organizations_kind",
                _ONE_MODE - {"level"}),
    NetworkKind("full", "typed",
                "people, organizations, instruments, topics, claims, practices, sessions, "
                "events, countries, initiatives and every relation between them, responses "
                "marked stated or inferred",
                "migration_kg.networks.typed:full_kind"),
)
KINDS: dict[str, NetworkKind] = {kind.name: kind for kind in NETWORK_KINDS}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)


def network_kind(name: str) -> NetworkKind:
    check_choice(name, KIND_NAMES, "network kind")
    return KINDS[name]


def check_options(kind: NetworkKind, options: NetworkOptions) -> None:
    """Refuse options that do not apply to ``kind`` instead of silently ignoring them."""
    ignored = [name for name in options.changed() if name not in kind.options]
    if ignored:
        flags = ", ".join(OPTION_FLAGS[name] for name in ignored)
        takes = ", ".join(OPTION_FLAGS[name] for name in sorted(kind.options)) or "no options"
        raise InputError(f"{flags} does not apply to the {kind.name} network", None,
                         hint=f"{kind.name} takes {takes}")


def build_network(rdf: Graph | Discourse, kind: str,
                  options: NetworkOptions | None = None, **option_values: Any) -> Network:
    """The network called ``kind`` (see :data:`NETWORK_KINDS`) of an RDF graph.

    Options come as a :class:`NetworkOptions` or as keywords (``normalization="jaccard"``); one
    that does not apply to ``kind`` is an error. Edges and nodes get the ``date`` their
    statements were made (see :func:`migration_kg.networks.attributes.add_dates`).
    """
    from migration_kg.networks.attributes import add_dates
    from migration_kg.networks.data import discourse

    chosen = network_kind(kind)
    if options is None:
        options = NetworkOptions(**option_values)
    elif option_values:
        raise TypeError("give options either as NetworkOptions or as keywords, not both")
    check_options(chosen, options)
    data = discourse(rdf)
    return add_dates(chosen.build(data, options), data)


def definitions_text() -> str:
    """The kinds and their one-line definitions, for ``--help``."""
    width = max(len(k.name) for k in NETWORK_KINDS) + 2
    return "\n".join(f"  {k.name:<{width}}{k.definition}" for k in NETWORK_KINDS)


def kinds_table() -> str:
    """The kinds as the markdown table in the README (a test keeps the two the same)."""
    rows = ["| kind | mode | what it is | options |", "| --- | --- | --- | --- |"]
    for k in NETWORK_KINDS:
        options = ", ".join(f"`{OPTION_FLAGS[o]}`" for o in sorted(k.options)) or "none"
        rows.append(f"| `{k.name}` | {k.mode} | {k.definition} | {options} |")
    return "\n".join(rows)
