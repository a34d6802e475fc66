"""Intent evaluation, in the manner of ``rasa test nlu`` and Snips: run labelled
questions through an engine and measure how well they are understood.

A labelled question names the ``question`` and its expected ``intent``, and optionally
the ``attribute``, ``roles`` and ``status``.  By default the labelled questions are the
intent files' examples (each labelled with its own intent).  The report gives
per-intent precision, recall and F1, the accuracy of the slots that were labelled, a
confusion matrix of intents, every error, and answered-precision against coverage: of the
questions the bot answers (status ``answered`` or ``no_data``), how many are fully right,
and how many it answers at all.

>>> from chatbot.evaluation import Labelled
>>> Labelled(question="hello", intent="greeting").intent
'greeting'
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chatbot.errors import ChatbotError
from chatbot.models import Answer

__all__ = [
    "ANSWERED_STATUSES",
    "EvalError",
    "EvalReport",
    "IntentScore",
    "Labelled",
    "Outcome",
    "evaluate",
    "examples_of",
    "format_report",
    "load_labelled",
]

NO_INTENT = "none"
ANSWERED_STATUSES = ("answered", "no_data")  # the bot committed to a reading of the question
TOML_TABLE = "example"                       # [[example]] tables of a TOML file
MAX_ERRORS_SHOWN = 50


class EvalError(ChatbotError):
    """A labelled-questions file cannot be read; the message names the file and line."""


class Labelled(BaseModel):
    """One labelled question; unset slots are not checked."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(min_length=1)
    intent: str
    attribute: str | None = None
    roles: list[str] | None = None
    status: str | None = None
    where: str = ""  # file:line, for the error list


class Outcome(BaseModel):
    """What the engine made of one labelled question."""

    item: Labelled
    intent: str
    attribute: str | None
    roles: list[str]
    status: str

    @property
    def intent_ok(self) -> bool:
        return self.intent == self.item.intent

    @property
    def roles_ok(self) -> bool | None:
        if self.item.roles is None:
            return None
        return sorted(r.lower() for r in self.roles) == sorted(r.lower() for r in self.item.roles)

    @property
    def attribute_ok(self) -> bool | None:
        if self.item.attribute is None:
            return None
        return (self.attribute or NO_INTENT) == self.item.attribute

    @property
    def status_ok(self) -> bool | None:
        return None if self.item.status is None else self.status == self.item.status

    @property
    def right(self) -> bool:
        """The intent and every labelled slot and status are as expected."""
        slots = (self.roles_ok, self.attribute_ok, self.status_ok)
        return self.intent_ok and all(ok is not False for ok in slots)

    @property
    def answered(self) -> bool:
        return self.status in ANSWERED_STATUSES


class IntentScore(BaseModel):
    """Precision, recall and F1 of one intent; ``support`` is how many are labelled with it."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int


class EvalReport(BaseModel):
    """The figures of one evaluation (all ratios in 0..1)."""

    total: int
    accuracy: float                       # intent right
    macro_f1: float
    exact: float                          # intent, slots and status right
    role_accuracy: float | None           # over the questions whose roles are labelled
    attribute_accuracy: float | None
    status_accuracy: float | None
    answered_precision: float | None      # right among the answered
    coverage: float                       # answered among all
    intents: list[IntentScore]
    labels: list[str]                     # the rows and columns of the matrix
    confusion: list[list[int]]            # confusion[expected][got]
    errors: list[dict[str, Any]]


class EngineLike(Protocol):
    def ask(self, question: str) -> Answer: ...


def examples_of(engine: Any) -> list[Labelled]:
    """The intent files' examples, each labelled with its intent."""
    return [Labelled(question=e, intent=spec.name, where=f"intent {spec.name}")
            for spec in engine.intents for e in spec.examples]


def _item(data: Any, where: str) -> Labelled:
    if not isinstance(data, dict):
        raise EvalError(f"{where}: expected a table with 'question' and 'intent'")
    try:
        return Labelled(**{**data, "where": where})
    except (ValidationError, TypeError) as exc:
        first = exc.errors()[0] if isinstance(exc, ValidationError) else {"loc": (), "msg": str(exc)}
        field = ".".join(str(p) for p in first["loc"]) or "?"
        raise EvalError(f"{where}: field '{field}': {first['msg']}") from None


