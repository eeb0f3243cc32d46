"""Errors that the CLI turns into exit codes: bad input is 2, failed checks are 1."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """Input that cannot be used as it is: the message names the file, the line and the fix."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


class InputErrors(Exception):
    """Several input errors found in one pass, reported together so curators fix them at once."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} input error(s)")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class ChecksFailed(Exception):
    """Validation ran and found problems in otherwise well-formed input."""


def read_text(path: Path, *, missing_hint: str) -> str:
    """A UTF-8 text file's content; a missing, unreadable or non-UTF-8 file is an InputError."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("file not found", path, hint=missing_hint) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path,
                         hint="save the file as UTF-8") from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path,
                         hint="check its permissions") from exc
