"""The query workers and the pool that schedules them.

A worker is a process forked by the supervisor (:mod:`migration_kg.server.supervisor`): it
drops the network (:func:`migration_kg.isolation.isolate_network`), caps its own memory
(``RLIMIT_DATA``, ``--max-memory``), opens the store read-only and answers one query at a
time. Every query gets a worker of its own at once (up to ``--max-queries`` at a time) and is
scheduled the way an operating system schedules processes, by what it has used:

* it starts at full CPU priority;
* once its worker has used ``short_s`` seconds of CPU (a quarter of a second) in the check, or
  again as much in the run, it moves to the *long lane*: its worker drops to the lowest CPU
  priority (nice 19), where the kernel gives it about 1/70 of the share of a full-priority
  process. A quick query that arrives while 32 clients run slow ones therefore gets most of a
  CPU at once (figures in ``bench/README.md``); CPU time, not waiting time, decides, so a
  quick query that merely waited for a CPU during a burst of arrivals keeps its priority;
* a query text whose run went to the long lane before starts there the next time, in a worker
  forked for it at the lowest priority, so the waiting workers stay free for quick queries.

The check (no update, ``SERVICE`` or dataset) is rdflib's parse: 10-110 ms of CPU for a
competency query, more than Oxigraph takes to answer most of them on the shipped graph. The
pool remembers the SHA-256 of each text that passed, and a worker runs such a text again
without the parse; a refused text is never remembered, so it is checked (and refused) each
time. A text whose run was quick is no longer taken for long (its check may have taken it
there). When the check counted in the run's budget, then a tenth of a second, the heaviest
status queries reached the long lane by their check alone and, under load, never got out of
it (503s at the time limit, ``bench/README.md``).

A query that outlives ``--timeout`` has its worker killed; so does one whose worker died (out
of memory: the answer says so). A worker that has run in the long lane (its priority cannot be
raised again) or whose memory grew past ``recycle_mb`` after a heavy query is ended and
replaced by a fresh fork, so an idle worker never sits on gigabytes. ``--workers`` workers are
kept forked and waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import resource
import signal
import socket
import sys
import tempfile
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

from rdflib import Graph

from migration_kg.errors import InputError, QueryRefused, RefusalReason
from migration_kg.isolation import isolate_network
from migration_kg.server.negotiate import (
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    RESULT_TYPES,
    content_type,
    negotiate,
)
from migration_kg.server.settings import Reply, Settings
from migration_kg.server.supervisor import Supervisor
from migration_kg.store import ntriples

START_WAIT_S = 120
"""How long a new worker may take to open the store (only so that a broken one cannot hang)."""
POLL_S = 0.02
"""How often a query in the short lane has its CPU time read."""
LONG_TEXTS = 1024
"""How many query texts that went to the long lane are remembered."""
PASSED = ("passed",)
"""What a worker sends as soon as a text has passed the check, before it runs."""
CHECKED_TEXTS = 4096
"""How many query texts that passed the check (no update, SERVICE or dataset) are remembered,
so that a worker runs them without parsing them again."""
_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) used by process ``pid`` so far; 0 if it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def prepare_store(graph: Graph, directory: Path) -> int:
    """Copy ``graph`` into the default graph of an Oxigraph store at ``directory``; its size.

    The graph was loaded through the project's defensive readers (``io.rdf``), so what the
    endpoint serves is exactly what ``migration-kg query`` sees.
    """
    import pyoxigraph as ox

    data = ntriples(graph)
    store = ox.Store(str(directory))
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    size = len(store)
    del store  # releases the write lock so the workers can open it read-only
    return size


# ------------------------------------------------------------------------------ one query


def _verdict(text: str) -> Reply | None:
    """None if ``text`` may run; else the refusal, its status from the error's type."""
    from migration_kg.sparql.files import inline_query
    from migration_kg.sparql.safety import check_query

    try:
        check_query(inline_query(text))
    except QueryRefused as exc:
        if exc.reason is RefusalReason.UPDATE:
            return Reply.error(403, "SPARQL Update is refused: this endpoint is read-only.\n"
                                    "  fix: send SELECT, ASK, CONSTRUCT or DESCRIBE")
        return Reply.error(400, str(exc).replace("inline query", "query", 1))
    except InputError as exc:
        return Reply.error(400, str(exc).replace("inline query", "query", 1))
    return None


