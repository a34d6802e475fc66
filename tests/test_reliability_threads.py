"""Concurrency: one Engine shared by many threads, each with its own Conversation, gives
exactly the answers one thread gives alone, and no conversation sees another's roles."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from chatbot import Engine

THREADS = 16
REPEATS = 20   # the script is run this many times in a row in each thread's conversation
SCRIPT = [
    "which pays more, production coordinator or production leader?",
    "and per hour?",
    "which of them has more jobs?",
    "what skills do they share?",
    "what does the first one do?",
    "how much does a leader make?",          # clarify ...
    "the process one",                       # ... answered
    "and production leaders?",
    "which of them is older?",
    "what is their growth rate?",            # no_data
    "how much does a nurse make?",           # unknown_role
    "what does production pay?",             # clarify ...
    "the first one",                         # ... answered
    "which job pays the most?",
    "which roles pay more than $45,000?",
    "asdf qwerty",                           # not_understood
    "how many jobs for coordinators?",       # clarify (one candidate) ...
    "yes",                                   # ... answered
    "tell me about production leaders",
    "compare production coordinator and process leader",
]


@pytest.fixture(scope="module")
def engine(seed_kb):
    return Engine(db=seed_kb)


@pytest.fixture
def busy_switching():
    """Switch threads as often as CPython allows, to interleave turns finely."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def run_script(engine: Engine, start: threading.Barrier | None = None) -> list[tuple[dict, dict]]:
    conv = engine.conversation()
    if start is not None:
        start.wait()
    out = []
    for _ in range(REPEATS):
        for question in SCRIPT:
            answer = conv.ask(question)
            out.append((answer.model_dump(), conv.context.model_dump()))
    return out


def test_the_script_covers_every_status(engine):
    statuses = {engine.conversation().ask(q).status for q in SCRIPT}
    conv = engine.conversation()
    statuses |= {conv.ask(q).status for q in SCRIPT}
    assert statuses == {"answered", "clarify", "no_data", "unknown_role", "not_understood"}


def test_shared_engine_gives_each_thread_the_answers_of_one_thread_alone(engine, busy_switching):
    alone = run_script(engine)
    assert "trace" not in alone[0][0]  # model_dump() leaves the trace out: everything else is compared
    start = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        results = [f.result() for f in [pool.submit(run_script, engine, start) for _ in range(THREADS)]]
    for i, result in enumerate(results):
        assert len(result) == REPEATS * len(SCRIPT)
        mismatches = [(n % len(SCRIPT), SCRIPT[n % len(SCRIPT)]) for n, (a, b) in enumerate(zip(result, alone)) if a != b]
        assert mismatches == [], f"thread {i}: {mismatches[:5]}"
    assert run_script(engine) == alone  # and the engine is unchanged afterwards


PL_TURNS = [
    ("how much does a production leader make?", "$44,563"),
    ("and per hour?", "$21.42"),
    ("how many jobs?", "107,578"),
    ("what about the average age?", "46"),
    ("and the salary?", "$44,563"),
]
PR_TURNS = [
    ("how much does a process leader make?", "$88,400"),
    ("and per hour?", "$42.50"),
    ("how many jobs?", "71,467"),
    ("what about the average age?", "46"),
    ("and the salary?", "$88,400"),
]
ROUNDS = 40


def test_conversations_never_leak_context_between_threads(engine, busy_switching):
    """Threads talk about production leaders or process leaders, turn by turn in lock
    step (a barrier between turns), asking follow-ups that name no role: each sees only
    its own role."""
    pairs = 4
    step = threading.Barrier(2 * pairs)
    errors: list[str] = []

    def talk(turns, role, other_figures):
        conv = engine.conversation()
        for _ in range(ROUNDS):
            for question, figure in turns:
                step.wait()
                answer = conv.ask(question)
                if answer.roles != [role] or figure not in answer.text or conv.context.roles != [role] or any(
                        f in answer.text for f in other_figures):
                    errors.append(f"{role}: {question!r} -> {answer.roles} {answer.text!r}")
        return True

    pl_only = {"$44,563", "$21.42", "107,578"}
    pr_only = {"$88,400", "$42.50", "71,467"}
    with ThreadPoolExecutor(2 * pairs) as pool:
        futures = [pool.submit(talk, PL_TURNS, "production leader", pr_only) for _ in range(pairs)]
        futures += [pool.submit(talk, PR_TURNS, "process leader", pl_only) for _ in range(pairs)]
        assert all(f.result(timeout=120) for f in futures)
    assert errors == []


def test_one_conversation_per_thread_even_when_created_elsewhere(engine, busy_switching):
    """Conversations made in one thread and used in others (a server hands them out)."""
    conversations = [engine.conversation() for _ in range(THREADS)]

    def use(i):
        conv = conversations[i]
        role = "production leader" if i % 2 else "process leader"
        figure = "$21.42" if i % 2 else "$42.50"
        out = []
        for _ in range(REPEATS):
            conv.ask(f"how much does a {role} make?")
            out.append(conv.ask("and per hour?"))
        return all(a.roles == [role] and figure in a.text for a in out)

    with ThreadPoolExecutor(THREADS) as pool:
        assert all(pool.map(use, range(THREADS)))
