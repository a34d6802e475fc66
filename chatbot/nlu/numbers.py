"""Numbers in questions: signs, thousands separated by commas or spaces, "k"/"million",
"$" and "%", ranges ("between A and B", "from A to B"), and forms that are not clearly one
number ("45,0000", "4.5e4"), which are marked unclear rather than guessed at.

:func:`read_figure` returns a typed :class:`Figure`; :func:`unit_problem` says whether a
figure's unit fits an attribute's format.  Nothing here words a reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Figure", "read_figure", "unit_problem"]

MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "grand": 1_000,
               "m": 1_000_000, "mil": 1_000_000, "million": 1_000_000}
MAX_NUMBER = 1e12
# sign, "$", digits (thousands by "," or a space), multiplier, "%"; {n} numbers the groups of a range
_NUM = (r"(?P<sign{n}>[-\u2212\u2013])?(?P<dollar{n}>\$)?\s?"
        r"(?P<num{n}>\d{{1,3}}(?:(?:,|\s(?=\d{{3}}(?!\d)))\d{{3}})+"
        r"|\d+(?:\.\d+)?)\s?(?P<mult{n}>k|thousand|grand|m|mil|million)?(?P<pct{n}>\s?%| percent)?")
NUMBER = re.compile(r"(?<![\w.])" + _NUM.format(n="") + r"(?![\w,.]\d|\w)", re.I)
RANGE = re.compile(r"\b(?:between|from)\s+" + _NUM.format(n="1") + r"\s+(?:and|to|-)\s+" + _NUM.format(n="2")
                   + r"(?![\w,.]\d|\w)", re.I)
# Not one clear number: a comma group that is not three digits, an exponent, a number in a word
UNCLEAR = re.compile(r"(?<![\w.])[-\u2212]?\$?\d+(?:,\d+)*(?:,\d{1,2}|,\d{4,})(?:\.\d+)?\b"
                     r"|(?<![\w.])[-\u2212]?\$?\d+(?:\.\d+)?e[-+]?\d+\b"
                     r"|(?<![\w.])\d+(?:\.\d+){2,}\b", re.I)
_DIGIT = re.compile(r"\d")  # every form above holds a digit: a question without one is read once
PERCENT_FORMATS = frozenset({"percent", "share", "groups"})
MONEY_FORMATS = frozenset({"money", "hourly"})


@dataclass(frozen=True)
class Figure:
    """A number typed in a question.  ``upper`` is the high bound of a range (``value`` the
    low one); ``unclear`` holds the typed text when it is not clearly one number."""

    value: float
    money: bool
    percent: bool
    text: str
    upper: float | None = None
    unclear: str | None = None


def _value(m: re.Match[str], n: str = "") -> float | None:
    value = float(re.sub(r"[,\s]", "", m.group(f"num{n}")))
    if m.group(f"mult{n}"):
        value *= MULTIPLIERS[m.group(f"mult{n}").lower()]
    if m.group(f"sign{n}"):
        value = -value
    return None if abs(value) > MAX_NUMBER else value


def _unit(m: re.Match[str], n: str = "") -> tuple[bool, bool]:
    return bool(m.group(f"dollar{n}")) or bool(m.group(f"mult{n}")), bool(m.group(f"pct{n}"))


def read_figure(text: str) -> Figure | None:
    """The number (or range of numbers) a question gives, or None if it gives none."""
    if not _DIGIT.search(text):
        return None
    if bad := UNCLEAR.search(text):
        return Figure(0.0, False, False, bad.group(0), unclear=bad.group(0))
    if r := RANGE.search(text):
        low, high = _value(r, "1"), _value(r, "2")
        if low is not None and high is not None:
            (m1, p1), (m2, p2) = _unit(r, "1"), _unit(r, "2")
            low, high = min(low, high), max(low, high)
            return Figure(low, m1 or m2, p1 or p2, r.group(0).strip(), upper=high)
    for m in NUMBER.finditer(text):
        value = _value(m)
        if value is None:
            continue
        money, percent = _unit(m)
        return Figure(value, money, percent, m.group(0).strip())
    return None


def unit_problem(figure: Figure, attribute_format: str) -> bool:
    """True when the figure cannot be meant for an attribute of this format: unclear, a
    percentage for money, a dollar amount for a percentage."""
    if figure.unclear is not None:
        return True
    if figure.percent and attribute_format in MONEY_FORMATS:
        return True
    return figure.money and attribute_format in PERCENT_FORMATS
