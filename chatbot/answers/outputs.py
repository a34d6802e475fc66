"""What an answer is made of before it becomes the public :class:`chatbot.models.Answer`:
its status, the sources of its figures, how the question was understood (the trace), and
the whole reply as :class:`Response`.

These are plain objects (no pydantic), so answering a question, and starting ``chatbot
ask``, needs none of pydantic; :meth:`chatbot.Engine.ask` turns a :class:`Response` into
the pydantic models at the boundary (:func:`chatbot.models.answer_from`).
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

__all__ = ["STATUSES", "Response", "RoleMatch", "SourceRef", "Status", "TraceLog"]

Status = Literal["answered", "clarify", "no_data", "unknown_role", "not_understood"]
STATUSES: tuple[Status, ...] = ("answered", "clarify", "no_data", "unknown_role", "not_understood")


class SourceRef(NamedTuple):
    """Where a figure comes from (a :class:`chatbot.models.Source` to be)."""

    page: str
    line: int
    role: str | None = None
    attribute: str | None = None


class RoleMatch(NamedTuple):
    """How a role mention was matched (a :class:`chatbot.models.RoleScore` to be)."""

    text: str
    role: str | None
    score: float
    kind: str  # "exact" | "fuzzy" | "partial" | "unknown"


class TraceLog:
    """How a question was understood (a :class:`chatbot.models.Trace` to be)."""

    __slots__ = ("intent_scores", "role_matches", "slots", "sql", "used_context")

    def __init__(self) -> None:
        self.intent_scores: dict[str, float] | None = None  # None: never scored
        self.slots: dict[str, Any] = {}
        self.role_matches: list[RoleMatch] = []
        self.used_context: list[str] = []
        self.sql: list[str] = []


class Response:
    """One reply of the bot, as :class:`chatbot.models.Answer` holds it; ``trace`` is None
    for a question refused before it was read (empty or too long)."""

    __slots__ = ("attribute", "data", "intent", "roles", "sources", "status", "suggestions", "text", "trace")

    def __init__(self, text: str, status: Status, intent: str | None = None, roles: list[str] | None = None,
                 attribute: str | None = None, data: dict[str, Any] | None = None,
                 suggestions: list[str] | None = None, sources: list[SourceRef] | None = None,
                 trace: TraceLog | None = None) -> None:
        self.text = text
        self.status: Status = status
        self.intent = intent
        self.roles: list[str] = roles if roles is not None else []
        self.attribute = attribute
        self.data: dict[str, Any] = data if data is not None else {}
        self.suggestions: list[str] = suggestions if suggestions is not None else []
        self.sources: list[SourceRef] = sources if sources is not None else []
        self.trace = trace
