"""migration-kg: who said what, about which instrument, on whose behalf, and who agrees with whom.

The public API is what ``__all__`` lists; notebooks and scripts use only that. Imports are
lazy (PEP 562): ``import migration_kg`` loads nothing heavy, and each name loads its module the
first time it is used, so the command line starts fast.

>>> import migration_kg as mkg
>>> graph = mkg.load_graph()                      # build the shipped data, on Oxigraph
>>> mkg.query(graph, "speakers").head()           # a competency query, as a DataFrame
>>> mkg.networks.congruence(graph)                # a discourse network (networkx)
>>> mkg.views.show(graph, "congruence")           # an interactive view, inline in Jupyter
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# Public name -> the module that defines it (a module name alone: the name is that module).
_EXPORTS: dict[str, str] = {
    "build": "migration_kg.api",
    "build_graph": "migration_kg.api",
    "load_graph": "migration_kg.api",
    "query": "migration_kg.api",
    "query_result": "migration_kg.api",
    "query_names": "migration_kg.api",
    "describe_queries": "migration_kg.api",
    "source_text": "migration_kg.api",
    "validate_graph": "migration_kg.api",
    "validate_file": "migration_kg.api",
    "import_status": "migration_kg.api",
    "write_site": "migration_kg.api",
    "sentence_coverage": "migration_kg.api",
    "new_report": "migration_kg.api",
    "draft": "migration_kg.api",
    "review": "migration_kg.api",
    "MigrationKGError": "migration_kg.errors",
    "InputError": "migration_kg.errors",
    "InputErrors": "migration_kg.errors",
    "QueryRefused": "migration_kg.errors",
    "QuerySyntaxError": "migration_kg.errors",
    "OutputError": "migration_kg.errors",
    "RemoteError": "migration_kg.errors",
    "ChecksFailed": "migration_kg.errors",
}
_SUBMODULES = ("networks", "views", "site")

__all__ = ["ChecksFailed", "InputError", "InputErrors", "MigrationKGError", "OutputError",
           "QueryRefused", "QuerySyntaxError", "RemoteError", "__version__", "build",
           "build_graph", "describe_queries", "draft", "import_status", "load_graph", "networks",
           "new_report", "query", "query_names", "query_result", "review", "sentence_coverage",
           "site", "source_text", "validate_file", "validate_graph", "views", "write_site"]

if TYPE_CHECKING:
    from migration_kg import networks, site, views
    from migration_kg.api import (
        build,
        build_graph,
        describe_queries,
        draft,
        import_status,
        load_graph,
        new_report,
        query,
        query_names,
        query_result,
        review,
        sentence_coverage,
        source_text,
        validate_file,
        validate_graph,
        write_site,
    )
    from migration_kg.errors import (
        ChecksFailed,
        InputError,
        InputErrors,
        MigrationKGError,
        OutputError,
        QueryRefused,
        QuerySyntaxError,
        RemoteError,
    )


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"migration_kg.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'migration_kg' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
