"""page_entries and _entry's shortcut give the entries the general way gives."""

from __future__ import annotations

import itertools
import math

from chatbot.kb.cells import FactValue
from chatbot.kb.page import PageFact
from chatbot.kb import rows
from chatbot.kb.rows import fact_entries, fact_rows, page_entries, same_figure

FIGURES = [(None, None), (1.0, None), (1, None), (1.0 + 1e-12, None), (2.0, None), (None, "Texas"),
           (None, "texas"), (None, "Ohio"), (1.0, "x"), (1.0, "X"), (math.nan, None), (None, "")]


def _general_entry(group):
    """rows._entry before its shortcut."""
    with_value = [c for c in group if c[3] is not None or c[4] is not None]
    side, attr, qual, num, text, raw, line = with_value[0] if with_value else group[0]
    conflicts = tuple((line, raw, c[6], c[5]) for c in with_value[1:]
                      if not same_figure(c[3], c[4], num, text))
    agreeing = [c for c in with_value if same_figure(c[3], c[4], num, text)] or group
    return side, attr, qual, num, text, raw, tuple(c[6] for c in agreeing), conflicts


def test_the_entry_shortcut_gives_the_general_entry_for_every_group_of_up_to_three_figures():
    checked = 0
    for size in (2, 3):
        for figures in itertools.product(FIGURES, repeat=size):
            group = [(0, "a", "", num, text, f"raw{i}", i + 1) for i, (num, text) in enumerate(figures)]
            got, want = rows._entry(group), _general_entry(group)
            assert repr(got) == repr(want), figures  # repr: NaN compares unequal to itself
            checked += 1
    assert checked > 1_500


def test_page_entries_are_the_entries_of_the_fact_rows():
    facts = []
    for i, ((num, text), side, attr) in enumerate(itertools.product(FIGURES, (0, 1), ("a", "b"))):
        for qual in ("", "q"):
            facts.append(PageFact(side, FactValue(attr, qual, num, text, f"r{i}"), i))
    for n in range(len(facts) + 1):
        part = facts[:n] + facts[: n // 3]
        assert repr(page_entries(part)) == repr(fact_entries(fact_rows(part)))
