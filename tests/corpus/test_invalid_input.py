"""Every kind of bad input exits 2 with the file, the line and a fix, and loses no earlier output.

Each case is a folder in ``tests/data/invalid/`` whose ``case.yaml`` says why it must fail,
how it changes a copy of the mini corpus (``replace``, whose ``new`` may be a list of parts
with ``{repeat: TEXT, times: N}`` for long values; ``write_bytes``), which files it makes in a
scratch folder ``{tmp}`` (``write``, with the same parts; ``symlink``), which earlier output
cannot be replaced (``blocked_output``: made a folder), the command to run, and what the error
must say. Every case runs with the network refused (``no_network``).
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
    assert len(CASES) >= 50


def load_case(case_dir: Path) -> dict:
    return yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))


def text_of(parts: str | list) -> str:
    """A case's text: a string, or parts that are strings or ``{repeat: TEXT, times: N}``."""
    if isinstance(parts, str):
        return parts
    return "".join(p if isinstance(p, str) else p["repeat"] * p["times"] for p in parts)


def prepare(case_dir: Path, tmp_path: Path) -> tuple[dict, Path, Path, dict[str, str]]:
    case = load_case(case_dir)
    data, scratch = tmp_path / "data", tmp_path / "scratch"
    shutil.copytree(MINI, data)
    scratch.mkdir()
    places = {"{data}": str(data), "{case}": str(case_dir), "{tmp}": str(scratch)}
    for change in case.get("replace", []):
        target = data / change["file"]
        text = target.read_text(encoding="utf-8")
        assert change["old"] in text, f"{case_dir.name}: fixture no longer matches the mini corpus"
        target.write_text(text.replace(change["old"], text_of(change["new"]), 1),
                          encoding="utf-8")
    if "write_bytes" in case:
        spec = case["write_bytes"]
        (data / spec["file"]).write_bytes(bytes.fromhex(spec["hex"].replace(" ", "")))
    for spec in case.get("write", []):
        (scratch / spec["file"]).write_text(text_of(spec["parts"]), encoding="utf-8")
    for spec in case.get("symlink", []):
        (scratch / spec["file"]).symlink_to(spec["target"])
    out = tmp_path / "out"
    out.mkdir()
    for name, content in SENTINELS.items():
        (out / name).write_bytes(content)
    if "blocked_output" in case:  # an earlier output that cannot be replaced: a folder
        (out / case["blocked_output"]).unlink()
        (out / case["blocked_output"]).mkdir()
        (out / case["blocked_output"] / "inside").write_bytes(b"kept")
    places["{out}"] = str(out)
    return case, data, out, places


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_bad_input_exits_2_with_file_line_and_fix(
    case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list,
) -> None:
    case, _, out, places = prepare(case_dir, tmp_path)
    assert case["why"].strip(), "every invalid fixture says why it must fail"
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
    assert "unexpected" not in captured.err and "Traceback" not in captured.err
    # Nothing was lost: the previous outputs are byte-identical and no temporary file is left.
    expected = dict(SENTINELS)
    if "blocked_output" in case:
        del expected[case["blocked_output"]]
        assert (out / case["blocked_output"] / "inside").read_bytes() == b"kept"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == expected
    assert sorted(p.name for p in out.iterdir()) == sorted(SENTINELS)
    assert no_network == []
