"""REPL polish found in a real terminal: wrapping, the toolbar at narrow widths, argument
errors of the commands, ``:record``, history suggestions without colour, piped input."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from chatbot.cli.main import main
from chatbot.cli.repl.app import build_session
from chatbot.cli.repl.core import Repl
from chatbot.cli.repl.render import Renderer, wrap_text
from chatbot.cli.repl.toolbar import SHORTEST_KEY_HINTS, fit_toolbar, toolbar_fragments
from chatbot.engine import Engine
from chatbot.models import Answer, ContextView
from tests.terminals import terminal_env

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COMPARE_Q = "which pays more, production coordinator or production leader?"
LONG = ("Production coordinators earn more: $49,366 a year vs $44,563 for production leaders "
        "($4,803, 10.8% more). It typically takes 1-2 years to become a production-line coordinator.")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


# ---------------------------------------------------------------- wrapping


@pytest.mark.parametrize("width", [20, 25, 40, 60, 80])
def test_wrapping_never_splits_a_word_or_figure(width: int) -> None:
    wrapped = wrap_text(LONG, width)
    assert wrapped.split() == LONG.split()          # the same words, in order, none cut
    for line in wrapped.splitlines():
        assert len(line) < width or " " not in line
    if width < len(LONG):
        assert "\n" in wrapped


def test_wrapping_keeps_lines_and_indents_and_is_off_without_a_width() -> None:
    text = "Skills:\n  logistics, customer service, production schedules, purchase orders"
    assert wrap_text(text, None) == text and wrap_text(text, 10) == text   # too narrow: left to the terminal
    wrapped = wrap_text(text, 30).splitlines()
    assert wrapped[0] == "Skills:" and all(line.startswith("  ") for line in wrapped[1:])


def test_answers_are_wrapped_to_the_renderers_width() -> None:
    renderer = Renderer(color=False, width=lambda: 40)
    out = renderer.answer(Answer(text=LONG, status="answered"))
    assert max(len(line) for line in out.splitlines()) < 40
    assert Renderer(color=False).answer(Answer(text=LONG, status="answered")) == LONG


# ---------------------------------------------------------------- the toolbar


CONTEXT = "about: production coordinator vs production leader · hourly rate"


@pytest.mark.parametrize("width", [12, 20, 30, 40, 50, 60, 80, 120])
@pytest.mark.parametrize("debug", [False, True])
def test_the_toolbar_fits_and_keeps_a_key_hint(width: int, debug: bool) -> None:
    about, mark, keys = fit_toolbar(CONTEXT, debug, width)
    assert len(about + mark + keys) <= max(width, len(mark + keys))
    assert SHORTEST_KEY_HINTS in keys
    if width >= 120:
        assert "Tab complete" in keys and CONTEXT in about
    if about.strip() != CONTEXT:
        assert about.strip().endswith("…") or not about


def test_toolbar_fragments_without_width_are_unchanged() -> None:
    text = "".join(t for _, t in toolbar_fragments(ContextView(roles=["a", "b"]), False))
    assert text == " about: a vs b  Tab complete · ^C clear · ^D quit · :help "


# ---------------------------------------------------------------- commands


def repl(engine: Engine) -> Repl:
    return Repl(engine, Renderer(color=False))


@pytest.mark.parametrize(("line", "message"), [
    (":debug of", "':debug' takes 'on' or 'off' (or nothing, to switch it), not 'of'."),
    (":q now", "':quit' takes no argument (got 'now'); type :quit alone."),
    (":quit please", "':quit' takes no argument"),
    (":roles all", "':roles' takes no argument"),
    (":reset everything", "':reset' takes no argument"),
])
def test_unknown_arguments_are_errors(engine: Engine, line: str, message: str) -> None:
    r = repl(engine)
    assert message in r.handle(line)
    assert not r.done and not r.debug


def test_debug_on_off_and_toggle(engine: Engine) -> None:
    r = repl(engine)
    r.handle(":debug on")
    assert r.debug
    r.handle(":debug off")
    assert not r.debug
    r.handle(":debug")
    assert r.debug
    r.handle(":q")
    assert r.done


def test_record_in_the_repl_round_trip(engine: Engine, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "repl.convo"
    r = repl(engine)
    assert "Not recording" in r.handle(":record")
    assert "Recording to" in r.handle(f":record {path}")
    r.handle(COMPARE_Q)
    r.handle("and per hour?")
    assert "2 turns so far" in r.handle(":record")
    r.handle(":reset")
    r.handle("and per hour?")          # a new conversation: nothing to refer to
    assert "Recording stopped" in r.handle(":record off")
    r.handle("hello")                  # not recorded
    text = path.read_text(encoding="utf-8")
    assert text.count("\n> ") == 3 and "\n---\n" in text and "hello" not in text
    assert main(["test", str(path)]) == 0, capsys.readouterr().out
    assert "cannot write the transcript" in r.handle(f":record {tmp_path / 'no' / 'x.convo'}")


# ---------------------------------------------------------------- suggestions without colour


@pytest.mark.parametrize(("color", "underline"), [(False, True), (True, False)])
def test_history_suggestions_are_underlined_without_colour(engine: Engine, color: bool,
                                                           underline: bool) -> None:
    with create_pipe_input() as pipe:
        session = build_session(Repl(engine, Renderer(color=color)), input=pipe, output=DummyOutput())
        attrs = session.style.get_attrs_for_style_str("class:auto-suggestion")
    assert attrs.underline is underline


# ---------------------------------------------------------------- piped input


@pytest.mark.slow
def test_piped_repl_behaves_like_chat(tmp_path: Path) -> None:
    env = dict(os.environ, CHATBOT_STATE_DIR=str(tmp_path / "state"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "chatbot.cli.main", "repl"],
                          input=f"{COMPARE_Q}\nand per hour?\n",
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("Production coordinators earn more: $49,366")
    assert len(proc.stdout.splitlines()) == 2
    assert "not a terminal" not in proc.stderr
    assert "Tab complete" not in proc.stdout and "career>" not in proc.stdout
    assert not (tmp_path / "state" / "history").exists()


@pytest.mark.slow
@pytest.mark.pty
def test_pty_narrow_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed: the pty tests need it")
    env = terminal_env(tmp_path / "state", NO_COLOR="1")
    child = pexpect.spawn(sys.executable, ["-m", "chatbot.cli.main"], env=env, encoding="utf-8", timeout=60,
                          dimensions=(24, 40), cwd=str(tmp_path))
    child.logfile_read = io.StringIO()
    try:
        child.expect_exact("career> ")
        child.send(COMPARE_Q + "\r")
        child.expect_exact("$4,803,")
        child.expect_exact("more).")
        child.expect_exact("career> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    log = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.logfile_read.getvalue())
    assert "Production coordinators earn more:\r\n" in log    # wrapped at a word, not at column 40
    assert "$4,803," in log and ":help" in log and "Tab complete" not in log
    assert child.exitstatus == 0


# ---------------------------------------------------------------- tables


def test_profiles_and_side_by_side_answers_are_tables_on_a_terminal(engine: Engine) -> None:
    profile = engine.ask("tell me about production leaders")
    wide = Renderer(color=False, width=lambda: 100).answer(profile).splitlines()
    assert wide[0] == "Production Leader:"
    assert wide[1] == "  yearly salary        $44,563 a year"
    assert wide[-1].startswith("A production leader usually works")
    both = engine.ask("compare process leaders and production leaders")
    side = Renderer(color=False, width=lambda: 100).answer(both)
    assert "  growth rate          11%                      no data" in side.splitlines()
    assert Renderer(color=False).answer(profile) == profile.text          # not a terminal: the sentence
    narrow = Renderer(color=False, width=lambda: 40).answer(both)   # the table is too wide: the sentence
    assert "Side by side" in narrow and "  growth rate          11%" not in narrow
    plain = engine.ask(COMPARE_Q)
    assert Renderer(color=False, width=lambda: 200).answer(plain) == plain.text
