"""The query workers: processes that each open the store read-only and answer one query at a
time, killed and replaced when a query outlives the time limit."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

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
from migration_kg.sparql.results import term_json
from migration_kg.store import ntriples


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


def execute(store: Any, text: str, accept: str | None, max_results: int) -> Reply:
    """Check, run and serialize one query; every failure is a Reply with a clear message."""
    import pyoxigraph as ox

    refusal = _verdict(text)
    if refusal is not None:
        return refusal
    try:
        result = store.query(text)
    except SyntaxError as exc:
        return Reply.error(400, f"SPARQL syntax error: {exc}")
    except Exception as exc:
        return Reply.error(500, f"the query failed: {type(exc).__name__}: {exc}")
    try:
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
            triples = []
            for triple in result:
                triples.append(triple)
                if len(triples) > max_results:
                    return _too_many(max_results, "triples")
            body = ox.serialize(triples, format=getattr(ox.RdfFormat, chosen[1])) or b""
            return Reply(200, content_type(chosen[0]), body)
        chosen = negotiate(accept, RESULT_TYPES)
        if chosen is None:
            return _not_acceptable(RESULT_TYPES)
        variables = [v.value for v in result.variables]
        bindings = []
        for solution in result:
            bindings.append({name: term_json(term) for name, term
                             in zip(variables, solution, strict=True) if term is not None})
            if len(bindings) > max_results:
                return _too_many(max_results, "rows")
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode()
        if chosen[1] != "JSON":
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(
                format=getattr(ox.QueryResultsFormat, chosen[1])) or b""
        return Reply(200, content_type(chosen[0]), body)
    except Exception as exc:  # evaluation errors surface while iterating
        return Reply.error(500, f"the query failed: {type(exc).__name__}: {exc}")


def _not_acceptable(offers: tuple[tuple[str, str], ...]) -> Reply:
    return Reply.error(406, "none of the media types in the Accept header can carry this "
                            "result\n  fix: accept one of " + ", ".join(m for m, _ in offers))


def _worker_main(conn: Connection, store_dir: str, max_results: int) -> None:
    """One query at a time: read (query, accept) from the pipe, answer a Reply, forever."""
    isolation = isolate_network()  # first, before anything starts a thread
    try:
        import pyoxigraph as ox

        store = ox.Store.read_only(store_dir)
        _verdict("ASK {}")  # import and warm the parser before reporting ready
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", isolation))
    while True:
        try:
            text, accept = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        conn.send(execute(store, text, accept, max_results))


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection


class WorkerPool:
    """Query workers that can be killed one by one: the time limit is a kill, not a request."""

    def __init__(self, store_dir: Path, settings: Settings) -> None:
        self.store_dir = store_dir
        self.settings = settings
        self.isolation: str | None = None
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._spares: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._closing = False

    def _spawn(self) -> _Worker:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, daemon=True, name="sparql-worker",
                                  args=(child, str(self.store_dir), self.settings.max_results))
        process.start()
        child.close()
        if not parent.poll(120):
            process.kill()
            raise RuntimeError("a query worker did not start within 120 s")
        try:
            state, detail = parent.recv()
        except EOFError:
            raise RuntimeError(f"a query worker died on start (exit {process.exitcode})") from None
        if state != "ready":
            process.kill()
            raise RuntimeError(f"a query worker could not open the store: {detail}")
        self.isolation = detail
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=self.settings.workers,
                                            thread_name_prefix="sparql-exchange")
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn)
                                         for _ in range(self.settings.workers + 1)))
        self._spares.put_nowait(workers.pop())
        for worker in workers:
            self._idle.put_nowait(worker)

    def _retire(self, worker: _Worker) -> None:
        self._all.discard(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    async def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; a warm spare takes its place at once, and a new spare is started.

        Without the spare, a killed worker leaves the pool one short for as long as a fresh
        process takes to start (about a second), and the load test showed every other query
        waiting behind that gap when a slow client kept hitting the time limit.
        """
        await asyncio.to_thread(self._retire, worker)
        if self._closing:
            return
        target = self._idle
        if not self._spares.empty():
            self._idle.put_nowait(self._spares.get_nowait())
            target = self._spares
        try:
            fresh = await asyncio.to_thread(self._spawn)
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return
        if self.closing():  # it may have started closing while the worker started
            await asyncio.to_thread(self._retire, fresh)
            return
        target.put_nowait(fresh)

    def closing(self) -> bool:
        return self._closing

    def _settle(self, worker: _Worker, outcome: Reply | str) -> None:
        if isinstance(outcome, str) or self._closing:
            task = asyncio.get_running_loop().create_task(self._replace(worker))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            self._idle.put_nowait(worker)

    def _exchange(self, worker: _Worker, text: str, accept: str | None) -> Reply | str:
        """Runs in a thread: hand the query over and wait at most ``timeout``.

        A string says why there is no reply ("timeout" or "died"); that worker is then replaced.
        """
        try:
            worker.conn.send((text, accept))
            if not worker.conn.poll(self.settings.timeout):
                return "timeout"
            reply: Reply = worker.conn.recv()
            return reply
        except (EOFError, OSError):
            return "died"

    async def run(self, text: str, accept: str | None) -> Reply:
        """Answer one query; waiting for a free worker is limited by the same time limit."""
        limit = self.settings.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=limit)
        except TimeoutError:
            return Reply.error(503, f"every query worker stayed busy for {limit:g} s; try again "
                                    "later\n  fix: run fewer slow queries at once, or start "
                                    "the server with more --workers")
        future = asyncio.get_running_loop().run_in_executor(
            self._executor, self._exchange, worker, text, accept)
        try:
            outcome = await asyncio.shield(future)
        except asyncio.CancelledError:  # the client went away: settle once the worker is done
            future.add_done_callback(lambda f: self._settle(
                worker, "died" if f.cancelled() or f.exception() else f.result()))
            raise
        self._settle(worker, outcome)
        if isinstance(outcome, Reply):
            return outcome
        if outcome == "timeout":
            return Reply.error(503, f"the query ran longer than the time limit of {limit:g} s "
                                    "(--timeout) and was stopped\n  fix: make the query more "
                                    "selective, or add LIMIT")
        return Reply.error(500, "the query worker died while running the query (out of memory?)"
                                "; it has been replaced")

    async def stop(self) -> None:
        self._closing = True
        for worker in list(self._all):
            await asyncio.to_thread(self._retire, worker)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def temporary_store(graph: Graph) -> Iterator[tuple[Path, int]]:
    """A read-only copy of ``graph`` on disk for the workers, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="migration-kg-serve-") as folder:
        directory = Path(folder) / "store"
        yield directory, prepare_store(graph, directory)