def _too_many(max_results: int, what: str) -> Reply:
    return Reply.error(422, f"the result has more than {max_results} {what}, the limit of this "
                            "endpoint (--max-results); nothing was cut, nothing was sent\n"
                            "  fix: add LIMIT (and ORDER BY to page through it), or ask for "
                            "fewer rows")


def _too_large(max_bytes: int) -> Reply:
    return Reply.error(422, f"the answer is larger than {max_bytes} bytes, the limit of this "
                            "endpoint (--max-answer); nothing was cut, nothing was sent\n"
                            "  fix: select fewer or shorter values, or add LIMIT")


def _out_of_memory(limit_mb: int) -> Reply:
    return Reply.error(422, f"the query needed more than {limit_mb} MB, the memory limit of a "
                            "query (--max-memory); it was stopped\n  fix: make the query more "
                            "selective, or build shorter values")


class _Exceeded(Exception):
    """An answer passed a limit while it was written; ``reply`` says which."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


class _BoundedSink:
    """Where Oxigraph writes an answer, in chunks of a few KB: it stops the writing (raises
    :class:`_Exceeded`) as soon as the bytes pass ``max_bytes`` or the lines ``max_lines``.

    A line is a row of SPARQL TSV (after the header) or a triple of N-Triples: both formats
    escape line breaks inside terms, so counting them counts rows.
    """

    def __init__(self, max_bytes: int, max_lines: int, on_lines: Reply, on_bytes: Reply
                 ) -> None:
        self.chunks: list[bytes] = []
        self.size = self.lines = 0
        self.max_bytes, self.max_lines = max_bytes, max_lines
        self.on_lines, self.on_bytes = on_lines, on_bytes

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise _Exceeded(self.on_bytes)
        chunk = bytes(data)
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise _Exceeded(self.on_lines)
        self.chunks.append(chunk)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the chunks are kept until the answer is complete."""

    def value(self) -> bytes:
        return b"".join(self.chunks)


def execute(store: Any, text: str, accept: str | None, max_results: int,
            max_bytes: int = sys.maxsize, max_memory_mb: int = 0, *,
            checked: bool = False) -> Reply:
    """Check, run and serialize one query; every failure is a Reply with a clear message.

    ``checked``: this very text passed the check before (the pool remembers which did), so it
    is not parsed by rdflib again: that parse costs 10-110 ms of CPU for a competency query,
    more than the engine takes for most of them on the shipped graph (0.26 s for all 25).

    Oxigraph writes the answer itself, in Rust: SELECT results as SPARQL TSV and graphs as
    N-Triples, into a sink that counts rows (lines) and bytes as they come, so a result over a
    limit is an error (422) found early, never a silently shortened 200. Another format asked
    for is converted from that by Oxigraph's parser and serialiser, again without a Python
    object per row.
    """
    import pyoxigraph as ox

    refusal = None if checked else _verdict(text)
    if refusal is not None:
        return refusal
    try:
        result = store.query(text)
        if isinstance(result, ox.QueryBoolean):
            chosen = negotiate(accept, BOOLEAN_TYPES)
            if chosen is None:
                return _not_acceptable(BOOLEAN_TYPES)
            body = result.serialize(format=getattr(ox.QueryResultsFormat, chosen[1])) or b""
            return Reply(200, content_type(chosen[0]), body)
        if isinstance(result, ox.QueryTriples):
            chosen = negotiate(accept, GRAPH_TYPES)
            if chosen is None:
                return _not_acceptable(GRAPH_TYPES)
            sink = _BoundedSink(max_bytes, max_results, _too_many(max_results, "triples"),
                                _too_large(max_bytes))
            result.serialize(cast(IO[bytes], sink), format=ox.RdfFormat.N_TRIPLES)
            body = sink.value()
            if chosen[1] != "N_TRIPLES":
                body = ox.serialize(ox.parse(body, format=ox.RdfFormat.N_TRIPLES),
                                    format=getattr(ox.RdfFormat, chosen[1])) or b""
        else:
            chosen = negotiate(accept, RESULT_TYPES)
            if chosen is None:
                return _not_acceptable(RESULT_TYPES)
            sink = _BoundedSink(max_bytes, max_results + 1, _too_many(max_results, "rows"),
                                _too_large(max_bytes))
            result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
            body = sink.value()
            if chosen[1] != "TSV":
                body = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV).serialize(
                    format=getattr(ox.QueryResultsFormat, chosen[1])) or b""
        if len(body) > max_bytes:
            return _too_large(max_bytes)
        return Reply(200, content_type(chosen[0]), body)
    except _Exceeded as exc:
        return exc.reply
    except SyntaxError as exc:
        return Reply.error(400, f"SPARQL syntax error: {exc}")
    except MemoryError:
        return _out_of_memory(max_memory_mb)
    except Exception as exc:  # evaluation errors surface while iterating
        return Reply.error(500, f"the query failed: {type(exc).__name__}: {exc}")


