"""Value grammars: how one table cell of each kind is written, and what it means.

A cell is parsed by the grammar of its row's kind into zero or more :class:`FactValue`
(a degree cell "Bachelor's Degree, 69%" gives the degree and its share).  ``-`` is a
missing value: every attribute of the row is stored as NULL, never 0.  A cell that does
not fit its grammar gives ``None``: the caller warns and stores nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

MISSING = "-"
CELL_CACHE_SIZE = 4_096  # distinct cells kept parsed: ~88% of the cells of generated pages hit

# Plausible ranges (inclusive) used to reject impossible splits of glued rows.
SALARY_RANGE = (5_000, 2_000_000)
HOURLY_RANGE = (1.0, 1_000.0)
GROWTH_RANGE = (-100, 1_000)
SHARE_RANGE = (0, 100)
JOBS_RANGE = (0, 100_000_000)
RATING_RANGE = (1.0, 5.0)
AGE_RANGE = (16, 90)
EXPERIENCE_RANGE = (0, 50)
GROUP_TOTAL = 100.0
GROUP_TOTAL_TOLERANCE = 1.5

US_STATES = frozenset(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia
    Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts
    Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon
    Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming""".split()
) | frozenset(
    [
        "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
        "North Dakota", "Rhode Island", "South Carolina", "South Dakota", "West Virginia",
        "District of Columbia", "DC", "Washington, DC",
    ]
)


class Kind(str, Enum):
    """The grammar of a row's cells."""

    MONEY = "money"          # $49,366
    HOURLY = "hourly"        # $23.73
    PERCENT = "percent"      # -3%, 12%, 6.5%
    SHARE = "share"          # 6% (0-100)
    COUNT = "count"          # 68,532
    RATING = "rating"        # 4, 4.14 (1-5)
    AGE = "age"              # 46
    YEARS = "years"          # 2
    DEGREE = "degree"        # Bachelor's Degree, 69%
    RANGE = "range"          # Between $35,000 And $67,000
    CITY = "city"            # Washington, DC
    STATE = "state"          # New York
    NAME = "name"            # Meta, Technology, Business, Stanford University
    GROUPS = "groups"        # Male, 47.1% Female, 52.9%


@dataclass(frozen=True)
class FactValue:
    """One stored value: an attribute (with a qualifier such as a race group), a number
    and/or a text, and the cell as the page wrote it.  ``num`` and ``text`` both None
    means the page marks the value missing."""

    attribute: str
    qualifier: str
    num: float | None
    text: str | None
    raw: str

    @property
    def missing(self) -> bool:
        return self.num is None and self.text is None

    def same_value(self, other: FactValue) -> bool:
        """True when both hold the same figure (texts compared case-insensitively)."""
        if self.num is not None or other.num is not None:
            return (
                self.num is not None
                and other.num is not None
                and abs(self.num - other.num) < 1e-9
                and (self.text or "").casefold() == (other.text or "").casefold()
            )
        return (self.text or "").casefold() == (other.text or "").casefold()


#: the number grammar of cells (also what the glued-row pair patterns are made of)
INT_GROUPED = r"(?:0|[1-9]\d{0,2}(?:,\d{3})*)"  # 0, 7, 49,366: thousands grouped, no leading zero
SHARE_NUM = r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?"  # 0 to 999 with at most two decimals
_PATTERNS: dict[Kind, re.Pattern[str]] = {
    Kind.MONEY: re.compile(rf"\$({INT_GROUPED})"),
    Kind.HOURLY: re.compile(rf"\$({INT_GROUPED}\.\d{{2}})"),
    Kind.PERCENT: re.compile(rf"(-?{SHARE_NUM})%"),
    Kind.SHARE: re.compile(rf"({SHARE_NUM})%"),
    Kind.COUNT: re.compile(rf"({INT_GROUPED})"),
    Kind.RATING: re.compile(r"([1-5](?:\.\d{1,2})?)"),
    Kind.AGE: re.compile(r"([1-9]\d)"),
    Kind.YEARS: re.compile(r"(0|[1-9]\d?)"),
    Kind.DEGREE: re.compile(r"([A-Z][^,%\d]*?), ((?:0|[1-9]\d{0,2}))%"),
    Kind.RANGE: re.compile(rf"Between \$({INT_GROUPED}) And \$({INT_GROUPED})", re.I),
    Kind.CITY: re.compile(r"([A-Z][\w .'\-]*?, [A-Z]{2})"),
    Kind.NAME: re.compile(r"([^\s\-][^\n]*)"),
}
_GROUP_NAME = r"[A-Z][A-Za-z .'/\-]*(?: and [A-Z][A-Za-z .'/\-]*)*?"
_GROUP_ITEM = re.compile(rf"\s*({_GROUP_NAME}), (\d{{1,3}}(?:\.\d{{1,2}})?)%")


