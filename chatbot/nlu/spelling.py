"""Misspelt attribute and cue words ("salery", "avrage", "grwoth"), corrected before tagging.

A word is corrected only when no vocabulary knows it (not a known word, a role word or a
typo of one, a function word or a topic the pages never hold) and it is close to exactly
one word of the attribute and cue vocabulary with the same first letter (rapidfuzz ratio,
whole words).  Role names
have their own typo matching in :mod:`chatbot.nlu.roles`."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence


from chatbot.nlu.text import Token, tokenize

CUE_TYPO_CUTOFF = 80.0   # rapidfuzz ratio for a word to be a typo of a cue word
MIN_TYPO_LENGTH = 5      # shorter words are too easily one edit from another word
MIN_TARGET_LENGTH = 4
TIE_MARGIN = 3.0         # two cue words this close to each other: the typo is ambiguous


class Speller:
    """Corrects misspelt cue words of a cleaned question."""

    def __init__(self, targets: Iterable[str], protected: Collection[str],
                 is_role_word: Callable[[Token], bool]) -> None:
        self.targets: list[str] = sorted({w for w in targets if len(w) >= MIN_TARGET_LENGTH and w.isalpha()})
        self.protected = protected
        self.is_role_word = is_role_word

    def correct_word(self, token: Token) -> str | None:
        """The cue word ``token`` is a typo of, or None."""
        word = token.text
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in self.protected \
                or token.norm in self.protected or self.is_role_word(token):
            return None
        from rapidfuzz import fuzz, process  # only for a word that may be a typo: most questions need none

        # a typo keeps the first letter ("salery"): "meaning" is no "earning"
        same_start = [w for w in self.targets if w[0] == word[0]]
        hits = process.extract(word, same_start, scorer=fuzz.ratio, score_cutoff=CUE_TYPO_CUTOFF, limit=2)
        if not hits or (len(hits) > 1 and hits[0][1] - hits[1][1] < TIE_MARGIN):
            return None
        return str(hits[0][0])

    def correct(self, text: str) -> tuple[str, dict[str, str]]:
        """``text`` with its misspelt cue words replaced, and what was replaced by what."""
        return self.correct_tokens(text, tokenize(text))

    def correct_tokens(self, text: str, tokens: Sequence[Token]) -> tuple[str, dict[str, str]]:
        """:meth:`correct` for a text already tokenised (``tokens`` is ``tokenize(text)``)."""
        fixes: dict[str, str] = {}
        protected = self.protected
        for token in tokens:
            word = token.text  # the cheap tests of correct_word first: most words are known
            if len(word) < MIN_TYPO_LENGTH or word in protected or word in fixes:
                continue
            if (fixed := self.correct_word(token)) is not None:
                fixes[word] = fixed
        if not fixes:
            return text, fixes
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, fixes)) + r")\b")
        return pattern.sub(lambda m: fixes[m.group(0)], text), fixes
