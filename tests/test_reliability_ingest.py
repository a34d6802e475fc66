"""Atomic, durable ingest: a batch with a broken file changes nothing, a run killed with
SIGKILL leaves a KB that opens and answers as before (or, killed while committing, as
after: never something in between), and re-ingesting a page is a no-op."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chatbot import Engine
from chatbot.errors import KBError, PageError
from chatbot.kb.ingest import ingest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_ROLES = {"production coordinator", "production leader", "process leader"}
SYNTHETIC_ROLES = 3_000          # about 3,000 pages: a full run takes over a second (2,000+ pages/s)
TIME_KILLS_S = (0.05, 0.2, 0.5)  # SIGKILL this long after the run starts
PAGE_KILLS = (100, 300)          # SIGKILL when the run opens page N+1 (300: past the page-cache spill)
SPILLED_BY = 300                 # by this page the run has written into the KB file (about 200 here)
COMMIT_KILLS_MS = (0, 5, 12, 60)  # SIGKILL this long after COMMIT starts (a COMMIT takes ~15-20 ms here)
BUILTIN_KILLS_S = (0.0, 0.03, 0.08)  # SIGKILL this long into the first Engine() (the built-in KB build)
COMMIT_BATCH = 60                # pages of the runs killed at commit
QUESTIONS = [
    "which pays more, production coordinator or production leader?",
    "and per hour?",
    "how much does a process leader make?",
    "which job pays the most?",
    "which roles have more than 70,000 jobs?",
    "what are the skills of a production leader?",
    "which roles do you know?",
    "how much does a call center associate make?",
]

CHILD = r"""
import os, signal, sqlite3, sys, threading
from pathlib import Path
import chatbot.kb.ingest as ing
import chatbot.kb.parse_pool as pool

db, folder, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
pages = sorted(folder.glob("*.txt"))
if mode.startswith("pages:"):
    limit, seen, real_parse = int(mode[6:]), [0], pool.parse_file
    def parse_file(path, label=None):
        seen[0] += 1
        if seen[0] > limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_parse(path, label=label)
    pool.parse_file = parse_file  # pages parsed here, in this process: killed after `limit` of them
    pool.MIN_POOL_PAGES = 10**9
