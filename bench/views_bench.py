"""Benchmark of the network views at scale: file size, time to write, time to draw, time to pan.

Generates seeded scale-free graphs shaped like a discourse network (people, instruments and
topics; edges of every tone), writes each view with :func:`migration_kg.views.write_view` and
opens it in headless Chromium (Debian's, through Playwright) with the network blocked. For each
size it reports medians over ``--runs`` runs of:

* write: seconds to lay out (igraph Fruchterman-Reingold), render and write the page;
* size: the page in MB;
* drawn: milliseconds from navigation start until vis-network's first ``afterDrawing`` (with
  physics off there is no stabilisation phase: the first drawing is the stable picture);
* pan: milliseconds for one pan (``moveTo`` 300 px) to be redrawn;
* drag: milliseconds for a 10-step mouse drag across the canvas, redraws included.

Usage: ``.venv/bin/python bench/views_bench.py [--sizes 1000 5000 20000] [--runs 3]``.
Not a test: the figures go into ``bench/README.md`` ("Views") with the machine they came from.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from migration_kg import views

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
KINDS = ("person", "person", "person", "organization", "instrument", "topic")
TONES = ("positive", "positive", "negative", "neutral", "mixed", "none")


def generated(n: int, *, seed: int = 1) -> nx.Graph:
    """A seeded Barabasi-Albert graph (about 2n edges) with the attributes views use."""
    rng = random.Random(seed)
    graph = nx.barabasi_albert_graph(n, 2, seed=seed)
    graph = nx.relabel_nodes(graph, {i: f"node:{i}" for i in graph.nodes})
    for node in graph.nodes:
        kind = rng.choice(KINDS)
        graph.nodes[node].update(label=f"{kind} {node[5:]}", kind=kind, category="")
    for u, v in graph.edges:
        graph.edges[u, v].update(weight=rng.randint(1, 5), tone=rng.choice(TONES),
                                 statements=f"statement:s{rng.randint(0, 9 * n)}")
    return graph


def open_and_time(browser, path: Path) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """(drawn ms, pan ms, drag ms) for one page load with the network blocked."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    outside: list[str] = []

    def route(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(("file:", "about:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri(), timeout=600_000)
    page.wait_for_function("() => window.mkgView && window.mkgView.ready === true",
                           timeout=600_000, polling=50)
    drawn = page.evaluate("mkgView.drawnAt")
    pan = page.evaluate("""() => new Promise((resolve) => {
        const t0 = performance.now();
        network.once('afterDrawing', () => resolve(performance.now() - t0));
        const p = network.getViewPosition();
        network.moveTo({position: {x: p.x + 300, y: p.y + 200}, animation: false});
    })""")
    box = page.locator("#mkg-network").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    count = page.evaluate("mkgView.drawCount")
    start = time.perf_counter()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 250, y + 150, steps=10)
    page.mouse.up()
    page.wait_for_function(f"() => mkgView.drawCount > {count}", timeout=600_000, polling=10)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    drag = (time.perf_counter() - start) * 1000
    context.close()
    if errors or outside:
        raise SystemExit(f"{path}: console errors {errors} or outside requests {outside}")
    return drawn, pan, drag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="keep the generated pages in DIR (to open them by hand)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="views-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            graph = generated(n)
            path = out_dir / f"generated-{n}.html"
            writes, draws, pans, drags = [], [], [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                page = views.write_view(graph, path, title=f"generated {n}")
                writes.append(time.perf_counter() - start)
                drawn, pan, drag = open_and_time(browser, path)
                draws.append(drawn)
                pans.append(pan)
                drags.append(drag)
            rows.append((n, page.edges, path.stat().st_size / 1e6, statistics.median(writes),
                         statistics.median(draws), statistics.median(pans),
                         statistics.median(drags)))
            print(f"{n} nodes done", file=sys.stderr)
        browser.close()
    print("| nodes | edges | size (MB) | write (s) | drawn (ms) | pan redraw (ms) "
          "| 10-step drag (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, edges, size, write, drawn, pan, drag in rows:
        print(f"| {n:,} | {edges:,} | {size:.1f} | {write:.2f} | {drawn:,.0f} | {pan:,.0f} "
              f"| {drag:,.0f} |")
    print(f"\n(medians of {args.runs} runs; pages in {out_dir})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
