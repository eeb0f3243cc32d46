"""The shipped site, written once for the site's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from migration_kg.api import write_site


@pytest.fixture(scope="session")
def site(local: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the shipped graph, in a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    summary = write_site(local, out)
    assert summary.index == out / "index.html"
    return out
