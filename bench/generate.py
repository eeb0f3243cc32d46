"""Write a synthetic corpus laid out like ``graph/``, of about N triples, to benchmark at scale.

Why synthetic: the project has one real report (~6.6k triples), but users load years of
meeting reports. The generated corpus has the shapes of the real one, because it is made of it:

* report 0 is the real report, copied byte for byte, so every registry entity is named in
  some report and the real annotations are part of every benchmark (treaty-status data is not
  copied: it is a constant part of a corpus, not what grows with years of reports);
* every generated statement copies a real statement's stance, topics, referenced instruments,
  organizations, countries, initiatives, events and people, its number of evidence quotes, and
  whether it is a question from the floor, spoken on someone's behalf or concurring;
* speakers are the real speakers plus generated people whose number grows with the corpus
  (a few recurring often, most rarely: preferential attachment), each holding a post in a
  real organization; statistics copy real statistics' measures, units and sources;
* report texts are numbered paragraphs written around the evidence quotes, each quote found
  verbatim and exactly once in its report (checked here, retried if not).

The triple count is made by the build's own code (loader, grounding, ``GraphBuilder``), one
report at a time, and checked against a real build by ``tests/test_bench_smoke.py``.

    python bench/generate.py --triples 100000 --out /tmp/corpus-100k --seed 1
    migration-kg build --data /tmp/corpus-100k --out /tmp/build-100k
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from migration_kg import paths
from migration_kg.builder import build_graph, ontology_graph
from migration_kg.builder.triples import GraphBuilder, materialise_classes, slug, superclasses
from migration_kg.corpus.grounding import Grounding, Span, ground_report
from migration_kg.corpus.kinds import KINDS
from migration_kg.corpus.layout import ReportLayout
from migration_kg.corpus.loader import Corpus, Located, load_corpus, load_report
from migration_kg.corpus.schema import FLOOR, ConceptScheme, Person, Statement, Statistic
from migration_kg.errors import InputError, InputErrors


def _words(text: str) -> list[str]:
    return text.split()


# Name parts for generated people: common given and family names from many regions, so that
# thousands of distinct people can be drawn; every generated name is marked as such in its note.
GIVEN_WOMEN = _words("""
Amara Aiko Amina Ana Ayesha Beatriz Chiara Elena Fatima Hana Ines Ingrid Isabel
Julia Karin Leila Lucia Maria Mariam Mei Nadia Naledi Nora Olga Priya Rania Rosa Sara Sofia
Thandiwe Valentina Yasmin Zainab Zora Bianca Camille Esther Grace Helena Laila Oksana Tatiana
Ursula Adaeze Chipo Dilnoza Eun-ji Gulnara Ifeoma Marisol""")
GIVEN_MEN = _words("""
Alejandro Andrei Arjun Carlos Chen Daniel Dmitri Emeka Felipe Hassan Ibrahim Jakob
Javier Jin Joao Kamal Kofi Lars Luis Marco Mateo Miguel Mohamed Nikolai Omar Paolo Pedro Rafael
Ravi Sergio Tariq Tomas Victor Wei Yusuf Ahmed Anders Diego Farid Ivan Kenji Mohammed Nasser
Rashid Samir Babajide Dawit Haruto Kwame Rustam""")
FAMILY = _words("""
Abadi Achebe Adeyemi Alvarez Andersen Banda Barros Bauer Becker Bianchi Castillo
Chowdhury Costa Silveira Delgado Diallo Dubois Eriksson Farah Fernandes Fischer Gallo Garcia Gomes
Haddad Hansen Hussain Ibrahim Ivanova Jensen Kamara Kariuki Khan Kim Kowalski Kuznetsova Larsen
Lindqvist Lopez Mahmoud Mansour Martins Mendes Moreau Mwangi Nakamura Ndiaye Nguyen Novak Nunez
Okafor Okonkwo Olsen Ortega Park Pereira Petrov Popescu Qureshi Rahman Ramirez Reyes Ricci Rossetti
Saleh Sato Schmidt Sharma Silva Singhal Sokolova Suarez Tanaka Torres Traore Usman Vargas Varga
Wagner Wang Weber Yamamoto Yilmaz Zhang Zubiri Mensah Osei Haile Tesfaye Mutua Odhiambo Banerjee
Iyer Kapoor Rao Soto Vidal Keller Brandt Nilsson Holm Virtanen Horvat Dimitrov Georgiou
Papadakis""")
POST_TITLES = (
    "Programme Officer", "Senior Legal Adviser", "Human Rights Officer", "Director",
    "Deputy Director",
    "Chief", "Counsellor", "Minister Counsellor", "First Secretary", "Second Secretary",
    "Research Fellow", "Policy Adviser", "Migration Specialist", "Legal Officer", "Consultant",
    "Associate Social Affairs Officer", "Senior Policy Adviser", "Head of Office", "Coordinator",
    "Special Adviser",
)
THEMES = (
    "Migration and Human Rights", "Migration and Development", "International Migration and "
    "Remittances", "Labour Migration", "Migration and Gender", "Irregular Migration",
    "Trafficking in Persons and Smuggling of Migrants", "Migration and Health",
    "Diasporas and Development", "Integration of Migrants", "Return and Reintegration",
    "Environmental Change and Migration", "Children on the Move", "Refugees and Asylum",
    "Migration Data and Statistics", "Regional Consultative Processes on Migration",
    "Youth and Migration", "Migrant Workers and Decent Work",
)
VENUES = ("Conference Room 1", "Conference Room 2", "Conference Room 4", "the Church Center",
          "the Dag Hammarskjöld Auditorium", "the ECOSOC Chamber",
          "the Trusteeship Council Chamber")
FUNDERS = ("liechtenstein-government", "canadian-government", "mexican-government",
           "german-ministry-economic-cooperation")
STANCE_VERBS: dict[str, tuple[str, ...]] = {
    "supports": ("expressed support for", "spoke in favour of", "endorsed", "welcomed"),
    "calls-for": ("called for action on", "urged States to act on", "called upon the "
                  "international community to strengthen", "called on States to make progress on"),
    "recommends": ("recommended attention to", "proposed concrete steps on", "suggested "
                   "a review of", "advised giving priority to"),
    "opposes": ("opposed current practice on", "spoke against restrictive measures on",
                "rejected the prevailing approach to"),
    "criticises": ("criticised the handling of", "pointed to failings in", "regretted the "
                   "lack of progress on", "deplored gaps in"),
    "warns": ("warned of risks concerning", "cautioned about", "drew attention to dangers in"),
    "reports": ("reported on", "described", "gave an account of", "presented findings on"),
    "questions": ("asked about", "raised a question on", "wondered about", "queried"),
}
QUALIFIERS = (
    "as a matter of priority", "in the coming years", "at the national level",
    "at the regional level", "in countries of origin", "in countries of destination",
    "in countries of transit", "in bilateral agreements", "in the work of the United Nations",
    "in national legislation", "in practice as well as in law", "for the most vulnerable",
    "with the support of civil society", "through international cooperation",
    "before the High Level Dialogue", "in the light of recent experience",
    "in the context of globalization", "for women migrant workers", "for children left behind",
    "in the informal economy", "in domestic work", "in agriculture", "in the construction sector",
    "in the implementation of existing commitments", "with reference to recent case law",
    "in the training of officials", "in consular practice", "in data collection",
    "in policy-making", "in public debate",
)
ELABORATIONS = (
    "this deserved more attention from Member States", "progress had been uneven",
    "the issue was closely linked to development", "experience showed what could work",
    "the costs of inaction were high", "cooperation between agencies was essential",
    "migrants themselves should be heard", "evidence was still scarce",
    "the legal framework already offered answers", "implementation lagged behind commitments",
    "the private sector had a role to play", "local authorities were often the first to act",
)
FILLER = (
    "The discussion that followed was lively.", "Several delegations took the floor.",
    "The moderator thanked the speaker.", "Participants were invited to comment.",
    "A short video was shown.", "The session resumed after a short break.",
    "Slides were distributed to the participants.", "The chair summarised the main points.",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
RIGHTS = "A synthetic report generated for benchmarking; no rights reserved."
PERSON_NOTE = "A generated person (bench/generate.py), not a real one."


# ------------------------------------------------------------------------------------ YAML


def q(value: object) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars, and never ambiguous."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def yaml_item(mapping: dict[str, Any], indent: str) -> Iterator[str]:
    """One block-style list item; lists of scalars in flow style, lists of mappings nested."""
    first = True
    for key, value in mapping.items():
        if value is None or value == []:
            continue
        lead = f"{indent}- " if first else f"{indent}  "
        first = False
        if isinstance(value, list) and value and isinstance(value[0], dict):
            yield f"{lead}{key}:"
            for item in value:
                yield from yaml_item(item, indent + "    ")
        elif isinstance(value, list):
            yield f"{lead}{key}: [{', '.join(q(v) for v in value)}]"
        else:
            yield f"{lead}{key}: {q(value)}"


def yaml_list(key: str, items: Iterable[dict[str, Any]], header: str = "") -> str:
    lines = [header, f"{key}:"] if header else [f"{key}:"]
    for item in items:
        lines.extend(yaml_item(item, "  "))
    return "\n".join(lines) + "\n"


def yaml_mapping(mapping: dict[str, Any], indent: str = "") -> Iterator[str]:
    for key, value in mapping.items():
        if value is None:
            continue
        if isinstance(value, dict):
            yield f"{indent}{key}:"
            yield from yaml_mapping(value, indent + "  ")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            yield f"{indent}{key}:"
            for item in value:
                yield from yaml_item(item, indent + "  ")
        elif isinstance(value, list):
            yield f"{indent}{key}: [{', '.join(q(v) for v in value)}]"
        else:
            yield f"{indent}{key}: {q(value)}"


# ------------------------------------------------------------------------------------ people


@dataclass
class Speaker:
    """A person who can speak in generated reports, with the forms a report writes."""

    id: str
    name: str
    honorific: str
    full: str
    short: str
    holdings: list[tuple[str, str, str]]  # (post, organization id, tenure)
    generated: bool
    variants: list[str] = field(default_factory=list)

    @property
    def pronoun(self) -> str:
        return {"Ms.": "She", "Mrs.": "She", "Mr.": "He"}.get(self.honorific, "The speaker")


def real_speakers(corpus: Corpus) -> list[Speaker]:
    """The people who speak in the real report, with the posts it says they hold."""
    report = corpus.reports[0]
    spoke = {s.item.speaker for s in report.statements} - {FLOOR}
    holdings: dict[str, list[tuple[str, str, str]]] = {}
    for h in report.holdings:
        holdings.setdefault(h.item.person, []).append(
            (h.item.post, h.item.organization, h.item.tenure))
    speakers = []
    for pid in sorted(spoke):
        person: Person = corpus.entities["people"][pid].item
        honorific = person.honorific or "Ms."
        full = f"{honorific} {person.name}"
        forms = [v for v in person.variants if v.startswith(honorific)]
        short = min(forms, key=len) if forms else full
        current = [h for h in holdings.get(pid, []) if h[2] == "current"]
        if not current:
            continue
        speakers.append(Speaker(pid, person.name, honorific, full, short,
                                holdings.get(pid, []), generated=False))
    return speakers


class PeoplePool:
    """Generated people: new ones appear with every report, known ones recur by popularity."""

    def __init__(self, rng: random.Random, corpus: Corpus) -> None:
        self.rng = rng
        self.real = real_speakers(corpus)
        self.generated: list[Speaker] = []
        self.appearances: list[Speaker] = []  # one entry per appearance: preferential attachment
        self.taken_ids = set(corpus.entities["people"])
        self.taken_names = {p.item.name for p in corpus.entities["people"].values()}
        self.organizations = sorted(corpus.entities["organizations"])
        self.used: dict[str, Speaker] = {}

    def new(self) -> Speaker:
        for _ in range(1000):
            women = self.rng.random() < 0.5
            given = self.rng.choice(GIVEN_WOMEN if women else GIVEN_MEN)
            family = self.rng.choice(FAMILY)
            name = f"{given} {family}"
            if name not in self.taken_names:
                break
        else:
            given = self.rng.choice(GIVEN_WOMEN if women else GIVEN_MEN)
            family = f"{self.rng.choice(FAMILY)}-{self.rng.choice(FAMILY)}"
            name = f"{given} {family}"
        self.taken_names.add(name)
        pid = slug(name)
        suffix = 2
        while pid in self.taken_ids:
            pid, suffix = f"{slug(name)}-{suffix}", suffix + 1
        self.taken_ids.add(pid)
        honorific = "Dr." if self.rng.random() < 0.25 else ("Ms." if women else "Mr.")
        holdings = [(self.rng.choice(POST_TITLES), self.rng.choice(self.organizations), "current")]
        if self.rng.random() < 0.1:
            holdings.append((self.rng.choice(POST_TITLES), self.rng.choice(self.organizations),
                             "former"))
        speaker = Speaker(pid, name, honorific, f"{honorific} {name}", f"{honorific} {family}",
                          holdings, generated=True)
        speaker.variants = [speaker.full, speaker.short]
        self.generated.append(speaker)
        return speaker

    def participants(self, count: int) -> list[Speaker]:
        """Speakers of one report: some real, some recurring, some new; short forms distinct."""
        chosen: list[Speaker] = []
        shorts: set[str] = set()
        attempts = 0
        while len(chosen) < count and attempts < count * 50:
            attempts += 1
            roll = self.rng.random()
            if roll < 0.15 and self.real:
                candidate = self.rng.choice(self.real)
            elif roll < 0.6 and self.appearances:
                candidate = self.rng.choice(self.appearances)
            else:
                candidate = self.new()
            if candidate in chosen or candidate.short in shorts:
                continue
            chosen.append(candidate)
            shorts.add(candidate.short)
        for speaker in chosen:
            if speaker.generated:
                self.appearances.append(speaker)
                self.used[speaker.id] = speaker
        return chosen


# ------------------------------------------------------------------------------------ counting


class TripleCounter:
    """The number of distinct triples the build writes, counted by the build's own code.

    Each generated person and report goes through the library's loader, grounding and
    :class:`GraphBuilder`, exactly as ``migration-kg build`` does, and its triples are folded
    into one set of hashes seeded with the real graph; triples that recur across reports
    (people, posts, who spoke in which session) are counted once, as the build does.
    """

    def __init__(self, corpus: Corpus, real_graph: Graph) -> None:
        self.corpus = corpus
        self.closure = superclasses(ontology_graph())
        self.seen: set[int] = {hash(triple) for triple in real_graph}

    @property
    def total(self) -> int:
        return len(self.seen)

    def _fold(self, builder: GraphBuilder) -> None:
        materialise_classes(builder.triples, self.closure)
        self.seen.update(hash(triple) for triple in builder.triples)

    def person(self, entry: dict[str, Any], path: Path) -> None:
        """Count a generated person, and make it known to the builder of later reports."""
        person = Person.model_validate(entry)
        self.corpus.entities["people"][person.id] = Located(person, path, 1)
        builder = GraphBuilder(self.corpus, Grounding({}))
        builder.add_registry_entity(KINDS["people"], person)
        self._fold(builder)

    def report(self, folder: Path) -> None:
        """Count the triples of the report written to ``folder``."""
        report = load_report(ReportLayout(folder))
        spans: dict[tuple[str, int], list[Span]] = {}
        errors: list[InputError] = []
        ground_report(report, spans, errors)
        if errors:
            raise InputErrors(errors)
        one = Corpus(self.corpus.root, self.corpus.entities, self.corpus.schemes, [report])
        builder = GraphBuilder(one, Grounding(spans))
        builder.add_report(report)
        self._fold(builder)


# ------------------------------------------------------------------------------------ reports


@dataclass
class Paragraph:
    sentences: list[str] = field(default_factory=list)


@dataclass
class ReportDraft:
    id: str
    files: dict[str, str]
    statements: int
    quotes: int


class ReportWriter:
    """Writes one generated report: its text, its annotations, and counts its triples."""

    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        self.corpus = corpus
        self.rng = rng
        report = corpus.reports[0]
        self.templates = [s.item for s in report.statements if s.item.speaker != FLOOR]
        self.floor_templates = [s.item for s in report.statements if s.item.speaker == FLOOR] \
            or self.templates
        self.stat_templates = [x.item for x in report.statistics if x.item.statement]
        self.topics = self._labels(corpus.scheme("topics"))
        self.stances = self._labels(corpus.scheme("stances"))

    @staticmethod
    def _labels(scheme: ConceptScheme | None) -> dict[str, str]:
        return {c.id: c.label for c in scheme.concepts} if scheme else {}

    # ---------------------------------------------------------------- names as written

    def instrument_form(self, iid: str) -> str:
        item = self.corpus.entities["instruments"][iid].item
        forms = [f for f in (item.name if not item.name_source else None, item.short_name,
                             *item.variants) if f]
        return self.rng.choice(forms or [item.name])

    def organization_form(self, oid: str) -> str:
        item = self.corpus.entities["organizations"][oid].item
        if item.acronym and (item.name_source or self.rng.random() < 0.5):
            return item.acronym
        return f"the {item.name}"

    def entity_form(self, kind: str, eid: str) -> str:
        if kind == "instruments":
            return f"the {self.instrument_form(eid)}"
        if kind == "organizations":
            return self.organization_form(eid)
        if kind == "people":
            person = self.corpus.entities["people"][eid].item
            return person.variants[0] if person.variants else person.name
        if kind == "initiatives":
            return f"the {self.corpus.entities['initiatives'][eid].item.name}"
        return str(self.corpus.entities[kind][eid].item.name)

    # ---------------------------------------------------------------- one report

    def draft(self, index: int, participants: list[Speaker], n_statements: int,
              date: dt.date) -> ReportDraft:
        for attempt in range(20):
            draft = self._try(index, participants, n_statements, date, attempt)
            if draft is not None:
                return draft
        raise RuntimeError(f"report {index}: could not make every quote unique")

    def _try(self, index: int, participants: list[Speaker], n_statements: int,
             date: dt.date, attempt: int) -> ReportDraft | None:
        rng = self.rng
        theme = rng.choice(THEMES)
        rid = f"{date.isoformat()}-{slug(theme)}-{index:05d}"
        wid = f"{rid}-workshop"
        n_sessions = min(len(participants), rng.randint(2, 4))
        sessions = [(f"{rid}-session-{n}", n, self._session_title(n)) for n in
                    range(1, n_sessions + 1)]
        place = rng.choice(("United Nations Headquarters, New York", "Palais des Nations, Geneva"))
        venues = sorted(rng.sample(VENUES, rng.randint(1, 2)))
        day = f"{date.day} {MONTHS[date.month - 1]} {date.year}"
        quotes: list[str] = []

        # --- front matter
        title = f"Workshop Report: UNITAR/UNFPA/IOM Key Migration Issues Workshop Series: {theme}"
        funder = rng.choice(FUNDERS)
        funder_name = self.corpus.entities["organizations"][funder].item.name
        delegates, countries = rng.randint(15, 90), rng.randint(10, 60)
        staff, civil = rng.randint(10, 60), rng.randint(3, 30)
        intro = [
            title, "", f"{day}, {place}", "",
            "Introduction", "",
            f"On {day}, the United Nations Institute for Training and Research (UNITAR) hosted "
            f"a workshop on {theme} as part of the “UNITAR/UNFPA/IOM Key Migration Issues "
            f"Workshop Series”, in collaboration with the United Nations Population Fund (UNFPA) "
            f"and the International Organization for Migration (IOM). The event was held in "
            f"{' and '.join(venues)}. This Workshop is financially supported by the {funder_name}.",
            "",
            f"The attendees included {delegates} delegates representing {countries} countries, "
            f"{staff} staff from the UN Secretariat, agencies and other international "
            f"organizations, and {civil} members of civil society.",
            "",
        ]
        workshop_quotes = [f"{day}, {place}", f"hosted a workshop on {theme}"]
        quotes += workshop_quotes
        fact_rows = [
            (wid, "super-event", "key-migration-issues-workshop-series",
             "as part of the “UNITAR/UNFPA/IOM Key Migration Issues Workshop Series”"),
            (wid, "hosted-by", "unitar", f"hosted a workshop on {theme}"),
            (wid, "organized-by", "unfpa",
             "in collaboration with the United Nations Population Fund (UNFPA)"),
            (wid, "organized-by", "iom", "the International Organization for Migration (IOM)"),
            (wid, "funded-by", funder, f"This Workshop is financially supported by the "
                                       f"{funder_name}."),
        ]
        quotes += [f[3] for f in fact_rows]
        attendance = [
            ("attendance-delegates", "delegates attending the workshop", delegates, "persons",
             f"The attendees included {delegates} delegates"),
            ("attendance-countries", "countries represented by the delegates attending the "
             "workshop", countries, "count", f"{delegates} delegates representing {countries} "
                                            "countries"),
            ("attendance-staff", "staff from the UN Secretariat, agencies and other international "
             "organizations attending the workshop", staff, "persons",
             f"{staff} staff from the UN Secretariat"),
            ("attendance-civil-society", "members of civil society attending the workshop", civil,
             "persons", f"{civil} members of civil society"),
        ]
        quotes += [a[4] for a in attendance]
        events: list[dict[str, Any]] = []
        if "treaty-event" in self.corpus.entities["events"] and rng.random() < 0.3:
            events.append({"event": "treaty-event", "since_year": 2000,
                           "evidence": ["the Treaty Event, held annually since 2000"]})
            intro += [f"Participants were reminded of the Treaty Event, held annually since 2000"
                      f", and of the treaty actions it invites {date.year}.", ""]
            quotes.append("the Treaty Event, held annually since 2000")

        # --- sessions: turns of speakers, each turn a paragraph of statements
        body: list[str] = []
        statements: list[dict[str, Any]] = []
        statistics: list[dict[str, Any]] = []
        holdings: list[dict[str, Any]] = []
        introduced: set[str] = set()
        by_session = _split(participants, n_sessions, rng)
        per_turn = max(1, round(n_statements / max(1, len(participants) + n_sessions)))
        budget = n_statements
        paragraph_no = 0
        stat_no = 0
        stat_rate = len(self.stat_templates) / max(1, len(self.templates))
        for (sid, number, stitle), speakers in zip(sessions, by_session, strict=True):
            body += [f"Session {ROMAN[number - 1]}: {stitle}", ""]
            quotes.append(f"Session {ROMAN[number - 1]}: {stitle}")
            turns = list(speakers)
            extra = rng.randint(0, len(speakers))
            turns += [rng.choice(participants) for _ in range(extra)]
            floor_ids: list[str] = []
            for turn, speaker in enumerate(turns):
                if budget <= 0 and turn >= len(speakers):
                    break
                paragraph_no += 1
                para = Paragraph()
                if speaker.id not in introduced:
                    introduced.add(speaker.id)
                    post, org, _ = next(h for h in speaker.holdings if h[2] == "current")
                    intro_quote = f"{speaker.full}, {post} at {self.organization_form(org)}"
                    para.sentences.append(f"{intro_quote}, took the floor.")
                    quotes.append(intro_quote)
                    holdings.append({"person": speaker.id, "post": post, "organization": org,
                                     "tenure": "current", "evidence": [intro_quote]})
                    for fpost, forg, tenure in speaker.holdings:
                        if tenure != "former":
                            continue
                        former = (f"{speaker.short}, formerly {fpost} at "
                                  f"{self.organization_form(forg)}")
                        para.sentences.append(f"{former}, recalled that experience.")
                        quotes.append(former)
                        holdings.append({"person": speaker.id, "post": fpost,
                                         "organization": forg, "tenure": "former",
                                         "evidence": [former]})
                take = max(1, min(budget, rng.randint(max(1, per_turn // 2), per_turn * 2)))
                responds = floor_ids if (floor_ids and rng.random() < 0.5) else []
                for k in range(take):
                    template = rng.choice(self.templates)
                    st, sentences = self._statement(rid, sid, speaker, template, participants,
                                                    len(statements) + 1,
                                                    responds if k == 0 else [])
                    statements.append(st)
                    para.sentences += sentences
                    quotes += st["evidence"]
                    budget -= 1
                    if rng.random() < stat_rate and self.stat_templates:
                        stat_no += 1
                        stat, sentence = self._statistic(stat_no, st, rng)
                        statistics.append(stat)
                        para.sentences.append(sentence)
                        quotes += stat["evidence"]
                if responds:
                    floor_ids = []
                if rng.random() < 0.3:
                    para.sentences.append(rng.choice(FILLER))
                body += [f"{paragraph_no}. " + " ".join(para.sentences), ""]
                questions = rng.choice((1, 2)) if rng.random() < 0.35 else 0
                for _ in range(min(questions, budget)):
                    # a question from the floor, answered in a later turn
                    paragraph_no += 1
                    template = rng.choice(self.floor_templates)
                    st, sentences = self._statement(rid, sid, None, template, participants,
                                                    len(statements) + 1, [])
                    statements.append(st)
                    floor_ids.append(st["id"])
                    quotes += st["evidence"]
                    budget -= 1
                    body += [f"{paragraph_no}. " + " ".join(sentences), ""]
        outro = ["UNITAR New York is responsible for the contents of this report.", ""]
        quotes.append("UNITAR New York is responsible for the contents of this report.")
        text = "\n".join(intro + body + outro)
        if not all(text.count(quote) == 1 for quote in quotes):
            return None

        # --- annotations
        report_yaml = "\n".join([
            "# A generated report (bench/generate.py): the text is synthetic, the shapes are real.",
            *yaml_mapping({"report": {
                "id": rid, "title": title, "publisher": "unitar-new-york",
                "publisher_evidence": ["UNITAR New York is responsible for the contents of "
                                       "this report."],
                "date": date, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "obtained_from": "generated by bench/generate.py", "rights": RIGHTS,
            }}),
            *yaml_mapping({"workshop": {
                "id": wid, "name": theme, "date": date, "place": place, "venues": venues,
                "evidence": workshop_quotes,
                "sessions": [{"id": s, "number": n, "title": t,
                              "evidence": [f"Session {ROMAN[n - 1]}: {t}"]}
                             for s, n, t in sessions],
            }}),
            *yaml_mapping({"events": events} if events else {}),
            *yaml_mapping({"facts": [{"subject": s, "predicate": p, "object": o,
                                      "evidence": [e]} for s, p, o, e in fact_rows]}),
            *yaml_mapping({"holdings": holdings}),
        ]) + "\n"
        for i, (aid, measure, value, unit, quote) in enumerate(attendance):
            statistics.insert(i, {"id": aid, "measure": measure, "value": value, "unit": unit,
                                  "event": wid, "evidence": [quote]})

        return ReportDraft(rid, {
            "source.txt": text,
            "report.yaml": report_yaml,
            "statements.yaml": yaml_list("statements", statements,
                                         "# Generated statements (bench/generate.py)."),
            "statistics.yaml": yaml_list("statistics", statistics,
                                         "# Generated statistics (bench/generate.py)."),
        }, len(statements), len(quotes))

    def _session_title(self, number: int) -> str:
        topic = self.rng.choice(sorted(self.topics.values()))
        return f"{topic[0].upper()}{topic[1:]}: {self.rng.choice(QUALIFIERS)}"

    def _statement(self, rid: str, sid: str, speaker: Speaker | None, template: Statement,
                   participants: list[Speaker], number: int,
                   responds: list[str]) -> tuple[dict[str, Any], list[str]]:
        rng = self.rng
        topics = list(template.topics)
        topic_labels = [self.topics[t] for t in topics]
        # the real report's own workshop becomes this report's workshop
        events = [e if e in self.corpus.entities["events"] else f"{rid}-workshop"
                  for e in template.events]
        # a speaker's own organization is not something the statement refers to (codebook)
        own = {org for _, org, tenure in speaker.holdings if tenure == "current"} \
            if speaker else set()
        organizations = [o for o in template.organizations if o not in own]
        referenced: list[str] = []
        for kind, values in (("instruments", template.instruments),
                             ("initiatives", template.initiatives),
                             ("organizations", organizations),
                             ("countries", template.countries)):
            referenced += [self.entity_form(kind, v) for v in values]
        referenced += [self.entity_form("events", e) if e in self.corpus.entities["events"]
                       else "this workshop" for e in events]
        obj = topic_labels[0] if not referenced else \
            f"{_join(referenced[:3])} regarding {topic_labels[0]}"
        verb = rng.choice(STANCE_VERBS.get(template.stance, (self.stances[template.stance],)))
        qualifier = rng.choice(QUALIFIERS)
        entry: dict[str, Any] = {
            "id": f"{slug(speaker.name.split()[-1]) if speaker else 'floor'}-"
                  f"{slug(topics[0])}-{number:03d}",
            "speaker": speaker.id if speaker else FLOOR,
            "session": sid, "stance": template.stance,
            "positions": [p.model_dump() for p in template.positions],
            "criticises": list(template.criticises), "topics": topics,
            "instruments": list(template.instruments),
            "initiatives": list(template.initiatives),
            "organizations": organizations, "events": events,
            "people": list(template.people), "countries": list(template.countries),
        }
        subject = speaker.short if speaker else "A participant from the floor"
        lead = ""
        principal = template.on_behalf_of[0] if template.on_behalf_of else None
        if speaker and principal and rng.random() < 0.5 and principal != speaker.id:
            entry["on_behalf_of"] = [principal]
            kind = self.corpus.entity_kind(principal) or "organizations"
            lead = f"Speaking on behalf of {self.entity_form(kind, principal)}"
        elif speaker and principal:
            org = next(h[1] for h in speaker.holdings if h[2] == "current")
            entry["on_behalf_of"] = [org]
            lead = f"Speaking on behalf of {self.organization_form(org)}"
        others = [p for p in participants if speaker is None or p.id != speaker.id]
        tail = ""
        for key, phrase in (("concurs_with", "concurring with"), ("agrees_with", "agreeing with")):
            if getattr(template, key) and speaker and others:
                other = rng.choice(others)
                entry[key] = [other.id]
                tail += f", {phrase} {other.short}"
        if responds:
            entry["responds_to"] = list(responds)
            lead = "In reply to the floor" + (f" and speaking on behalf of "
                                              f"{lead.removeprefix('Speaking on behalf of ')}"
                                              if lead else "")
        first = f"{subject} {verb} {obj} {qualifier}{tail}."
        if lead:
            first = f"{lead}, {first}"
        sentences = [first]
        for extra in range(1, len(template.evidence)):
            label = topic_labels[extra % len(topic_labels)]
            pronoun = speaker.pronoun if speaker else "The participant"
            sentences.append(f"{pronoun} added, on {label}, that {rng.choice(ELABORATIONS)} "
                             f"{rng.choice(QUALIFIERS)}.")
        name = speaker.name if speaker else "A participant from the floor"
        stance_label = self.stances.get(template.stance, template.stance)
        entry["paraphrase"] = (f"{name} {stance_label} {_join(topic_labels)}"
                               + (f", with reference to {_join(referenced[:3])}" if referenced
                                  else "") + ".")
        entry["evidence"] = sentences
        return entry, sentences

    def _statistic(self, number: int, statement: dict[str, Any],
                   rng: random.Random) -> tuple[dict[str, Any], str]:
        template: Statistic = rng.choice(self.stat_templates)
        value: float
        if template.unit == "percent":
            value = rng.randint(2, 98)
            phrase = f"{value} percent"
        else:
            value = rng.randint(2, 5000) * (1000 if template.value >= 1000 else 1)
            phrase = f"{value:,}".replace(",", " ") + (" persons" if template.unit == "persons"
                                                         else "")
        quote = f"a figure of {phrase} for the {template.measure}"
        source = f", according to {template.stated_source}" if template.stated_source else ""
        sentence = f"The speaker cited {quote}{source}."
        stat = {
            "id": f"stat-{number:03d}-{slug(template.measure)[:60].strip('-')}",
            "measure": template.measure, "value": value, "unit": template.unit,
            "approximate": template.approximate or None,
            "source_year": template.source_year, "reference_year": template.reference_year,
            "place": template.place, "statement": statement["id"],
            "stated_source": template.stated_source,
            "source_organization": template.source_organization, "evidence": [quote],
        }
        return stat, sentence


def _split(speakers: list[Speaker], n: int, rng: random.Random) -> list[list[Speaker]]:
    """Every speaker in one session at least, in a shuffled order."""
    order = list(speakers)
    rng.shuffle(order)
    return [order[i::n] for i in range(n)]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------------------------ corpus


@dataclass
class Summary:
    reports: int
    statements: int
    people: int
    quotes: int
    triples: int


def person_entry(speaker: Speaker) -> dict[str, Any]:
    return {"id": speaker.id, "name": speaker.name, "honorific": speaker.honorific,
            "variants": speaker.variants, "note": PERSON_NOTE}


def real_person_entry(person: Person) -> dict[str, Any]:
    return person.model_dump(exclude_none=True, exclude_defaults=True)


def generate(out: Path, triples: int, *, seed: int = 0, source: Path | None = None,
             progress: bool = True) -> Summary:
    """Write a corpus of about ``triples`` triples to ``out`` (which must not exist or be empty)."""
    source = Path(source or paths.GRAPH_DIR)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"error: {out} is not empty; give a new folder")
    corpus = load_corpus(source)
    if len(corpus.reports) != 1:
        raise SystemExit(f"error: {source} must hold exactly one report to copy from")
    real = corpus.reports[0]
    real_people = [real_person_entry(p.item) for p in corpus.entities["people"].values()]
    rng = random.Random(seed)
    pool = PeoplePool(rng, corpus)
    writer = ReportWriter(corpus, rng)

    (out / "reports").mkdir(parents=True)
    shutil.copytree(source / "registry", out / "registry")
    shutil.copytree(real.directory, out / "reports" / real.directory.name)
    # The count starts from what is copied: the registry and the real report. Treaty-status
    # data is left out: it is a constant (some 33k triples) that does not grow with reports.
    counter = TripleCounter(corpus, build_graph(out))

    per_statement = 27  # triples, measured on generated reports; only used to size the last one
    per_report_fixed = 900
    statements = len(real.statements)
    quotes = 0
    index = 0
    bar = _progress(triples, progress)
    bar.update(counter.total)
    while counter.total < triples * 0.99:
        remaining = triples - counter.total
        n_statements = int(rng.triangular(40, 260, 140))
        if remaining < (n_statements + 20) * per_statement + per_report_fixed:
            n_statements = max(3, (remaining - per_report_fixed) // per_statement)
        n_people = max(2, min(rng.randint(6, 18), n_statements // 3))
        index += 1
        before = counter.total
        date = dt.date(2006, 9, 1) + dt.timedelta(days=rng.randrange(0, 365 * 19))
        participants = pool.participants(n_people)
        for speaker in participants:
            if speaker.generated and speaker.id not in corpus.entities["people"]:
                counter.person(person_entry(speaker), out / "registry" / "people.yaml")
        draft = writer.draft(index, participants, n_statements, date)
        folder = out / "reports" / draft.id
        folder.mkdir()
        for name, content in draft.files.items():
            (folder / name).write_text(content, encoding="utf-8")
        counter.report(folder)
        statements += draft.statements
        quotes += draft.quotes
        bar.update(counter.total - before)
    bar.close()

    people = real_people + [person_entry(s) for s in sorted(pool.used.values(), key=lambda s: s.id)]
    (out / "registry" / "people.yaml").write_text(
        yaml_list("people", people, "# People: the real registry plus generated people "
                                    "(bench/generate.py)."), encoding="utf-8")
    summary = Summary(reports=index + 1, statements=statements, people=len(people),
                      quotes=quotes, triples=counter.total)
    (out / "generated.json").write_text(json.dumps(
        {"target": triples, "seed": seed, **asdict(summary)}, indent=1) + "\n", encoding="utf-8")
    return summary


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit=" triples", unit_scale=True, file=sys.stderr,
                disable=None if enabled else True, desc="generating")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic corpus laid out like graph/ of about N triples.",
        epilog="example: python bench/generate.py --triples 100000 --out /tmp/corpus-100k")
    parser.add_argument("--triples", type=_count, required=True,
                        help="target size in triples, e.g. 10000, 100k, 1M, 5M")
    parser.add_argument("--out", type=Path, required=True, help="new folder to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--source", type=Path, default=None,
                        help="real data to draw from (default: the shipped graph/)")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.triples, seed=args.seed, source=args.source)
    print(f"wrote {args.out}: {summary.reports} reports (1 real), {summary.statements} "
          f"statements, {summary.quotes} evidence quotes, {summary.people} people")
    print(f"triples: {summary.triples} (target {args.triples}; counted by the build's own code, "
          f"report by report)")
    return 0


def _count(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a count: {text!r} (e.g. 10000, 100k, 1M)")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[match[2].lower()]
    return int(float(match[1]) * scale)


if __name__ == "__main__":
    raise SystemExit(main())
