"""The REPL: completion, toolbar, rendering and commands without a terminal; the whole
prompt_toolkit session through a pipe input and a dummy output; and a real
pseudo-terminal (pexpect) for typing, Tab completion, history and Ctrl-D."""

from __future__ import annotations

import io
import stat
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from chatbot.cli.repl.app import PROMPT, run_repl
from chatbot.cli.repl.commands import ReplState, default_commands

COMMANDS = default_commands()
from chatbot.cli.repl.completer import PhraseCompleter, match_phrases
from chatbot.cli.repl.core import Repl
from chatbot.cli.repl.history import make_history
from chatbot.cli.repl.keys import build_key_bindings
from chatbot.cli.repl.render import Renderer, strip_ansi, use_color
from chatbot.cli.repl.toolbar import context_text, toolbar_fragments, toolbar_text
from chatbot.errors import KBError
from chatbot.models import Answer, ContextView, KBInfo, RoleScore, Source, Trace
from tests.terminals import terminal_env

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = TESTS_DIR.parent
ROLES = ["process leader", "production coordinator", "production leader"]
WORDS = ["hourly rate", "salary", "growth rate", "skills"]
EXAMPLE = "which pays more, production coordinator or production leader?"


# ---------------------------------------------------------------- a fake engine


class FakeConversation:
    def __init__(self, engine: FakeEngine) -> None:
        self.engine = engine
        self.roles: list[str] = []

    def ask(self, question: str) -> Answer:
        self.engine.asked.append(question)
        if "explode" in question:
            raise RuntimeError("kaboom")
        if "disk" in question:
            raise KBError("kb.db", "disk I/O error")
        found = [r for r in ROLES if r in question.lower()]
        self.roles = found or self.roles
        if not self.roles:
            return Answer(text="Which role do you mean?", status="clarify", suggestions=ROLES)
        role = self.roles[0]
        return Answer(
            text=f"A {role} earns $49,366 a year (10.8% more).", status="answered", intent="salary",
            roles=list(self.roles), attribute="yearly_salary",
            sources=[Source(page="knowledge/a.txt", line=17, role=role, attribute="yearly_salary")],
            trace=Trace(intent_scores={"salary": 0.9, "compare": 0.35}, slots={"roles": self.roles},
                        role_matches=[RoleScore(text=role, role=role, score=100.0, kind="exact")],
                        used_context=["roles"] if not found else [],
                        sql=["select value_num\n  from facts where role_id = ?"]),
        )

    @property
    def context(self) -> ContextView:
        return ContextView(roles=self.roles, attribute="yearly_salary" if self.roles else None)

    def reset(self) -> None:
        self.roles = []


class FakeEngine:
    """Knows three roles; answers a salary for the role named (or in context)."""

    def __init__(self, info_error: Exception | None = None) -> None:
        self.asked: list[str] = []
        self.info_error = info_error

    def conversation(self) -> FakeConversation:
        return FakeConversation(self)

    def role_names(self) -> list[str]:
        return list(ROLES)

    def vocabulary_words(self) -> list[str]:
        return list(WORDS)

    def examples(self) -> list[str]:
        return [EXAMPLE, "how long does it take to become a process leader?"]

    def info(self) -> KBInfo:
        if self.info_error:
            raise self.info_error
        return KBInfo(path="/data/fake.db", builtin=False, pages=["a.txt", "b.txt"], roles=3, facts=40)


# ---------------------------------------------------------------- completion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("production coord", [("production coordinator", -16)]),
        ("which pays more, production coord", [("production coordinator", -16)]),
        ("Production Coord", [("production coordinator", -16)]),
        ("prod lea", [("production leader", -8)]),
        ("production ", [("production coordinator", -11), ("production leader", -11)]),
        ("pro", [("process leader", -3), ("production coordinator", -3), ("production leader", -3)]),
        ("salary of a process l", [("process leader", -9)]),
        ("what's the hourly", [("hourly rate", -6)]),
        ("and the growth r", [("growth rate", -8)]),
        ("p", []),                                   # too short to offer anything
        ("production coordinator", []),              # already complete
        ("production coordinator ", []),
        ("which pays more", []),
        ("", []),
    ],
)
def test_match_phrases(text: str, expected: list[tuple[str, int]]) -> None:
    assert match_phrases(text, ROLES + WORDS) == expected


def test_the_longest_ending_wins() -> None:
    # "leader" alone would fit "leader board"; "production leader" is the longer ending
    assert match_phrases("production lea", ["production leader", "leader board"]) == [
        ("production leader", -14), ("leader board", -3),
    ]


