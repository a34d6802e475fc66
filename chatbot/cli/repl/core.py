"""What the REPL does with a line, without a terminal: a command runs, a question is
answered, and the result comes back as the text to print."""

from __future__ import annotations

from chatbot.protocols import EngineLike

from chatbot.cli.output import error_line
from chatbot.cli.pipe import MAX_LINE_BYTES, too_long_answer
from chatbot.cli.repl.commands import CommandRegistry, ReplState, default_commands
from chatbot.cli.repl.render import Renderer
from chatbot.errors import ChatbotError
from chatbot.models import ContextView


class Repl:
    """One REPL session over an engine: ``handle(line) -> text``; ``done`` after ``:quit``."""

    def __init__(self, engine: EngineLike, renderer: Renderer, commands: CommandRegistry | None = None,
                 db_path: str | None = None) -> None:
        self.commands: CommandRegistry = commands if commands is not None else default_commands()
        self.state: ReplState = ReplState(engine, engine.conversation(), renderer, db_path=db_path,
                               commands=self.commands)

    @property
    def done(self) -> bool:
        return self.state.done

    @property
    def debug(self) -> bool:
        return self.state.debug

    def context(self) -> ContextView | None:
        try:
            context: ContextView | None = self.state.conversation.context
            return context
        except Exception:  # noqa: BLE001 - the toolbar must never break the prompt
            return None

    def handle(self, line: str) -> str:
        """The text to print for ``line`` (empty for a blank line or ``:quit``)."""
        text = line.strip()
        r = self.state.renderer
        if not text:
            return ""
        if text.startswith(":"):
            return self.commands.dispatch(self.state, text)
        try:
            size = len(text.encode("utf-8", "surrogatepass"))
            answer = too_long_answer(size) if size > MAX_LINE_BYTES else self.state.conversation.ask(text)
        except ChatbotError as exc:
            return r.error(error_line(exc))
        except Exception as exc:  # noqa: BLE001 - one line, never a traceback
            return r.error(error_line(f"internal error: {type(exc).__name__}: {exc}"))
        if self.state.recorder is not None:
            try:
                self.state.recorder.add(text, answer)
            except ChatbotError as exc:
                self.state.recorder = None
                return r.answer(answer) + "\n" + r.error(f"{exc}; recording stopped")
        out = r.answer(answer)
        if self.state.debug:
            out += "\n" + r.trace(answer)
        return out
