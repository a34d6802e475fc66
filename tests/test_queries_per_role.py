"""Issue 13, item 5: a question that reads many attributes of a role reads each role once."""

from __future__ import annotations

import pytest

from chatbot import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _fact_statements(engine: Engine, question: str) -> int:
    answer = engine.ask(question)
    assert answer.status == "answered" and answer.trace is not None
    return sum("from facts" in sql for sql in answer.trace.sql)


def test_a_profile_reads_the_role_with_one_query(engine: Engine) -> None:
    assert _fact_statements(engine, "tell me about production leaders") == 1


def test_a_summary_reads_each_role_with_one_query(engine: Engine) -> None:
    assert _fact_statements(engine, "production leader vs production coordinator") == 2


def test_a_single_fact_stays_one_small_query(engine: Engine) -> None:
    assert _fact_statements(engine, "how much does a production leader make?") == 1
