"""Every command, given bad arguments, exits 2 with a message that says what to fix, and never
shows a traceback (nor reaches the catch-all for unexpected errors, which would be a bug)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from migration_kg.cli import make_parser
from tests.helpers import MINI, cli

COMMANDS = sorted(next(a for a in make_parser()._actions
                       if isinstance(a, argparse._SubParsersAction)).choices)
MISSING = "/nonexistent/nowhere"

BAD: list[tuple[list[str], str]] = [
    (["build", "--data", MISSING], "data folder not found"),
    (["build", "--data", str(MINI / "registry" / "people.yaml")], "data folder not found"),
    (["validate", "--graph", MISSING + ".ttl"], "file not found"),
    (["validate", "--graph", str(MINI / "registry" / "people.yaml")], "unknown RDF file type"),
    (["query"], "give one of"),
    (["query", "speakers", "--all"], "give one of"),
    (["query", "--all", "--bind", "topic=topic:children", "--data", str(MINI)],
     "--bind does not apply to --all"),
    (["query", "speakers", "--bind", "novalue", "--data", str(MINI)], "not var=value"),
    (["query", "speakers", "--format", "xml"], "invalid choice"),
    (["query", "-e", "SELECT WHERE {", "--data", str(MINI)], "SPARQL syntax error"),
    (["query", "-e", "DELETE WHERE { ?s ?p ?o }", "--data", str(MINI)], "Update is not allowed"),
    (["query", "nope.rq"], "file not found"),
    (["query", "speakers", "--endpoint", "ftp://x/y"], "not an http(s) URL"),
    (["query", "speakers", "--endpoint", "http://127.0.0.1:9/q", "--data", str(MINI)],
     "no meaning with --endpoint"),
    (["stats", "--graph", MISSING + ".nt"], "file not found"),
    (["stats", "--store", "memory", "--store-dir", MISSING, "--data", str(MINI)],
     "needs --store oxigraph"),
    (["network", "nonsense"], "invalid choice"),
    (["network", "instrument-cocitation", "--level", "organization", "--data", str(MINI)],
     "--level does not apply to the instrument-cocitation network"),
    (["network", "instrument-cocitation", "--include-floor", "--data", str(MINI)],
     "--include-floor does not apply"),
    (["network", "full", "--normalization", "jaccard", "--data", str(MINI)],
     "does not apply to the full network"),
    (["network", "congruence", "--format", "csv", "--data", str(MINI)], "needs --out"),
    (["view", "congruence", "--out", "x.png", "--data", str(MINI)], "must end in .html"),
    (["view", "congruence", "--depth", "2", "--data", str(MINI)], "--depth needs --focus"),
    (["view", "congruence", "--focus", "x", "--depth", "-1"], "must be 0 or more"),
    (["view", "congruence", "--focus", "person:nobody", "--data", str(MINI)], "no node"),
    (["measures", "centrality", "--top", "0"], "must be 1 or more"),
    (["measures", "most-cited", "--level", "organization", "--data", str(MINI)],
     "apply only to centrality"),
    (["measures", "bridges", "--poles", "topic:nothing", "topic:development", "--data",
      str(MINI)], "is not a topic of the graph"),
    (["measures", "centrality", "--poles", "a", "b", "--data", str(MINI)],
     "--poles applies only to bridges"),
    (["serve", "--timeout", "-1", "--data", str(MINI)], "--timeout must be"),
    (["serve", "--workers", "0"], "must be 1 or more"),
    (["serve", "--port", "notaport"], "invalid int value"),
    (["serve", "--site", MISSING, "--data", str(MINI)], "not a site written by"),
    (["serve", "--site", str(MINI), "--no-site"], "not allowed with argument"),
    (["site", "--out", str(MINI / "registry" / "people.yaml"), "--data", str(MINI)],
     "names a file"),
    (["site", "--endpoint", "ftp://x/sparql", "--data", str(MINI)], "not an http(s) URL"),
    (["site", "--graph", MISSING + ".nt"], "file not found"),
    (["push", "file:///etc/passwd"], "not an http(s) URL"),
    (["push", "http://user:pw@127.0.0.1:9/store"], "user name or password"),
    (["push", "http://127.0.0.1:9/store", "--graph", "not an iri"], "not an absolute IRI"),
    (["import-status", MISSING + ".csv", "--as-of", "2026-02-03", "--retrieved-from", "x",
      "--data", str(MINI)], "file not found"),
    (["import-status", MISSING + ".csv", "--as-of", "2026-13-45", "--retrieved-from", "x",
      "--data", str(MINI)], "is not a date"),
    (["import-status", MISSING + ".csv", "--as-of", "2026-02-03"],
     "the following arguments are required: --retrieved-from"),
    (["new-report", "2024-01-01-x", "--source", MISSING + ".txt", "--title", "T", "--date",
      "2024-01-01", "--data", MISSING], "no registry/ folder here"),
    (["new-report", "2024-01-01-x", "--title", "T", "--date", "2024-01-01"],
     "the following arguments are required: --source"),
    (["draft", "2024-01-01-nothing", "--data", str(MINI)], "no report '2024-01-01-nothing'"),
    (["draft", "x", "--data", MISSING], "no report 'x'"),
    (["review", "2024-01-01-nothing", "list", "--data", str(MINI)], "no report"),
    (["review", "2010-07-01-test-workshop", "list", "--data", str(MINI)],
     "this report has no drafts"),
    (["review", "2010-07-01-test-workshop", "approve"], "invalid choice"),
]


def test_the_bad_cases_cover_every_command() -> None:
    assert COMMANDS and {argv[0] for argv, _ in BAD} == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_exits_2_with_usage(command: str) -> None:
    run = cli(command, "--no-such-option")
    assert run.code == 2
    assert f"migration-kg {command}: error:" in run.err
    assert f"fix: see `migration-kg {command} --help`" in run.err


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[" ".join(a)[:60] for a, _ in BAD])
def test_bad_arguments_exit_2_with_a_message(argv: list[str], message: str,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.chdir(tmp_path)  # nothing is written next to the sources
    run = cli(*argv)
    assert run.code == 2, (run.out, run.err)
    assert message in run.err, run.err
    assert "Traceback" not in run.err
    assert "unexpected" not in run.err, "the catch-all fired: a missing error message"
    assert list(tmp_path.iterdir()) == []
