"""An engine and a conversation that write every turn to a transcript (``chat --record``)."""

from __future__ import annotations

from chatbot.models import Answer, ContextView, KBInfo
from chatbot.protocols import ConversationLike, EngineLike
from chatbot.transcripts.record import Recorder

__all__ = ["RecordingConversation", "RecordingEngine"]


class RecordingConversation:
    """Wraps a conversation: answers as it does and records each turn."""

    def __init__(self, conversation: ConversationLike, recorder: Recorder) -> None:
        self._conversation = conversation
        self._recorder = recorder

    def ask(self, question: str) -> Answer:
        """The wrapped conversation's answer, recorded."""
        answer = self._conversation.ask(question)
        self._recorder.add(question, answer)
        return answer

    def reset(self) -> None:
        """Reset the conversation; the transcript starts a new conversation too."""
        self._conversation.reset()
        self._recorder.new_conversation()

    @property
    def context(self) -> ContextView:
        """The wrapped conversation's context."""
        return self._conversation.context


class RecordingEngine:
    """An engine whose conversations write every turn to a :class:`Recorder`."""

    def __init__(self, engine: EngineLike, recorder: Recorder) -> None:
        self._engine = engine
        self._recorder = recorder

    def conversation(self) -> ConversationLike:
        """A new recorded conversation."""
        return RecordingConversation(self._engine.conversation(), self._recorder)

    def ask(self, question: str) -> Answer:
        """A one-shot answer (not recorded: transcripts hold conversations)."""
        return self._engine.ask(question)

    def role_names(self) -> list[str]:
        """The wrapped engine's role names."""
        return self._engine.role_names()

    def vocabulary_words(self) -> list[str]:
        """The wrapped engine's topic words."""
        return self._engine.vocabulary_words()

    def examples(self) -> list[str]:
        """The wrapped engine's example questions."""
        return self._engine.examples()

    def info(self) -> KBInfo:
        """The wrapped engine's KB summary."""
        return self._engine.info()
