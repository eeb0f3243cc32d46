"""The frame every site page shares: head, Content-Security-Policy, header, links, escaping.

Every page carries its style and script inline (``static/site.css``, ``static/site.js``),
allowed by hash in a Content-Security-Policy that allows nothing else, so the site works from
``file://`` and from any static host with no network at all. Every text from the graph goes
through :func:`esc` (or travels as script-safe JSON and is shown with ``textContent``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from migration_kg.namespaces import expand
from migration_kg.networks.style import SPEECH_ACT_COLOURS
from migration_kg.site.entities import Entity
from migration_kg.web import asset, csp_hash, script_json

SITE_NAME = "migration-kg"


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def root_of(path: str) -> str:
    """The relative prefix from the page at ``path`` (``person/x``) back to the site root."""
    return "../" * path.count("/")


def humanize(column: str) -> str:
    """``speechActs`` -> ``speech acts``: a query column as a table heading."""
    words: list[str] = []
    current = ""
    for char in column:
        if char.isupper() and current:
            words.append(current)
            current = char.lower()
        else:
            current += char
    words.append(current)
    return " ".join(words).replace("_", " ")


class Links:
    """Links from one page to the others, relative to that page's place in the site."""

    def __init__(self, pages: Mapping[str, Entity], root: str) -> None:
        self.pages = pages
        self.root = root

    def href(self, iri: str) -> str | None:
        """The relative link to the page of ``iri`` (compact), or None when it has none."""
        entity = self.pages.get(iri)
        return f"{self.root}{entity.path}.html" if entity is not None else None

    def anchor(self, iri: str, text: str | None = None) -> str:
        """``<a>`` to the page of ``iri`` showing ``text`` (its label), or plain text."""
        entity = self.pages.get(iri)
        shown = text if text is not None else (entity.label if entity else iri)
        if entity is None:
            return f'<span title="{esc(expand(iri))}">{esc(shown)}</span>'
        return f'<a href="{esc(self.root + entity.path)}.html">{esc(shown)}</a>'

    def quote(self, text: str, report: str | None, start: Any, end: Any) -> str:
        """A quotation that opens the report reader on it, highlighted."""
        entity = self.pages.get(report) if report else None
        body = f"\u201c{esc(' '.join(str(text).split()))}\u201d"
        if entity is None or start is None or end is None:
            return f'<span class="quote">{body}</span>'
        href = f"{self.root}{entity.path}.html#char={int(start)},{int(end)}"
        return (f'<a class="quote" href="{esc(href)}" title="Show it highlighted in the '
                f'report">{body}</a>')


def speech_act_css() -> str:
    """One rule per speech act: a light tint of its colour under marked text, a solid line."""
    return "".join(
        f"mark.a-{act},.key-{act}{{background:{colour}40;border-bottom:3px solid {colour}}}"
        for act, colour in SPEECH_ACT_COLOURS.items())


def page(*, title: str, path: str, body: str, kind: str, data: Any = None,
         alternates: Sequence[tuple[str, str]] = (), description: str = "") -> str:
    """A whole page: ``body`` inside the shared frame, with the inline style and script."""
    style = asset(__package__, "static/site.css") + speech_act_css()
    script = asset(__package__, "static/site.js")
    csp = (f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    root = root_of(path)
    links = "".join(f'<link rel="alternate" type="{esc(media)}" href="{esc(href)}">\n'
                    for media, href in alternates)
    meta = f'<meta name="description" content="{esc(description)}">\n' if description else ""
    payload = (f'<script type="application/json" id="mkg-page">{script_json(data)}</script>\n'
               if data is not None else "")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc(title)} \u2014 {SITE_NAME}</title>\n", meta, links,
        f"<style>{style}</style>\n</head>\n",
        f'<body data-page="{esc(kind)}" data-root="{esc(root)}">\n',
        '<a class="skip" href="#main">Skip to the content</a>\n',
        f'<header class="site"><a class="home" href="{esc(root)}index.html">{SITE_NAME}</a>',
        '<form class="find" role="search" action="#"><label for="mkg-find">Find</label>',
        '<input id="mkg-find" type="search" placeholder="a person, an instrument, a claim..." '
        'autocomplete="off"><button type="submit">Search</button></form>',
        f'<nav aria-label="site"><a href="{esc(root)}index.html#browse">Browse</a> '
        f'<a href="{esc(root)}views/full.html">Full network</a> '
        f'<a href="{esc(root)}void.ttl">Dataset (VoID)</a></nav></header>\n',
        f'<main id="main">\n{body}\n</main>\n',
        '<footer>Every fact links to its evidence in the report it comes from. Generated by '
        f'{SITE_NAME} from the RDF graph; the text of each report stays with its publisher.'
        "</footer>\n",
        payload, f"<script>{script}</script>\n</body>\n</html>\n",
    ])
