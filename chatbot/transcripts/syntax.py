"""The transcript format: a conversation written by hand, one line per item.

::

    # Lines starting with # are comments; blank lines are ignored.
    kb: builtin
    > which pays more, production coordinator or production leader?
    < Production coordinators earn more: $49,366 a year vs $44,563 for production leaders ($4,803, ...
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
- ``or`` between two ``<`` blocks: either text is an acceptable answer.
- ``data.PATH: VALUE``: the value at a dotted path of the answer's ``data``.
- ``---``: the end of a conversation; the next turn starts a new one (no context).

Values are checked when the file is read (a status, a regular expression, a source);
intent, attribute and role names when the engine is known
(:func:`chatbot.transcripts.runner.check_names`), each error naming the closest valid name.

A turn without ``<`` or checks is still asked (to set up context) and fails only if the
engine raises.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chatbot.errors import ChatbotError
from chatbot.models import STATUSES

EXTENSION = ".convo"
BUILTIN = "builtin"

#: check kind -> what it compares (for the documentation and error messages)
CHECK_KINDS: dict[str, str] = {
    "status": "the answer's status (" + ", ".join(STATUSES) + ")",
    "intent": "the intent that answered ('none' for no intent)",
    "contains": "the answer text contains VALUE (case-sensitive)",
    "not-contains": "the answer text does not contain VALUE",
    "regex": "the answer text matches the Python regular expression VALUE (re.search)",
    "roles": "the answer's roles, comma-separated, in any order ('none' for no role)",
    "attribute": "the attribute the answer is about ('none' for no attribute)",
    "contains-any": "the answer text contains at least one of the alternatives 'A | B | C'",
    "not-regex": "the answer text does not match the Python regular expression VALUE",
    "not-status": "the answer's status is not VALUE",
    "suggestions": "the roles the answer suggests, comma-separated, in any order ('none' for none)",
    "sources": "the answer cites these 'PAGE:LINE' (or 'PAGE') sources, comma-separated (others may follow)",
    "data.PATH": "the value at PATH (dot-separated keys or list indexes) of the answer's data, e.g. "
                 "'data.winner: process leader'; a list is written comma-separated",
}
DATA_PREFIX = "data."
ALTERNATIVE = "or"        # a line between two '<' blocks: either answer text is accepted
ALTERNATIVES_SEP = " | "  # between the alternatives of 'contains-any:'

TEXT = "text"  # the kind of a ``<`` check

_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]*(?:\.\w[\w ]*?)*)\s*:\s?(.*)$")
MAX_NAMES_LISTED = 12  # a name error lists every valid name when there are at most this many


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
    alternatives: tuple[str, ...] = ()  # other acceptable texts of a ``<`` check (``or``)

    @property
    def texts(self) -> tuple[str, ...]:
        """Every acceptable answer text of a ``<`` check."""
        return (self.value, *self.alternatives)


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


class _Parser:
    """The state of reading one file, line by line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.turns: list[Turn] = []
        self.kb: str | None = None
        self.kb_line: int | None = None
        self.pending_reset = False
        self.blocks: list[list[str]] = []   # the current turn's ``<`` blocks (alternatives)
        self.text_start = 0
        self.text_closed = False            # something other than ``<`` followed the block
        self.want_alternative = False       # an ``or`` line was read

    def fail(self, line: int, reason: str) -> TranscriptSyntaxError:
        return TranscriptSyntaxError(self.name, line, reason)

    def close_text(self) -> None:
        if self.blocks:
            texts = ["\n".join(b).strip() for b in self.blocks]
            self.turns[-1].checks.insert(0, Check(TEXT, texts[0], self.text_start, tuple(texts[1:])))
            self.blocks = []
            self.text_closed = True

    def answer_line(self, number: int, line: str) -> None:
        if not self.turns or self.pending_reset:
            raise self.fail(number, "a bot answer ('<') before any user turn ('>') it could answer")
        if self.want_alternative:
            self.blocks.append([])
            self.want_alternative = False
        elif self.text_closed:
            raise self.fail(number, "the expected text of this turn was already given at line "
                                    f"{self.text_start}; write a multi-line answer as consecutive '<' lines, "
                                    "or put a line "
                                    f"'{ALTERNATIVE}' between two acceptable answers")
        elif not self.blocks:
            self.text_start = number
            self.blocks.append([])
        self.blocks[-1].append(_marker_text(line))

    def other_line(self, number: int, line: str, stripped: str) -> None:
        if stripped == ALTERNATIVE and self.blocks and not self.want_alternative:
            self.want_alternative = True
            return
        if self.want_alternative:
            raise self.fail(number, f"'{ALTERNATIVE}' must be followed by another '<' answer")
        self.close_text()
        if line.startswith(">"):
            question = _marker_text(line).strip()
            if not question:
                raise self.fail(number, "empty user turn: write the question after '>'")
            self.turns.append(Turn(question, number, new_conversation=self.pending_reset))
            self.pending_reset = False
            self.text_closed = False
        elif stripped == "---":
            if not self.turns:
                raise self.fail(number, "'---' before any turn: it separates conversations")
            self.pending_reset = True
        else:
            self.key_line(number, stripped)

    def key_line(self, number: int, stripped: str) -> None:
        match = _KEY_LINE.match(stripped)
        if not match:
            raise self.fail(number, "expected '> question', '< answer', a check like 'contains: TEXT', "
                                    "'kb: builtin|PATH', '---' or a '# comment'")
        key, value = match.group(1), match.group(2).strip()
        if not key.lower().startswith(DATA_PREFIX):
            key = key.lower()  # data paths keep their case: they are keys of the answer's data
        if key == "kb":
            self.kb_setting(number, value)
            return
        if key not in CHECK_KINDS and not (key.startswith(DATA_PREFIX) and len(key) > len(DATA_PREFIX)):
            raise self.fail(number, f"unknown check '{key}:'{_closest(key, CHECK_KINDS)}; the checks are "
                            + ", ".join(f"'{k}:'" for k in CHECK_KINDS))
        if not self.turns or self.pending_reset:
            raise self.fail(number, f"'{key}:' check before any user turn ('>') it could apply to")
        if not value:
            raise self.fail(number, f"'{key}:' needs a value")
        problem = _value_problem(key, value)
        if problem:
            raise self.fail(number, problem)
        self.turns[-1].checks.append(Check(key, value, number))

    def kb_setting(self, number: int, value: str) -> None:
        if self.turns:
            raise self.fail(number, "'kb:' must come before the first turn")
        if self.kb is not None:
            raise self.fail(number, f"'kb:' given twice (first at line {self.kb_line})")
        if not value:
            raise self.fail(number, "'kb:' needs 'builtin' or the path of a knowledge base file")
        self.kb, self.kb_line = value, number


