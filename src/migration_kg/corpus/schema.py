"""The schema of the curated YAML: pydantic models, one per kind of item curators write.

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
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]


def _file_name(value: str) -> str:
    """A plain file name: no folder, no way out of the report's folder, no device."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}", value) or ".." in value:
        raise PydanticCustomError(
            "file_name", "a file name in the report's folder (letters, digits, '.', '_', '-'; "
                         "no '/' or '..'), not '{value}'", {"value": value[:80]})
    return value


FileName = Annotated[str, AfterValidator(_file_name)]
"""The name of a file beside the annotations, such as ``source.txt``."""

FLOOR = "floor"
"""Speaker id for an unnamed participant speaking from the floor."""

SPEAKER_KINDS = ("people", "organizations", "countries")
"""What a statement's speaker (and its principals) may be: a person, an organization or a group
of States (an organization of kind ``group-of-states``), or a State, whose delegation spoke."""


def _one_or_many(value: object) -> object:
    """A single id where a list is expected means a list of that one id."""
    return [value] if isinstance(value, str) else value


class Model(BaseModel):
    """Every item: unknown fields are errors (a misspelt field must not vanish), values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ----------------------------------------------------------------------------- evidence


class Quote(Model):
    """A passage of the report, copied verbatim; ``occurrence`` picks one of several matches."""

    quote: Text
    occurrence: int | None = Field(default=None, ge=1)


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
    GROUP_OF_STATES = "group-of-states"


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


class OfficialName(Model):
    """A name that official documents use but the report does not write, with its source."""

    name: Text
    source: Text


class Entity(Model):
    """What every registry entry has: an id, a name (verbatim, or with its source), variants."""

    id: Slug
    name: Text
    name_source: Text | None = None
    variants: list[Text] = []
    official_names: list[OfficialName] = []
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
    """A value of a SKOS scheme: a topic, a speech act, a criticised practice."""

    id: Slug
    label: Text
    definition: Text
    broader: Slug | None = None


class Claim(Concept):
    """A proposition speakers agree or disagree with: a concept of discourse network analysis."""

    topics: Annotated[list[Slug], Field(min_length=1)]
    instruments: list[Slug] = []


class ConceptScheme(Model):
    id: Slug
    label: Text
    definition: Text
    concepts: Annotated[list[Concept], Field(min_length=1)]


class ClaimScheme(ConceptScheme):
    concepts: Annotated[list[Claim], Field(min_length=1)]  # type: ignore[assignment]


# ----------------------------------------------------------------------------- reports


class ReportMeta(Model):
    """The provenance of a report's text. ``publisher`` is an organization id, with quotes of
    the report that name it (``publisher_evidence``) when the text says so; ``rights`` says
    under which terms the text is kept, once the curator knows."""

    id: Slug
    title: Text
    publisher: Slug | None = None
    publisher_evidence: list[Quote] = []
    date: dt.date
    language: Literal["en", "fr", "es"] = "en"
    source_file: FileName = "source.txt"
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    obtained_from: Text
    rights: Text | None = None

    @model_validator(mode="after")
    def _evidence_needs_publisher(self) -> ReportMeta:
        if self.publisher_evidence and self.publisher is None:
            raise PydanticCustomError("publisher_missing",
                                      "publisher_evidence is given but no publisher", {})
        return self


class Session(Model):
    """A numbered part of the meeting; its evidence is its heading, when the text has one."""

    id: Slug
    number: int = Field(ge=1)
    title: Text
    evidence: list[Quote] = []


class Workshop(Model):
    """The meeting a report records (a workshop, a meeting of a council or committee, a
    conference): its name and date, and its sessions. ``evidence`` quotes the text where it
    names them; a report scaffolded by ``migration-kg new-report`` starts with the title and
    date its curator gave, and one session for the whole meeting."""

    id: Slug
    kind: EventKind = EventKind.WORKSHOP
    name: Text
    date: dt.date
    place: Text | None = None
    venues: list[Text] = []
    evidence: list[Quote] = []
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
    LOCATED_IN = "located-in"
    ISSUED_BY = "issued-by"


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


class Position(Model):
    """A claim and whether the speaker agrees with it: the DNA concept and agreement."""

    claim: Slug
    agreement: Literal["agrees", "disagrees"]


class Statement(Model):
    """A stated position: the discourse-network statement (actor, speech act, positions on
    claims, text span), with what it criticises and what it refers to.

    ``speaker`` is a person, an organization or group of States, a State (its delegation), or
    ``floor``; ``on_behalf_of`` names whom the speaker spoke for, one or several (a single id
    is accepted for one). ``stance`` is the speech act (calls for, reports, criticises ...):
    how it is said, with no polarity. ``positions`` say what the speaker holds: each a claim
    and an agreement.
    ``criticises`` names what a criticism is aimed at (a practice or an entity), never a topic.
    ``responds_to`` holds only responses the report states; ``responds_to_inferred`` the
    curators' reading of which question a reply answers.
    """

    id: Slug
    speaker: Slug
    session: Slug
    stance: Slug
    positions: list[Position] = []
    criticises: list[Slug] = []
    topics: Annotated[list[Slug], Field(min_length=1)]
    instruments: list[Slug] = []
    initiatives: list[Slug] = []
    organizations: list[Slug] = []
    events: list[Slug] = []
    people: list[Slug] = []
    countries: list[Slug] = []
    on_behalf_of: Annotated[list[Slug], BeforeValidator(_one_or_many)] = []
    concurs_with: list[Slug] = []
    agrees_with: list[Slug] = []
    responds_to: list[Slug] = []
    responds_to_inferred: list[Slug] = []
    paraphrase: Text
    evidence: Evidence


Number = Annotated[float, Field(allow_inf_nan=False)]


class Statistic(Model):
    """A figure the report cites. Counts of people or things are whole numbers; every share is
    in percent; ``approximate`` marks "about", "approximately" and estimates; ``reference_year``
    is the year the figure describes, ``source_year`` the year of the source that estimated it.
    """

    id: Slug
    measure: Text
    value: Number
    value_max: Number | None = None
    unit: Literal["percent", "persons", "count"]
    approximate: bool = False
    reference_year: int | None = Field(default=None, ge=1000, le=2999)
    source_year: int | None = Field(default=None, ge=1000, le=2999)
    place: Slug | None = None
    statement: Slug | None = None
    event: Slug | None = None
    stated_source: Text | None = None
    source_organization: Slug | None = None
    evidence: Evidence

    @model_validator(mode="after")
    def _check_values(self) -> Statistic:
        for name in ("value", "value_max"):
            value = getattr(self, name)
            if value is None:
                continue
            if self.unit in ("persons", "count") and not float(value).is_integer():
                raise PydanticCustomError(
                    "whole_number", "{name}: a number of {unit} is a whole number, not {value}",
                    {"name": name, "unit": self.unit, "value": value})
            if self.unit == "percent" and not 0 <= value <= 100:
                raise PydanticCustomError(
                    "percent_range", "{name}: a percent lies between 0 and 100, not {value}",
                    {"name": name, "value": value})
        return self


# ----------------------------------------------------------------------------- whole files


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
