"""Misspelt attribute and cue words are read as the word meant, as misspelt role names are;
everyday words close to a cue word are left alone, and chat fillers change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("prodction coordinator salery??", "$49,366"),
        ("whats the avrage salary for a process leader", "$88,400"),
        ("grwoth rate of process leaders", "11%"),
        ("production leader years of experiance?", "year"),
        ("whats the hourley pay for process leaders", "$42.50"),
        ("how many opennings are there for production leaders", "107,578"),
    ],
)
def test_misspelt_cue_words_are_read_as_meant(engine: Engine, question: str, expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert expected in answer.text


@pytest.mark.parametrize(
    ("word", "fixed"),
    [("salery", "salary"), ("avrage", "average"), ("grwoth", "growth"), ("experiance", "experience"),
     ("hourley", "hourly"), ("opennings", "opening")],
)
def test_the_speller_corrects_typos(engine: Engine, word: str, fixed: str) -> None:
    assert engine.tagger.tag(f"process leader {word}").spelling == {word: fixed}


@pytest.mark.parametrize(
    "word",
    ["meaning", "benefits", "salary", "process", "canada", "stressful", "remote", "please", "bonus"],
)
def test_known_and_everyday_words_are_not_corrected(engine: Engine, word: str) -> None:
    assert engine.tagger.tag(f"process leader {word}").spelling == {}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("hi! quick q, which one has a bigger share of bachelors degrees, process leader or production "
         "leader? thx", "59%"),
        ("what skills do i need as a production leader?? asking for a friend lol", "skills"),
        ("nvm, what does a production leader make", "$44,563"),
        ("my sister is a production leader, how much does she make", "$44,563"),
        ("anything that pays under 30 bucks an hour?", "$21.42"),
        ("which grows quicker: process leader or production coordinator", "11%"),
        ("by how many points does the degree share differ between production coordinators and "
         "production leaders", "33 percentage points"),
        ("which university do most process leaders attend", "Stanford"),
        ("which of them employs more people, process leader or production leader", "107,578"),
    ],
)
def test_fillers_and_everyday_verbs_are_accounted_for(engine: Engine, question: str, expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert expected in answer.text


def test_how_bout_is_a_follow_up(engine: Engine) -> None:
    chat = engine.conversation()
    chat.ask("how many process leader jobs are there")
    answer = chat.ask("how bout production leaders")
    assert answer.status == "answered" and "107,578" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    ["do process leaders work long hours, like how many per week",
     "how many hours per week do production leaders work"],
)
def test_working_hours_get_no_figure(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "no_data", answer.text
    assert "$" not in answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a group asked for an attribute with no order: each role's value, not a ranking of another
        ("show me the salary ranges for all three pls", ("$59,000", "$35,000", "$31,000")),
        ("what degree do all three usually have", ("59%", "69%", "36%")),
        # "positions" after a comparative is the number of jobs, not the salary
        ("how many more process leader positions than production coordinator positions are there",
         ("2,935",)),
        ("which 3 roles have the fewest positions", ("68,532", "71,467")),
        # every superlative word cues the superlative
        ("bottom three jobs by pay?", ("$44,563",)),
        ("which role has the smallest number of jobs", ("68,532",)),
        ("which role has the largest number of jobs", ("107,578",)),
    ],
)
def test_groups_positions_and_superlative_words(engine: Engine, question: str,
                                                 expected: tuple[str, ...]) -> None:
    answer = engine.conversation().ask(question)
    assert answer.status == "answered", answer.text
    assert all(e in answer.text for e in expected), answer.text


def test_a_position_is_not_the_number_of_jobs(engine: Engine) -> None:
    answer = engine.ask("what's the salary for a process leader position")
    assert "$88,400" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        # "jobs", "openings" and "vacancies" after a comparative and a role name ask for the number
        # of jobs: the answer leads with it, not with salary and the rest side by side
        "are there more production leader jobs or process leader jobs?",
        "more production leader openings or process leader openings?",
        "are there fewer process leader vacancies than production leader vacancies",
    ],
)
def test_jobs_after_a_comparative_and_a_role_are_the_number_of_jobs(engine: Engine, question: str) -> None:
    answer = engine.conversation().ask(question)
    first = answer.text.split(". ")[0]
    assert "jobs" in first and "107,578" in first and "71,467" in first, answer.text
    assert "$" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # "jobs" that pay, need or offer something are the roles counted, not their number of jobs
        ("how many jobs pay over 50k", "1 of 3 roles has a yearly salary above $50,000"),
        ("how many of these jobs pay more than $50,000", "1 of 3 roles has a yearly salary above $50,000"),
        # "how many" with words before "jobs" asks for the number of jobs
        ("how many production leader jobs", "There are 107,578 production leader jobs"),
    ],
)
def test_how_many_jobs_counts_roles_or_asks_for_jobs(engine: Engine, question: str, lead: str) -> None:
    answer = engine.conversation().ask(question)
    assert answer.text.startswith(lead), answer.text


def test_how_many_of_those_jobs_after_a_fact_is_the_number_of_jobs(engine: Engine) -> None:
    conversation = engine.conversation()
    conversation.ask("what does a production leader earn")
    answer = conversation.ask("and how many of those jobs")
    assert answer.text.startswith("There are 107,578 production leader jobs"), answer.text
