"""``import-status``: a depositary's status table in, ``status/<dataset>/`` out, reproducibly.

The input is a table with one row per participant and treaty, as the UN Treaty Collection's
status pages give it (columns ``country_name``, ``mtdsg_no``, ``action_type``,
``action_date``, ``signature_date``; other columns are ignored). Each row becomes up to two
treaty actions: the signature, and the consent to be bound. The curators' corrections of the
dataset are applied, each one required to match what it corrects, so a stale correction is an
error rather than a silent no-op. Every problem in the input is reported with its line and a
suggestion, and nothing is written unless everything is right; then ``actions.csv`` and
``source.yaml`` are replaced together. The same input and corrections always give the same
bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migration_kg import __version__
from migration_kg.corpus.layout import DataLayout, StatusLayout
from migration_kg.corpus.loader import Corpus, Located, load_registry, parse_list
from migration_kg.corpus.yamlfile import parse_file
from migration_kg.errors import InputError, InputErrors
from migration_kg.io.atomic import write_files
from migration_kg.io.text import decode, read_bytes
from migration_kg.status.dataset import read_actions
from migration_kg.status.participants import ParticipantResolver, Party
from migration_kg.status.schema import (
    ACTION_COLUMNS,
    Action,
    Correction,
    CorrectionsFile,
    ParticipantName,
    SourceMeta,
)

REQUIRED_COLUMNS = ("country_name", "mtdsg_no", "action_type", "action_date", "signature_date")
ACTION_TYPES = {
    "ratification": "ratification", "accession": "accession", "succession": "succession",
    "acceptance": "acceptance", "approval": "approval",
    "formal confirmation": "formal-confirmation",
}
"""The depositary's words for consent to be bound -> the treaty-action scheme."""
SIGNATURE, CONSENT, DENUNCIATION = "signature", "consent-to-be-bound", "denunciation"
UNTC_CHAPTER_IV = "https://treaties.un.org/Pages/Treaties.aspx?id=4&subid=A&clang=_en"


@dataclass(frozen=True)
class ImportOptions:
    """Provenance the input file cannot say itself."""

    dataset: str
    status_as_at: dt.date
    retrieved_from: str
    title: str = "UN Treaty Collection, chapter IV (human rights): status of treaties"
    landing_page: str = UNTC_CHAPTER_IV
    publisher: str = "ola-treaty-section"


@dataclass
class ImportSummary:
    dataset: str
    input_rows: int
    actions: int
    instruments: list[str]
    new_countries: int
    corrections: list[str]
    written: list[Path] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    participant: str
    party: Party
    untc: str
    instrument: str
    consent: str | None
    consent_date: dt.date | None
    signature_date: dt.date | None
    signature: str = SIGNATURE
    correction: str | None = None


def import_status(source: Path, data_dir: Path, options: ImportOptions) -> ImportSummary:
    """Import ``source`` into ``data_dir/status/<dataset>/``; all or nothing."""
    source = Path(source)
    registry = load_registry(data_dir)
    layout = DataLayout(Path(data_dir))
    target = layout.status_dataset(options.dataset)
    data = read_bytes(source, missing_hint="give the path of the status table (CSV)")
    text = decode(data, source)
    errors: list[InputError] = []

    kinds = _scheme_ids(registry, "treaty-actions", layout)
    if options.publisher not in registry.entities["organizations"]:
        errors.append(InputError(f"publisher '{options.publisher}' is not in the registry",
                                 layout.registry_file("organizations.yaml"),
                                 hint="give --publisher an organization id"))
    participants = _read_participants(layout, errors)
    corrections = _read_corrections(target, errors)
    resolver = ParticipantResolver(
        participants,
        registry_countries=registry.ids_by_identifier("countries", "iso3166-1-alpha-2"),
        organizations=set(registry.entities["organizations"]),
        known_ids=_known_ids(target))
    instruments = registry.ids_by_identifier("instruments", "untc")
    rows = _read_rows(source, text, instruments, resolver, errors)
    added: list[Action] = []
    if corrections is not None:
        rows, added = _apply(corrections, rows, resolver, instruments, kinds, errors)
    for row in rows:
        if row.party.historic:
            errors.append(InputError(
                f"participant '{row.participant}' ({row.untc}) is marked historic in "
                "participants.yaml, and no correction drops or maps its row", source, row.line,
                hint="add a correction (drop: true) with the reason, in "
                     f"{target.corrections_yaml}"))
    if errors:
        raise InputErrors(errors)

    actions = _actions(rows, added)
    meta = SourceMeta(
        dataset=options.dataset, title=options.title, publisher=options.publisher,
        landing_page=options.landing_page, status_as_at=options.status_as_at,
        retrieved_from=options.retrieved_from,
        input_sha256=hashlib.sha256(data).hexdigest(), input_rows=_count_rows(text),
        actions=len(actions), instruments=sorted({r.untc for r in rows}, key=_untc_key),
        corrections=[c.item.id for c in corrections.corrections] if corrections else [],
        known_gaps=list(corrections.known_gaps) if corrections else [],
        imported_with=f"migration-kg {__version__} import-status")
    written = write_files({target.actions_csv: actions_csv(actions),
                           target.source_yaml: source_yaml(meta)})
    countries = {a.party for a in actions if a.iso3166} - set(registry.entities["countries"])
    return ImportSummary(options.dataset, meta.input_rows, len(actions), meta.instruments,
                         len(countries), meta.corrections, written)


