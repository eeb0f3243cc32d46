"""The strict YAML reader: no alias, anchor, tag, directive, duplicate key, control character
or runaway nesting gets in, plain scalars resolve as YAML 1.2 says (never into dates), and
every key and item keeps its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_kg.corpus.yamlfile import (
    MAX_DEPTH,
    YamlMapping,
    YamlSequence,
    line_of,
    parse_yaml,
)
from migration_kg.errors import InputError

WHERE = Path("x.yaml")


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, WHERE)
    return caught.value


@pytest.mark.parametrize(("text", "message", "line"), [
    ("a: 1\nb: &x 2\nc: *x\n", "anchors (&x)", 2),
    ("a: [1]\nb: *x\n", "aliases (*x)", 2),
    ("a: !!float x\n", "tags (tag:yaml.org,2002:float)", 1),
    ("a: !!python/name:os.system\n", "tags (tag:yaml.org,2002:python/name:os.system)", 1),
    ("a:\n  b: !!binary AAAA\n", "tags", 2),
    ("a: !!set {x: null}\n", "tags", 1),
    ("a: !!str 5\n", "tags", 1),
    ("%YAML 1.1\n---\na: 1\n", "directives", 1),
    ("%TAG ! tag:example.org,2000:\n---\na: 1\n", "directives", 1),
    ("a: 1\n---\nb: 2\n", "a second YAML document", 2),
    ("a: 1\nb: 2\na: 3\n", "duplicate key 'a' (first written at line 1)", 3),
    ("? [a, b]\n: c\n", "keys must be plain text", 1),
    ("a: " + "1" * 31 + "\n", "a whole number of 31 digits", 1),
    ("a: 1" + "0" * 4400 + "\n", "a whole number of 4401 digits", 1),
])
def test_what_annotation_files_never_need_is_refused(text: str, message: str,
                                                     line: int) -> None:
    error = refused(text)
    assert message in error.message
    assert error.line == line and error.path == WHERE


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    lines = ["x:", "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    error = refused("\n".join(lines))
    assert "anchors (&a)" in error.message and error.line == 2


@pytest.mark.parametrize(("escape", "code"), [
    ("\\0", "U+0000"), ("\\a", "U+0007"), ("\\e", "U+001B"), ("\\f", "U+000C"),
    ("\\v", "U+000B"), ("\\N", "U+0085"), ("\\L", "U+2028"), ("\\P", "U+2029"),
    ("\\x7f", "U+007F"), ("\\x9b", "U+009B"), ("\\r", "U+000D"),
])
def test_control_characters_in_a_value_are_refused(escape: str, code: str) -> None:
    error = refused(f'a: ok\nb: "text {escape} more"\n')
    assert f"control character {code}" in error.message and error.line == 2


def test_tabs_and_line_breaks_in_values_are_fine() -> None:
    assert parse_yaml('a: "one\\ttwo\\nthree"\nb: |\n  four\n  five\n', WHERE) == {
        "a": "one\ttwo\nthree", "b": "four\nfive\n"}


def test_nesting_past_the_limit_is_refused_not_a_crash() -> None:
    error = refused("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n")
    assert f"nested more than {MAX_DEPTH} levels" in error.message
    error = refused("a: " + "[" * 10000 + "]" * 10000 + "\n")  # libyaml's own limit
    assert "malformed YAML" in error.message and error.line == 1


@pytest.mark.parametrize(("text", "line"), [
    ('a: "\\U00110000"\n', 1), ('a: "\\ud800"\n', 1), ("%YAML 1.3\n---\na: 1\n", 1),
    ("a: [b\n", 2), ("a: b\x00c\n", 1),
])
def test_what_libyaml_refuses_is_an_input_error_with_its_line(text: str, line: int) -> None:
    error = refused(text)
    assert "malformed YAML" in error.message and error.line == line


def test_plain_scalars_resolve_as_yaml_1_2_says_and_dates_stay_text() -> None:
    document = parse_yaml(
        "null1: ~\nnull2: null\nnull3:\nyes: yes\ntrue1: true\nfalse1: False\nint: -12\n"
        "hex: 0x1F\noctal: 0o17\nfloat: 12.5\nexp: 1e3\ninf: .inf\nnan: .NaN\n"
        "date: 2006-13-45\nquoted: '12'\ntext: 12 states\n", WHERE)
    assert document == {
        "null1": None, "null2": None, "null3": None, "yes": "yes", "true1": True,
        "false1": False, "int": -12, "hex": 31, "octal": 15, "float": 12.5, "exp": 1000.0,
        "inf": float("inf"), "nan": document["nan"], "date": "2006-13-45", "quoted": "12",
        "text": "12 states"}
    assert document["nan"] != document["nan"]  # NaN: the schema refuses it, not the reader


def test_every_key_and_item_keeps_its_line() -> None:
    document = parse_yaml("# comment\nstatements:\n  - id: a\n    evidence:\n"
                          "      - \"one\"\n      - {quote: two, occurrence: 2}\n"
                          "  - id: b\n", WHERE)
    assert isinstance(document, YamlMapping)
    statements = document["statements"]
    assert isinstance(statements, YamlSequence)
    assert line_of(document, ["statements"]) == 2
    assert line_of(document, ["statements", 0]) == 3
    assert line_of(document, ["statements", 0, "evidence", 1]) == 6
    assert line_of(document, ["statements", 0, "evidence", 1, "quote"]) == 6
    assert line_of(document, ["statements", 1, "id"]) == 7
    assert line_of(document, ["statements", 5]) == 2  # as far as it goes


def test_an_empty_file_is_none() -> None:
    assert parse_yaml("# nothing\n", WHERE) is None
