"""Answers and traces as text for a terminal: ANSI colour for answers, figures and
clarifying questions, or plain text when ``NO_COLOR`` is set or the output is not a
terminal.  No prompt_toolkit here: everything renders to a string."""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Callable
from typing import IO, Any

from chatbot.cli.output import printable
from chatbot.cli.repl.layout import as_table
from chatbot.models import Answer, Trace

RESET = "\x1b[0m"
STYLES = {
    "figure": "\x1b[1;36m",     # money, percentages, numbers
    "clarify": "\x1b[33m",      # the bot asks back
    "problem": "\x1b[35m",      # no data, unknown role, not understood
    "dim": "\x1b[2m",
    "heading": "\x1b[1m",
    "error": "\x1b[31m",
    "command": "\x1b[32m",
}
STATUS_STYLE = {"clarify": "clarify", "no_data": "problem", "unknown_role": "problem",
                "not_understood": "problem"}
MIN_WRAP_WIDTH = 20  # narrower terminals get the text unwrapped (the terminal folds it)

#: money ($49,366, $23.73, -$4,803), percentages (10.8%, -3%), other numbers (68,532, 4.14, 1-2)
FIGURE = re.compile(
    r"[-+]?\$\d[\d,]*(?:\.\d+)?"
    r"|[-+]?\b\d[\d,]*(?:\.\d+)?%"
    r"|\b\d[\d,]*(?:\.\d+)?\b"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
TRACE_TOP_INTENTS = 5


def use_color(stream: IO[Any] | None) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org) or
    ``TERM=dumb``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def wrap_text(text: str, width: int | None, indent: str = "") -> str:
    """``text`` word-wrapped to ``width`` columns, line by line: never inside a word or a
    figure (no hyphen splits either); a word longer than the line stays whole."""
    if not width or width < MIN_WRAP_WIDTH:
        return text
    lines = []
    for line in text.splitlines() or [""]:
        lead = line[: len(line) - len(line.lstrip())] or indent
        lines.append(textwrap.fill(line.strip(), width=width - 1, initial_indent=lead, subsequent_indent=lead,
                                   break_long_words=False, break_on_hyphens=False) if line.strip() else "")
    return "\n".join(lines)


class Renderer:
    """Turns answers, traces and messages into (possibly coloured) strings."""

    def __init__(self, color: bool, width: Callable[[], int | None] | None = None) -> None:
        self.color = color
        self.width = width  # the terminal's columns, asked at each answer (None: no wrapping)

    def columns(self) -> int | None:
        try:
            return self.width() if self.width else None
        except Exception:  # noqa: BLE001 - a terminal that cannot say its size gets no wrapping
            return None

    def paint(self, style: str | None, text: str) -> str:
        text = printable(text)  # page text never reaches the terminal raw
        if not self.color or not style or not text:
            return text
        return f"{STYLES[style]}{text}{RESET}"

    def figures(self, text: str, base: str | None = None) -> str:
        """``text`` in style ``base`` with every figure highlighted."""
        if not self.color:
            return text
        out: list[str] = []
        last = 0
        for match in FIGURE.finditer(text):
            out.append(self.paint(base, text[last:match.start()]))
            out.append(self.paint("figure", match.group()))
            last = match.end()
        out.append(self.paint(base, text[last:]))
        return "".join(out)

    def answer(self, answer: Answer) -> str:
        """The answer text (figures highlighted; clarifying questions and problems in
        their colours), plus the suggestions the text does not already show."""
        base = STATUS_STYLE.get(answer.status)
        width = self.columns()
        lines = [self.figures(wrap_text(printable(self.layout(answer)), width), base)]
        lowered = answer.text.lower()
        missing = [s for s in answer.suggestions if s.lower() not in lowered]
        if missing:
            lines.append(self.paint("dim", wrap_text("  suggestions: " + ", ".join(missing), width)))
        return "\n".join(lines)

    def layout(self, answer: Answer) -> str:
        """On a terminal, a profile or side-by-side answer as an aligned table when the
        table fits the width; otherwise the text as it is."""
        width = self.columns()
        if not width or answer.status != "answered":
            return answer.text
        table = as_table(answer.text)
        rows = table.splitlines()[1:]
        return table if all(len(row) < width for row in rows if row.startswith(" ")) else answer.text

    def trace(self, answer: Answer) -> str:
        """What ``:debug`` shows under an answer: status, intent scores, slots, role
        matches, context used, SQL and sources."""
        def dim(text: str) -> str:
            return self.paint("dim", text)

        head = (f"status: {answer.status}  intent: {answer.intent or '-'}  "
                f"attribute: {answer.attribute or '-'}")
        if answer.roles:
            head += "  roles: " + ", ".join(answer.roles)
        lines = ["  " + head]
        trace: Trace | None = answer.trace
        if trace is None:
            lines.append("  (no trace)")
        else:
            if trace.intent_scores:
                ranked = sorted(trace.intent_scores.items(), key=lambda kv: (-kv[1], kv[0]))
                ranked = ranked[:TRACE_TOP_INTENTS]
                lines.append("  intents: " + "  ".join(f"{name} {score:.2f}" for name, score in ranked))
            slots = {k: v for k, v in trace.slots.items() if v not in (None, "", [], {})}
            if slots:
                lines.append("  slots: " + ", ".join(f"{k}={_short_json(v)}" for k, v in slots.items()))
            for match in trace.role_matches:
                target = match.role or "(no role)"
                lines.append(f"  role match: {match.text!r} -> {target} ({match.kind} {match.score:.1f})")
            if trace.used_context:
                lines.append("  from context: " + ", ".join(trace.used_context))
            for sql in trace.sql:
                lines.append("  sql: " + " ".join(sql.split()))
        for source in answer.sources:
            about = ", ".join(x for x in (source.role, source.attribute) if x)
            lines.append(f"  source: {source.page}:{source.line}" + (f" ({about})" if about else ""))
        return "\n".join(dim(line) for line in lines)

    def error(self, message: str) -> str:
        return self.paint("error", wrap_text(message, self.columns()))

    def note(self, text: str) -> str:
        return self.paint("dim", wrap_text(text, self.columns()))

    def heading(self, text: str) -> str:
        return self.paint("heading", text)

    def command(self, text: str) -> str:
        return self.paint("command", text)


def _short_json(value: Any, limit: int = 80) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
