"""What the interfaces need of an engine: the CLI, the REPL, the transcript runner and the
HTTP service are written against these protocols, so tests can hand them a small fake and
an application can wrap the real :class:`chatbot.Engine`."""

from __future__ import annotations

from typing import Protocol

from chatbot.models import Answer, ContextView, KBInfo

__all__ = ["ConversationLike", "EngineLike"]


class ConversationLike(Protocol):
    """One user's conversation: questions in order, with the context of follow-ups."""

    def ask(self, question: str) -> Answer:
        """The answer to ``question`` in the context of the conversation so far."""
        ...

    def reset(self) -> None:
        """Forget the context (roles, topic, a pending clarification)."""
        ...

    @property
    def context(self) -> ContextView:
        """What the conversation is about now."""
        ...


class EngineLike(Protocol):
    """An answer engine over one knowledge base."""

    def conversation(self) -> ConversationLike:
        """A new conversation."""
        ...

    def ask(self, question: str) -> Answer:
        """A one-shot answer, with no context."""
        ...

    def role_names(self) -> list[str]:
        """The display names of the KB's roles."""
        ...

    def vocabulary_words(self) -> list[str]:
        """Topic words, for completion."""
        ...

    def examples(self) -> list[str]:
        """Example questions that name the KB's roles."""
        ...

    def info(self) -> KBInfo:
        """What the KB holds."""
        ...
