"""A cache folder the built-in KB cannot be written in falls back to the private temporary
folder; SIGTERM to the REPL leaves the terminal as it found it (not in raw mode)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.kb.builtin import content_hash, source_pages

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROMPT_WAIT_S = 20


def test_a_cache_folder_where_the_build_cannot_write_falls_back(tmp_path, monkeypatch):
    """The folder exists and looks writable, but writing the KB in it fails (full, or
    read-only in a way access() does not see): here its work file's name is taken."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(cache))
    name = f"builtin-{content_hash(source_pages())}.db"
    (cache / f".{name}.{os.getpid()}.tmp").mkdir()   # the build cannot create its work file
    engine = Engine()
    try:
        assert private in engine.db_path.parents
        assert "$" in engine.ask("how much does a production leader make?").text
    finally:
        engine.close()


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


def _wait_for_raw_mode(fd: int, timeout: float) -> bool:
    """True once the terminal on ``fd`` is out of canonical mode (the prompt is up)."""
    deadline = time.monotonic() + timeout
    while termios.tcgetattr(fd)[3] & termios.ICANON:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.pty
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_sigterm_to_the_repl_restores_the_terminal(seed_kb):
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "NO_COLOR": "1", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "chatbot", "repl", "--db", str(seed_kb)], cwd=PROJECT_ROOT,
                            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    try:
        greeting = _read_until(master, b"help", PROMPT_WAIT_S)
        assert b"help" in greeting, greeting
        assert _wait_for_raw_mode(slave, PROMPT_WAIT_S), "the REPL did not put the terminal in raw mode"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=PROMPT_WAIT_S)
        after = termios.tcgetattr(slave)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        os.close(slave)
    assert after[3] & termios.ICANON and after[3] & termios.ECHO
    assert after == before
