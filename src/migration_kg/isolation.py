"""The last wall against network access: a process that moves itself into an empty network
namespace cannot open any connection, whatever a query or a parser tries.

Used by the endpoint's query workers and by local queries on the command line. It needs Linux
and either root or unprivileged user namespaces; where neither is available the reason is
returned and the other walls (queries refused before they run) still stand.
"""

from __future__ import annotations

import ctypes
import os
import sys


def isolate_network() -> str | None:
    """Move this process into a new, empty network namespace; the reason it failed, or None.

    Must run before the process starts threads. In the new namespace not even loopback is up,
    so nothing this process runs can open a connection.
    """
    if not sys.platform.startswith("linux"):
        return "network namespaces need Linux"
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
