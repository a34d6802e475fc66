"""Hostile questions: whatever people paste, the engine returns an Answer with a known
status, quickly, and the next question is answered normally.

The fixed list lives in tests/fixtures/naughty_strings.txt (escapes decoded here); the
inputs a text file cannot hold (lone surrogates) or should not (100,000 characters)
are built below.  Hypothesis then tries random text and random mixtures of role
names, attribute words and noise, one question at a time and as whole conversations.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot import Engine
from chatbot.models import STATUSES, Answer
from chatbot.nlu.text import MAX_QUESTION_CHARS

NAUGHTY_FILE = Path(__file__).resolve().parent / "fixtures" / "naughty_strings.txt"
TIME_BOUND_S = 1.0          # per question, measured with time.perf_counter
NORMAL_QUESTION = "which pays more, production coordinator or production leader?"
NORMAL_FIGURE = "$49,366"
ROLE = "production leader"
# A figure from the KB: money or a share (a count in "too long (5,000 characters)" is not).
FIGURE = re.compile(r"\$\s?\d[\d,.]*|\d[\d,.]*\s?%")


def load_naughty(path: Path = NAUGHTY_FILE) -> list[str]:
    """One string per line; '#' lines are comments; backslash escapes are decoded."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the file
    out = []
    for line in lines:
        if line.startswith("#"):
            continue
        out.append(line.encode("latin-1", "backslashreplace").decode("unicode_escape"))
    return out


