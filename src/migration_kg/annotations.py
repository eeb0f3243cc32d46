"""The curated YAML: its schema (pydantic models) and a loader that reports file and line.

Curators write two kinds of file (see ``graph/README.md``):

* ``registry/*.yaml`` -- entities shared by every report: people, organizations,
  instruments, initiatives, countries, events, and the SKOS schemes of topics and stances.
  The registry says *who or what* something is (names, kind, identifiers from outside
  with their source); it states no fact taken from a report.
* ``reports/<id>/{report,statements,statistics}.yaml`` -- everything a report says,
  each item with evidence quotes that must occur verbatim in ``source.txt``.

Curators never type offsets: grounding computes them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from rapidfuzz import process
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from tqdm import tqdm

from migration_kg.errors import InputError, InputErrors, read_text

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

FLOOR = "floor"
"""Speaker id for an unnamed participant speaking from the floor."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ----------------------------------------------------------------------------- evidence


class Quote(Model):
    """A passage of the report, copied verbatim; ``occurrence`` picks one of several matches."""

    quote: Text
    occurrence: int | None = Field(default=None, ge=1)


def _as_quote(value: Any) -> Any:
    return {"quote": value} if isinstance(value, str) else value


Evidence = Annotated[list[Quote], Field(min_length=1)]


class Identifier(Model):
    """An identifier from outside the report; ``source`` says where it was taken from."""

    scheme: Literal["untc", "ilo", "iso3166-1-alpha-2", "adopted"]
    value: Text
    source: Text


# ----------------------------------------------------------------------------- registry


class OrganizationKind(StrEnum):
    UN_BODY = "un-body"
    INTERGOVERNMENTAL = "intergovernmental"
    GOVERNMENT = "government"
    CIVIL_SOCIETY = "civil-society"
    COMMISSION = "commission"


class InstrumentKind(StrEnum):
    CONVENTION = "convention"
    PROTOCOL = "protocol"
    ILO_CONVENTION = "ilo-convention"
    COVENANT = "covenant"
    PROVISION = "provision"
    TREATY_FAMILY = "treaty-family"
    REPORT = "report"
    POLICY_FRAMEWORK = "policy-framework"
    DEVELOPMENT_GOALS = "development-goals"


class EventKind(StrEnum):
    WORKSHOP_SERIES = "workshop-series"
    EVENT_SERIES = "event-series"
    WORKSHOP = "workshop"
    SESSION = "session"
    CONFERENCE = "conference"
    MEETING = "meeting"


class Entity(Model):
    """What every registry entry has: an id, a name (verbatim, or with its source), variants."""

    id: Slug
    name: Text
    name_source: Text | None = None
    variants: list[Text] = []
    note: Text | None = None


class Person(Entity):
    honorific: Text | None = None


class Organization(Entity):
    kind: OrganizationKind
    acronym: Text | None = None
    identifiers: list[Identifier] = []


class Instrument(Entity):
    kind: InstrumentKind
    short_name: Text | None = None
    identifiers: list[Identifier] = []


class Initiative(Entity):
    """A project, programme or strategy: not an instrument, but cited like one."""


class Country(Entity):
    identifiers: list[Identifier] = []


class Event(Entity):
    kind: EventKind


class Concept(Model):
    id: Slug
    label: Text
    definition: Text
    broader: Slug | None = None
    polarity: Literal[-1, 0, 1] | None = None


class ConceptScheme(Model):
    id: Slug
    label: Text
    definition: Text
    concepts: Annotated[list[Concept], Field(min_length=1)]


# ----------------------------------------------------------------------------- reports


class ReportMeta(Model):
    id: Slug
    title: Text
    publisher: Slug
    publisher_evidence: Evidence
    date: dt.date
    language: Literal["en", "fr", "es"] = "en"
    source_file: Text = "source.txt"
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    obtained_from: Text
    rights: Text


class Session(Model):
    id: Slug
    number: int = Field(ge=1)
    title: Text
    evidence: Evidence


