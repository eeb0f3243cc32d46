"""``import-status`` on hand-written tables: what it writes, that it writes the same bytes every
time, that ids never move, and that every bad row is refused with its line and a fix while the
earlier data stays exactly as it was."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest
import yaml

from migration_kg.status.participants import ParticipantResolver, ascii_slug
from tests.helpers import ROOT, cli

HEADER = ("country_name,treaty_id,treaty_name,action_type,action_date,signature_date,"
          "treaty_open_year,mtdsg_no,source_url")
MEXICO = "Mexico,cmw,MWC,Ratification,1999-03-08,1991-05-22,1990,IV-13,u"
BOLIVIA = "Bolivia (Plurinational State of),cmw,MWC,Accession,2000-10-16,,1990,IV-13,u"
LUCIA = "St. Lucia,crc,CRC,Ratification,1993-06-16,1990-09-30,1989,IV-11,u"
SERBIA = "Serbia,cmw,MWC,,,2004-11-11,1990,IV-13,u"
GOOD = [MEXICO, BOLIVIA, LUCIA, SERBIA]
OPTIONS = ("--as-of", "2026-02-03", "--retrieved-from", "https://example.test/status.csv")


def _load_yaml(text: str) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(text)
    return loaded


def table(tmp_path: Path, rows: list[str], name: str = "status.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with the shipped registry and participants table, no status data yet."""
    root = tmp_path / "data"
    shutil.copytree(ROOT / "graph" / "registry", root / "registry")
    (root / "status").mkdir()
    shutil.copy(ROOT / "graph" / "status" / "participants.yaml", root / "status")
    return root


