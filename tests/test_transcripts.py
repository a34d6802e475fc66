"""Transcript tests: the format's parser, the runner (against a tiny fake engine), the
report, ``chatbot test`` and the pytest collection of tests/transcripts/."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from chatbot.cli.main import main
from chatbot.models import Answer
from chatbot.transcripts import (
    EngineCache,
    TranscriptPathError,
    TranscriptSyntaxError,
    discover,
    parse_text,
    run_files,
    run_transcript,
)
from chatbot.transcripts import runner as runner_module
from tests.pytest_runs import PYTEST

TRANSCRIPTS_DIR = Path(__file__).resolve().parent / "transcripts"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def subprocess_env() -> dict[str, str]:
    """The environment for a child Python that imports this checkout's chatbot."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env

COMPARE_Q = "which pays more, production coordinator or production leader?"
COMPARE_A = ("Production coordinators earn more: $49,366 a year vs $44,563 for production leaders "
             "($4,803, 10.8% more).")
HOURLY_A = "Production coordinators earn more: $23.73 an hour vs $21.42 for production leaders."


class ScriptedConversation:
    def __init__(self, engine: ScriptedEngine) -> None:
        self.engine = engine
        self.turns = 0

    def ask(self, question: str) -> Answer:
        self.turns += 1
        self.engine.asked.append((self.engine.conversations, self.turns, question))
        if question == "crash":
            raise RuntimeError("the engine fell over")
        if question == "and per hour?" and self.turns == 1:
            return Answer(text="Which roles do you mean?", status="clarify", intent="compare")
        return self.engine.script.get(question, Answer(text="I did not understand that.", status="not_understood"))


class ScriptedEngine:
    """A fake engine: fixed answers per question; a follow-up needs a previous turn."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, int, str]] = []
        self.conversations = 0
        self.script = {
            COMPARE_Q: Answer(text=COMPARE_A, status="answered", intent="compare",
                              roles=["production coordinator", "production leader"], attribute="yearly_salary"),
            "and per hour?": Answer(text=HOURLY_A, status="answered", intent="compare",
                                    roles=["production coordinator", "production leader"], attribute="hourly_rate"),
        }

    def conversation(self) -> ScriptedConversation:
        self.conversations += 1
        return ScriptedConversation(self)


GOOD = f"""\
# the issue's example
kb: builtin
> {COMPARE_Q}
< {COMPARE_A}
> and per hour?
status: answered
intent: compare
contains: $23.73
regex: \\$\\d+\\.\\d{{2}}
not-contains: $44,563
roles: production leader, production coordinator
attribute: hourly_rate
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- parser


def test_parse_the_example() -> None:
    t = parse_text(GOOD, "good.convo")
    assert t.kb == "builtin" and t.kb_line == 2 and t.kb_path() is None
    assert [turn.question for turn in t.turns] == [COMPARE_Q, "and per hour?"]
    assert [turn.line for turn in t.turns] == [3, 5]
    first, second = t.turns
    assert [(c.kind, c.value, c.line) for c in first.checks] == [("text", COMPARE_A, 4)]
    assert [(c.kind, c.line) for c in second.checks] == [
        ("status", 6), ("intent", 7), ("contains", 8), ("regex", 9), ("not-contains", 10), ("roles", 11),
        ("attribute", 12),
    ]
    assert second.checks[3].value == r"\$\d+\.\d{2}"


def test_parse_multiline_answer_separators_and_kb_path(tmp_path: Path) -> None:
    t = parse_text("kb: ../kbs/seed.db\n> skills?\n< line one\n<   line two  \n---\n> hello\n",
                   tmp_path / "sub" / "x.convo")
    assert t.kb_path() == tmp_path / "sub" / ".." / "kbs" / "seed.db"
    assert t.turns[0].checks[0].value == "line one\n  line two"
    assert not t.turns[0].new_conversation and t.turns[1].new_conversation
    assert t.conversations == 2


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("< answer first\n", 1, "before any user turn"),
        ("> q\nstatus: fine\n", 2, "unknown status"),
        ("> q\ncolour: blue\n", 2, "unknown check 'colour:'"),
        ("> q\nregex: (unclosed\n", 2, "bad regular expression"),
        ("> q\nkb: builtin\n", 2, "before the first turn"),
        ("kb: a.db\nkb: b.db\n> q\n", 2, "given twice"),
        ("> q\n< a\nstatus: answered\n< b\n", 4, "already given at line 2"),
        ("> \n", 1, "empty user turn"),
        ("status: answered\n> q\n", 1, "before any user turn"),
        ("> q\njust some words\n", 2, "expected '> question'"),
        ("> q\ncontains:\n", 2, "needs a value"),
        ("> q\n---\nstatus: answered\n", 3, "before any user turn"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(TranscriptSyntaxError) as info:
        parse_text(text, "bad.convo")
    assert info.value.line == line
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"bad.convo:{line}: ")