def _not_acceptable(offers: tuple[tuple[str, str], ...]) -> Reply:
    return Reply.error(406, "none of the media types in the Accept header can carry this "
                            "result\n  fix: accept one of " + ", ".join(m for m, _ in offers))


# ------------------------------------------------------------------------------ a worker


def warm_up() -> None:
    """Import the engine and build the query checker's grammar: done once in the supervisor,
    so every forked worker starts warm."""
    import pyoxigraph  # noqa: F401

    _verdict("ASK {}")


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def worker_main(fd: int, store_dir: str, limits: dict[str, Any]) -> None:
    """One worker: no network, memory capped, one query at a time over the socket ``fd``."""
    conn = Connection(fd)
    isolation = isolate_network()  # first, before anything starts a thread
    memory = int(limits["max_memory_mb"]) * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    try:
        import pyoxigraph as ox

        store = ox.Store.read_only(store_dir)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", isolation))
    recycle = int(limits["recycle_mb"]) * 1024 * 1024
    while True:
        try:
            text, accept, checked = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        refusal = None if checked else _verdict(text)
        if refusal is None and not checked:
            conn.send(PASSED)  # at once: remembered even if the run itself then times out
        begun = time.process_time()
        reply = refusal or execute(store, text, accept, int(limits["max_results"]),
                                   int(limits["max_bytes"]), int(limits["max_memory_mb"]),
                                   checked=True)
        heavy = _resident_bytes() > recycle
        conn.send((reply, heavy, time.process_time() - begun))
        if heavy:
            return


# ------------------------------------------------------------------------------ the pool


@dataclass(eq=False)
class _Worker:
    pid: int
    conn: Connection
    lowered: bool = False


def _remember(texts: OrderedDict[bytes, None], key: bytes, most: int) -> None:
    """Add ``key`` (a text's SHA-256) to ``texts`` as the newest, keeping the newest ``most``."""
    texts[key] = None
    texts.move_to_end(key)
    while len(texts) > most:
        texts.popitem(last=False)


async def _readable(fd: int, timeout: float) -> bool:
    """Whether ``fd`` has data (or end of file) within ``timeout`` seconds."""
    if timeout <= 0:
        return False
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(True)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


