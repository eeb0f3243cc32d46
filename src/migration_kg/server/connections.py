"""HTTP connections that cannot be held open for nothing, and whose ends are logged in a line.

uvicorn closes a keep-alive connection after an idle while between requests, but it gives a
request no time limit: a client that sends its headers or its body a byte at a time, or that
connects and sends nothing, holds a connection for ever. :func:`bounded_protocol` is uvicorn's
HTTP/1.1 protocol with a read timeout: from the first byte of a request (or from connecting)
to its last byte, at most ``read_timeout`` seconds, else the connection is closed (with a 408
when no response has started) and one line is logged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

LOG = logging.getLogger("uvicorn.error")
"""The server's log: warnings are shown on stderr even without --verbose."""

TIMED_OUT = "migration_kg_read_timed_out"
"""Set in a request's ``scope["state"]`` when its connection was closed for its slowness, so
the application does not log the resulting disconnect a second time."""

_FINISHED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR, h11.SWITCHED_PROTOCOL)
_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8"
                     b"\r\ncontent-length: 48\r\nconnection: close\r\n\r\n"
                     b"the request did not arrive whole in time; closed\n")


def client_name(client: Any) -> str:
    """``host:port`` of a client address as uvicorn gives it, or ``a client``."""
    if isinstance(client, tuple | list) and len(client) >= 2:
        return f"{client[0]}:{client[1]}"
    return "a client"


def bounded_protocol(read_timeout: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol, closing connections whose request takes over ``read_timeout``."""

    class BoundedH11Protocol(H11Protocol):
        _read_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()  # the first request must come, and come whole, in time

        def data_received(self, data: bytes) -> None:
            if self._read_timer is None and self.conn.their_state not in _FINISHED:
                self._arm()  # a new request begins
            super().data_received(data)
            if self.conn.their_state in _FINISHED:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._read_timer = self.loop.call_later(read_timeout, self._expired)

        def _disarm(self) -> None:
            if self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None

        def _expired(self) -> None:
            self._read_timer = None
            if self.conn.their_state in _FINISHED or self.transport.is_closing():
                return
            LOG.warning("closed the connection of %s: no complete request within %g s",
                        client_name(self.client), read_timeout)
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.scope.setdefault("state", {})[TIMED_OUT] = True
            elif self.conn.our_state is h11.IDLE:
                self.transport.write(_TIMEOUT_RESPONSE)
            self.transport.close()

    return BoundedH11Protocol
