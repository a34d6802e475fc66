"""Issue 13, item 6: the loaded role index is compact (no set per name or word, slotted
role objects) and still finds roles through aliases the query leaves out or keeps."""

from __future__ import annotations

from chatbot import Engine
from chatbot.nlu.roles import RoleEntry


def test_the_role_index_holds_no_set_per_name_or_word() -> None:
    index = Engine().role_index
    assert index.by_tokens and all(type(ids) is tuple for ids in index.by_tokens.values())
    assert index.token_roles and all(type(ids) is tuple for ids in index.token_roles.values())
    assert all(len(set(ids)) == len(ids) for ids in index.token_roles.values())


def test_role_entries_are_slotted() -> None:
    role = next(iter(Engine().roles_by_id.values()))
    assert isinstance(role, RoleEntry) and not hasattr(role, "__dict__")


def test_names_and_plurals_still_match() -> None:
    engine = Engine()
    for question in ("how much do production leaders make?", "salary of a production leader"):
        answer = engine.ask(question)
        assert answer.status == "answered" and answer.roles == ["production leader"]
