"""page_entries groups a page's facts as the general rule says, and _entry's shortcut for
the usual repeat gives the general entry."""

from __future__ import annotations

import itertools
import math

from chatbot.kb import rows
from chatbot.kb.cells import FactValue
from chatbot.kb.page import PageFact
from chatbot.kb.rows import fact_entries, fact_rows, general_entry, page_entries

FIGURES = [(None, None), (1.0, None), (1, None), (1.0 + 1e-12, None), (2.0, None), (None, "Texas"),
           (None, "texas"), (None, "Ohio"), (1.0, "x"), (1.0, "X"), (math.nan, None), (None, "")]


def test_the_entry_shortcut_gives_the_general_entry_for_every_group_of_up_to_three_figures():
    checked = 0
    for size in (2, 3):
        for figures in itertools.product(FIGURES, repeat=size):
            group = [(0, "a", "", num, text, f"raw{i}", i + 1) for i, (num, text) in enumerate(figures)]
            assert repr(rows._entry(group)) == repr(general_entry(group)), figures  # repr: NaN != NaN
            checked += 1
    assert checked > 1_500


def _entries_by_the_rule(facts: list[PageFact]) -> tuple:
    """One entry per (side, attribute, qualifier), in the order of first appearance: a fact
    stated once as it is, one stated more often by the general rule."""
    groups: dict[tuple, list] = {}
    for row in fact_rows(facts):
        groups.setdefault(row[:3], []).append(row)
    return tuple((*g[0][:6], (g[0][6],), ()) if len(g) == 1 else general_entry(g) for g in groups.values())


def test_page_entries_are_the_entries_by_the_rule():
    facts = []
    for i, ((num, text), side, attr) in enumerate(itertools.product(FIGURES, (0, 1), ("a", "b"))):
        for qual in ("", "q"):
            facts.append(PageFact(side, FactValue(attr, qual, num, text, f"r{i}"), i))
    for n in range(len(facts) + 1):
        part = facts[:n] + facts[: n // 3]
        want = repr(_entries_by_the_rule(part))
        assert repr(page_entries(part)) == want
        assert repr(fact_entries(fact_rows(part))) == want  # the same facts given as rows
