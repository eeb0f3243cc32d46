"""Every kind of bad input exits 2 with the file, the line and a fix, and loses no earlier output.

Each case is a folder in ``tests/data/invalid/`` whose ``case.yaml`` says why it must fail,
how it changes a copy of the mini corpus (``replace`` / ``write_bytes``), the command to run,
and what the error must say.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from migration_kg.cli import main
from tests.helpers import INVALID, MINI

CASES = sorted(p for p in INVALID.iterdir() if (p / "case.yaml").exists())
SENTINELS = {"graph.ttl": b"previous turtle\n", "graph.nt": b"previous ntriples\n",
             "graph.jsonld": b"{\"previous\": true}\n"}


def test_there_are_invalid_cases() -> None:
    assert len(CASES) >= 15


def load_case(case_dir: Path) -> dict:
    return yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))


def prepare(case_dir: Path, tmp_path: Path) -> tuple[dict, Path, Path]:
    case = load_case(case_dir)
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    for change in case.get("replace", []):
        target = data / change["file"]
        text = target.read_text(encoding="utf-8")
        assert change["old"] in text, f"{case_dir.name}: fixture no longer matches the mini corpus"
        target.write_text(text.replace(change["old"], change["new"], 1), encoding="utf-8")
    if "write_bytes" in case:
        spec = case["write_bytes"]
        (data / spec["file"]).write_bytes(bytes.fromhex(spec["hex"].replace(" ", "")))
    out = tmp_path / "out"
    out.mkdir()
    for name, content in SENTINELS.items():
        (out / name).write_bytes(content)
    return case, data, out


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_bad_input_exits_2_with_file_line_and_fix(
    case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list,
) -> None:
    case, data, out = prepare(case_dir, tmp_path)
    assert case["why"].strip(), "every invalid fixture says why it must fail"
    places = {"{data}": str(data), "{out}": str(out), "{case}": str(case_dir)}
    argv = []
    for arg in case["command"]:
        for placeholder, value in places.items():
            arg = arg.replace(placeholder, value)
        argv.append(arg)

    code = main(argv)
    captured = capsys.readouterr()

    assert code == 2, captured.err
    expect = case["expect"]
    assert expect["message"] in captured.err
    if "file" in expect:
        assert expect["file"] in captured.err
    if "line" in expect:
        assert f"{expect['file']}:{expect['line']}:" in captured.err, captured.err
    assert "fix:" in captured.err
    if "hint" in expect:
        assert expect["hint"] in captured.err
    assert captured.out == "", "errors go to stderr, never mixed into data on stdout"
    # Nothing was lost: the previous outputs are byte-identical and no temporary file is left.
    assert {p.name: p.read_bytes() for p in out.iterdir()} == SENTINELS
    assert no_network == []
