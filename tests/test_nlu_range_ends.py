"""Range ends: the lowest, highest, ceiling, floor or top end of what a role earns are
answered from the salary range the pages give, never from the average salary."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        ("what's the lowest a production coordinator gets paid", "$35,000", "$49,366"),
        ("what is the ceiling for a process leader's pay", "$132,000", "$88,400"),
        ("what is the top end of production leader pay", "$63,000", "$44,563"),
        ("between what numbers does production leader pay usually fall", "$31,000", "$44,563"),
        ("starting salary of a production coordinator", "$35,000", "$49,366"),
    ],
)
def test_range_ends_come_from_the_range(engine: Engine, question: str, expected: str,
                                        not_expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert answer.attribute == "salary_range"
    assert expected in answer.text and not_expected not in answer.text


def test_at_most_with_a_figure_stays_a_threshold(engine: Engine) -> None:
    answer = engine.ask("which roles pay at most $50k?")
    assert answer.intent == "threshold", answer.text
