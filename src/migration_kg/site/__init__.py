"""The static site: a page per entity, the report reader, the index, the dataset's description.

* :mod:`.entities` says which resources get a page and of which kind;
* :mod:`.coverage` cuts a report into sentences and finds those no evidence covers;
* :mod:`.document` is the frame of every page (CSP, header, links, escaping), ``static/`` its
  style and script;
* :mod:`.pages` renders entity pages from the sections in ``queries/site/`` (see
  :mod:`migration_kg.sparql.sections`), and the index;
* :mod:`.reader` renders a report with its evidence highlighted, in layers;
* :mod:`.ego` draws an entity's neighbourhood as inline SVG;
* :mod:`.rdf` writes each page's Turtle and JSON-LD, and the VoID/DCAT description;
* :mod:`.build` puts it all together and writes every file at once.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "write_site": "build", "site_files": "build", "SiteSummary": "build",
    "report_coverage": "build", "report_sources": "build", "SITE_VIEWS": "build",
    "Coverage": "coverage", "coverage": "coverage", "sentences": "coverage",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'migration_kg.site' has no attribute '{name}'")
    return getattr(importlib.import_module(f"migration_kg.site.{module}"), name)