elif mode.startswith("commit:"):
    delay, real_connect = float(mode[7:]) / 1000, sqlite3.connect
    class KilledAtCommit(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql.strip().lower() == "commit":
                threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
            return super().execute(sql, *args)
    sqlite3.connect = lambda *a, **k: real_connect(*a, factory=KilledAtCommit, **k)
print("go", flush=True)
report = ing.ingest(db, pages)
print("done", report.committed, flush=True)
"""


def _pagegen():
    spec = importlib.util.spec_from_file_location("reliability_pagegen", PROJECT_ROOT / "benchmarks" / "pagegen.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def write_synthetic_pages(folder: Path, n_roles: int, seed: int = 11) -> list[Path]:
    """Pages of synthetic roles (none named like a seed role), as files in ``folder``."""
    gen = _pagegen()
    roles = [r for r in gen.make_roles(n_roles, seed) if r.name not in SEED_ROLES]
    folder.mkdir(parents=True)
    paths = []
    for name, text, _, _ in gen.make_pages(roles, seed=seed):
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(db: Path) -> dict:
    """What the engine says over ``db``: answers to QUESTIONS (one conversation) and counts."""
    engine = Engine(db=db)
    try:
        conv = engine.conversation()
        answers = [conv.ask(q).model_dump() for q in QUESTIONS]
        info = engine.info()
        return {"answers": answers, "pages": info.pages, "roles": info.roles, "facts": info.facts}
    finally:
        engine.close()


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def rollback_journal(db: Path) -> bool:
    """The file is in rollback-journal mode (header bytes 18-19 are 1), not WAL (2)."""
    return db.read_bytes()[18:20] == b"\x01\x01"


def integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("pragma integrity_check").fetchone()[0]
    finally:
        conn.close()


def run_child(db: Path, folder: Path, mode: str, kill_after: float | None = None) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(folder), mode], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stdout.readline()
        assert first.strip() == "go", (first, proc.stderr.read())
        if kill_after is not None:
            time.sleep(kill_after)
            proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, rest + err


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "pages"
    pages = write_synthetic_pages(folder, SYNTHETIC_ROLES)
    assert len(pages) > max(PAGE_KILLS) * 2
    return folder


@pytest.fixture(scope="module")
def small_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small") / "pages"
    write_synthetic_pages(folder, COMMIT_BATCH + 1, seed=5)
    return folder


@pytest.fixture(scope="module")
def before(seed_kb) -> dict:
    return snapshot(seed_kb)


# -- SIGKILL half-way ------------------------------------------------------------------------

KILLS = [("time", d) for d in TIME_KILLS_S] + [("pages", n) for n in PAGE_KILLS]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "point"), KILLS, ids=[f"{k}-{p}" for k, p in KILLS])
def test_a_run_killed_half_way_leaves_the_kb_as_before(seed_kb, batch, before, tmp_path, kind, point):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    original = sha(db)
    if kind == "time":
        code, output = run_child(db, batch, "plain", kill_after=point)
    else:
        code, output = run_child(db, batch, f"pages:{point}")
    assert code == -signal.SIGKILL, output
    assert "done" not in output  # killed half-way, not after the run
    if kind == "pages" and point >= SPILLED_BY:
        # the run had written into the KB file itself (or its WAL): recovery must undo it
        wal = Path(f"{db}-wal")
        assert sha(db) != original or (wal.exists() and wal.stat().st_size > 0)
    assert snapshot(db) == before   # Engine(db=...) opens it and answers exactly as before
    assert dump(db) == dump(seed_kb)  # every row as before
    if rollback_journal(db):
        assert sha(db) == original  # in rollback-journal mode the rollback restores every byte
    assert integrity(db) == "ok"
    # and the KB takes the next run normally
    report = ingest(db, sorted(batch.glob("*.txt"))[:3])
    assert report.committed and report.pages == 3


@pytest.mark.slow
def test_a_run_killed_at_commit_is_all_or_nothing(seed_kb, small_batch, before, tmp_path):
    full = tmp_path / "full.db"
    shutil.copyfile(seed_kb, full)
    assert ingest(full, sorted(small_batch.glob("*.txt"))).committed
    after = snapshot(full)
    assert after["facts"] > before["facts"]
    outcomes = []
    for delay in COMMIT_KILLS_MS:
        db = tmp_path / f"kb{delay}.db"
        shutil.copyfile(seed_kb, db)
        code, output = run_child(db, small_batch, f"commit:{delay}")
        assert code == -signal.SIGKILL, output
        state = snapshot(db)
        assert state in (before, after), f"killed {delay} ms into COMMIT: neither before nor after"
        assert integrity(db) == "ok"
        outcomes.append("after" if state == after else "before")
    print("commit kills:", dict(zip(COMMIT_KILLS_MS, outcomes)))


@pytest.mark.slow
def test_a_new_kb_killed_half_way_does_not_exist(batch, tmp_path):
    db = tmp_path / "new.db"
    code, output = run_child(db, batch, "pages:50")
    assert code == -signal.SIGKILL, output
    assert not db.exists()
    with pytest.raises(KBError, match="no such knowledge base file"):
        Engine(db=db)
    report = ingest(db, sorted(batch.glob("*.txt"))[:5])
    assert report.committed and Engine(db=db).info().roles > 5


@pytest.mark.slow
def test_a_killed_new_kb_leaves_no_stray_files_after_the_next_run(batch, tmp_path):
    db = tmp_path / "new.db"
    code, _ = run_child(db, batch, "pages:50")
    assert code == -signal.SIGKILL
    ingest(db, sorted(batch.glob("*.txt"))[:5])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


@pytest.mark.slow
@pytest.mark.parametrize("delay", BUILTIN_KILLS_S)
def test_a_builtin_kb_build_killed_at_any_point_is_rebuilt(tmp_path, monkeypatch, delay):
    cache = tmp_path / "cache"
    env = {**os.environ, "CHATBOT_CACHE_DIR": str(cache)}
    env.pop("CHATBOT_DB", None)
    code = "from chatbot import Engine; print('go', flush=True); Engine(); print('done', flush=True)"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "go"
    time.sleep(delay)
    proc.kill()
    proc.communicate(timeout=60)
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(cache))
    engine = Engine()
    answer = engine.ask("which pays more, production coordinator or production leader?")
    assert answer.status == "answered" and "$49,366" in answer.text


# -- a broken file in the batch --------------------------------------------------------------

def _broken(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"broken-{kind}.txt"
    if kind == "binary":
        path.write_bytes(b"\x00\x01\x02PK\x03\x04" + os.urandom(2000))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "other text":
        path.write_text("Dear diary,\nToday I compared nothing.\n" * 40, encoding="utf-8")
    elif kind == "folder":
        path.mkdir()
    elif kind == "missing":
        pass
    elif kind == "latin-1 garbage":
        path.write_bytes(bytes(range(128, 256)) * 20)
    return path


BROKEN = ["binary", "empty", "other text", "folder", "missing", "latin-1 garbage"]


@pytest.mark.parametrize("kind", BROKEN)
def test_a_batch_with_a_broken_file_changes_nothing(seed_kb, batch, tmp_path, kind):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    original = sha(db)
    good = sorted(batch.glob("*.txt"))[:20]
    broken = _broken(tmp_path, kind)
    listing = sorted(p.name for p in tmp_path.iterdir())
    report = ingest(db, [*good[:10], broken, *good[10:]])
    assert not report.committed
    assert [e.path for e in report.failed] == [str(broken)]
    assert isinstance(report.failed[0], PageError) and "\n" not in str(report.failed[0])
    assert sha(db) == original
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    assert "NOT added" in report.summary()


@pytest.mark.parametrize("kind", BROKEN)
def test_a_new_kb_with_a_broken_file_is_not_created(batch, tmp_path, kind):
    db = tmp_path / "new.db"
    broken = _broken(tmp_path, kind)
    listing = sorted(p.name for p in tmp_path.iterdir())
    report = ingest(db, [*sorted(batch.glob("*.txt"))[:5], broken])
    assert not report.committed and not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_the_report_of_a_rolled_back_run_counts_nothing_new(seed_kb, batch, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    report = ingest(db, [*sorted(batch.glob("*.txt"))[:3], _broken(tmp_path, "binary")])
    assert not report.committed
    assert report.new_roles == 0 and report.total_roles == 3, report.summary()


# -- ingesting into a file that is not a KB --------------------------------------------------

def _foreign(path: Path, journal_mode: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"pragma journal_mode = {journal_mode}")
    conn.execute("create table notes (body text)")
    conn.execute("insert into notes values ('my own data')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "journal_mode",
    ["delete", "wal"],
)
def test_ingest_into_another_programs_database_refuses_and_changes_nothing(seed_pages, tmp_path, journal_mode):
    db = tmp_path / "theirs.db"
    _foreign(db, journal_mode)
    original = sha(db)
    with pytest.raises(KBError) as err:
        ingest(db, seed_pages)
    assert str(db) in str(err.value) and "\n" not in str(err.value)
    assert sha(db) == original


def test_ingest_into_a_kb_of_another_schema_version_changes_nothing(seed_kb, seed_pages, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    conn = sqlite3.connect(db)
    conn.execute("update meta set value = '999' where key = 'schema_version'")
    conn.commit()
    conn.close()
    original = sha(db)
    with pytest.raises(KBError, match="999"):
        ingest(db, seed_pages)
    assert sha(db) == original


# -- re-ingesting ----------------------------------------------------------------------------

def test_re_ingesting_the_same_pages_is_a_no_op_byte_for_byte(seed_kb, seed_pages, tmp_path):
    """The page's content hash is already in ``pages``: it is skipped before anything is
    written, so the transaction commits with no dirty page and SQLite leaves the file
    (even its change counter) untouched."""
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    original = sha(db)
    report = ingest(db, seed_pages)
    assert report.committed and report.pages == 0 and report.skipped == len(seed_pages)
    assert sha(db) == original
    copy = tmp_path / "same-content-other-name.txt"
    copy.write_bytes(seed_pages[0].read_bytes())
    report = ingest(db, [copy, seed_pages[1], seed_pages[1]])
    assert report.pages == 0 and report.skipped == 3
    assert sha(db) == original


def test_a_page_ingested_twice_in_one_run_is_stored_once(batch, tmp_path):
    db = tmp_path / "kb.db"
    pages = sorted(batch.glob("*.txt"))[:4]
    once = ingest(tmp_path / "once.db", pages)
    twice = ingest(db, [*pages, *pages])
    assert twice.pages == once.pages == 4 and twice.skipped == 4
    assert Engine(db=db).info().model_dump(exclude={"path"}) == Engine(db=tmp_path / "once.db").info().model_dump(exclude={"path"})
