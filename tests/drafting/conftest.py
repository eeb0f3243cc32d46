"""Data folders for the drafting tests: the registry of the fictional summary record with no
reports, and the record scaffolded and drafted in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import DELEGATIONS, cli

RECORD = DELEGATIONS / "reports" / "2024-03-12-hrc-migrants-dialogue" / "source.txt"
REPORT = "2024-03-12-hrc-12"
"""The id the tests scaffold the record under."""


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """The delegations registry, with an empty reports/ folder."""
    data = tmp_path / "data"
    shutil.copytree(DELEGATIONS / "registry", data / "registry")
    (data / "reports").mkdir()
    return data


@pytest.fixture
def drafted(empty_data: Path) -> Path:
    """A scaffolded and drafted copy of the fictional summary record; the data folder."""
    assert cli("new-report", REPORT, "--source", RECORD, "--title", "Human Rights Council, "
               "12th meeting", "--date", "2024-03-12", "--data", empty_data).code == 0
    run = cli("draft", REPORT, "--data", empty_data)
    assert run.code == 0, run.err
    assert run.out.strip() == str(empty_data / "reports" / REPORT / "drafts.yaml")
    return empty_data
