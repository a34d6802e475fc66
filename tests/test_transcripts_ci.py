"""Transcripts for maintainers: the richer checks (each validated when read, with the
closest valid name), alternative replies, JUnit XML and JSON reports, -k, --fail-fast,
the pytest plugin in another project, record mode, and plural-correct summaries.

These run against the real engine on the built-in KB."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chatbot.cli.main import main
from chatbot.engine import Engine
from chatbot.transcripts import TranscriptSyntaxError, parse_text, run_files, run_transcript
from chatbot.transcripts.runner import TranscriptResult, check_names
from tests.pytest_runs import PYTEST

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COMPARE_Q = "which pays more, production coordinator or production leader?"
COMPARE_A = ("Production coordinators earn more: $49,366 a year vs $44,563 for production leaders "
             "($4,803, 10.8% more).")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def run(engine: Engine, text: str) -> TranscriptResult:
    transcript = parse_text(text, "t.convo")
    check_names(transcript, engine)
    return run_transcript(transcript, engine)


# ---------------------------------------------------------------- the new checks

CHECKS = [
    # (check line under the comparison question, passes?)
    ("contains-any: $1 | $49,366 | nothing", True),
    ("contains-any: $1 | $2", False),
    ("not-regex: \\$5\\d,\\d{3}", True),
    ("not-regex: \\$49,\\d{3}", False),
    ("not-status: clarify", True),
    ("not-status: answered", False),
    ("suggestions: none", True),
    ("suggestions: process leader", False),
    ("sources: knowledge/000_da7e6f87fe9964ce.txt:12", True),
    ("sources: 000_da7e6f87fe9964ce.txt:5, 000_da7e6f87fe9964ce.txt", True),
    ("sources: 000_da7e6f87fe9964ce.txt:999", False),
    ("data.winner: production coordinator", True),
    ("data.winner: production leader", False),
    ("data.difference: 4,803", True),
    ("data.percent: 10.8", True),
    ("data.values.production coordinator: 49366", True),
    ("data.nowhere: 1", False),
]


@pytest.mark.parametrize(("check", "passes"), CHECKS)
def test_each_new_check_kind(engine: Engine, check: str, passes: bool) -> None:
    result = run(engine, f"> {COMPARE_Q}\n{check}\n")
    assert result.passed is passes, result.details()
    if not passes:
        assert result.failures[0].line == 2 and result.failures[0].where == "t.convo:2"


def test_suggestions_of_a_clarifying_question(engine: Engine) -> None:
    result = run(engine, "> how much does a leader make?\nstatus: clarify\n"
                         "suggestions: production leader, process leader\n")
    assert result.passed, result.details()


def test_several_acceptable_replies(engine: Engine) -> None:
    text = f"> {COMPARE_Q}\n< Something else entirely.\nor\n< {COMPARE_A}\n"
    assert run(engine, text).passed
    failing = run(engine, f"> {COMPARE_Q}\n< One.\nor\n< Two.\n")
    assert not failing.passed
    assert "One.\nor\nTwo." in failing.failures[0].expected


@pytest.mark.parametrize(("text", "line", "message"), [
    ("> hi\nstatus: answred\n", 2, "unknown status 'answred' (did you mean 'answered'?)"),
    ("> hi\nnot-status: clarfy\n", 2, "unknown status 'clarfy' (did you mean 'clarify'?)"),
    ("> hi\ncontians: x\n", 2, "unknown check 'contians:' (did you mean 'contains'?)"),
    ("> hi\nnot-regex: (\n", 2, "bad regular expression"),
    ("> hi\nsources: page.txt:x\n", 2, "bad source 'page.txt:x'"),
    ("> hi\n< a\nor\nstatus: answered\n", 4, "'or' must be followed by another '<' answer"),
])
def test_syntax_errors_name_the_line_and_closest_name(text: str, line: int, message: str) -> None:
    with pytest.raises(TranscriptSyntaxError) as err:
        parse_text(text, "t.convo")
    assert err.value.line == line and message in err.value.reason


@pytest.mark.parametrize(("check", "message"), [
    ("intent: greting", "unknown intent 'greting' (did you mean 'greeting'?)"),
    ("attribute: yearly_salry", "unknown attribute 'yearly_salry' (did you mean 'yearly_salary'?)"),
    ("roles: production coordinater, production leader",
     "unknown role 'production coordinater' (did you mean 'production coordinator'?)"),
    ("suggestions: proces leader", "unknown role 'proces leader' (did you mean 'process leader'?)"),
])
def test_names_are_checked_against_the_engine(engine: Engine, check: str, message: str) -> None:
    transcript = parse_text(f"# names\n> {COMPARE_Q}\n{check}\n", "t.convo")
    with pytest.raises(TranscriptSyntaxError) as err:
        check_names(transcript, engine)
    assert err.value.line == 3 and message in err.value.reason


def test_a_bad_name_fails_the_file_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.convo"
    path.write_text(f"> {COMPARE_Q}\nintent: compair\n", encoding="utf-8")
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: unknown intent 'compair' (did you mean 'compare'?)" in out


def test_summaries_use_correct_plurals(tmp_path: Path) -> None:
    (tmp_path / "one.convo").write_text("> hello\n", encoding="utf-8")
    (tmp_path / "two.convo").write_text("> hello\nstatus: clarify\n> bye\n", encoding="utf-8")
    report = run_files(sorted(tmp_path.glob("*.convo")))
    lines = report.format().splitlines()
    assert lines[0].endswith("one.convo (1 turn)")
    assert lines[1].endswith("two.convo (2 turns, 1 failing)")


# ---------------------------------------------------------------- CI reports, -k, --fail-fast


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    folder = tmp_path / "convos"
    folder.mkdir()
    (folder / "a_pass.convo").write_text(f"> {COMPARE_Q}\n< {COMPARE_A}\nstatus: answered\n",
                                         encoding="utf-8")
    (folder / "b_fail.convo").write_text(textwrap.dedent(f"""\
        > {COMPARE_Q}
        contains: $1,000,000
        status: answered
        > and per hour?
        status: clarify
        """), encoding="utf-8")
    (folder / "c_pass.convo").write_text("> hello\nintent: greeting\n", encoding="utf-8")
    return folder


def test_junit_xml_is_valid_with_one_testcase_per_transcript(suite: Path, tmp_path: Path) -> None:
    xml_path = tmp_path / "out" / "junit.xml"
    xml_path.parent.mkdir()
    assert main(["test", str(suite), "--junit-xml", str(xml_path)]) == 1
    root = ET.parse(xml_path).getroot()
    assert root.tag == "testsuites"
    (suite_el,) = root
    assert suite_el.tag == "testsuite"
    assert (suite_el.get("tests"), suite_el.get("failures"), suite_el.get("errors")) == ("3", "1", "0")
    cases = suite_el.findall("testcase")
    assert [c.get("name") for c in cases] == ["a_pass.convo", "b_fail.convo", "c_pass.convo"]
    assert all(float(c.get("time", "x")) >= 0 for c in cases)
    failure = cases[1].find("failure")
    assert failure is not None and cases[0].find("failure") is None
    message = failure.get("message", "")
    assert message.startswith("2 failing turns: ")
    assert "b_fail.convo:2: " in message and "b_fail.convo:5: " in message
    where = f"{suite / 'b_fail.convo'}"
    assert f"{where}:2: answer does not contain the expected text" in (failure.text or "")
    assert f"{where}:5: status differs" in (failure.text or "")


def test_junit_error_for_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "broken.convo").write_text("> hi\nstatus: maybe\n", encoding="utf-8")
    xml_path = tmp_path / "j.xml"
    assert main(["test", str(tmp_path / "broken.convo"), "--junit-xml", str(xml_path)]) == 1
    case = ET.parse(xml_path).getroot().find("testsuite/testcase")
    assert case is not None and case.find("error") is not None
    error = case.find("error")
    assert error is not None and "broken.convo:2: unknown status 'maybe'" in error.get("message", "")


def test_json_report_has_every_turn_and_check(suite: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert main(["test", str(suite), "--json", str(out)]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["passed"], data["failed"]) == (2, 1)
    failing = data["transcripts"][1]
    assert failing["file"].endswith("b_fail.convo") and not failing["passed"]
    turns = failing["turns"]
    assert [t["line"] for t in turns] == [1, 4]
    checks = [(c["kind"], c["line"], c["ok"]) for c in turns[0]["checks"]]
    assert checks == [("contains", 2, False), ("status", 3, True)]
    assert turns[0]["text"] == COMPARE_A and turns[0]["status"] == "answered"
    assert turns[1]["checks"][0]["actual"] == "answered"


def test_k_selects_transcripts(suite: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(suite), "-k", "pass"]) == 0
    out = capsys.readouterr().out
    assert "a_pass" in out and "c_pass" in out and "b_fail" not in out
    assert out.endswith("2 passed, 0 failed\n")
    assert main(["test", str(suite), "-k", "not fail"]) == 0
    assert main(["test", str(suite), "-k", "nothing-like-this"]) == 2
    assert "no transcript matches -k" in capsys.readouterr().err


def test_fail_fast_stops_after_the_first_failure(suite: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(suite), "--fail-fast"]) == 1
    out = capsys.readouterr().out
    assert "c_pass" not in out
    assert "stopped after the first failure (--fail-fast)" in out and out.endswith("1 passed, 1 failed\n")


# ---------------------------------------------------------------- record mode


def test_record_mode_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    record = tmp_path / "session.convo"
    questions = (f"{COMPARE_Q}\nand per hour?\nhow much does a leader make?\nthe process one\n"
                 "what does a welder do?\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(questions))
    assert main(["chat", "--record", str(record)]) == 0
    capsys.readouterr()
    text = record.read_text(encoding="utf-8")
    assert "kb: builtin" in text
    assert f"> {COMPARE_Q}\n< {COMPARE_A}\nstatus: answered\nintent: compare" in text
    assert text.count("\n> ") == 5
    assert main(["test", str(record)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.startswith("ok ")


def test_record_mode_names_a_kb_file(tmp_path: Path, seed_kb: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    record = tmp_path / "kb.convo"
    monkeypatch.setattr(sys, "stdin", io.StringIO("salary of a process leader\n"))
    assert main(["chat", "--db", str(seed_kb), "--record", str(record)]) == 0
    assert f"kb: {seed_kb.resolve()}" in record.read_text(encoding="utf-8")
    assert main(["test", str(record)]) == 0


def test_record_to_an_unwritable_place_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("hello\n"))
    assert main(["chat", "--record", str(tmp_path / "no" / "such" / "x.convo")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chatbot: ") and "cannot write the transcript" in err and err.count("\n") == 1


# ---------------------------------------------------------------- the pytest plugin elsewhere


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CHATBOT_DB", None)
    return env


@pytest.mark.slow
def test_the_plugin_collects_convo_files_in_another_project(tmp_path: Path, seed_kb: Path) -> None:
    """A project with no conftest: the installed package's pytest11 entry point collects
    its .convo files; --chatbot-db and the chatbot_db ini key choose the KB."""
    project = tmp_path / "other-project"
    (project / "checks").mkdir(parents=True)
    (project / "pytest.ini").write_text(f"[pytest]\nchatbot_db = {seed_kb}\n", encoding="utf-8")
    (project / "checks" / "good.convo").write_text(f"> {COMPARE_Q}\ndata.winner: production coordinator\n",
                                                   encoding="utf-8")
    (project / "checks" / "bad.convo").write_text("> salary of a process leader\ncontains: $1\n",
                                                  encoding="utf-8")
    proc = subprocess.run([*PYTEST, "-q", "checks"],
                          capture_output=True, text=True, cwd=project, timeout=120, env=_env())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 failed, 1 passed" in proc.stdout
    assert "checks/bad.convo:2: answer does not contain the expected text" in proc.stdout
    listed = subprocess.run([*PYTEST, "--collect-only", "-q",
                             "--chatbot-db", str(tmp_path / "missing.db"), "checks"],
                            capture_output=True, text=True, cwd=project, timeout=120, env=_env())
    assert "checks/good.convo::good.convo" in listed.stdout, listed.stdout + listed.stderr
    missing = subprocess.run([*PYTEST, "-q",
                              "--chatbot-db", str(tmp_path / "missing.db"), "checks/good.convo"],
                             capture_output=True, text=True, cwd=project, timeout=120, env=_env())
    assert missing.returncode == 1 and "cannot open the knowledge base" in missing.stdout