def could_be_cell(kind: Kind, text: str) -> bool:
    """A cheap first test of a stripped, non-empty text: False only where
    :func:`parse_cell` would give None (the text does not fit the kind's grammar)."""
    pattern = _PATTERNS.get(kind)
    return pattern is None or text == MISSING or pattern.fullmatch(text) is not None


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def parse_groups(text: str) -> list[tuple[str, float, str]] | None:
    """Parse "Male, 47.1% Female, 52.9%" into groups and shares; None unless the whole
    text is such a list whose shares add up to about 100%."""
    items: list[tuple[str, float, str]] = []
    pos = 0
    while pos < len(text):
        m = _GROUP_ITEM.match(text, pos)
        if not m:
            return None
        items.append((m.group(1).strip(), float(m.group(2)), m.group(0).strip()))
        pos = m.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
    if len(items) < 2:
        return None
    names = [name.casefold() for name, _, _ in items]
    if len(set(names)) != len(names):
        return None
    if abs(sum(share for _, share, _ in items) - GROUP_TOTAL) > GROUP_TOTAL_TOLERANCE:
        return None
    return items


_BOUNDS: dict[Kind, tuple[float, float]] = {
    Kind.MONEY: SALARY_RANGE,
    Kind.HOURLY: HOURLY_RANGE,
    Kind.PERCENT: GROWTH_RANGE,
    Kind.SHARE: SHARE_RANGE,
    Kind.COUNT: JOBS_RANGE,
    Kind.RATING: RATING_RANGE,
    Kind.AGE: AGE_RANGE,
    Kind.YEARS: EXPERIENCE_RANGE,
}


def _groups(attribute: str, raw: str) -> list[FactValue] | None:
    groups = parse_groups(raw)
    if groups is None:
        return None
    return [FactValue(attribute, name, share, None, raw_item) for name, share, raw_item in groups]


def _degree(attribute: str, raw: str, m: re.Match[str]) -> list[FactValue] | None:
    share = _num(m.group(2))
    if not _in(share, SHARE_RANGE):
        return None
    return [
        FactValue(attribute, "", None, m.group(1).strip(), raw),
        FactValue(f"{attribute}_share", "", share, None, f"{m.group(2)}%"),
    ]


def _range(attribute: str, m: re.Match[str]) -> list[FactValue] | None:
    low, high = _num(m.group(1)), _num(m.group(2))
    if not (_in(low, SALARY_RANGE) and _in(high, SALARY_RANGE) and low <= high):
        return None
    return [
        FactValue(f"{attribute}_low", "", low, None, f"${m.group(1)}"),
        FactValue(f"{attribute}_high", "", high, None, f"${m.group(2)}"),
    ]


def _text(attribute: str, raw: str, m: re.Match[str]) -> list[FactValue] | None:
    value = m.group(1).strip()
    if value != m.group(1) or value.startswith(MISSING):
        return None
    return [FactValue(attribute, "", None, value, raw)]


def parse_cell(kind: Kind, attribute: str, text: str) -> list[FactValue] | None:
    """Parse one cell of a row of ``kind`` that stores ``attribute``.

    Returns the values (all None for ``-``), or None when the text does not fit the
    grammar or lies outside the plausible range.  Pages repeat most cells (a state, an
    age, ``-``): the values of the cells parsed lately are kept (immutable) and copied.
    """
    values = parsed_cell(kind, attribute, text)
    return None if values is None else list(values)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def parsed_cell(kind: Kind, attribute: str, text: str) -> tuple[FactValue, ...] | None:
    """:func:`parse_cell`'s values as a tuple, the one kept for the cell (not copied:
    for a caller that only reads them)."""
    values = _parse_cell(kind, attribute, text)
    return None if values is None else tuple(values)


def _parse_cell(kind: Kind, attribute: str, text: str) -> list[FactValue] | None:
    raw = text.strip()
    if raw == MISSING:
        return missing_values(kind, attribute, raw)
    if not raw:
        return None
    if kind is Kind.GROUPS:
        return _groups(attribute, raw)
    if kind is Kind.STATE:
        return [FactValue(attribute, "", None, raw, raw)] if raw in US_STATES else None
    m = _PATTERNS[kind].fullmatch(raw)
    if not m:
        return None
    if kind is Kind.DEGREE:
        return _degree(attribute, raw, m)
    if kind is Kind.RANGE:
        return _range(attribute, m)
    if kind is Kind.CITY or kind is Kind.NAME:
        return _text(attribute, raw, m)
    value = _num(m.group(1))
    if not _in(value, _BOUNDS[kind]):
        return None
    return [FactValue(attribute, "", value, None, raw)]


def missing_values(kind: Kind, attribute: str, raw: str = MISSING) -> list[FactValue]:
    """The NULL values a ``-`` cell stands for."""
    if kind is Kind.DEGREE:
        return [FactValue(attribute, "", None, None, raw),
                FactValue(f"{attribute}_share", "", None, None, raw)]
    if kind is Kind.RANGE:
        return [FactValue(f"{attribute}_low", "", None, None, raw),
                FactValue(f"{attribute}_high", "", None, None, raw)]
    return [FactValue(attribute, "", None, None, raw)]
