"""The walls behind the checks that keep input from reaching the network.

The first wall is in the readers: queries are refused before they run
(:mod:`migration_kg.sparql.safety`), remote JSON-LD contexts and XML entities before a file is
parsed (:mod:`migration_kg.io.rdf`). This module holds what stands behind them:

* :func:`isolate_network` moves a process into a new, empty network namespace, where it cannot
  open any connection at all, whatever a query, a parser or a library tries. The endpoint's
  query workers do it before they open the store, and the command line does it before a
  command that needs no network (``build``, ``validate``, local ``query``, ``stats``, views)
  reads its input. It needs Linux and either root or unprivileged user namespaces; where
  neither is available the reason is returned and the first wall still stands.
* :func:`offline` is for code that shares its process with other work (notebooks, the API, the
  tests): while it is active, Python code in the current thread or task cannot open a socket
  connection, resolve a name or open a URL (a Python audit hook refuses the attempt). It covers
  rdflib, whose parsers and SPARQL engine fetch through Python; Oxigraph's own HTTP client is
  Rust and is kept out by the first wall alone in such a process.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_OFFLINE: ContextVar[bool] = ContextVar("migration_kg_offline", default=False)
_BLOCKED = frozenset({
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
    "socket.getnameinfo", "urllib.Request", "http.client.connect", "ftplib.connect",
    "smtplib.connect", "nntplib.connect", "poplib.connect", "imaplib.open", "telnetlib.Telnet.open",
})
_installed = False
_install_lock = threading.Lock()


class NetworkRefused(PermissionError):
    """Raised inside :func:`offline` when code tries to reach the network."""


def isolate_network() -> str | None:
    """Move this process into a new, empty network namespace; the reason it failed, or None.

    Must run before the process starts threads. In the new namespace not even loopback is up,
    so nothing this process runs can open a connection. Sockets opened before stay usable.
    """
    if not sys.platform.startswith("linux"):
        return "network namespaces need Linux"
    if threading.active_count() > 1:
        return "the process already runs threads"
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"cannot load libc ({exc})"
    reasons = []
    for flags in (clone_newnet, clone_newuser | clone_newnet):
        if libc.unshare(flags) == 0:
            return None
        reasons.append(os.strerror(ctypes.get_errno()))
    return "unshare: " + "; ".join(dict.fromkeys(reasons))


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event in _BLOCKED and _OFFLINE.get():
        raise NetworkRefused(f"network access refused ({event}): input never reaches the "
                             "network")


@contextmanager
def offline() -> Iterator[None]:
    """While active, this thread's Python code cannot connect, resolve names or open URLs."""
    global _installed
    if not _installed:
        with _install_lock:
            if not _installed:
                sys.addaudithook(_audit)
                _installed = True
    token = _OFFLINE.set(True)
    try:
        yield
    finally:
        _OFFLINE.reset(token)


def is_offline() -> bool:
    """Whether :func:`offline` is active here (for tests and assertions)."""
    return _OFFLINE.get()
