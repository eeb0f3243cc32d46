"""The site's pages as HTML: an entity page (its sections), the index, and the report reader.

An entity page is a header (label, kind, IRI, its RDF), its neighbourhood in the full network,
then one block per section of :mod:`migration_kg.sparql.sections` that applies to its kind and
has rows. A section's rows become a table; IRIs link to their pages, quotes to their place in
the report reader; rows that differ only in their quote are one row with several quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from migration_kg.namespaces import compact, expand
from migration_kg.site.coverage import Coverage
from migration_kg.site.document import Links, esc, humanize
from migration_kg.site.entities import KINDS, PAGE_KINDS, Entity
from migration_kg.site.reader import Span, legend_html, reader_payload, text_html
from migration_kg.sparql.results import render
from migration_kg.sparql.sections import Record, Section, shown_columns

QUOTE = "quote"
MAX_ROWS = 400
"""Rows shown per section; a longer section says how many more there are (its RDF has all)."""


def cell_html(record: Record, column: str, links: Links) -> str:
    """One cell: a link for an IRI (with its label), the text of a literal, or nothing."""
    value = record.get(column)
    if value is None:
        return ""
    label = record.get(f"{column}Label")
    if isinstance(value, URIRef):
        return links.anchor(compact(str(value)), render(label) if label is not None else None)
    return esc(render(value))


def _group_key(record: Record, columns: Sequence[str], links: Links) -> tuple[str, ...]:
    return tuple(cell_html(record, c, links) or f"no {esc(humanize(c))}" for c in columns)


def section_html(section: Section, records: Sequence[Record], links: Links) -> str:
    """A section as HTML: headings for its groups, a table of its rows, quotes in place."""
    variables = list(records[0])
    columns = [c for c in shown_columns(variables) if c not in section.group]
    plain = [c for c in columns if c != QUOTE]
    groups: dict[tuple[str, ...], dict[tuple[str, ...], list[str]]] = {}
    for record in records:
        group = groups.setdefault(_group_key(record, section.group, links), {})
        row = tuple(cell_html(record, c, links) for c in plain)
        quotes = group.setdefault(row, [])
        if QUOTE in columns and record.get(QUOTE) is not None:
            quote = links.quote(str(record[QUOTE]), _compact(record.get("report")),
                                _int(record.get("start")), _int(record.get("end")))
            if quote not in quotes:
                quotes.append(quote)
    total = sum(len(rows) for rows in groups.values())
    out = [f'<section class="block" id="sec-{esc(section.key)}" aria-labelledby="h-'
           f'{esc(section.key)}"><h2 id="h-{esc(section.key)}">{esc(section.heading)} '
           f'<span class="count">({total})</span></h2>']
    head = "".join(f"<th scope=\"col\">{esc(humanize(c))}</th>" for c in columns)
    shown = 0
    previous: tuple[str, ...] = ()
    for key, rows in groups.items():
        for depth, part in enumerate(key):
            if key[:depth + 1] != previous[:depth + 1]:
                level = min(3 + depth, 6)
                out.append(f"<h{level}>{part}</h{level}>")
        previous = key
        body = []
        for row, quotes in rows.items():
            if shown >= MAX_ROWS:
                break
            shown += 1
            cells = iter(row)
            tds = []
            for column in columns:
                if column == QUOTE:
                    tds.append(f"<td>{'<br>'.join(quotes)}</td>")
                else:
                    tds.append(f"<td>{next(cells)}</td>")
            body.append(f"<tr>{''.join(tds)}</tr>")
        if body:
            out.append(f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
                       "</tbody></table>")
    if shown < total:
        out.append(f"<p>\u2026 and {total - shown} more rows; the page's Turtle and JSON-LD "
                   "have them all.</p>")
    out.append("</section>")
    return "".join(out)


def _compact(term: Node | None) -> str | None:
    return compact(str(term)) if isinstance(term, URIRef) else None


def _int(term: Node | None) -> int | None:
    if isinstance(term, Literal):
        value = term.toPython()
        return int(value) if isinstance(value, int | float) else None
    return None


def entity_page_body(entity: Entity, sections: Sequence[tuple[Section, Sequence[Record]]],
                     links: Links, ego: str | None, extra: str = "") -> str:
    """The ``<main>`` content of an entity's page."""
    kind = KINDS[entity.kind]
    name = entity.path.rsplit("/", 1)[-1]
    parts = [
        f"<h1>{esc(entity.label)}</h1>",
        f'<p class="what"><span class="kind">{esc(kind.name)}</span> \u00b7 '
        f'<code class="iri">{esc(expand(entity.id))}</code> \u00b7 '
        f'<a href="{esc(name)}.ttl" type="text/turtle">Turtle</a> \u00b7 '
        f'<a href="{esc(name)}.jsonld" type="application/ld+json">JSON-LD</a></p>',
    ]
    if extra:
        parts.append(extra)
    if ego:
        parts.append(ego)
        parts.append(f'<p><a href="{esc(links.root)}views/full.html#focus='
                     f'{esc(entity.id)}">Explore its neighbourhood in the full network view'
                     "</a></p>")
    if sections:
        toc = "".join(f'<li><a href="#sec-{esc(s.key)}">{esc(s.heading)}</a></li>'
                      for s, _ in sections)
        parts.append(f'<nav class="toc" aria-label="sections"><ul>{toc}</ul></nav>')
    parts.extend(section_html(section, rows, links) for section, rows in sections)
    return "\n".join(parts)


