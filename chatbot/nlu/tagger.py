"""Stage 1: tag the entities of a question (roles, attribute, qualifier, skill, figure,
direction, references to the conversation) without deciding what is asked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chatbot.kb.cells import US_STATES
from chatbot.nlu.modifiers import Modified, ModifierReader
from chatbot.nlu.numbers import Figure, read_figure
from chatbot.nlu.patterns import GuardedPattern
from chatbot.nlu.roles import RoleIndex, RoleMatches
from chatbot.nlu.spelling import Speller
from chatbot.nlu.text import Token, clean, norm_words, tokenize
from chatbot.nlu.vocabulary import AttributeSpec, Vocabulary

MAX_PHRASE_WORDS = 5
MAX_JOINING_WORDS = 6  # "make and how many jobs are there": the words between two attributes
PLURAL_PRONOUNS = frozenset("they them those these both each their theirs either".split())
PRONOUNS = frozenset("they them those these both each their theirs either it its former latter".split())
ORDINALS = {"first": 0, "1st": 0, "former": 0, "second": 1, "2nd": 1, "latter": 1, "last": 1}
FOLLOW_UP = re.compile(
    r"^\s*(?:and|also|what about|how (?:about|bout|abt)|same for|and for|what of"
    r"|ok(?:ay)?,? (?:and|what about)|now|vs|versus|compared to|compared with)\b"
    r"|^\s*(?:by )?how much(?: more| less)?\s*\??\s*$"
    r"|^\s*(?:(?:oh|sorry|no|nope|wait|actually|nvm|never mind|fine|ok|okay),?\s+)*"
    r"i (?:meant|mean|was thinking of|was thinking about|was asking about)\b"
)
SKILL_QUESTION = re.compile(r"\bhow important (?:is|are) (?P<skill>[a-z][a-z0-9 +#/&-]{1,40}?) "
                            r"(?:for|to|in)\b")
SYMBOL_THRESHOLDS = tuple((re.compile(p), op) for p, op in (
    (r">=\s*\$?\d", "at_least"), (r"<=\s*\$?\d", "at_most"), (r">\s*\$?\d", "above"),
    (r"<\s*\$?\d", "below")))
SKILL_GUARD = GuardedPattern(SKILL_QUESTION)  # searched only in a question with "how important "
WHOLE_RATIO_WORDS = ("ratio", "split", "breakdown", "balance", "mix", "distribution", "makeup")
# Everyday words of questions, so that only unknown nouns count as unrecognised.
COMMON_WORDS = frozenset(
    """a an the and or but if of for to in at on by with than as is are was were be been being do does did
    done have has had having how what which who whom whose why when where much many more most less least i me
    my you your we our they them their it its this that these those there here about from between compare
    can could would should will shall may might must please tell show give know want like get got need also
    just only really very so too then now ok okay yes no not any some all each every one ones other another
    same typical typically usually average on usual generally someone somebody person people job jobs role
    roles career careers work works working position positions occupation profession title one per year
    hour week month day days years months time long take takes become becoming be let us something
    thing things way ways kind sort type well good bad better best worse worst big small high low""".split()
)


@dataclass
class Tags:
    """What a question mentions."""

    text: str
    tokens: list[Token]
    roles: RoleMatches
    attributes: list[AttributeSpec] = field(default_factory=list)
    qualifier: str | None = None
    skill: str | None = None
    figure: Figure | None = None
    direction: str | None = None        # "higher" | "lower"
    threshold: str | None = None        # "above" | "below" | "at_least" | "at_most"
    location: str | None = None             # a US state or city named in the question
    pronoun: bool = False
    plural_pronoun: bool = False
    unrecognized: list[str] = field(default_factory=list)  # words no vocabulary knows
    unrecognized_at: list[int] = field(default_factory=list)  # their token positions
    leftover: list[str] = field(default_factory=list)  # unrecognised words that may change the meaning
    not_covered: list[str] = field(default_factory=list)  # topics the pages never hold ("benefits")
    ordinal: int | None = None
    follow_up: bool = False
    norms: tuple[str, ...] = ()
    mods: Modified = field(default_factory=Modified)
    spans: list[tuple[int, int, AttributeSpec]] = field(default_factory=list)  # attribute words, in order
    several: list[AttributeSpec] = field(default_factory=list)  # attributes joined by "and" / ","
    where: tuple[str, str] | None = None  # a value the roles must have ("bachelor's": degree)
    where_span: tuple[int, int] = (0, 0)
    content_at: list[int] = field(default_factory=list)  # words of no role, attribute or function word list
    range_end: str | None = None  # the attribute of the end of a range the question names ("ceiling")
    spelling: dict[str, str] = field(default_factory=dict)  # misspelt cue words and their corrections
    # the question's word windows by length, for :meth:`has` (with the norms they were made of)
    _grams: tuple[tuple[str, ...], dict[int, set[tuple[str, ...]]]] | None = field(
        default=None, repr=False, compare=False)
    # the role mentions :func:`chatbot.nlu.references.mentions_of` read (read twice a question)
    mention_cache: list[Any] | None = field(default=None, repr=False, compare=False)

    @property
    def attribute(self) -> AttributeSpec | None:
        return self.attributes[0] if self.attributes else None

    @property
    def roles_at(self) -> set[int]:
        """Token positions of the role mentions found."""
        return {k for m in self.roles.full for k in range(m.start, m.end)}

    @property
    def words(self) -> int:
        return len(self.tokens)

    def has(self, phrase: tuple[str, ...]) -> bool:
        """Whether the question holds the (normalised) phrase."""
        n = len(phrase)
        norms = self.norms
        grams = self._grams
        if grams is None or grams[0] is not norms:
            grams = self._grams = (norms, {})
        windows = grams[1].get(n)
        if windows is None:  # each length's windows once per question: ~7 look-ups a question
            windows = grams[1][n] = {norms[i:i + n] for i in range(len(norms) - n + 1)}
        return phrase in windows


class PhraseTable:
    """Longest-first lookup of normalised phrases in a token sequence."""

    def __init__(self, phrases: Mapping[tuple[str, ...], Sequence[str]]) -> None:
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {k: tuple(v) for k, v in phrases.items() if k}
        lengths: dict[str, set[int]] = {}
        for key in self.phrases:
            lengths.setdefault(key[0], set()).add(len(key))
        # only words that start some phrase are tried, with that phrase's lengths, longest first
        self.starts: dict[str, list[int]] = {word: sorted(ls, reverse=True) for word, ls in lengths.items()}

    def find(self, norms: Sequence[str], skip: Sequence[bool]) -> list[tuple[int, int, tuple[str, ...]]]:
        if self.starts.keys().isdisjoint(norms):
            return []  # no word of the question starts a phrase (one set test)
        found = []
        i, n = 0, len(norms)
        while i < n:
            hit = None
            for length in self.starts.get(norms[i], ()):
                end = i + length
                if end > n or any(skip[i:end]):
                    continue
                key = tuple(norms[i:end])
                if key in self.phrases:
                    hit = (i, end, self.phrases[key])
                    break
            if hit:
                found.append(hit)
                i = hit[1]
            else:
                i += 1
        return found


Hit = tuple[int, int, tuple[str, ...]]  # start, end, what the phrase stands for


class PhraseScan:
    """The phrases of several tables found in one question, before any words are skipped:
    ``starting[t][i]`` holds table ``t``'s phrases at position ``i`` (end and value, longest
    first).  :meth:`find` then walks one table as :meth:`PhraseTable.find` does."""

    __slots__ = ("starting",)

    def __init__(self, starting: list[dict[int, list[tuple[int, tuple[str, ...]]]]]) -> None:
        self.starting: list[dict[int, list[tuple[int, tuple[str, ...]]]]] = starting

    def find(self, table: int, skip: Sequence[bool]) -> list[Hit]:
        """What ``tables[table].find(norms, skip)`` gives."""
        found: list[Hit] = []
        at = self.starting[table]
        free = 0  # the first position after the last phrase found
        for i in sorted(at):  # only positions where a phrase starts can hold one
            if i < free:
                continue
            for end, value in at[i]:
                if not any(skip[i:end]):
                    found.append((i, end, value))
                    free = end
                    break
        return found


class PhraseIndex:
    """Several phrase tables looked up in one scan of a question's words (each window of
    words is made and looked up once for all tables)."""

    def __init__(self, tables: Sequence[PhraseTable]) -> None:
        self.count: int = len(tables)
        self.entries: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = {}
        lengths: dict[str, set[int]] = {}
        for t, table in enumerate(tables):
            for key, value in table.phrases.items():
                self.entries.setdefault(key, []).append((t, value))
                lengths.setdefault(key[0], set()).add(len(key))
        self.starts: dict[str, list[int]] = {word: sorted(ls, reverse=True) for word, ls in lengths.items()}

    def scan(self, norms: Sequence[str]) -> PhraseScan:
        """Every table's phrases in ``norms``."""
        starting: list[dict[int, list[tuple[int, tuple[str, ...]]]]] = [{} for _ in range(self.count)]
        n = len(norms)
        for i in range(n):
            for length in self.starts.get(norms[i], ()):
                end = i + length
                if end > n:
                    continue
                for t, value in self.entries.get(tuple(norms[i:end]), ()):
                    starting[t].setdefault(i, []).append((end, value))
        return PhraseScan(starting)


