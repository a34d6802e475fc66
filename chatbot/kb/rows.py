"""A parsed page as the writer takes it: plain tuples, grouped and keyed ahead.

:func:`page_rows` turns a :class:`~chatbot.kb.page.ParsedPage` into a :class:`PageRows`:
what the writer needs of the page and nothing else, in plain tuples (cheap to send from
a parse worker, no object to build per fact in the writer's process), with the work that
depends only on the page done ahead: role keys and aliases, facts grouped by (side,
attribute, qualifier) in page order, skill names case-folded as the KB compares them.
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from chatbot.kb.cells import FactValue
from chatbot.kb.names import cached_role_key
from chatbot.kb.page import AmbiguousRow, PageFact, ParsedPage

SAME_NUMBER = 1e-9  # two figures closer than this are the same (FactValue.same_value)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

FactRow = tuple[int, str, str, float | None, str | None, str, int]
"""side, attribute, qualifier, number, text, the cell as written, line."""
Conflict = tuple[int, str, int, str]
"""Two cells of one page that disagree: the line and cell kept, the line and cell not kept."""
FactEntry = tuple[int, str, str, float | None, str | None, str, tuple[int, ...], tuple[Conflict, ...]]
"""One fact of one side as the page gives it: side, attribute, qualifier, number, text,
the cell as written, the lines that agree on it, and the page's own conflicts about it."""
SkillRow = tuple[int, str, float | None, int, int, str]
"""side, name, share, top three (0/1), line, the name case-folded as SQLite's NOCASE."""
DutyRow = tuple[int, str, int]
"""side, text, line."""
WarningRow = tuple[int | None, str]
"""line, message."""


def nocase(text: str) -> str:
    """SQLite's NOCASE collation: ASCII letters folded, nothing else (``str.lower`` where
    the text is ASCII: the same, and faster)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


class RoleRow(NamedTuple):
    """One of the page's two roles, with its key and the aliases it gives."""

    name: str
    display: str | None
    plural: str | None
    key: str
    aliases: tuple[str, ...]


class PageRows(NamedTuple):
    """Everything the writer takes from one page."""

    path: str
    sha256: str
    layout: str
    title: str
    line_count: int
    roles: tuple[RoleRow, RoleRow]
    facts: tuple[FactEntry, ...]
    skills: tuple[SkillRow, ...]
    duties: tuple[DutyRow, ...]
    warnings: tuple[WarningRow, ...]
    words: frozenset[str]  # from a parse worker: only the words it has not sent before
    ambiguous: tuple[AmbiguousRow, ...]  # rare: kept as objects
    cells: tuple[FactRow, ...]  # the facts before grouping: only for a page with ambiguous rows


def fact_rows(facts: Iterable[PageFact]) -> list[FactRow]:
    """Each page fact as a plain tuple, in order."""
    return [(side, v.attribute, v.qualifier, v.num, v.text, v.raw, line) for side, v, line in facts]


def same_figure(num: float | None, text: str | None, other_num: float | None, other_text: str | None) -> bool:
    """:meth:`FactValue.same_value` on the fields of two values."""
    if num is not None or other_num is not None:
        return (num is not None and other_num is not None and abs(num - other_num) < SAME_NUMBER
                and (text or "").casefold() == (other_text or "").casefold())
    return (text or "").casefold() == (other_text or "").casefold()


def fact_entries(cells: Iterable[FactRow]) -> tuple[FactEntry, ...]:
    """:func:`page_entries` of facts given as rows (the writer's, for a page whose ambiguous
    rows it settled)."""
    return page_entries([PageFact(side, FactValue(attr, qual, num, text, raw), line)
                         for side, attr, qual, num, text, raw, line in cells])


def _entry(group: list[FactRow]) -> FactEntry:
    """The entry of a fact stated more than once (:func:`general_entry`, sooner for the
    usual repeat, a table shown twice: every cell holds the first's figure, so each has a
    value and agrees with it, and none conflicts; a NaN, unequal to itself, goes the
    general way)."""
    side, attr, qual, num, text, raw, line = group[0]
    if (num is not None or text is not None) and all(c[3] == num and c[4] == text for c in group):
        return side, attr, qual, num, text, raw, tuple(c[6] for c in group), ()
    return general_entry(group)