def index_body(pages: Mapping[str, Entity], counts: Mapping[str, int], links: Links,
               reports: Sequence[tuple[Entity, Coverage]], views: Sequence[tuple[str, str]],
               triples: int) -> str:
    """The index: what the graph holds, the reports, the network views, every entity by kind."""
    report_items = "".join(
        f"<li>{links.anchor(entity.id)}: read it with every evidence span highlighted. "
        f"{esc(cov.summary())}.</li>" for entity, cov in reports)
    view_items = "".join(f'<li><a href="views/{esc(name)}.html">{esc(title)}</a></li>'
                         for name, title in views)
    stats = ", ".join(k.counted(counts[k.name]) for k in PAGE_KINDS if counts.get(k.name))
    lists = []
    for kind in PAGE_KINDS:
        members = sorted((e for e in pages.values() if e.kind == kind.name),
                         key=lambda e: e.label.casefold())
        if not kind.indexed or not members:
            continue
        items = "".join(f"<li>{links.anchor(e.id)}</li>" for e in members)
        lists.append(f'<section class="kind-list" id="list-{esc(kind.name)}"><h3>'
                     f'{esc(kind.plural)} <span class="count">({len(members)})</span></h3>'
                     f"<ul>{items}</ul></section>")
    return "\n".join([
        "<h1>Who said what, about which instrument, on whose behalf, and who agrees with "
        "whom</h1>",
        f"<p>A knowledge graph of {esc(stats)} ({triples} triples), every fact with the words "
        "of the report it comes from.</p>",
        '<section class="block" aria-labelledby="h-search"><h2 id="h-search">Search</h2>'
        '<p><label for="mkg-search">Name, title or words of a statement</label> '
        '<input id="mkg-search" type="search" autocomplete="off"></p>'
        '<p id="mkg-search-status" role="status"></p><ul id="mkg-results"></ul></section>',
        f'<section class="block" aria-labelledby="h-reports"><h2 id="h-reports">Reports</h2>'
        f"<ul>{report_items}</ul></section>",
        f'<section class="block" aria-labelledby="h-views"><h2 id="h-views">Network views</h2>'
        f"<ul>{view_items}</ul></section>",
        '<section class="block" aria-labelledby="h-data"><h2 id="h-data">The data</h2><p>'
        'The dataset is described in <a href="void.ttl">VoID and DCAT</a>; the whole graph is '
        'in <a href="data/graph.ttl">Turtle</a>, <a href="data/graph.nt">N-Triples</a> and '
        '<a href="data/graph.jsonld">JSON-LD</a>; every page has its own Turtle and JSON-LD '
        "beside it.</p></section>",
        '<section class="block" id="browse" aria-labelledby="h-browse"><h2 id="h-browse">'
        f'Browse</h2><div class="lists">{"".join(lists)}</div></section>',
    ])


def search_entries(pages: Mapping[str, Entity]) -> list[list[str]]:
    """[label, kind, path] of every page, for the index's search."""
    return [[e.label, e.kind, e.path] for e in sorted(pages.values(),
                                                       key=lambda e: e.label.casefold())]


def reader_body(entity: Entity, text: str, spans: Sequence[Span], coverage: Coverage,
                stance_labels: Mapping[str, str], sections_html: str) -> tuple[str, Any]:
    """The report reader: its text with the spans, the toolbar, the details panel."""
    payload = reader_payload(spans, coverage, entity.id)
    name = entity.path.rsplit("/", 1)[-1]
    body = "\n".join([
        f"<h1>{esc(entity.label)}</h1>",
        f'<p class="what"><span class="kind">report</span> \u00b7 <code class="iri">'
        f'{esc(expand(entity.id))}</code> \u00b7 <a href="{esc(name)}.ttl" type="text/turtle">'
        f'Turtle</a> \u00b7 <a href="{esc(name)}.jsonld" type="application/ld+json">JSON-LD</a>'
        "</p>",
        '<div class="reader">',
        '<div class="tools" role="region" aria-label="reader tools">',
        f"<p>{esc(coverage.summary())}.</p>",
        '<p><label><input type="checkbox" id="mkg-coverage"> Coverage: highlight the '
        "sentences no annotation covers</label></p>",
        '<p id="mkg-coverage-status" role="status"></p>',
        legend_html(spans, stance_labels),
        "</div>",
        '<article class="text" id="mkg-text" aria-label="the report\'s text">'
        f"{text_html(text, spans, coverage)}</article>",
        '<aside class="panel" id="mkg-panel" aria-label="details" tabindex="-1">'
        "<h2>Details</h2><p>Select a highlighted passage to see the statement, its speaker "
        "and their pages. Links to a passage: <code>#char=START,END</code> or "
        "<code>#st-STATEMENT</code>.</p></aside>",
        '<div class="tip" id="mkg-tip" role="tooltip" hidden></div>',
        "</div>",
        f'<details class="about"><summary>About this report</summary>{sections_html}'
        "</details>",
    ])
    return body, payload