# the tables of :attr:`Tagger.index`, in this order
ATTRIBUTES, QUALIFIERS, VALUES, SKILLS, DIRECTIONS, THRESHOLDS, NOT_COVERED, FIGURE_WORDS = range(8)


class Tagger:
    """Tags questions against one KB's roles and skills and the attribute vocabulary."""

    patterns: list[tuple[GuardedPattern, AttributeSpec]]
    value_table: PhraseTable
    figure_words: dict[tuple[str, ...], str]
    relative: set[tuple[str, ...]]
    attribute_words: set[str]
    speller: Speller
    not_covered_table: PhraseTable
    not_covered_patterns: list[GuardedPattern]
    coordinators: set[tuple[str, ...]]
    ordinals: dict[str, int]
    place_table: PhraseTable

    def __init__(self, vocabulary: Vocabulary, roles: RoleIndex, skills: Sequence[str],
                 extra_words: Sequence[str] = ()) -> None:
        self.vocabulary: Vocabulary = vocabulary
        self.roles: RoleIndex = roles
        by_name = {a.name: a for a in vocabulary.attribute}
        self.by_name: dict[str, AttributeSpec] = by_name
        attr_phrases: dict[tuple[str, ...], list[str]] = {}
        for attr in vocabulary.attribute:
            for syn in attr.synonyms:
                attr_phrases.setdefault(norm_words(syn), []).append(attr.name)
        self.attribute_table: PhraseTable = PhraseTable(attr_phrases)
        self.patterns = [(GuardedPattern(p), a) for a in vocabulary.attribute for p in a.patterns]
        self.qualifier_table: PhraseTable = PhraseTable({
            norm_words(word): [f"{attr.name}\t{group}"] for attr in vocabulary.attribute
            for group, words in attr.qualifiers.items() for word in words})
        self.value_table = PhraseTable({norm_words(w): [f"{a.name}\t{v}"] for a in vocabulary.attribute
                                        for v, words in a.values.items() for w in words})
        self.skill_table: PhraseTable = PhraseTable({norm_words(s): [s] for s in skills
                                        if len(norm_words(s)) <= MAX_PHRASE_WORDS})
        self.direction_table: PhraseTable = _direction_table(vocabulary)
        self.threshold_table: PhraseTable = _threshold_table(vocabulary)
        self.not_covered_table = PhraseTable({norm_words(w) or (w,): [w] for w in vocabulary.not_covered})
        self.not_covered_patterns = [GuardedPattern(p) for p in vocabulary.not_covered_patterns]
        self.function_words: frozenset[str] = frozenset(vocabulary.function_words)
        self._function_phrases = frozenset((f,) for f in self.function_words)
        self.modifiers: ModifierReader = ModifierReader(vocabulary.modifiers)
        self.coordinators = {norm_words(w) for w in vocabulary.modifiers.coordinators} | {(",",)}
        self.ordinals = {**ORDINALS, **{w: n - 1 for w, n in vocabulary.modifiers.ordinals.items()}}
        self.place_table = PhraseTable({tuple(p.lower().replace(",", "").split()): [p] for p in US_STATES})
        self.known_words: set[str] = set(roles.real_words) | set(extra_words) | {
            w for table in (self.attribute_table, self.qualifier_table, self.direction_table,
                            self.threshold_table)
            for phrase in table.phrases for w in phrase} | set(PRONOUNS) | set(ORDINALS) | COMMON_WORDS \
            | self.modifiers.known_words | {w for phrase in self.value_table.phrases for w in phrase}
        cue_words = {w for table in (self.attribute_table, self.qualifier_table, self.direction_table,
                                     self.threshold_table, self.value_table)
                     for phrase in table.phrases for w in phrase}
        cue_words |= self.modifiers.known_words | set(extra_words)
        uncovered = {w for phrase in self.not_covered_table.phrases for w in phrase}
        self.figure_words = {norm_words(w): spec for w, spec in vocabulary.thresholds.figure_words.items()}
        self.known_words |= {w for phrase in self.figure_words for w in phrase}
        self.relative = {norm_words(w) for w in vocabulary.modifiers.relative}
        self.attribute_words = {w for phrase in self.attribute_table.phrases for w in phrase}
        self.speller = Speller(cue_words, self.known_words | self.function_words | uncovered,
                               lambda token: bool(roles.word_candidates_of(token)))
        # a figure word's phrase stands for itself: :meth:`_figure_word` takes the first one present
        self._figure_always = () in self.figure_words  # an empty phrase is in every question
        self.index: PhraseIndex = PhraseIndex([
            self.attribute_table, self.qualifier_table, self.value_table, self.skill_table,
            self.direction_table, self.threshold_table, self.not_covered_table,
            PhraseTable({phrase: phrase for phrase in self.figure_words})])

    def tag(self, question: str) -> Tags:
        cleaned = clean(question)
        tokens = tokenize(cleaned)  # tokenised once: a question with no typo is tagged as typed
        text, fixes = self.speller.correct_tokens(cleaned, tokens)
        if fixes:
            tokens = tokenize(text)
        norms = [t.norm for t in tokens]
        roles = self._without_cue_words(self.roles.match(tokens, text), tokens)
        in_role = [False] * len(tokens)
        for m in roles.full:
            for k in range(m.start, m.end):
                in_role[k] = True
        tags = Tags(text=text, tokens=tokens, roles=roles, spelling=fixes, norms=tuple(norms),
                    mods=self.modifiers.read(tokens, text))
        scan = self.index.scan(norms)  # every phrase table's phrases in one pass over the words
        skip = self._values(tags, scan, in_role)
        self._attributes(tags, norms, scan, skip)
        self._qualifier(tags, scan, in_role)
        skills = scan.find(SKILLS, in_role)
        if skills:
            tags.skill = skills[0][2][0]
        elif asked := SKILL_GUARD.search(text):
            tags.skill = asked.group("skill").strip()  # a skill no page lists: answered as not listed
        tags.figure = _figure(text)
        word_threshold = self._figure_word(tags, scan) if tags.figure is None else None
        if tags.figure is not None and tags.mods.count_text is not None \
                and tags.figure.text.strip("$ ") == tags.mods.count_text:
            tags.figure = None  # "which 3 jobs pay the most": a count, not a threshold
        tags.direction = _one(scan.find(DIRECTIONS, in_role))
        tags.threshold = _one(scan.find(THRESHOLDS, in_role)) or _symbol_threshold(text) \
            or word_threshold
        texts = [t.text for t in tokens]
        tags.pronoun = not PRONOUNS.isdisjoint(texts)
        places = self.place_table.find(texts, in_role)
        tags.location = places[0][2][0] if places else None
        tags.plural_pronoun = not PLURAL_PRONOUNS.isdisjoint(texts)
        tags.unrecognized_at = [k for k, t in enumerate(tokens) if not in_role[k] and t.text.isalpha()
                                and t.norm not in self.known_words and t.text not in self.known_words
                                and not self.roles.word_candidates_of(t)]
        tags.unrecognized = [tokens[k].text for k in tags.unrecognized_at]
        self._account(tags, scan, in_role)
        in_attribute = {k for a, b, _ in tags.spans for k in range(a, b)}
        tags.content_at = [k for k, t in enumerate(tokens) if t.text.isalpha() and not in_role[k]
                           and k not in in_attribute and t.norm not in COMMON_WORDS
                           and t.text not in COMMON_WORDS
                           and t.text not in self.function_words and t.text not in PRONOUNS]
        ordinals = [self.ordinals[t.text] for k, t in enumerate(tokens)
                    if t.text in self.ordinals and k not in tags.mods.taken]
        tags.ordinal = ordinals[0] if ordinals and tags.mods.position is None else None
        tags.several = self._several(tags)
        self._where(tags)
        self._range(tags)
        tags.follow_up = bool(FOLLOW_UP.match(text)) or tags.mods.again
        return tags

    def _without_cue_words(self, roles: RoleMatches, tokens: Sequence[Token]) -> RoleMatches:
        """A partial name made only of attribute words is those words ("satisfaction score"
        is no "store" role)."""
        def cue_only(start: int, end: int) -> bool:
            return all(tokens[k].norm in self.attribute_words and tokens[k].norm not in self.roles.token_roles
                       for k in range(start, end))
        roles.partial = [m for m in roles.partial if not cue_only(m.start, m.end)]
        return roles

    def _account(self, tags: Tags, scan: PhraseScan, in_role: list[bool]) -> None:
        """The words no stage accounts for: unrecognised words that are not harmless
        function words, and topics the pages never hold."""
        skill_words = set(tags.skill.lower().split()) if tags.skill else set()
        words = [tags.tokens[k].text for k in tags.unrecognized_at
                 if not _noise(tags.text, tags.tokens[k]) and k not in tags.mods.excluded]
        tags.leftover = [w for w in words if w not in self.function_words and w not in skill_words
                         and norm_words(w) not in self._function_phrases]
        spans = scan.find(NOT_COVERED, in_role)
        hits = [" ".join(t.text for t in tags.tokens[a:b]) for a, b, _ in spans]
        hits += [m.group(0) for p in self.not_covered_patterns if (m := p.search(tags.text))]
        tags.not_covered = list(dict.fromkeys(hits))

    def _attributes(self, tags: Tags, norms: list[str], scan: PhraseScan, in_role: list[bool]) -> None:
        found: list[tuple[int, int, str]] = []
        for pattern, attr in self.patterns:
            if m := pattern.search(tags.text):
                first, last = _token_span(tags.tokens, m.start(), m.end())
                if any(first <= k < last for k in tags.mods.taken):
                    continue  # "which 3 jobs pay the most": the number is a count
                found.append((attr.priority, -1, attr.name))
                if first < last:
                    tags.spans.append((first, last, attr))
        for start, end, names in scan.find(ATTRIBUTES, in_role):
            if self._relative(norms, start, end):
                continue
            for name in names:
                found.append((self.by_name[name].priority, start, name))
                tags.spans.append((start, end, self.by_name[name]))
        tags.spans.sort(key=lambda s: (s[0], -s[1]))
        found.sort(key=lambda f: (-f[0], f[1]))
        seen: list[AttributeSpec] = []
        for _, _, name in found:
            if self.by_name[name] not in seen:
                seen.append(self.by_name[name])
        tags.attributes = seen

    def _figure_word(self, tags: Tags, scan: PhraseScan) -> str | None:
        """A word standing for a figure ("positive growth": above 0; "half the workers": 50%):
        sets ``tags.figure`` and gives the threshold the word implies."""
        present = {value for hits in scan.starting[FIGURE_WORDS].values() for _, value in hits}
        if not present and not self._figure_always:
            return None
        for phrase, spec in self.figure_words.items():
            if phrase in present or not phrase:
                *op, number = spec.split()
                tags.figure = read_figure(number)
                return op[0] if op else None
        return None

    def _relative(self, norms: Sequence[str], start: int, end: int) -> bool:
        """ "roles where ...": a relative word after a word for roles starts a clause."""
        return start > 0 and tuple(norms[start:end]) in self.relative \
            and norms[start - 1] in self.vocabulary.modifiers.count_nouns

    def _values(self, tags: Tags, scan: PhraseScan, in_role: list[bool]) -> list[bool]:
        """A value of an attribute named in the question ("a bachelor's degree"); its words are
        not read as attribute words ("high school" is no college)."""
        hits = scan.find(VALUES, in_role)
        if not hits:
            return in_role
        start, end, found = hits[0]
        name, value = found[0].split("\t")
        tags.where, tags.where_span = (name, value), (start, end)
        return [flag or start <= k < end for k, flag in enumerate(in_role)]

    def _where(self, tags: Tags) -> None:
        """With a value named, its attribute is a filter ("the highest paying job that needs a
        high school diploma") or, asked alone, its companion share among the roles having it."""
        if tags.where is None:
            return
        attr = self.by_name[tags.where[0]]
        others = [a for a in tags.attributes if a is not attr]
        companion = self.by_name.get(attr.companion or "")
        tags.attributes = others or ([companion] if companion else [attr])
        tags.several = [a for a in tags.several if a is not attr]
        if len(tags.several) < 2:
            tags.several = []

    def _range(self, tags: Tags) -> None:
        """A range asked for: the end it names ("ceiling", "starting"), or, over all roles, the
        attribute it stands for ("which job has the highest salary": the average salary)."""
        attr = tags.attribute
        if attr is not None and tags.figure is None and tags.threshold in ("at_most", "at_least"):
            # "how much can a process leader make at most": the end of the range, not a threshold
            attr = next((a for a in self.vocabulary.attribute if a.plain == attr.name), attr)
            tags.attributes = [attr, *(a for a in tags.attributes if a is not attr)]
        if attr is None or attr.format != "range":
            return
        for name, words in attr.end_words.items():
            if any(tags.has(norm_words(w)) for w in words):
                tags.range_end = name
                return
        plain = self.by_name.get(attr.plain or "")
        if plain is None or tags.roles.full or tags.roles.partial:
            return
        plain_words = {w for syn in plain.synonyms for w in norm_words(syn)}
        span = next((s for s in tags.spans if s[2] is attr), None)
        if span is None:
            return
        inside = [tags.norms[k] for k in range(span[0], span[1])]
        # "highest salary" (a direction and the plain attribute's word), not "pay range" or
        # "the most i could make"
        directions = self.direction_table.phrases
        if any(w in plain_words for w in inside) \
                and all(w in plain_words or (w,) in directions for w in inside):
            tags.attributes = [plain if a is attr else a for a in tags.attributes]

    def _several(self, tags: Tags) -> list[AttributeSpec]:
        """Attributes asked together ("salary and growth", "the salary, hourly rate and growth"):
        phrases of attribute words joined by a coordinator, each phrase's strongest attribute,
        in the order asked.  Words side by side ("salary per hour") are one phrase."""
        phrases: list[list[AttributeSpec]] = []
        last_end = -1
        for start, end, attr in tags.spans:
            if phrases and start < last_end:
                phrases[-1].append(attr)  # overlapping readings of the same words
            elif phrases and self._joined(tags, last_end, start):
                phrases.append([attr])
            elif phrases and start == last_end:
                phrases[-1].append(attr)  # side by side: one phrase ("salary per hour")
            elif phrases:
                return []
            else:
                phrases.append([attr])
            last_end = max(last_end, end)
        chosen = [max(p, key=lambda a: a.priority) for p in phrases]
        if tags.qualifier is not None or len({a.name for a in chosen}) < 2:
            return []
        return list({a.name: a for a in chosen}.values())

    def _joined(self, tags: Tags, end: int, start: int) -> bool:
        """Whether the words between two attribute phrases join them ("and", ",", "and the")."""
        between = tags.text[tags.tokens[end - 1].end:tags.tokens[start].start]
        words = norm_words(between)
        if any(k in tags.roles_at for k in range(end, start)) or len(words) > MAX_JOINING_WORDS:
            return False
        return "," in between or any(c in {words[i:i + len(c)] for i in range(len(words))}
                                     for c in self.coordinators)

    def _qualifier(self, tags: Tags, scan: PhraseScan, in_role: list[bool]) -> None:
        hits = scan.find(QUALIFIERS, in_role)
        if not hits:
            return
        groups = {h[2][0] for h in hits}
        if len(groups) > 1 or any(tags.has((w,)) for w in WHOLE_RATIO_WORDS):
            attr = self.by_name[hits[0][2][0].split("\t")[0]]  # "male to female ratio": all groups
            if attr in tags.attributes:
                tags.attributes.remove(attr)
            tags.attributes.insert(0, attr)
            return
        attr_name, group = hits[0][2][0].split("\t")
        tags.qualifier = group
        attr = self.by_name[attr_name]
        if attr in tags.attributes:
            tags.attributes.remove(attr)
        tags.attributes.insert(0, attr)


