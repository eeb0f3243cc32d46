"""The one atomic writer: a set of files is replaced all together, or not at all.

Each file is first written in full to a temporary file beside its target (same folder, so the
rename cannot cross file systems). Only when every one is written are they moved into place;
if a move fails, the files already moved are put back as they were. No temporary file is left
behind on any failure, and two writers never share a temporary name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

from migration_kg.errors import OutputError


def write_files(files: Mapping[Path, bytes | str], *, mode: int = 0o644) -> list[Path]:
    """Write ``files`` (path -> content; text is UTF-8) so that all or none are replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(name, mode)
    except OSError as exc:
        _discard(staged)
        where = staged[-1][1] if staged else next(iter(files), None)
        raise OutputError(f"cannot write the output ({exc.strerror or exc})", where,
                          hint="check free space and permissions, or choose another --out"
                          ) from exc
    _commit(staged)
    return [target for _, target in staged]


def write_file(path: Path, content: bytes | str) -> Path:
    """Replace one file atomically (see :func:`write_files`)."""
    return write_files({Path(path): content})[0]


def _commit(staged: list[tuple[Path, Path]]) -> None:
    token = secrets.token_hex(4)
    done: list[tuple[Path, Path | None]] = []
    try:
        for temporary, target in staged:
            backup = None
            if target.is_symlink() or target.exists():
                if target.is_dir():
                    raise IsADirectoryError(21, "is a folder", str(target))
                backup = target.with_name(f".{target.name}.{token}.old")
                os.replace(target, backup)
            try:
                os.replace(temporary, target)
            except OSError:
                if backup is not None:
                    os.replace(backup, target)
                raise
            done.append((target, backup))
    except OSError as exc:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        _discard(staged)
        raise OutputError(f"cannot replace the output ({exc.strerror or exc}); "
                          "nothing was changed", exc.filename or staged[0][1],
                          hint="check permissions of the output folder and its files") from exc
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _discard(staged: list[tuple[Path, Path]]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
