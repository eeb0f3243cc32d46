"""Read input files defensively: regular files only, a size cap, UTF-8, clear errors.

A path to ``/dev/zero``, a FIFO or a directory would otherwise hang or exhaust memory; a file
that is not UTF-8 would end in a ``UnicodeDecodeError`` traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from migration_kg.errors import InputError

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""The largest single input file read (YAML, report text, RDF, query, CSV)."""


def read_bytes(path: Path | str, *, missing_hint: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or an :class:`InputError`."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise InputError("file not found", path, hint=missing_hint) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the file ({_reason(exc)})", path,
                         hint="check the path and its permissions") from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", path,
                         hint="give the path of an ordinary file (not a folder or a device)")
    if info.st_size > limit:
        raise InputError(f"the file has {info.st_size} bytes, more than the limit of {limit}",
                         path, hint="split the file, or check that it is the right one")
    try:
        with open(path, "rb") as handle:
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
