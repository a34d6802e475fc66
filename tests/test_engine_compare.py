"""Every pair of the three seed roles compared on every numeric attribute, both ways."""

from __future__ import annotations

from itertools import permutations

import pytest

from chatbot import Engine

PC, PL, PR = "production coordinator", "production leader", "process leader"

# Hand-copied from knowledge/*.txt; None where the page says "-".
VALUES: dict[str, dict[str, float | None]] = {
    "yearly_salary": {PC: 49366, PL: 44563, PR: 88400},
    "hourly_rate": {PC: 23.73, PL: 21.42, PR: 42.50},
    "growth_rate": {PC: -3, PL: None, PR: 11},
    "number_of_jobs": {PC: 68532, PL: 107578, PR: 71467},
    "job_satisfaction": {PC: 4, PL: None, PR: None},
    "degree_share": {PC: 69, PL: 36, PR: 59},
    "average_age": {PC: 46, PL: 46, PR: 46},
    "years_of_experience": {PC: 2, PL: 2, PR: 2},
    "lgbt_share": {PC: 6, PL: 6, PR: 6},
}

QUESTIONS = {
    "yearly_salary": "which pays more, {a} or {b}?",
    "hourly_rate": "who earns more per hour, {a} or {b}?",
    "growth_rate": "which has higher growth, {a} or {b}?",
    "number_of_jobs": "which has more job openings: {a} or {b}?",
    "job_satisfaction": "are {a}s or {b}s more satisfied with their job?",
    "degree_share": "compare the degree share of {a} and {b}",
    "average_age": "who is older on average, {a} or {b}?",
    "years_of_experience": "which needs more years of experience, {a} or {b}?",
    "lgbt_share": "compare the lgbt share of {a} and {b}",
}
LOWER = {
    "yearly_salary": "which pays less, {a} or {b}?",
    "hourly_rate": "who earns less per hour, {a} or {b}?",
    "growth_rate": "which has lower growth, {a} or {b}?",
    "number_of_jobs": "which has fewer job openings: {a} or {b}?",
    "job_satisfaction": "are {a}s or {b}s less satisfied with their job?",
    "degree_share": "which has a lower degree share, {a} or {b}?",
    "average_age": "who is younger on average, {a} or {b}?",
    "years_of_experience": "which needs less experience, {a} or {b}?",
    "lgbt_share": "which has a lower lgbt share, {a} or {b}?",
}

CASES = [
    pytest.param(attr, a, b, higher, id=f"{attr}-{a}-{b}-{'higher' if higher else 'lower'}")
    for attr in VALUES
    for a, b in permutations((PC, PL, PR), 2)
    for higher in (True, False)
]


@pytest.fixture(scope="module")
def engine(seed_kb):
    return Engine(db=seed_kb)


@pytest.mark.parametrize(("attribute", "a", "b", "higher"), CASES)
def test_every_pair_on_every_numeric_attribute(engine, attribute, a, b, higher):
    question = (QUESTIONS if higher else LOWER)[attribute].format(a=a, b=b)
    answer = engine.ask(question)
    va, vb = VALUES[attribute][a], VALUES[attribute][b]
    assert answer.intent == "compare", (question, answer.intent, answer.text)
    assert answer.attribute == attribute, (question, answer.text)
    assert set(answer.roles) == {a, b}
    if va is None or vb is None:
        assert answer.status == "no_data", answer.text
        missing = [r for r, v in ((a, va), (b, vb)) if v is None]
        for role in missing:
            assert f"{role}s" in answer.text
        assert "winner" not in answer.data
        return
    assert answer.status == "answered", answer.text
    if va == vb:
        assert "same" in answer.text, answer.text
        assert "winner" not in answer.data
        return
    winner = (a if va > vb else b) if higher else (a if va < vb else b)
    assert answer.data["winner"] == winner
    assert answer.text.lower().startswith(f"{winner}s"), "answers lead with the winner"
    assert answer.data["difference"] == pytest.approx(abs(va - vb))
    assert len(answer.sources) >= 2


def test_issue_example_text(engine):
    answer = engine.conversation().ask("which pays more, production coordinator or production leader?")
    assert answer.text == (
        "Production coordinators earn more: $49,366 a year vs $44,563 for production leaders ($4,803, 10.8% more)."
    )
    assert answer.data["values"] == {PC: 49366, PL: 44563}
    assert answer.data["percent"] == 10.8
    assert {(s.page.rsplit("/", 1)[-1], s.line) for s in answer.sources} >= {
        ("000_da7e6f87fe9964ce.txt", 12), ("000_da7e6f87fe9964ce.txt", 34)}


def test_roles_that_never_share_a_page(engine):
    answer = engine.ask("production leader vs process leader: who earns more?")
    assert answer.status == "answered"
    assert answer.text.startswith("Process leaders earn more: $88,400")


@pytest.mark.parametrize(
    ("question", "shared", "only"),
    [
        ("what skills do production coordinators and production leaders share?", ["Customer Service", "Production Process"], "Logistics"),
        ("which skills do process leaders and production leaders have in common?", ["Customer Service", "Continuous Improvement"], "Cleanliness"),
    ],
)
def test_shared_and_distinct_skills(engine, question, shared, only):
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert answer.data["shared"] == shared
    assert only in answer.text


@pytest.mark.parametrize(
    "question", ["production coordinator vs production leader", "compare process leaders and production coordinators",
                 "what's the difference between a production leader and a process leader?"])
def test_side_by_side_summary_leads_with_the_winner(engine, question):
    answer = engine.ask(question)
    assert answer.intent == "summary", answer.text
    assert answer.status == "answered"
    assert " earn more: " in answer.text.split(".")[0]
    assert "hourly rate" in answer.text and "number of jobs" in answer.text
