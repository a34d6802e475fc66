"""Role names: the key two spellings of one role share, and English plural forms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"(?:[^\w+#]|_)+")  # keeps letters and digits of every script
_ES_ENDINGS = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"
SINGULAR_CACHE_SIZE = 65_536
KEY_CACHE_SIZE = 4_096  # the role names (and header cells) of the pages parsed lately


def role_key(name: str) -> str:
    """The identity of a role name: case, punctuation, ``&``/``and`` and spacing ignored;
    letters of any script kept (NFKC, casefold: ``"Инженер"`` -> ``"инженер"``).

    ``"Line Cook, Prep Cook"``, ``"line cook/prep cook"`` -> ``"line cook prep cook"``.
    """
    folded = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ").replace("'s ", " ")
    return " ".join(_NON_WORD.sub(" ", folded).split())


@lru_cache(maxsize=KEY_CACHE_SIZE)
def cached_role_key(name: str) -> str:
    """:func:`role_key`, memoised: a page names each of its roles many times."""
    return role_key(name)


def pluralize(word: str) -> str:
    """The regular English plural of one word (coordinator -> coordinators)."""
    if not word:
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith(_ES_ENDINGS):
        return word + "es"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def plural_of(name: str) -> str:
    """The plural of a role name: its last word pluralised."""
    head, _, last = name.rpartition(" ")
    return f"{head} {pluralize(last)}".strip()


@lru_cache(maxsize=SINGULAR_CACHE_SIZE)
def singularize(word: str) -> str:
    """A best-effort singular of one word, for matching user text (leaders -> leader).
    Pure, so memoised: KBs of many roles repeat few words."""
    if len(word) <= 3 or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("us", "is")):
        return word[:-1]
    return word