def test_parse_rejects_a_file_without_turns() -> None:
    with pytest.raises(TranscriptSyntaxError, match="no user turns"):
        parse_text("# only a comment\nkb: builtin\n", "empty.convo")


# ---------------------------------------------------------------- runner


def test_a_passing_transcript() -> None:
    engine = ScriptedEngine()
    result = run_transcript(parse_text(GOOD, "good.convo"), engine)
    assert result.passed, result.details()
    assert result.turns == 2
    assert engine.conversations == 1  # one conversation across turns
    assert "ok" in result.status_line()


def test_separator_starts_a_new_conversation() -> None:
    engine = ScriptedEngine()
    text = f"> {COMPARE_Q}\n> and per hour?\nstatus: answered\n---\n> and per hour?\nstatus: clarify\n"
    result = run_transcript(parse_text(text, "sep.convo"), engine)
    assert result.passed, result.details()
    assert engine.conversations == 2


def test_a_changed_figure_fails_at_its_line() -> None:
    wrong = GOOD.replace("$49,366 a year", "$49,367 a year").replace("contains: $23.73", "contains: $23.74")
    result = run_transcript(parse_text(wrong, Path("wrong.convo")), ScriptedEngine())
    assert not result.passed
    assert [(f.line, f.kind) for f in result.failures] == [(4, "text"), (8, "contains")]
    details = result.details()
    assert "wrong.convo:4: answer text differs" in details
    assert "wrong.convo:8: answer does not contain the expected text" in details
    # expected and actual one above the other, aligned, with a caret at the difference
    lines = details.splitlines()
    expected = next(line for line in lines if line.startswith("  expected: Production"))
    actual = next(line for line in lines if line.startswith("  actual:   Production"))
    caret = lines[lines.index(actual) + 1]
    column = caret.index("^")
    assert expected[column] == "7" and actual[column] == "6"
    assert f"turn (line 3): > {COMPARE_Q}" in details


@pytest.mark.parametrize(
    ("check", "headline"),
    [
        ("status: no_data", "status differs"),
        ("intent: salary", "intent differs"),
        ("not-contains: $23.73", "contains a text it must not"),
        ("regex: ^Sorry", "does not match the pattern"),
        ("roles: process leader", "roles differ"),
        ("attribute: none", "attribute differs"),
    ],
)
def test_every_check_kind_can_fail(check: str, headline: str) -> None:
    text = f"> {COMPARE_Q}\n> and per hour?\n{check}\n"
    result = run_transcript(parse_text(text, "c.convo"), ScriptedEngine())
    assert len(result.failures) == 1
    assert result.failures[0].line == 3
    assert headline in result.details()


def test_none_values_and_an_engine_error() -> None:
    text = "> gibberish\nintent: none\nattribute: none\nroles: none\n> crash\n> gibberish\nstatus: not_understood\n"
    result = run_transcript(parse_text(text, "e.convo"), ScriptedEngine())
    assert [(f.line, f.kind) for f in result.failures] == [(5, "error")]
    assert "RuntimeError: the engine fell over" in result.details()
    assert result.turns == 3  # the run went on after the error


def test_run_files_report_and_kb_resolution(tmp_path: Path) -> None:
    good = write(tmp_path, "a/good.convo", GOOD)
    wrong = write(tmp_path, "a/wrong.convo", GOOD.replace("$23.73", "$99.99"))
    broken = write(tmp_path, "b/broken.convo", "> q\nfoo: bar\n")
    no_kb = write(tmp_path, "b/nokb.convo", "kb: missing.db\n> q\n")
    write(tmp_path, "a/notes.txt", "not a transcript")
    opened: list[Path | None] = []

    def factory(kb: Path | None) -> ScriptedEngine:
        opened.append(kb)
        if kb is not None and not kb.exists():
            from chatbot.errors import KBError

            raise KBError(str(kb), "no such knowledge base file")
        return ScriptedEngine()

    files = discover([tmp_path / "a", tmp_path / "b"])
    assert files == [good, wrong, broken, no_kb]
    report = run_files(files, factory)
    assert (report.passed, report.failed, report.ok) == (1, 3, False)
    assert opened == [None, no_kb.parent / "missing.db"]  # the built-in KB opened once
    text = report.format()
    assert text.splitlines()[-1] == "1 passed, 3 failed"
    assert "wrong.convo:8: answer does not contain the expected text" in text
    assert "broken.convo:2: unknown check 'foo:'" in text
    assert "nokb.convo:1: cannot open the knowledge base" in text
    assert "contains: $99.99" in text


def test_discover_rejects_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(TranscriptPathError, match="no such transcript"):
        discover([tmp_path / "nope"])


