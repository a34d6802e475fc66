"""Numbers in questions must never turn into a threshold other than the one typed: signs,
spaced thousands, ranges with both bounds, and forms or units that do not fit (asked about)."""

from __future__ import annotations

import pytest

from chatbot import Engine
from chatbot.nlu.numbers import read_figure

READINGS = [  # text, value, upper, unclear
    ("growth rate below -3%", -3.0, None, None),
    ("above -100%", -100.0, None, None),
    ("more than 45 000", 45_000.0, None, None),
    ("between $40,000 and $50,000", 40_000.0, 50_000.0, None),
    ("from 10 to 20%", 10.0, 20.0, None),
    ("between 50,000 and 40,000", 40_000.0, 50_000.0, None),
    ("more than 70,000 jobs", 70_000.0, None, None),
    ("above $50k", 50_000.0, None, None),
    ("at least 1,000,000", 1_000_000.0, None, None),
    ("1-2 years", 1.0, None, None),
    ("above 45,0000", None, None, "45,0000"),
    ("above 4.5e4", None, None, "4.5e4"),
    ("above 4,5", None, None, "4,5"),
]


@pytest.mark.parametrize(("text", "value", "upper", "unclear"), READINGS, ids=[r[0] for r in READINGS])
def test_numbers_are_read_as_typed(text, value, upper, unclear):
    figure = read_figure(text)
    assert figure is not None
    assert figure.unclear == unclear
    if unclear is None:
        assert (figure.value, figure.upper) == (value, upper)


@pytest.fixture(scope="module")
def engine(seed_kb):
    e = Engine(db=seed_kb)
    yield e
    e.close()


ANSWERS = [  # question, status, must contain, must not contain
    ("which roles have a growth rate below -3%?", "answered", "below -3%", "11%"),
    ("which roles have a growth rate above -100%?", "answered", "above -100%", "above 100%"),
    ("which roles have more than 45 000 jobs?", "answered", "above 45,000", "$45"),
    ("which roles earn between $40,000 and $50,000?", "answered", "$49,366", "$88,400"),
    ("which roles earn from $40,000 to $90,000?", "answered", "$88,400", "above"),
    ("which roles earn more than 45,0000?", "clarify", "45,0000", "$45 "),
    ("which roles earn more than 45%?", "clarify", "45%", "$45"),
    ("which roles earn more than 4.5e4?", "clarify", "4.5e4", "$4"),
]


@pytest.mark.parametrize(("question", "status", "present", "absent"), ANSWERS, ids=[a[0] for a in ANSWERS])
def test_answers_use_the_threshold_typed(engine, question, status, present, absent):
    answer = engine.ask(question)
    assert answer.status == status, answer.text
    assert present in answer.text and absent not in answer.text, answer.text
