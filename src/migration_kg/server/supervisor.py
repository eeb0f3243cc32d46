"""The supervisor: one process that forks the query workers, and outlives no one.

``serve`` starts it once (:meth:`Supervisor.start`) with the path of the temporary store. It
imports the query engine and warms the query checker once, then forks a worker whenever asked
(a fork of a warm process takes milliseconds, where starting a fresh interpreter took about a
second of CPU), and lowers, kills and reaps workers on request. It owns the cleanup:

* when ``serve`` ends in any way, ``kill -9`` included, the supervisor's end of their socket
  reads end-of-file; it then kills every worker, waits for them and deletes the store folder;
* every worker asks the kernel to kill it when the supervisor dies (``PR_SET_PDEATHSIG``), so
  no worker outlives the supervisor either, even one busy in a query that never ends.

Workers are killed and re-niced only through the supervisor, which reaps them itself: a
process id it has not reaped cannot have been reused, so a kill never hits another process.
A kill does not wait for the process to go (a busy process at the lowest priority can take a
moment to be scheduled to die); it is reaped at a later command.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

_PR_SET_PDEATHSIG = 1
_MESSAGE_BYTES = 65536


def die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when ``parent`` (the one that forked it) dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


class Supervisor:
    """The ``serve`` side: start the supervisor, then ask it for workers and their end."""

    def __init__(self, process: subprocess.Popen[bytes], control: socket.socket) -> None:
        self.process = process
        self.control = control
        self.lock = threading.Lock()

    @classmethod
    def start(cls, store_dir: Path, limits: dict[str, Any], remove: Path | None = None
              ) -> Supervisor:
        """Start the supervisor for the store at ``store_dir``; ``limits`` go to every worker
        (see :func:`migration_kg.server.workers.worker_main`); ``remove`` (the store's
        temporary folder) is deleted when the supervisor ends."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [sys.executable, "-c",
                   "from migration_kg.server.supervisor import main; main()",
                   str(theirs.fileno()), str(store_dir), json.dumps(limits),
                   str(remove) if remove is not None else ""]
        process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        supervisor = cls(process, ours)
        supervisor.call({"op": "ping"})
        return supervisor

    def call(self, command: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer (commands take milliseconds)."""
        with self.lock:
            try:
                socket.send_fds(self.control, [json.dumps(command).encode()], fds or [])
                answer = self.control.recv(_MESSAGE_BYTES)
            except OSError as exc:
                raise RuntimeError(f"the worker supervisor is gone ({exc})") from exc
        if not answer:
            raise RuntimeError(f"the worker supervisor ended (exit {self.process.poll()})")
        reply: dict[str, Any] = json.loads(answer)
        if "error" in reply:
            raise RuntimeError(f"the worker supervisor: {reply['error']}")
        return reply

    def fork(self, channel: int, *, low: bool = False) -> int:
        """A new worker talking over the socket ``channel`` (passed to it); its process id.
        ``low``: at the lowest CPU priority from the start (for a query known to be long)."""
        return int(self.call({"op": "fork", "low": low}, [channel])["pid"])

    def lower(self, pid: int) -> None:
        """Give worker ``pid`` the lowest CPU priority (a query in the long lane)."""
        self.call({"op": "lower", "pid": pid})

    def kill(self, pid: int) -> None:
        """Kill worker ``pid`` if it still runs (it is reaped later, without waiting)."""
        self.call({"op": "kill", "pid": pid})

    def ended(self, pid: int) -> dict[str, Any]:
        """How worker ``pid``, which has ended (its socket closed), did so: ``signal`` or
        ``exit``, and its peak memory (``peak_kb``); killed first if it still runs."""
        return self.call({"op": "ended", "pid": pid})

    def stop(self) -> None:
        """End the supervisor; it kills every worker and removes the store first."""
        with contextlib.suppress(OSError):
            self.control.close()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)


# ----------------------------------------------------------------------------- the process


def main() -> None:
    """The supervisor process (started by :meth:`Supervisor.start`)."""
    control = socket.socket(fileno=int(sys.argv[1]))
    store_dir, limits = Path(sys.argv[2]), json.loads(sys.argv[3])
    remove = Path(sys.argv[4]) if sys.argv[4] else None
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # serve decides when workers stop
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    from migration_kg.server.workers import warm_up, worker_main

    warm_up()  # imports and the query checker, once, before any fork
    me = os.getpid()
    workers: dict[int, dict[str, Any]] = {}
    try:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(control, _MESSAGE_BYTES, 4)
            except OSError:
                break
            if not message:
                break  # serve has ended, one way or another
            command = json.loads(message)
            _reap(workers)
            op = command.get("op")
            if op == "fork":
                pid = os.fork()
                if pid == 0:
                    try:
                        control.close()
                        die_with_parent(me)
                        worker_main(fds[0], str(store_dir), limits)
                    finally:
                        os._exit(0)
                for fd in fds:
                    os.close(fd)
                workers[pid] = {}
                if command.get("low"):
                    _lower(pid, workers)
                answer: dict[str, Any] = {"pid": pid}
            elif op == "lower":
                _lower(int(command["pid"]), workers)
                answer = {}
            elif op == "kill":
                _kill(int(command["pid"]), workers)
                answer = {}
            elif op == "ended":
                answer = _ended(int(command["pid"]), workers)
            elif op == "ping":
                answer = {}
            else:
                answer = {"error": f"unknown command {op!r}"}
            control.send(json.dumps(answer).encode())
    finally:
        for pid in list(workers):
            _kill(pid, workers)
        for pid in list(workers):
            _ended(pid, workers)
        if remove is not None:
            shutil.rmtree(remove, ignore_errors=True)


def _reap(workers: dict[int, dict[str, Any]]) -> None:
    """Reap every worker that has ended (without waiting); forget those killed on request."""
    for pid, ended in list(workers.items()):
        if not ended:
            _wait(pid, ended, os.WNOHANG)
        if ended and ended.get("killed"):
            del workers[pid]


def _wait(pid: int, ended: dict[str, Any], flags: int) -> None:
    try:
        done, status, usage = os.wait4(pid, flags)
    except ChildProcessError:
        ended.setdefault("exit", None)
        return
    if done == pid:
        ended["peak_kb"] = usage.ru_maxrss
        if os.WIFSIGNALED(status):
            ended["signal"] = os.WTERMSIG(status)
        else:
            ended["exit"] = os.WEXITSTATUS(status)


def _kill(pid: int, workers: dict[int, dict[str, Any]]) -> None:
    """SIGKILL a worker not yet reaped (so its pid cannot belong to another process)."""
    ended = workers.get(pid)
    if ended is None:
        return
    if not ended:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        ended["killed"] = True
        _wait(pid, ended, os.WNOHANG)
    else:
        del workers[pid]


def _ended(pid: int, workers: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Wait (a few seconds at most) for a worker that has ended, and forget it."""
    ended = workers.get(pid)
    if ended is None:
        return {"exit": None}
    for _ in range(200):
        if "signal" in ended or "exit" in ended:
            break
        _wait(pid, ended, os.WNOHANG)
        if "signal" in ended or "exit" in ended:
            break
        time.sleep(0.01)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait(pid, ended, 0)
    del workers[pid]
    ended.pop("killed", None)
    return ended


def _lower(pid: int, workers: dict[int, dict[str, Any]]) -> None:
    if pid not in workers or workers[pid]:
        return
    try:
        threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        threads = [pid]
    for thread in threads:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, thread, 19)
