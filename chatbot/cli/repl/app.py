"""The REPL: a prompt_toolkit PromptSession with history, suggestions, completion, a
bottom toolbar and key bindings, around :class:`~chatbot.cli.repl.core.Repl`."""

from __future__ import annotations

import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from chatbot.cli.output import error_line, greeting
from chatbot.cli.repl.completer import PhraseCompleter
from chatbot.cli.repl.core import Repl
from chatbot.protocols import EngineLike
from chatbot.cli.repl.history import make_history
from chatbot.cli.repl.keys import build_key_bindings
from chatbot.cli.repl.render import Renderer, use_color
from chatbot.cli.repl.toolbar import toolbar_fragments
from chatbot.errors import ChatbotError

PROMPT = "career> "
STYLE = Style.from_dict({
    "prompt": "bold ansigreen",
    "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
    "toolbar.context": "bold",
    "toolbar.debug": "ansiyellow",
    "toolbar.keys": "#909090",
})
#: suggestions from history: grey in colour; underlined when colour is off (NO_COLOR, TERM=dumb),
#: so they still look different from typed text
SUGGESTION_COLOR = Style.from_dict({"auto-suggestion": "#808080"})
SUGGESTION_NO_COLOR = Style.from_dict({"auto-suggestion": "underline"})


def _toolbar(repl: Repl) -> Any:
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    width = app.output.get_size().columns if app is not None else None
    return toolbar_fragments(repl.context(), repl.debug, width)


def _safe_list(call: Any) -> list[str]:
    try:
        return list(call())
    except Exception:  # noqa: BLE001 - completion is a nicety; the REPL runs without it
        return []


def build_session(repl: Repl, *, history: History | None = None, input: Input | None = None,
                  output: Output | None = None) -> PromptSession[str]:
    from prompt_toolkit.styles import merge_styles

    engine = repl.state.engine
    completer = PhraseCompleter(_safe_list(engine.role_names), _safe_list(engine.vocabulary_words),
                                repl.commands.names())
    suggestion = SUGGESTION_COLOR if repl.state.renderer.color else SUGGESTION_NO_COLOR
    return PromptSession(
        message=[("class:prompt", PROMPT)],
        history=history if history is not None else make_history(),
        auto_suggest=AutoSuggestFromHistory(),
        completer=completer,
        complete_while_typing=True,
        bottom_toolbar=lambda: _toolbar(repl),
        key_bindings=build_key_bindings(),
        style=merge_styles([STYLE, suggestion]),
        input=input,
        output=output,
    )


def _terminal_width(out: IO[str]) -> Any:
    """The columns answers are wrapped to: the terminal's, or None when not a terminal."""
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        tty = False
    return (lambda: shutil.get_terminal_size().columns) if tty else None


def run_repl(engine: EngineLike, *, input: Input | None = None, output: Output | None = None,
             stdout: IO[str] | None = None, history: History | None = None, color: bool | None = None) -> int:
    """Talk to ``engine`` until Ctrl-D or ``:quit``; returns the exit status (0, or 1 if
    the KB cannot be read).  ``input``/``output`` are prompt_toolkit's (a pipe input and a
    dummy output in tests); answers are written to ``stdout``."""
    from chatbot import __version__

    out = stdout or sys.stdout
    renderer = Renderer(use_color(out) if color is None else color, _terminal_width(out))

    def write(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    try:
        info = engine.info()
    except ChatbotError as exc:
        write(renderer.error(error_line(exc)))
        return 1
    write(renderer.note(greeting(info, __version__)))
    repl = Repl(engine, renderer, db_path=None if info.builtin else info.path)  # ':record' writes it as 'kb:'
    session = build_session(repl, history=history, input=input, output=output)
    with _terminate_cleanly():
        _loop(session, repl, renderer, write)
    return 0


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM ends the REPL like Ctrl-D: the exception unwinds prompt_toolkit, which puts
    the terminal back out of raw mode (a killed process would leave it raw)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _loop(session: Any, repl: Repl, renderer: Renderer, write: Any) -> None:
    """Prompt, answer, write, until Ctrl-D or ``:quit``.  Ctrl-C never ends the session:
    at the prompt it clears the line; between prompts (the terminal is out of raw mode
    while an answer is worked out and written) it abandons that answer."""
    while not repl.done:
        try:
            line = session.prompt()
        except EOFError:
            break
        except KeyboardInterrupt:
            continue
        try:
            text = repl.handle(line)
            if text:
                write(text)
        except KeyboardInterrupt:
            write(renderer.note("(interrupted)"))
