"""Understanding over the development pages (56 roles), table-driven: near-miss names
("home health aide" for the page's "home health aid"), shorter forms of a title
("substitute teacher"), a role with a word after it that is no title ("the preschool
teacher field"), unknown titles with the words before them ("data scientist"), partial
names the conversation settles ("the cdl one"), groups from the conversation, degree
levels as filters, and plurals made from the singular."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine(shared_kb: Path) -> Engine:
    return Engine(db=shared_kb)


@pytest.mark.parametrize(
    ("turns", "status", "expected"),
    [
        (["how much does a home health aide make"], "answered", ["$27,249"]),
        (["substitute teacher pay?"], "clarify", ["substitute school teacher"]),
        (["is the preschool teacher field growing"], "answered", ["15%"]),
        (["how old are hostesess on average"], "answered", ["23"]),
        (["data scientist growth rate?"], "unknown_role", ["data scientist"]),
        (["how much do pharmacists make"], "unknown_role", ["pharmacists"]),
        (["how much do truck drivers make", "and cdl drivers?", "which of them has more jobs",
          "whats the growth for the cdl one"], "answered", ["4%"]),
        (["which pays more: java developer or java programmer", "how old are they on average",
          "top skills for the programmer one?"], "answered", ["HTML"]),
        (["tell me the salary for a software engineer", "what about senior ones", "how much more is that",
          "and per hour"], "answered", ["$55.05"]),
        (["how much does an office manager make", "compare that with a secretary", "and an administrator?",
          "which of the three needs the most experience"], "answered", ["office manager"]),
        (["which role has the youngest workers?"], "answered", ["hostess", "23"]),
        (["whats the highest paying job that only needs a high school diploma"], "answered",
         ["CDL drivers", "$63,112"]),
        (["which jobs usually only need an associate degree"], "answered",
         ["physical therapist assistant", "registered nurse charge nurses", "registered nurses"]),
        (["how much do teachers make in texas", "ok, nationally then?"], "answered", ["$47,989"]),
    ],
)
def test_understanding_over_real_pages(engine: Engine, turns: list[str], status: str,
                                       expected: list[str]) -> None:
    conv = engine.conversation()
    for question in turns[:-1]:
        conv.ask(question)
    answer = conv.ask(turns[-1])
    assert answer.status == status, answer.text
    for part in expected:
        assert part.lower() in answer.text.lower(), answer.text


@pytest.mark.parametrize(
    ("name", "plural"),
    [
        ("registered nurse charge nurse", "registered nurse charge nurses"),
        ("secretary", "secretaries"),
        ("hostess", "hostesses"),
        ("food prep/dishwasher", "food prep/dishwashers"),
    ],
)
def test_plurals_are_made_from_the_singular(engine: Engine, name: str, plural: str) -> None:
    role = next(r for r in engine.roles_by_id.values() if r.name == name)
    assert role.plural == plural
