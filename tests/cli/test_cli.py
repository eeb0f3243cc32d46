"""The command line: help with examples, exit codes, data on stdout, messages on stderr, wheels."""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from migration_kg.cli import main, make_parser
from tests.helpers import MINI, ROOT


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


COMMANDS = sorted(subcommands())


def test_core_commands_exist() -> None:
    assert {"build", "validate", "query", "stats"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"migration-kg {command}" in out
    assert re.search(r"examples?:\s+migration-kg ", out), "help shows an example command"


def test_build_writes_files_and_talks_on_stderr(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--data", str(MINI), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"wrote {tmp_path / 'graph.ttl'}" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.jsonld", "graph.nt", "graph.ttl"]


def test_query_prints_data_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "speakers", "--data", str(MINI), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert {(r["name"], r["post"]) for r in rows} == {("Ada Lovelace", "Rapporteur"),
                                                     ("Alan Turing", "Director")}
    assert captured.err == ""


def test_query_binds_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "positions-on-topic", "--data", str(MINI), "--format", "csv",
            "--bind", "topic=topic:international-legal-framework"]
    assert main(argv) == 0
    statements = {r["statement"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert statements == {
        "statement:2010-07-01-test-workshop/lovelace-protocol-unused",
        "statement:2010-07-01-test-workshop/turing-protocol-applied",
        "statement:2010-07-01-test-workshop/floor-q1",
        "statement:2010-07-01-test-workshop/turing-answer",
    }


def test_stats_counts_classes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--data", str(MINI)]) == 0
    lines = capsys.readouterr().out.splitlines()
    counts = {line.split()[0]: int(line.split()[1]) for line in lines
              if line and line.split()[-1].isdigit() and ":" in line.split()[0]}
    assert counts["mkg:Statement"] == 6
    assert counts["mkg:Position"] == 5
    assert counts["mkg:Person"] == 2
    assert counts["foaf:Person"] == 2  # the superclasses are materialised
    assert counts["mkg:Statistic"] == 1


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["query", "--format", "xml"])
    assert exit_info.value.code == 2
    assert main(["query"]) == 2
    assert "give one of: a query name" in capsys.readouterr().err


@pytest.mark.slow
def test_wheel_works_from_any_directory(tmp_path: Path) -> None:
    """Installed from a wheel (not editable), the CLI finds its ontology, data and queries."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("migration_kg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for packaged in ("migration_kg/_data/ontology/migration-kg.ttl",
                     "migration_kg/_data/ontology/shapes.ttl",
                     "migration_kg/_data/queries/01-speakers.rq",
                     "migration_kg/_data/graph/registry/people.yaml",
                     "migration_kg/_data/graph/reports/2006-06-27-migration-and-human-rights/source.txt"):
        assert packaged in names
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import migration_kg, migration_kg.paths as p; "
                               "print(migration_kg.__file__); print(p.DATA_ROOT)"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True)
    module_file, data_root = probe.stdout.split()
    assert module_file.startswith(str(site))
    assert data_root == str(site / "migration_kg" / "_data")
    result = subprocess.run(
        [sys.executable, "-m", "migration_kg.cli", "query", "agreements", "--format", "csv"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True)
    assert "person:naresh-singh,mkg:concursWith,person:jorge-bustamante" in result.stdout
