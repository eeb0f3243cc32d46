"""Discourse networks over the RDF graph, in the manner of Leifeld's discourse network analysis.

Every network is computed from the RDF graph (see :mod:`.data`) and every edge carries the
ids of the statements behind it (``statements``), so it can be traced back to its evidence.

* :mod:`.registry` declares the kinds, their options and definitions (:data:`NETWORK_KINDS`);
* :mod:`.bipartite`, :mod:`.affiliation`, :mod:`.cocitation`, :mod:`.typed` build them;
* :mod:`.measures` computes centrality, communities, most-cited instruments and bridges;
* :mod:`.formats` writes GraphML, GEXF, CSV tables and node-link JSON.

Names are loaded lazily, so ``import migration_kg.networks`` does not import networkx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "NETWORK_KINDS": "registry", "NetworkKind": "registry", "NetworkOptions": "registry",
    "KIND_NAMES": "registry", "NORMALIZATIONS": "registry",
    "LEVELS": "registry", "FORMATS": "registry", "SEED": "registry",
    "build_network": "registry", "network_kind": "registry",
    "Discourse": "data", "discourse": "data", "Quote": "data",
    "ACTOR_KINDS": "data", "Position": "data",
    "two_mode": "bipartite", "actor_claim": "bipartite", "actor_instrument": "bipartite",
    "actor_topic": "bipartite",
    "profiles": "affiliation", "normalize": "affiliation", "one_mode": "affiliation",
    "congruence": "affiliation", "conflict": "affiliation", "subtract": "affiliation",
    "organizations": "affiliation",
    "actor_cocitation": "cocitation", "instrument_cocitation": "cocitation",
    "full": "typed",
    "centrality": "measures", "communities": "measures", "add_measures": "measures",
    "most_cited_instruments": "measures", "bridges": "measures",
    "export": "formats", "export_text": "formats", "check_export": "formats",
    "tables": "formats", "csv_tables": "formats", "csv_paths": "formats",
    "graphml_text": "formats", "gexf_text": "formats", "node_link_json": "formats",
    "plain": "formats",
}
__all__ = [
    "ACTOR_KINDS",
    "FORMATS",
    "KIND_NAMES",
    "LEVELS",
    "NETWORK_KINDS",
    "NORMALIZATIONS",
    "SEED",
    "Discourse",
    "NetworkKind",
    "NetworkOptions",
    "Position",
    "Quote",
    "actor_claim",
    "actor_cocitation",
    "actor_instrument",
    "actor_topic",
    "add_measures",
    "bridges",
    "build_network",
    "centrality",
    "check_export",
    "communities",
    "conflict",
    "congruence",
    "csv_paths",
    "csv_tables",
    "discourse",
    "export",
    "export_text",
    "full",
    "gexf_text",
    "graphml_text",
    "instrument_cocitation",
    "most_cited_instruments",
    "network_kind",
    "node_link_json",
    "normalize",
    "one_mode",
    "organizations",
    "plain",
    "profiles",
    "subtract",
    "tables",
    "two_mode",
]

if TYPE_CHECKING:
    from migration_kg.networks.affiliation import (
        conflict,
        congruence,
        normalize,
        one_mode,
        organizations,
        profiles,
        subtract,
    )
    from migration_kg.networks.bipartite import (
        actor_claim,
        actor_instrument,
        actor_topic,
        two_mode,
    )
    from migration_kg.networks.cocitation import actor_cocitation, instrument_cocitation
    from migration_kg.networks.data import ACTOR_KINDS, Discourse, Position, Quote, discourse
    from migration_kg.networks.formats import (
        check_export,
        csv_paths,
        csv_tables,
        export,
        export_text,
        gexf_text,
        graphml_text,
        node_link_json,
        plain,
        tables,
    )
    from migration_kg.networks.measures import (
        add_measures,
        bridges,
        centrality,
        communities,
        most_cited_instruments,
    )
    from migration_kg.networks.registry import (
        FORMATS,
        KIND_NAMES,
        LEVELS,
        NETWORK_KINDS,
        NORMALIZATIONS,
        SEED,
        NetworkKind,
        NetworkOptions,
        build_network,
        network_kind,
    )
    from migration_kg.networks.typed import full


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'migration_kg.networks' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"migration_kg.networks.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
