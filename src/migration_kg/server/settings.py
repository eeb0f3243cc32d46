"""The endpoint's settings and the replies that cross from the worker processes."""

from __future__ import annotations

import math
from dataclasses import dataclass

from migration_kg.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_RESULTS = 10_000
MAX_QUERY_BYTES = 256 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """The limits of one endpoint; every one of them is a command-line option."""

    timeout: float = DEFAULT_TIMEOUT_S
    max_results: int = DEFAULT_MAX_RESULTS
    workers: int = 2
    max_query_bytes: int = MAX_QUERY_BYTES
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES

    def check(self) -> None:
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise InputError(f"--timeout must be a positive number, not {self.timeout}", None,
                             hint="e.g. --timeout 10")
        if self.max_results < 1:
            raise InputError(f"--max-results must be at least 1, not {self.max_results}", None,
                             hint="e.g. --max-results 10000")
        if self.workers < 1:
            raise InputError(f"--workers must be at least 1, not {self.workers}", None,
                             hint="e.g. --workers 2")


@dataclass(frozen=True)
class Reply:
    """What a worker answers: picklable, so it crosses the pipe as it is."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())