def test_engine_cache_default_kb(tmp_path: Path) -> None:
    seen: list[Path | None] = []
    cache = EngineCache(lambda kb: seen.append(kb) or ScriptedEngine())
    write(tmp_path, "x.convo", "> q\n")
    run_files([tmp_path / "x.convo"] * 2, cache, default_kb=tmp_path / "kb.db")
    assert seen == [tmp_path / "kb.db"]


# ---------------------------------------------------------------- chatbot test


@pytest.fixture
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    opened: list[Path | None] = []

    def fake_open(kb: Path | None) -> ScriptedEngine:
        opened.append(kb)
        return ScriptedEngine()

    monkeypatch.setattr(runner_module, "open_engine", fake_open)
    return opened


def test_chatbot_test_passes(tmp_path: Path, fake_engines: list[Path | None], capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "good.convo", GOOD)
    assert main(["test", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and out.splitlines()[-1] == "1 passed, 0 failed"


def test_chatbot_test_fails_naming_file_and_line(tmp_path: Path, fake_engines: list[Path | None],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "good.convo", GOOD)
    bad = write(tmp_path, "wrong.convo", GOOD.replace("$4,803", "$4,804"))
    assert main(["test", str(tmp_path / "good.convo"), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:4: answer text differs" in out
    assert "expected: Production coordinators earn more: $49,366 a year vs $44,563 for production leaders ($4,804" in out
    assert "actual:   Production coordinators earn more: $49,366 a year vs $44,563 for production leaders ($4,803" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"


def test_chatbot_test_db_option_is_the_default_kb(tmp_path: Path, fake_engines: list[Path | None],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "nokb.convo", "> q\n")
    write(tmp_path, "builtin.convo", "kb: builtin\n> q\n")
    assert main(["test", "--db", str(tmp_path / "my.db"), str(tmp_path)]) == 0
    assert fake_engines == [None, tmp_path / "my.db"]


def test_chatbot_test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(tmp_path / "missing")]) == 2
    assert "no such transcript file or folder" in capsys.readouterr().err
    assert main(["test", str(tmp_path)]) == 2
    assert "no transcripts" in capsys.readouterr().err
    assert main(["test"]) == 2


@pytest.mark.slow
def test_chatbot_test_subprocess_broken_kb(tmp_path: Path) -> None:
    wrong = write(tmp_path, "wrong.convo", "# a KB that is not there\nkb: nowhere.db\n> hello\nstatus: answered\n")
    proc = subprocess.run([sys.executable, "-m", "chatbot.cli.main", "test", str(wrong)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60, env=subprocess_env())
    assert proc.returncode == 1
    assert f"{wrong}:2: cannot open the knowledge base" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "0 passed, 1 failed"
    assert "Traceback" not in proc.stdout + proc.stderr


# ---------------------------------------------------------------- pytest collection


def test_every_shipped_transcript_parses() -> None:
    files = discover([TRANSCRIPTS_DIR])
    assert files, "no transcripts in tests/transcripts"
    for path in files:
        from chatbot.transcripts import parse_file

        assert parse_file(path).turns


@pytest.mark.slow
def test_pytest_collects_one_item_per_transcript() -> None:
    proc = subprocess.run([*PYTEST, "--collect-only", "-q", "-o", "addopts=", str(TRANSCRIPTS_DIR)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120, env=subprocess_env())
    items = [line for line in proc.stdout.splitlines() if ".convo::" in line]
    expected = sorted(p.name for p in TRANSCRIPTS_DIR.glob("*.convo"))
    assert sorted(line.rsplit("::", 1)[1] for line in items) == expected, proc.stdout + proc.stderr


@pytest.mark.slow
def test_a_failing_collected_transcript_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "conftest.py").write_text((TRANSCRIPTS_DIR / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8")
    write(folder, "broken.convo", textwrap.dedent("""\
        # the KB is missing: the item fails with the file and line of 'kb:'
        kb: nowhere.db
        > hello
        """))
    write(folder, "syntax.convo", "> hello\nstatus: maybe\n")
    proc = subprocess.run([*PYTEST, "-q", "--rootdir", str(tmp_path), str(folder)], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env=subprocess_env())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "2 failed" in proc.stdout
    assert "nowhere.db" in proc.stdout
    assert "syntax.convo:2: unknown status 'maybe'" in proc.stdout
    assert "Traceback" not in proc.stdout


def test_every_check_the_parser_accepts_is_evaluated_and_has_a_headline() -> None:
    from chatbot.transcripts.syntax import CHECK_KINDS, DATA_PREFIX

    parsed = {k for k in CHECK_KINDS if not k.startswith(DATA_PREFIX)}
    assert parsed == set(runner_module.CHECKS)
    assert all(runner_module.HEADLINES[k] for k in parsed)
