"""The pipe other programs use: one question a line in, one answer a line out.

Blank lines are skipped; one conversation runs across all lines; every answer is
flushed at once.  A line longer than :data:`MAX_LINE_BYTES` is not passed to the engine:
it gets a ``not_understood`` answer saying so (the line is read and dropped in chunks, so
no line is ever held in memory whole).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chatbot.protocols import EngineLike

from chatbot.cli.output import json_safe, printable
from chatbot.errors import ChatbotError
from chatbot.models import Answer

MAX_LINE_BYTES = 8192


def too_long_answer(size: int) -> Answer:
    """The answer to a question longer than the pipe or the REPL accepts."""
    return Answer(
        text=f"That question is too long ({size} bytes); please ask in at most {MAX_LINE_BYTES} bytes.",
        status="not_understood",
    )


def read_questions(stream: IO[Any], limit: int = MAX_LINE_BYTES) -> Iterator[tuple[str, int]]:
    """``(question, 0)`` per non-blank line, or ``("", size)`` for a line over ``limit``.

    ``stream`` may be binary or text (``sys.stdin`` is read through its ``buffer``, so
    the limit counts bytes and invalid UTF-8 is replaced, not fatal)."""
    source = getattr(stream, "buffer", stream)
    newline = b"\n" if isinstance(source.read(0), bytes) else "\n"
    while True:
        chunk = source.readline(limit + 1)
        if not chunk:
            return
        if len(chunk) > limit and not chunk.endswith(newline):
            size, last = len(chunk), chunk
            while last and not last.endswith(newline):  # drop the rest of the long line
                last = source.readline(limit + 1)
                size += len(last)
            yield "", size - (1 if last.endswith(newline) else 0)
            continue
        text = chunk.decode("utf-8", "replace") if isinstance(chunk, bytes) else chunk
        question = text.strip()
        if question:
            yield question, 0


def one_line(text: str) -> str:
    """An answer text on one line (line breaks become spaces)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def run_pipe(engine: EngineLike, stdin: IO[Any], stdout: IO[str], stderr: IO[str], *, as_json: bool) -> int:
    """Answer every line of ``stdin`` in one conversation; 0, or 1 if any question hit
    an error (reported as an ``{"error": ...}`` line so the output stays in step)."""
    conversation = engine.conversation()
    errors = 0
    for number, (question, too_long) in enumerate(read_questions(stdin), start=1):
        try:
            answer = too_long_answer(too_long) if too_long else conversation.ask(question)
        except Exception as exc:  # noqa: BLE001 - one bad question must not end the pipe
            errors += 1
            internal = f"internal error: {type(exc).__name__}: {exc}"
            message = str(exc) if isinstance(exc, ChatbotError) else internal
            message = one_line(message)
            stderr.write(f"chatbot: line {number}: {message}\n")
            stderr.flush()
            stdout.write((json.dumps({"error": message}) if as_json else f"(error: {message})") + "\n")
            stdout.flush()
            continue
        text = json_safe(answer.model_dump_json()) if as_json else printable(one_line(answer.text))
        stdout.write(text + "\n")
        stdout.flush()
    return 1 if errors else 0