def test_completer_yields_roles_words_and_commands() -> None:
    completer = PhraseCompleter(ROLES, WORDS, COMMANDS.names())

    def complete(text: str) -> list[tuple[str, int, str]]:
        return [(c.text, c.start_position, c.display_meta_text)
                for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]

    assert complete("salary of production coord") == [("production coordinator", -16, "role")]
    assert complete("hourly") == [("hourly rate", -6, "attribute")]
    assert [c[0] for c in complete(":r")] == [":roles", ":reset", ":record"]
    assert complete(":roles") == [] and complete(":debug on") == []


# ---------------------------------------------------------------- toolbar, rendering


def test_toolbar_shows_the_context_and_keys() -> None:
    assert context_text(None) == "no context yet"
    assert context_text(ContextView()) == "no context yet"
    ctx = ContextView(roles=["production coordinator", "production leader"], attribute="hourly_rate")
    assert context_text(ctx) == "about: production coordinator vs production leader · hourly rate"
    waiting = ContextView(roles=["x"], pending_question="how much does a leader make?",
                          candidates=["process leader", "production leader"])
    assert context_text(waiting) == "which one: process leader or production leader?"
    waiting.candidates = []
    assert context_text(waiting) == "waiting for an answer to: how much does a leader make?"
    text = toolbar_text(ctx, debug=True)
    assert "[debug]" in text and "Tab" in text and "^D quit" in text and ":help" in text
    assert "".join(t for _, t in toolbar_fragments(ctx)).strip().startswith("about:")


def test_render_highlights_figures_in_colour_only() -> None:
    answer = Answer(text="Production coordinators earn $49,366 a year, 10.8% more, and 68,532 jobs.", status="answered")
    coloured = Renderer(color=True).answer(answer)
    assert "\x1b[1;36m$49,366\x1b[0m" in coloured and "\x1b[1;36m10.8%\x1b[0m" in coloured
    assert "\x1b[1;36m68,532\x1b[0m" in coloured
    assert strip_ansi(coloured) == answer.text
    assert Renderer(color=False).answer(answer) == answer.text


def test_render_clarify_and_suggestions() -> None:
    ask_back = Answer(text="Which role: process leader or production leader?", status="clarify",
                      suggestions=["process leader", "production leader", "production coordinator"])
    coloured = Renderer(color=True).answer(ask_back)
    assert coloured.startswith("\x1b[33m")
    plain = Renderer(color=False).answer(ask_back)
    assert plain.splitlines() == [ask_back.text, "  suggestions: production coordinator"]


def test_render_trace() -> None:
    conv = FakeEngine().conversation()
    answer = conv.ask("salary of a production leader")
    text = Renderer(color=False).trace(answer)
    assert "status: answered  intent: salary  attribute: yearly_salary  roles: production leader" in text
    assert "intents: salary 0.90  compare 0.35" in text
    assert 'slots: roles=["production leader"]' in text
    assert "role match: 'production leader' -> production leader (exact 100.0)" in text
    assert "sql: select value_num from facts where role_id = ?" in text
    assert "source: knowledge/a.txt:17 (production leader, yearly_salary)" in text
    assert "(no trace)" in Renderer(color=False).trace(Answer(text="x", status="no_data"))


def test_use_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_color(Tty()) is True
    assert use_color(io.StringIO()) is False       # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(Tty()) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert use_color(Tty()) is False


# ---------------------------------------------------------------- commands and the core


def make_repl(engine: Any = None) -> Repl:
    return Repl(engine or FakeEngine(), Renderer(color=False))


def test_registry_lookup() -> None:
    assert [c.name for c in COMMANDS] == ["help", "roles", "reset", "debug", "record", "quit"]
    assert COMMANDS.lookup("q").name == "quit"          # type: ignore[union-attr]
    assert COMMANDS.lookup("exit").name == "quit"       # type: ignore[union-attr]
    assert COMMANDS.lookup("?").name == "help"          # type: ignore[union-attr]
    assert COMMANDS.lookup("deb").name == "debug"       # type: ignore[union-attr]
    assert [c.name for c in COMMANDS.lookup("r")] == ["roles", "reset", "record"]  # type: ignore[union-attr]
    assert COMMANDS.lookup("zzz") is None


def test_help_is_generated_from_the_registry_and_examples() -> None:
    text = make_repl().handle(":help")
    assert EXAMPLE in text
    for command in COMMANDS:
        assert f":{command.name}" in text and command.description in text
    assert "Ctrl-D" in text


