"""A conversation's state as plain JSON-able data, and back.

:func:`state_dict` turns a conversation's dialogue state (a dataclass or pydantic model
of :mod:`chatbot.nlu`) into a dict of strings, numbers, lists and dicts;
:func:`restore_state` rebuilds it for an engine over the same KB.  The converter is
generic: it walks the state object's fields, so new fields need no code here.  Roles
are written as references (id and name), attributes and intents by name; on restore
they are looked up in the engine, and a role the KB no longer holds is dropped.

>>> from chatbot import Engine
>>> engine = Engine()
>>> conv = engine.conversation()
>>> _ = conv.ask("how much does a process leader make?")
>>> again = engine.conversation(state=conv.state_dict())
>>> again.ask("and per hour?").text
'Process leaders earn $42.50 an hour on average.'
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from chatbot.errors import ChatbotError
from chatbot.nlu.intents import IntentSpec
from chatbot.nlu.roles import RoleEntry
from chatbot.nlu.vocabulary import AttributeSpec

if TYPE_CHECKING:
    from chatbot.engine import Engine

FORMAT = "career-chat/conversation-state"
VERSION = 1
#: modules whose dataclasses and models a state may hold (nothing else is ever built)
ALLOWED_MODULES = ("chatbot.nlu.", "chatbot.answers.", "chatbot.models")
KB_IDENTITY_SQL = "select sha256 from pages order by sha256"
MAX_DEPTH = 32

ROLE, ATTRIBUTE, INTENT, OBJECT, TUPLE, DICT = "$role", "$attribute", "$intent", "$object", "$tuple", "$dict"


class StateError(ChatbotError):
    """A saved conversation state cannot be restored: not a state, of another format
    version, or malformed.  The message says which."""


class _Dropped:
    """A reference to something the KB no longer holds (removed from its container)."""


_DROPPED = _Dropped()


def kb_identity(engine: Engine) -> str:
    """A short hash of the KB's pages (their content hashes): equal for the same pages."""
    digest = hashlib.sha256()
    for (sha,) in engine.kb.conn.execute(KB_IDENTITY_SQL).fetchall():
        digest.update(str(sha).encode())
    return digest.hexdigest()[:16]


# ------------------------------------------------------------------ to data


def _type_name(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}:{cls.__qualname__}"


