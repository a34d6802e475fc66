"""The typed answer an app gets back (pydantic models, JSON-serialisable)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["answered", "clarify", "no_data", "unknown_role", "not_understood"]
STATUSES: tuple[Status, ...] = ("answered", "clarify", "no_data", "unknown_role", "not_understood")


class Source(BaseModel):
    """Where a figure comes from: a page of the knowledge base and a line in it."""

    model_config = ConfigDict(frozen=True)

    page: str
    line: int
    role: str | None = None
    attribute: str | None = None


class RoleScore(BaseModel):
    """How a role mention in the question was matched (for ``:debug``)."""

    text: str
    role: str | None
    score: float
    kind: str  # "exact" | "fuzzy" | "partial" | "unknown"


class Trace(BaseModel):
    """How a question was understood: for ``:debug`` and for maintainers."""

    intent_scores: dict[str, float] = Field(default_factory=dict)
    slots: dict[str, Any] = Field(default_factory=dict)
    role_matches: list[RoleScore] = Field(default_factory=list)
    used_context: list[str] = Field(default_factory=list)
    sql: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    """One reply of the bot.

    ``text`` is what a person reads; ``data`` holds the structured values behind it
    (per-role values, the winner, the difference); ``sources`` the page and line of every
    figure used; ``suggestions`` the roles offered when the bot asks or does not know.
    """

    text: str
    status: Status
    intent: str | None = None
    roles: list[str] = Field(default_factory=list)
    attribute: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    suggestions: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    trace: Trace | None = Field(default=None, exclude=True)


class ContextView(BaseModel):
    """What a conversation is about right now (for a toolbar or an app)."""

    roles: list[str] = Field(default_factory=list)
    attribute: str | None = None
    intent: str | None = None
    pending_question: str | None = None
    candidates: list[str] = Field(default_factory=list)


class KBInfo(BaseModel):
    """What a knowledge base holds."""

    path: str
    builtin: bool
    pages: list[str]
    roles: int
    facts: int
    notes: list[str] = Field(default_factory=list)
