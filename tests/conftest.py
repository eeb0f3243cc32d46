"""Fixtures shared by every test module, the test markers, and a guard against network use.

Markers are given from the fixtures a test uses: ``browser`` (a real Chromium), ``server`` (a
real server process: our endpoint, Oxigraph's), ``slow`` (notebooks, benchmarks, wheels).
``make quick`` leaves those three out; ``make test`` runs everything.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from rdflib import Graph

from migration_kg import paths
from migration_kg.builder import build_graph
from tests.helpers import MINI

BROWSER_FIXTURES = {"browser"}
SERVER_FIXTURES = {"server", "oxigraph", "pushed", "stub", "hostile", "site_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)


@pytest.fixture(scope="session")
def shipped_graph() -> Graph:
    """The graph of the shipped data with the ontology, in rdflib's memory store."""
    return build_graph(paths.GRAPH_DIR)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped graph built once into a temporary folder; the N-Triples file."""
    from migration_kg.builder import build

    out = tmp_path_factory.mktemp("build")
    build(None, out)
    return out / "graph.nt"


@pytest.fixture(scope="session")
def local(built: Path) -> Graph:
    """The built graph loaded on the default (Oxigraph) store."""
    from migration_kg.api import load_graph

    return load_graph(built)


@pytest.fixture(scope="session")
def site(local: Graph, shipped_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the shipped graph (``migration-kg site``), written once."""
    from migration_kg.api import write_site

    out = tmp_path_factory.mktemp("site")
    summary = write_site(local, out, source=shipped_graph)
    assert summary.index == out / "index.html"
    return out


@pytest.fixture(scope="session")
def mini_graph() -> Graph:
    """The mini corpus (tests/data/valid/mini) built, on Oxigraph."""
    from migration_kg.api import load_graph

    return load_graph(data=MINI)


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid corpus."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Headless Chromium for the module's browser tests."""
    from tests.helpers import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    """Fail any attempt to open a network connection; records the attempts."""
    attempts: list[tuple[object, object]] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append((self.family, address))
        raise OSError("network access attempted in a test that must stay offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: refuse(socket.socket(), address))
    return attempts
