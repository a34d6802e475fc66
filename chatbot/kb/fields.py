"""The rows a comparison page's tables can hold: each label, its grammar, its attribute.

The same vocabulary serves both layouts.  Labels are matched case-insensitively; the
attribute names are the columns a reader sees in the ``facts`` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatbot.kb.cells import Kind


@dataclass(frozen=True)
class Field:
    """A table row: its label on the page, the grammar of its cells, the attribute stored."""

    label: str
    kind: Kind
    attribute: str


FIELDS: tuple[Field, ...] = (
    Field("Yearly salary", Kind.MONEY, "yearly_salary"),
    Field("Average salary", Kind.MONEY, "yearly_salary"),
    Field("Hourly rate", Kind.HOURLY, "hourly_rate"),
    Field("Growth rate", Kind.PERCENT, "growth_rate"),
    Field("Number of jobs", Kind.COUNT, "number_of_jobs"),
    Field("Job satisfaction", Kind.RATING, "job_satisfaction"),
    Field("Most common degree", Kind.DEGREE, "degree"),
    Field("Average age", Kind.AGE, "average_age"),
    Field("Years of experience", Kind.YEARS, "years_of_experience"),
    Field("Salary range", Kind.RANGE, "salary_range"),
    Field("Highest paying city", Kind.CITY, "highest_paying_city"),
    Field("Highest paying state", Kind.STATE, "highest_paying_state"),
    Field("Best paying company", Kind.NAME, "best_paying_company"),
    Field("Best paying industry", Kind.NAME, "best_paying_industry"),
    Field("Most common major", Kind.NAME, "major"),
    Field("Most common college", Kind.NAME, "college"),
    Field("Gender ratio", Kind.GROUPS, "gender_share"),
    Field("Race ratio", Kind.GROUPS, "race_share"),
    Field("LGBT percentage", Kind.SHARE, "lgbt_share"),
)

# Longest labels first, so "Average salary" never swallows a longer label's text.
FIELDS_BY_LENGTH: tuple[Field, ...] = tuple(sorted(FIELDS, key=lambda f: -len(f.label)))
_BY_LABEL = {f.label.casefold(): f for f in FIELDS}


def field_for_label(label: str) -> Field | None:
    """The field whose label is exactly ``label`` (case and spacing ignored); a label
    spaced as the field's is found at the first look."""
    found = _BY_LABEL.get(label.casefold())
    return found if found is not None else _BY_LABEL.get(" ".join(label.split()).casefold())


_LABELS = re.compile("|".join(re.escape(f.label) for f in FIELDS_BY_LENGTH), re.IGNORECASE)


_FIRST_LETTERS = frozenset(f.label[0].casefold() for f in FIELDS)
#: the ASCII characters a label can start with, in either case (every label starts with an
#: ASCII letter; re.IGNORECASE matches an ASCII letter to its other case, and to a few
#: letters not ASCII, such as the long s: a line starting with a cased letter not ASCII is
#: tried too)
LABEL_STARTS = _FIRST_LETTERS | frozenset(c.upper() for c in _FIRST_LETTERS)


def may_start_label(first: str) -> bool:
    """Whether a line starting with ``first`` (a character, or "") may start with a label:
    one of LABEL_STARTS, or a character not ASCII that has a case (re.IGNORECASE matches
    a letter only to characters with a case: a bullet "•" is passed over)."""
    if first in LABEL_STARTS:
        return True
    return not first.isascii() and (first.lower() != first or first.upper() != first)


def match_glued_label(line: str) -> tuple[Field, str] | None:
    """If ``line`` starts with a known label, the field and the rest of the line (the
    pattern is tried only on a line whose first letter starts a label, or is not ASCII)."""
    if not may_start_label(line[:1]):
        return None
    m = _LABELS.match(line)
    if m is None:
        return None
    return _BY_LABEL[m.group().casefold()], line[m.end():].lstrip(" \t:")
