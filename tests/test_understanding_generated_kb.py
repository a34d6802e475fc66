"""Role matching, clarification and context over a 20-role KB generated in the test.

The KB comes from the synthetic page generator (``benchmarks/pagegen.py``) with a fixed seed,
so these tables need no ``../shared``: overlapping titles ("production team leader",
"packaging team leader"), near misses that are other real titles ("reading teacher" is not
"reading tutor"), typos and plurals, each checked through the public API.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from chatbot import Engine
from chatbot.kb.ingest import ingest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED = 7
N_ROLES = 20
MONEY = re.compile(r"\$\d[\d,]*(?:\.\d+)?")


def _pagegen() -> ModuleType:
    path = PROJECT_ROOT / "benchmarks" / "pagegen.py"
    spec = importlib.util.spec_from_file_location("generated_kb_pagegen", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def roles() -> dict[str, Any]:
    """The generated role profiles by name."""
    return {r.name: r for r in _pagegen().make_roles(N_ROLES, SEED)}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, roles: dict[str, Any]) -> Engine:
    folder = tmp_path_factory.mktemp("generated")
    paths = []
    for name, text, _, _ in _pagegen().make_pages(list(roles.values()), seed=SEED):
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    report = ingest(folder / "kb.db", paths)
    assert report.committed and not report.failed
    return Engine(db=folder / "kb.db")


def money(value: int) -> str:
    return f"${value:,}"


def test_the_generated_kb_holds_every_role(engine: Engine, roles: dict[str, Any]) -> None:
    assert engine.info().roles == N_ROLES == len(roles)


@pytest.mark.parametrize("template", [
    "how much does a {name} make?",
    "what do {plural} earn",
    "{name} salary",
    "whats the avg pay for {plural}?",
])
def test_every_role_is_found_by_its_name_and_plural(
    engine: Engine, roles: dict[str, Any], template: str
) -> None:
    for role in roles.values():
        answer = engine.ask(template.format(name=role.name, plural=role.plural))
        assert (answer.status, answer.roles) == ("answered", [role.name]), answer.text
        assert money(role.yearly_salary) in answer.text


def _typo(name: str) -> str:
    """The name with one letter dropped from its longest word (a word of 6+ letters)."""
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    words[i] = word[:3] + word[4:]
    return " ".join(words)


def test_a_typo_in_a_long_word_still_finds_the_role(engine: Engine, roles: dict[str, Any]) -> None:
    for role in roles.values():
        if max(len(w) for w in role.name.split()) < 6:
            continue
        answer = engine.ask(f"how much does a {_typo(role.name)} make?")
        assert (answer.status, answer.roles) == ("answered", [role.name]), (_typo(role.name), answer.text)


@pytest.mark.parametrize(("words", "candidates"), [
    ("team leader", {"merchandise team leader", "packaging team leader", "production team leader"}),
    ("teacher assistant", {"preschool teacher assistant", "elementary school teacher assistant"}),
])
def test_a_partial_name_shared_by_several_roles_asks_which(
    engine: Engine, words: str, candidates: set[str]
) -> None:
    answer = engine.ask(f"how much does a {words} make?")
    assert answer.status == "clarify"
    assert candidates <= set(answer.suggestions)
    assert not MONEY.search(answer.text)


@pytest.mark.parametrize("title", [
    "senior freight manager",   # a known role with a seniority word: another job
    "reading teacher",          # shares a word with "reading tutor"
    "warehouse manager",        # shares a word with "warehouse associate" and "freight manager"
    "packaging technician",     # shares a word with "packaging engineer"
    "head cashier",
])
def test_a_near_miss_title_is_an_unknown_role_never_a_figure(engine: Engine, title: str) -> None:
    answer = engine.ask(f"what is the salary of a {title}?")
    assert answer.status in ("unknown_role", "clarify"), answer.text
    assert not MONEY.search(answer.text)


def test_a_comparison_names_the_winner_first(engine: Engine, roles: dict[str, Any]) -> None:
    names = sorted(roles)
    for a, b in zip(names, names[1:], strict=False):
        answer = engine.ask(f"which pays more, {a} or {b}?")
        high, low = sorted((roles[a], roles[b]), key=lambda r: -r.yearly_salary)
        assert answer.status == "answered", answer.text
        if high.yearly_salary != low.yearly_salary:
            assert answer.text.lower().index(high.plural) < answer.text.lower().index(low.plural), answer.text


def test_the_highest_salary_over_all_roles(engine: Engine, roles: dict[str, Any]) -> None:
    top = max(roles.values(), key=lambda r: r.yearly_salary)
    answer = engine.ask("which job pays the most?")
    assert answer.status == "answered"
    assert answer.text.lower().startswith(top.plural) and money(top.yearly_salary) in answer.text


def test_a_follow_up_keeps_the_role_and_a_new_role_keeps_the_topic(
    engine: Engine, roles: dict[str, Any]
) -> None:
    conv = engine.conversation()
    cashier, tutor = roles["cashier"], roles["tutor"]
    assert money(cashier.yearly_salary) in conv.ask("how much does a cashier make?").text
    hourly = conv.ask("and per hour?")
    assert hourly.roles == ["cashier"] and f"${cashier.hourly_rate:.2f}" in hourly.text
    other = conv.ask("what about tutors?")
    assert other.roles == ["tutor"] and f"${tutor.hourly_rate:.2f}" in other.text


def test_a_clarification_is_answered_by_a_distinguishing_word(engine: Engine, roles: dict[str, Any]) -> None:
    conv = engine.conversation()
    assert conv.ask("how much does a team leader make?").status == "clarify"
    answer = conv.ask("the packaging one")
    assert (answer.status, answer.roles) == ("answered", ["packaging team leader"])
    assert money(roles["packaging team leader"].yearly_salary) in answer.text
