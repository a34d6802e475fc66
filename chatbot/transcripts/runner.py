"""Running transcripts against an engine and reporting what failed, where.

The runner needs only ``engine.conversation().ask(question) -> Answer``; which engine
runs a file is decided by a factory (``Path`` of a KB file, or ``None`` for the built-in
KB), so tests can pass a fake one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from chatbot.errors import ChatbotError
from chatbot.models import Answer
from chatbot.paths import DB_ENV_VAR
from chatbot.transcripts.syntax import (
    EXTENSION,
    TEXT,
    Check,
    Transcript,
    TranscriptPathError,
    TranscriptSyntaxError,
    parse_file,
)

CARET_MAX_COLUMN = 300  # point at the first difference only in texts shorter than this


class ConversationLike(Protocol):
    def ask(self, question: str) -> Answer: ...


class EngineLike(Protocol):
    def conversation(self) -> Any: ...


EngineFactory = Callable[[Path | None], EngineLike]


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Failure:
    """One failed check (or an engine error) at a line of a transcript."""

    path: Path
    line: int               # the line of the check that failed (or of the turn)
    turn_line: int          # the line of the user turn
    question: str
    kind: str               # a check kind, "text", or "error"
    expected: str
    actual: str

    @property
    def where(self) -> str:
        return f"{display_path(self.path)}:{self.line}"

    def headline(self) -> str:
        return {
            TEXT: "answer text differs",
            "status": "status differs",
            "intent": "intent differs",
            "contains": "answer does not contain the expected text",
            "not-contains": "answer contains a text it must not",
            "regex": "answer does not match the pattern",
            "roles": "roles differ",
            "attribute": "attribute differs",
            "error": "the engine raised an error",
        }.get(self.kind, f"{self.kind} check failed")

    def format(self) -> str:
        """Expected and actual one above the other, aligned, after the file and line."""
        lines = [
            f"{self.where}: {self.headline()}",
            f"  turn (line {self.turn_line}): > {self.question}",
            _labelled("expected", self.expected),
            _labelled("actual", self.actual),
        ]
        caret = _caret(self.expected, self.actual) if self.kind == TEXT else None
        if caret is not None:
            lines.append(" " * (len("  expected: ") + caret) + "^ first difference")
        return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    head = f"  {label + ':':<9} "
    body = text.splitlines() or [""]
    return "\n".join([head + body[0]] + [" " * len(head) + rest for rest in body[1:]])


def _caret(expected: str, actual: str) -> int | None:
    if "\n" in expected or "\n" in actual:
        return None
    for i, (a, b) in enumerate(zip(expected, actual)):
        if a != b:
            return i if i < CARET_MAX_COLUMN else None
    shorter = min(len(expected), len(actual))
    return shorter if expected != actual and shorter < CARET_MAX_COLUMN else None


@dataclass
class TranscriptResult:
    """What running one transcript file gave."""

    path: Path
    turns: int = 0
    failures: list[Failure] = field(default_factory=list)
    error: str | None = None  # the file could not be parsed or its KB opened

    @property
    def passed(self) -> bool:
        return self.error is None and not self.failures

    def failing_turns(self) -> int:
        return len({f.turn_line for f in self.failures})

    def status_line(self) -> str:
        name = display_path(self.path)
        if self.error is not None:
            return f"ERROR {name}"
        if self.failures:
            return f"FAIL  {name} ({self.turns} turns, {self.failing_turns()} failing)"
        return f"ok    {name} ({self.turns} turns)"

    def details(self) -> str:
        """The failures (or the error), for a report or a pytest failure."""
        if self.error is not None:
            return self.error
        return "\n\n".join(f.format() for f in self.failures)


@dataclass
class RunReport:
    """The results of a run over several files."""

    results: list[TranscriptResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def ok(self) -> bool:
        return self.failed == 0 and bool(self.results)

    def format(self) -> str:
        """One line per file, the details of every failure, and ``N passed, N failed``."""
        parts = ["\n".join(r.status_line() for r in self.results)]
        for result in self.results:
            if not result.passed:
                parts.append(result.details())
        parts.append(f"{self.passed} passed, {self.failed} failed")
        return "\n\n".join(p for p in parts if p)


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _none_or(value: str) -> str | None:
    return None if value.lower() == "none" else value


def _role_set(text: str) -> set[str]:
    return {part.strip().lower() for part in text.split(",") if part.strip()}


def evaluate(check: Check, answer: Answer) -> tuple[bool, str, str]:
    """Whether ``answer`` passes ``check``, with the expected and actual sides to show."""
    text = answer.text
    kind, value = check.kind, check.value
    if kind == TEXT:
        return _normalise(text) == _normalise(value), value, text
    if kind == "status":
        return answer.status == value, value, answer.status
    if kind == "intent":
        return answer.intent == _none_or(value), value, answer.intent or "none"
    if kind == "contains":
        return value in text, f"contains: {value}", text
    if kind == "not-contains":
        return value not in text, f"not-contains: {value}", text
    if kind == "regex":
        return re.search(value, text) is not None, f"regex: {value}", text
    if kind == "roles":
        expected = set() if value.lower() == "none" else _role_set(value)
        actual = {r.lower() for r in answer.roles}
        return expected == actual, value, ", ".join(answer.roles) or "none"
    if kind == "attribute":
        return answer.attribute == _none_or(value), value, answer.attribute or "none"
    raise ValueError(f"unknown check kind {kind!r}")  # pragma: no cover - the parser rejects it


def run_transcript(transcript: Transcript, engine: EngineLike) -> TranscriptResult:
    """Ask every turn (a new conversation after each ``---``) and check the answers.

    Every failing check is recorded and the run goes on to the next turns."""
    result = TranscriptResult(transcript.path)
    conversation = None
    for turn in transcript.turns:
        if conversation is None or turn.new_conversation:
            conversation = engine.conversation()
        result.turns += 1
        try:
            answer = conversation.ask(turn.question)
        except Exception as exc:  # noqa: BLE001 - a transcript reports, it does not crash
            result.failures.append(Failure(transcript.path, turn.line, turn.line, turn.question, "error",
                                           "an answer", f"{type(exc).__name__}: {exc}"))
            continue
        for check in turn.checks:
            ok, expected, actual = evaluate(check, answer)
            if not ok:
                result.failures.append(Failure(transcript.path, check.line, turn.line, turn.question,
                                               check.kind, expected, actual))
    return result


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The transcript files named or found (recursively, ``*.convo``) in folders, in a
    stable order; raise :class:`TranscriptPathError` for a path that does not exist."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{EXTENSION}") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise TranscriptPathError(f"{item}: no such transcript file or folder")
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p, None)
    return list(unique)


@contextmanager
def _without_env(name: str) -> Iterator[None]:
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


def open_engine(kb: Path | None) -> EngineLike:
    """The real engine on ``kb`` (a KB file), or on the built-in KB when ``kb`` is None
    (whatever ``CHATBOT_DB`` says)."""
    from chatbot.engine import Engine

    if kb is None:
        with _without_env(DB_ENV_VAR):
            return Engine()
    from chatbot.kb.store import check_file

    check_file(kb)
    return Engine(db=kb)


class EngineCache:
    """Opens each KB once for a whole run (``factory`` defaults to :func:`open_engine`)."""

    def __init__(self, factory: EngineFactory | None = None) -> None:
        self.factory = factory or open_engine
        self._engines: dict[Path | None, EngineLike] = {}

    def __call__(self, kb: Path | None) -> EngineLike:
        key = kb.resolve() if kb is not None else None
        if key not in self._engines:
            self._engines[key] = self.factory(kb)
        return self._engines[key]


def resolve_kb(transcript: Transcript, default_kb: Path | None) -> Path | None:
    """The KB a transcript runs on: its ``kb:`` line, else the run's default."""
    return transcript.kb_path() if transcript.kb is not None else default_kb


def run_path(path: Path, engines: EngineFactory, default_kb: Path | None = None) -> TranscriptResult:
    """Parse, open the KB and run one file; problems become the result's ``error``."""
    try:
        transcript = parse_file(path)
    except TranscriptSyntaxError as exc:
        return TranscriptResult(path, error=f"{display_path(path)}{':' + str(exc.line) if exc.line else ''}: {exc.reason}")
    kb = resolve_kb(transcript, default_kb)
    try:
        engine = engines(kb)
    except Exception as exc:  # noqa: BLE001 - reported per file
        where = f"{display_path(path)}:{transcript.kb_line}" if transcript.kb_line else display_path(path)
        reason = str(exc) if isinstance(exc, ChatbotError) else f"{type(exc).__name__}: {exc}"
        return TranscriptResult(path, error=f"{where}: cannot open the knowledge base: {reason}")
    return run_transcript(transcript, engine)


def run_files(paths: Iterable[Path], engines: EngineFactory | None = None,
              default_kb: Path | None = None) -> RunReport:
    """Run transcript files, each KB opened once; see :meth:`RunReport.format`."""
    cache = engines if isinstance(engines, EngineCache) else EngineCache(engines)
    return RunReport([run_path(Path(p), cache, default_kb) for p in paths])