def general_entry(group: list[FactRow]) -> FactEntry:
    """The first cell with a figure is kept; a different figure is a conflict, and the
    lines are those that agree."""
    with_value = [c for c in group if c[3] is not None or c[4] is not None]
    side, attr, qual, num, text, raw, line = with_value[0] if with_value else group[0]
    conflicts = tuple((line, raw, c[6], c[5]) for c in with_value[1:]
                      if not same_figure(c[3], c[4], num, text))
    agreeing = [c for c in with_value if same_figure(c[3], c[4], num, text)] or group
    return side, attr, qual, num, text, raw, tuple(c[6] for c in agreeing), conflicts


def page_entries(facts: Sequence[PageFact]) -> tuple[FactEntry, ...]:
    """The facts a page gives, one per (side, attribute, qualifier) in the order of their
    first cell.  A fact stated more than once takes its first cell with a figure; a
    different figure is a conflict (kept in the entry), and the lines are those that
    agree.  Most facts are stated once: their entry is made from the fact itself."""
    first: dict[tuple[int, str, str], PageFact] = {}
    repeated: dict[tuple[int, str, str], list[PageFact]] = {}
    for fact in facts:
        v = fact[1]
        key = (fact[0], v.attribute, v.qualifier)
        if key not in first:
            first[key] = fact
        elif key in repeated:
            repeated[key].append(fact)
        else:
            repeated[key] = [first[key], fact]
    entries: list[FactEntry] = []
    for key, (side, v, line) in first.items():
        group = repeated.get(key) if repeated else None
        entries.append((side, v.attribute, v.qualifier, v.num, v.text, v.raw, (line,), ()) if group is None
                       else _entry(fact_rows(group)))
    return tuple(entries)


def page_rows(page: ParsedPage) -> PageRows:
    """The writer's view of a parsed page."""
    cells = fact_rows(page.facts) if page.ambiguous else ()
    roles = tuple(
        RoleRow(r.name, r.display, r.plural, cached_role_key(r.name),
                tuple(sorted({r.name, (r.display or "").lower(), (r.plural or "").lower()} - {""})))
        for r in page.roles
    )
    return PageRows(
        page.path, page.sha256, page.layout, page.title, page.line_count, (roles[0], roles[1]),
        page_entries(page.facts),
        tuple((s.side, s.name, s.share, int(s.top_three), s.line, nocase(s.name)) for s in page.skills),
        tuple((i.side, i.text, i.line) for i in page.responsibilities),
        tuple((w.line, w.message) for w in page.warnings),
        frozenset(page.words),
        tuple(page.ambiguous),
        tuple(cells),
    )


# -- sending rows between processes ------------------------------------------------------

Error = tuple[str, str]
"""A file that is not a comparison page: its path and why (a :class:`PageError`'s)."""
ERROR_FIELDS = ("path", "reason")


def encode_rows(results: Sequence[PageRows | Error]) -> bytes:
    """Pages' rows (or errors) as bytes for another process.  :mod:`marshal` writes plain
    tuples twice as fast as pickle and reads them a little faster; a page with ambiguous
    rows (objects: about one page in 25) goes in it as its own pickle."""
    return marshal.dumps([_plain(r) if isinstance(r, PageRows) else r for r in results])


def decode_rows(data: bytes) -> list[PageRows | Error]:
    """The results :func:`encode_rows` encoded, in order."""
    return [(r[0], r[1]) if len(r) == len(ERROR_FIELDS) else _rows_of(r) for r in marshal.loads(data)]


def _plain(rows: PageRows) -> tuple[object, ...]:
    """A page's rows as nested tuples of plain values; a page with ambiguous rows (objects)
    as a 1-tuple of its pickle."""
    if rows.ambiguous:
        return (pickle.dumps(rows, pickle.HIGHEST_PROTOCOL),)
    a, b = rows.roles
    return (*rows[:5], (tuple(a), tuple(b)), *rows[6:])


def _rows_of(plain: Any) -> PageRows:
    """The :class:`PageRows` that :func:`_plain` made ``plain`` from."""
    if len(plain) == 1:
        rows: PageRows = pickle.loads(plain[0])
        return rows
    path, sha, layout, title, lines, (a, b), facts, skills, duties, warnings, words, ambiguous, cells = plain
    return PageRows(path, sha, layout, title, lines, (RoleRow(*a), RoleRow(*b)), facts, skills, duties,
                    warnings, words, ambiguous, cells)
