"""A conversation that writes every turn to a transcript (``chat --record``)."""

from __future__ import annotations

from typing import Any

from chatbot.models import Answer
from chatbot.transcripts.record import Recorder

__all__ = ["RecordingConversation"]


class RecordingConversation:
    """Wraps a conversation: answers as it does and records each turn."""

    def __init__(self, conversation: Any, recorder: Recorder) -> None:
        self._conversation = conversation
        self._recorder = recorder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conversation, name)

    def ask(self, question: str) -> Answer:
        answer: Answer = self._conversation.ask(question)
        self._recorder.add(question, answer)
        return answer

    def reset(self) -> None:
        self._conversation.reset()
        self._recorder.new_conversation()
