"""Nothing from the data, a file or a store can drive the terminal: every control character
is printed as a visible escape, in data and in messages."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from migration_kg.terminal import printable, shortened
from tests.helpers import cli

HOSTILE = "red \x1b[31mtext\x1b[0m, bell \x07, title \x1b]0;owned\x07, back\rspace, csi \x9b2J, " \
          "bidi \u202eevil\u202c, tab\tand\nline"


def test_printable_makes_every_control_visible_but_tab_and_line_feed() -> None:
    shown = printable(HOSTILE)
    assert not any(c in shown for c in "\x1b\x07\r\x9b\u202e\u202c")
    assert "\\u001b[31m" in shown and "\\u0007" in shown and "\\u009b" in shown
    assert "\t" in shown and "\n" in shown
    assert json.loads('"' + printable("\x1b\x9b").replace('"', '\\"') + '"') == "\x1b\x9b"


def test_shortened_keeps_a_few_lines() -> None:
    text = "\n".join(f"line {i} \x1b[1m" for i in range(40))
    short = shortened(text, lines=3)
    assert short.count("\n") == 2 and short.endswith("[...]") and "\x1b" not in short


def test_the_command_line_prints_hostile_literals_visibly(tmp_path: Path) -> None:
    graph = Graph()
    graph.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal(HOSTILE)))
    path = tmp_path / "hostile.nt"
    graph.serialize(path, format="nt")
    for fmt in ("table", "csv", "md", "json"):
        done = cli("query", "-e", "SELECT ?o WHERE { ?s ?p ?o }", "--graph", path,
                   "--format", fmt)
        assert done.code == 0, done.err
        assert not any(c in done.out for c in "\x1b\x07\r\x9b\u202e"), fmt
        assert "\\u001b" in done.out
    done = cli("query", "-e", "SELECT ?o WHERE { ?s ?p ?o }", "--graph", path, "--format", "json")
    assert json.loads(done.out)["results"]["bindings"][0]["o"]["value"] == HOSTILE
