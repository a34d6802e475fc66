"""The public entry point: :class:`Engine` (one per KB, shared) and :class:`Conversation`
(one per user, holds the context of follow-ups)."""

from __future__ import annotations

import threading
from pathlib import Path

from chatbot.models import Answer, ContextView, KBInfo


class Engine:
    """Answers questions from one knowledge base.

    ``Engine()`` uses the built-in KB (built from the shipped pages on first use);
    ``Engine(db="kb.db")`` another one; ``CHATBOT_DB`` is honoured when ``db`` is None.
    Immutable after load and safe to share between threads.
    """

    def __init__(self, db: str | Path | None = None) -> None:  # pragma: no cover - stub
        self.db_path = Path(db) if db else Path("builtin")
        self.builtin = db is None
        self._lock = threading.Lock()

    def conversation(self) -> Conversation:
        """A new conversation (one per user)."""
        return Conversation(self)

    def ask(self, question: str) -> Answer:
        """Answer one question with no context."""
        return self.conversation().ask(question)

    def role_names(self) -> list[str]:
        """Every role the KB holds (canonical names), sorted."""
        return []

    def vocabulary_words(self) -> list[str]:
        """Attribute words and phrases people can use (for completion)."""
        return []

    def examples(self) -> list[str]:
        """Example questions, from the intent definitions (for help)."""
        return []

    def info(self) -> KBInfo:
        """What the KB holds."""
        return KBInfo(path=str(self.db_path), builtin=self.builtin, pages=[], roles=0, facts=0)


class Conversation:
    """One user's conversation: answers questions, remembering roles and attribute."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the context of the conversation so far."""
        return Answer(text="I did not understand that.", status="not_understood")

    @property
    def context(self) -> ContextView:
        """The roles and attribute the conversation is about."""
        return ContextView()

    def reset(self) -> None:
        """Forget the context."""
