"""A KB that changes under a running bot: concurrent ingests (all land), readers during an
ingest (no wait, the state before it), an engine opened before an ingest (keeps working,
sees the new pages), and KB paths with URI-special characters."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.kb.ingest import ingest

from test_reliability_ingest import PROJECT_ROOT, write_synthetic_pages

WRITERS = 4                  # concurrent `chatbot ingest` subprocesses into one KB
PAGES_PER_WRITER = 60        # pages of each writer's own batch
READER_MAX_WAIT_S = 0.5      # a question during an ingest is answered within this (no 5 s busy wait)
LONG_BATCH = 3_000           # pages of the ingest the reader runs beside (over a second of ingest)
PATH_NAMES = ["x#y", "what?", "100%", "two words", "dossier-é-ж", "a%23b"]
QUESTION = "which pays more, production coordinator or production leader?"


def _ingest_cmd(folder: Path, db: Path) -> list[str]:
    pages = sorted(folder.glob("*.txt"))
    return [sys.executable, "-m", "chatbot", "ingest", *map(str, pages), "--db", str(db)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _roles(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("select name from roles")}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("writers")
    folders = []
    for n in range(WRITERS):
        folder = root / f"w{n}"
        write_synthetic_pages(folder, PAGES_PER_WRITER, seed=100 + n)
        folders.append(folder)
    return folders


@pytest.mark.parametrize("start", ["new", "existing"])
def test_concurrent_ingests_into_one_kb_all_land(batches, seed_kb, tmp_path, start):
    db = tmp_path / "kb.db"
    if start == "existing":
        shutil.copyfile(seed_kb, db)
    procs = [subprocess.Popen(_ingest_cmd(f, db), cwd=PROJECT_ROOT, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in batches]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    stored = _roles(db)
    for folder, (out, _) in zip(batches, outputs, strict=True):
        assert "page(s) added" in out
        conn = sqlite3.connect(db)
        paths = {r[0] for r in conn.execute("select path from pages")}
        conn.close()
        missing = [p for p in folder.glob("*.txt") if str(p) not in paths]
        assert not missing, f"{len(missing)} page(s) reported added are not in the KB"
    assert len(stored) >= WRITERS * PAGES_PER_WRITER // 2
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("kb.db-")) == ["kb.db"]


def test_new_kbs_are_in_wal_mode(seed_kb):
    assert seed_kb.read_bytes()[18:20] == b"\x02\x02"


def test_a_reader_during_a_long_ingest_answers_at_once_from_the_state_before(seed_kb, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    folder = tmp_path / "long"
    write_synthetic_pages(folder, LONG_BATCH, seed=7)
    engine = Engine(db=db)
    before = engine.ask(QUESTION).text
    writer = subprocess.Popen(_ingest_cmd(folder, db), cwd=PROJECT_ROOT, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waits = []
    try:
        time.sleep(0.3)
        while writer.poll() is None and len(waits) < 20:
            t0 = time.perf_counter()
            answer = engine.ask(QUESTION)
            waits.append(time.perf_counter() - t0)
            assert answer.text == before  # the state before the ingest (its pages do not change this answer)
            time.sleep(0.05)
    finally:
        writer.communicate(timeout=120)
    print(f"reader during ingest: {len(waits)} questions, slowest {max(waits or [0]) * 1000:.0f} ms")
    assert waits, "the ingest ended before a question could be asked"
    assert max(waits) < READER_MAX_WAIT_S
    assert writer.returncode == 0
    engine.close()


def test_an_engine_opened_before_an_ingest_keeps_working_after_it(seed_kb, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    folder = tmp_path / "more"
    write_synthetic_pages(folder, 30, seed=3)
    engine = Engine(db=db)
    conv = engine.conversation()
    first = conv.ask(QUESTION)
    ingest(db, sorted(folder.glob("*.txt")))
    for question in ("which job pays the most?", "which roles have more than 70,000 jobs?", QUESTION,
                     "and per hour?", "which roles do you know?"):
        answer = conv.ask(question)
        assert "internal error" not in answer.text and answer.status != "error", (question, answer.text)
    assert conv.ask(QUESTION).text == first.text
    assert len(engine.role_names()) > 30
    engine.close()


def test_chat_json_across_an_ingest(seed_kb, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    folder = tmp_path / "more"
    write_synthetic_pages(folder, 30, seed=4)
    chat = subprocess.Popen([sys.executable, "-m", "chatbot", "chat", "--json", "--db", str(db)],
                            cwd=PROJECT_ROOT, env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert chat.stdin and chat.stdout
        chat.stdin.write(QUESTION + "\n")
        chat.stdin.flush()
        first = json.loads(chat.stdout.readline())
        ingest(db, sorted(folder.glob("*.txt")))
        lines = []
        for question in ("which job pays the most?", "which roles have more than 70,000 jobs?", QUESTION):
            chat.stdin.write(question + "\n")
            chat.stdin.flush()
            lines.append(chat.stdout.readline())
    finally:
        chat.communicate(timeout=30)
    for line in lines:
        reply = json.loads(line)
        assert "error" not in reply, reply
    assert json.loads(lines[-1])["text"] == first["text"]


@pytest.mark.parametrize("name", PATH_NAMES)
def test_a_kb_path_with_uri_special_characters_opens_that_file(seed_kb, tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    db = folder / "kb.db"
    shutil.copyfile(seed_kb, db)
    decoy = tmp_path / name.split("#")[0].split("?")[0]
    engine = Engine(db=db)
    try:
        assert engine.info().roles == 3 and "production leader" in engine.role_names()
    finally:
        engine.close()
    assert not (tmp_path / "x").exists() or decoy == folder
    assert not any(p.name.startswith(("x", "what", "100", "a")) and p != folder and p.is_file()
                   for p in tmp_path.iterdir())


def test_home_with_a_hash_still_answers(tmp_path):
    home = tmp_path / "ho#me"
    home.mkdir()
    env = {k: v for k, v in _env().items() if not k.startswith(("CHATBOT_", "XDG_"))}
    env["HOME"] = str(home)
    proc = subprocess.run([sys.executable, "-m", "chatbot", "ask", QUESTION], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "$" in proc.stdout
