"""Places in an order named away from their superlative ("4th on the list of highest
salaries"), and lists that are listed whole when only a few would be left over."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.answers import format as fmt


@pytest.fixture(scope="module")
def pages_engine_shared(shared_kb: Path) -> Engine:
    return Engine(db=shared_kb)


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("what's 4th on the list of highest salaries", "4th highest"),
        ("which role is 2nd in the list of the highest paying", "2nd highest"),
        ("third largest job count belongs to which role", "3rd highest"),
        ("what is the 3rd highest salary", "3rd highest"),
    ],
)
def test_a_place_named_before_its_superlative(pages_engine_shared: Engine, question: str, place: str) -> None:
    answer = pages_engine_shared.conversation().ask(question)
    assert answer.status == "answered", answer.text
    assert place in answer.text


@pytest.mark.parametrize(("total", "shown"), [(3, 3), (8, 8), (10, 10), (11, 11), (12, 8), (56, 8)])
def test_short_lists_are_listed_whole(total: int, shown: int) -> None:
    assert fmt.listed_count(total) == shown


def test_no_and_two_more(pages_engine_shared: Engine) -> None:
    answer = pages_engine_shared.ask("which jobs pay more than 75k")
    assert "more." not in answer.text and "$77,717" in answer.text, answer.text


@pytest.mark.parametrize(
    ("name", "plural", "named"),
    [("secretary", "secretaries", "a secretary"), ("accountant", "accountants", "accountants"),
     ("CDL driver", "CDL drivers", "CDL drivers"), ("office manager", "office managers", "office managers")],
)
def test_an_irregular_plural_is_named_by_its_title_in_comparisons(name: str, plural: str, named: str) -> None:
    assert fmt.named_after_for(name, plural) == named


def test_a_comparison_names_the_secretary(pages_engine_shared: Engine) -> None:
    answer = pages_engine_shared.ask("secretary or accountant, which one makes more")
    assert "for a secretary" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "place"),
    [("which role comes 2nd for number of opennings", "2nd highest"),
     ("which role ranks 3rd on pay", "3rd highest")],
)
def test_a_place_after_a_verb_of_order(pages_engine_shared: Engine, question: str, place: str) -> None:
    answer = pages_engine_shared.conversation().ask(question)
    assert answer.status == "answered", answer.text
    assert place in answer.text