class Workshop(Model):
    id: Slug
    name: Text
    date: dt.date
    place: Text
    venues: list[Text] = []
    evidence: Evidence
    sessions: Annotated[list[Session], Field(min_length=1)]


class EventFacts(Model):
    """Dates, place or theme of an event of the registry, as this report states them."""

    event: Slug
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    since_year: int | None = None
    theme: Text | None = None
    evidence: Evidence


class Predicate(StrEnum):
    PART_OF = "part-of"
    SUPPLEMENTS = "supplements"
    PROVISION_OF = "provision-of"
    MEMBER_OF_FAMILY = "member-of-family"
    HOSTED_BY = "hosted-by"
    ORGANIZED_BY = "organized-by"
    FUNDED_BY = "funded-by"
    SUPER_EVENT = "super-event"
    REPRESENTS = "represents"
    LAUNCHED_BY = "launched-by"
    CONDUCTED_BY = "conducted-by"
    PARTNER_OF = "partner-of"


class Fact(Model):
    """A relation between two entities that the report states, with its evidence."""

    subject: Slug
    predicate: Predicate
    object: Slug
    evidence: Evidence


class Holding(Model):
    """A post held by a person, current or former at the date of the report."""

    person: Slug
    post: Text
    organization: Slug
    tenure: Literal["current", "former"] = "current"
    evidence: Evidence


class Statement(Model):
    """A stated position: the discourse-network statement (actor, concept, stance, text span)."""

    id: Slug
    speaker: Slug
    session: Slug
    stance: Slug
    topics: Annotated[list[Slug], Field(min_length=1)]
    instruments: list[Slug] = []
    initiatives: list[Slug] = []
    organizations: list[Slug] = []
    events: list[Slug] = []
    people: list[Slug] = []
    countries: list[Slug] = []
    on_behalf_of: Slug | None = None
    concurs_with: list[Slug] = []
    agrees_with: list[Slug] = []
    responds_to: list[Slug] = []
    paraphrase: Text
    evidence: Evidence


class Statistic(Model):
    id: Slug
    measure: Text
    value: float
    value_max: float | None = None
    unit: Literal["percent", "persons", "count", "fraction"]
    approximate: bool = False
    year: int | None = None
    place: Slug | None = None
    statement: Slug | None = None
    event: Slug | None = None
    stated_source: Text | None = None
    source_organization: Slug | None = None
    evidence: Evidence


# ----------------------------------------------------------------------------- files

REGISTRY_FILES: dict[str, tuple[str, type[Model]]] = {
    "people.yaml": ("people", Person),
    "organizations.yaml": ("organizations", Organization),
    "instruments.yaml": ("instruments", Instrument),
    "initiatives.yaml": ("initiatives", Initiative),
    "countries.yaml": ("countries", Country),
    "events.yaml": ("events", Event),
}
SCHEME_FILES = {"topics.yaml": "topics", "stances.yaml": "stances"}


class ReportFile(Model):
    report: ReportMeta
    workshop: Workshop
    events: list[EventFacts] = []
    facts: list[Fact] = []
    holdings: list[Holding] = []


class StatementsFile(Model):
    statements: list[Statement]


class StatisticsFile(Model):
    statistics: list[Statistic] = []


@dataclass
class Located(Generic[T]):
    """A parsed item and where it was written, so later checks can point back at it."""

    item: T
    path: Path
    line: int
    node: Any = None

    def line_at(self, *loc: str | int) -> int:
        """The line of a field inside this item (e.g. ``"evidence", 2``), else the item's line."""
        if self.node is None:
            return self.line
        return line_of(self.node, loc) or self.line


@dataclass
class Report:
    directory: Path
    meta: Located[ReportMeta]
    source_text: str
    workshop: Located[Workshop]
    sessions: list[Located[Session]]
    events: list[Located[EventFacts]]
    facts: list[Located[Fact]]
    holdings: list[Located[Holding]]
    statements: list[Located[Statement]]
    statistics: list[Located[Statistic]]

    @property
    def id(self) -> str:
        return self.meta.item.id

    @property
    def source_path(self) -> Path:
        return self.directory / self.meta.item.source_file


