"""Follow-ups phrased the way people type them: "vs X?", "which is higher", "nvm, i was
thinking of X", "fine, the normal figure", "how long to get into it"; attribute words that
look like a role ("satisfaction score"); "roles where ..." clauses."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("turns", "expected", "forbidden"),
    [
        (["hourly rate for a process leader?", "vs a production leader?"], ("$42.50", "$21.42"), ()),
        (["hourly rate for a process leader?", "vs a production leader?", "which is higher"],
         ("$42.50", "$21.42"), ()),
        (["how many process leader jobs are there", "how bout production leaders", "which one's got more then"],
         ("107,578", "71,467"), ()),
        (["whats a production coordinator salary in germany", "fine, just give me the normal figure"],
         ("$49,366",), ()),
        (["operations leader salary?", "nvm, i was thinking of production leader"], ("$44,563",), ()),
        (["what does a process leader make", "how many months or years to get into it"], ("year",), ("$",)),
        (["what does a production coordinator make", "do they like the work? satisfaction score?"], ("out of 5",), ()),
    ],
)
def test_follow_ups(engine: Engine, turns: list[str], expected: tuple[str, ...],
                    forbidden: tuple[str, ...]) -> None:
    chat = engine.conversation()
    for question in turns:
        answer = chat.ask(question)
    assert answer.status == "answered", answer.text
    assert all(e in answer.text for e in expected), answer.text
    assert not any(f in answer.text for f in forbidden), answer.text


def test_a_superlative_without_roles_is_over_all_roles(engine: Engine) -> None:
    chat = engine.conversation()
    chat.ask("hourly rate for a process leader?")
    chat.ask("vs a production leader?")
    answer = chat.ask("which pays the most per hour")
    assert "all 3" in answer.text or "of 3" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [("roles where the hourly rate is above 22", "$42.50"),
     ("jobs where the pay is over 45k", "$88,400")],
)
def test_roles_where_is_a_clause(engine: Engine, question: str, expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert expected in answer.text and "state" not in answer.text


@pytest.mark.parametrize(
    ("question", "expected", "forbidden"),
    [
        ("jobs with positive growth?", "11%", "-3%"),
        ("which roles have negative growth", "-3%", "11%"),
        ("in which roles are more than half the workers women", "52.9%", "41.2%"),
    ],
)
def test_words_standing_for_a_figure(engine: Engine, question: str, expected: str, forbidden: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert expected in answer.text and forbidden not in answer.text, answer.text
