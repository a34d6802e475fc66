"""Split the glued rows of the site's plain-text layout, never by guessing.

In that layout a row's two values are run together: ``Number of jobs68,532107,578``.
:func:`split_cells` tries every split point, keeps those where both halves fit the row's
grammar and plausible range, and then narrows them with further evidence (equal halves,
values already known for the roles).  One split left: it is used.  Several: the caller
stores nothing for that row and warns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from chatbot.kb.cells import (INT_GROUPED, MISSING, SHARE_NUM, FactValue, Kind, could_be_cell, parse_cell,
                              parsed_cell)

Cells = tuple[list[FactValue], list[FactValue]]


@dataclass(frozen=True)
class Split:
    """The outcome of splitting one glued row: the candidate readings still standing."""

    text: str
    candidates: tuple[Cells, ...]

    @property
    def unique(self) -> Cells | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def _name_boundary(text: str, i: int) -> bool:
    """A free-text split point: where a new capitalised name starts right after a word,
    as in ``BP America IncMeta``, or where a ``-`` half begins or ends."""
    if text[:i] == MISSING or text[i:] == MISSING:
        return True
    before, after = text[i - 1], text[i]
    return (after.isupper() or after.isdigit()) and (before.islower() or before in ".)'")


def _starts_like_a_name(text: str) -> bool:
    return text == MISSING or text[:1].isupper() or text[:1].isdigit()


MAX_GLUED_ROW_CHARS = 1_000  # the longest glued row of the real pages is ~300 characters;
# splitting tries every cut point, so the work per row is bounded by this squared

_AFTER_PERCENT = (Kind.PERCENT, Kind.SHARE, Kind.DEGREE, Kind.GROUPS)
_BEFORE_DOLLAR = (Kind.MONEY, Kind.HOURLY)
_NAMES = (Kind.CITY, Kind.STATE, Kind.NAME)
# The lengths a cell of these kinds can have (their patterns in chatbot.kb.cells: "46";
# "0", "12"; "4", "4.1", "4.14"): a cut elsewhere leaves a half that cannot match.
_CELL_LENGTHS = {Kind.AGE: (2,), Kind.YEARS: (1, 2), Kind.RATING: (1, 3, 4)}
# Every character a name half can start with (str.isupper() or str.isdigit()) is one of
# these: neither white space nor an ASCII lower-case letter.  Each is then tested exactly.
_NAME_START = re.compile(r"[^\sa-z]")


def _found(text: str, needle: str, start: int, shift: int = 0) -> list[int]:
    """Every position of ``needle`` in ``text`` from ``start``, plus ``shift``."""
    points = []
    i = text.find(needle, start)
    while i >= 0:
        points.append(i + shift)
        i = text.find(needle, i + 1)
    return points


def _cut_points(kind: Kind, text: str) -> list[int]:
    """Where the first value may end: every position for bare numbers (only where both
    halves can be as long as a cell for the fixed-width ones), but only after a "%" (or
    before a "$", a "Between", a capital) for the kinds whose values end or start that
    way; a "-" half is always possible.  Fewer tries, same readings."""
    n = len(text)
    if kind in _AFTER_PERCENT:
        points = _found(text[:-1], "%", 0, 1)
    elif kind in _BEFORE_DOLLAR:
        points = _found(text, "$", 1)
    elif kind is Kind.RANGE:
        points = _found(text.lower(), "between", 1) if text.isascii() else [
            i for i in range(1, n) if text[i] in "Bb" and text[i:i + 7].lower() == "between"]
    elif kind in _NAMES:
        points = [m.start() for m in _NAME_START.finditer(text, 1) if text[m.start()].isupper()
                  or text[m.start()].isdigit()]
    elif kind in _CELL_LENGTHS:
        lengths = _CELL_LENGTHS[kind]
        points = [i for i in {*lengths, *(n - length for length in lengths)} if 0 < i < n]
    else:
        return list(range(1, n))
    if n > 1 and text[0] == MISSING:
        points.append(1)
    if n > 1 and text[-1] == MISSING:
        points.append(n - 1)
    return sorted(set(points))


def _readings(kind: Kind, attribute: str, text: str) -> list[Cells]:
    """Every cut of ``text`` whose two halves parse as cells of ``kind``; each half is
    first tested with the kind's pattern alone, so most cuts cost two regex tests.

    A half must be stripped; every cut point lies inside the text (1 to len - 1), so a
    half is not stripped exactly where the text starts or ends with white space, or where
    the characters on either side of the cut are: tested before the halves are made."""
    readings: list[Cells] = []
    if text[:1].isspace() or text[-1:].isspace():
        return readings
    for i in _cut_points(kind, text):
        if text[i - 1].isspace() or text[i].isspace():
            continue
        if kind is Kind.NAME and not _name_boundary(text, i):
            continue
        left, right = text[:i], text[i:]
        if not (could_be_cell(kind, left) and could_be_cell(kind, right)):
            continue
        if kind is Kind.NAME and not (_starts_like_a_name(left) and _starts_like_a_name(right)):
            continue
        a = parse_cell(kind, attribute, left)
        if a is None:
            continue
        b = parse_cell(kind, attribute, right)
        if b is None:
            continue
        readings.append((a, b))
    return readings


def _equal_halves(cells: Cells) -> bool:
    a, b = cells
    return len(a) == len(b) and all(x.raw == y.raw for x, y in zip(a, b, strict=True))


KnownValues = Callable[[int, FactValue], bool | None]
"""``known(side, value)``: True if ``value`` is already known for that side's role,
False if another value is known for it, None if nothing is known."""


def _consistent(cells: Cells, known: KnownValues) -> tuple[bool, int]:
    """Whether no value of a reading contradicts what is known, and how many agree."""
    agree = 0
    for side, values in enumerate(cells):
        for value in values:
            if value.missing:
                continue
            verdict = known(side, value)
            if verdict is False:
                return False, 0
            if verdict:
                agree += 1
    return True, agree


_DEGREE_CELL = r"[A-Z][^,%\d]*?, (?:0|[1-9]\d{0,2})%"
_RANGE_CELL = rf"Between \${INT_GROUPED} And \${INT_GROUPED}"
# The usual shape of a row of two values, for the kinds whose cut points are marked ("$",
# "%", "Between"): each pattern holds exactly one such mark past the first character and
# neither end is "-", so a match leaves exactly one cut point (that of the pattern) and
# the search could find no other reading.
_PAIRS: dict[Kind, re.Pattern[str]] = {
    Kind.MONEY: re.compile(rf"(\${INT_GROUPED})(\${INT_GROUPED})"),
    Kind.HOURLY: re.compile(rf"(\${INT_GROUPED}\.\d{{2}})(\${INT_GROUPED}\.\d{{2}})"),
    Kind.PERCENT: re.compile(rf"(-?{SHARE_NUM}%)(-?{SHARE_NUM}%)"),
    Kind.SHARE: re.compile(rf"({SHARE_NUM}%)({SHARE_NUM}%)"),
    Kind.DEGREE: re.compile(rf"({_DEGREE_CELL})({_DEGREE_CELL})"),
    Kind.RANGE: re.compile(rf"({_RANGE_CELL})({_RANGE_CELL})"),
    # Kinds without such a mark, each with a pattern whose match leaves one cut point:
    # two two-digit ages (the only cut of four characters is in the middle); years as two
    # single digits or two two-digit numbers (a cut elsewhere leaves a three-digit half);
    # ratings (a half is "d", "d.d" or "d.dd": a second reading would need a half "ab.c");
    # counts whose first value has a group (it ends three digits after its last comma, and
    # a later comma would have to follow that group at once, where the second value
    # starts with a digit); cities (each holds exactly one comma: the first ends two
    # letters after the first comma).
    Kind.AGE: re.compile(r"([1-9]\d)([1-9]\d)"),
    Kind.YEARS: re.compile(r"(\d)(\d)|([1-9]\d)([1-9]\d)"),
    Kind.RATING: re.compile(r"([1-5](?:\.\d{1,2})?)([1-5](?:\.\d{1,2})?)"),
    Kind.COUNT: re.compile(rf"((?:0|[1-9]\d{{0,2}})(?:,\d{{3}})+)({INT_GROUPED})"),
    Kind.CITY: re.compile(r"([A-Z][\w .'\-]*?, [A-Z]{2})([A-Z][\w .'\-]*?, [A-Z]{2})"),
}


Values = tuple[tuple[FactValue, ...], tuple[FactValue, ...]]  # the two cells' values, kept (not copied)


def pair_values(kind: Kind, attribute: str, text: str) -> Values | None:
    """The one reading of a stripped row of the usual shape (:data:`_PAIRS`), or None:
    the row is then searched cut by cut (:func:`search_cells`).  The values are those kept
    for the cells (:func:`chatbot.kb.cells.parsed_cell`), for a caller that only reads them."""
    pattern = _PAIRS.get(kind)
    m = pattern.fullmatch(text) if pattern is not None else None
    if m is None or not text.isascii():
        return None
    left, right = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
    a = parsed_cell(kind, attribute, left)
    b = parsed_cell(kind, attribute, right) if a is not None else None
    return (a, b) if a is not None and b is not None else None


def pair_cells(kind: Kind, attribute: str, text: str) -> Cells | None:
    """:func:`pair_values`, as lists of their own."""
    pair = pair_values(kind, attribute, text)
    return (list(pair[0]), list(pair[1])) if pair is not None else None


def split_cells(kind: Kind, attribute: str, text: str, known: KnownValues | None = None) -> Split:
    """Split ``text`` (the row without its label) into the two roles' cells.

    Evidence is applied only while it leaves at least one reading: readings that
    contradict a known value are dropped, then those with the most agreeing values are
    kept, then equal halves are preferred.
    """
    text = text.strip()
    if len(text) > MAX_GLUED_ROW_CHARS:
        return Split(text, ())  # longer than any real row: not searched (the parser warns)
    pair = pair_cells(kind, attribute, text)
    if pair is not None:
        return Split(text, (pair,))
    return search_cells(kind, attribute, text, known)


def search_cells(kind: Kind, attribute: str, text: str, known: KnownValues | None = None) -> Split:
    """:func:`split_cells` of a stripped row, not longer than MAX_GLUED_ROW_CHARS, that
    :func:`pair_cells` does not read: every cut of it is tried."""
    readings = _readings(kind, attribute, text)
    if len(readings) > 1 and known is not None:
        scored = [(cells, _consistent(cells, known)) for cells in readings]
        standing = [(cells, agree) for cells, (ok, agree) in scored if ok]
        if standing:
            best = max(agree for _, agree in standing)
            readings = [cells for cells, agree in standing if agree == best]
    if len(readings) > 1:
        equal = [cells for cells in readings if _equal_halves(cells)]
        if len(equal) == 1:
            readings = equal
    return Split(text, tuple(readings))