class WorkerPool:
    """Workers in two lanes (see the module docstring); the time limit is a kill, not a
    request. ``remove`` is a folder the supervisor deletes when serving ends, however it ends.
    """

    def __init__(self, store_dir: Path, settings: Settings, *, remove: Path | None = None
                 ) -> None:
        self.store_dir = store_dir
        self.settings = settings
        self.remove = remove
        self.isolation: str | None = None
        self._supervisor: Supervisor | None = None
        self._idle: deque[_Worker] = deque()
        self._long_texts: OrderedDict[bytes, None] = OrderedDict()
        self._passed: OrderedDict[bytes, None] = OrderedDict()
        self._started = False
        self._running = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    def limits(self) -> dict[str, Any]:
        s = self.settings
        return {"max_results": s.max_results, "max_bytes": s.max_answer_mb * 1024 * 1024,
                "max_memory_mb": s.max_memory_mb, "recycle_mb": s.recycle_mb}

    @property
    def supervisor(self) -> Supervisor:
        if self._supervisor is None:
            raise RuntimeError("the worker pool is not started")
        return self._supervisor

    async def start(self) -> None:
        self._started = True
        self._supervisor = await asyncio.to_thread(Supervisor.start, self.store_dir,
                                                   self.limits(), self.remove)
        for _ in range(self._idle_target()):
            self._idle.append(await self._spawn())

    def _idle_target(self) -> int:
        """Workers kept forked and waiting (``--workers``)."""
        return self.settings.workers

    async def _spawn(self, *, low: bool = False) -> _Worker:
        """A new worker, ready to query; ``low``: at the lowest CPU priority from its start."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            pid = await asyncio.to_thread(self.supervisor.fork, theirs.fileno(), low=low)
        finally:
            theirs.close()
        conn = Connection(ours.detach())
        if not await _readable(conn.fileno(), START_WAIT_S):
            await asyncio.to_thread(self.supervisor.kill, pid)
            conn.close()
            raise RuntimeError(f"a query worker did not start within {START_WAIT_S} s")
        try:
            state, detail = conn.recv()
        except (EOFError, OSError):
            ended = await asyncio.to_thread(self.supervisor.ended, pid)
            conn.close()
            raise RuntimeError(f"a query worker died on start ({ended})") from None
        if state != "ready":
            await asyncio.to_thread(self.supervisor.kill, pid)
            conn.close()
            raise RuntimeError(f"a query worker could not open the store: {detail}")
        self.isolation = detail
        return _Worker(pid, conn, lowered=low)

    async def _take(self) -> _Worker:
        worker = self._idle.popleft() if self._idle else await self._spawn()
        self._refill()
        return worker

    def _refill(self) -> None:
        """Start workers in the background until enough are idle again."""
        missing = self._idle_target() - len(self._idle) - sum(
            1 for t in self._tasks if t.get_name() == "spawn")
        for _ in range(max(0, missing)):
            self._background(self._spawn_idle(), "spawn")

    async def _spawn_idle(self) -> None:
        try:
            worker = await self._spawn()
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return
        if self._closing:
            await self._retire(worker)
        else:
            self._idle.append(worker)

    def _background(self, job: Any, name: str) -> None:
        task = asyncio.get_running_loop().create_task(job, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _retire(self, worker: _Worker) -> None:
        """End ``worker`` (killed if it still runs; reaped by the supervisor later)."""
        with contextlib.suppress(OSError):
            worker.conn.close()
        with contextlib.suppress(RuntimeError):
            await asyncio.to_thread(self.supervisor.kill, worker.pid)

    async def _ended(self, worker: _Worker) -> dict[str, Any]:
        """How ``worker``, whose socket closed, ended (for the answer to its query)."""
        with contextlib.suppress(OSError):
            worker.conn.close()
        try:
            return await asyncio.to_thread(self.supervisor.ended, worker.pid)
        except RuntimeError:
            return {}

    async def run(self, text: str, accept: str | None) -> Reply:
        """Answer one query (see the module docstring for the lanes and limits)."""
        settings = self.settings
        if not self._started:
            raise RuntimeError("the worker pool is not started")
        if self._running >= settings.max_queries:
            return Reply.error(503, f"{settings.max_queries} queries are running already, the "
                                    "most this endpoint runs at once (--max-queries); try again "
                                    "later")
        self._running += 1
        try:
            return await self._run(text, accept, asyncio.get_running_loop().time())
        finally:
            self._running -= 1

    async def _run(self, text: str, accept: str | None, started: float) -> Reply:
        loop, limit = asyncio.get_running_loop(), self.settings.timeout

        def remaining() -> float:
            return limit - (loop.time() - started)

        worker: _Worker | None = None
        key = hashlib.sha256(text.encode()).digest()
        try:
            # A text known to run long gets a worker of its own at the lowest priority; the
            # warm waiting workers are kept for the queries that may be quick.
            checked = key in self._passed
            known_long = key in self._long_texts
            worker = await (self._spawn(low=True) if known_long else self._take())
            try:
                worker.conn.send((text, accept, checked))
            except OSError:  # it died while idle: one more try with a fresh one
                await self._retire(worker)
                worker = await self._spawn()
                worker.conn.send((text, accept, checked))
            message: Any = PASSED
            while message == PASSED:
                if not await self._wait(worker, key, remaining):
                    self._background(self._retire(worker), "retire")
                    worker = None
                    self._refill()
                    return Reply.error(503, "the query ran longer than the time limit of "
                                            f"{limit:g} s (--timeout) and was stopped\n  fix: "
                                            "make the query more selective, or add LIMIT")
                try:
                    message = await asyncio.to_thread(worker.conn.recv)
                except (EOFError, OSError):
                    ended = await self._ended(worker)
                    worker = None
                    self._refill()
                    return self._died(ended)
                if message == PASSED:  # the run that follows gets a CPU budget of its own
                    _remember(self._passed, key, CHECKED_TEXTS)
            reply, heavy, cpu_s = message
            if cpu_s < self.settings.short_s:  # long only by its first check: quick from now on
                self._long_texts.pop(key, None)
            if heavy or worker.lowered:
                self._background(self._retire(worker), "retire")
                self._refill()
            else:
                self._idle.append(worker)
            worker = None
            assert isinstance(reply, Reply)
            return reply
        except RuntimeError as exc:
            return Reply.error(500, f"no query worker could be started: {exc}")
        finally:
            if worker is not None:  # cancelled (the client left, or shutdown): never reuse it
                self._background(self._retire(worker), "retire")

    async def _wait(self, worker: _Worker, key: bytes, remaining: Any) -> bool:
        """Wait for ``worker``'s next message (the check's notice, or the answer), moving it to
        the long lane when the CPU time it uses meanwhile passes ``short_s`` (or at once for a
        text that went there before); whether the message came in time."""
        fd = worker.conn.fileno()
        if key in self._long_texts:
            self._long_texts.move_to_end(key)
            if not worker.lowered:
                await self._lower(worker)
            return await _readable(fd, remaining())
        begun = _cpu_seconds(worker.pid)
        while remaining() > 0:
            if await _readable(fd, min(POLL_S, remaining())):
                return True
            if _cpu_seconds(worker.pid) - begun >= self.settings.short_s:
                _remember(self._long_texts, key, LONG_TEXTS)
                await self._lower(worker)
                return await _readable(fd, remaining())
        return False

    async def _lower(self, worker: _Worker) -> None:
        worker.lowered = True
        with contextlib.suppress(RuntimeError):
            await asyncio.to_thread(self.supervisor.lower, worker.pid)

    def _died(self, ended: dict[str, Any]) -> Reply:
        signal_number = ended.get("signal")
        if signal_number in (signal.SIGABRT, signal.SIGKILL):
            return Reply.error(422, f"the query was stopped: its worker ran out of the "
                                    f"{self.settings.max_memory_mb} MB a query may use "
                                    "(--max-memory)\n  fix: make the query more selective, or "
                                    "build shorter values")
        if signal_number is not None:
            return Reply.error(500, f"the query's worker was stopped by signal {signal_number}; "
                                    "it has been replaced")
        return Reply.error(500, f"the query worker ended unexpectedly ({ended}); it has been "
                                "replaced")

    def closing(self) -> bool:
        return self._closing

    async def stop(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        while self._idle:
            await self._retire(self._idle.popleft())
        if self._supervisor is not None:
            await asyncio.to_thread(self._supervisor.stop)


@contextmanager
def temporary_store(graph: Graph) -> Iterator[tuple[Path, int]]:
    """A read-only copy of ``graph`` on disk for the workers, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="migration-kg-serve-") as folder:
        directory = Path(folder) / "store"
        yield directory, prepare_store(graph, directory)
