"""Interactive network views: one standalone, offline HTML page per network.

* :mod:`.placement` places the nodes (seeded igraph layout) and cuts ego views;
* :mod:`.text` writes the plain-text tooltips and details with their evidence quotes;
* :mod:`.page` fills a pyvis network and writes the page, with ``static/`` script and style.
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
from migration_kg.views.text import edge_text, node_text

__all__ = ["NODE_STYLE", "TONE_STYLE", "NotebookView", "Page", "edge_text", "ego", "layout",
           "node_text", "notebook_view", "pyvis_network", "render", "resolve_node", "save",
           "show", "tone_legend", "view", "write_view"]
