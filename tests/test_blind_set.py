"""The blind question sets (``tests/data/blind_set.jsonl`` and ``blind_set_2.jsonl`` to ``blind_set_4.jsonl``,
each written by a session that never read the code), scored in-process with the rules of
``../shared/questions/score.py``.

It is a ratchet, not a list of cases: for each (file, KB) the share of passed turns may not
fall below its floor and its confident wrong answers (status ``answered`` but failing) may
not rise above its ceiling.  Raise the floors when the understanding improves; never special-case a
question of the set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from chatbot import Engine

DATA = Path(__file__).resolve().parent / "data"
#: (file, kb) -> (lowest share of turns passed, most confident wrong turns allowed)
RATCHET = {
    ("blind_set.jsonl", "builtin"): (0.98, 0),
    ("blind_set.jsonl", "pages"): (0.99, 0),
    ("blind_set_2.jsonl", "builtin"): (0.97, 0),
    ("blind_set_2.jsonl", "pages"): (0.99, 0),
    # written after the understanding work of issue 9 and never fixed against: the honest figure
    ("blind_set_3.jsonl", "builtin"): (0.93, 2),
    ("blind_set_3.jsonl", "pages"): (0.93, 2),
    # written after the performance work of issue 13, never fixed against: 66/67 and 84/90, none wrong
    ("blind_set_4.jsonl", "builtin"): (0.97, 0),
    ("blind_set_4.jsonl", "pages"): (0.93, 0),
}
_DASHES = "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"


def norm(text: str) -> str:
    for ch in _DASHES:
        text = text.replace(ch, "-")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).lower()


def mention(text: str, name: str, names: set[str]) -> int:
    """Where ``name`` is first named in ``text`` outside a longer role name; -1 if nowhere."""
    masked = [(m.start(), m.end()) for other in names if other != name and name in other
              for m in re.finditer(re.escape(other), text)]
    for m in re.finditer(re.escape(name), text):
        if not any(a <= m.start() and m.end() <= b for a, b in masked):
            return m.start()
    return -1


def failures(expect: dict[str, Any], status: str, text: str, names: set[str]) -> list[str]:
    """Why a reply fails its expectation (empty when it passes)."""
    text = norm(text)
    why = []
    if expect.get("status") and status not in expect["status"]:
        why.append(f"status {status!r}")
    why += [f"missing {s!r}" for s in expect.get("has", []) if norm(s) not in text]
    why += [f"none of {g!r}" for g in expect.get("any", []) if not any(norm(s) in text for s in g)]
    why += [f"forbidden {s!r}" for s in expect.get("not_has", []) if norm(s) in text]
    if expect.get("first"):
        winner, loser = (norm(n) for n in expect["first"])
        at_w, at_l = mention(text, winner, names), mention(text, loser, names)
        if at_w < 0 or at_l < 0 or at_w > at_l:
            why.append(f"first: {winner!r} before {loser!r}")
    return why


@dataclass
class Score:
    turns: int = 0
    passed: int = 0
    confident_wrong: int = 0


def score(engine: Engine, conversations: list[dict[str, Any]]) -> tuple[Score, list[str]]:
    names = {n.lower() for n in engine.role_names()}
    result, report = Score(), []
    for conv in conversations:
        conversation = engine.conversation()
        for turn in conv["turns"]:
            answer = conversation.ask(turn["q"])
            why = failures(turn["expect"], answer.status, answer.text, names)
            result.turns += 1
            if not why:
                result.passed += 1
                continue
            result.confident_wrong += answer.status == "answered"
            reasons = "; ".join(why)
            reply = f"{answer.status}: {answer.text[:100]!r}"
            report.append(f"{conv['id']}: {turn['q']!r} -> {reply} ({reasons})")
    return result, report


def conversations_of(name: str, kb: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [c for c in map(json.loads, filter(None, lines)) if c["kb"] == kb]


@pytest.fixture(scope="module")
def pages_engine(shared_kb: Path) -> Engine:
    return Engine(db=shared_kb)


def _check(name: str, kb: str, engine: Engine) -> None:
    result, report = score(engine, conversations_of(name, kb))
    floor, ceiling = RATCHET[(name, kb)]
    summary = (f"{name} ({kb}): turns {result.turns} passed {result.passed} "
               f"({result.passed / result.turns:.1%}) confident wrong {result.confident_wrong}")
    print(summary)
    assert result.passed / result.turns >= floor and result.confident_wrong <= ceiling, \
        summary + "\n" + "\n".join(report)


SETS = sorted({name for name, _ in RATCHET})


@pytest.mark.parametrize("name", SETS)
def test_the_builtin_part_of_the_blind_set(seed_kb: Path, name: str) -> None:
    _check(name, "builtin", Engine(db=seed_kb))


@pytest.mark.parametrize("name", SETS)
def test_the_pages_part_of_the_blind_set(pages_engine: Engine, name: str) -> None:
    _check(name, "pages", pages_engine)
