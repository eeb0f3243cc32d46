"""The errors of the library, each with the exit code the command line gives it.

Every error a user can cause is one of these, so no command ever shows a traceback:

* :class:`InputError` (exit 2): input that cannot be used as it is (a YAML file, an RDF file,
  a query, an option); the message names the file, the line and the fix.
* :class:`QueryRefused` (exit 2): a query that is well formed but not allowed; ``reason`` says
  why (an update, a ``SERVICE`` or ``FROM`` clause, a pragma, text engines read differently),
  so the endpoint answers from the type.
* :class:`QuerySyntaxError` (exit 2): a query that does not parse.
* :class:`OutputError` (exit 2): an output that cannot be written (a full disk, no permission).
* :class:`RemoteError` (exit 2): a remote store that cannot be reached or answers badly.
* :class:`ChecksFailed` (exit 1): validation ran and found problems.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class MigrationKGError(Exception):
    """Base of every error the library raises on purpose; ``exit_code`` is the CLI's."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, path={self.path!r}, line={self.line!r})"

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and isinstance(other, MigrationKGError)
                and (self.message, self.path, self.line, self.hint)
                == (other.message, other.path, other.line, other.hint))

    def __hash__(self) -> int:
        return hash((type(self), self.message, str(self.path), self.line))


class InputError(MigrationKGError):
    """Input that cannot be used as it is: the message names the file, the line and the fix."""


class InputErrors(MigrationKGError):
    """Several input errors found in one pass, reported together so curators fix them at once."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} input error(s)")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class RefusalReason(StrEnum):
    """Why a well-formed query is not run."""

    UPDATE = "update"
    SERVICE = "service"
    DATASET = "dataset"
    PRAGMA = "pragma"
    AMBIGUOUS = "ambiguous"


class QueryRefused(InputError):
    """A query that parses but is not allowed: updates, ``SERVICE``, ``FROM``."""

    def __init__(self, message: str, reason: RefusalReason, path: Path | str | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, path, line, hint)
        self.reason = reason


class QuerySyntaxError(InputError):
    """A query that does not parse."""


class OutputError(MigrationKGError):
    """An output that cannot be written; nothing was replaced."""


class RemoteError(MigrationKGError):
    """A remote store that cannot be reached, refuses, or answers something unusable."""


class ChecksFailed(MigrationKGError):
    """Validation ran and found problems in otherwise well-formed input."""

    exit_code = EXIT_CHECKS_FAILED
