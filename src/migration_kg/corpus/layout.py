"""Where things are in a data folder: the only module that knows the folder layout.

```
<data>/registry/<kind>.yaml          entity kinds and scheme kinds (``corpus.kinds``)
<data>/reports/<report-id>/report.yaml        provenance, workshop, facts, holdings
<data>/reports/<report-id>/statements.yaml
<data>/reports/<report-id>/statistics.yaml
<data>/reports/<report-id>/<source_file>      the report text (``source.txt`` by default)
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REGISTRY = "registry"
REPORTS = "reports"
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
