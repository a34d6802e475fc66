"""Word accounting: a question is answered with a figure only when every content word is
accounted for.  Topics the pages never hold and unplaced words get no figure; harmless
words ("roughly", "pls") change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine

FIGURES = ("$", "%")


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        # topics the pages never hold (the not_covered list of vocabulary.toml)
        ("do production coordinators get good benefits?", "benefits"),
        ("can a process leader work remotely", "remotely"),
        ("do production leaders get paid overtime", "overtime"),
        ("what's the typical signing bonus for a process leader", "signing bonus"),
        ("how many hours a week do production leaders work", "hours a week"),
        ("is being a production coordinator stressful", "stressful"),
        ("what will a production coordinator make in 2030", "in 2030"),
        # words no stage accounts for
        ("how much does a process leader make in canada", "canada"),
        ("whats the salary for a production coordinator in london", "london"),
    ],
)
def test_leftover_words_get_no_figure(engine: Engine, question: str, word: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "no_data", answer.text
    assert word in answer.text and "no information" in answer.text
    assert not any(mark in answer.text for mark in FIGURES), answer.text
    assert answer.sources == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("so my cousin is a production leader and i wanna know roughly how much they make in a year",
         "$44,563"),
        ("process leader salary pls", "$88,400"),
        ("what's the racial breakdown of production coordinators", "%"),
        ("which careers earn more than 45 thousand?", "$"),
        ("im thinking about becoming a prod coordinator, whats the pay like?", "$49,366"),
    ],
)
def test_harmless_words_change_nothing(engine: Engine, question: str, expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert expected in answer.text


def test_a_no_data_reply_keeps_the_role_in_context(engine: Engine) -> None:
    conv = engine.conversation()
    assert conv.ask("do process leaders get bonuses").status == "no_data"
    answer = conv.ask("what about their salary then")
    assert answer.status == "answered" and "$88,400" in answer.text