# ----------------------------------------------------------------------------- inputs


def _scheme_ids(registry: Corpus, key: str, layout: DataLayout) -> dict[str, str | None]:
    """Concept id -> its broader concept, for a scheme the import needs."""
    scheme = registry.scheme(key)
    if scheme is None:
        raise InputError(f"the registry has no {key}.yaml", layout.registry_file(f"{key}.yaml"),
                         hint="the treaty-action scheme is needed to import status data")
    return {c.id: c.broader for c in scheme.concepts}


def _read_participants(layout: DataLayout, errors: list[InputError]
                       ) -> list[Located[ParticipantName]]:
    path = layout.participants_yaml
    if not path.exists():
        return []
    try:
        return parse_list(path, "participants", ParticipantName)
    except InputErrors as exc:
        errors.extend(exc.errors)
    except InputError as exc:
        errors.append(exc)
    return []


@dataclass
class _Corrections:
    corrections: list[Located[Correction]]
    known_gaps: list[str]


def _read_corrections(target: StatusLayout, errors: list[InputError]) -> _Corrections | None:
    path = target.corrections_yaml
    if not path.exists():
        return None
    try:
        parsed, raw = parse_file(path, CorrectionsFile)
    except InputErrors as exc:
        errors.extend(exc.errors)
        return None
    except InputError as exc:
        errors.append(exc)
        return None
    from migration_kg.corpus.loader import locate

    return _Corrections(locate(parsed.corrections, raw, "corrections", path),
                        list(parsed.known_gaps))


def _known_ids(target: StatusLayout) -> dict[str, str]:
    """ISO alpha-2 -> the id an earlier import gave, so ids never change on re-import."""
    if not target.actions_csv.exists():
        return {}
    try:
        return {a.item.iso3166: a.item.party for a in read_actions(target) if a.item.iso3166}
    except (InputError, InputErrors):
        return {}


def _count_rows(text: str) -> int:
    return sum(1 for _ in csv.DictReader(io.StringIO(text, newline="")))


def _date(value: str, column: str, source: Path, line: int,
          errors: list[InputError]) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(InputError(f"{column} '{value}' is not a date", source, line,
                                 hint="write dates as YYYY-MM-DD"))
        return None


def _read_rows(source: Path, text: str, instruments: dict[str, str],
               resolver: ParticipantResolver, errors: list[InputError]) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        errors.append(InputError(f"missing column(s) {', '.join(missing)}", source, 1,
                                 hint="the header needs " + ",".join(REQUIRED_COLUMNS)))
        return []
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        for record in reader:
            line = reader.line_num
            row = _row(record, line, source, instruments, resolver, errors)
            if row is None:
                continue
            key = (row.participant, row.untc)
            if key in seen:
                errors.append(InputError(
                    f"'{row.participant}' has a second row for {row.untc} (first at line "
                    f"{seen[key]})", source, line, hint="keep one row per participant and treaty"))
                continue
            seen[key] = line
            rows.append(row)
    except csv.Error as exc:
        errors.append(InputError(f"malformed CSV: {exc}", source, reader.line_num,
                                 hint="check the quoting of this line"))
    if not rows and not errors:
        errors.append(InputError("the table has no rows", source,
                                 hint="give a status table with one row per participant"))
    return rows


