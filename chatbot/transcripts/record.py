"""Record mode: a conversation written down as a transcript, the bot's replies as its
expectations (``chatbot chat --record FILE.convo``, ``:record FILE`` in the REPL).

The file passes ``chatbot test`` as written, and is meant to be edited: loosen an exact
``<`` text into ``contains:`` checks, drop what does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from chatbot.errors import ChatbotError
from chatbot.models import Answer
from chatbot.transcripts.syntax import BUILTIN

__all__ = ["RecordError", "Recorder"]


class RecordError(ChatbotError):
    """A transcript could not be written."""


@dataclass
class Recorder:
    """Collects turns and writes them as a ``.convo`` file.

    ``kb`` is the KB file the session runs on (None for the built-in one); it is
    written as the file's ``kb:`` line, so the transcript runs on the same KB."""

    path: Path
    kb: Path | None = None
    lines: list[str] = field(default_factory=list)
    turns: int = 0

    def add(self, question: str, answer: Answer) -> None:
        """Record one turn and write the file (so a killed session keeps its turns)."""
        question = " ".join(question.split())
        if not question:
            return
        self.lines.append("")
        self.lines.append(f"> {question}")
        self.lines.extend(f"< {line}" if line.strip() else "<" for line in answer.text.strip().splitlines())
        self.lines.append(f"status: {answer.status}")
        self.lines.append(f"intent: {answer.intent or 'none'}")
        self.lines.append(f"roles: {', '.join(answer.roles) or 'none'}")
        self.lines.append(f"attribute: {answer.attribute or 'none'}")
        self.turns += 1
        self.save()

    def new_conversation(self) -> None:
        """The context was reset: the next turn starts a new conversation (``---``)."""
        if self.turns and self.lines[-1] != "---":
            self.lines.extend(["", "---"])

    def text(self) -> str:
        """The transcript as it stands."""
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        kb = BUILTIN if self.kb is None else str(self.kb.resolve())
        body = list(self.lines)
        while body and body[-1] in ("", "---"):
            body.pop()
        return "\n".join([f"# recorded by chatbot on {stamp}; edit the expectations as needed", f"kb: {kb}",
                          *body]) + "\n"

    def save(self) -> None:
        """Write the file; raises :class:`RecordError` with a one-line reason."""
        try:
            self.path.write_text(self.text(), encoding="utf-8")
        except OSError as exc:
            raise RecordError(f"{self.path}: cannot write the transcript: {exc.strerror or exc}") from None
