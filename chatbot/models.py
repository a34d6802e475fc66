"""The typed answer an app gets back (pydantic models, JSON-serialisable)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from chatbot.answers.outputs import STATUSES as STATUSES
from chatbot.answers.outputs import Response
from chatbot.answers.outputs import Status as Status


class Source(BaseModel):
    """Where a figure comes from: a page of the knowledge base and a line in it."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True)

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


STATUS_DESCRIPTION = ("answered: a reply from the pages; clarify: the bot asks which role is meant; "
                      "no_data: the pages do not hold it; unknown_role: a role the KB does not know; "
                      "not_understood: the question was not understood.")
#: what ``Answer.data`` holds for each intent (documented in the OpenAPI schema)
DATA_DESCRIPTION = """The values behind the text; its keys depend on the intent:
- fact: `values` (per role: the value, its display form and qualifier), `display`;
- compare: `values` (per role), `winner`, `direction`, `difference`, `percent`; for skills `shared`, `only`;
- superlative: `ranking` (roles with their values, best first), `winner`, `direction`, `tied`, `total`;
- threshold: `threshold`, `op`, `roles` (the roles past it, with their values), `count`, `total`;
- profile: `values` (every attribute of the role); skill_share: `skill`, `values`;
- list_roles: `roles`, `count`;
- a clarification (status clarify): `mention` (the words typed), `candidates` (the roles they fit);
- small talk: empty."""


class Answer(BaseModel):
    """One reply of the bot.

    ``text`` is what a person reads; ``data`` holds the structured values behind it
    (per-role values, the winner, the difference); ``sources`` the page and line of every
    figure used; ``suggestions`` the roles offered when the bot asks or does not know.
    """

    text: str = Field(description="The reply as a person reads it.")
    status: Status = Field(description=STATUS_DESCRIPTION)
    intent: str | None = Field(default=None, description="The intent the question was read as "
                                                         "(fact, compare, superlative, threshold, ...).")
    roles: list[str] = Field(default_factory=list, description="The roles the answer is about.")
    attribute: str | None = Field(default=None, description="The attribute asked about (yearly_salary, ...).")
    data: dict[str, Any] = Field(default_factory=dict, description=DATA_DESCRIPTION)
    suggestions: list[str] = Field(default_factory=list,
                                   description="Roles offered when the bot asks or does not know a role.")
    sources: list[Source] = Field(default_factory=list, description="The page and line of every figure used.")
    trace: Trace | None = Field(default=None, exclude=True)


class ContextView(BaseModel):
    """What a conversation is about right now (for a toolbar or an app)."""

    # not built on the way to an answer: its schema is built when first used
    model_config: ClassVar[ConfigDict] = ConfigDict(defer_build=True)

    roles: list[str] = Field(default_factory=list)
    attribute: str | None = None
    intent: str | None = None
    pending_question: str | None = None
    candidates: list[str] = Field(default_factory=list)


class KBInfo(BaseModel):
    """What a knowledge base holds."""

    # not built on the way to an answer: its schema is built when first used
    model_config: ClassVar[ConfigDict] = ConfigDict(defer_build=True)

    path: str
    builtin: bool
    pages: list[str]
    roles: int
    facts: int
    notes: list[str] = Field(default_factory=list)


def answer_from(response: Response) -> Answer:
    """The public :class:`Answer` of an engine's :class:`~chatbot.answers.outputs.Response`
    (each model built as the engine always built it, so even ``model_fields_set`` is the same)."""
    log = response.trace
    if log is None:
        return Answer(text=response.text, status=response.status)
    # only what the engine set is "set" (the intent scores, when scored): as an assignment did
    trace = Trace() if log.intent_scores is None else Trace(intent_scores=log.intent_scores)
    trace.slots.update(log.slots)
    trace.role_matches.extend(RoleScore(text=m.text, role=m.role, score=m.score, kind=m.kind)
                              for m in log.role_matches)
    trace.used_context.extend(log.used_context)
    trace.sql.extend(log.sql)
    # one validation builds the Answer and its Source models (each with every field set, as before)
    return Answer.model_validate({
        "text": response.text,
        "status": response.status,
        "intent": response.intent,
        "roles": response.roles,
        "attribute": response.attribute,
        "data": response.data,
        "suggestions": response.suggestions,
        "sources": [{"page": s.page, "line": s.line, "role": s.role, "attribute": s.attribute}
                    for s in response.sources],
        "trace": trace,
    })
