"""Take the README's screenshots from a built site, in headless Chromium (network blocked).

    .venv/bin/migration-kg site --out build/site
    .venv/bin/python scripts/screenshots.py build/site docs/

Writes ``index.png``, ``person.png`` (Mary Robinson), ``reader.png`` (the report on one of her
quotes, coverage mode on) and ``full-view.png`` (the full network at the report's size).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZE = {"width": 1280, "height": 800}
SHOTS = (
    ("index.png", "index.html", None),
    ("person.png", "person/mary-robinson.html", None),
    ("reader.png", "report/2006-06-27-migration-and-human-rights.html#st-robinson-ratify-icrmw",
     "reader"),
    ("full-view.png", "views/full.html", "view"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, page_path, kind in SHOTS:
            context = browser.new_context(viewport=SIZE)
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("file:") else route.abort())
            page = context.new_page()
            page.goto((args.site / page_path.split("#")[0]).resolve().as_uri()
                      + ("#" + page_path.split("#")[1] if "#" in page_path else ""))
            if kind == "view":
                page.wait_for_function("() => window.mkgView && mkgView.ready")
                page.evaluate("mkgView.showNode('person:mary-robinson')")
            if kind == "reader":
                page.wait_for_function("() => window.mkgReader && mkgReader.ready")
                page.check("#mkg-coverage")
                page.evaluate("document.querySelector('mark.target').scrollIntoView("
                              "{block: 'center'})")
            page.screenshot(path=str(args.out / name))
            context.close()
            print(args.out / name)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