def built_in_code() -> list[tuple[str, str]]:
    """(name, question) for inputs better built than written in a file."""
    return [
        ("lone high surrogate", "\ud800"),
        ("lone low surrogate", "\udfff"),
        ("surrogates reversed", "\udfff\ud800"),
        ("half an emoji in a question", "how much does a \ud83d production leader make?"),
        ("surrogate inside a role name", "production\udc80leader salary"),
        ("100,000-character line", "a" * 100_000),
        ("100,000 characters of a real question", (NORMAL_QUESTION + " ") * (100_000 // (len(NORMAL_QUESTION) + 1))),
        ("role name repeated 5,000 times", (ROLE + " ") * 5_000),
        ("role name repeated 5,000 times, no spaces", ROLE * 5_000),
        ("role name repeated up to the limit", (ROLE + " ") * (MAX_QUESTION_CHARS // (len(ROLE) + 1))),
        ("two roles alternating up to the limit", "production coordinator or process leader " * 48),
        ("misspelt roles up to the limit", "prodution cordinater leadr proces " * 58),
        ("9 x 5,000", "9" * 5_000),
        ("9 x 1,990 (under the limit)", "9" * 1_990),
        ("threshold with a 1,900-digit number", "which roles pay more than $" + "9" * 1_900 + "?"),
        ("threshold with a 300-digit number", "does a production leader make over $" + "9" * 300 + "?"),
        ("jobs threshold with a 400-digit number", "which roles have more than " + "9" * 400 + " jobs?"),
        ("emoji flood under the limit", "\U0001F4B0" * (MAX_QUESTION_CHARS - 1)),
        ("emoji flood of 50,000", "\U0001F600" * 50_000),
        ("NUL flood under the limit", "\x00" * (MAX_QUESTION_CHARS - 1)),
        ("combining flood under the limit", "a" + "\u0301" * (MAX_QUESTION_CHARS - 1)),
        ("zalgo role", "".join(ch + "\u0336\u0301\u0327" for ch in ROLE) + " salary"),
        ("NFKC expansion (U+FDFA x 2,000)", "\ufdfa" * MAX_QUESTION_CHARS),
        ("dotted capital I flood", "\u0130" * MAX_QUESTION_CHARS),
        ("parentheses", "(" * 1_000 + ")" * 1_000),
        ("400 distinct words", " ".join(f"w{i}" for i in range(400))),
        ("one 1,999-letter word", "x" * 1_999),
        ("format string flood", "{0}%s{__class__}" * 120),
        ("exactly at the limit", "production leader salary " + "x" * (MAX_QUESTION_CHARS - 25)),
        ("one past the limit", "production leader salary " + "x" * (MAX_QUESTION_CHARS - 24)),
    ]


NAUGHTY = load_naughty()
CASES = [(f"line {i}: {q[:40]!r}", q) for i, q in enumerate(NAUGHTY)] + built_in_code()


@pytest.fixture(scope="module")
def engine(seed_kb):
    return Engine(db=seed_kb)


def timed(ask, question: str) -> tuple[Answer, float]:
    start = time.perf_counter()
    answer = ask(question)
    return answer, time.perf_counter() - start


def check_answer(question: str, answer: object, elapsed: float) -> None:
    assert isinstance(answer, Answer), type(answer)
    assert answer.status in STATUSES, answer.status
    assert answer.text.strip(), "empty answer text"
    assert elapsed < TIME_BOUND_S, f"{elapsed:.3f} s"
    assert "Traceback" not in answer.text
    answer.model_dump_json()  # an app can always serialise it (no lone surrogate echoed)
    if answer.status in ("not_understood", "unknown_role"):
        leaked = [m.group() for m in FIGURE.finditer(answer.text)]
        typed = question + "\n" + unicodedata.normalize("NFKC", question)
        assert all(f in typed for f in leaked), f"figures {leaked} in a {answer.status} answer"


def check_normal(answer: Answer) -> None:
    assert answer.status == "answered", answer.text
    assert NORMAL_FIGURE in answer.text, answer.text


# -- the fixed list ---------------------------------------------------------------------

def test_the_list_holds_every_kind_of_hostile_input():
    assert len(NAUGHTY) >= 150
    assert NAUGHTY.count("") == 1, "exactly one empty line: the empty question"
    kinds = {
        "NUL": "\x00", "escape": "\x1b", "right-to-left override": "\u202e", "zero-width joiner": "\u200d",
        "SQL": "DROP TABLE roles", "format": "{__class__}", "template": "{{7*7}}", "huge number": "1e999",
        "script": "<script>", "path traversal": "../", "Turkish dotted I": "\u0130", "dotless i": "\u0131",
        "combining": "\u0301", "homoglyph": "\u043e",
    }
    joined = "\n".join(NAUGHTY)
    assert [k for k, s in kinds.items() if s not in joined] == []
    assert "production leader' OR '1'='1" in NAUGHTY and "'; DROP TABLE roles; --" in NAUGHTY
    assert "{plural.__class__.__mro__}" in NAUGHTY and "<%= 7*7 %>" in NAUGHTY and "${7*7}" in NAUGHTY
    assert "more than $99999999999999999999999" in NAUGHTY and "..\\..\\..\\windows\\win.ini" in NAUGHTY


@pytest.mark.parametrize(("name", "question"), CASES, ids=[c[0] for c in CASES])
def test_hostile_question_then_a_normal_one(engine, name, question):
    conv = engine.conversation()
    answer, elapsed = timed(conv.ask, question)
    check_answer(question, answer, elapsed)
    after, elapsed = timed(conv.ask, NORMAL_QUESTION)
    assert elapsed < TIME_BOUND_S
    check_normal(after)
    follow_up = conv.ask("and per hour?")
    assert follow_up.status == "answered" and "$23.73" in follow_up.text, follow_up.text


def test_hostile_questions_in_one_long_conversation(engine):
    """Every hostile input in a row, in one conversation, with a normal question every
    tenth turn: no state built up by earlier garbage breaks later answers."""
    conv = engine.conversation()
    for i, (_, question) in enumerate(CASES):
        answer, elapsed = timed(conv.ask, question)
        check_answer(question, answer, elapsed)
        if i % 10 == 9:
            check_normal(conv.ask(NORMAL_QUESTION))
    check_normal(conv.ask(NORMAL_QUESTION))


def test_engine_ask_without_conversation(engine):
    for _, question in CASES:
        answer, elapsed = timed(engine.ask, question)
        check_answer(question, answer, elapsed)


# -- the length bound ---------------------------------------------------------------------

@pytest.mark.parametrize("length", [MAX_QUESTION_CHARS + 1, 5_000, 100_000, 1_000_000])
def test_over_long_input_is_refused_naming_the_limit(engine, length):
    question = ("how much does a production leader make? " * (length // 40 + 1))[:length]
    answer, elapsed = timed(engine.ask, question)
    assert elapsed < TIME_BOUND_S
    assert answer.status == "not_understood"
    assert f"{MAX_QUESTION_CHARS:,}" in answer.text and "too long" in answer.text
    assert f"{length:,}" in answer.text
    assert NORMAL_FIGURE not in answer.text and "$44,563" not in answer.text
    assert answer.data == {} and answer.sources == []


def test_input_at_the_limit_is_still_answered(engine):
    question = "how much does a production leader make?"
    question = question + " " * (MAX_QUESTION_CHARS - len(question))
    assert len(question) == MAX_QUESTION_CHARS
    answer = engine.ask(question)
    assert answer.status == "answered" and "$44,563" in answer.text


def test_the_refusal_states_the_bound_exactly(engine):
    refusal = engine.ask("x" * (MAX_QUESTION_CHARS + 1)).text
    at_limit = engine.ask("production leader salary".ljust(MAX_QUESTION_CHARS))
    refused_at_limit = "too long" in at_limit.text
    says_under = f"under {MAX_QUESTION_CHARS:,}" in refusal
    assert says_under == refused_at_limit, (refusal, at_limit.status)


# -- properties ---------------------------------------------------------------------------

ROLE_WORDS = [
    "production coordinator", "production leader", "process leader", "production coordinators",
    "process leaders", "prodution cordinator", "proces leadr", "leader", "coordinator", "production",
    "registered nurse", "java developer", "senior production coordinator", "PRODUCTION LEADER",
]
ATTRIBUTE_WORDS = [
    "salary", "pay", "per hour", "hourly rate", "growth", "jobs", "satisfaction", "degree", "major",
    "college", "average age", "gender", "race", "skills", "duties", "experience", "how long", "lgbt",
    "which pays more", "compare", "vs", "or", "and", "more than", "less than", "over", "$45,000", "45k",
    "the most", "the least", "which", "how much", "what does", "do", "?", "the first one", "the second one",
    "yes", "no", "and per hour?", "what about", "both", "them", "they", "is it", "hello", "thanks", "help",
]
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6) | st.sampled_from(
    ["{0}", "%s", "'", '"', ";--", "\x00", "\u200d", "\u202e", "\ud800", "1e999", "9" * 30, "$", "%", "\u0301", "İ"])
MIXTURE = st.lists(st.sampled_from(ROLE_WORDS) | st.sampled_from(ATTRIBUTE_WORDS) | NOISE, max_size=12).map(" ".join)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(question=st.text(max_size=300) | st.text(alphabet=st.characters(exclude_categories=()), max_size=300))
def test_property_any_text(engine, question):
    answer, elapsed = timed(engine.ask, question)
    check_answer(question, answer, elapsed)


@PROPERTY_SETTINGS
@given(question=MIXTURE)
def test_property_mixtures_of_roles_attributes_and_noise(engine, question):
    answer, elapsed = timed(engine.ask, question)
    check_answer(question, answer, elapsed)
    if answer.status == "answered" and answer.intent in ("fact", "compare"):
        assert answer.roles, answer.text  # an answered figure is about a named role


@PROPERTY_SETTINGS
@given(questions=st.lists(MIXTURE | st.text(max_size=40), min_size=1, max_size=6))
def test_property_conversations_recover(engine, questions):
    """Any run of odd turns, then a question naming its own roles: answered normally,
    and the follow-up uses those roles, not anything left over from the odd turns."""
    conv = engine.conversation()
    for question in questions:
        answer, elapsed = timed(conv.ask, question)
        check_answer(question, answer, elapsed)
    check_normal(conv.ask(NORMAL_QUESTION))
    follow_up = conv.ask("and per hour?")
    assert follow_up.status == "answered" and "$23.73" in follow_up.text, (questions, follow_up.text)
