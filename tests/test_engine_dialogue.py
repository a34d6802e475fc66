"""The engine as a person uses it: paraphrases, typos, follow-ups, clarifications,
near-miss titles, unknown roles, missing data, questions over all roles."""

from __future__ import annotations

import pytest

from chatbot import Engine

PC, PL, PR = "production coordinator", "production leader", "process leader"


@pytest.fixture(scope="module")
def engine(seed_kb):
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("how much does a prodution cordinator make?", PC),
        ("proces leadr salary", PR),
        ("what do production coordinaters earn?", PC),
        ("PRODUCTION LEADER SALARY", PL),
        ("prod coordinator pay", PC),
        ("what's a production leader's salary?", PL),
        ("production-coordinator salary?", PC),
        ("how much do production leaders' jobs pay?", PL),
        ("salary of the proccess leader", PR),
        ("production cordinators salary", PC),
    ],
)
def test_role_names_fuzzy_but_found(engine, question, role):
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert answer.roles == [role]


@pytest.mark.parametrize(
    ("question", "suggestion"),
    [
        ("how much does a project leader make?", PR),
        ("what does a production team leader earn?", PL),
        ("project coordinator salary", PC),
        ("how much does a senior production coordinator make?", PC),
        ("what's the pay of a production coordinator assistant?", PC),
        ("how much does a product leader make?", PL),
    ],
)
def test_near_miss_titles_are_unknown_not_mapped(engine, question, suggestion):
    answer = engine.ask(question)
    assert answer.status == "unknown_role", answer.text
    assert suggestion in answer.suggestions
    assert "$" not in answer.text


@pytest.mark.parametrize(
    "question",
    ["how much does a registered nurse make?", "what does a software engineer do?", "teacher salary",
     "compare production leader and registered nurse", "how much does a preacher earn?"],
)
def test_roles_the_kb_lacks_get_unknown_role_and_no_figure(engine, question):
    conv = engine.conversation()
    conv.ask("how much does a production coordinator make?")  # stale context must not leak in
    answer = conv.ask(question)
    assert answer.status == "unknown_role", answer.text
    assert "$" not in answer.text and not answer.sources


@pytest.mark.parametrize(
    ("question", "candidates", "reply", "role", "expected"),
    [
        ("how much does a leader make?", [PR, PL], "the process one", PR, "$88,400"),
        ("how much does a leader make?", [PR, PL], "production leader", PL, "$44,563"),
        ("what does production pay?", [PC, PL], "coordinator", PC, "$49,366"),
        ("what does production pay?", [PC, PL], "the first one", PC, "$49,366"),
        ("what's the hourly rate of a leader?", [PR, PL], "the second one", PL, "$21.42"),
        ("how many jobs for coordinators?", [PC], "yes", PC, "68,532"),
    ],
)
def test_clarification_round_trip(engine, question, candidates, reply, role, expected):
    conv = engine.conversation()
    first = conv.ask(question)
    assert first.status == "clarify", first.text
    assert first.suggestions == candidates
    assert conv.context.pending_question == question
    second = conv.ask(reply)
    assert second.status == "answered", second.text
    assert second.roles == [role]
    assert expected in second.text


def test_a_new_question_after_a_clarifying_one_is_answered_as_new(engine):
    conv = engine.conversation()
    assert conv.ask("how much does a leader make?").status == "clarify"
    answer = conv.ask("what is the growth rate of process leaders?")
    assert answer.status == "answered" and "11%" in answer.text


CONVERSATION = [
    ("which pays more, production coordinator or production leader?", "answered", "Production coordinators earn more"),
    ("and per hour?", "answered", "$23.73"),
    ("how much do they make an hour?", "answered", "$21.42"),
    ("which of them has more jobs?", "answered", "Production leaders have more jobs: 107,578"),
    ("what skills do they share?", "answered", "Customer Service and Production Process"),
    ("what does the first one do?", "answered", "primary point of contact"),
    ("what about the average age?", "answered", "46"),
    ("how much does a process leader make?", "answered", "$88,400"),
    ("and production leaders?", "answered", "$44,563"),
    ("which of them is older?", "answered", "same average age"),
    ("what is their growth rate?", "no_data", "no growth rate for production leaders"),
]


def test_follow_ups_reuse_roles_and_attribute(engine):
    conv = engine.conversation()
    for question, status, expected in CONVERSATION:
        answer = conv.ask(question)
        assert answer.status == status, (question, answer.text)
        assert expected in answer.text, (question, answer.text)


def test_a_question_naming_its_own_roles_replaces_the_context(engine):
    conv = engine.conversation()
    conv.ask("which pays more, production coordinator or production leader?")
    answer = conv.ask("how many jobs do process leaders have?")
    assert answer.roles == [PR] and "71,467" in answer.text
    assert conv.context.roles == [PR]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what is the growth rate for production leaders?", "The pages list no growth rate for production leaders."),
        ("how satisfied are process leaders?", "The pages list no job satisfaction rating for process leaders."),
    ],
)
def test_missing_values_are_no_data_never_a_number(engine, question, expected):
    answer = engine.ask(question)
    assert answer.status == "no_data"
    assert answer.text == expected


