"""The role matcher: finds role mentions in a question, fuzzy but precise.

Role names are indexed by their (singular) tokens.  Each word of a question is mapped to
role tokens it may stand for: itself, an abbreviation's expansion, or a typo of a role
word found through the token vocabulary with rapidfuzz.  A word that is itself a real
word (a title word, a word of the pages) is never read as a typo of another word: that
is what keeps "project leader" from becoming "process leader".  Runs of mapped words
that spell a whole role name are mentions; runs that spell only part of one are partial
mentions (the engine asks which role is meant); runs of title words that are no known
role are unknown roles.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING


from chatbot.kb.name_index import role_tokens
from chatbot.kb.names import singularize
from chatbot.nlu.role_store import NameKeys, NamePrefixes, RoleDirectory, RoleEntry, WordRoles, recase
from chatbot.nlu.text import Token
from chatbot.nlu.vocabulary import TitleWords

if TYPE_CHECKING:
    from chatbot.answers.queries import KBReader

__all__ = ["PartialMention", "RoleEntry", "RoleIndex", "RoleMatches", "RoleMention", "UnknownMention",
           "recase", "role_tokens"]

EXACT_SCORE = 100.0
ABBREVIATION_SCORE = 95.0
PREFIX_SCORE = 90.0
TYPO_CUTOFF = 80.0            # rapidfuzz ratio for a word to be a typo of a role word
SINGLE_WORD_TYPO_CUTOFF = 87.0  # stricter for roles of one word ("teacher")
OTHER_FIRST_LETTER_CUTOFF = 90.0  # typos rarely change the first letter
MENTION_MIN_SCORE = 85.0      # mean word score for a whole mention
TIE_MARGIN = 5.0              # closer than this, two readings of one span are a tie
MIN_TYPO_LENGTH = 4
MIN_PREFIX_LENGTH = 4
MIN_VARIANT_LENGTH = 3
TYPO_CANDIDATES = 4
SUGGESTION_CUTOFF = 45.0
SUGGESTION_POOL = 300
MAX_SUGGESTIONS = 3
CONTAINING_ENTRIES = 64  # up to this many candidates of a longer title are read as entries, beyond as keys

FUNCTION_WORDS = frozenset(
    """a an the and or vs versus v of for to in at on by with than as is are was be do does did
    how what which who whom whose much many more most less least i me my you your we our they them
    their it its this that these those there here about from between compare per an hour year
    pay pays paid make makes earn earns job jobs role roles career careers one ones first second""".split()
)


@dataclass(frozen=True)
class RoleMention:
    role: RoleEntry
    start: int               # token positions in the question, end exclusive
    end: int
    text: str
    score: float
    kind: str                # "exact" | "fuzzy"


@dataclass(frozen=True)
class PartialMention:
    start: int
    end: int
    text: str
    candidates: tuple[RoleEntry, ...]
    strong: bool             # holds a head word ("leader") or several role words


@dataclass(frozen=True)
class UnknownMention:
    start: int
    end: int
    text: str
    suggestions: tuple[str, ...]
    multiword: bool


@dataclass
class RoleMatches:
    full: list[RoleMention] = field(default_factory=list)
    partial: list[PartialMention] = field(default_factory=list)
    unknown: list[UnknownMention] = field(default_factory=list)


@dataclass(frozen=True)
class _Unit:
    """A word of the question after abbreviations are expanded."""

    norm: str
    token: int               # index of the question token it comes from
    abbreviated: bool
    raw: str = ""            # the word as typed, when it differs from ``norm``


def _joined(tokens: Sequence[Token], text: str, left: _Unit, right: _Unit) -> bool:
    """Whether two words belong to one name: only spaces, hyphens or slashes between them
    ("workers, process leader" is two phrases)."""
    if left.token == right.token:
        return True
    between = text[tokens[left.token].end:tokens[right.token].start]
    return not between.strip(" -/\t")


class RoleIndex:
    """Everything per-KB the matcher needs.  The role-name index stays in the KB
    (:mod:`chatbot.kb.name_index`, read through ``names``): only its few hundred distinct
    words (``vocab``: word, whether it ends a role's name, how many roles hold it) are loaded; names,
    prefixes and the roles of a word are looked up per question (:mod:`chatbot.nlu.role_store`)."""

    stop_words: frozenset[str]
    prefixes: Collection[tuple[str, ...]]
    title_words: set[str]
    real_words: set[str]

    def __init__(self, roles: RoleDirectory, names: KBReader, vocab: Iterable[tuple[str, int, int]],
                 title_words: TitleWords, page_words: Iterable[str], stop_words: Iterable[str] = ()) -> None:
        self.roles: RoleDirectory = roles
        self.names: KBReader = names
        self.stop_words = frozenset(singularize(w) for w in stop_words)  # never part of a title ("meant")
        words = list(vocab)
        self.by_tokens: NameKeys = NameKeys(names)
        self.prefixes = NamePrefixes(names)
        self.token_roles: WordRoles = WordRoles(names, words)
        self.vocab: list[str] = sorted(self.token_roles.words)
        self.kb_heads: set[str] = {w for w, head, _ in words if head}
        self.heads: set[str] = {singularize(w) for w in title_words.heads} | self.kb_heads
        self.title_words = ({singularize(w) for w in title_words.modifiers} | self.heads) - FUNCTION_WORDS
        self.abbreviations: dict[str, tuple[str, ...]] = {
            k.lower(): tuple(v.lower().split()) for k, v in title_words.abbreviations.items()}
        self.real_words = self.title_words | self.token_roles.words | set(map(singularize, page_words))
        self.generic: frozenset[str] = frozenset(singularize(w) for w in title_words.generic)

    # -- words -----------------------------------------------------------------------
    def _units(self, tokens: Sequence[Token]) -> list[_Unit]:
        units: list[_Unit] = []
        for i, tok in enumerate(tokens):
            expansion = self.abbreviations.get(tok.text)
            if expansion and tok.norm not in self.token_roles:
                units.extend(_Unit(singularize(w), i, True) for w in expansion)
            else:
                units.append(_Unit(tok.norm, i, False, tok.text if tok.text != tok.norm else ""))
        return units

    def word_candidates_of(self, token: Token) -> dict[str, float]:
        """The role words one question token may stand for."""
        raw = token.text if token.text != token.norm else ""
        return self.word_candidates(_Unit(token.norm, 0, False, raw))

    def word_candidates(self, unit: _Unit) -> dict[str, float]:
        """The role words a question word may stand for, with a score each."""
        word = unit.norm
        if word in self.token_roles:
            return {word: ABBREVIATION_SCORE if unit.abbreviated else EXACT_SCORE}
        if word in FUNCTION_WORDS or not word.isalpha():
            return {}
        if word in self.real_words:
            return self._spelling_variant(word)
        found: dict[str, float] = {}
        if len(word) >= MIN_PREFIX_LENGTH:
            for tok in self.vocab_with_prefix(word):
                found[tok] = PREFIX_SCORE
        if len(word) >= MIN_TYPO_LENGTH:
            from rapidfuzz import fuzz, process  # only for an unknown word: most questions need none

            # the singular form, and the word as typed ("procses" is not the plural of "procse")
            for form in {word, unit.raw} - {""}:
                for tok, score, _ in process.extract(form, self.vocab, scorer=fuzz.ratio,
                                                     score_cutoff=TYPO_CUTOFF, limit=TYPO_CANDIDATES):
                    if tok[0] != word[0] and score < OTHER_FIRST_LETTER_CUTOFF:
                        continue
                    found[tok] = max(found.get(tok, 0.0), float(score))
        return found

    def _spelling_variant(self, word: str) -> dict[str, float]:
        """A real word that is a role word spelt with or without a final "e" ("aide" for a
        page's "aid"): the same word, not another title."""
        for other in (word[:-1] if word.endswith("e") else "", word + "e"):
            if len(other) >= MIN_VARIANT_LENGTH and other in self.token_roles:
                return {other: PREFIX_SCORE}
        return {}

    def vocab_with_prefix(self, word: str) -> list[str]:
        start = bisect.bisect_left(self.vocab, word)
        out = []
        for tok in self.vocab[start:start + TYPO_CANDIDATES + 1]:
            if tok.startswith(word) and tok != word:
                out.append(tok)
        return out[:TYPO_CANDIDATES]

    # -- mentions --------------------------------------------------------------------
    def match(self, tokens: Sequence[Token], text: str) -> RoleMatches:
        """Find the role mentions of a question (``tokens`` of the cleaned ``text``)."""
        units = self._units(tokens)
        cands = [self.word_candidates(u) for u in units]
        found = self._full_matches(units, cands)
        result = RoleMatches()
        used = [False] * len(units)
        for start, end, ids, score, fuzzy in found:
            if any(used[start:end]):
                continue
            for k in range(start, end):
                used[k] = True
            span = self._span_text(tokens, text, units, start, end)
            if len(ids) == 1:
                role = self.roles[ids[0]]
                kind = "fuzzy" if fuzzy else "exact"
                end_token = units[end - 1].token + 1
                result.full.append(RoleMention(role, units[start].token, end_token, span, score, kind))
            else:
                result.partial.append(PartialMention(units[start].token, units[end - 1].token + 1, span,
                                                     self._sorted(ids), True))
        self._extend_into_other_titles(result, units, used, tokens, text)
        self._leftover_runs(result, units, cands, used, tokens, text)
        result.full.sort(key=lambda m: m.start)
        return result

    def _full_matches(self, units: list[_Unit],
                      cands: list[dict[str, float]]) -> list[tuple[int, int, list[int], float, bool]]:
        spans: dict[tuple[int, int], list[tuple[float, frozenset[int], bool]]] = {}
        for i in range(len(units)):
            stack: list[tuple[int, tuple[str, ...], float, bool]] = [(i, (), 0.0, False)]
            while stack:
                j, seq, total, fuzzy = stack.pop()
                if seq and seq in self.by_tokens:
                    score = total / len(seq)
                    cutoff = SINGLE_WORD_TYPO_CUTOFF if len(seq) == 1 else MENTION_MIN_SCORE
                    if score >= cutoff:
                        spans.setdefault((i, j), []).append((score, frozenset(self.by_tokens[seq]), fuzzy))
                if j < len(units):
                    for tok, sim in cands[j].items():
                        nseq = seq + (tok,)
                        if nseq in self.prefixes:
                            stack.append((j + 1, nseq, total + sim, fuzzy or sim < EXACT_SCORE))
        out = []
        for (i, j), readings in spans.items():
            readings.sort(key=lambda r: -r[0])
            best = readings[0]
            ids = set(best[1])
            for score, other, _ in readings[1:]:
                if best[0] - score < TIE_MARGIN:
                    ids |= other
            out.append((i, j, sorted(ids), best[0], best[2]))
        out.sort(key=lambda m: (-(m[1] - m[0]), -m[3], m[0]))
        return out

    def _extend_into_other_titles(self, result: RoleMatches, units: list[_Unit], used: list[bool],
                                  tokens: Sequence[Token], text: str) -> None:
        """A known role inside a longer title ("senior production coordinator",
        "production coordinator assistant") is that other title, not the known role."""
        kept: list[RoleMention] = []
        for mention in result.full:
            u_start = next(k for k, u in enumerate(units) if u.token == mention.start)
            u_end = max(k for k, u in enumerate(units) if u.token == mention.end - 1) + 1
            lo, hi = u_start, u_end
            while lo > 0 and not used[lo - 1] and units[lo - 1].norm in self.title_words - self.stop_words \
                    and units[lo - 1].norm not in self.generic \
                    and _joined(tokens, text, units[lo - 1], units[lo]):
                lo -= 1
            while hi < len(units) and not used[hi] and units[hi].norm in self.heads - self.stop_words \
                    and _joined(tokens, text, units[hi - 1], units[hi]):
                hi += 1
            if (lo, hi) == (u_start, u_end):
                kept.append(mention)
                continue
            for k in range(lo, hi):
                used[k] = True
            span = self._span_text(tokens, text, units, lo, hi)
            wider = self._containing([u.norm for u in units[lo:hi]])
            if wider:  # "substitute teacher": a shorter form of "substitute school teacher"
                result.partial.append(PartialMention(units[lo].token, units[hi - 1].token + 1, span, wider,
                                                     True))
                continue
            result.unknown.append(UnknownMention(units[lo].token, units[hi - 1].token + 1, span,
                                                 self.suggest(span, first=mention.role.name), True))
        result.full = kept

    def _leftover_runs(self, result: RoleMatches, units: list[_Unit], cands: list[dict[str, float]],
                       used: list[bool], tokens: Sequence[Token], text: str) -> None:
        def titled(k: int) -> bool:
            norm = units[k].norm
            if used[k] or norm in FUNCTION_WORDS or norm in self.stop_words:
                return False
            return bool(cands[k] or norm in self.title_words)

        k = 0
        while k < len(units):
            if not titled(k):
                k += 1
                continue
            start = k
            k += 1
            while k < len(units) and titled(k) and _joined(tokens, text, units[k - 1], units[k]):
                k += 1
            run = range(start, k)
            if all(units[i].norm in self.generic for i in run):
                continue  # "the youngest workers": people in general
            span = self._span_text(tokens, text, units, start, k)
            foreign = [i for i in run if not cands[i]]
            has_head = any(units[i].norm in self.heads for i in run)
            if foreign:
                if has_head:
                    result.unknown.append(UnknownMention(units[start].token, units[k - 1].token + 1, span,
                                                         self.suggest(span), k - start > 1))
                continue
            ids = self.token_roles.holding_all([cands[i].keys() for i in run])
            if ids:
                result.partial.append(PartialMention(units[start].token, units[k - 1].token + 1, span,
                                                     self._sorted(ids), has_head or k - start > 1))
            elif has_head:
                result.unknown.append(UnknownMention(units[start].token, units[k - 1].token + 1, span,
                                                     self.suggest(span), k - start > 1))

    def _containing(self, words: list[str]) -> tuple[RoleEntry, ...]:
        """The roles whose names hold all ``words`` in order, with more words between."""
        def holds(toks: tuple[str, ...]) -> bool:
            it = iter(toks)
            return len(toks) > len(words) and all(w in it for w in words)
        # only roles whose names hold every word can: the word index narrows them (not a scan of all)
        if not all(w in self.token_roles for w in words):
            return ()
        candidates = self.token_roles.holding_all([w] for w in dict.fromkeys(words))
        if len(candidates) <= CONTAINING_ENTRIES:  # few: their (cached) entries
            return self._sorted(r.id for r in self.roles.many(candidates) if holds(r.tokens))
        return self._sorted(rid for rid, key in self.roles.kb.role_keys(candidates)  # many: keys only
                            if holds(tuple(map(singularize, key.split()))))

    def _sorted(self, ids: Iterable[int]) -> tuple[RoleEntry, ...]:
        return tuple(sorted(self.roles.many(ids), key=lambda r: (len(r.tokens), r.name)))

    @staticmethod
    def _span_text(tokens: Sequence[Token], text: str, units: list[_Unit], start: int, end: int) -> str:
        return text[tokens[units[start].token].start:tokens[units[end - 1].token].end]

    def suggest(self, span: str, first: str | None = None) -> tuple[str, ...]:
        """The known roles closest to a name the KB does not hold.  Candidates come from
        the roles sharing the span's rarest words first, so common words ("manager") do
        not make every role a candidate."""
        from rapidfuzz import fuzz, process

        words = role_tokens(span)
        pool = self._suggestion_pool(words)
        names = [r.name for r in self.roles.many(sorted(pool))]
        ranked = process.extract(" ".join(words), names, scorer=fuzz.token_sort_ratio,
                                 score_cutoff=SUGGESTION_CUTOFF, limit=MAX_SUGGESTIONS)
        out = [name for name, _, _ in ranked]
        if first and first in out:
            out.remove(first)
        if first:
            out.insert(0, first)
        return tuple(out[:MAX_SUGGESTIONS])

    def _suggestion_pool(self, words: Sequence[str]) -> set[int]:
        """The roles to rank as suggestions: those holding the rarest of ``words`` (or a typo
        of it) first, up to :data:`SUGGESTION_POOL` from a word many roles hold."""
        from rapidfuzz import fuzz, process

        groups: list[tuple[int, list[str]]] = []
        for w in words:
            typos = process.extract(w, self.vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=2)
            forms = sorted({w} & self.token_roles.words | {tok for tok, _, _ in typos})
            count = sum(self.token_roles.counts[f] for f in forms)
            if count:
                groups.append((count, forms))
        groups.sort(key=lambda g: g[0])
        pool: set[int] = set()
        for count, forms in groups:
            if len(pool) >= SUGGESTION_POOL:
                break
            limit = SUGGESTION_POOL - len(pool) if count > SUGGESTION_POOL else None
            ids = {rid for f in forms
                   for rid in (self.names.holders(f, limit) if limit else self.token_roles[f])}
            pool |= set(sorted(ids)[:limit]) if limit else ids
        return pool

    def resolve_reply(self, tokens: Sequence[Token], text: str,
                      candidates: Sequence[RoleEntry]) -> RoleEntry | None:
        """Which of ``candidates`` a short reply names ("the process one", "coordinator")."""
        matches = self.match(tokens, text)
        ids = {c.id for c in candidates}
        named = [m.role for m in matches.full if m.role.id in ids]
        if len(named) == 1:
            return named[0]
        words = {u.norm for u in self._units(tokens)}
        for unit in self._units(tokens):
            words |= set(self.word_candidates(unit))
        hits = [c for c in candidates if words & set(c.tokens)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            best = max(hits, key=lambda c: len(words & set(c.tokens)))
            if sum(len(words & set(c.tokens)) == len(words & set(best.tokens)) for c in hits) == 1:
                return best
        return None
