"""Vocabulary patterns searched only in questions holding their required words (issue 13, item 5)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.nlu.patterns import GuardedPattern, required_choices, required_literals
from chatbot.nlu.tagger import FOLLOW_UP, SKILL_QUESTION
from chatbot.nlu.text import clean

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("pattern", "literals"), [
    ("abc", ("abc",)),
    ("ab?c", ()),                       # the "b" may be absent
    ("ab*cd", ("cd",)),
    ("a{2}bc", ("bc",)),
    ("ab{0,3}cd", ("cd",)),             # the repeat's digits are no literal
    ("x(?:ab)?cd", ("cd",)),            # nothing inside a group counts
    (r"\bhow many\b.*\bjobs\b", ("how many", "jobs")),
    (r"[ab]cd\.ef", ("cd", "ef")),      # a class and an escape end a run
    ("[]ab]cd", ("cd",)),               # a "]" first in a class is part of it
    ("ab|cd", ()),                      # a top-level alternative
    ("a(b|c)de", ("de",)),              # an alternative inside a group is fine
    ("(?i)abc", ()),                    # flags that change what a letter matches
    ("(?x)ab cd", ()),
    (r"(?<=\bmore )(?:jobs)", ()),
    (r"(?P<x>abc)def", ("def",)),
])
def test_required_literals(pattern: str, literals: tuple[str, ...]) -> None:
    assert required_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize(("pattern", "choices"), [
    ("(?:ab|cd)ef", (("ab", "cd"),)),
    (r"\bwhat (?:is|are) (?:it|they) like\b", (("is", "are"), ("it", "they"))),
    ("(?:ab|cd)?ef", ()),                # optional
    ("(?:ab|cd)+", ()),                  # quantified: left alone
    ("(?:ab|cd){2}", ()),
    ("(ab|c.d)", ()),                    # not plain words
    ("(?:ab|)x", ()),                    # an empty alternative
    ("x|(?:ab|cd)", ()),                 # a top-level alternative
    ("(?=ab|cd)x", ()),                  # lookarounds and named groups are not read
    ("(?<=ab|cd)x", ()),
    ("(?P<n>ab|cd)", ()),
    ("[(]ab|cd[)]", ()),
    ("(?i)(?:ab|cd)", ()),
])
def test_required_choices(pattern: str, choices: tuple[tuple[str, ...], ...]) -> None:
    assert required_choices(re.compile(pattern)) == choices


def _questions() -> list[str]:
    out = []
    for path in sorted(DATA.glob("blind_set*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out += [turn["q"] for turn in json.loads(line)["turns"]]
    return out


def test_guarded_patterns_find_what_the_patterns_find() -> None:
    engine = Engine()
    patterns = [p.pattern for p, _ in engine.tagger.patterns] + [
        p.pattern for p in engine.tagger.not_covered_patterns] + [SKILL_QUESTION, FOLLOW_UP]
    texts = [clean(q) for q in _questions()]
    texts += ["how many jobs are there", "what does a nurse do", "between what salaries",
              "how important is teamwork for nurses", "5 jobs", "more nursing jobs", "in 2020",
              "how many are out there", "what are they like", "what is it like", "3 nursing openings",
              "fewer positions", "how many exist"]
    matched = 0
    for pattern in patterns:
        guarded = GuardedPattern(pattern)
        for text in texts:
            want, got = pattern.search(text), guarded.search(text)
            assert (got and got.span()) == (want and want.span()), (pattern.pattern, text)
            matched += want is not None
    assert matched > 20  # the texts do exercise the patterns
