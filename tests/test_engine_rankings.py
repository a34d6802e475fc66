"""Rankings, groups of roles and several attributes, answered end to end over the seed KB
(three roles), table-driven: places ("second highest"), counts ("which 2 jobs"), whole
orders ("rank them by"), groups ("all three", "X, Y and Z", "which of the three"), several
attributes in one question (each answered, in order, sourced; kept by follow-ups), range
ends in rankings and comparisons, degree levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine

PC, PL, PR = "production coordinator", "production leader", "process leader"


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


def ask(engine: Engine, *turns: str):  # type: ignore[no-untyped-def]
    conv = engine.conversation()
    answer = None
    for question in turns:
        answer = conv.ask(question)
    assert answer is not None
    return answer


def in_order(text: str, *parts: str) -> bool:
    at = [text.find(p) for p in parts]
    return all(a >= 0 for a in at) and at == sorted(at)


@pytest.mark.parametrize(
    ("turns", "ordered", "absent"),
    [
        (["which role has the second highest salary?"], ["Production coordinators", "$49,366"],
         ["$44,563 a year."]),
        (["what's the second lowest paying job"], ["Production coordinators", "$49,366"], []),
        (["which 2 jobs pay the most?"], ["Process leaders", "$88,400", "production coordinators", "$49,366"],
         ["$44,563"]),
        (["rank the roles by number of jobs"], ["107,578", "71,467", "68,532"], []),
        (["rank them by growth rate"], ["11%", "-3%"], []),
        (["compare all three on pay"], ["$88,400", "$49,366", "$44,563"], []),
        (["compare all three on number of jobs"], ["Production leaders", "107,578", "71,467", "68,532"], []),
        (["compare salaries of process leader, production leader and production coordinator"],
         ["$88,400", "$49,366", "$44,563"], []),
        (["which of the three has the fewest jobs"], ["Production coordinators", "68,532"],
         []),  # a KB of three
        (["compare all three on pay", "rank them by growth rate"], ["11%", "-3%"], []),
        (["how much does a production coordinator make",
          "compare process leader and production leader on pay",
          "rank them by number of jobs"], ["Production leaders", "107,578", "71,467"], ["68,532"]),
        (["how much does a process leader make", "sort all roles by salary, lowest first"],
         ["Production leaders", "$44,563", "$49,366", "$88,400"], []),
        (["which pays more, process leader or production leader?", "which roles need a bachelor's degree"],
         ["Production coordinators", "69%", "59%", "36%"], []),  # over all roles, not the pair in context
        (["how much does a process leader make", "and a production leader?", "and a production coordinator?",
          "which of the three has the most jobs"], ["Production leaders", "107,578", "71,467", "68,532"], []),
        (["which job has the highest top-end salary"], ["Process leaders", "$132,000"], []),
        (["which role has the fourth highest salary?"], ["Only 3 roles"], ["$"]),
    ],
)
def test_rankings_and_groups(engine: Engine, turns: list[str], ordered: list[str], absent: list[str]) -> None:
    answer = ask(engine, *turns)
    assert answer.status in ("answered", "no_data"), answer.text
    assert in_order(answer.text, *ordered), answer.text
    assert not any(a in answer.text for a in absent), answer.text
    if answer.status == "answered":
        assert answer.sources and answer.data["ranking"]


def test_a_group_answer_has_its_data_as_a_list(engine: Engine) -> None:
    answer = engine.ask("compare all three on pay")
    assert [r["role"] for r in answer.data["ranking"]] == [PR, PC, PL]
    assert answer.data["winner"] == PR


@pytest.mark.parametrize(
    ("turns", "ordered"),
    [
        (["salary and growth of a process leader"], ["$88,400", "11%"]),
        (["salary and growth of a process leader", "and for a production coordinator?"], ["$49,366", "-3%"]),
        (["give me the salary, hourly rate and growth for a production coordinator"], ["$49,366", "$23.73",
                                                                                       "-3%"]),
        (["how much does a production coordinator make and how many jobs are there"], ["$49,366", "68,532"]),
        (["whats the hourly rate and the salary range for production leaders"], ["$21.42", "$31,000",
                                                                                 "$63,000"]),
        (["compare process leader and production leader on salary and number of jobs"],
         ["Process leaders", "$88,400", "Production leaders", "107,578"]),
    ],
)
def test_several_attributes_each_answered_in_order(engine: Engine, turns: list[str],
                                                   ordered: list[str]) -> None:
    answer = ask(engine, *turns)
    assert answer.status == "answered", answer.text
    assert in_order(answer.text, *ordered), answer.text
    assert len(answer.data["parts"]) == len(answer.trace.slots["attributes"]) >= 2  # type: ignore[union-attr]
    attributes = {s.attribute for s in answer.sources}
    assert len(attributes) >= 2  # every figure sourced


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (["which has more jobs, production leader or process leader", "how many more?"], ["36,111"]),
        (["process leader salary pls", "hourly?", "and for a production leader", "whats the difference"],
         ["21.08"]),
        (["which role pays the most?", "and the least?", "whats the gap between them"], ["43,837"]),
        (["production leader vs process leader salary diff"], ["Process leaders", "$43,837"]),
        (["which role pays the most?", "and the lowest?"], ["Production leaders", "$44,563"]),
        (["im deciding between production coordinator and process leader, which pays more?",
          "whats the growth outlook for the coordinator one", "and the other one?"], ["11%"]),
        (["is the process leader job growing?", "how does it compare to production coordinator"],
         ["Process leaders", "11%", "-3%"]),
        (["whats the avg age for process leaders", "and production leaders", "which earns more"],
         ["Process leaders", "$88,400"]),
        (["salary range for a production leader?", "and for the coordinator?",
          "which has the higher ceiling"],
         ["Production coordinators", "$67,000"]),
        (["whose salary range starts higher, process leader or production coordinator?"],
         ["$59,000", "$35,000"]),
        (["how much can a process leader make at most"], ["$132,000"]),
        (["how much does a process leader make in canada", "what about in general, not just canada?"],
         ["$88,400"]),
    ],
)
def test_follow_ups_keep_the_pair_and_the_question(engine: Engine, turns: list[str],
                                                   expected: list[str]) -> None:
    answer = ask(engine, *turns)
    assert answer.status == "answered", answer.text
    assert in_order(answer.text, *expected), answer.text


@pytest.mark.parametrize(
    ("question", "ordered"),
    [
        ("which is more likely to have a bachelor's degree, production leader or production coordinator?",
         ["Production coordinators", "69%", "36%"]),
        ("which has a lower share of bachelor's degree holders, process leader or production coordinator",
         ["Process leaders", "59%", "69%"]),
        ("in which role are you most likely to have a bachelors degree", ["Production coordinators", "69%"]),
        ("do production leaders need a bachelor's degree?", ["Bachelor's Degree (36%)"]),
    ],
)
def test_degree_levels_are_numbers(engine: Engine, question: str, ordered: list[str]) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert in_order(answer.text, *ordered), answer.text


@pytest.mark.parametrize(
    "question",
    ["which role has the most associate degrees", "do production leaders need a master's degree?"],
)
def test_a_degree_level_no_page_gives_gets_no_share(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert "%" not in answer.text.replace("(36%)", "").replace("(59%)", "").replace("(69%)", ""), answer.text


def test_a_ranking_over_all_roles_does_not_count_only_the_roles_with_a_value_as_all(engine: Engine) -> None:
    # the built-in KB has 3 roles; the production leader's page gives no growth rate ("-")
    answer = engine.ask("rank the jobs by growth")
    assert answer.status == "answered"
    assert "all 2 roles" not in answer.text and "the 2 roles whose pages give one" in answer.text
