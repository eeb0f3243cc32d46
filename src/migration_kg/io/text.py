"""Read input files defensively: regular files only, a size cap, UTF-8, clear errors.

A path to ``/dev/zero``, a FIFO or a directory (or a symlink to one) would otherwise hang or
exhaust memory; a file that is not UTF-8 would end in a ``UnicodeDecodeError`` traceback.
The file is opened first and checked on the open descriptor, so what is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from migration_kg.errors import InputError

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""The largest single input file read into memory (YAML, report text, RDF, query, CSV)."""


def _open_regular(path: Path, missing_hint: str, limit: int) -> tuple[int, int]:
    """An open descriptor of the regular file at ``path`` and its size, or an InputError."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError("file not found", path, hint=missing_hint) from exc
    except IsADirectoryError as exc:
        raise InputError("not a regular file (a folder)", path,
                         hint="give the path of an ordinary file") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the file ({_reason(exc)})", path,
                         hint="check the path and its permissions") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputError("not a regular file", path,
                         hint="give the path of an ordinary file (not a folder or a device)")
    if info.st_size > limit:
        os.close(fd)
        raise InputError(f"the file has {info.st_size} bytes, more than the limit of {limit}",
                         path, hint="split the file, or check that it is the right one")
    return fd, info.st_size


def check_file(path: Path | str, *, missing_hint: str, limit: int = MAX_INPUT_BYTES) -> int:
    """The size of the regular file at ``path`` if it may be read (for readers that open the
    file themselves, such as Oxigraph's); otherwise an :class:`InputError`."""
    fd, size = _open_regular(Path(path), missing_hint, limit)
    os.close(fd)
    return size


def read_bytes(path: Path | str, *, missing_hint: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or an :class:`InputError`."""
    path = Path(path)
    fd, _ = _open_regular(path, missing_hint, limit)
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file ({_reason(exc)})", path,
                         hint="check its permissions") from exc
    if len(data) > limit:
        raise InputError(f"the file grew past the limit of {limit} bytes while being read",
                         path, hint="check that it is the right file")
    return data


def decode(data: bytes, path: Path | str) -> str:
    """UTF-8 text (a byte-order mark stays, so offsets count every code point of the file)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path,
                         hint="save the file as UTF-8") from exc


def read_text(path: Path | str, *, missing_hint: str, limit: int = MAX_INPUT_BYTES) -> str:
    """A UTF-8 text file's content; see :func:`read_bytes` for what is refused."""
    return decode(read_bytes(path, missing_hint=missing_hint, limit=limit), path)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