def actions(data: Path) -> list[dict[str, str]]:
    text = (data / "status" / "untc-chapter-iv" / "actions.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_table_becomes_actions_with_ids_codes_and_provenance(data: Path,
                                                               tmp_path: Path) -> None:
    source = table(tmp_path, GOOD)
    run = cli("import-status", source, *OPTIONS, "--data", data)
    assert run.code == 0, run.err
    rows = actions(data)
    assert [(r["party"], r["untc"], r["action"], r["date"]) for r in rows] == [
        ("saint-lucia", "IV-11", "signature", "1990-09-30"),
        ("saint-lucia", "IV-11", "ratification", "1993-06-16"),
        ("bolivia-plurinational-state-of", "IV-13", "accession", "2000-10-16"),
        ("mexico", "IV-13", "signature", "1991-05-22"),
        ("mexico", "IV-13", "ratification", "1999-03-08"),
        ("serbia", "IV-13", "signature", "2004-11-11"),
    ] or rows
    mexico = next(r for r in rows if r["party"] == "mexico")
    assert (mexico["instrument"], mexico["iso3166"], mexico["iso3166_alpha3"]) == \
        ("icrmw-1990", "MX", "MEX")
    lucia = next(r for r in rows if r["untc"] == "IV-11")
    assert (lucia["participant"], lucia["iso3166"], lucia["instrument"]) == \
        ("St. Lucia", "LC", "crc")
    meta = _load_yaml((data / "status" / "untc-chapter-iv" / "source.yaml").read_text())
    assert meta["input_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (meta["input_rows"], meta["actions"], meta["instruments"]) == \
        (4, 6, ["IV-11", "IV-13"])
    assert str(meta["status_as_at"]) == "2026-02-03"
    assert meta["retrieved_from"] == "https://example.test/status.csv"
    assert "6 treaty actions on 2 instruments" in run.err


def test_the_same_table_gives_the_same_bytes(data: Path, tmp_path: Path) -> None:
    source = table(tmp_path, GOOD)
    folder = data / "status" / "untc-chapter-iv"
    assert cli("import-status", source, *OPTIONS, "--data", data).code == 0
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    shuffled = table(tmp_path, list(reversed(GOOD)), "shuffled.csv")
    assert cli("import-status", shuffled, *OPTIONS, "--data", data).code == 0
    second = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert first["actions.csv"] == second["actions.csv"]
    assert sorted(first) == sorted(second) == ["actions.csv", "source.yaml"]


def test_a_state_keeps_its_id_when_the_depositary_renames_it(data: Path, tmp_path: Path) -> None:
    """Ids are stable: a later snapshot that writes "Plurinational State of Bolivia" (mapped
    to BO in participants.yaml) keeps the id the first import gave."""
    assert cli("import-status", table(tmp_path, GOOD), *OPTIONS, "--data", data).code == 0
    participants = data / "status" / "participants.yaml"
    participants.write_text(participants.read_text(encoding="utf-8")
                            + '  - {name: "Plurinational State of Bolivia", iso3166: BO}\n',
                            encoding="utf-8")
    renamed = BOLIVIA.replace("Bolivia (Plurinational State of)",
                              '"Plurinational State of Bolivia"')
    newer = table(tmp_path, [MEXICO, renamed], "newer.csv")
    assert cli("import-status", newer, *OPTIONS, "--data", data).code == 0
    bolivia = [r for r in actions(data) if r["iso3166"] == "BO"]
    assert {r["party"] for r in bolivia} == {"bolivia-plurinational-state-of"}
    assert {r["participant"] for r in bolivia} == {"Plurinational State of Bolivia"}


def test_the_imported_data_builds_and_is_queried(data: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.copytree(ROOT / "graph", full, ignore=shutil.ignore_patterns("untc-chapter-iv"))
    assert cli("import-status", table(tmp_path, GOOD), *OPTIONS, "--data", full).code == 0
    run = cli("query", "parties-at-date", "--data", full, "--format", "csv")
    assert run.code == 0, run.err
    parties = list(csv.DictReader(io.StringIO(run.out)))
    assert [(p["party"], p["act"], p["since"]) for p in parties] == [
        ("country:mexico", "ratification", "1999-03-08"),
        ("country:bolivia-plurinational-state-of", "accession", "2000-10-16")]


# ----------------------------------------------------------------------------- bad input

BAD_ROWS: list[tuple[list[str], int, str, str]] = [
    # rows, line of the error, message, fix
    ([MEXICO, MEXICO.replace("IV-13", "IV-99")], 3, "treaty IV-99 is not in the registry",
     "{scheme: untc, value: IV-99"),
    ([MEXICO, BOLIVIA.replace("Bolivia (Plurinational State of)", "Atlantis")], 3,
     "participant 'Atlantis' matches no ISO 3166-1 country", "status/participants.yaml"),
    ([MEXICO, BOLIVIA.replace("Bolivia (Plurinational State of)", "Republic of Korae")], 3,
     "participant 'Republic of Korae' matches no ISO 3166-1 country",
     "did you mean 'Republic of Korea'"),
    ([MEXICO.replace("Ratification", "Ratifcation")], 2,
     "action_type 'Ratifcation' is not a kind of consent", "Ratification, Accession"),
    ([MEXICO.replace("1999-03-08", "1999-02-30")], 2, "action_date '1999-02-30' is not a date",
     "YYYY-MM-DD"),
    ([MEXICO, BOLIVIA, MEXICO], 4, "'Mexico' has a second row for IV-13 (first at line 2)",
     "one row per participant"),
    ([MEXICO.replace("1999-03-08", "")], 2, "action_type and action_date go together",
     "give both"),
    (["Czechoslovakia,icescr,ICESCR,,,1981-03-10,1966,IV-3,u"], 2,
     "participant 'Czechoslovakia' (IV-3) is marked historic", "drop: true"),
    ([MEXICO, "Mexico,cmw,MWC,Ratification,1999-03-08,,1990,IV-13,u,extra"], 3,
     "the row has more fields than the header", "quote fields"),
]


@pytest.mark.parametrize(("rows", "line", "message", "fix"), BAD_ROWS,
                         ids=[m[:40] for _, _, m, _ in BAD_ROWS])
def test_a_bad_row_is_refused_with_its_line_and_nothing_changes(
        data: Path, tmp_path: Path, rows: list[str], line: int, message: str, fix: str) -> None:
    folder = data / "status" / "untc-chapter-iv"
    assert cli("import-status", table(tmp_path, GOOD, "good.csv"), *OPTIONS,
               "--data", data).code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    bad = table(tmp_path, rows, "bad.csv")
    run = cli("import-status", bad, *OPTIONS, "--data", data)
    assert run.code == 2
    assert f"{bad}:{line}: {message}" in run.err
    assert fix in run.err
    assert "Traceback" not in run.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_table_that_is_not_utf8_or_lacks_a_column_is_refused(data: Path,
                                                               tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\nC\xf4te d'Ivoire,cmw,x,Accession,2023-09-26,,1990,IV-13,u\n")
                      .encode("latin-1"))
    run = cli("import-status", latin, *OPTIONS, "--data", data)
    assert run.code == 2 and "not UTF-8 text" in run.err
    headless = tmp_path / "headless.csv"
    headless.write_text("country_name,mtdsg_no\nMexico,IV-13\n", encoding="utf-8")
    run = cli("import-status", headless, *OPTIONS, "--data", data)
    assert run.code == 2
    assert "missing column(s) action_type, action_date, signature_date" in run.err
    assert not (data / "status" / "untc-chapter-iv").exists()


def test_a_correction_that_matches_nothing_stops_the_import(data: Path, tmp_path: Path) -> None:
    folder = data / "status" / "untc-chapter-iv"
    folder.mkdir()
    (folder / "corrections.yaml").write_text(
        "corrections:\n"
        "  - id: stale\n"
        "    participant: Netherlands (Kingdom of the)\n"
        "    untc: IV-11\n"
        "    action: acceptance\n"
        "    why: the page says A\n"
        "    source: the page\n", encoding="utf-8")
    run = cli("import-status", table(tmp_path, GOOD), *OPTIONS, "--data", data)
    assert run.code == 2
    assert f"{folder / 'corrections.yaml'}:2: correction 'stale' matches no row" in run.err
    assert "remove the correction" in run.err
    assert not (folder / "actions.csv").exists()


def test_corrections_relabel_drop_and_add(data: Path, tmp_path: Path) -> None:
    folder = data / "status" / "untc-chapter-iv"
    folder.mkdir()
    (folder / "corrections.yaml").write_text(
        "corrections:\n"
        "  - {id: serbia-successor, participant: Serbia, untc: IV-13,"
        " signature: succession-to-signature, why: w, source: s}\n"
        "  - {id: no-lucia, participant: St. Lucia, untc: IV-11, drop: true, why: w, source: s}\n"
        "  - id: jamaica-denounced\n    participant: Jamaica\n    untc: IV-13\n"
        "    add:\n      - {action: accession, date: 1980-01-01}\n"
        "      - {action: denunciation, date: 1990-01-01, effective: 1990-04-01}\n"
        "    why: w\n    source: s\n"
        "known_gaps: [\"no reservations\"]\n", encoding="utf-8")
    assert cli("import-status", table(tmp_path, GOOD), *OPTIONS, "--data", data).code == 0
    rows = actions(data)
    assert not [r for r in rows if r["untc"] == "IV-11"]
    serbia = next(r for r in rows if r["party"] == "serbia")
    assert (serbia["action"], serbia["correction"]) == ("succession-to-signature",
                                                        "serbia-successor")
    jamaica = [(r["action"], r["date"], r["effective"]) for r in rows if r["party"] == "jamaica"]
    assert jamaica == [("accession", "1980-01-01", ""),
                       ("denunciation", "1990-01-01", "1990-04-01")]
    meta = _load_yaml((folder / "source.yaml").read_text(encoding="utf-8"))
    assert meta["corrections"] == ["serbia-successor", "no-lucia", "jamaica-denounced"]
    assert meta["known_gaps"] == ["no reservations"]


# ----------------------------------------------------------------------------- names


def test_every_participant_of_the_shipped_data_resolves_to_its_recorded_codes() -> None:
    """The mapping covers every name the UN Treaty Collection writes: the participants table
    first, then exact ISO 3166-1; a name that resolved differently would move a state."""
    from migration_kg.corpus.loader import Located, parse_list
    from migration_kg.status.schema import ParticipantName

    table_path = ROOT / "graph" / "status" / "participants.yaml"
    entries: list[Located[ParticipantName]] = parse_list(table_path, "participants",
                                                         ParticipantName)
    resolver = ParticipantResolver(entries, registry_countries={}, organizations={
        "european-union"})
    shipped = ROOT / "graph" / "status" / "untc-chapter-iv" / "actions.csv"
    recorded = {(r["participant"], r["iso3166"]) for r in csv.DictReader(
        io.StringIO(shipped.read_text(encoding="utf-8")))}
    assert len(recorded) == 198  # 193 UN members, 4 other states, the European Union
    for name, code in recorded:
        party = resolver.resolve(name, shipped, 0)
        assert (party.iso2 or "") == code, name
    korea = resolver.resolve("Republic of Korea", shipped, 0)
    assert (korea.iso2, korea.iso3) == ("KR", "KOR")  # never the DPRK, as fuzzy matching says
    assert resolver.resolve("Niger", shipped, 0).iso2 == "NE"  # never Nigeria


def test_slugs_are_plain_ascii() -> None:
    assert ascii_slug("Côte d'Ivoire") == "cote-d-ivoire"
    assert ascii_slug("Türkiye") == "turkiye"
    assert ascii_slug("Bolivia (Plurinational State of)") == "bolivia-plurinational-state-of"
