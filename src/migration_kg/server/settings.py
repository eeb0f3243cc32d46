"""The endpoint's settings and the replies that cross from the worker processes."""

from __future__ import annotations

import math
from dataclasses import dataclass

from migration_kg.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_MAX_QUERIES = 64
DEFAULT_MAX_MEMORY_MB = 1024
DEFAULT_MAX_ANSWER_MB = 64
DEFAULT_READ_TIMEOUT_S = 10.0
MAX_QUERY_BYTES = 256 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """The limits of one endpoint (all but the last three are command-line options).

    ``workers`` worker processes are kept waiting; ``max_queries`` queries run at once, those
    that have used ``short_s`` seconds of CPU (in the check, or in the run) at the lowest
    priority (the long lane). Each query's worker may use ``max_memory_mb``; a worker left with
    more than ``recycle_mb`` after a query is replaced. A connection must deliver a whole
    request within ``read_timeout`` seconds and is closed after ``idle_timeout`` seconds
    without one.
    """

    timeout: float = DEFAULT_TIMEOUT_S
    max_results: int = DEFAULT_MAX_RESULTS
    workers: int = 2
    max_queries: int = DEFAULT_MAX_QUERIES
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    max_answer_mb: int = DEFAULT_MAX_ANSWER_MB
    read_timeout: float = DEFAULT_READ_TIMEOUT_S
    max_query_bytes: int = MAX_QUERY_BYTES
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    short_s: float = 0.25
    recycle_mb: int = 256
    idle_timeout: float = 5.0

    def check(self) -> None:
        for name, value, example in (("--timeout", self.timeout, "10"),
                                     ("--read-timeout", self.read_timeout, "10")):
            if not (value > 0 and math.isfinite(value)):
                raise InputError(f"{name} must be a positive number, not {value}", None,
                                 hint=f"e.g. {name} {example}")
        for name, number, least, example in (
                ("--max-results", self.max_results, 1, "10000"),
                ("--workers", self.workers, 1, "2"),
                ("--max-queries", self.max_queries, 1, "64"),
                ("--max-memory", self.max_memory_mb, 256, "1024"),
                ("--max-answer", self.max_answer_mb, 1, "64")):
            if number < least:
                raise InputError(f"{name} must be at least {least}, not {number}", None,
                                 hint=f"e.g. {name} {example}")
        if self.max_queries < self.workers:
            raise InputError(f"--max-queries ({self.max_queries}) must be at least --workers "
                             f"({self.workers})", None, hint="raise --max-queries")


@dataclass(frozen=True)
class Reply:
    """What a worker answers: picklable, so it crosses the pipe as it is."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())
