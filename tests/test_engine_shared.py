"""The engine over a KB ingested from the development pages in ../shared/pages (real
pages of both layouts, cut excerpts); skipped where that folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine(shared_kb: Path) -> Engine:
    return Engine(db=shared_kb)


@pytest.mark.parametrize(
    ("question", "status", "expected"),
    [
        ("how much does a registered nurse make?", "answered", "$73,349"),
        ("which pays more, truck driver or cdl driver?", "answered", "CDL drivers earn more: $63,112"),
        ("how much do acountants make per hour?", "answered", "$26.39"),
        ("what is the job satisfaction of a cdl driver?", "answered", "5"),
        ("what does a senior software enginer do?", "answered", "experienced employees"),
        ("how much does a nurse earn?", "clarify", "registered nurse"),
        ("how much does a java architect make?", "unknown_role", "java"),
        ("how much does a senior java developer earn?", "unknown_role", "java developer"),
        ("how much do java devs make", "answered", "$88,475"),  # an abbreviation in the plural
        ("what's the salary of a home health aide?", "answered", "$27,249"),  # the page spells it 'aid'
        ("which job pays the most?", "answered", "Senior software engineers have the highest yearly salary: $114,494"),
        ("which roles have more than 800,000 jobs?", "answered", "commercial driver (1,016,123)"),
        ("what is the most common college for ward supervisors?", "answered", "University of Pennsylvania"),
        ("what does a preschool teacher do?", "no_data", "no description"),
        ("what is the growth rate of host/waiters?", "answered", "10%"),
        ("hostess gender ratio", "answered", "Female 85.9%"),
        ("which pays more, charge bookkeeper or accountant?", "answered", "Accountants earn more: $54,890"),
        ("how long does it take to become an accounts receivable specialist?", "answered", "6-12 months"),
    ],
)
def test_questions_over_real_pages(engine, question, status, expected):
    answer = engine.ask(question)
    assert answer.status == status, (question, answer.text)
    assert expected in answer.text or expected in answer.suggestions, (question, answer.text)


def test_every_role_of_the_pages_answers_its_salary(engine):
    for name in engine.role_names():
        answer = engine.ask(f"how much does a {name} make?")
        assert answer.status in ("answered", "no_data"), (name, answer.text)
        assert answer.roles == [name], (name, answer.text)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("how much does a zookeeper make?", "zookeeper"),
        ("astronaut salary", "astronaut"),
        ("compare a sommelier and a truck driver", "sommelier"),
        ("how much does a temporary truck driver make?", "temporary truck driver"),
        ("what does a remote software engineer earn?", "remote software engineer"),
    ],
)
def test_words_no_page_knows_standing_for_a_role_are_unknown_roles(engine, question, unknown):
    answer = engine.ask(question)
    assert answer.status == "unknown_role", answer.text
    assert unknown in answer.text and "$" not in answer.text


def test_a_typo_ending_in_s_is_still_a_typo(engine):
    answer = engine.ask("how much does a procses leader make")
    assert answer.status == "answered" and answer.roles == ["process leader"]