NOISE_CHARS = frozenset("{}_[]<>%$#@\\|^~`=")


def _noise(text: str, token: Token) -> bool:
    """A word glued to symbols ("{__class__}") is markup, not a word of the question."""
    before = text[token.start - 1] if token.start else " "
    after = text[token.end] if token.end < len(text) else " "
    return before in NOISE_CHARS or after in NOISE_CHARS


def _direction_table(vocabulary: Vocabulary) -> PhraseTable:
    """Words of a direction ("more", "fewest") and of one attribute's ("richer", "older")."""
    directions: dict[tuple[str, ...], list[str]] = {}
    pairs = [("higher", vocabulary.directions.higher), ("lower", vocabulary.directions.lower)]
    for attr in vocabulary.attribute:
        pairs += [("higher", attr.higher_words), ("lower", attr.lower_words)]
    for direction, words in pairs:
        for word in words:
            directions.setdefault(norm_words(word), []).append(direction)
    return PhraseTable(directions)


def _threshold_table(vocabulary: Vocabulary) -> PhraseTable:
    """Words of a threshold ("more than", "at most", ">=")."""
    t = vocabulary.thresholds
    ops: dict[tuple[str, ...], list[str]] = {}
    pairs = (("above", t.above), ("below", t.below), ("at_least", t.at_least), ("at_most", t.at_most))
    for op, words in pairs:
        for word in words:
            ops.setdefault(norm_words(word) or (word,), []).append(op)
    return PhraseTable(ops)


def _token_span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """The tokens a character span covers (first, last exclusive)."""
    inside = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _one(hits: list[tuple[int, int, tuple[str, ...]]]) -> str | None:
    values = {v for _, _, vs in hits for v in vs}
    return values.pop() if len(values) == 1 else (hits[0][2][0] if hits else None)


def _symbol_threshold(text: str) -> str | None:
    if "<" not in text and ">" not in text:
        return None
    for pattern, op in SYMBOL_THRESHOLDS:
        if pattern.search(text):
            return op
    return None


def _figure(text: str) -> Figure | None:
    return read_figure(text)  # signs, spaced thousands, ranges, unclear forms: chatbot.nlu.numbers
