"""Intent definitions: loaded from ``intents/*.toml`` and validated as records
(:mod:`chatbot.nlu.records`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from chatbot.errors import IntentsError
from chatbot.nlu.records import Opt, Record, Req
from chatbot.nlu.vocabulary import (
    TITLE_WORDS_FILE,
    VOCABULARY_FILE,
    check_patterns,
    check_templates,
    load_model,
)

Handler = Literal["fact", "profile", "skill_share", "compare", "summary", "superlative", "threshold",
                  "list_roles", "static", "ranking"]
RoleSlot = Literal["none", "one", "two", "one_or_two", "any", "group"]  # group: none, or the ones in context
AttributeSlot = Literal["none", "any", "numeric", "optional"]
#: the role counts each role slot takes
ROLE_COUNTS: dict[str, frozenset[int]] = {
    "none": frozenset({0}), "one": frozenset({1}), "two": frozenset({2}), "one_or_two": frozenset({1, 2}),
    "any": frozenset({0, 1}), "group": frozenset({0}),
}


class IntentSpec(Record):
    """One kind of question: how to recognise it, what it needs, how to answer."""

    __slots__ = ("name", "handler", "description", "cues", "strong_cues", "patterns", "roles", "attribute",
                 "number", "skill", "requires_cue", "max_words", "priority", "templates", "attributes",
                 "examples")
    name: str
    handler: Handler
    description: str
    cues: list[str]
    strong_cues: list[str]
    patterns: list[str]
    roles: RoleSlot
    attribute: AttributeSlot
    number: bool
    skill: bool
    requires_cue: bool  # only picked when one of its cues is in the question
    max_words: int | None
    priority: float
    templates: dict[str, str]
    attributes: list[str]  # shown by profile/summary answers
    examples: list[str]

    FIELDS: ClassVar[dict[str, Any]] = {
        "name": Req(str, pattern=r"^[a-z_]+$"),
        "handler": Handler,
        "description": str,
        "cues": Opt(list[str], factory=list),
        "strong_cues": Opt(list[str], factory=list),
        "patterns": Opt(list[str], factory=list, check=check_patterns),
        "roles": RoleSlot,
        "attribute": AttributeSlot,
        "number": Opt(bool, False),
        "skill": Opt(bool, False),
        "requires_cue": Opt(bool, False),
        "max_words": Opt(int | None),
        "priority": Opt(float, 0.0),
        "templates": Opt(dict[str, str], factory=dict, check=check_templates),
        "attributes": Opt(list[str], factory=list),
        "examples": Opt(list[str], factory=list),
    }

    def accepts_roles(self, count: int) -> bool:
        """Whether the intent takes ``count`` roles (from the question or the conversation)."""
        return count in ROLE_COUNTS[self.roles]


class IntentFile(Record):
    __slots__ = ("intent",)
    intent: list[IntentSpec]
    FIELDS: ClassVar[dict[str, Any]] = {"intent": Req(list[IntentSpec], min_length=1)}


def load_intents(folder: Path) -> tuple[IntentSpec, ...]:
    """Every intent of every ``*.toml`` in ``folder`` but the vocabulary files."""
    specs: list[IntentSpec] = []
    seen: dict[str, Path] = {}
    files = sorted(p for p in folder.glob("*.toml") if p.name not in (VOCABULARY_FILE, TITLE_WORDS_FILE))
    if not files:
        raise IntentsError(str(folder), "no intent files (*.toml); reinstall career-chat")
    for path in files:
        parsed = load_model(IntentFile, path)
        for spec in parsed.intent:
            if spec.name in seen:
                raise IntentsError(str(path),
                                   f"field 'intent.name': '{spec.name}' is defined twice "
                                   f"(also in {seen[spec.name].name})")
            seen[spec.name] = path
            specs.append(spec)
    return tuple(specs)
