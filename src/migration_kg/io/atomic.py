"""The one atomic writer: a set of files is replaced all together, or not at all.

Each file is first written in full to a temporary file beside its target (same folder, so the
rename cannot cross file systems). Only when every one is written are they moved into place,
each by one atomic rename; before that, the file it replaces is kept under a second name (a
hard link, so the target itself is never missing, even for a moment). If a move fails, the
files already moved are put back. No temporary file is left behind on any failure, and two
writers never share a temporary name. If the file system refuses even to put a file back, the
error says which file it is and where its previous version was kept: nothing is lost silently.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
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
    except BaseException:  # not an output problem (e.g. interrupted): still leave nothing
        _discard(staged)
        raise
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
            if target.is_dir() and not target.is_symlink():
                raise IsADirectoryError(21, "is a folder", str(target))
            backup = None
            if target.is_symlink() or target.exists():
                backup = target.with_name(f".{target.name}.{token}.old")
                _keep(target, backup)
            try:
                os.replace(temporary, target)
            except OSError:
                if backup is not None:  # the target was not touched: drop its spare name
                    with contextlib.suppress(OSError):
                        backup.unlink()
                raise
            done.append((target, backup))
    except OSError as exc:
        stuck = _roll_back(done)
        _discard(staged)
        where = exc.filename or staged[0][1]
        reason = exc.strerror or str(exc)
        if stuck:
            raise OutputError(
                f"cannot replace the output ({reason}), and could not put back "
                + "; ".join(stuck), where,
                hint="move the previous versions back by hand, then check permissions"
            ) from exc
        raise OutputError(f"cannot replace the output ({reason}); nothing was changed", where,
                          hint="check permissions of the output folder and its files") from exc
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def _keep(target: Path, backup: Path) -> None:
    """A second name for ``target``'s current file: a hard link, or a copy where the file
    system has no links."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK,
                             errno.EOPNOTSUPP):
            raise
        shutil.copy2(target, backup, follow_symlinks=False)


def _roll_back(done: list[tuple[Path, Path | None]]) -> list[str]:
    """Put back every replaced file; what could not be put back, and where it is."""
    stuck = []
    for target, backup in reversed(done):
        try:
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        except OSError as exc:
            kept = f" (its previous version is {backup})" if backup is not None else ""
            stuck.append(f"{target}{kept}: {exc.strerror or exc}")
    return stuck


def _discard(staged: list[tuple[Path, Path]]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
