"""A read-only SPARQL 1.1 endpoint: Starlette on uvicorn in front, pyoxigraph in worker processes.

Why this design and not another (the numbers are in ``bench/README.md``):

* The ``oxigraph`` server is the fastest engine to put on a port, but it follows ``SERVICE``
  with no switch to turn it off (so any client can make it fetch any URL), and its
  ``--timeout-s`` answers HTTP 200 with a truncated JSON body. Neither can be fixed from outside.
* ``rdflib-endpoint`` relays ``SERVICE``, allows any origin with credentials, and one slow
  self-join froze every client for 34 s.
* A time limit cannot be enforced inside the serving process: pyoxigraph ignores Python signals
  inside aggregates. So every query runs in a worker process of its own (forked warm by the
  supervisor, :mod:`.supervisor`); a query that outlives ``timeout`` has its worker killed and
  the client gets a 503 with a clear message. The event loop never runs a query or a parser.
* Fairness without knowing a query's cost in advance: a query that has used a quarter of a
  second of CPU (its check and its run counted apart) drops its worker to the lowest CPU
  priority (:mod:`.workers`), so the kernel keeps quick queries quick while slow ones run; a
  pool of two workers left a quick query waiting 4.2 s behind two slow ones, and with 32 slow
  clients most quick ones got 503.
* Bounded: each worker's memory is capped (``RLIMIT_DATA``), a worker left heavy after a query
  is replaced, answers have a byte limit besides the row limit (more is an error, 422, never a
  silently shortened 200), requests a read timeout and connections an idle timeout
  (:mod:`.connections`), and a client that leaves mid-request is one log line.
* Nothing outlives ``serve``: workers die with the supervisor (``PR_SET_PDEATHSIG``), and the
  supervisor, seeing ``serve`` gone (even after ``kill -9``), kills them and removes the store.
* Every query is checked by :func:`migration_kg.sparql.safety.check_query` (inside the worker,
  under the same time limit) before Oxigraph sees it: updates get 403, ``SERVICE``, ``FROM`` and
  text that engines read differently get 400. As a second wall, each worker moves itself into
  an empty network namespace, so even a query that slipped past the check could not reach the
  network.
* The graph is copied once into an on-disk Oxigraph store in a temporary folder that the workers
  open read-only: a replacement worker is ready in well under a second at any graph size, and
  the workers share the operating system's page cache instead of holding one copy each.
* No CORS headers at all, a Host-header allow-list (against DNS rebinding to 127.0.0.1), a
  strict Content-Security-Policy on the query page, and bound to 127.0.0.1 by default.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "bind_socket": "app", "make_app": "app", "serve": "app",
    "GRAPH_TYPES": "negotiate", "RESULT_TYPES": "negotiate", "negotiate": "negotiate",
    "DEFAULT_HOST": "settings", "DEFAULT_MAX_RESULTS": "settings", "DEFAULT_PORT": "settings",
    "DEFAULT_TIMEOUT_S": "settings", "LOOPBACK_NAMES": "settings", "Reply": "settings",
    "Settings": "settings", "Supervisor": "supervisor", "bounded_protocol": "connections",
    "WorkerPool": "workers", "execute": "workers", "prepare_store": "workers",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'migration_kg.server' has no attribute '{name}'")
    return getattr(importlib.import_module(f"migration_kg.server.{module}"), name)
