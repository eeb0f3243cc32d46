"""The endpoint's query page: a form, the shipped queries as examples, results as a table.

Its script and style are package files (``static/``), inlined and allowed by hash in a strict
Content-Security-Policy; the examples travel as script-safe JSON.
"""

from __future__ import annotations

import functools
import html

from migration_kg.namespaces import BASE, MKG
from migration_kg.server.negotiate import GRAPH_TYPES, RESULT_TYPES
from migration_kg.server.settings import Settings
from migration_kg.web import asset, csp_hash, script_json


@functools.lru_cache(maxsize=2)
def query_page(settings: Settings, site: bool = False) -> tuple[str, str]:
    """The query page and its Content-Security-Policy: no external resource, no eval.

    With ``site`` (the server serves the site too), IRIs in results link to their pages here.
    """
    from migration_kg.sparql.files import shipped_queries

    examples = {q.name: q.text for q in shipped_queries()}
    links = script_json({"base": BASE, "ontology": str(MKG._NS)} if site else None)
    first = next(iter(examples.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    data = script_json(examples)
    script = asset(__package__, "static/query.js")
    style = asset(__package__, "static/query.css")
    csp = ("default-src 'none'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
           f"frame-ancestors 'none'; script-src {csp_hash(script)}; "
           f"style-src {csp_hash(style)}")
    options = "".join(f'<option value="{html.escape(m)}">{html.escape(m)}</option>'
                      for m, _ in RESULT_TYPES + GRAPH_TYPES[:1] + GRAPH_TYPES[2:3])
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>migration-kg SPARQL endpoint</title>
<style>{style}</style></head><body>
<h1>migration-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the migration knowledge graph at <code>/sparql</code>
(GET <code>?query=</code>, or POST). Each query may run {settings.timeout:g} s and return
{settings.max_results} rows; <code>SERVICE</code>, <code>FROM</code> and updates are refused.</p>
<form id="form">
<label>Example <select id="example"><option value="">(choose a shipped query)</option></select>
</label>
<textarea id="query" name="query" spellcheck="false">{html.escape(first)}</textarea>
<label>Results as <select id="accept">{options}</select></label>
<button type="submit">Run</button> <span id="state"></span>
</form>
<div id="out"></div>
<script type="application/json" id="examples">{data}</script>
<script type="application/json" id="links">{links}</script>
<script>{script}</script>
</body></html>
"""
    return page, csp

