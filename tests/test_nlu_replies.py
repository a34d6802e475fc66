"""Replies to a clarifying question and corrections: "both" answers for both candidates,
"i meant X" asks the last question again for X, and a function word is never part of a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (["how much does a leader make", "both"], ["$88,400", "$44,563"]),
        (["what is the hourly rate of a leader", "both of them"], ["$42.50", "$21.42"]),
        (["how much does a process leader make", "i meant production leader"], ["$44,563"]),
        (["how much does a process leader make", "oh sorry, i meant production leader"], ["$44,563"]),
        (["what is the growth of production coordinators", "no, i meant process leader"], ["11%"]),
    ],
)
def test_replies_and_corrections(engine: Engine, turns: list[str], expected: list[str]) -> None:
    conv = engine.conversation()
    for question in turns[:-1]:
        conv.ask(question)
    answer = conv.ask(turns[-1])
    assert answer.status == "answered", answer.text
    for figure in expected:
        assert figure in answer.text


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("i meant production leader", "answered"),          # no context: a plain question about the role
        ("how much does a zookeeper make", "unknown_role"),  # a real unknown title still is one
    ],
)
def test_function_words_are_not_titles(engine: Engine, question: str, status: str) -> None:
    answer = engine.ask(question)
    assert answer.status == status, answer.text
    assert "meant" not in answer.text
