"""Follow-ups over groups: "the other two roles", "the difference between those two", and
generic people words ("female workers") before a role name."""

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
        (["male vs female split among production coordinators?", "and for the other two roles?"],
         ("58.8%", "70.6%")),
        (["how fast is production coordinator employment growing", "now do process leader",
          "whats the difference between those two"], ("14 percentage points",)),
        (["which has more female workers production leader or production coordinator"], ("52.9%", "29.4%")),
        (["gender split of all three"], ("41.2%", "52.9%", "29.4%")),
    ],
)
def test_group_follow_ups(engine: Engine, turns: list[str], expected: tuple[str, ...]) -> None:
    chat = engine.conversation()
    for question in turns:
        answer = chat.ask(question)
    assert answer.status == "answered", answer.text
    assert all(e in answer.text for e in expected), answer.text


def test_the_other_two_needs_two_others(engine: Engine) -> None:
    chat = engine.conversation()
    chat.ask("male vs female split among production coordinators?")
    answer = chat.ask("and for the other five roles?")
    assert "58.8%" not in answer.text or "70.6%" not in answer.text
