"""A writable data folder with the registry of the fictional summary record and no reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import DELEGATIONS

RECORD = DELEGATIONS / "reports" / "2024-03-12-hrc-migrants-dialogue" / "source.txt"


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """The delegations registry, with an empty reports/ folder."""
    data = tmp_path / "data"
    shutil.copytree(DELEGATIONS / "registry", data / "registry")
    (data / "reports").mkdir()
    return data
