"""The transcript format: a conversation written by hand, one line per item.

::

    # Lines starting with # are comments; blank lines are ignored.
    kb: builtin
    > which pays more, production coordinator or production leader?
    < Production coordinators earn more: $49,366 a year vs $44,563 for production leaders ($4,803, 10.8% more).
    > and per hour?
    status: answered
    intent: compare
    contains: $23.73
    regex: \\$\\d+\\.\\d{2}
    not-contains: $44,563
    ---
    > hello
    status: not_understood

- ``kb: builtin`` or ``kb: PATH`` (relative to the transcript's folder), before the first
  turn: the knowledge base the file runs on.  Without it, the runner's default is used
  (``chatbot test --db``, ``CHATBOT_DB``, else the built-in KB).
- ``> QUESTION``: a user turn.
- ``< TEXT``: the exact text the bot must answer to the turn above.  Several ``<`` lines in
  a row make a multi-line answer.  Leading and trailing blanks are ignored.
- ``KIND: VALUE``: a check on the answer to the turn above (see :data:`CHECK_KINDS`).
- ``---``: the end of a conversation; the next turn starts a new one (no context).

A turn without ``<`` or checks is still asked (to set up context) and fails only if the
engine raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from chatbot.errors import ChatbotError

EXTENSION = ".convo"
BUILTIN = "builtin"

#: check kind -> what it compares (for the documentation and error messages)
CHECK_KINDS: dict[str, str] = {
    "status": "the answer's status (answered, clarify, no_data, unknown_role, not_understood)",
    "intent": "the intent that answered ('none' for no intent)",
    "contains": "the answer text contains VALUE (case-sensitive)",
    "not-contains": "the answer text does not contain VALUE",
    "regex": "the answer text matches the Python regular expression VALUE (re.search)",
    "roles": "the answer's roles, comma-separated, in any order ('none' for no role)",
    "attribute": "the attribute the answer is about ('none' for no attribute)",
}
TEXT = "text"  # the kind of a ``<`` check

_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]*)\s*:\s?(.*)$")
_STATUSES = ("answered", "clarify", "no_data", "unknown_role", "not_understood")


class TranscriptSyntaxError(ChatbotError):
    """A transcript file is not well formed; the message names the file and line."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class TranscriptPathError(ChatbotError):
    """A path given to the runner is neither a transcript file nor a folder."""


@dataclass(frozen=True)
class Check:
    """One expectation on an answer: ``kind`` is ``"text"`` (a ``<`` block) or a
    key of :data:`CHECK_KINDS`; ``line`` is where it is written."""

    kind: str
    value: str
    line: int


@dataclass
class Turn:
    """A user turn, the line it is on and the checks of the bot's answer to it."""

    question: str
    line: int
    checks: list[Check] = field(default_factory=list)
    new_conversation: bool = False  # a ``---`` came before this turn


@dataclass
class Transcript:
    """A parsed transcript file."""

    path: Path
    turns: list[Turn]
    kb: str | None = None       # as written: "builtin" or a path; None when not given
    kb_line: int | None = None

    def kb_path(self) -> Path | None:
        """The KB file this transcript names (resolved against its folder), or None for
        the built-in KB.  Only meaningful when :attr:`kb` is set."""
        if self.kb is None or self.kb.lower() == BUILTIN:
            return None
        path = Path(self.kb).expanduser()
        return path if path.is_absolute() else self.path.parent / path

    @property
    def conversations(self) -> int:
        return sum(1 for i, t in enumerate(self.turns) if i == 0 or t.new_conversation)


def _marker_text(line: str) -> str:
    """The text after a one-character marker (``>`` or ``<``) and one optional space."""
    rest = line[1:]
    return rest[1:] if rest.startswith(" ") else rest


def parse_text(text: str, path: str | Path = "<transcript>") -> Transcript:
    """Parse a transcript; raise :class:`TranscriptSyntaxError` naming the line of the
    first problem."""
    name = str(path)
    turns: list[Turn] = []
    kb: str | None = None
    kb_line: int | None = None
    pending_reset = False
    text_lines: list[str] = []     # the current turn's ``<`` block
    text_start = 0
    text_closed = False            # something other than ``<`` followed the block

    def fail(line: int, reason: str) -> TranscriptSyntaxError:
        return TranscriptSyntaxError(name, line, reason)

    def close_text() -> None:
        nonlocal text_lines, text_closed
        if text_lines:
            turns[-1].checks.insert(0, Check(TEXT, "\n".join(text_lines).strip(), text_start))
            text_lines = []
            text_closed = True

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if line.startswith("<"):
            if not turns or pending_reset:
                raise fail(number, "a bot answer ('<') before any user turn ('>') it could answer")
            if text_closed:
                raise fail(number, f"the expected text of this turn was already given at line {text_start}; "
                                   "write a multi-line answer as consecutive '<' lines")
            if not text_lines:
                text_start = number
            text_lines.append(_marker_text(line))
            continue
        if not stripped or stripped.startswith("#"):
            continue
        close_text()
        if line.startswith(">"):
            question = _marker_text(line).strip()
            if not question:
                raise fail(number, "empty user turn: write the question after '>'")
            turns.append(Turn(question, number, new_conversation=pending_reset))
            pending_reset = False
            text_closed = False
            continue
        if stripped == "---":
            if not turns:
                raise fail(number, "'---' before any turn: it separates conversations")
            pending_reset = True
            continue
        match = _KEY_LINE.match(stripped)
        if not match:
            raise fail(number, "expected '> question', '< answer', a check like 'contains: TEXT', "
                               "'kb: builtin|PATH', '---' or a '# comment'")
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "kb":
            if turns:
                raise fail(number, "'kb:' must come before the first turn")
            if kb is not None:
                raise fail(number, f"'kb:' given twice (first at line {kb_line})")
            if not value:
                raise fail(number, "'kb:' needs 'builtin' or the path of a knowledge base file")
            kb, kb_line = value, number
            continue
        if key not in CHECK_KINDS:
            raise fail(number, f"unknown check '{key}:'; the checks are " + ", ".join(f"'{k}:'" for k in CHECK_KINDS))
        if not turns or pending_reset:
            raise fail(number, f"'{key}:' check before any user turn ('>') it could apply to")
        if not value:
            raise fail(number, f"'{key}:' needs a value")
        if key == "status" and value not in _STATUSES:
            raise fail(number, f"unknown status '{value}'; one of: " + ", ".join(_STATUSES))
        if key == "regex":
            try:
                re.compile(value)
            except re.error as exc:
                raise fail(number, f"bad regular expression: {exc}") from None
        turns[-1].checks.append(Check(key, value, number))
    close_text()
    if not turns:
        raise TranscriptSyntaxError(name, None, "no user turns ('> question') in the file")
    return Transcript(Path(path), turns, kb, kb_line)


def parse_file(path: str | Path) -> Transcript:
    """Read and parse a transcript file (UTF-8)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TranscriptSyntaxError(str(path), None, "not UTF-8 text") from None
    except OSError as exc:
        raise TranscriptSyntaxError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    return parse_text(text, p)
