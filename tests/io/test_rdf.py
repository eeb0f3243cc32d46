"""RDF input is refused before parsing when it would fetch, expand or exhaust: remote and
nested JSON-LD contexts, DOCTYPE entities, devices behind symlinks, terms over 16 MiB; and the
formats Oxigraph reads never go through rdflib's own parsers (quadratic on long lines)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from migration_kg.errors import InputError
from migration_kg.io.rdf import parse_rdf_file
from migration_kg.store import StoreKind, load_file
from tests.fuzz import Trap
from tests.helpers import cli

STORES = [StoreKind.OXIGRAPH, StoreKind.MEMORY]


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    listener = Trap()
    yield listener
    listener.close()


def jsonld(tmp_path: Path, context: object, name: str = "g.jsonld") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"@context": context, "@id": "http://e/s", "p": "x"}),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", [
    lambda url: url, lambda url: [url], lambda url: [[url]], lambda url: [None, [[url]]],
    lambda url: {"@import": url}, lambda url: [{"p": {"@id": "http://e/p", "@context": url}}],
])
@pytest.mark.parametrize("store", STORES)
def test_a_context_anywhere_but_inline_is_refused_and_never_fetched(
        tmp_path: Path, trap: Trap, shape: object, store: StoreKind) -> None:
    path = jsonld(tmp_path, shape(trap.url + "context.jsonld"))  # type: ignore[operator]
    before = trap.connections
    with pytest.raises(InputError, match="not inline"):
        load_file(path, store)
    assert trap.connections == before


def test_a_local_file_is_never_read_as_a_context(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text(json.dumps({"@context": {"p": "http://secret/"}}))
    path = jsonld(tmp_path, [["secret.json"]])
    with pytest.raises(InputError, match="not inline") as caught:
        parse_rdf_file(path)
    assert caught.value.line == 1


def test_an_inline_context_still_works(tmp_path: Path) -> None:
    graph = parse_rdf_file(jsonld(tmp_path, {"p": "http://e/p"}))
    assert set(graph) == {(URIRef("http://e/s"), URIRef("http://e/p"), Literal("x"))}


@pytest.mark.parametrize("depth", [150, 100_000])
def test_deep_json_is_refused_with_a_message(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "http://e/s", "http://e/p": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(InputError, match="nested more than 100 levels"):
        parse_rdf_file(path)


BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "lollollollollollol">\n'
        + "".join(f' <!ENTITY {c} "{("&" + p + ";") * 10}">\n'
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True))
        + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          'xmlns:e="http://e/">\n<rdf:Description rdf:about="http://e/s"><e:p>&i;</e:p>'
          '</rdf:Description>\n</rdf:RDF>\n')


@pytest.mark.parametrize("store", STORES)
def test_xml_entities_are_refused_before_parsing(tmp_path: Path, trap: Trap,
                                                 store: StoreKind) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(BOMB)
    with pytest.raises(InputError, match="DOCTYPE") as caught:
        load_file(bomb, store)
    assert caught.value.line == 2 and len(BOMB) < 1000
    external = tmp_path / "external.rdf"
    external.write_text(BOMB.replace('"lollollollollollol"', f'SYSTEM "{trap.url}"'))
    before = trap.connections
    with pytest.raises(InputError, match="DOCTYPE"):
        load_file(external, store)
    assert trap.connections == before
    utf16 = tmp_path / "utf16.rdf"
    utf16.write_bytes(BOMB.encode("utf-16"))
    with pytest.raises(InputError, match="NUL bytes"):
        load_file(utf16, store)


def test_plain_rdf_xml_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "plain.rdf"
    path.write_text(BOMB.split("]>\n", 1)[1].replace("&i;", "lol"))
    assert len(parse_rdf_file(path)) == 1


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "folder", "fifo"])
def test_only_regular_files_are_read_even_through_a_symlink(
        tmp_path: Path, store: StoreKind, target: str) -> None:
    if target == "folder":
        (tmp_path / "folder").mkdir()
        target = str(tmp_path / "folder")
    elif target == "fifo":
        os.mkfifo(tmp_path / "fifo")
        target = str(tmp_path / "fifo")
    link = tmp_path / "graph.nt"
    link.symlink_to(target)
    with pytest.raises(InputError, match="not a regular file"):
        load_file(link, store)


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("suffix", [".nt", ".ttl"])
def test_a_term_over_16_mib_is_a_clear_error(tmp_path: Path, store: StoreKind,
                                             suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    with path.open("w") as handle:
        handle.write('<http://e/s> <http://e/p> "')
        handle.write("a" * (17 << 20))
        handle.write('" .\n')
    with pytest.raises(InputError, match="longer than 16 MiB"):
        load_file(path, store)


def test_long_terms_are_read_without_rdflibs_parsers(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib's N-Triples parser took 7 s for one 1 MiB line, growing with its square (a 10 MB
    IRI ran past a minute); every Oxigraph format is read by Oxigraph, into rdflib too."""
    from rdflib.plugins.parsers import notation3, ntriples

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("rdflib's parser was used")

    monkeypatch.setattr(ntriples.W3CNTriplesParser, "parse", refuse)
    monkeypatch.setattr(notation3.TurtleParser, "parse", refuse)
    long_iri = "http://e/" + "a" * (10 << 20)
    for suffix in (".nt", ".ttl"):
        path = tmp_path / f"long{suffix}"
        path.write_text(f'<http://e/s> <http://e/p> <{long_iri}> .\n')
        graph = parse_rdf_file(path)
        assert set(graph.objects()) == {URIRef(long_iri)}


@pytest.mark.parametrize("store", STORES)
def test_invalid_iris_are_errors_with_their_line(tmp_path: Path, store: StoreKind) -> None:
    path = tmp_path / "bad.nt"
    path.write_text('<http://e/s> <http://e/p> "ok" .\n<http://e/s> <http://e/p> '
                    "<http://e/a{b}> .\n")
    with pytest.raises(InputError, match="Invalid IRI code point") as caught:
        load_file(path, store)
    assert caught.value.line == 2


def test_validate_reports_an_invalid_iri_as_bad_input(tmp_path: Path) -> None:
    """It used to pass rdflib's parser and end in a traceback when copied into Oxigraph."""
    path = tmp_path / "bad.nt"
    path.write_text("<http://e/s> <http://e/p> <http://e/a{b}> .\n")
    done = cli("validate", "--graph", path)
    assert done.code == 2 and f"{path}:1: cannot parse nt" in done.err
    assert "unexpected" not in done.err


def test_quad_formats_read_their_default_graph_into_rdflib(tmp_path: Path) -> None:
    path = tmp_path / "g.trig"
    path.write_text('<http://e/a> <http://e/p> "d" .\n<http://e/g> { <http://e/b> <http://e/p> '
                    '"n" . }\n')
    assert set(parse_rdf_file(path)) == set(
        Graph().parse(data=path.read_text(), format="trig"))