@dataclass
class Corpus:
    """Everything under one data folder, parsed and cross-checked."""

    root: Path
    people: dict[str, Located[Person]] = field(default_factory=dict)
    organizations: dict[str, Located[Organization]] = field(default_factory=dict)
    instruments: dict[str, Located[Instrument]] = field(default_factory=dict)
    initiatives: dict[str, Located[Initiative]] = field(default_factory=dict)
    countries: dict[str, Located[Country]] = field(default_factory=dict)
    events: dict[str, Located[Event]] = field(default_factory=dict)
    topics: Located[ConceptScheme] | None = None
    stances: Located[ConceptScheme] | None = None
    reports: list[Report] = field(default_factory=list)

    def entity_kind(self, identifier: str) -> str | None:
        for kind in ("people", "organizations", "instruments", "initiatives", "countries",
                     "events"):
            if identifier in getattr(self, kind):
                return kind
        return None


# ----------------------------------------------------------------------------- YAML + lines


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def read_yaml(path: Path) -> Any:
    """Parse ``path`` keeping line numbers; any problem becomes an :class:`InputError`."""
    text = read_text(path, missing_hint="create it or check the folder")
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputError(f"malformed YAML: {problem}", path, line,
                         hint="fix the YAML syntax at this line (indentation, quotes, colons)"
                         ) from exc
    except YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path,
                         hint="fix the YAML syntax") from exc


def line_of(node: Any, loc: Iterable[Any]) -> int | None:
    """The 1-based line of the value at ``loc`` inside a ruamel document, as far as it goes."""
    line = None
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            line = node.lc.item(key)[0] + 1
            node = node[key]
        else:
            break
    if line is None and hasattr(node, "lc"):
        line = node.lc.line + 1
    return line


def _normalise_quotes(data: Any) -> Any:
    """Let curators write a bare string for a quote; the schema sees ``{quote: ...}``."""
    if isinstance(data, dict):
        return {
            key: ([_as_quote(v) for v in value]
                  if key in {"evidence", "publisher_evidence"} and isinstance(value, list)
                  else _normalise_quotes(value))
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_normalise_quotes(v) for v in data]
    return data


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def parse_file(path: Path, model: type[M]) -> tuple[M, Any]:
    """Parse ``path`` into ``model``; schema errors name the line and the field."""
    raw = read_yaml(path)
    if raw is None:
        raise InputError("the file is empty", path, hint=f"give it the fields of {model.__name__}")
    try:
        parsed = model.model_validate(_normalise_quotes(_plain(raw)))
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = [p for p in err["loc"]
                   if not isinstance(p, str) or p not in {"str", "function-after"}]
            field_path = ".".join(str(p) for p in loc) or "(top level)"
            errors.append(InputError(
                f"{field_path}: {err['msg']}", path, line_of(raw, loc),
                hint=_schema_hint(err),
            ))
        raise InputErrors(errors) from exc
    return parsed, raw