def load_labelled(path: str | Path) -> list[Labelled]:
    """Labelled questions from a JSONL file (one object a line) or a TOML file
    (``[[example]]`` tables); raises :class:`EvalError` naming the file and line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if p.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise EvalError(f"{path}: not valid TOML: {exc}") from None
        tables = data.get(TOML_TABLE)
        if not isinstance(tables, list) or not tables:
            raise EvalError(f"{path}: no [[{TOML_TABLE}]] tables")
        return [_item(t, f"{path}:[[{TOML_TABLE}]] {n}") for n, t in enumerate(tables, start=1)]
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not valid JSON: {exc.msg}") from None
        items.append(_item(data, f"{path}:{number}"))
    if not items:
        raise EvalError(f"{path}: no labelled questions")
    return items


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _slot_accuracy(values: Iterable[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return _ratio(sum(known), len(known))


def _intent_scores(outcomes: Sequence[Outcome], labels: list[str]) -> list[IntentScore]:
    scores = []
    for label in labels:
        tp = sum(1 for o in outcomes if o.item.intent == label and o.intent == label)
        predicted = sum(1 for o in outcomes if o.intent == label)
        support = sum(1 for o in outcomes if o.item.intent == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(IntentScore(intent=label, precision=precision, recall=recall, f1=f1, support=support))
    return scores


def _error(o: Outcome) -> dict[str, Any]:
    item = o.item
    expected = {"intent": item.intent, "roles": item.roles, "attribute": item.attribute,
                "status": item.status}
    got = {"intent": o.intent, "roles": o.roles, "attribute": o.attribute, "status": o.status}
    return {"question": o.item.question, "where": o.item.where,
            "expected": {k: v for k, v in expected.items() if v is not None},
            "got": {k: v for k, v in got.items() if expected[k] is not None}}


def evaluate(engine: EngineLike, items: Sequence[Labelled]) -> EvalReport:
    """Ask every question (each in a new conversation) and measure the answers."""
    outcomes = []
    for item in items:
        answer = engine.ask(item.question)
        outcomes.append(Outcome(item=item, intent=answer.intent or NO_INTENT, attribute=answer.attribute,
                                roles=list(answer.roles), status=answer.status))
    labels = sorted({o.item.intent for o in outcomes} | {o.intent for o in outcomes})
    index = {label: n for n, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for o in outcomes:
        confusion[index[o.item.intent]][index[o.intent]] += 1
    scores = _intent_scores(outcomes, sorted({o.item.intent for o in outcomes}))
    answered = [o for o in outcomes if o.answered]
    total = len(outcomes)
    return EvalReport(
        total=total,
        accuracy=_ratio(sum(o.intent_ok for o in outcomes), total) or 0.0,
        macro_f1=sum(s.f1 for s in scores) / len(scores) if scores else 0.0,
        exact=_ratio(sum(o.right for o in outcomes), total) or 0.0,
        role_accuracy=_slot_accuracy(o.roles_ok for o in outcomes),
        attribute_accuracy=_slot_accuracy(o.attribute_ok for o in outcomes),
        status_accuracy=_slot_accuracy(o.status_ok for o in outcomes),
        answered_precision=_ratio(sum(o.right for o in answered), len(answered)),
        coverage=_ratio(len(answered), total) or 0.0,
        intents=scores, labels=labels, confusion=confusion,
        errors=[_error(o) for o in outcomes if not o.right],
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _matrix(report: EvalReport) -> list[str]:
    width = max(len(label) for label in report.labels)
    cell = max(3, *(len(str(n)) for row in report.confusion for n in row))
    short = [str(n) for n in range(1, len(report.labels) + 1)]
    lines = ["confusion matrix (rows: expected, columns: got):",
             " " * (width + 6) + " ".join(f"{s:>{cell}}" for s in short)]
    for n, (label, row) in enumerate(zip(report.labels, report.confusion, strict=True), start=1):
        cells = " ".join(f"{(str(v) if v else '.'):>{cell}}" for v in row)
        lines.append(f"{n:>3}. {label:<{width}} {cells}")
    return lines


def format_report(report: EvalReport) -> str:
    """The report for people: the headline figures, per-intent scores, the matrix, errors."""
    width = max([len("intent"), *(len(s.intent) for s in report.intents)])
    lines = [
        f"questions: {report.total}",
        f"intent accuracy: {_pct(report.accuracy)}   macro F1: {report.macro_f1:.3f}   "
        f"fully right (intent, slots, status): {_pct(report.exact)}",
        f"slot accuracy: roles {_pct(report.role_accuracy)}, attribute {_pct(report.attribute_accuracy)}, "
        f"status {_pct(report.status_accuracy)}",
        f"answered-precision: {_pct(report.answered_precision)} of the answered questions are right; "
        f"coverage: {_pct(report.coverage)} of the questions are answered",
        "",
        f"{'intent':<{width}}  precision  recall     F1  support",
    ]
    lines += [f"{s.intent:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {s.support:7d}"
              for s in report.intents]
    lines += ["", *_matrix(report), ""]
    if report.errors:
        lines.append(f"errors: {len(report.errors)}")
        for e in report.errors[:MAX_ERRORS_SHOWN]:
            expected = ", ".join(f"{k}={v}" for k, v in e["expected"].items())
            got = ", ".join(f"{k}={v}" for k, v in e["got"].items())
            where = f" ({e['where']})" if e["where"] else ""
            lines.append(f"  {e['question']!r}{where}: expected {expected}; got {got}")
        if len(report.errors) > MAX_ERRORS_SHOWN:
            lines.append(f"  ... and {len(report.errors) - MAX_ERRORS_SHOWN} more (see --json)")
    else:
        lines.append("errors: none")
    return "\n".join(lines)