def test_comparison_with_one_side_missing_names_it_and_gives_the_other(engine):
    answer = engine.ask("which grows faster, production coordinator or production leader?")
    assert answer.status == "no_data"
    assert "production leaders" in answer.text and "-3%" in answer.text


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("which job pays the most?", "Process leaders have the highest yearly salary: $88,400"),
        ("which role pays the least?", "Production leaders have the lowest yearly salary: $44,563"),
        ("which career has the most jobs?", "Production leaders have the highest number of jobs: 107,578"),
        ("what job has the highest hourly rate?", "Process leaders have the highest hourly rate: $42.50"),
        ("which role has the lowest growth rate?", "Production coordinators have the lowest growth rate: -3%"),
    ],
)
def test_superlatives_over_all_roles(engine, question, text):
    answer = engine.ask(question)
    assert answer.intent == "superlative", answer.text
    assert answer.text.startswith(text), answer.text


@pytest.mark.parametrize(
    ("question", "expected_roles"),
    [
        ("which roles pay more than $45,000?", [PR, PC]),
        ("which jobs pay over 45k?", [PR, PC]),
        ("roles paying above $45K", [PR, PC]),
        ("which careers earn more than 45 thousand?", [PR, PC]),
        ("which roles pay less than $45,000?", [PL]),
        ("which roles have more than 70,000 jobs?", [PL, PR]),
    ],
)
def test_thresholds_over_all_roles(engine, question, expected_roles):
    answer = engine.ask(question)
    assert answer.intent == "threshold", answer.text
    assert answer.data["roles"] == expected_roles


@pytest.mark.parametrize(
    ("question", "result"),
    [
        ("does a production leader make over $50k?", False),
        ("does a process leader earn more than $80,000?", True),
        ("do production coordinators make at least 40k a year?", True),
        ("is the hourly rate of a production leader under $20?", False),
    ],
)
def test_yes_no_thresholds_for_one_role(engine, question, result):
    answer = engine.ask(question)
    assert answer.intent == "threshold", answer.text
    assert answer.data["result"] is result
    assert answer.text.startswith("Yes" if result else "No")


@pytest.mark.parametrize(
    ("question", "intent"),
    [("hello", "greeting"), ("hi there!", "greeting"), ("thanks a lot", "thanks"), ("help", "help"),
     ("what can you do?", "help"), ("which roles do you know?", "list_roles"),
     ("tell me about production leaders", "profile"), ("production coordinator", "profile")],
)
def test_small_talk_lists_and_profiles(engine, question, intent):
    answer = engine.ask(question)
    assert answer.intent == intent, answer.text
    assert answer.status == "answered"


@pytest.mark.parametrize("question", ["asdf qwerty", "what is the meaning of life?", "🙂🙂🙂", "   ", "", "?!"])
def test_not_understood_says_what_can_be_asked(engine, question):
    answer = engine.ask(question)
    assert answer.status == "not_understood", answer.text
    assert "$" not in answer.text.replace("$45,000", "")


def test_answers_are_json_serialisable(engine):
    answer = engine.ask("which pays more, production coordinator or production leader?")
    import json

    data = json.loads(answer.model_dump_json())
    assert data["status"] == "answered" and data["sources"] and "trace" not in data


def test_every_intent_example_is_answered_by_that_intent(engine):
    for intent in engine.intents:
        for example in intent.examples:
            answer = engine.ask(example)
            assert answer.intent == intent.name, (example, answer.intent, answer.text)
            assert answer.status in ("answered", "no_data"), (example, answer.text)


@pytest.mark.parametrize(
    ("question", "status", "expected"),
    [
        ("does a production coordinator earn at least $49,366?", "answered", "Yes"),
        ("does a production leader make at most $44,563?", "answered", "Yes"),
        ("which roles pay at least $49,366?", "answered", "production coordinator ($49,366)"),
        ("which roles have at most 71,467 jobs?", "answered", "process leader (71,467)"),
        ("how important is welding for a production leader?", "no_data", "Welding is not among the skills"),
        ("which has more hispanic workers, process leader or production coordinator?", "answered", "20.2% vs 17.9%"),
        ("are there more than 100,000 production leader jobs?", "answered", "Yes"),
        ("how many process leaders are there?", "answered", "71,467"),
        ("how do I become a production leader?", "answered", "1-2 years"),
        ("which roles grow more than 5%?", "answered", "1 of 2 roles has a growth rate above 5%"),
        ("what should I study to become a production leader?", "answered", "Business"),
        ("how much does a production coordinator make in Wyoming?", "no_data", "by state or city"),
    ],
)
def test_phrasings_found_by_exploratory_testing(engine, question, status, expected):
    answer = engine.ask(question)
    assert answer.status == status, (question, answer.text)
    assert expected in answer.text, (question, answer.text)


def test_by_how_much_follows_a_comparison(engine):
    conv = engine.conversation()
    conv.ask("which pays more, production coordinator or production leader?")
    answer = conv.ask("by how much?")
    assert answer.intent == "compare" and "$4,803" in answer.text
