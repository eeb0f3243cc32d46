"""What several test modules share: paths, the CLI runner, real servers and a real browser.

Fixtures live in ``conftest.py``; plain functions and classes live here so that any test
module can import them (``from tests.helpers import ...``).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DATA = TESTS / "data"
MINI = DATA / "valid" / "mini"
DELEGATIONS = DATA / "valid" / "delegations"
"""A fictional summary record where States, an organization and a group speak."""
INVALID = DATA / "invalid"

WAIT_S = 120
"""How long a test waits for a server or a page: only so a broken one cannot hang the suite."""
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy


# ----------------------------------------------------------------------------- the CLI


@dataclass
class CliRun:
    """What one in-process ``migration-kg`` call did."""

    code: int
    out: str
    err: str


def cli(*argv: str | Path) -> CliRun:
    """Run ``migration-kg argv`` in this process; exit code, stdout and stderr."""
    from migration_kg.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return CliRun(code, out.getvalue(), err.getvalue())


def cli_process(*argv: str | Path, env: dict[str, str] | None = None,
                cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``migration-kg argv`` as a separate process, as a user would."""
    return subprocess.run([sys.executable, "-m", "migration_kg.cli", *map(str, argv)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


# ----------------------------------------------------------------------------- results

EMPTY_ON_THE_REPORT = {
    "disagreements": "no speaker of the 2006 workshop rejects a claim another holds; "
                     "tests/sparql/test_queries.py proves the query on the mini corpus",
}
"""Competency queries whose true answer on the shipped report is empty, and why."""


def answers_something(name: str) -> bool:
    """Whether a shipped query must answer rows on the shipped data (see EMPTY_ON_THE_REPORT)."""
    return name not in EMPTY_ON_THE_REPORT



def multiset(rows: Sequence[Sequence[Any]]) -> Counter[tuple[str, ...]]:
    """Rows as a multiset of text tuples: order ignored, duplicates counted."""
    return Counter(tuple("" if c is None else str(c) for c in row) for row in rows)


def triples(graph: Graph) -> set[tuple[Any, Any, Any]]:
    """The triples of a graph with no blank nodes, as a set to compare exactly."""
    return set(graph)


# ----------------------------------------------------------------------------- servers


@dataclass
class Running:
    """A server subprocess and what it wrote on stderr."""

    process: subprocess.Popen[str]
    url: str
    log: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)


def start_process(command: list[str], ready: str, wait_s: float = WAIT_S) -> Running:
    """Start ``command``; wait for a stderr line containing ``ready`` (its URL follows it)."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    running = Running(process, "")
    found = threading.Event()

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            running.log.append(line)
            if ready in line and not found.is_set():
                running.url = line.split(ready, 1)[1].split()[0]
                found.set()
        found.set()

    threading.Thread(target=drain, daemon=True).start()
    if not found.wait(wait_s) or not running.url:
        running.stop()
        raise AssertionError("server did not start:\n" + "".join(running.log))
    return running


def start_serve(graph_file: Path, *extra: str) -> Running:
    """`migration-kg serve` on a free loopback port (--port 0; the URL is read from stderr)."""
    command = [sys.executable, "-m", "migration_kg.cli", "serve", "--graph", str(graph_file),
               "--port", "0", *extra]
    return start_process(command, " at ")


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body, for any status."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with DIRECT.open(request, timeout=WAIT_S) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, \
                response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


# ----------------------------------------------------------------------------- the browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = ("file:", "about:", "data:", "blob:")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (installed by ``make test``)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "run `make browser` (make test does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Opened:
    """A page opened with every request recorded, and its console errors."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside_requests(self, allowed: tuple[str, ...] = LOCAL_SCHEMES) -> list[str]:
        return [u for u in self.requests if not u.startswith(allowed)]


def open_page(browser: Any, url: str, *, allow: tuple[str, ...] = LOCAL_SCHEMES,
              **context_options: Any) -> Opened:
    """Open ``url``; every request outside ``allow`` is aborted (and recorded)."""
    context = browser.new_context(**context_options)
    opened = Opened(page=None)

    def route(route: Any) -> None:
        target = route.request.url
        opened.requests.append(target)
        if target.startswith(allow):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    opened.page = page
    page.goto(url)
    return opened


# ----------------------------------------------------------------------------- accessibility

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")
                   ) -> list[dict[str, Any]]:
    """The violations axe-core finds in ``page`` at these impacts, each with the elements.

    axe's own script comes from the pinned ``axe-playwright-python`` test dependency (nothing is
    fetched). It is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern, so the page is checked under its real policy.
    """
    import axe_playwright_python

    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
        encoding="utf-8")
    page.evaluate(source)
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                resultTypes: ['violations']});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            targets: v.nodes.map(n => n.target.join(' '))}));
           }""", list(AXE_TAGS))
    return [v for v in found if v["impact"] in impacts]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def resident_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (0 once it is gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
