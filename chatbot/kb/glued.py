"""Split the glued rows of the site's plain-text layout, never by guessing.

In that layout a row's two values are run together: ``Number of jobs68,532107,578``.
:func:`split_cells` tries every split point, keeps those where both halves fit the row's
grammar and plausible range, and then narrows them with further evidence (equal halves,
values already known for the roles).  One split left: it is used.  Several: the caller
stores nothing for that row and warns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chatbot.kb.cells import MISSING, FactValue, Kind, could_be_cell, parse_cell

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


def _cut_points(kind: Kind, text: str) -> list[int]:
    """Where the first value may end: every position for bare numbers, but only after a
    "%" (or before a "$", a "Between", a capital) for the kinds whose values end or start
    that way; a "-" half is always possible.  Fewer tries, same readings."""
    n = len(text)
    if kind in _AFTER_PERCENT:
        points = [i + 1 for i, ch in enumerate(text[:-1]) if ch == "%"]
    elif kind in _BEFORE_DOLLAR:
        points = [i for i in range(1, n) if text[i] == "$"]
    elif kind is Kind.RANGE:
        points = [i for i in range(1, n) if text[i] in "Bb" and text[i:i + 7].lower() == "between"]
    elif kind in (Kind.CITY, Kind.STATE, Kind.NAME):
        points = [i for i in range(1, n) if text[i].isupper() or text[i].isdigit()]
    else:
        return list(range(1, n))
    if n > 1 and text[0] == MISSING:
        points.append(1)
    if n > 1 and text[-1] == MISSING:
        points.append(n - 1)
    return sorted(set(points))


def _readings(kind: Kind, attribute: str, text: str) -> list[Cells]:
    """Every cut of ``text`` whose two halves parse as cells of ``kind``; each half is
    first tested with the kind's pattern alone, so most cuts cost two regex tests."""
    readings: list[Cells] = []
    for i in _cut_points(kind, text):
        left, right = text[:i], text[i:]
        if left != left.strip() or right != right.strip():
            continue
        if not (could_be_cell(kind, left) and could_be_cell(kind, right)):
            continue
        if kind is Kind.NAME and not (
            _name_boundary(text, i) and _starts_like_a_name(left) and _starts_like_a_name(right)
        ):
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


def split_cells(kind: Kind, attribute: str, text: str, known: KnownValues | None = None) -> Split:
    """Split ``text`` (the row without its label) into the two roles' cells.

    Evidence is applied only while it leaves at least one reading: readings that
    contradict a known value are dropped, then those with the most agreeing values are
    kept, then equal halves are preferred.
    """
    text = text.strip()
    if len(text) > MAX_GLUED_ROW_CHARS:
        return Split(text, ())  # longer than any real row: not searched (the parser warns)
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
