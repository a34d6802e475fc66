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


def _statements(engine: Engine, question: str, table: str) -> int:
    answer = engine.ask(question)
    assert answer.status == "answered" and answer.trace is not None
    return sum(f"from {table}" in sql for sql in answer.trace.sql)


@pytest.mark.parametrize("question", ["which role pays the most?", "which jobs pay more than 40k",
                                      "which roles have a salary between 40k and 50k",
                                      "what is the 2nd highest paying job"])
def test_the_sources_of_a_list_of_roles_are_read_with_one_query(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.trace is not None and len(answer.sources) >= 2  # several roles' sources ...
    assert _statements(engine, question, "fact_sources") == 1  # ... from one statement (was one per role)


def test_a_ranking_filtered_on_a_value_reads_every_role_with_one_query(engine: Engine) -> None:
    # was one query per role for the filter and one more per role kept (2-3 per role)
    question = "which role has the highest share with a bachelor's degree"
    assert _statements(engine, question, "facts") == 1


def test_sources_of_several_facts_are_those_of_each_fact(engine: Engine) -> None:
    kb = engine.kb
    ids = [row[0] for row in kb.conn.execute("select id from facts order by id desc")]
    trace: list[str] = []
    together = kb.sources_of(ids, trace)
    assert len(trace) == 1
    assert together == {fid: kb.sources(fid) for fid in ids if kb.sources(fid)}
    assert kb.sources_of([]) == {}


def test_facts_read_for_every_role_are_those_read_role_by_role(engine: Engine) -> None:
    from chatbot.answers.prefetch import QuestionReader

    attributes = [a for (a,) in engine.kb.conn.execute("select distinct attribute from facts")]
    sql = "select distinct qualifier from facts where attribute = ?"
    qualifiers = {a: [q for (q,) in engine.kb.conn.execute(sql, (a,))] + ["none such"] for a in attributes}
    everywhere = QuestionReader(engine.kb)
    trace: list[str] = []
    everywhere.read_for_every_role(attributes, trace)
    assert len(trace) == 1
    for role in engine.roles_by_id:
        for a in [*attributes, "no such attribute"]:
            assert everywhere.facts(role, a) == engine.kb.facts(role, a)
            for q in qualifiers.get(a, [""]):
                assert everywhere.fact(role, a, q) == engine.kb.fact(role, a, q)
    assert len(trace) == 1


@pytest.mark.parametrize(("question", "statements"), [
    ("what is the salary range of a process leader", 1),           # two ends: was 2 (one, then whole role)
    ("what degree do production leaders have", 1),                 # the degree and its share: was 2
    ("what's the salary and growth of a process leader?", 1),      # two attributes asked: was 2
    ("compare the salary range of process leaders and production leaders", 2),  # was 4
])
def test_a_question_reading_several_facts_of_a_role_reads_them_with_one_query(
        engine: Engine, question: str, statements: int) -> None:
    assert _fact_statements(engine, question) == statements


def test_the_planned_read_holds_only_the_attributes_asked(engine: Engine) -> None:
    answer = engine.ask("what is the salary range of a process leader")
    assert answer.trace is not None
    assert "json_each" in answer.trace.sql[0] and "salary_range_low" in answer.trace.sql[0]


def test_facts_of_a_planned_read_are_those_read_one_by_one(engine: Engine) -> None:
    from chatbot.answers.prefetch import QuestionReader

    attributes = [a for (a,) in engine.kb.conn.execute("select distinct attribute from facts order by 1")]
    planned = QuestionReader(engine.kb, attributes=attributes[::2])  # half planned, half read alone
    trace: list[str] = []
    for role in engine.roles_by_id:
        for a in [*attributes, "no such attribute"]:
            assert planned.facts(role, a, trace) == engine.kb.facts(role, a)
            for q in ["", "none such", *(f.qualifier for f in engine.kb.facts(role, a))]:
                assert planned.fact(role, a, q, trace) == engine.kb.fact(role, a, q)
    # per role: the planned attributes in one statement, the first other one alone, then the whole role
    assert len(trace) == 3 * len(engine.roles_by_id)