def _row(record: dict[str, Any], line: int, source: Path, instruments: dict[str, str],
         resolver: ParticipantResolver, errors: list[InputError]) -> _Row | None:
    if None in record:
        errors.append(InputError("the row has more fields than the header", source, line,
                                 hint="quote fields that contain commas"))
        return None
    name = (record.get("country_name") or "").strip()
    untc = (record.get("mtdsg_no") or "").strip()
    if not name or not untc:
        errors.append(InputError("a row needs country_name and mtdsg_no", source, line,
                                 hint="fill both columns"))
        return None
    instrument = instruments.get(untc)
    if instrument is None:
        close = difflib.get_close_matches(untc, list(instruments), n=1, cutoff=0.7)
        errors.append(InputError(
            f"treaty {untc} is not in the registry", source, line,
            hint=(f"did you mean {close[0]}? Otherwise a" if close else "A")
            + f"dd the instrument to registry/instruments.yaml with "
              f"{{scheme: untc, value: {untc}, source: ...}} among its identifiers"))
        return None
    try:
        party = resolver.resolve(name, source, line)
    except InputError as exc:
        errors.append(exc)
        return None
    kind_text = (record.get("action_type") or "").strip()
    consent = ACTION_TYPES.get(kind_text.lower()) if kind_text else None
    if kind_text and consent is None:
        errors.append(InputError(f"action_type '{kind_text}' is not a kind of consent to be "
                                 "bound", source, line,
                                 hint="use one of: " + ", ".join(
                                     k.capitalize() for k in ACTION_TYPES) + ", or leave it "
                                 "empty for a signature only"))
        return None
    consent_date = _date(record.get("action_date") or "", "action_date", source, line, errors)
    signature_date = _date(record.get("signature_date") or "", "signature_date", source, line,
                           errors)
    if (consent is None) != (consent_date is None):
        errors.append(InputError("action_type and action_date go together", source, line,
                                 hint="give both, or neither for a signature only"))
        return None
    if consent_date is None and signature_date is None:
        errors.append(InputError(f"'{name}' has neither an action nor a signature for {untc}",
                                 source, line, hint="remove the row or give a date"))
        return None
    return _Row(line, name, party, untc, instrument, consent, consent_date, signature_date)


# ----------------------------------------------------------------------------- corrections


def _apply(corrections: _Corrections, rows: list[_Row], resolver: ParticipantResolver,
           instruments: dict[str, str], kinds: dict[str, str | None],
           errors: list[InputError]) -> tuple[list[_Row], list[Action]]:
    """The rows after every correction, and the actions corrections add; a correction that
    matches nothing is an error."""
    added: list[Action] = []
    for located in corrections.corrections:
        fix = located.item
        matched = [r for r in rows if r.participant == fix.participant and r.untc in fix.untc]
        where = (located.path, located.line)
        for kind, allowed in ((fix.action, CONSENT), (fix.signature, SIGNATURE)):
            if kind is not None and not _is_a(kind, allowed, kinds):
                errors.append(InputError(f"correction '{fix.id}': '{kind}' is not a kind of "
                                         f"{allowed}", *where,
                                         hint=f"use a narrower concept of {allowed} in "
                                              "registry/treaty-actions.yaml"))
        if fix.add:
            added += _added(fix, matched, resolver, instruments, kinds, where, errors)
            continue
        if not matched:
            errors.append(InputError(
                f"correction '{fix.id}' matches no row ({fix.participant}, "
                f"{', '.join(fix.untc)})", *where,
                hint="the source may have been fixed: remove the correction, or check the "
                     "participant's name and the treaty numbers"))
            continue
        for row in matched:
            row.correction = fix.id
            if fix.action is not None:
                if row.consent is None:
                    errors.append(InputError(
                        f"correction '{fix.id}': {fix.participant} has no consent to be bound "
                        f"for {row.untc} to relabel", *where, hint="remove the correction"))
                row.consent = fix.action
            if fix.signature is not None:
                if row.signature_date is None:
                    errors.append(InputError(
                        f"correction '{fix.id}': {fix.participant} has no signature for "
                        f"{row.untc} to relabel", *where, hint="remove the correction"))
                row.signature = fix.signature
        if fix.drop:
            rows = [r for r in rows if r not in matched]
    return rows, added


