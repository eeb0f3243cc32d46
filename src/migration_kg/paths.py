"""Where the shipped ontology, curated data and queries live, independent of the working directory.

In a source checkout (editable install) they are the top-level folders of the repository;
in an installed wheel they are packaged under ``migration_kg/_data``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_WHEEL_DATA = _PACKAGE_DIR / "_data"
_REPO_ROOT = _PACKAGE_DIR.parent.parent


def _data_root() -> Path:
    if (_WHEEL_DATA / "ontology").is_dir():
        return _WHEEL_DATA
    return _REPO_ROOT


DATA_ROOT = _data_root()
ONTOLOGY_DIR = DATA_ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "migration-kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
GRAPH_DIR = DATA_ROOT / "graph"
QUERIES_DIR = DATA_ROOT / "queries"
VIOLATIONS_DIR = QUERIES_DIR / "violations"
DEFAULT_BUILD_DIR = Path("build")
