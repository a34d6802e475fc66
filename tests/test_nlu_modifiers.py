"""Stage 1 (tagging), table-driven: modifiers (counts, places, groups, rankings,
differences, "the other one", excluded words), several attributes in one question, a value
of an attribute ("a bachelor's degree") and the end of a range."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.nlu.modifiers import ALL
from chatbot.nlu.tagger import Tags


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


def tag(engine: Engine, question: str) -> Tags:
    return engine.tagger.tag(question)


@pytest.mark.parametrize(
    ("question", "count", "position", "figure"),
    [
        ("which 3 jobs pay the most", 3, None, None),          # a count, not a threshold of 3 jobs
        ("top 5 highest paying jobs", 5, None, None),
        ("what are the three best paid roles", 3, None, None),
        ("which role has the second highest salary?", None, 1, None),
        ("what's the third lowest paying job", None, 2, None),
        ("which job has the 3rd most jobs", None, 2, None),
        ("which roles pay more than $45,000?", None, None, 45_000),
        ("which jobs have less than 70,000 jobs?", None, None, 70_000),
    ],
)
def test_counts_and_places(engine: Engine, question: str, count: int | None, position: int | None,
                           figure: float | None) -> None:
    tags = tag(engine, question)
    assert tags.mods.count == count
    assert tags.mods.position == position
    assert (tags.figure.value if tags.figure else None) == figure


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("compare all three on pay", 3),
        ("which of the three needs the most experience", 3),
        ("what does each role pay", ALL),
        ("how much do all of them make", ALL),
        ("which pays more, process leader or production leader", None),
        ("which one pays the most", None),
    ],
)
def test_groups(engine: Engine, question: str, group: int | None) -> None:
    assert tag(engine, question).mods.group == group


@pytest.mark.parametrize(
    ("question", "difference", "ranking", "other", "again"),
    [
        ("by how much", True, False, False, False),
        ("whats the gap between them", True, False, False, False),
        ("and the diff?", True, False, False, False),       # the everyday abbreviation
        ("how many more?", True, False, False, False),
        ("rank them by growth rate", False, True, False, False),
        ("sort the roles by salary from highest to lowest", False, True, False, False),
        ("sort all roles by age, youngest first", False, True, False, False),  # not "the first one"
        ("and the other one?", False, False, True, False),
        ("ok, nationally then?", False, False, False, True),
        ("how much does a process leader make", False, False, False, False),
    ],
)
def test_follow_up_modifiers(engine: Engine, question: str, difference: bool, ranking: bool, other: bool,
                             again: bool) -> None:
    mods = tag(engine, question).mods
    assert (mods.difference, mods.ranking, mods.other, mods.again) == (difference, ranking, other, again)


def test_words_after_not_just_are_excluded_not_leftover(engine: Engine) -> None:
    assert tag(engine, "what about in general, not just canada?").leftover == []
    assert tag(engine, "how much does a process leader make in canada").leftover == ["canada"]


@pytest.mark.parametrize(
    ("question", "several"),
    [
        ("salary and growth of a process leader", ["yearly_salary", "growth_rate"]),
        ("give me the salary, hourly rate and growth for a production coordinator",
         ["yearly_salary", "hourly_rate", "growth_rate"]),
        ("how much does a production coordinator make and how many jobs are there",
         ["yearly_salary", "number_of_jobs"]),
        ("gender split and lgbt share for process leaders?", ["gender_share", "lgbt_share"]),
        ("compare process leader and production leader on salary and number of jobs",
         ["yearly_salary", "number_of_jobs"]),
        # one attribute phrase, not several
        ("what is the salary per hour of a process leader", []),
        ("how much do production leaders and process leaders make", []),
        ("how many women and men are process leaders", []),
    ],
)
def test_several_attributes_in_the_order_asked(engine: Engine, question: str, several: list[str]) -> None:
    assert [a.name for a in tag(engine, question).several] == several


@pytest.mark.parametrize(
    ("question", "where", "attribute"),
    [
        ("which role has the highest share of bachelor's degrees", ("degree", "Bachelor's Degree"),
         "degree_share"),
        ("which jobs usually only need an associate degree", ("degree", "Associate Degree"), "degree_share"),
        ("whats the highest paying job that only needs a high school diploma",
         ("degree", "High School Diploma"), "yearly_salary"),
        ("what degree do process leaders have", None, "degree"),
    ],
)
def test_a_value_of_an_attribute(engine: Engine, question: str, where: tuple[str, str] | None,
                                 attribute: str) -> None:
    tags = tag(engine, question)
    assert tags.where == where
    assert tags.attribute is not None and tags.attribute.name == attribute


@pytest.mark.parametrize(
    ("question", "attribute", "end"),
    [
        ("which job has the highest top-end salary", "salary_range", "salary_range_high"),
        ("whose salary range starts higher, process leader or production coordinator?", "salary_range",
         "salary_range_low"),
        ("which job has the highest salary", "yearly_salary", None),   # over all roles: the average
        ("what's the lowest salary of a production leader", "salary_range", None),
        ("how much can a process leader make at most", "salary_range", None),
    ],
)
def test_range_ends(engine: Engine, question: str, attribute: str, end: str | None) -> None:
    tags = tag(engine, question)
    assert tags.attribute is not None and tags.attribute.name == attribute
    assert tags.range_end == end
