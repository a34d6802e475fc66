"""Modifiers of a question the engine handles beyond its roles and attributes: the gap of a
comparison ("by how much"), a whole ranking ("rank them by growth"), a place in one
("the second highest", "3rd lowest"), a count ("which 3 jobs pay the most", "top 5"), a
group of roles ("all three", "each of them", "every role") and "the other one".

The words come from the ``[modifiers]`` table of ``intents/vocabulary.toml``; this module
only reads them.  A number read as a count is never a threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from chatbot.nlu.text import Token, norm_words
from chatbot.nlu.vocabulary import Modifiers

__all__ = ["ALL", "MAX_COUNT", "Modified", "ModifierReader"]

ALL = -1            # a group of every role in view ("each role", "all of them")
ORDER_WORDS = ("first", "last")  # "highest first", "lowest last"
ORDER_SET = frozenset(ORDER_WORDS)
_DIGIT = re.compile(r"[0-9]")  # a count typed in digits: a token of them (tokens are ASCII)
MAX_COUNT = 100     # a larger number before "jobs" is a figure, not a count
POSITION_LOOKAHEAD = 5  # "4th on the list of highest": the words from the link to the superlative
POSITION_LINKS = frozenset({"on", "in", "for", "by", "of", "place"})
POSITION_VERBS = frozenset({"comes", "come", "ranks", "ranked", "placed", "finishes", "sits"})
NUMBER_AFTER = frozenset("% percent k thousand grand m mil million dollars bucks usd".split())
COUNT_LOOKAHEAD = 4  # "3 best paid jobs": the noun may stand a few words after the number
MAX_EXCLUDED_WORDS = 3  # "not just new york city"


@dataclass(frozen=True)
class Modified:
    """The modifiers found in one question."""

    difference: bool = False
    ranking: bool = False
    position: int | None = None      # 0-based place in a ranking ("second highest" -> 1)
    count: int | None = None         # how many roles a ranking lists ("top 3" -> 3)
    count_text: str | None = None    # the words of the count, so it is not read as a threshold
    group: int | None = None         # the size of a group of roles asked about, or ALL
    other: bool = False
    again: bool = False              # "nationally then?": the last question again
    excluded: frozenset[int] = field(default_factory=frozenset)  # words after "not just"
    taken: frozenset[int] = field(default_factory=frozenset)  # token positions accounted for


def _phrases(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {norm_words(w) for w in words if norm_words(w)}


PhraseStarts = dict[str, tuple[tuple[int, dict[tuple[str, ...], tuple[int, ...]]], ...]]


def _phrase_starts(tables: Sequence[set[tuple[str, ...]]]) -> PhraseStarts:
    """For each word that starts a phrase of ``tables``: the lengths of those phrases and,
    for each length, which tables hold which phrase (built once per vocabulary)."""
    by_first: dict[str, dict[int, dict[tuple[str, ...], list[int]]]] = {}
    for t, phrases in enumerate(tables):
        for phrase in phrases:
            by_first.setdefault(phrase[0], {}).setdefault(len(phrase), {}).setdefault(phrase, []).append(t)
    return {word: tuple((n, {p: tuple(ts) for p, ts in of_length.items()})
                        for n, of_length in sorted(lengths.items()))
            for word, lengths in by_first.items()}


def _has_each(norms: Sequence[str], starts: PhraseStarts, count: int) -> list[list[int]]:
    """The token positions of every occurrence of each of ``count`` sets' phrases, in one
    scan of the question (``starts``: :func:`_phrase_starts` of the sets): only the words
    that start some phrase are looked at, each window made once for all sets."""
    outs: list[list[int]] = [[] for _ in range(count)]
    n = len(norms)
    for i, word in enumerate(norms):
        for length, phrases in starts.get(word, ()):
            end = i + length
            if end > n:
                break  # lengths ascend
            for t in phrases.get(tuple(norms[i:end]), ()):
                outs[t].extend(range(i, end))
    return outs


class ModifierReader:
    """Reads the modifiers of a question, with the words of one vocabulary."""

    def __init__(self, words: Modifiers) -> None:
        self.words = words
        self.difference: set[tuple[str, ...]] = _phrases(words.difference)
        self.ranking: set[tuple[str, ...]] = _phrases(words.ranking)
        self.other: set[tuple[str, ...]] = _phrases(words.other)
        self.again: set[tuple[str, ...]] = _phrases(words.again)
        self.excluding: set[tuple[str, ...]] = _phrases(words.excluding)
        self.count_words: frozenset[str] = frozenset(words.count_words)
        self.count_nouns: frozenset[str] = frozenset(n for w in words.count_nouns for n in norm_words(w))
        self.group_words: frozenset[str] = frozenset(words.group_words)
        self.group_nouns: list[tuple[str, ...]] = [norm_words(w) for w in words.group_nouns]
        self.superlatives: frozenset[str] = frozenset(words.superlatives)
        self.numbers: dict[str, int] = dict(words.numbers)
        self.ordinals: dict[str, int] = dict(words.ordinals)
        # the phrase sets read at every question, scanned together
        self._tables = (self.difference, self.ranking, self.other, self.again, self.excluding)
        self._starts: PhraseStarts = _phrase_starts(self._tables)

    @property
    def known_words(self) -> set[str]:
        """Every word a modifier may use (never an unrecognised word)."""
        phrases = self.difference | self.ranking | self.other | self.again | self.excluding
        return ({w for p in phrases for w in p} | set(self.numbers) | set(self.ordinals)
                | set(self.count_words) | set(self.group_words) | self.superlatives)

    def number(self, token: Token, text: str) -> int | None:
        """A small whole number typed as digits or a word ("3", "three"), else None."""
        if token.text in self.numbers:
            return self.numbers[token.text]
        if not token.text.isdigit() or (token.start and text[token.start - 1] in "$.,"):
            return None
        after = text[token.end:token.end + 1]
        value = int(token.text)
        return value if 0 < value <= MAX_COUNT and after not in ("%", ".", ",") else None

    def read(self, tokens: Sequence[Token], text: str) -> Modified:
        """The modifiers of a question (``tokens`` of its cleaned ``text``)."""
        norms = [t.norm for t in tokens]
        texts = [t.text for t in tokens]
        taken: set[int] = set()
        difference, ranking, other, again, excluding = _has_each(norms, self._starts, len(self._tables))
        taken.update(difference, ranking, other, again)
        excluded = self._excluded(excluding, text, tokens)
        # most questions hold no ordinal, order word or number: each look skipped in one set test
        position = None if self.ordinals.keys().isdisjoint(texts) else self._position(tokens, taken)
        if not ORDER_SET.isdisjoint(texts):
            for i, tok in enumerate(tokens[1:], start=1):
                if tok.text in ORDER_WORDS and tokens[i - 1].text in self.superlatives:
                    taken.add(i)  # "youngest first": the order of a ranking, not "the first one"
                    ranking.append(i)
        superlative = position is not None or not self.superlatives.isdisjoint(texts)
        count, count_at = (None, -1) if self.numbers.keys().isdisjoint(texts) and not _DIGIT.search(text) \
            else self._count(tokens, text, superlative or bool(ranking))
        group = None
        if count is None:
            group = self._group(tokens, text, norms, taken)
        else:
            taken.add(count_at)
        return Modified(bool(difference), bool(ranking), position, count,
                        tokens[count_at].text if count is not None else None, group, bool(other),
                        bool(again), frozenset(excluded), frozenset(taken))

    def _excluded(self, excluding: list[int], text: str, tokens: Sequence[Token]) -> set[int]:
        """The words after "not just" / "other than" up to the end of the phrase (``excluding``:
        the positions of those phrases' words)."""
        out: set[int] = set()
        for at in sorted(excluding):
            k = at + 1
            while k < len(tokens) and k - at <= MAX_EXCLUDED_WORDS and not (
                    text[tokens[k - 1].end:tokens[k].start].strip(" ")):
                out.add(k)
                k += 1
        return out

    def _position(self, tokens: Sequence[Token], taken: set[int]) -> int | None:
        """ "the second highest", "3rd lowest paying", "4th on the list of highest salaries"."""
        for i, tok in enumerate(tokens[:-1]):
            if tok.text in self.ordinals and tokens[i + 1].text in self.superlatives:
                taken.add(i)
                return self.ordinals[tok.text] - 1
        for i, tok in enumerate(tokens[1:], start=1):
            if tok.text in self.ordinals and tokens[i - 1].text in POSITION_VERBS:
                taken.add(i)  # "which role comes 2nd for pay": a place, highest first
                return self.ordinals[tok.text] - 1
        for i, tok in enumerate(tokens[:-1]):
            ahead = tokens[i + 2:i + 2 + POSITION_LOOKAHEAD]
            if tok.text in self.ordinals and tokens[i + 1].text in POSITION_LINKS \
                    and any(t.text in self.superlatives for t in ahead):
                taken.add(i)
                return self.ordinals[tok.text] - 1
        return None

    def _count(self, tokens: Sequence[Token], text: str, superlative: bool) -> tuple[int | None, int]:
        """"top 3", "which 3 jobs pay the most", "the 5 best paid roles"."""
        for i, tok in enumerate(tokens):
            value = self.number(tok, text)
            if value is None:
                continue
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            if nxt in NUMBER_AFTER:
                continue
            after_count_word = i > 0 and tokens[i - 1].text in self.count_words
            ahead = [t.norm for t in tokens[i + 1:i + 1 + COUNT_LOOKAHEAD]]
            before_noun = superlative and bool(ahead) and (
                ahead[0] in self.count_nouns
                or (ahead[0] in self.superlatives and any(a in self.count_nouns for a in ahead)))
            if after_count_word or before_noun:
                return value, i
        return None, -1

    def _group(self, tokens: Sequence[Token], text: str, norms: Sequence[str], taken: set[int]) -> int | None:
        """"all three", "the three of them", "each role", "every job", "all of them"."""
        for i, tok in enumerate(tokens):
            if tok.text not in self.group_words:
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            size = self.number(nxt, text) if nxt is not None else None
            if size is not None and size > 1:
                taken.update((i, i + 1))
                return size
            if tok.text in ("the", "these", "those"):
                continue
            for noun in self.group_nouns:
                at = i + 1 + (norms[i + 1:i + 2] == ["the"])
                if tuple(norms[at:at + len(noun)]) == noun:
                    taken.update(range(i, at + len(noun)))
                    return ALL
        return None
