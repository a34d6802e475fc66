"""Which column of a table is which role: a table header matched to the page's two roles
by name, fuzzily but by whole words, never by guessing.

A header cell names a role when every word of the one has a spelling variant among the
words of the other (``Production Cordinator`` names "production coordinator";
``Registered Nurse`` does not name "registered nurse charge nurse").  A header whose
cells name the two roles, one each, gives the column order; one that names neither
role, only one, or one role twice is not trusted: the caller stores nothing from its
table and warns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from chatbot.kb.names import cached_role_key, role_key, singularize

WORD_CUTOFF = 85.0          # rapidfuzz ratio at which two words are spellings of one (cordinator)
MAX_HEADER_CHARS = 300      # two role names at most (120 characters each) and some spacing
WORDS_CACHE_SIZE = 4_096
HEADER_CACHE_SIZE = 1_024  # headers matched lately: a page heads each of its tables alike

Order = tuple[int, int]     # the side (role) of each column


@dataclass(frozen=True)
class HeaderMatch:
    """How a table header maps onto the page's roles: ``order`` when it names both,
    else None and the reason; ``exact`` when each cell is a role's name as written."""

    order: Order | None
    exact: bool = False
    reason: str = ""
    cells: tuple[str, str] = ("", "")


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def _words(name: str) -> tuple[str, ...]:
    return tuple(singularize(w) for w in role_key(name).split())


def _same_word(a: str, b: str) -> bool:
    return a == b or fuzz.ratio(a, b, score_cutoff=WORD_CUTOFF) > 0


def names_role(cell: str, role: str) -> bool:
    """Whether a header cell names ``role``: the same number of words, each paired with a
    spelling variant of its own (any order)."""
    mine, theirs = list(_words(cell)), _words(role)
    if not mine or len(mine) != len(theirs):
        return False
    for word in theirs:
        match = word if word in mine else next((w for w in mine if _same_word(w, word)), None)
        if match is None:
            return False
        mine.remove(match)
    return True


def _sides_named(cell: str, roles: Sequence[str]) -> list[int]:
    key = cached_role_key(cell)
    exact = [side for side, role in enumerate(roles) if cached_role_key(role) == key]
    return exact or [side for side, role in enumerate(roles) if names_role(cell, role)]


def match_header(cells: tuple[str, str], roles: Sequence[str]) -> HeaderMatch:
    """Map the two cells of a header onto ``roles`` (the page's two role names)."""
    named = [_sides_named(cell, roles) for cell in cells]
    if all(len(sides) == 1 for sides in named) and named[0][0] != named[1][0]:
        order = (named[0][0], named[1][0])
        exact = all(cached_role_key(cell) == cached_role_key(roles[side])
                    for cell, side in zip(cells, order, strict=True))
        return HeaderMatch(order, exact, "", cells)
    if not any(named):
        reason = "names neither role of the page"
    elif any(len(sides) > 1 for sides in named) or named[0] == named[1]:
        reason = "could name either role"
    else:
        reason = "names only one role of the page"
    return HeaderMatch(None, False, reason, cells)


def _glued_cuts(text: str) -> list[int]:
    """Where a glued header may be cut in two: where a capitalised word starts right after
    a word (``CoordinatorProduction``), else anywhere."""
    cuts = [i for i in range(1, len(text))
            if (text[i].isupper() or text[i].isdigit()) and (text[i - 1].islower() or text[i - 1] in ".)'")]
    return cuts or list(range(1, len(text)))


def _exact_cut(text: str, roles: Sequence[str]) -> HeaderMatch | None:
    """The cut of a glued header that is the two role names as written (case and spacing
    ignored), when exactly one is: the common case, found without a search."""
    folded = "".join(text.split()).casefold()
    keys = ["".join(role.split()).casefold() for role in roles]
    found = [order for order in ((0, 1), (1, 0)) if folded == keys[order[0]] + keys[order[1]]]
    if len(found) != 1:
        return None
    first = len(keys[found[0][0]])
    count = 0
    for i, ch in enumerate(text):
        count += not ch.isspace()
        if count == first:
            match = match_header((text[: i + 1].strip(), text[i + 1:].strip()), roles)
            return match if match.order == found[0] and match.exact else None
    return None


def match_glued_header(text: str, roles: Sequence[str]) -> HeaderMatch:
    """Cut a glued header (``Production CordinatorProduction Leadr``) into the two cells
    that name the roles; the cut must be the only one that does."""
    text = text.strip()
    if len(text) > MAX_HEADER_CHARS:
        return HeaderMatch(None, False, "is longer than two role names", (text, ""))
    found: list[HeaderMatch] = []
    cut = _exact_cut(text, roles)
    if cut is not None:
        return cut
    for i in _glued_cuts(text):
        left, right = text[:i].strip(), text[i:].strip()
        if left and right:
            match = match_header((left, right), roles)
            if match.order is not None:
                found.append(match)
    exact = [m for m in found if m.exact]
    if len(exact) == 1:
        return exact[0]
    if len({m.order for m in found}) == 1:
        # every cut that names the roles (ACCOUNTANT|Scharge, ACCOUNTANTS|charge) gives the
        # same columns: the order is certain, the names as written are not
        return HeaderMatch(found[0].order, False, "", (text, ""))
    if found:
        return HeaderMatch(None, False, "could be cut more than one way", (text, ""))
    return HeaderMatch(None, False, "does not name both roles of the page", (text, ""))


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def cached_match_header(cells: tuple[str, str], roles: tuple[str, str]) -> HeaderMatch:
    """:func:`match_header`, memoised (it is pure, and a HeaderMatch is immutable): a page
    repeats its header over its tables."""
    return match_header(cells, roles)


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def cached_match_glued_header(text: str, roles: tuple[str, str]) -> HeaderMatch:
    """:func:`match_glued_header`, memoised (as :func:`cached_match_header`)."""
    return match_glued_header(text, roles)
