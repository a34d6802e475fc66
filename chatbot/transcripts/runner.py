"""Running transcripts against an engine and reporting what failed, where.

The runner needs only ``engine.conversation().ask(question) -> Answer``; which engine
runs a file is decided by a factory (``Path`` of a KB file, or ``None`` for the built-in
KB), so tests can pass a fake one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chatbot.errors import ChatbotError
from chatbot.models import Answer
from chatbot.protocols import EngineLike
from chatbot.transcripts.syntax import (
    ALTERNATIVE,
    ALTERNATIVES_SEP,
    DATA_PREFIX,
    EXTENSION,
    TEXT,
    Check,
    Transcript,
    TranscriptPathError,
    TranscriptSyntaxError,
    parse_file,
    split_list,
    unknown_name,
)

CARET_MAX_COLUMN = 300  # point at the first difference only in texts shorter than this


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
        if self.kind in HEADLINES:
            return HEADLINES[self.kind]
        return "data differs" if self.kind.startswith(DATA_PREFIX) else f"{self.kind} check failed"

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
    for i, (a, b) in enumerate(zip(expected, actual, strict=False)):
        if a != b:
            return i if i < CARET_MAX_COLUMN else None
    shorter = min(len(expected), len(actual))
    return shorter if expected != actual and shorter < CARET_MAX_COLUMN else None


@dataclass(frozen=True)
class CheckResult:
    """One check of a turn and what it gave (for the JSON report)."""

    kind: str
    line: int
    ok: bool
    expected: str
    actual: str


@dataclass
class TurnRecord:
    """One turn as it ran: the question, the answer's text and status, every check."""

    line: int
    question: str
    text: str | None
    status: str | None
    checks: list[CheckResult] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(c.ok for c in self.checks)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 turn``, ``2 turns``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


@dataclass
class TranscriptResult:
    """What running one transcript file gave."""

    path: Path
    turns: int = 0
    failures: list[Failure] = field(default_factory=list)
    error: str | None = None  # the file could not be parsed or its KB opened
    records: list[TurnRecord] = field(default_factory=list)
    seconds: float = 0.0

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
            return f"FAIL  {name} ({plural(self.turns, 'turn')}, {self.failing_turns()} failing)"
        return f"ok    {name} ({plural(self.turns, 'turn')})"

    def details(self) -> str:
        """The failures (or the error), for a report or a pytest failure."""
        if self.error is not None:
            return self.error
        return "\n\n".join(f.format() for f in self.failures)


@dataclass
class RunReport:
    """The results of a run over several files."""

    results: list[TranscriptResult] = field(default_factory=list)
    stopped_early: bool = False  # --fail-fast stopped the run after a failure

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
        if self.stopped_early:
            parts.append("stopped after the first failure (--fail-fast)")
        parts.append(f"{self.passed} passed, {self.failed} failed")
        return "\n\n".join(p for p in parts if p)


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _none_or(value: str) -> str | None:
    return None if value.lower() == "none" else value


def _name_set(text: str) -> set[str]:
    return set() if text.strip().lower() == "none" else {part.lower() for part in split_list(text)}


def _data_at(data: Any, path: str) -> tuple[bool, Any]:
    """The value at a dotted ``path`` of ``data`` (keys, or indexes of lists)."""
    value = data
    for key in path.split("."):
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return False, None
    return True, value


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return "none"
    return str(value)