def test_commands() -> None:
    repl = make_repl()
    assert repl.handle(":roles") == "3 roles:\n  process leader, production coordinator, production leader"
    assert repl.handle("salary of a production leader").startswith("A production leader earns")
    assert repl.context() == ContextView(roles=["production leader"], attribute="yearly_salary")
    assert "Context cleared" in repl.handle(":reset")
    assert repl.context() == ContextView()
    assert repl.handle("and per hour?") == "Which role do you mean?\n  suggestions: " + ", ".join(ROLES)
    assert "Debug on" in repl.handle(":debug") and repl.debug
    with_trace = repl.handle("salary of a process leader")
    assert "intents: salary 0.90" in with_trace and "source: knowledge/a.txt:17" in with_trace
    assert "Debug off" in repl.handle(":debug off") and not repl.debug
    assert "Debug on" in repl.handle(":debug on")
    assert "Unknown command ':frob'" in repl.handle(":frob")
    assert "could be :roles or :reset" in repl.handle(":r")
    assert repl.handle("   ") == ""
    assert not repl.done
    assert repl.handle(":q") == "" and repl.done


def test_errors_are_one_line_and_the_repl_goes_on() -> None:
    repl = make_repl()
    assert repl.handle("explode") == "chatbot: internal error: RuntimeError: kaboom"
    assert repl.handle("disk") == "chatbot: kb.db: disk I/O error"
    assert "too long" in repl.handle("x" * 100_000)
    assert repl.handle("salary of a process leader").startswith("A process leader")


def test_repl_state_is_plain_data() -> None:
    engine = FakeEngine()
    state = ReplState(engine, engine.conversation(), Renderer(color=False))
    assert COMMANDS.dispatch(state, ":debug") and state.debug


# ---------------------------------------------------------------- history, keys


def test_history_file_in_the_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATBOT_STATE_DIR", str(tmp_path / "state"))
    history = make_history()
    assert isinstance(history, FileHistory)
    path = tmp_path / "state" / "history"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_history_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert isinstance(make_history(blocker / "history"), InMemoryHistory)


def test_key_bindings() -> None:
    keys = {tuple(k.value for k in b.keys) for b in build_key_bindings().bindings}
    assert keys == {("c-c",), ("c-d",)}


# ---------------------------------------------------------------- the session, piped


def run_session(engine: FakeEngine, *chunks: str, delay: float = 0.0) -> tuple[int, str]:
    """Run the REPL on typed ``chunks`` (sent one by one, ``delay`` apart, from a thread
    when ``delay`` is set, so completion has time to run), return status and output."""
    out = io.StringIO()
    with create_pipe_input() as pipe:
        if delay:
            def feed() -> None:
                for chunk in chunks:
                    time.sleep(delay)
                    pipe.send_text(chunk)

            threading.Thread(target=feed, daemon=True).start()
        else:
            pipe.send_text("".join(chunks))
        status = run_repl(engine, input=pipe, output=DummyOutput(), stdout=out, history=InMemoryHistory(),
                          color=False)
    return status, out.getvalue()


def test_session_question_roles_reset_debug_and_ctrl_d() -> None:
    engine = FakeEngine()
    status, out = run_session(engine, "salary of a production leader\r", ":roles\r", ":reset\r", "and per hour?\r",
                              ":debug\r", "process leader?\r", "\x04")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "career-chat 0.1.0 · knowledge base /data/fake.db: 3 roles from 2 pages · :help for help, Ctrl-D quits"
    assert lines[1] == "A production leader earns $49,366 a year (10.8% more)."
    assert lines[2:4] == ["3 roles:", "  process leader, production coordinator, production leader"]
    assert lines[4].startswith("Context cleared")
    assert lines[5] == "Which role do you mean?"
    assert "Debug on" in out and "role match: 'process leader' -> process leader (exact 100.0)" in out
    assert engine.asked == ["salary of a production leader", "and per hour?", "process leader?"]


def test_ctrl_c_clears_the_line_and_quit_ends() -> None:
    engine = FakeEngine()
    status, out = run_session(engine, "half a quest", "\x03", "salary of a process leader\r", ":quit\r",
                              "never asked\r")
    assert status == 0
    assert engine.asked == ["salary of a process leader"]


class InterruptedOnce(io.StringIO):
    """Standard output where Ctrl-C lands while the first answer is being written (the
    terminal is out of raw mode between prompts, so it arrives as KeyboardInterrupt)."""

    def __init__(self) -> None:
        super().__init__()
        self.interrupted = False

    def write(self, text: str) -> int:
        if not self.interrupted and "earns" in text:
            self.interrupted = True
            raise KeyboardInterrupt
        return super().write(text)


