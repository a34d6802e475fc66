"""Start-up (issues 13 and 14): what each command imports, and the built-in KB checked once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from chatbot.kb import store

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
HEAVY = ("chatbot.engine", "pydantic", "rapidfuzz", "urllib.request", "http.client")


def _loaded_after(argv: list[str], tmp_path: Path) -> list[str]:
    """The heavy modules loaded by ``chatbot ARGV`` run in a fresh interpreter."""
    code = (
        "import sys\n"
        "from chatbot.cli.main import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if m in {HEAVY!r}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return eval(proc.stdout.strip().splitlines()[-1])  # a printed list of module names


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["ask", "--help"]])
def test_commands_that_answer_nothing_load_nothing_heavy(argv: list[str], tmp_path: Path) -> None:
    assert _loaded_after(argv, tmp_path) == []


def test_ingest_loads_neither_the_engine_nor_pydantic(tmp_path: Path) -> None:
    loaded = _loaded_after(["ingest", "--db", str(tmp_path / "kb.db"), str(KNOWLEDGE)], tmp_path)
    assert "chatbot.engine" not in loaded and "pydantic" not in loaded
    assert (tmp_path / "kb.db").exists()


def test_ask_does_not_load_the_http_stack(tmp_path: Path) -> None:
    loaded = _loaded_after(["ask", "how much does a production leader make?"], tmp_path)
    assert "chatbot.engine" in loaded
    assert "urllib.request" not in loaded and "http.client" not in loaded


def test_the_builtin_kb_is_opened_and_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from chatbot import Engine

    Engine().close()  # builds the cache
    statements: list[str] = []
    real = store._connect_read_only

    def traced(path: Path) -> sqlite3.Connection:
        conn = real(path)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(store, "_connect_read_only", traced)
    engine = Engine()
    assert engine.ask("how much does a production leader make?").status == "answered"
    engine.close()
    assert sum("quick_check" in s for s in statements) == 1


def test_an_empty_wal_left_by_a_reader_opens_no_writer(seed_kb: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only reader of a WAL KB leaves an empty ``-wal`` at exit; the next start must
    not open a writer for it (a checkpoint and an fsync at every ``chatbot ask``)."""
    from chatbot import Engine

    path = tmp_path / "kb.db"
    path.write_bytes(seed_kb.read_bytes())
    sqlite3.connect(path, isolation_level=None).execute("pragma journal_mode = wal").connection.close()
    Path(f"{path}-wal").write_bytes(b"")
    opened: list[str] = []
    real = sqlite3.connect

    def recording(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(database))
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.sqlite3, "connect", recording)
    engine = Engine(db=path)
    assert engine.ask("how much does a production leader make?").status == "answered"
    engine.close()
    assert opened and not any("mode=rw" in uri for uri in opened), opened


def test_plain_ask_answers_without_pydantic_and_json_ask_with_it(tmp_path: Path) -> None:
    """The answer models are pydantic at the boundary; printing only the text builds none."""
    _loaded_after(["ask", "hello"], tmp_path)  # builds the built-in KB (the page parser needs rapidfuzz)
    loaded = _loaded_after(["ask", "how much does a production leader make?"], tmp_path)
    assert "pydantic" not in loaded and "rapidfuzz" not in loaded
    assert "pydantic" in _loaded_after(["ask", "--json", "how much does a production leader make?"], tmp_path)


@pytest.mark.parametrize("question", ["how much does a production leader make?", "", "x" * 5000, "hello",
                                      "which pays more, production coordinator or production leader?",
                                      "salary of an astronaut", "salery of a prodution leeder"])
def test_the_text_alone_is_the_answer_s_text(question: str) -> None:
    from chatbot import Engine

    engine = Engine()
    assert engine.answer_text(question) == engine.ask(question).text
