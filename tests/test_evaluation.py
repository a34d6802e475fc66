"""``chatbot eval``: metrics on a small labelled set with a known confusion (a scripted
engine), the intent examples on the real engine (the CI gate), files and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatbot.cli.main import main
from chatbot.evaluation import EvalError, Labelled, evaluate, format_report, load_labelled
from chatbot.models import Answer

SCRIPT = {
    # question: (intent got, status, roles, attribute)
    "a": ("compare", "answered", [], None),
    "b": ("fact", "answered", [], None),
    "c": ("fact", "answered", ["x"], None),
    "d": (None, "not_understood", [], None),
    "e": ("fact", "answered", [], "hourly_rate"),
}
LABELLED = [
    Labelled(question="a", intent="compare"),
    Labelled(question="b", intent="compare"),                    # compare read as fact
    Labelled(question="c", intent="fact", roles=["x"]),
    Labelled(question="d", intent="fact"),                       # not understood
    Labelled(question="e", intent="fact", attribute="yearly_salary"),  # right intent, wrong slot
]


class ScriptedEngine:
    def ask(self, question: str) -> Answer:
        intent, status, roles, attribute = SCRIPT[question]
        return Answer(text=question, status=status, intent=intent, roles=roles, attribute=attribute)


def test_metrics_with_a_known_confusion() -> None:
    report = evaluate(ScriptedEngine(), LABELLED)
    assert report.total == 5
    assert report.accuracy == pytest.approx(3 / 5)
    scores = {s.intent: s for s in report.intents}
    assert (scores["compare"].precision, scores["compare"].recall) == (1.0, 0.5)
    assert scores["compare"].f1 == pytest.approx(2 / 3) and scores["compare"].support == 2
    assert scores["fact"].precision == pytest.approx(2 / 3) and scores["fact"].recall == pytest.approx(2 / 3)
    assert report.macro_f1 == pytest.approx(2 / 3)
    assert report.labels == ["compare", "fact", "none"]
    assert report.confusion == [[1, 1, 0], [0, 2, 1], [0, 0, 0]]
    assert report.role_accuracy == 1.0 and report.attribute_accuracy == 0.0 and report.status_accuracy is None
    assert report.answered_precision == pytest.approx(2 / 4)    # a and c right among a, b, c, e
    assert report.coverage == pytest.approx(4 / 5)
    assert report.exact == pytest.approx(2 / 5)
    assert [e["question"] for e in report.errors] == ["b", "d", "e"]
    assert report.errors[2]["expected"] == {"intent": "fact", "attribute": "yearly_salary"}
    assert report.errors[2]["got"] == {"intent": "fact", "attribute": "hourly_rate"}


def test_the_text_report() -> None:
    text = format_report(evaluate(ScriptedEngine(), LABELLED))
    assert "intent accuracy: 60.0%" in text
    assert "answered-precision: 50.0% of the answered questions are right; coverage: 80.0%" in text
    assert "compare      1.000   0.500  0.667        2" in text
    assert "  1. compare   1   1   ." in text and "  3. none      .   .   ." in text
    assert "'b': expected intent=compare; got intent=fact" in text


def test_the_intent_examples_pass_the_ci_gate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--min-accuracy", "0.95"]) == 0
    out = capsys.readouterr().out
    assert "intent accuracy: 100.0%" in out and "errors: none" in out


def test_min_accuracy_fails_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join([
        json.dumps({"question": "which pays more, production coordinator or production leader?",
                    "intent": "compare",
                    "roles": ["production leader", "production coordinator"], "attribute": "yearly_salary",
                    "status": "answered"}),
        "# a comment, then a deliberately wrong label",
        json.dumps({"question": "hello", "intent": "thanks"}),
    ]) + "\n", encoding="utf-8")
    assert main(["eval", str(path), "--min-accuracy", "0.9"]) == 1
    captured = capsys.readouterr()
    assert "intent accuracy 0.500 is under --min-accuracy 0.9" in captured.err
    assert f"'hello' ({path}:3): expected intent=thanks; got intent=greeting" in captured.out
    assert main(["eval", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["accuracy"] == 0.5 and data["role_accuracy"] == 1.0 and data["confusion"]


def test_toml_files(tmp_path: Path) -> None:
    path = tmp_path / "labelled.toml"
    path.write_text('[[example]]\nquestion = "bye"\nintent = "goodbye"\n', encoding="utf-8")
    assert load_labelled(path) == [Labelled(question="bye", intent="goodbye", where=f"{path}:[[example]] 1")]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.jsonl", '{"question": "x"}\n', "bad.jsonl:1: field 'intent'"),
    ("bad.jsonl", '{"question": "x", "intent": "a"}\nnot json\n', "bad.jsonl:2: not valid JSON"),
    ("bad.jsonl", '{"question": "x", "intent": "a", "colour": 1}\n', "field 'colour'"),
    ("empty.jsonl", "\n", "no labelled questions"),
    ("bad.toml", "[[example]\n", "not valid TOML"),
    ("none.toml", "x = 1\n", "no [[example]] tables"),
])
def test_file_errors_name_the_file_and_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalError) as err:
        load_labelled(path)
    assert message in str(err.value)


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path / "missing.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chatbot: ") and err.count("\n") == 1
    assert main(["eval", "--min-accuracy", "2"]) == 2
