"""The command line: in-process (``main([...])`` with a fake engine) and through real
processes (exit codes, one JSON object per question, one-line errors, no tracebacks)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import chatbot.cli.main as cli
from chatbot.cli.main import main
from chatbot.cli.pipe import MAX_LINE_BYTES, read_questions, run_pipe
from chatbot.errors import ConflictError, KBError
from chatbot.models import Answer, ContextView, KBInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = sorted((PROJECT_ROOT / "knowledge").glob("*.txt"))
ANSWER_KEYS = {"text", "status", "intent", "roles", "attribute", "data", "suggestions", "sources"}
COMPARE_Q = "which pays more, production coordinator or production leader?"


# ---------------------------------------------------------------- a fake engine


class EchoConversation:
    def __init__(self, engine: EchoEngine) -> None:
        self.engine = engine
        self.turn = 0

    def ask(self, question: str) -> Answer:
        self.turn += 1
        self.engine.questions.append(question)
        if question == "explode":
            raise RuntimeError("kaboom")
        if question == "kb gone":
            raise KBError("kb.db", "disk I/O error")
        return Answer(text=f"turn {self.turn}: {question}", status="answered", intent="echo")

    @property
    def context(self) -> ContextView:
        return ContextView()

    def reset(self) -> None:
        self.turn = 0


class EchoEngine:
    """Answers ``turn N: QUESTION``, so a test sees one conversation across lines."""

    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self.questions: list[str] = []

    def conversation(self) -> EchoConversation:
        return EchoConversation(self)

    def ask(self, question: str) -> Answer:
        return self.conversation().ask(question)

    def role_names(self) -> list[str]:
        return ["process leader", "production coordinator"]

    def info(self) -> KBInfo:
        return KBInfo(path=self.db or "/cache/builtin.db", builtin=self.db is None, pages=["a.txt"], roles=2, facts=7,
                      notes=["warning: a.txt:3: something odd"])


@pytest.fixture
def engines(monkeypatch: pytest.MonkeyPatch) -> list[EchoEngine]:
    """Every engine the CLI opens is an EchoEngine (recorded here)."""
    opened: list[EchoEngine] = []

    def fake_open(db: str | None) -> EchoEngine:
        engine = EchoEngine(db)
        opened.append(engine)
        return engine

    monkeypatch.setattr(cli, "open_engine", fake_open)
    return opened


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# ---------------------------------------------------------------- in process


def test_ask_plain_and_json(engines: list[EchoEngine], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "which", "pays", "more?"]) == 0
    assert capsys.readouterr().out == "turn 1: which pays more?\n"
    assert main(["ask", "--json", "hello"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == ANSWER_KEYS and data["text"] == "turn 1: hello"


def test_db_option_before_or_after_the_command_and_env(engines: list[EchoEngine], monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", "a.db", "ask", "q"])
    main(["ask", "q", "--db", "b.db"])
    monkeypatch.setenv("CHATBOT_DB", "env.db")
    main(["ask", "q"])
    main(["kb", "--db", "c.db"])
    assert [e.db for e in engines] == ["a.db", "b.db", "env.db", "c.db"]


def test_chat_json_is_one_conversation(engines: list[EchoEngine], monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    set_stdin(monkeypatch, b"first\n\n   \nsecond\nthird")
    assert main(["chat", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["turn 1: first", "turn 2: second", "turn 3: third"]


def test_no_command_with_piped_stdin_is_the_pipe(engines: list[EchoEngine], monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    set_stdin(monkeypatch, b"one\ntwo\n")
    assert main([]) == 0
    assert capsys.readouterr().out == "turn 1: one\nturn 2: two\n"
    set_stdin(monkeypatch, b"one\n")
    assert main(["--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "answered"


def test_kb_describes_the_knowledge_base(engines: list[EchoEngine], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb"]) == 0
    out = capsys.readouterr().out
    assert "knowledge base: /cache/builtin.db" in out and "built-in" in out
    assert "pages: 1\n  a.txt" in out
    assert "roles: 2\n  process leader, production coordinator" in out
    assert "facts: 7" in out
    assert "ingest notes: 1\n  warning: a.txt:3: something odd" in out


def test_a_kb_that_cannot_be_opened_is_one_line_and_status_1(monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken(db: str | None) -> Any:
        raise KBError(str(db), "not an SQLite database;\nrebuild it")

    monkeypatch.setattr(cli, "open_engine", broken)
    for argv in (["ask", "q", "--db", "x.db"], ["kb", "--db", "x.db"], ["chat", "--db", "x.db"]):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err == "chatbot: x.db: not an SQLite database; rebuild it\n"


def test_a_missing_kb_file_through_the_real_opener(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "q", "--db", str(tmp_path / "missing.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chatbot: ") and "missing.db" in err and err.count("\n") == 1
    junk = tmp_path / "junk.db"
    junk.write_text("this is not a database")
    assert main(["kb", "--db", str(junk)]) == 1
    assert "not an SQLite database" in capsys.readouterr().err


def test_an_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def buggy(db: str | None) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "open_engine", buggy)
    assert main(["ask", "q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chatbot: internal error: ZeroDivisionError: division by zero")
    assert err.count("\n") == 1
    monkeypatch.setenv("CHATBOT_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError):
        main(["ask", "q"])


@pytest.mark.parametrize(
    "argv",
    [["bogus"], ["ask"], ["ask", "   "], ["ingest"], ["test"], ["--db"], ["ask", "q", "--frobnicate"]],
)
def test_usage_errors_exit_2(argv: list[str], engines: list[EchoEngine], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage: chatbot" in capsys.readouterr().err
    assert engines == []


def test_ingest_needs_a_kb(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "page.txt"]) == 2
    assert "--db PATH" in capsys.readouterr().err


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "chatbot ask" in out and "chat --json" in out
    for command in ("ask", "chat", "kb", "ingest", "test"):
        assert main([command, "--help"]) == 0
        assert "--db PATH" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "chatbot (career-chat) 0.1.0"


def test_ingest_prints_summary_and_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kb.db"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    assert main(["ingest", "--db", str(db), *map(str, KNOWLEDGE), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "NOT added" in out and not db.exists()
    failed = [line for line in err.splitlines() if "bad.txt" in line]
    assert len(failed) == 1 and failed[0].startswith("chatbot: failed: ")
    assert main(["ingest", "--db", str(db), "--keep-going", *map(str, KNOWLEDGE), str(bad)]) == 1
    assert "2 page(s) added to" in capsys.readouterr().out
    assert main(["ingest", "--db", str(db), *map(str, KNOWLEDGE)]) == 0
    assert "2 already present" in capsys.readouterr().out


def test_ingest_strict_conflict_is_status_1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import chatbot.kb.ingest

    def conflicting(*args: Any, **kwargs: Any) -> Any:
        assert kwargs["strict"] is True
        raise ConflictError("1 conflict(s) under --strict; nothing was changed in kb.db")

    monkeypatch.setattr(chatbot.kb.ingest, "ingest", conflicting)
    assert main(["ingest", "--strict", "--db", str(tmp_path / "kb.db"), "page.txt"]) == 1
    assert capsys.readouterr().err == "chatbot: 1 conflict(s) under --strict; nothing was changed in kb.db\n"

    class Report:  # when the error carries its report, the summary and notes are shown too
        notes = ["conflict: a.txt: production leader yearly_salary: a.txt:5 says '$1', b.txt:5 says '$2'"]
        failed: list[Any] = []

        def summary(self) -> str:
            return "2 page(s) NOT added to kb.db"

    def conflicting_with_report(*args: Any, **kwargs: Any) -> Any:
        exc = ConflictError("1 conflict(s) under --strict; nothing was changed in kb.db")
        exc.report = Report()  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(chatbot.kb.ingest, "ingest", conflicting_with_report)
    assert main(["ingest", "--strict", "--db", str(tmp_path / "kb.db"), "page.txt"]) == 1
    out, err = capsys.readouterr()
    assert out == "2 page(s) NOT added to kb.db\n"
    assert err.splitlines() == [Report.notes[0], "chatbot: 1 conflict(s) under --strict; nothing was changed in kb.db"]


# ---------------------------------------------------------------- the pipe


class FlushCounter(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushed_at: list[int] = []

    def flush(self) -> None:
        self.flushed_at.append(self.getvalue().count("\n"))


def test_pipe_flushes_every_answer_and_survives_bad_input() -> None:
    huge = b"x" * (MAX_LINE_BYTES * 50)
    data = b"hello\n" + huge + b"\n\xff\xfe bad utf-8\n\nexplode\nkb gone\nlast"
    out, err = FlushCounter(), io.StringIO()
    engine = EchoEngine()
    status = run_pipe(engine, io.BytesIO(data), out, err, as_json=True)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 6
    assert lines[0]["text"] == "turn 1: hello"
    assert lines[1]["status"] == "not_understood" and "too long" in lines[1]["text"]
    assert lines[2]["text"].startswith("turn 2: \ufffd\ufffd bad utf-8")
    assert "kaboom" in lines[3]["error"] and "disk I/O error" in lines[4]["error"]
    assert lines[5]["text"] == "turn 5: last"
    assert out.flushed_at == [1, 2, 3, 4, 5, 6]
    assert status == 1  # a question hit an error
    assert err.getvalue().count("\n") == 2 and "line 4: internal error: RuntimeError: kaboom" in err.getvalue()
    assert "x" * 100 not in "".join(engine.questions)


def test_pipe_plain_answers_stay_on_one_line() -> None:
    class Multiline(EchoEngine):
        def conversation(self) -> Any:
            conv = EchoConversation(self)
            conv.ask = lambda q: Answer(text="line one\nline two\n", status="answered")  # type: ignore[method-assign]
            return conv

    out = io.StringIO()
    assert run_pipe(Multiline(), io.StringIO("q\n"), out, io.StringIO(), as_json=False) == 0
    assert out.getvalue() == "line one line two\n"


def test_read_questions_limits() -> None:
    exact = b"a" * 10
    assert list(read_questions(io.BytesIO(exact + b"\n" + b"b" * 11 + b"\n" + b"c" * 25), limit=10)) == [
        ("a" * 10, 0), ("", 11), ("", 25),
    ]
    assert list(read_questions(io.StringIO("  q  \r\n\n"))) == [("q", 0)]


# ---------------------------------------------------------------- real processes


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), full_env.get("PYTHONPATH")]))
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "chatbot.cli.main", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=full_env, cwd=PROJECT_ROOT)


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr



@pytest.mark.slow
def test_subprocess_ask() -> None:
    proc = run("ask", COMPARE_Q)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1 and proc.stdout.strip()
    proc = run("ask", "--json", COMPARE_Q)
    assert proc.returncode == 0
    assert set(json.loads(proc.stdout)) == ANSWER_KEYS


@pytest.mark.slow
def test_subprocess_chat_json_multi_turn() -> None:
    questions = [COMPARE_Q, "and per hour?", "", "what about the skills of a process leader?", "asdfghjkl"]
    proc = run("chat", "--json", stdin="\n".join(questions) + "\n")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == 4  # the blank line is skipped
    for answer in answers:
        assert set(answer) == ANSWER_KEYS
        assert answer["status"] in {"answered", "clarify", "no_data", "unknown_role", "not_understood"}


@pytest.mark.slow
def test_subprocess_pipe_without_command_is_plain() -> None:
    proc = run(stdin="hello\n\nwhat is the salary of a production leader?\n")
    no_traceback(proc)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 2 and "\x1b[" not in proc.stdout


@pytest.mark.slow
def test_subprocess_chat_answers_as_they_come() -> None:
    """Each answer arrives before the next question is written (flushed per line)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    child = subprocess.Popen([sys.executable, "-m", "chatbot.cli.main", "chat", "--json"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=PROJECT_ROOT)
    assert child.stdin and child.stdout
    try:
        for question in (COMPARE_Q, "and per hour?"):
            child.stdin.write(question + "\n")
            child.stdin.flush()
            assert set(json.loads(child.stdout.readline())) == ANSWER_KEYS
        child.stdin.close()
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        if child.stderr:
            child.stderr.close()


@pytest.mark.slow
@pytest.mark.parametrize("args", [("bogus",), ("ask",), ("--db",), ("chat", "--nope")])
def test_subprocess_usage_errors(args: tuple[str, ...]) -> None:
    proc = run(*args, stdin="")
    no_traceback(proc)
    assert proc.returncode == 2
    assert "usage: chatbot" in proc.stderr


@pytest.mark.slow
def test_subprocess_broken_kb_path(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 2000)
    for args, stdin in [(("ask", "hello", "--db", str(tmp_path / "missing.db")), None),
                        (("ask", "hello", "--db", str(broken)), None),
                        (("chat", "--json", "--db", str(tmp_path)), "hello\n"),
                        (("kb",), None)]:
        env = {"CHATBOT_DB": str(broken)} if args == ("kb",) else None
        proc = run(*args, stdin=stdin, env=env)
        no_traceback(proc)
        assert proc.returncode == 1, (args, proc.stderr)
        assert proc.stdout == ""
        assert proc.stderr.startswith("chatbot: ") and proc.stderr.count("\n") == 1, proc.stderr


@pytest.mark.slow
def test_subprocess_ingest_kb_and_ask(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    proc = run("ingest", "--db", str(db), *map(str, KNOWLEDGE))
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "2 page(s) added to" in proc.stdout and "roles: 3" in proc.stdout
    proc = run("kb", "--db", str(db))
    assert proc.returncode == 0 and f"knowledge base: {db}" in proc.stdout and "pages: 2" in proc.stdout
    proc = run("ask", "--json", COMPARE_Q, env={"CHATBOT_DB": str(db)})
    assert proc.returncode == 0 and set(json.loads(proc.stdout)) == ANSWER_KEYS
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    before = db.read_bytes()
    proc = run("ingest", "--db", str(db), str(bad))
    no_traceback(proc)
    assert proc.returncode == 1
    assert [line for line in proc.stderr.splitlines() if "empty.txt" in line]
    assert db.read_bytes() == before


@pytest.mark.slow
def test_ask_does_not_load_the_repl() -> None:
    code = ("import sys; from chatbot.cli.main import main; status = main(['ask', 'hello']); "
            "print('LOADED' if 'prompt_toolkit' in sys.modules else 'LEAN', status)")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          cwd=PROJECT_ROOT)
    assert proc.stdout.splitlines()[-1] == "LEAN 0", proc.stdout + proc.stderr