def _same_data(expected: str, value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return abs(float(expected.replace(",", "")) - float(value)) < 1e-9
        except ValueError:
            return False
    if isinstance(value, list):
        return [e.lower() for e in split_list(expected)] == [_as_text(v).lower() for v in value]
    return expected.strip().lower() == _as_text(value).strip().lower()


def _cites(answer: Answer, wanted: str) -> bool:
    page, _, line = wanted.rpartition(":")
    if not page or not line.isdigit():
        page, line = wanted, ""
    for source in answer.sources:
        same_page = source.page == page or Path(source.page).name == Path(page).name
        if same_page and (not line or source.line == int(line)):
            return True
    return False


def _sources_text(answer: Answer) -> str:
    return ", ".join(f"{s.page}:{s.line}" for s in answer.sources) or "none"


def _check_text(check: Check, text: str) -> tuple[bool, str, str]:
    ok = any(_normalise(text) == _normalise(t) for t in check.texts)
    return ok, ("\n" + ALTERNATIVE + "\n").join(check.texts), text


Verdict = tuple[bool, str, str]  # passed, expected side, actual side


def _check_contains_any(value: str, answer: Answer) -> Verdict:
    options = [a.strip() for a in value.split(ALTERNATIVES_SEP.strip()) if a.strip()]
    return any(o in answer.text for o in options), f"contains-any: {value}", answer.text


def _check_roles(value: str, answer: Answer) -> Verdict:
    return _name_set(value) == {r.lower() for r in answer.roles}, value, ", ".join(answer.roles) or "none"


def _check_suggestions(value: str, answer: Answer) -> Verdict:
    actual = ", ".join(answer.suggestions) or "none"
    return _name_set(value) == {r.lower() for r in answer.suggestions}, value, actual


#: check kind -> (the headline of its failure, how it is evaluated); the kinds are those
#: the parser accepts (:data:`chatbot.transcripts.syntax.CHECK_KINDS`), ``data.PATH`` aside
CHECKS: dict[str, tuple[str, Callable[[str, Answer], Verdict]]] = {
    "status": ("status differs", lambda v, a: (a.status == v, v, a.status)),
    "not-status": ("status is one it must not be", lambda v, a: (a.status != v, f"not {v}", a.status)),
    "intent": ("intent differs", lambda v, a: (a.intent == _none_or(v), v, a.intent or "none")),
    "contains": ("answer does not contain the expected text",
                 lambda v, a: (v in a.text, f"contains: {v}", a.text)),
    "not-contains": ("answer contains a text it must not",
                     lambda v, a: (v not in a.text, f"not-contains: {v}", a.text)),
    "contains-any": ("answer contains none of the alternatives", _check_contains_any),
    "regex": ("answer does not match the pattern",
              lambda v, a: (re.search(v, a.text) is not None, f"regex: {v}", a.text)),
    "not-regex": ("answer matches a pattern it must not",
                  lambda v, a: (re.search(v, a.text) is None, f"not-regex: {v}", a.text)),
    "roles": ("roles differ", _check_roles),
    "suggestions": ("suggestions differ", _check_suggestions),
    "attribute": ("attribute differs", lambda v, a: (a.attribute == _none_or(v), v, a.attribute or "none")),
    "sources": ("a source is not cited",
                lambda v, a: (all(_cites(a, w) for w in split_list(v)), v, _sources_text(a))),
}
HEADLINES: dict[str, str] = {
    TEXT: "answer text differs",
    "error": "the engine raised an error",
    **{kind: headline for kind, (headline, _) in CHECKS.items()},
}


def evaluate(check: Check, answer: Answer) -> Verdict:
    """Whether ``answer`` passes ``check``, with the expected and actual sides to show."""
    kind, value = check.kind, check.value
    if kind == TEXT:
        return _check_text(check, answer.text)
    if kind in CHECKS:
        return CHECKS[kind][1](value, answer)
    if kind.startswith(DATA_PREFIX):
        found, got = _data_at(answer.data, kind[len(DATA_PREFIX):])
        return found and _same_data(value, got), value, _as_text(got) if found else "(not in the data)"
    raise ValueError(f"unknown check kind {kind!r}")  # pragma: no cover - the parser rejects it


def run_transcript(transcript: Transcript, engine: EngineLike) -> TranscriptResult:
    """Ask every turn (a new conversation after each ``---``) and check the answers.

    Every failing check is recorded and the run goes on to the next turns."""
    result = TranscriptResult(transcript.path)
    started = time.perf_counter()
    conversation = None
    for turn in transcript.turns:
        if conversation is None or turn.new_conversation:
            conversation = engine.conversation()
        result.turns += 1
        try:
            answer = conversation.ask(turn.question)
        except Exception as exc:  # noqa: BLE001 - a transcript reports, it does not crash
            error = f"{type(exc).__name__}: {exc}"
            result.failures.append(Failure(transcript.path, turn.line, turn.line, turn.question, "error",
                                           "an answer", error))
            result.records.append(TurnRecord(turn.line, turn.question, None, None, error=error))
            continue
        record = TurnRecord(turn.line, turn.question, answer.text, answer.status)
        for check in turn.checks:
            ok, expected, actual = evaluate(check, answer)
            record.checks.append(CheckResult(check.kind, check.line, ok, expected, actual))
            if not ok:
                result.failures.append(Failure(transcript.path, check.line, turn.line, turn.question,
                                               check.kind, expected, actual))
        result.records.append(record)
    result.seconds = time.perf_counter() - started
    return result


def check_names(transcript: Transcript, engine: EngineLike) -> None:
    """Raise :class:`TranscriptSyntaxError` at the line of an intent, attribute or role
    name the engine does not know, naming the closest valid one.  An engine that does
    not tell its names (a test double) is not checked."""
    known = _known_names(engine)
    if known is None:
        return
    for turn in transcript.turns:
        for check in turn.checks:
            what, valid = _names_for(check.kind, known)
            if not valid:
                continue
            items = [check.value] if what != "role" else split_list(check.value)
            for item in items:
                if item.lower() != "none" and item.lower() not in valid:
                    reason = unknown_name(what, item, valid)
                    raise TranscriptSyntaxError(str(transcript.path), check.line, reason)


def _known_names(engine: EngineLike) -> dict[str, set[str]] | None:
    intents = getattr(engine, "intents_by_name", None)
    vocabulary = getattr(engine, "vocabulary", None)
    role_names = getattr(engine, "role_names", None)
    if not isinstance(intents, dict) or vocabulary is None or role_names is None:
        return None
    return {"intent": set(intents), "attribute": {a.name for a in vocabulary.attribute},
            "role": {r.lower() for r in role_names()}}


def _names_for(kind: str, known: dict[str, set[str]]) -> tuple[str, set[str]]:
    if kind == "intent":
        return "intent", known["intent"]
    if kind == "attribute":
        return "attribute", known["attribute"]
    if kind in ("roles", "suggestions"):
        return "role", known["role"]
    return "", set()


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


def open_engine(kb: Path | None, intents: Path | None = None) -> EngineLike:
    """The real engine on ``kb`` (a KB file), or on the built-in KB when ``kb`` is None
    (the library reads no environment); ``intents`` is another intents folder."""
    from chatbot.opening import open_engine as open_kb

    return open_kb(kb, intents)


class EngineCache:
    """Opens each KB once for a whole run (``factory`` defaults to :func:`open_engine`)."""

    def __init__(self, factory: EngineFactory | None = None) -> None:
        self.factory: EngineFactory = factory or open_engine
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
        where = f"{display_path(path)}:{exc.line}" if exc.line else display_path(path)
        return TranscriptResult(path, error=f"{where}: {exc.reason}")
    kb = resolve_kb(transcript, default_kb)
    try:
        engine = engines(kb)
    except Exception as exc:  # noqa: BLE001 - reported per file
        where = f"{display_path(path)}:{transcript.kb_line}" if transcript.kb_line else display_path(path)
        reason = str(exc) if isinstance(exc, ChatbotError) else f"{type(exc).__name__}: {exc}"
        return TranscriptResult(path, error=f"{where}: cannot open the knowledge base: {reason}")
    try:
        check_names(transcript, engine)
    except TranscriptSyntaxError as exc:
        return TranscriptResult(path, error=f"{display_path(path)}:{exc.line}: {exc.reason}")
    return run_transcript(transcript, engine)


def matches(path: Path, pattern: str | None) -> bool:
    """Whether a transcript is selected by ``-k PATTERN``: a case-insensitive substring of
    its path, or ``not SUBSTRING``."""
    if not pattern:
        return True
    name = display_path(path).lower()
    words = pattern.strip().lower()
    if words.startswith("not "):
        return words[4:].strip() not in name
    return words in name


def run_files(paths: Iterable[Path], engines: EngineFactory | None = None,
              default_kb: Path | None = None, *, fail_fast: bool = False) -> RunReport:
    """Run transcript files, each KB opened once; see :meth:`RunReport.format`.
    With ``fail_fast``, stop after the first file that does not pass."""
    cache = engines if isinstance(engines, EngineCache) else EngineCache(engines)
    report = RunReport()
    for p in paths:
        report.results.append(run_path(Path(p), cache, default_kb))
        if fail_fast and not report.results[-1].passed:
            report.stopped_early = True
            break
    return report
