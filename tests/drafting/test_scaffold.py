"""``migration-kg new-report``: the text byte for byte, a report that builds at once, and bad
input refused with exit 2 and nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib.namespace import RDF
from ruamel.yaml import YAML

from migration_kg.api import build_graph
from migration_kg.namespaces import MKG
from tests.drafting.conftest import RECORD
from tests.helpers import cli

REPORT = "2024-03-12-hrc-12"
PDF_TEXT = (b"HUMAN RIGHTS COUNCIL\n\nSummary record\n\nThe representative of Algeria said that"
            b" the Conven-\ntion1 had been ratified by few States.\n\n\f\n3\n\nHUMAN RIGHTS "
            b"COUNCIL\n\nAlgeria urged all States to ratify it.\n")


def new_report(data: Path, source: Path, *extra: str) -> tuple[int, str, str]:
    run = cli("new-report", REPORT, "--source", source, "--title", "Human Rights Council, "
              "12th meeting", "--date", "2024-03-12", "--data", data, *extra)
    return run.code, run.out, run.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_a_new_report_keeps_the_text_byte_for_byte_and_builds(empty_data: Path,
                                                              tmp_path: Path) -> None:
    source = tmp_path / "record.txt"
    content = RECORD.read_bytes() + PDF_TEXT  # names every registry entry, and PDF artefacts
    source.write_bytes(content)
    code, out, err = new_report(empty_data, source, "--publisher", "human-rights-council")
    assert code == 0, err
    folder = empty_data / "reports" / REPORT
    assert out.strip() == str(folder)
    assert (folder / "source.txt").read_bytes() == content  # form feed, hyphen, marker kept
    meta = YAML(typ="safe").load((folder / "report.yaml").read_text(encoding="utf-8"))
    assert meta["report"]["sha256"] == hashlib.sha256(content).hexdigest()
    assert meta["report"]["publisher"] == "human-rights-council"
    assert meta["workshop"]["kind"] == "meeting"
    assert [s["number"] for s in meta["workshop"]["sessions"]] == [1]
    graph = build_graph(empty_data)
    assert len(list(graph.subjects(RDF.type, MKG.SourceDocument))) == 1
    assert len(list(graph.subjects(RDF.type, MKG.Statement))) == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the text is empty"),
    (b"  \n\n\t\n", "the text is empty"),
    (b"%PDF-1.7\n\x00\x01\x02binary", "binary file"),
    ("Le représentant de l'Algérie".encode("latin-1"), "not UTF-8"),
])
def test_bad_text_exits_2_and_writes_nothing(empty_data: Path, tmp_path: Path, content: bytes,
                                             message: str) -> None:
    source = tmp_path / "record.txt"
    source.write_bytes(content)
    before = snapshot(empty_data)
    code, _, err = new_report(empty_data, source)
    assert code == 2
    assert message in err and str(source) in err and "fix:" in err
    assert snapshot(empty_data) == before
    assert not (empty_data / "reports" / REPORT).exists()


def test_an_existing_id_is_refused_and_its_files_are_untouched(empty_data: Path) -> None:
    assert new_report(empty_data, RECORD)[0] == 0
    folder = empty_data / "reports" / REPORT
    (folder / "statements.yaml").write_text("statements: []  # curated\n", encoding="utf-8")
    before = snapshot(empty_data)
    code, _, err = new_report(empty_data, RECORD)
    assert code == 2 and f"report '{REPORT}' already exists" in err
    assert snapshot(empty_data) == before


@pytest.mark.parametrize(("argv", "message"), [
    (("--date", "12 March 2024"), "is not a date"),
    (("--publisher", "no-such-body"), "is not an organization of the registry"),
])
def test_bad_options_are_refused(empty_data: Path, argv: tuple[str, ...], message: str) -> None:
    run = cli("new-report", REPORT, "--source", RECORD, "--title", "T", "--data", empty_data,
              *(argv if "--date" in argv else ("--date", "2024-03-12", *argv)))
    assert run.code == 2 and message in run.err
    assert list((empty_data / "reports").iterdir()) == []


def test_a_bad_id_and_a_missing_file_are_refused(empty_data: Path, tmp_path: Path) -> None:
    run = cli("new-report", "Bad Id", "--source", RECORD, "--title", "T", "--date",
              "2024-03-12", "--data", empty_data)
    assert run.code == 2 and "is not a slug" in run.err
    run = cli("new-report", REPORT, "--source", tmp_path / "missing.txt", "--title", "T",
              "--date", "2024-03-12", "--data", empty_data)
    assert run.code == 2 and "file not found" in run.err
    assert list((empty_data / "reports").iterdir()) == []
