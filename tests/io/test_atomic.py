"""The atomic writer under failure: whichever rename fails, the three outputs are all new or
all as they were, no temporary file stays, and an error is an OutputError, never a crash; if
the file system refuses even to put a file back, the error names it and its kept version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migration_kg.errors import OutputError
from migration_kg.io import atomic

NAMES = ("graph.ttl", "graph.nt", "graph.jsonld")


def previous(folder: Path) -> dict[str, bytes]:
    content = {name: f"old {name}".encode() for name in NAMES}
    for name, data in content.items():
        (folder / name).write_bytes(data)
    return content


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def failing_replace(fail: set[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.replace`` that fails on the calls numbered in ``fail`` (0-based)."""
    real, calls = os.replace, [0]

    def replace(source: object, target: object) -> None:
        number = calls[0]
        calls[0] += 1
        if number in fail:
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)


@pytest.mark.parametrize("failing", [0, 1, 2])
def test_a_failed_rename_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         failing: int) -> None:
    old = previous(tmp_path)
    failing_replace({failing}, monkeypatch)
    with pytest.raises(OutputError, match="nothing was changed"):
        atomic.write_files({tmp_path / name: f"new {name}" for name in NAMES})
    assert contents(tmp_path) == old


@pytest.mark.parametrize("failing", [1, 2])
def test_when_even_putting_back_fails_the_error_says_where_the_old_file_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int) -> None:
    previous(tmp_path)
    failing_replace(set(range(failing, 50)), monkeypatch)  # every later rename fails too
    with pytest.raises(OutputError) as caught:
        atomic.write_files({tmp_path / name: f"new {name}" for name in NAMES})
    message = str(caught.value)
    assert "could not put back" in message and "previous version is" in message
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".old")]
    assert kept and all(p.read_bytes().startswith(b"old ") for p in kept)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        sorted(NAMES)  # no target is ever missing


def test_an_output_that_is_a_folder_changes_nothing(tmp_path: Path) -> None:
    old = previous(tmp_path)
    (tmp_path / "graph.jsonld").unlink()
    (tmp_path / "graph.jsonld").mkdir()
    (tmp_path / "graph.jsonld" / "inside").write_text("x")
    del old["graph.jsonld"]
    with pytest.raises(OutputError, match="nothing was changed"):
        atomic.write_files({tmp_path / name: f"new {name}" for name in NAMES})
    assert {k: v for k, v in contents(tmp_path).items() if k in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)


def test_an_interruption_while_staging_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = previous(tmp_path)
    real = os.chmod

    def interrupted(path: object, mode: int) -> None:
        if str(path).endswith(".tmp") and "graph.nt" in str(path):
            raise KeyboardInterrupt
        real(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "chmod", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_files({tmp_path / name: f"new {name}" for name in NAMES})
    assert contents(tmp_path) == old


def test_without_hard_links_the_old_file_is_copied(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    previous(tmp_path)

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    atomic.write_files({tmp_path / name: f"new {name}" for name in NAMES})
    assert contents(tmp_path) == {name: f"new {name}".encode() for name in NAMES}
