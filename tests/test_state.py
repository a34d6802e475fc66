"""Conversation state as data: save and restore after every turn of every transcript gives
the same answers; bad, old, foreign or stale states are refused or trimmed, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from chatbot import ChatbotError, Engine
from chatbot.state import FORMAT, VERSION, StateError
from chatbot.transcripts import parse_file

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.convo"))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.name)
def test_restore_after_every_turn_gives_identical_answers(engine: Engine, path: Path) -> None:
    transcript = parse_file(path)
    assert transcript.kb in (None, "builtin"), "the round trip runs on the built-in KB"
    original = restored = None
    for turn in transcript.turns:
        if original is None or turn.new_conversation:
            original, restored = engine.conversation(), engine.conversation()
        assert restored is not None
        want = original.ask(turn.question)
        saved = json.loads(json.dumps(restored.state_dict()))   # through JSON text, as a store keeps it
        restored = engine.conversation(state=saved)
        got = restored.ask(turn.question)
        assert got.model_dump() == want.model_dump(), f"{path.name}:{turn.line}: {turn.question}"
        assert restored.context == original.context


def test_restores_in_another_engine_over_the_same_kb(engine: Engine) -> None:
    conv = engine.conversation()
    conv.ask("how much does a leader make?")
    other = Engine()
    assert other.conversation(state=conv.state_dict()).ask("the process one").text == \
        "Process leaders earn $88,400 a year on average."


def _saved(engine: Engine, *questions: str) -> dict[str, Any]:
    conv = engine.conversation()
    for q in questions:
        conv.ask(q)
    data: dict[str, Any] = json.loads(json.dumps(conv.state_dict()))
    return data


BAD_STATES: list[tuple[str, Any, str]] = [
    ("not a dict", [1, 2], "not a career-chat conversation state"),
    ("empty dict", {}, "not a career-chat conversation state"),
    ("other format", {"format": "rasa", "version": 1}, "not a career-chat conversation state"),
    ("old version", {"format": FORMAT, "version": 0, "state": None}, "version 0"),
    ("future version", {"format": FORMAT, "version": VERSION + 1, "state": None}, f"version {VERSION + 1}"),
    ("state not an object", {"format": FORMAT, "version": VERSION, "state": 5}, "not a DialogueState"),
    ("foreign type", {"format": FORMAT, "version": VERSION,
                      "state": {"$object": "os:system", "fields": {}}}, "may not hold"),
    ("unknown type", {"format": FORMAT, "version": VERSION,
                      "state": {"$object": "chatbot.nlu.context:Nope", "fields": {}}}, "unknown type"),
    ("wrong fields", {"format": FORMAT, "version": VERSION,
                      "state": {"$object": "chatbot.nlu.context:DialogueState", "fields": {"bogus": 1}}},
     "does not fit"),
    ("malformed role", {"format": FORMAT, "version": VERSION, "state": {"$role": "x"}}, "malformed $role"),
    ("unknown tag", {"format": FORMAT, "version": VERSION, "state": {"$eval": "1"}}, "malformed $eval"),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD_STATES, ids=[c[0] for c in BAD_STATES])
def test_bad_states_are_refused_with_a_named_error(engine: Engine, case: str, data: Any,
                                                   message: str) -> None:
    with pytest.raises(StateError, match=re.escape(message)) as info:
        engine.conversation(state=data)
    assert isinstance(info.value, ChatbotError)


def test_roles_the_kb_no_longer_has_are_dropped(engine: Engine) -> None:
    data = _saved(engine, "which pays more, production coordinator or production leader?")
    data["kb"] = "another-kb"
    text = json.dumps(data).replace('"production leader"', '"gone role"')
    conv = engine.conversation(state=json.loads(text))
    assert conv.context.roles == ["production coordinator"]
    assert "Production coordinators" in conv.ask("and per hour?").text


def test_a_pending_clarification_survives_and_drops_vanished_candidates(engine: Engine) -> None:
    data = _saved(engine, "how much does a leader make?")
    data["kb"] = "another-kb"
    text = json.dumps(data).replace('"process leader"', '"gone role"')
    conv = engine.conversation(state=json.loads(text))
    assert conv.context.candidates == ["production leader"]


def test_same_kb_looks_roles_up_by_id_and_name(engine: Engine) -> None:
    data = _saved(engine, "how much does a process leader make?")
    conv = engine.conversation(state=data)
    assert conv.context.roles == ["process leader"]
