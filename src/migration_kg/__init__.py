"""migration-kg: who said what, about which instrument, on whose behalf, and who agrees with whom.

Notebooks and scripts use :mod:`migration_kg.api`; its main functions are re-exported here.
"""

from migration_kg.api import build_graph, describe_queries, load_graph, query, query_names

__all__ = ["build_graph", "describe_queries", "load_graph", "query", "query_names"]
__version__ = "0.1.0"