def _added(fix: Correction, matched: list[_Row], resolver: ParticipantResolver,
           instruments: dict[str, str], kinds: dict[str, str | None], where: tuple[Path, int],
           errors: list[InputError]) -> list[Action]:
    """The actions an ``add`` correction adds, once its participant, treaties and kinds are
    checked (the input must not already have a row for them)."""
    if matched:
        errors.append(InputError(
            f"correction '{fix.id}' adds actions for {fix.participant} and "
            f"{', '.join(fix.untc)}, which the input already has a row for", *where,
            hint="correct that row instead (action or signature), or remove the correction"))
    for untc in fix.untc:
        if untc not in instruments:
            errors.append(InputError(f"correction '{fix.id}': treaty {untc} is not in the "
                                     "registry", *where, hint="add it to instruments.yaml"))
    for added in fix.add:
        if added.action not in kinds:
            errors.append(InputError(f"correction '{fix.id}': '{added.action}' is not in "
                                     "registry/treaty-actions.yaml", *where,
                                     hint="use an id of the treaty-action scheme"))
        if added.effective is not None and added.action != DENUNCIATION:
            errors.append(InputError(f"correction '{fix.id}': only a denunciation has an "
                                     "effective date", *where, hint="remove effective"))
    try:
        party = resolver.resolve(fix.participant, *where)
    except InputError as exc:
        errors.append(exc)
        return []
    return [Action(**_common(instruments[untc], untc, fix.participant, party, fix.id),
                   action=extra.action, date=extra.date, effective=extra.effective)
            for untc in fix.untc if untc in instruments for extra in fix.add]


def _is_a(kind: str, ancestor: str, kinds: dict[str, str | None]) -> bool:
    seen: set[str] = set()
    current: str | None = kind
    while current is not None and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        current = kinds.get(current)
    return False


# ----------------------------------------------------------------------------- outputs


def _actions(rows: Iterable[_Row], added: Iterable[Action]) -> list[Action]:
    """Each row's signature and consent, with the added actions, in a fixed order."""
    actions = list(added)
    for row in rows:
        common = _common(row.instrument, row.untc, row.participant, row.party, row.correction)
        if row.signature_date is not None:
            actions.append(Action(**common, action=row.signature, date=row.signature_date))
        if row.consent is not None and row.consent_date is not None:
            actions.append(Action(**common, action=row.consent, date=row.consent_date))
    return sorted(actions, key=lambda a: (_untc_key(a.untc), a.participant, a.date, a.action))


def _common(instrument: str, untc: str, participant: str, party: Party,
            correction: str | None) -> dict[str, Any]:
    return {"instrument": instrument, "untc": untc, "participant": participant,
            "iso3166": party.iso2, "iso3166_alpha3": party.iso3, "party": party.id,
            "correction": correction}


def _untc_key(number: str) -> tuple[str, int, str]:
    """Chapter, then treaty number as a number (IV-2 before IV-11), then the letter."""
    chapter, treaty, *rest = number.split("-")
    return (chapter, int(treaty), "-".join(rest))


def actions_csv(actions: Iterable[Action]) -> str:
    """The actions as ``actions.csv``: a header, then one row per action, empty for absent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACTION_COLUMNS)
    for action in actions:
        values = action.model_dump()
        writer.writerow(["" if values[c] is None else str(values[c]) for c in ACTION_COLUMNS])
    return out.getvalue()


def source_yaml(meta: SourceMeta) -> str:
    """``source.yaml``: the provenance, one field per line, in a fixed order."""
    import json

    lines = ["# Written by `migration-kg import-status`; do not edit by hand: change the "
             "corrections", "# or the participants table and import again."]
    for key, value in meta.model_dump(mode="json").items():
        if isinstance(value, list):
            lines.append(f"{key}:" + ("" if value else " []"))
            lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"

