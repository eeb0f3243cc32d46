"""Interactive network views: one standalone, offline HTML page per network.

* :mod:`.placement` cuts ego views (positions: :mod:`migration_kg.networks.layout`);
* :mod:`.text` writes the tooltips, and each edge's meaning in words, with evidence quotes;
* :mod:`.page` fills a pyvis network and writes the page, with ``static/`` script and style
  (shapes, colours and legend words come from :mod:`migration_kg.networks.style`).
"""

from __future__ import annotations

from migration_kg.views.page import (
    NODE_STYLE,
    TONE_STYLE,
    NotebookView,
    Page,
    notebook_view,
    pyvis_network,
    render,
    save,
    show,
    tone_legend,
    view,
    write_view,
)
from migration_kg.views.placement import ego, layout, resolve_node
from migration_kg.views.text import edge_text, edge_words, node_text

__all__ = ["NODE_STYLE", "TONE_STYLE", "NotebookView", "Page", "edge_text", "edge_words", "ego",
           "layout", "node_text", "notebook_view", "pyvis_network", "render", "resolve_node",
           "save", "show", "tone_legend", "view", "write_view"]