def _schema_hint(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "remove this field or correct its spelling (see graph/README.md for the fields)"
    if kind == "missing":
        return "add this required field"
    if kind == "string_pattern_mismatch":
        return "ids are lower-case words joined by hyphens, e.g. jorge-bustamante"
    if kind in {"literal_error", "enum"}:
        return "use one of the allowed values listed in the message"
    return "correct the value to match graph/README.md"


# ----------------------------------------------------------------------------- loading


def _locate(items: list[T], raw: Any, key: str, path: Path) -> list[Located[T]]:
    nodes = raw.get(key) if isinstance(raw, dict) else None
    return [Located(item, path, line_of(raw, [key, i]) or 1,
                    nodes[i] if isinstance(nodes, list) and i < len(nodes) else None)
            for i, item in enumerate(items)]


def load_corpus(root: Path) -> Corpus:
    """Load and cross-check every file under ``root`` (laid out like ``graph/``)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("data folder not found", root,
                         hint="pass --data a folder holding registry/ and reports/")
    corpus = Corpus(root=root)
    errors: list[InputError] = []

    registry = root / "registry"
    for filename, (key, model) in REGISTRY_FILES.items():
        path = registry / filename
        if not path.exists():
            continue
        try:
            raw = read_yaml(path)
            items = _parse_list(path, raw, key, model)
        except InputError as exc:
            errors.append(exc)
            continue
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        target = getattr(corpus, key)
        for located in items:
            first = target.get(located.item.id)
            if first is not None:
                errors.append(InputError(
                    f"duplicate id '{located.item.id}' (first defined at line {first.line})",
                    path, located.line, hint="give each entity one id, used everywhere"))
                continue
            target[located.item.id] = located
    for filename, key in SCHEME_FILES.items():
        path = registry / filename
        try:
            scheme, raw = parse_file(path, ConceptScheme)
        except InputError as exc:
            errors.append(exc)
            continue
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        setattr(corpus, key, Located(scheme, path, 1))

    reports_dir = root / "reports"
    report_dirs = (sorted(p for p in reports_dir.iterdir() if p.is_dir())
                   if reports_dir.is_dir() else [])
    if not report_dirs:
        errors.append(InputError("no report folders found", reports_dir,
                                 hint="add reports/<report-id>/ with report.yaml and source.txt"))
    for directory in tqdm(report_dirs, desc="reading reports", unit="report", delay=1.0,
                          disable=None, file=sys.stderr, leave=False):
        try:
            corpus.reports.append(_load_report(directory))
        except InputError as exc:
            errors.append(exc)
        except InputErrors as exc:
            errors.extend(exc.errors)

    if errors:
        raise InputErrors(errors)
    errors.extend(check_references(corpus))
    if errors:
        raise InputErrors(errors)
    return corpus


def _parse_list(path: Path, raw: Any, key: str, model: type[M]) -> list[Located[M]]:
    wrapper = type(f"{model.__name__}File", (Model,), {"__annotations__": {key: list[model]}})
    try:
        parsed = wrapper.model_validate(_normalise_quotes(_plain(raw or {})))
    except ValidationError as exc:
        raise InputErrors([
            InputError(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}", path,
                       line_of(raw, err["loc"]), hint=_schema_hint(err))
            for err in exc.errors()
        ]) from exc
    return _locate(getattr(parsed, key), raw, key, path)


def _load_report(directory: Path) -> Report:
    report_path = directory / "report.yaml"
    parsed, raw = parse_file(report_path, ReportFile)
    source_path = directory / parsed.report.source_file
    try:
        source_bytes = source_path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the report text ({exc.strerror})", source_path,
                         hint="copy the report here byte for byte") from exc
    import hashlib

    digest = hashlib.sha256(source_bytes).hexdigest()
    if digest != parsed.report.sha256:
        raise InputError(
            f"source text does not match report.sha256 (file has {digest})", report_path,
            line_of(raw, ["report", "sha256"]),
            hint="the source must be the report byte for byte; if it is, update sha256",
        )
    try:
        source_text = source_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("report text is not UTF-8", source_path,
                         hint="convert the report to UTF-8 and update sha256") from exc

    statements_path = directory / "statements.yaml"
    statements: list[Located[Statement]] = []
    if statements_path.exists():
        st, st_raw = parse_file(statements_path, StatementsFile)
        statements = _locate(st.statements, st_raw, "statements", statements_path)
    statistics_path = directory / "statistics.yaml"
    statistics: list[Located[Statistic]] = []
    if statistics_path.exists():
        sx, sx_raw = parse_file(statistics_path, StatisticsFile)
        statistics = _locate(sx.statistics, sx_raw, "statistics", statistics_path)

    workshop = parsed.workshop
    sessions_raw = raw.get("workshop", {}).get("sessions", [])
    return Report(
        directory=directory,
        meta=Located(parsed.report, report_path, line_of(raw, ["report"]) or 1, raw.get("report")),
        source_text=source_text,
        workshop=Located(workshop, report_path, line_of(raw, ["workshop"]) or 1,
                         raw.get("workshop")),
        sessions=[Located(s, report_path, line_of(sessions_raw, [i]) or 1, sessions_raw[i])
                  for i, s in enumerate(workshop.sessions)],
        events=_locate(parsed.events, raw, "events", report_path),
        facts=_locate(parsed.facts, raw, "facts", report_path),
        holdings=_locate(parsed.holdings, raw, "holdings", report_path),
        statements=statements,
        statistics=statistics,
    )


# ----------------------------------------------------------------------------- cross-checks

# What each fact predicate may link: subject kinds, object kinds.
PREDICATE_KINDS: dict[Predicate, tuple[set[str], set[str]]] = {
    Predicate.PART_OF: ({"organizations"}, {"organizations"}),
    Predicate.SUPPLEMENTS: ({"instruments"}, {"instruments"}),
    Predicate.PROVISION_OF: ({"instruments"}, {"instruments"}),
    Predicate.MEMBER_OF_FAMILY: ({"instruments"}, {"instruments"}),
    Predicate.HOSTED_BY: ({"workshops", "events"}, {"organizations"}),
    Predicate.ORGANIZED_BY: ({"workshops", "events"}, {"organizations"}),
    Predicate.FUNDED_BY: ({"workshops", "events"}, {"organizations", "countries"}),
    Predicate.SUPER_EVENT: ({"workshops", "events"}, {"events"}),
    Predicate.REPRESENTS: ({"organizations"}, {"countries"}),
    Predicate.LAUNCHED_BY: ({"initiatives"}, {"organizations"}),
    Predicate.CONDUCTED_BY: ({"initiatives"}, {"organizations", "initiatives"}),
    Predicate.PARTNER_OF: ({"organizations"}, {"organizations"}),
}


def check_references(corpus: Corpus) -> list[InputError]:
    """Duplicate ids, unknown references and values outside their scheme, all at once."""
    errors: list[InputError] = []
    seen: dict[str, Located[Any]] = {}

    def declare(identifier: str, located: Located[Any]) -> None:
        if identifier in seen:
            first = seen[identifier]
            errors.append(InputError(
                f"duplicate id '{identifier}' (first defined at {first.path}:{first.line})",
                located.path, located.line, hint="give each entity one id, used everywhere",
            ))
        else:
            seen[identifier] = located

    for kind in ("people", "organizations", "instruments", "initiatives", "countries", "events"):
        for identifier, located in getattr(corpus, kind).items():
            declare(identifier, located)
    workshops: dict[str, str] = {}
    sessions: dict[str, str] = {}
    for report in corpus.reports:
        declare(report.workshop.item.id, report.workshop)
        workshops[report.workshop.item.id] = report.id
        for s in report.sessions:
            declare(s.item.id, s)
            sessions[s.item.id] = report.id
    # Duplicate ids inside one registry file are caught by the dict; check them on the lists.
    topics = {c.id for c in corpus.topics.item.concepts} if corpus.topics else set()
    stances = {c.id for c in corpus.stances.item.concepts} if corpus.stances else set()
    for scheme in (corpus.topics, corpus.stances):
        if scheme is None:
            continue
        ids = [c.id for c in scheme.item.concepts]
        for c in scheme.item.concepts:
            if ids.count(c.id) > 1:
                errors.append(InputError(f"duplicate concept id '{c.id}'", scheme.path,
                                         hint="each concept id once per scheme"))
            if c.broader and c.broader not in ids:
                errors.append(InputError(f"concept '{c.id}' has unknown broader '{c.broader}'",
                                         scheme.path, hint="name a concept of the same scheme"))

    def kind_of(identifier: str) -> str | None:
        if identifier in workshops:
            return "workshops"
        if identifier in sessions:
            return "sessions"
        return corpus.entity_kind(identifier)

    def expect(identifier: str, kinds: set[str], where: Located[Any], what: str,
               pool: Iterable[str] | None = None, field_name: str | None = None) -> None:
        candidates = set(pool) if pool is not None else None
        in_pool = candidates is not None and identifier in candidates
        if in_pool or (candidates is None and kind_of(identifier) in kinds):
            return
        options = candidates if candidates is not None else {
            i for k in kinds for i in (workshops if k == "workshops" else
                                      sessions if k == "sessions" else getattr(corpus, k))}
        actual = kind_of(identifier)
        if actual is not None and candidates is None:
            message = (f"{what} '{identifier}' is one of the {actual}, "
                       f"expected one of: {', '.join(sorted(kinds))}")
        else:
            message = f"unknown {what} '{identifier}'"
        best = process.extractOne(identifier, sorted(options)) if options else None
        if best and best[1] >= 60:
            hint = f"did you mean '{best[0]}'?"
        elif candidates is not None and 0 < len(candidates) <= 12:
            hint = "use one of: " + ", ".join(sorted(candidates))
        else:
            hint = f"add '{identifier}' to the registry or correct the id"
        line = where.line_at(field_name) if field_name else where.line
        errors.append(InputError(message, where.path, line, hint=hint))

    for report in corpus.reports:
        meta = report.meta
        expect(meta.item.publisher, {"organizations"}, meta, "publisher", field_name="publisher")
        report_sessions = {s.item.id for s in report.sessions}
        for ev in report.events:
            expect(ev.item.event, {"events"}, ev, "event", field_name="event")
        for fact in report.facts:
            subject_kinds, object_kinds = PREDICATE_KINDS[fact.item.predicate]
            expect(fact.item.subject, subject_kinds, fact, f"{fact.item.predicate} subject",
                   field_name="subject")
            expect(fact.item.object, object_kinds, fact, f"{fact.item.predicate} object",
                   field_name="object")
        for h in report.holdings:
            expect(h.item.person, {"people"}, h, "person", field_name="person")
            expect(h.item.organization, {"organizations"}, h, "organization",
                   field_name="organization")
        statement_ids: dict[str, Located[Statement]] = {}
        for st in report.statements:
            if st.item.id in statement_ids:
                first = statement_ids[st.item.id]
                errors.append(InputError(
                    f"duplicate statement id '{st.item.id}' (first at line {first.line})",
                    st.path, st.line, hint="give each statement its own id"))
            statement_ids[st.item.id] = st
        for st in report.statements:
            s = st.item
            if s.speaker != FLOOR:
                expect(s.speaker, {"people"}, st, "speaker", field_name="speaker")
            expect(s.session, {"sessions"}, st, "session", report_sessions, "session")
            expect(s.stance, set(), st, "stance", stances, "stance")
            for t in s.topics:
                expect(t, set(), st, "topic", topics, "topics")
            for field_name, kind in (("instruments", "instruments"),
                                     ("initiatives", "initiatives"),
                                     ("organizations", "organizations"), ("events", "events"),
                                     ("people", "people"), ("countries", "countries"),
                                     ("concurs_with", "people"), ("agrees_with", "people")):
                noun = "person" if kind == "people" else kind.rstrip("s")
                for v in getattr(s, field_name):
                    expect(v, {kind}, st, noun, field_name=field_name)
            if s.on_behalf_of:
                expect(s.on_behalf_of, {"people", "organizations", "countries"}, st,
                       "on_behalf_of", field_name="on_behalf_of")
            for r in s.responds_to:
                expect(r, set(), st, "responds_to statement", statement_ids, "responds_to")
            if s.speaker in s.concurs_with or s.speaker in s.agrees_with:
                errors.append(InputError(f"statement '{s.id}' agrees with its own speaker",
                                         st.path, st.line,
                                         hint="name the other speaker it concurs with"))
        for sx in report.statistics:
            x = sx.item
            if x.statement:
                expect(x.statement, set(), sx, "statement", statement_ids, "statement")
            if x.event:
                expect(x.event, {"workshops", "events", "sessions"}, sx, "event",
                       field_name="event")
            if x.place:
                expect(x.place, {"countries"}, sx, "place", field_name="place")
            if x.source_organization:
                expect(x.source_organization, {"organizations"}, sx, "source_organization",
                       field_name="source_organization")
            if x.value_max is not None and x.value_max < x.value:
                errors.append(InputError("value_max is below value", sx.path, sx.line,
                                         hint="write the range low to high"))
    return errors
