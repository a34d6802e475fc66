"""Stage 4 (context) returns typed outcomes, not replies, and leaves the dialogue state
alone; the answer stage words the outcome, and DialogueState.apply is the one place the
state changes.  Also the unknown-title rule: a leftover word is an unknown role only
when it looks like a job title."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.models import Trace
from chatbot.nlu.context import DialogueState, understand
from chatbot.nlu.request import Clarification, NotCovered, Request, UnknownRole


@pytest.fixture(scope="module")
def engine(seed_kb: Path) -> Engine:
    return Engine(db=seed_kb)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how much does a leader make", Clarification),
        ("how much does a zookeeper make?", UnknownRole),
        ("how much do pharmacists make", UnknownRole),        # a plural title head
        ("how many producer jobs are there", UnknownRole),     # a title head before "jobs"
        ("do production coordinators get good benefits?", NotCovered),
        ("how much does a process leader make in canada", NotCovered),
        ("which job has the best benefits", NotCovered),      # not a list of the roles
        ("how much does a process leader make", Request),
    ],
)
def test_understanding_is_typed_and_changes_no_state(engine: Engine, question: str, kind: type) -> None:
    state = DialogueState()
    before = repr(state)
    u = understand(engine, state, question, Trace())
    found = u.request if u.request is not None else u.outcome
    assert isinstance(found, kind), (question, u)
    assert repr(state) == before  # understanding never changes the conversation


def test_the_state_changes_in_apply_only(engine: Engine) -> None:
    state = DialogueState()
    u = understand(engine, state, "how much does a leader make", Trace())
    assert state.pending is None
    state.apply(u, [])
    assert state.pending is not None and len(state.pending.candidates) == 2
    u = understand(engine, state, "the process one", Trace())
    assert u.request is not None and [r.name for r in u.request.roles] == ["process leader"]
    state.apply(u, [])
    assert state.pending is None and [r.name for r in state.roles] == ["process leader"]


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("whats the gap between them", "not_understood"),   # an everyday word is no role ("gap")
        ("tell me the salary of a process leader", "answered"),  # "tell" is not "teller"
        ("which role has the most asian workers", "answered"),   # people in general are no role
        ("how much do dentists make", "unknown_role"),
        ("how much does a production co-ordinator make", "answered"),
    ],
)
def test_unknown_titles_need_a_title(engine: Engine, question: str, status: str) -> None:
    answer = engine.ask(question)
    assert answer.status == status, answer.text
