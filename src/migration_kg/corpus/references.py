"""Cross-checks of a loaded corpus: duplicate ids, unknown references, values outside a scheme.

Each kind of item has its own check; every problem names the file and the line of the field,
with a "did you mean" when an id is close to a known one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rapidfuzz import process

from migration_kg.corpus import schema
from migration_kg.corpus.kinds import ENTITY_KINDS, KINDS
from migration_kg.corpus.loader import Corpus, Located, Report
from migration_kg.errors import InputError

if TYPE_CHECKING:
    from migration_kg.status.dataset import StatusDataset

WORKSHOPS, SESSIONS = "workshops", "sessions"

# What each fact predicate may link: subject kinds, object kinds.
PREDICATE_KINDS: dict[schema.Predicate, tuple[set[str], set[str]]] = {
    schema.Predicate.PART_OF: ({"organizations"}, {"organizations"}),
    schema.Predicate.SUPPLEMENTS: ({"instruments"}, {"instruments"}),
    schema.Predicate.PROVISION_OF: ({"instruments"}, {"instruments"}),
    schema.Predicate.MEMBER_OF_FAMILY: ({"instruments"}, {"instruments"}),
    schema.Predicate.HOSTED_BY: ({WORKSHOPS, "events"}, {"organizations"}),
    schema.Predicate.ORGANIZED_BY: ({WORKSHOPS, "events"}, {"organizations"}),
    schema.Predicate.FUNDED_BY: ({WORKSHOPS, "events"}, {"organizations", "countries"}),
    schema.Predicate.SUPER_EVENT: ({WORKSHOPS, "events"}, {"events"}),
    schema.Predicate.REPRESENTS: ({"organizations"}, {"countries"}),
    schema.Predicate.LAUNCHED_BY: ({"initiatives"}, {"organizations"}),
    schema.Predicate.CONDUCTED_BY: ({"initiatives"}, {"organizations", "initiatives"}),
    schema.Predicate.PARTNER_OF: ({"organizations"}, {"organizations"}),
    schema.Predicate.LOCATED_IN: ({"organizations"}, {"countries"}),
    schema.Predicate.ISSUED_BY: ({"instruments"}, {"organizations"}),
}

AGENTS = set(schema.SPEAKER_KINDS)
# Statement fields that name registry entities, the kinds each may name, and what to call it.
STATEMENT_REFERENCES: tuple[tuple[str, set[str], str], ...] = (
    ("instruments", {"instruments"}, "instrument"),
    ("initiatives", {"initiatives"}, "initiative"),
    ("organizations", {"organizations"}, "organization"),
    ("people", {"people"}, "person"),
    ("countries", {"countries"}, "country"),
    ("on_behalf_of", AGENTS, "on_behalf_of"),
    ("concurs_with", AGENTS, "concurs_with"),
    ("agrees_with", AGENTS, "agrees_with"),
)


class Checker:
    """Collects the problems of one corpus; each ``check_*`` method covers one item type."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.errors: list[InputError] = []
        self.seen: dict[str, Located[Any]] = {}
        self.workshops: dict[str, str] = {}
        self.sessions: dict[str, str] = {}

    # ------------------------------------------------------------------ helpers

    def declare(self, identifier: str, located: Located[Any]) -> None:
        first = self.seen.get(identifier)
        if first is not None:
            self.errors.append(InputError(
                f"duplicate id '{identifier}' (first defined at {first.path}:{first.line})",
                located.path, located.line, hint="give each entity one id, used everywhere"))
        else:
            self.seen[identifier] = located

    def kind_of(self, identifier: str) -> str | None:
        if identifier in self.workshops:
            return WORKSHOPS
        if identifier in self.sessions:
            return SESSIONS
        return self.corpus.entity_kind(identifier)

    def ids_of(self, kind: str) -> Iterable[str]:
        if kind == WORKSHOPS:
            return self.workshops
        if kind == SESSIONS:
            return self.sessions
        return self.corpus.entities[kind]

    def expect(self, identifier: str, kinds: set[str], where: Located[Any], what: str,
               pool: Iterable[str] | None = None, field_name: str | None = None,
               at: tuple[str | int, ...] = ()) -> None:
        """``identifier`` must be of one of ``kinds`` (or, given ``pool``, one of its ids)."""
        candidates = set(pool) if pool is not None else None
        if candidates is not None and identifier in candidates:
            return
        if candidates is None and self.kind_of(identifier) in kinds:
            return
        options = candidates if candidates is not None else {
            i for k in kinds for i in self.ids_of(k)}
        actual = self.kind_of(identifier)
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
        loc = at or ((field_name,) if field_name else ())
        line = where.line_at(*loc) if loc else where.line
        self.errors.append(InputError(message, where.path, line, hint=hint))

    # ------------------------------------------------------------------ by item type

    def check_registry(self) -> None:
        for kind in ENTITY_KINDS:
            for identifier, located in self.corpus.entities[kind.key].items():
                self.declare(identifier, located)
        for report in self.corpus.reports:
            self.declare(report.workshop.item.id, report.workshop)
            self.workshops[report.workshop.item.id] = report.id
            for s in report.sessions:
                self.declare(s.item.id, s)
                self.sessions[s.item.id] = report.id

    def check_schemes(self) -> None:
        for located in self.corpus.schemes.values():
            ids = [c.id for c in located.item.concepts]
            for index, concept in enumerate(located.item.concepts):
                if ids.count(concept.id) > 1:
                    self.errors.append(InputError(
                        f"duplicate concept id '{concept.id}'", located.path,
                        located.line_at("concepts", index), hint="each concept id once per scheme"))
                if concept.broader and concept.broader not in ids:
                    self.errors.append(InputError(
                        f"concept '{concept.id}' has unknown broader '{concept.broader}'",
                        located.path, located.line_at("concepts", index, "broader"),
                        hint="name a concept of the same scheme"))

    def check_claims(self) -> None:
        """Each claim's topics are in the topic scheme and its instruments in the registry."""
        located = self.corpus.schemes.get("claims")
        if located is None:
            return
        topics = self.concept_ids("topics")
        for index, claim in enumerate(located.item.concepts):
            where = Located(claim, located.path, located.line_at("concepts", index),
                            located.node["concepts"][index] if located.node else None)
            for topic in getattr(claim, "topics", ()):
                self.expect(topic, set(), where, "topic", topics, "topics")
            for instrument in getattr(claim, "instruments", ()):
                self.expect(instrument, {"instruments"}, where, "instrument",
                            field_name="instruments")

    def concept_ids(self, key: str) -> set[str]:
        located = self.corpus.schemes.get(key)
        return {c.id for c in located.item.concepts} if located is not None else set()

    def check_report_meta(self, report: Report) -> None:
        if report.meta.item.publisher is not None:
            self.expect(report.meta.item.publisher, {"organizations"}, report.meta, "publisher",
                        field_name="publisher")
        for ev in report.events:
            self.expect(ev.item.event, {"events"}, ev, "event", field_name="event")

    def check_facts(self, report: Report) -> None:
        for fact in report.facts:
            subject_kinds, object_kinds = PREDICATE_KINDS[fact.item.predicate]
            self.expect(fact.item.subject, subject_kinds, fact, f"{fact.item.predicate} subject",
                        field_name="subject")
            self.expect(fact.item.object, object_kinds, fact, f"{fact.item.predicate} object",
                        field_name="object")

    def check_holdings(self, report: Report) -> None:
        for h in report.holdings:
            self.expect(h.item.person, {"people"}, h, "person", field_name="person")
            self.expect(h.item.organization, {"organizations"}, h, "organization",
                        field_name="organization")

    def check_statements(self, report: Report) -> dict[str, Located[schema.Statement]]:
        scheme_ids = {key: self.concept_ids(key) for key in self.corpus.schemes}
        practices = scheme_ids.get("practices", set())
        report_sessions = {s.item.id for s in report.sessions}
        statement_ids: dict[str, Located[schema.Statement]] = {}
        for st in report.statements:
            first = statement_ids.get(st.item.id)
            if first is not None:
                self.errors.append(InputError(
                    f"duplicate statement id '{st.item.id}' (first at line {first.line})",
                    st.path, st.line, hint="give each statement its own id"))
            statement_ids[st.item.id] = st
        for st in report.statements:
            s = st.item
            if s.speaker != schema.FLOOR:
                self.expect(s.speaker, AGENTS, st, "speaker", field_name="speaker")
            self.expect(s.session, {SESSIONS}, st, "session", report_sessions, "session")
            self.expect(s.stance, set(), st, "stance", scheme_ids.get("stances", set()),
                        "stance")
            for t in s.topics:
                self.expect(t, set(), st, "topic", scheme_ids.get("topics", set()), "topics")
            for index, position in enumerate(s.positions):
                self.expect(position.claim, set(), st, "claim", scheme_ids.get("claims", set()),
                            at=("positions", index, "claim"))
            for field_name, kinds, noun in STATEMENT_REFERENCES:
                for index, value in enumerate(getattr(s, field_name)):
                    self.expect(value, kinds, st, noun, at=(field_name, index))
            for value in s.events:
                self.expect(value, {"events", WORKSHOPS, SESSIONS}, st, "event",
                            field_name="events")
            targets = practices | {i for k in KINDS for i in self.corpus.entities[k]}
            for value in s.criticises:
                self.expect(value, set(), st, "criticised practice or entity", targets,
                            field_name="criticises")
            if s.speaker in s.on_behalf_of:
                self.errors.append(InputError(f"statement '{s.id}' is on behalf of its own "
                                              "speaker", st.path, st.line_at("on_behalf_of"),
                                              hint="name whom the speaker spoke for"))
            for field_name in ("responds_to", "responds_to_inferred"):
                for r in getattr(s, field_name):
                    self.expect(r, set(), st, f"{field_name} statement", statement_ids,
                                field_name)
            if s.speaker in s.concurs_with or s.speaker in s.agrees_with:
                self.errors.append(InputError(f"statement '{s.id}' agrees with its own speaker",
                                              st.path, st.line,
                                              hint="name the other speaker it concurs with"))
        return statement_ids

    def check_statistics(self, report: Report, statement_ids: Iterable[str]) -> None:
        for sx in report.statistics:
            x = sx.item
            if x.statement:
                self.expect(x.statement, set(), sx, "statement", statement_ids, "statement")
            if x.event:
                self.expect(x.event, {WORKSHOPS, "events", SESSIONS}, sx, "event",
                            field_name="event")
            if x.place:
                self.expect(x.place, {"countries"}, sx, "place", field_name="place")
            if x.source_organization:
                self.expect(x.source_organization, {"organizations"}, sx, "source_organization",
                            field_name="source_organization")
            if x.value_max is not None and x.value_max < x.value:
                self.errors.append(InputError("value_max is below value", sx.path, sx.line,
                                              hint="write the range low to high"))


    def check_status(self, dataset: StatusDataset) -> None:
        """A status dataset's ids: instruments and their UNTC numbers, action kinds, and each
        party's one identity (a registry country keeps its ISO code, an organization has none,
        a new state's id is no other entity's)."""
        meta = dataset.meta
        self.expect(meta.item.publisher, {"organizations"}, meta, "publisher")
        scheme = self.corpus.scheme("treaty-actions")
        kinds = {c.id for c in scheme.concepts} if scheme else set()
        numbers = self.corpus.ids_by_identifier("instruments", "untc")
        registry_codes = self.corpus.ids_by_identifier("countries", "iso3166-1-alpha-2")
        codes: dict[str, str] = {}
        for row in dataset.actions:
            a = row.item
            if numbers.get(a.untc) != a.instrument:
                self.expect(a.instrument, set(), row, f"instrument of {a.untc}",
                            [numbers[a.untc]] if a.untc in numbers else [])
            self.expect(a.action, set(), row, "treaty action", kinds)
            if a.effective is not None and a.action != "denunciation":
                self.errors.append(InputError("only a denunciation has an effective date",
                                              row.path, row.line, hint="re-run import-status"))
            if a.iso3166 is None:
                self.expect(a.party, {"organizations"}, row, "participant organization")
                continue
            known = registry_codes.get(a.iso3166)
            other = self.corpus.entity_kind(a.party)
            first = codes.setdefault(a.party, a.iso3166)
            if known is not None and known != a.party:
                problem = f"{a.iso3166} is the registry country '{known}', not '{a.party}'"
            elif known is None and other is not None:
                problem = f"party '{a.party}' is already one of the {other} in the registry"
            elif first != a.iso3166:
                problem = f"party '{a.party}' has the codes {first} and {a.iso3166}"
            else:
                continue
            self.errors.append(InputError(problem, row.path, row.line,
                                          hint="re-run import-status after fixing the registry"))


def check_references(corpus: Corpus) -> list[InputError]:
    """Duplicate ids, unknown references and values outside their scheme, all at once."""
    checker = Checker(corpus)
    checker.check_registry()
    checker.check_schemes()
    checker.check_claims()
    for report in corpus.reports:
        checker.check_report_meta(report)
        checker.check_facts(report)
        checker.check_holdings(report)
        statement_ids = checker.check_statements(report)
        checker.check_statistics(report, statement_ids)
    for dataset in corpus.status:
        checker.check_status(dataset)
    return checker.errors