def _encode(value: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise StateError("the conversation state is nested too deeply to save")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, RoleEntry):
        return {ROLE: [value.id, value.name]}
    if isinstance(value, AttributeSpec):
        return {ATTRIBUTE: value.name}
    if isinstance(value, IntentSpec):
        return {INTENT: value.name}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
        return {OBJECT: _type_name(value), "fields": fields}
    if isinstance(value, BaseModel):
        fields = {name: _encode(getattr(value, name), depth + 1) for name in type(value).model_fields}
        return {OBJECT: _type_name(value), "fields": fields}
    if isinstance(value, tuple):
        return {TUPLE: [_encode(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return [_encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {DICT: [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, frozenset | set):
        return {TUPLE: [_encode(v, depth + 1) for v in sorted(value, key=repr)]}
    raise StateError(f"cannot save a {type(value).__name__} in a conversation state")


def state_dict(engine: Engine, state: object) -> dict[str, Any]:
    """The dialogue ``state`` as JSON-able data, with the format, its version and the
    KB's identity."""
    return {"format": FORMAT, "version": VERSION, "kb": kb_identity(engine), "state": _encode(state)}


# ------------------------------------------------------------------ from data


class _Decoder:
    """Rebuilds a state from :func:`_encode`'s output for one engine."""

    def __init__(self, engine: Engine, same_kb: bool) -> None:
        self.engine = engine
        self.same_kb = same_kb
        self.attributes = {a.name: a for a in engine.vocabulary.attribute}

    def decode(self, data: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise StateError("the conversation state is nested too deeply")
        if data is None or isinstance(data, bool | int | float | str):
            return data
        if isinstance(data, list):
            return [v for v in (self.decode(x, depth + 1) for x in data) if v is not _DROPPED]
        if not isinstance(data, dict) or len(data) not in (1, 2):
            raise StateError(f"unexpected value in the conversation state: {str(data)[:60]}")
        tag = next(iter(data))
        return self._tagged(tag, data, depth)

    def _tagged(self, tag: str, data: dict[str, Any], depth: int) -> Any:
        body = data[tag]
        if tag == ROLE:
            return self._role(body)
        if tag == ATTRIBUTE:
            return self.attributes.get(body, _DROPPED) if isinstance(body, str) else self._bad(tag)
        if tag == INTENT:
            intents = self.engine.intents_by_name
            return intents.get(body, _DROPPED) if isinstance(body, str) else self._bad(tag)
        if tag == TUPLE and isinstance(body, list):
            return tuple(self.decode(body, depth))
        if tag == DICT and isinstance(body, list):
            return self._dict(body, depth)
        if tag == OBJECT and isinstance(body, str) and isinstance(data.get("fields"), dict):
            return self._object(body, data["fields"], depth)
        return self._bad(tag)

    @staticmethod
    def _bad(tag: str) -> Any:
        raise StateError(f"malformed {tag} in the conversation state")

    def _role(self, body: Any) -> RoleEntry | _Dropped:
        if not (isinstance(body, list) and len(body) == 2
                and isinstance(body[0], int) and isinstance(body[1], str)):
            self._bad(ROLE)
        role_id, name = body
        if self.same_kb:
            role = self.engine.roles_by_id.get(role_id)
            if role is not None and role.name == name:
                return role
        found = self.engine.roles_by_id.named(name)
        return _DROPPED if found is None else found

    def _dict(self, items: list[Any], depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for item in items:
            if not (isinstance(item, list) and len(item) == 2):
                self._bad(DICT)
            key, value = self.decode(item[0], depth + 1), self.decode(item[1], depth + 1)
            if key is not _DROPPED and value is not _DROPPED:
                out[key] = value
        return out

    def _object(self, name: str, fields: dict[str, Any], depth: int) -> Any:
        cls = _allowed_class(name)
        values = {k: self.decode(v, depth + 1) for k, v in fields.items()}
        values = {k: (None if v is _DROPPED else v) for k, v in values.items()}
        try:
            if isinstance(cls, type) and issubclass(cls, BaseModel):
                return cls.model_validate(values)
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise StateError(f"the saved {cls.__name__} does not fit this version ({exc})") from None


def _allowed_class(name: str) -> Any:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith(ALLOWED_MODULES) or not qualname or "." in qualname:
        raise StateError(f"the conversation state names a type it may not hold: {name[:80]}")
    try:
        cls = getattr(importlib.import_module(module_name), qualname)
    except (ImportError, AttributeError):
        raise StateError(f"the conversation state names an unknown type: {name[:80]}") from None
    if not isinstance(cls, type) or not (dataclasses.is_dataclass(cls) or issubclass(cls, BaseModel)):
        raise StateError(f"the conversation state names a type it may not hold: {name[:80]}")
    return cls


def restore_state(engine: Engine, data: object, expected: type) -> Any:
    """The dialogue state saved by :func:`state_dict`, rebuilt for ``engine``.

    Roles are found by id on the same KB and by name on another one; those the KB no
    longer holds are dropped.  Raises :class:`StateError` for anything that is not such
    a state, of another version, or not of the ``expected`` type."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateError("not a career-chat conversation state")
    if data.get("version") != VERSION:
        found = data.get("version")
        raise StateError(f"conversation state of version {found!r}; this version reads {VERSION}")
    same_kb = data.get("kb") == kb_identity(engine)
    state = _Decoder(engine, same_kb).decode(data.get("state"))
    if not isinstance(state, expected):
        raise StateError(f"the conversation state holds a {type(state).__name__}, not a {expected.__name__}")
    return state


__all__ = ["FORMAT", "VERSION", "StateError", "kb_identity", "restore_state", "state_dict"]
