"""The drafter: one statement per sentence that a speaker's paragraph holds, its speaker, whom
they spoke for, the speech act, the instruments and entities named, suggested claims and
topics, and evidence cut from the text, each with a confidence and the cue that decided it.

Rules, not a model: a speaker is the subject of a reporting verb (a person introduced with an
honorific, "the representative of Algeria", "Amnesty International, also on behalf of ...,
expressed concern"); a pronoun, "the representative" or "the delegation", and a sentence with
no subject of its own, go to the last named speaker of the paragraph. Names are matched to the
registry (:mod:`.gazetteer`) or proposed as new entries with the name as written. The speech
act comes from the codebook's cue table (:mod:`.cues`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from migration_kg.corpus import schema
from migration_kg.corpus.grounding import occurrences
from migration_kg.drafting.cues import speech_act
from migration_kg.drafting.gazetteer import Entry, Gazetteer, Mention, slug
from migration_kg.drafting.segment import CleanText, Sentence, clean, sentences

DRAFTED_BY = "migration-kg draft (rules: graph/CODEBOOK.md speech-act cues, registry gazetteer)"
HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ambassador|Judge|Sir|Dame|H\.E\.)\.?"
PARTICLE = r"(?:di|de|da|del|della|van|von|der|den|la|le|bin|ben|al|el|dos|das|du)"
NAME_WORD = r"[A-Z][\w’'-]+"
PERSON = re.compile(rf"\b(?P<hon>{HONORIFIC})\s+(?P<name>(?:{PARTICLE}\s+)?{NAME_WORD}"
                    rf"(?:\s+(?:{PARTICLE}\s+)?{NAME_WORD}){{0,3}})")
VERBS = (
    "said|stated|noted|stressed|emphasi[sz]ed|underlined|underscored|highlighted|urged|called|"
    "recommended|suggested|proposed|welcomed|regretted|expressed|observed|pointed|described|"
    "explained|added|argued|asked|concluded|cautioned|warned|recalled|reiterated|affirmed|"
    "reaffirmed|acknowledged|agreed|concurred|believed|considered|indicated|informed|reported|"
    "presented|focu?s+ed|looked|reflected|recounted|defined|identified|mentioned|raised|"
    "referred|commended|drew|encouraged|invited|opened|gave|detailed|enumerated|challenged|"
    "deplored|condemned|insisted|maintained|questioned|wondered|supported|endorsed|began|"
    "continued|spoke|shared|outlined|summari[sz]ed|elaborated|illustrated|discussed|addressed|"
    "examined|explored|requested|appealed|hoped|was|remarked|declared|announced|asserted|"
    "claimed|contended|felt|thanked|congratulated|praised|appreciated|alluded|cited|demanded|"
    "opposed|rejected|objected|sought|introduced|provided|offered|made|posed|turned|closed|"
    "deplored|lamented|criticized|criticised|recognized|recognised|speaking|emphasizing|"
    "noting|stating|stressing|adding")
ADVERBS = (r"(?:(?:also|further|then|again|later|subsequently|finally|first|next|however|"
           r"moreover|furthermore|thus|therefore|too|additionally|briefly|specifically),?\s+)")
TAIL = re.compile(rf"\**(?:\s*\((?P<paren>[^()]{{1,100}})\))?(?:\s*,\s*(?P<appos>[^;]{{1,300}}?)"
                  rf"\s*,)?\s+{ADVERBS}{{0,2}}(?P<verb>{VERBS})\b")
REPRESENTATIVE = re.compile(
    r"\b(?:the\s+)?(?:permanent\s+)?(?:representatives?|delegations?|delegates?|observers?|"
    r"spokesperson|minister|ambassador|speaker)\s+(?:\w+\s+)?(?:of|for|from)\s+(?:the\s+)?\**$",
    re.IGNORECASE)
PRONOUN = re.compile(
    rf"^(?:[^,]{{0,120}},\s*)?(?:he|she|it|they|(?:the|his|her|its|their|that)\s+"
    rf"(?:representative|delegation|speaker|delegate|observer|panell?ist|organi[sz]ation|"
    rf"government|country|group))\s+{ADVERBS}{{0,2}}(?:{VERBS})\b", re.IGNORECASE)
FLOOR = re.compile(r"^(?:[^,]{0,80},\s*)?(?:(?:questions|comments|remarks|interventions)\s+"
                   r"from\s+the\s+floor|(?:a|one|another|several|some)\s+(?:participants?|"
                   r"members?\s+of\s+the\s+audience))\b", re.IGNORECASE)
ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+(?P<who>[^.;]{2,200}?)(?:,|$)", re.IGNORECASE)
GENERIC_INSTRUMENT = re.compile(r"\b(?:the|its|this|that)\s+(?:(ILO)\s+)?(Convention|Covenant|"
                                r"Protocol)\b(?!\s+(?:on|against|relating|for|of|no)\b)")
ILO_NUMBERS = re.compile(r"\bILO\s+Conventions?\s+(?:nos?\.?|Nos?\.?)\s*"
                         r"(\d{1,3}(?:\s*(?:,|and|&)\s*\d{1,3})*)")
KEYED_INSTRUMENT = re.compile(r"\b(Protocols?|Conventions?)\s+((?:(?:and\s+)?(?:against|on|"
                              r"relating\s+to)\s+(?:the\s+)?[A-Z][\w-]+(?:\s+in\s+[A-Z]\w+)?"
                              r"\s*)+)")
KEY_WORD = re.compile(r"(?:against|on|to)\s+(?:the\s+)?([A-Z][\w-]+)")
ANAPHORA = re.compile(r"\b(?:these|those|such|both)\s+(?:instruments|conventions|treaties|"
                      r"protocols|texts)\b", re.IGNORECASE)
PROCEDURAL = re.compile(rf"^(?:[Tt]he\s+)?(?:Chair(?:person|man|woman)?|President|"
                        rf"Vice-President|Moderator|Secretary|Secretariat)\s+{ADVERBS}{{0,2}}"
                        rf"(?:thanked|declared|opened|closed|suspended|adjourned|invited|gave|"
                        rf"announced|said|noted|recalled|resumed)\b")
INSTRUMENT_WORDS = ("Convention", "Covenant", "Protocol", "Charter", "Declaration", "Treaty")
TITLE = re.compile(
    r"(?:(?:\d{4}|UN|United|Nations|International|Optional|European|African|American|"
    r"Inter-American|Arab|ILO|Vienna|Geneva)\s+)*(?:[A-Z][\w’'-]+\s+){0,4}"
    rf"(?:{'|'.join(INSTRUMENT_WORDS)})"
    r"(?:\s+(?:on|against|for|relating\s+to|concerning)\s+(?:the\s+)?[A-Z][\w’'-]*"
    r"(?:\s+(?:(?:of|and|the|in|on|all|their|by|with|from)\s+)*[A-Z][\w’'-]*)*)?")
FORMER = re.compile(r"\s+and\s+former\s+", re.IGNORECASE)
POST_TAIL = re.compile(r"\s*\b(?:at|of|in|for|to|with)\s+(?:the\s+)?$", re.IGNORECASE)
_STOPWORDS = (
    "a an the of and or to in on for with by from as at be is are was were that this these those "
    "it its their them they he she his her should must can could would will may not no all any "
    "every between into about which who whom whose what when where how why such than also more "
    "most other only own same so too very just have has had do does did been being there")
STOPWORDS = frozenset(_STOPWORDS.split())
AGENT_KINDS = ("organizations", "countries")
MIN_SENTENCE_CHARS = 25


@dataclass
class Decision:
    """A value and how sure the rule that chose it was."""

    confidence: float
    rule: str


@dataclass
class Speaker:
    entry: Entry | None  # None: the floor
    decision: Decision
    principals: list[Entry] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.entry.id if self.entry is not None else schema.FLOOR


@dataclass
class Drafts:
    """What the drafter found: proposed entities, holdings and statements (plain dicts in the
    draft file's format, :class:`migration_kg.drafting.model.DraftsFile`)."""

    entities: list[dict[str, Any]]
    holdings: list[dict[str, Any]]
    statements: list[dict[str, Any]]


class Drafter:
    """Drafts one report's text against a registry (``corpus``: a loaded registry, or None for
    an empty one)."""

    def __init__(self, corpus: Any, text: str, sessions: list[tuple[str, int]]) -> None:
        self.corpus = corpus
        self.gazetteer = Gazetteer.from_registry(corpus) if corpus is not None else Gazetteer()
        if corpus is None:
            self.gazetteer.add_states()
        self.text = text
        self.cleaned: CleanText = clean(text)
        self.sessions = sorted(sessions, key=lambda s: s[1])
        self.proposed: dict[tuple[str, str], tuple[Entry, Decision]] = {}
        self.written: dict[tuple[str, str], str] = {}
        self.holdings: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.claims = self._concepts("claims")
        self.topics = self._concepts("topics")
        self.claim_topics = {c.id: list(getattr(c, "topics", [])) for c in self._scheme("claims")}
        self.last_instrument: dict[str, Entry] = {}
        self.previous_instruments: list[str] = []
        self.ilo_codes = ({e.item.id: {i.value for i in e.item.identifiers if i.scheme == "ilo"}
                           for e in corpus.entities.get("instruments", {}).values()}
                          if corpus is not None else {})

    # ------------------------------------------------------------------ the whole text

    def run(self) -> Drafts:
        statements: list[dict[str, Any]] = []
        current: Speaker | None = None
        previous_paragraph = -1
        carried = False
        for sentence in sentences(self.cleaned):
            if sentence.paragraph != previous_paragraph:
                carried = current is not None
                previous_paragraph = sentence.paragraph
            if self._is_heading(sentence):
                current = None
                continue
            found = self._speaker(sentence, current, carried)
            self._track_instruments(sentence)
            if found is None:
                if PROCEDURAL.match(sentence.text):
                    current = None  # the presiding officer speaks: the last speaker is done
                continue
            if found.decision.rule.startswith(("subject", "floor", "pronoun", "representative")):
                current, carried = found, False
            if len(sentence.text) < MIN_SENTENCE_CHARS:
                continue
            lead_act: tuple[str, str | None] | None = None
            for clause in clauses(sentence):
                item = self._statement(clause, found, len(statements) + 1, lead_act)
                lead_act = lead_act or ((item["stance"], item["cue"]) if item["cue"] else None)
                del item["cue"]
                statements.append(item)
        entities = [self._entity(entry, decision) for entry, decision in self.proposed.values()]
        return Drafts(entities, list(self.holdings.values()), statements)

    @staticmethod
    def _is_heading(sentence: Sentence) -> bool:
        words = sentence.text.split()
        return len(words) <= 16 and sentence.text.rstrip("*")[-1:] not in ".!?:\"”’)"

    # ------------------------------------------------------------------ speakers

    def _agents(self, text: str) -> list[Mention]:
        people = []
        for m in PERSON.finditer(text):
            entry = self.gazetteer.person_by_name(m.group("name"))
            if entry is None:
                entry = self._propose_person(m.group("hon"), m.group("name"), m.group())
            people.append(Mention(m.start(), m.end(), entry, m.group()))
        others = [g for g in self.gazetteer.find(text, AGENT_KINDS)
                  if not any(p.start <= g.start < p.end for p in people)]
        return sorted(people + others, key=lambda m: m.start)

    def _speaker(self, sentence: Sentence, current: Speaker | None,
                 carried: bool) -> Speaker | None:
        text = sentence.text
        if PROCEDURAL.match(text):
            return None
        if FLOOR.search(text):
            return Speaker(None, Decision(0.8, f'floor: "{FLOOR.search(text).group()}"'))  # type: ignore[union-attr]
        mentions = self._agents(text)
        for mention in mentions:
            prefix = text[:mention.start]
            tail = TAIL.match(text, mention.end)
            if tail is None:
                continue
            representative = REPRESENTATIVE.search(prefix)
            at_start = (not prefix.strip(" *") or prefix.rstrip(" *").endswith(",")
                        or prefix.rstrip(" *").lower().endswith(("as", "while", "and")))
            if not (representative or at_start):
                continue
            if mention.entry.kind == "countries" and mention.entry.proposed:
                self._note_proposal(mention.entry, 0.7, f'a State named as written: '
                                                        f'"{mention.surface}"', mention.surface)
            principals = self._principals(text[:tail.start("verb")], mention, tail.group("paren"))
            if not principals and current is not None and current.entry == mention.entry:
                principals = current.principals  # still speaking for whom they spoke for
            if mention.entry.kind == "people":
                self._holding(sentence, mention, tail.group("appos"))
            sure = 0.9 if not mention.entry.proposed else 0.75
            rule = (f'representative: "{representative.group().strip()} {mention.surface}" '
                    f'{tail.group("verb")}' if representative else
                    f'subject: "{mention.surface}" {tail.group("verb")}')
            return Speaker(mention.entry, Decision(sure, rule), principals)
        if current is None:
            return None
        pronoun = PRONOUN.match(text)
        if pronoun:
            return Speaker(current.entry, Decision(
                0.75, f'pronoun: "{pronoun.group()}" -> {self._name(current)}'),
                current.principals)
        if carried:
            return Speaker(current.entry, Decision(
                0.4, f"carried over from the previous paragraph: {self._name(current)}"),
                current.principals)
        return Speaker(current.entry, Decision(
            0.55, f"continues the paragraph of {self._name(current)}"), current.principals)

    @staticmethod
    def _name(speaker: Speaker) -> str:
        return speaker.entry.name if speaker.entry is not None else "the floor"

    def _principals(self, before_verb: str, subject: Mention, paren: str | None) -> list[Entry]:
        found: list[Mention] = []
        for m in ON_BEHALF.finditer(before_verb):
            found += [a for a in self._agents(m.group("who")) if a.entry != subject.entry]
        if paren:
            found += self.gazetteer.find(paren, AGENT_KINDS)
        unique: list[Entry] = []
        for mention in found:
            entry = mention.entry
            if entry not in unique and entry is not subject.entry:
                unique.append(entry)
                if entry.proposed:
                    self._note_proposal(entry, 0.6, f'spoken for: "{mention.surface}"',
                                        mention.surface)
        return unique

    def _propose_person(self, honorific: str, name: str, surface: str) -> Entry:
        clean_name = name.strip("* ")
        entry = Entry("people", slug(clean_name), clean_name, proposed=True,
                      honorific=honorific)
        entry = self.gazetteer.add(entry, [surface])
        self._note_proposal(entry, 0.7 if len(clean_name.split()) > 1 else 0.5,
                            f'a person introduced as "{surface}"')
        return entry

    def _note_proposal(self, entry: Entry, confidence: float, rule: str,
                       surface: str | None = None) -> None:
        """Propose ``entry``, named as the text first writes it (``surface``)."""
        self.proposed.setdefault((entry.kind, entry.id), (entry, Decision(confidence, rule)))
        if surface is not None:
            self.written.setdefault((entry.kind, entry.id), surface)

    def _holding(self, sentence: Sentence, person: Mention, appos: str | None) -> None:
        if not appos:
            return
        current = FORMER.split(appos, maxsplit=1)[0]
        orgs = self.gazetteer.find(current, ("organizations",))
        if not orgs:
            return
        post = POST_TAIL.sub("", current[:orgs[0].start]).strip(" ,*")
        post = re.sub(r"^(?:the|a|an)\s+", "", post, flags=re.IGNORECASE)
        adjectival = re.match(r"\s+[A-Z]", current[orgs[0].end:])  # "UN Special Rapporteur"
        if (not post or adjectival or len(post) > 80 or not re.search(r"[A-Z]", post)
                or person.entry.kind != "people"):
            return
        key = (person.entry.id, post, orgs[0].entry.id)
        if key in self.holdings:
            return
        start = sentence.start + person.start
        end = sentence.start + sentence.text.index(current, person.end) + len(current)
        self.holdings[key] = {
            "person": person.entry.id, "post": post, "organization": orgs[0].entry.id,
            "evidence": self._evidence(start, end),
            "confidence": 0.7 if not orgs[0].entry.proposed else 0.5,
            "rules": [f'post: "{person.surface}, {current}"']}

    # ------------------------------------------------------------------ statements

    def _propose_instruments(self, text: str) -> None:
        """A title the registry does not know ("the Convention on the Rights of Persons with
        Disabilities") becomes a proposed instrument, named as written."""
        known = self.gazetteer.find(text, ("instruments",))
        for m in TITLE.finditer(text):
            name = re.split(r"\s+and\s+(?:the|its)\s+", m.group().strip())[0]
            words = name.split()
            if (len(words) < 3 or any(k.start <= m.start() < k.end or m.start() <= k.start <
                                      m.end() for k in known)
                    or (words[0] in INSTRUMENT_WORDS and len(words) < 4)):
                continue
            kind = next((w for w in reversed(words) if w in INSTRUMENT_WORDS), "Convention")
            category = {"Covenant": "covenant", "Protocol": "protocol",
                        "Declaration": "declaration"}.get(kind, "convention")
            entry = self.gazetteer.add(Entry("instruments", slug(name), name, proposed=True,
                                             category=category), [name])
            self._note_proposal(entry, 0.5, f'an instrument named as written: "{name}"')

    def _track_instruments(self, sentence: Sentence) -> None:
        self._propose_instruments(sentence.text)
        for m in self.gazetteer.find(sentence.text, ("instruments",)):
            self.last_instrument[_generic_word(m.entry)] = m.entry
            if (m.entry.category or "").startswith("ilo"):
                self.last_instrument["ilo"] = m.entry

    def _registry_instruments(self) -> list[Entry]:
        return [e for e in self.gazetteer.entries.values() if e.kind == "instruments"]

    def _instruments(self, text: str) -> tuple[list[str], list[Decision]]:
        ids: list[str] = []
        rules: list[Decision] = []
        for m in self.gazetteer.find(text, ("instruments",)):
            if m.entry.id not in ids:
                ids.append(m.entry.id)
                rules.append(Decision(0.9, f'instrument: "{m.surface}"'))
        for g in GENERIC_INSTRUMENT.finditer(text):
            entry = self.last_instrument.get((g.group(1) or g.group(2)).lower())
            if entry is not None and entry.id not in ids:
                ids.append(entry.id)
                rules.append(Decision(0.6, f'instrument: "{g.group()}" -> the last named, '
                                           f'{entry.name}'))
        instruments = self._registry_instruments()
        for g in ILO_NUMBERS.finditer(text):
            for number in re.findall(r"\d+", g.group(1)):
                code = f"C{int(number):03d}"
                for entry in instruments:
                    if entry.id not in ids and code in self.ilo_codes.get(entry.id, ()):
                        ids.append(entry.id)
                        rules.append(Decision(0.8, f'instrument: "{g.group()}" -> ILO {code}'))
        for g in KEYED_INSTRUMENT.finditer(text):
            kind = g.group(1).lower().rstrip("s")
            for key in KEY_WORD.findall(g.group(2)):
                named = [e for e in instruments if kind in e.name.lower()
                         and key.lower() in e.name.lower()]
                if len(named) == 1 and named[0].id not in ids:
                    ids.append(named[0].id)
                    rules.append(Decision(0.7, f'instrument: "{g.group().strip()}" -> the one '
                                               f'{kind} on "{key}": {named[0].name}'))
        if ANAPHORA.search(text) and not ids:
            ids = list(self.previous_instruments)
            if ids:
                rules.append(Decision(0.5, f'instrument: "{ANAPHORA.search(text).group()}" -> '  # type: ignore[union-attr]
                                           "those of the previous statement"))
        if ids:
            self.previous_instruments = ids
        return ids, rules

    def _statement(self, sentence: Sentence, speaker: Speaker, number: int,
                   lead_act: tuple[str, str | None] | None = None) -> dict[str, Any]:
        act, cue = lead_act or speech_act(sentence.text)
        decisions = [speaker.decision,
                     Decision(0.6, f'speech act: "{cue}", from the head of the list')
                     if lead_act else
                     Decision(0.7, f'speech act: "{cue}"') if cue else
                     Decision(0.5, "speech act: no cue, reports")]
        instruments, instrument_rules = self._instruments(sentence.text)
        decisions += instrument_rules
        mentioned = [m.entry for m in self.gazetteer.find(sentence.text, AGENT_KINDS)]
        mentioned += [e for m in PERSON.finditer(sentence.text)
                      if (e := self.gazetteer.person_by_name(m.group("name"))) is not None]
        refs: dict[str, list[str]] = {"organizations": [], "countries": [], "people": []}
        for entry in mentioned:
            known = not entry.proposed or (entry.kind, entry.id) in self.proposed
            if (known and entry != speaker.entry and entry not in speaker.principals
                    and entry.id not in refs[entry.kind]):
                refs[entry.kind].append(entry.id)
        claims = self._suggest(sentence.text, self.claims, min_overlap=2)
        topics = list(dict.fromkeys(t for c in claims for t in self.claim_topics.get(c, ())))
        topics += [t for t in self._suggest(sentence.text, self.topics, min_overlap=1)
                   if t not in topics]
        notes = [f"suggested claim (to check): shares words with {claims[0]}"] if claims else []
        start = sentence.start
        item: dict[str, Any] = {
            "id": f"{speaker.id}-draft-{number}",
            "speaker": speaker.id,
        }
        if speaker.principals:
            item["on_behalf_of"] = [p.id for p in speaker.principals]
            decisions.append(Decision(0.8, "on behalf of: " +
                                      ", ".join(p.name for p in speaker.principals)))
        item.update({
            "session": self._session(self.cleaned.origin[start]),
            "stance": act,
            "positions": [{"claim": c, "agreement": "agrees"} for c in claims[:1]],
            "topics": topics[:3],
            "instruments": instruments,
            **{k: v for k, v in refs.items() if v},
            "paraphrase": f"DRAFT: {self._name(speaker)} {act.replace('-', ' ')}"
                          f"{' (on ' + ', '.join(topics[:2]) + ')' if topics else ''}; "
                          "to be paraphrased by the curator.",
            "evidence": self._evidence(sentence.start, sentence.end),
            "confidence": round(min(d.confidence for d in decisions), 2),
            "rules": [d.rule for d in decisions] + notes,
            "cue": cue,
        })
        return item

    def _evidence(self, start: int, end: int) -> list[dict[str, Any] | str]:
        quotes: list[dict[str, Any] | str] = []
        for a, b in self.cleaned.quote_pieces(start, end):
            quote = self.text[a:b]
            starts = occurrences(self.text, quote)
            if len(starts) > 1:
                quotes.append({"quote": quote, "occurrence": starts.index(a) + 1})
            else:
                quotes.append(quote)
        return quotes

    def _session(self, offset: int) -> str:
        chosen = self.sessions[0][0]
        for session_id, heading in self.sessions:
            if heading <= offset:
                chosen = session_id
        return chosen

    # ------------------------------------------------------------------ claims and topics

    def _scheme(self, key: str) -> list[Any]:
        scheme = self.corpus.scheme(key) if self.corpus is not None else None
        return list(scheme.concepts) if scheme is not None else []

    def _concepts(self, key: str) -> list[tuple[str, frozenset[str]]]:
        return [(c.id, content_words(c.label)) for c in self._scheme(key)]

    @staticmethod
    def _suggest(text: str, concepts: Iterable[tuple[str, frozenset[str]]],
                 min_overlap: int) -> list[str]:
        words = content_words(text)
        scored = []
        for concept_id, label in concepts:
            if not label:
                continue
            shared = len(words & label)
            if shared >= min(min_overlap, len(label)) and shared / len(label) >= 0.6:
                scored.append((-shared / len(label), -shared, concept_id))
        return [c for _, _, c in sorted(scored)]

    def _entity(self, entry: Entry, decision: Decision) -> dict[str, Any]:
        # a name as the text writes it, so that the registry's rule (every name is written in
        # some report) holds; a State's ISO names stay out
        name = self.written.get((entry.kind, entry.id), entry.name)
        item: dict[str, Any] = {"registry": entry.kind, "id": entry.id, "name": name}
        if entry.kind == "people" and entry.honorific:
            item["honorific"] = entry.honorific
        if entry.kind == "countries" and entry.category:
            item["identifiers"] = [{"scheme": "iso3166-1-alpha-2", "value": entry.category,
                                    "source": "ISO 3166-1 (pycountry)"}]
        if entry.kind == "organizations":
            item["kind"] = "government"
        if entry.kind == "instruments":
            item["kind"] = {"covenant": "covenant", "protocol": "protocol",
                            "declaration": "policy-framework"}.get(entry.category or "",
                                                                   "convention")
        variants = sorted(f for f in entry.forms if f != name)
        if variants and entry.kind != "countries":
            item["variants"] = variants
        item.update({"confidence": decision.confidence, "rules": [decision.rule]})
        return item


def clauses(sentence: Sentence) -> list[Sentence]:
    """A list of positions in one sentence ("touched upon: A; B; C") as one clause each; any
    other sentence as itself."""
    text = sentence.text
    if text.count("; ") < 2:
        return [sentence]
    parts = []
    start = 0
    for m in re.finditer(r";\s+", text):
        parts.append((start, m.start()))
        start = m.end()
    parts.append((start, len(text)))
    return [Sentence(text[a:b], sentence.start + a, sentence.start + b, sentence.paragraph)
            for a, b in parts if b - a >= 8]


def _generic_word(entry: Entry) -> str:
    for word in ("covenant", "protocol", "convention"):
        if word in (entry.category or "") or word in entry.name.lower():
            return word
    return entry.category or "instrument"


def content_words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return frozenset(_stem(w) for w in words if w not in STOPWORDS and len(w) > 2)


def _stem(word: str) -> str:
    for ending in ("ations", "ation", "ities", "ity", "ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word
