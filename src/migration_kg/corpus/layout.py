"""Where things are in a data folder: the only module that knows the folder layout.

```
<data>/registry/<kind>.yaml          entity kinds and scheme kinds (``corpus.kinds``)
<data>/reports/<report-id>/report.yaml        provenance, workshop, facts, holdings
<data>/reports/<report-id>/statements.yaml
<data>/reports/<report-id>/statistics.yaml
<data>/reports/<report-id>/<source_file>      the report text (``source.txt`` by default)
<data>/status/participants.yaml              depositary names of states and organizations
<data>/status/<dataset-id>/source.yaml       a treaty-status dataset: where it came from
<data>/status/<dataset-id>/actions.csv       its treaty actions (written by import-status)
<data>/status/<dataset-id>/corrections.yaml  the curators' corrections applied on import
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REGISTRY = "registry"
REPORTS = "reports"
STATUS = "status"
DEFAULT_SOURCE = "source.txt"


@dataclass(frozen=True)
class DataLayout:
    """A data folder laid out like the shipped ``graph/``."""

    root: Path

    @property
    def registry(self) -> Path:
        return self.root / REGISTRY

    @property
    def reports(self) -> Path:
        return self.root / REPORTS

    def registry_file(self, filename: str) -> Path:
        return self.registry / filename

    def report(self, report_id: str) -> ReportLayout:
        return ReportLayout(self.reports / report_id)

    @property
    def status(self) -> Path:
        return self.root / STATUS

    @property
    def participants_yaml(self) -> Path:
        return self.status / "participants.yaml"

    def status_dataset(self, dataset_id: str) -> StatusLayout:
        return StatusLayout(self.status / dataset_id)

    def status_datasets(self) -> list[StatusLayout]:
        """Every imported status dataset (a folder with ``source.yaml``), in name order."""
        if not self.status.is_dir():
            return []
        return [StatusLayout(p) for p in sorted(self.status.iterdir())
                if p.is_dir() and StatusLayout(p).source_yaml.exists()]

    def report_folders(self) -> list[ReportLayout]:
        """Every report folder, in name order (report ids are dated, so this is date order)."""
        if not self.reports.is_dir():
            return []
        return [ReportLayout(p) for p in sorted(self.reports.iterdir()) if p.is_dir()]


@dataclass(frozen=True)
class ReportLayout:
    """The files of one report folder."""

    directory: Path

    @property
    def report_yaml(self) -> Path:
        return self.directory / "report.yaml"

    @property
    def statements_yaml(self) -> Path:
        return self.directory / "statements.yaml"

    @property
    def statistics_yaml(self) -> Path:
        return self.directory / "statistics.yaml"

    def source(self, source_file: str = DEFAULT_SOURCE) -> Path:
        return self.directory / source_file


@dataclass(frozen=True)
class StatusLayout:
    """The files of one treaty-status dataset."""

    directory: Path

    @property
    def id(self) -> str:
        return self.directory.name

    @property
    def source_yaml(self) -> Path:
        return self.directory / "source.yaml"

    @property
    def actions_csv(self) -> Path:
        return self.directory / "actions.csv"

    @property
    def corrections_yaml(self) -> Path:
        return self.directory / "corrections.yaml"