def _closest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest of ``choices``, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_name(what: str, value: str, valid: Iterable[str]) -> str:
    """The message for a name that is not one of ``valid``: the closest, then all when few."""
    names = sorted(set(valid))
    listing = f"; one of: {', '.join(names)}" if len(names) <= MAX_NAMES_LISTED else ""
    return f"unknown {what} '{value}'{_closest(value, names)}{listing}"


def _value_problem(key: str, value: str) -> str | None:
    if key in ("status", "not-status") and value not in STATUSES:
        return unknown_name("status", value, STATUSES)
    if key in ("regex", "not-regex"):
        try:
            re.compile(value)
        except re.error as exc:
            return f"bad regular expression: {exc}"
    if key == "contains-any" and not [a for a in value.split(ALTERNATIVES_SEP.strip()) if a.strip()]:
        return "'contains-any:' needs alternatives separated by ' | '"
    if key == "sources":
        for item in split_list(value):
            page, _, line = item.rpartition(":")
            if page and not line.isdigit():
                return f"bad source '{item}': write PAGE:LINE or PAGE"
    return None


def split_list(value: str) -> list[str]:
    """The comma-separated items of a check value, stripped."""
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_text(text: str, path: str | Path = "<transcript>") -> Transcript:
    """Parse a transcript; raise :class:`TranscriptSyntaxError` naming the line of the
    first problem."""
    parser = _Parser(str(path))
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if line.startswith("<"):
            parser.answer_line(number, line)
        elif stripped and not stripped.startswith("#"):
            parser.other_line(number, line, stripped)
    if parser.want_alternative:
        reason = f"the file ends after '{ALTERNATIVE}': give another '<' answer"
        raise TranscriptSyntaxError(parser.name, None, reason)
    parser.close_text()
    if not parser.turns:
        raise TranscriptSyntaxError(parser.name, None, "no user turns ('> question') in the file")
    return Transcript(Path(path), parser.turns, parser.kb, parser.kb_line)


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