def test_ctrl_c_between_prompts_never_ends_the_session() -> None:
    engine = FakeEngine()
    out = InterruptedOnce()
    with create_pipe_input() as pipe:
        pipe.send_text("salary of a process leader\rsalary of a production leader\r\x04")
        status = run_repl(engine, input=pipe, output=DummyOutput(), stdout=out, history=InMemoryHistory(),
                          color=False)
    assert status == 0 and out.interrupted
    assert engine.asked == ["salary of a process leader", "salary of a production leader"]
    assert "A production leader earns" in out.getvalue()


def test_tab_completes_a_role() -> None:
    engine = FakeEngine()
    status, _ = run_session(engine, "salary of production coord", "\t", "\r", "prod lea", "\t", "\r", "\x04",
                            delay=0.3)
    assert status == 0
    assert engine.asked == ["salary of production coordinator", "production leader"]


def test_a_kb_error_at_start_is_one_line() -> None:
    status, out = run_session(FakeEngine(info_error=KBError("/x/kb.db", "not an SQLite database")), "\x04")
    assert status == 1
    assert out == "chatbot: /x/kb.db: not an SQLite database\n"


def test_main_starts_the_repl_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import chatbot.cli.main as cli
    import chatbot.cli.repl.app as app

    started: list[Any] = []
    monkeypatch.setattr(cli, "open_engine", lambda db: FakeEngine())
    monkeypatch.setattr(app, "run_repl", lambda engine: started.append(engine) or 0)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert cli.main([]) == 0
    assert cli.main(["repl"]) == 0
    assert len(started) == 2


# ---------------------------------------------------------------- a real terminal


def _pexpect() -> Any:
    """pexpect (a test dependency); a test that cannot import it skips with the reason."""
    return pytest.importorskip("pexpect", reason="pexpect is not installed: the pty tests need it")


def spawn(args: list[str], tmp_path: Path, **env: str) -> Any:
    child = _pexpect().spawn(sys.executable, args, env=terminal_env(tmp_path / "state", **env), encoding="utf-8",
                             timeout=60, dimensions=(24, 120), cwd=str(tmp_path))
    child.logfile_read = io.StringIO()
    return child


@pytest.mark.slow
@pytest.mark.pty
def test_pty_fake_engine_tab_history_ctrl_d(tmp_path: Path) -> None:
    script = tmp_path / "run_fake.py"
    script.write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(TESTS_DIR)!r})
        from test_repl import FakeEngine
        from chatbot.cli.repl.app import run_repl
        sys.exit(run_repl(FakeEngine()))
        """))
    child = spawn([str(script)], tmp_path)
    try:
        child.expect("3 roles from 2 pages")
        child.expect_exact(PROMPT)
        child.send("salary of production coord")
        child.expect_exact("coord")
        child.send("\t")
        child.expect_exact("coordinator")
        child.send("\r")
        child.expect_exact("A production coordinator earns")
        child.expect_exact(PROMPT)
        child.send(":roles\r")
        child.expect_exact("process leader, production coordinator, production leader")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(_pexpect().EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()
    history = (tmp_path / "state" / "history").read_text()
    assert "+salary of production coordinator" in history and "+:roles" in history
    assert "Traceback" not in child.logfile_read.getvalue()


@pytest.mark.slow
@pytest.mark.pty
def test_pty_real_cli(tmp_path: Path) -> None:
    """``python -m chatbot.cli.main`` on a terminal: greeting, an answer in colour, Tab
    completion of a role of the built-in KB, Ctrl-D exits 0."""
    child = spawn(["-m", "chatbot.cli.main"], tmp_path)
    try:
        child.expect("the built-in knowledge base: 3 roles from the 2 shipped pages")
        child.expect_exact(":help for help")
        child.expect_exact(PROMPT)
        child.send(EXAMPLE + "\r")
        child.expect(r"\x1b\[1;36m\$49,366\x1b\[0m")  # a figure, highlighted
        child.expect_exact(PROMPT)
        child.send("how much does a process lea")
        child.expect_exact("lea")
        child.send("\t")
        child.expect_exact("leader")
        child.send("\r")
        child.expect_exact("$88,400")  # the answer, then a new prompt (keys typed before it would
        child.expect_exact(PROMPT)     # reach the terminal in cooked mode, not the REPL)
        child.sendcontrol("c")  # clears an empty line: nothing happens
        child.sendcontrol("d")
        child.expect(_pexpect().EOF)
    finally:
        child.close()
    log = child.logfile_read.getvalue()
    assert child.exitstatus == 0, log
    assert "Traceback" not in log
    assert "+how much does a process leader" in (tmp_path / "state" / "history").read_text()
