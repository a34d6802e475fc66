"""Normalising a question into tokens that keep their place in the text."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from chatbot.kb.names import singularize

MAX_QUESTION_CHARS = 2_000
_TOKEN = re.compile(r"[a-z0-9+#]+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                         "\u2014": "-"})
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                          r"\u2060-\u206f\ufeff\ufff9-\ufffb]")
_CO_PREFIX = re.compile(r"\bco-(?=[a-z])")  # "co-ordinator" is "coordinator"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b|(?<=s)'(?=\s|$|[^a-z])")


class Token(NamedTuple):
    """One word of a question.  A named tuple: a question makes one per word, and a tuple is
    made several times faster than a frozen dataclass."""

    text: str      # lower-case as typed
    norm: str      # singular form used for matching
    start: int
    end: int


_new_token = tuple.__new__  # Token's fields without the generated __new__'s Python frame


def clean(question: str) -> str:
    """Unicode-normalised, control characters removed, lower-cased, possessives dropped."""
    if question.isascii():  # NFKC, the quotes table and surrogates change nothing in ASCII
        text = question if question.isprintable() else _UNPRINTABLE.sub(" ", question)
    else:
        text = unicodedata.normalize("NFKC", question).translate(_QUOTES)
        text = _UNPRINTABLE.sub(" ", text)
        if _SURROGATE.search(text):
            text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.lower()
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    if "co-" in text:
        text = _CO_PREFIX.sub("co", text)
    return text.replace("&", " and ")


def tokenize(text: str) -> list[Token]:
    """Word tokens of a cleaned text."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        tokens.append(_new_token(Token, (word, singularize(word), m.start(), m.end())))
    return tokens


def norm_words(phrase: str) -> tuple[str, ...]:
    """The normalised token sequence of a vocabulary phrase (the norms of
    ``tokenize(clean(phrase))``, without building the tokens: ~1,000 phrases at every start)."""
    return tuple([singularize(m.group()) for m in _TOKEN.finditer(clean(phrase))])
