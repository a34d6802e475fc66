"""Intent definitions: loaded from ``intents/*.toml`` and validated by pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chatbot.errors import IntentsError
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


class IntentSpec(BaseModel):
    """One kind of question: how to recognise it, what it needs, how to answer."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z_]+$")
    handler: Handler
    description: str
    cues: list[str] = Field(default_factory=list)
    strong_cues: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    roles: RoleSlot
    attribute: AttributeSlot
    number: bool = False
    skill: bool = False
    requires_cue: bool = False  # only picked when one of its cues is in the question
    max_words: int | None = None
    priority: float = 0.0
    templates: dict[str, str] = Field(default_factory=dict)
    attributes: list[str] = Field(default_factory=list)  # shown by profile/summary answers
    examples: list[str] = Field(default_factory=list)

    _patterns_compile = field_validator("patterns")(classmethod(lambda cls, v: check_patterns(v)))
    _templates_placeholders = field_validator("templates")(classmethod(lambda cls, v: check_templates(v)))

    def accepts_roles(self, count: int) -> bool:
        return {
            "none": count == 0,
            "one": count == 1,
            "two": count == 2,
            "one_or_two": count in (1, 2),
            "any": count in (0, 1),
            "group": count == 0,
        }[self.roles]


class IntentFile(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid")
    intent: list[IntentSpec] = Field(min_length=1)


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
