"""Broken environments: a missing, empty, corrupt, foreign, locked or unreadable KB file,
an unreadable page, broken intent files, a cache folder that cannot be written.  Each
gives a one-line error naming the file and saying what to do, or (the built-in KB) is
rebuilt without the user noticing."""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

import chatbot.kb.store as store
from chatbot import Engine
from chatbot.errors import ChatbotError, IntentsError, KBError, PageError
from chatbot.kb.builtin import builtin_db_path
from chatbot.kb.parser import parse_file
from chatbot.paths import intents_dir

NORMAL_QUESTION = "which pays more, production coordinator or production leader?"
ACTION = re.compile(r"\b(rebuild|create|reinstall|restore|fix|check|pick|choose|run|delete|remove|use|give|pass|"
                    r"correct|edit|try|wait)\b|chatbot ingest", re.IGNORECASE)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(IS_ROOT, reason="running as root: file permissions do not apply")


def assert_one_line_error(exc: BaseException, path: Path, *, action: bool = True) -> None:
    """The error names the file, fits on one line, and (with ``action``) says what to do."""
    text = str(exc)
    assert isinstance(exc, ChatbotError), type(exc)
    assert "\n" not in text and "\r" not in text, text
    assert str(path) in text, text
    assert len(text) < 400, text
    if action:
        assert ACTION.search(text), f"no hint of what to do: {text}"


def answers_normally(engine: Engine) -> None:
    answer = engine.ask(NORMAL_QUESTION)
    assert answer.status == "answered" and "$49,366" in answer.text, answer.text


# -- KB files --------------------------------------------------------------------------------

def _copy(seed_kb: Path, tmp_path: Path, name: str = "kb.db") -> Path:
    path = tmp_path / name
    shutil.copyfile(seed_kb, path)
    return path


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _index_root_page_offset(path: Path) -> int:
    """Where the first page of one of the KB's own indexes starts in the file."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("pragma page_size").fetchone()[0]
    root = conn.execute("select rootpage from sqlite_master where type = 'index' "
                        "and name not like 'sqlite_autoindex%' order by rootpage limit 1").fetchone()[0]
    conn.close()
    return (root - 1) * page_size


def make_kb_case(kind: str, seed_kb: Path, tmp_path: Path) -> Path:
    rng = random.Random(kind)
    path = tmp_path / f"{kind.replace(' ', '-')}.db"
    data = seed_kb.read_bytes()
    if kind == "missing":
        pass
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "random bytes":
        path.write_bytes(rng.randbytes(8192))
    elif kind == "text file":
        path.write_text("production coordinator vs production leader\n" * 50, encoding="utf-8")
    elif kind == "SQLite header then random bytes":
        path.write_bytes(data[:100] + rng.randbytes(len(data) - 100))
    elif kind.startswith("truncated to "):
        size = {"100 bytes": 100, "one page": 4096, "half": len(data) // 2, "all but a page": len(data) - 4096}[kind[13:]]
        path.write_bytes(data[:size])
    elif kind == "other schema":
        _sql(path, "create table notes (body text)", "insert into notes values ('mine')")
    elif kind == "other schema with a meta table":
        _sql(path, "create table meta (key text, value text)", "insert into meta values ('owner', 'someone')")
    elif kind == "schema version 999":
        _copy(seed_kb, tmp_path, path.name)
        _sql(path, "update meta set value = '999' where key = 'schema_version'")
    elif kind == "schema version not a number":
        _copy(seed_kb, tmp_path, path.name)
        _sql(path, "update meta set value = 'two' where key = 'schema_version'")
    elif kind == "a folder":
        path.mkdir()
    elif kind == "a dangling symlink":
        path.symlink_to(tmp_path / "nowhere.db")
    else:
        raise AssertionError(kind)
    return path


KB_CASES = [
    "missing", "empty", "random bytes", "text file", "SQLite header then random bytes",
    "truncated to 100 bytes", "truncated to one page", "truncated to half", "truncated to all but a page",
    "other schema", "other schema with a meta table", "schema version 999", "schema version not a number",
    "a folder",
    "a dangling symlink",
]


@pytest.mark.parametrize("kind", KB_CASES)
def test_a_broken_kb_file_gives_a_one_line_error(seed_kb, tmp_path, kind):
    path = make_kb_case(kind, seed_kb, tmp_path)
    with pytest.raises(KBError) as err:
        Engine(db=path)
    assert_one_line_error(err.value, path)


def test_the_schema_version_is_named_in_the_error(seed_kb, tmp_path):
    path = make_kb_case("schema version 999", seed_kb, tmp_path)
    with pytest.raises(KBError, match="schema version 999"):
        Engine(db=path)


def test_a_corrupt_page_inside_a_valid_kb_gives_a_one_line_error(seed_kb, tmp_path):
    path = _copy(seed_kb, tmp_path)
    offset = _index_root_page_offset(path)
    data = bytearray(path.read_bytes())
    data[offset] = 0xEE  # not a b-tree page type
    path.write_bytes(bytes(data))
    with pytest.raises(KBError) as err:
        Engine(db=path)
    assert_one_line_error(err.value, path)


def test_a_kb_missing_a_table_names_it(seed_kb, tmp_path):
    path = _copy(seed_kb, tmp_path)
    _sql(path, "drop table words")
    with pytest.raises(KBError) as err:
        Engine(db=path)
    assert_one_line_error(err.value, path)
    assert "words" in str(err.value)


@needs_permissions
def test_an_unreadable_kb_file_gives_a_one_line_error(seed_kb, tmp_path):
    path = _copy(seed_kb, tmp_path)
    path.chmod(0)
    try:
        with pytest.raises(KBError) as err:
            Engine(db=path)
        assert_one_line_error(err.value, path, action=False)
        assert "permission" in str(err.value).lower()
    finally:
        path.chmod(0o644)


def test_an_unreadable_kb_file_says_what_to_do(seed_kb, tmp_path, monkeypatch):
    """As above, with os.access made to say no (so it runs as root too)."""
    path = _copy(seed_kb, tmp_path)
    monkeypatch.setattr(store.os, "access", lambda p, mode: False)
    with pytest.raises(KBError) as err:
        Engine(db=path)
    assert_one_line_error(err.value, path)


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_question_while_the_kb_is_locked_by_a_writer_is_not_a_crash(seed_kb, tmp_path, monkeypatch, journal_mode):
    """A WAL KB (what ingest makes) answers from its last committed state while a writer
    holds it; a rollback-journal KB reports the lock in one line after the busy timeout."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    path = _copy(seed_kb, tmp_path)
    sqlite3.connect(path, isolation_level=None).execute(f"pragma journal_mode = {journal_mode}").connection.close()
    engine = Engine(db=path)
    engine.ask("how much does a process leader make?")  # a first read, so the next one must wait for the lock
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("begin exclusive")
    writer.execute("update facts set value_num = value_num")  # an exclusive lock a rollback journal holds
    try:
        if journal_mode == "wal":
            answer = engine.ask("how much does a production leader make?")
            assert answer.status == "answered" and "$44,563" in answer.text
        else:
            with pytest.raises(ChatbotError) as err:
                engine.ask("how much does a production leader make?")
            assert_one_line_error(err.value, path)
    finally:
        writer.execute("rollback")
        writer.close()
    answers_normally(engine)


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_opening_a_kb_locked_by_a_writer_does_not_call_it_corrupt(seed_kb, tmp_path, monkeypatch, journal_mode):
    """A KB made before WAL (rollback journal) is refused clearly while a writer holds it;
    a WAL KB (every KB ingest makes now) opens and answers from its last committed state."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    path = _copy(seed_kb, tmp_path)
    sqlite3.connect(path, isolation_level=None).execute(f"pragma journal_mode = {journal_mode}").connection.close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("begin exclusive")
    try:
        if journal_mode == "wal":
            answers_normally(Engine(db=path))
            return
        with pytest.raises(KBError) as err:
            Engine(db=path)
        assert_one_line_error(err.value, path)
        assert "corrupt" not in str(err.value) and "rebuild" not in str(err.value)
    finally:
        writer.execute("rollback")
        writer.close()


def test_a_kb_left_with_a_journal_by_a_killed_writer_opens(seed_kb, tmp_path):
    """A stale, empty journal beside the KB (a writer killed before it wrote anything)."""
    path = _copy(seed_kb, tmp_path)
    Path(f"{path}-journal").write_bytes(b"")
    answers_normally(Engine(db=path))


# -- pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kind",
    [
        "a folder",
        "missing",
        "a dangling symlink",
    ],
)
def test_an_unreadable_page_gives_a_one_line_error(tmp_path, kind):
    path = tmp_path / "page.txt"
    if kind == "a folder":
        path.mkdir()
    elif kind == "a dangling symlink":
        path.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(PageError) as err:
        parse_file(path)
    assert_one_line_error(err.value, path, action=kind == "a folder")


@needs_permissions
def test_a_page_without_read_permission_gives_a_one_line_error(seed_pages, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(seed_pages[0].read_bytes())
    path.chmod(0)
    try:
        with pytest.raises(PageError) as err:
            parse_file(path)
        assert_one_line_error(err.value, path, action=False)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("kind", ["binary", "empty", "other text", "not UTF-8"])
def test_a_page_that_is_no_page_gives_a_one_line_error(tmp_path, kind):
    path = tmp_path / "page.txt"
    path.write_bytes({"binary": b"\x7fELF\x02\x01\x01\x00" + bytes(2000), "empty": b"",
                      "other text": b"Shopping list:\n- eggs\n- milk\n" * 30,
                      "not UTF-8": "Production coordinator vs production leader caf\xe9\n".encode("latin-1") * 30}[kind])
    with pytest.raises(PageError) as err:
        parse_file(path)
    assert_one_line_error(err.value, path, action=False)
    assert "page" in str(err.value)


# -- intent files ----------------------------------------------------------------------------

def _intents(tmp_path: Path) -> Path:
    folder = tmp_path / "intents"
    shutil.copytree(intents_dir(), folder)
    return folder


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


NEW_INTENT = '\n[[intent]]\nname = "zz"\nhandler = "fact"\ndescription = "x"\nroles = "one"\nattribute = "any"\n'
INTENT_CASES = {
    # kind: (file, how to break it, a word the message must hold)
    "TOML syntax error": ("compare.toml", lambda p: p.write_text("[[intent]\nname = 'x'\n", encoding="utf-8"), None),
    "unknown handler": ("compare.toml", lambda p: p.write_text(p.read_text(encoding="utf-8").replace(
        'handler = "compare"', 'handler = "nope"', 1), encoding="utf-8"), "handler"),
    "unknown field": ("facts.toml", lambda p: _append(p, NEW_INTENT + "bogus = 1\n"), "bogus"),
    "bad regular expression": ("facts.toml", lambda p: _append(p, NEW_INTENT + 'patterns = ["(unclosed"]\n'), "patterns"),
    "an intent defined twice": ("facts.toml", lambda p: _append(p, NEW_INTENT + NEW_INTENT), "zz"),
    "empty intent file": ("facts.toml", lambda p: p.write_text("", encoding="utf-8"), "intent"),
    "binary intent file": ("facts.toml", lambda p: p.write_bytes(b"\xff\xfe\x00\x01garbage"), None),
    "vocabulary missing": ("vocabulary.toml", lambda p: p.unlink(), None),
    "vocabulary syntax error": ("vocabulary.toml", lambda p: p.write_text("= = =", encoding="utf-8"), None),
    "title words missing": ("title_words.toml", lambda p: p.unlink(), None),
}
NEEDS_ACTION = {"TOML syntax error", "binary intent file", "vocabulary syntax error"}


@pytest.mark.parametrize(
    "kind",
    [k
     if k in NEEDS_ACTION else k for k in INTENT_CASES],
)
def test_a_broken_intent_file_gives_a_one_line_error(seed_kb, tmp_path, kind):
    folder = _intents(tmp_path)
    name, breaks, word = INTENT_CASES[kind]
    path = folder / name
    breaks(path)
    with pytest.raises(IntentsError) as err:
        Engine(db=seed_kb, intents=folder)
    # validation errors name the field to fix; file errors must say what to do
    assert_one_line_error(err.value, path if kind != "an intent defined twice" else folder / "facts.toml",
                          action=word is None)
    if word:
        assert word in str(err.value)


def test_an_intents_folder_with_no_intent_files(seed_kb, tmp_path):
    folder = _intents(tmp_path)
    for path in folder.glob("*.toml"):
        if path.name not in ("vocabulary.toml", "title_words.toml"):
            path.unlink()
    with pytest.raises(IntentsError) as err:
        Engine(db=seed_kb, intents=folder)
    assert_one_line_error(err.value, folder)


def test_an_intent_file_that_is_a_folder(seed_kb, tmp_path):
    folder = _intents(tmp_path)
    (folder / "facts.toml").unlink()
    (folder / "facts.toml").mkdir()
    with pytest.raises(IntentsError) as err:
        Engine(db=seed_kb, intents=folder)
    assert_one_line_error(err.value, folder / "facts.toml")


# -- the built-in KB and its cache ---------------------------------------------------------

@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """tempfile's folder (where the built-in KB falls back to) moved into the test's folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("corruption", ["random bytes", "truncated", "empty", "header only",
                                        "other schema", "schema version 999"])
def test_a_corrupt_cached_builtin_kb_is_rebuilt(tmp_path, corruption):
    engine = Engine()
    answers_normally(engine)
    cached = engine.db_path
    engine.close()
    assert cached.name.startswith("builtin-") and cached.exists()
    data = cached.read_bytes()
    if corruption == "random bytes":
        cached.write_bytes(random.Random(1).randbytes(len(data)))
    elif corruption == "truncated":
        cached.write_bytes(data[: len(data) // 3])
    elif corruption == "empty":
        cached.write_bytes(b"")
    elif corruption == "header only":
        cached.write_bytes(data[:100])
    elif corruption == "other schema":
        cached.unlink()
        _sql(cached, "create table notes (body text)")
    elif corruption == "schema version 999":
        _sql(cached, "update meta set value = '999' where key = 'schema_version'")
    again = Engine()
    assert again.db_path == cached
    answers_normally(again)


def test_a_folder_in_place_of_the_cached_builtin_kb(tmp_path):
    cached = builtin_db_path()
    cached.unlink()
    cached.mkdir()
    answers_normally(Engine())


@pytest.mark.parametrize("where", ["a file", "a path under a file"])
def test_a_cache_folder_that_cannot_be_made_falls_back(tmp_path, monkeypatch, private_tmp, where):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file", encoding="utf-8")
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(blocker if where == "a file" else blocker / "cache"))
    engine = Engine()
    answers_normally(engine)
    assert private_tmp in engine.db_path.parents
    assert blocker.read_text(encoding="utf-8") == "I am a file"


@needs_permissions
def test_a_read_only_cache_folder_falls_back(tmp_path, monkeypatch, private_tmp):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(cache))
    try:
        engine = Engine()
        answers_normally(engine)
        assert cache not in engine.db_path.parents
    finally:
        cache.chmod(0o700)


@pytest.mark.skipif(not IS_ROOT, reason="making a folder owned by another user needs root")
def test_the_fallback_cache_folder_is_not_taken_from_another_user(tmp_path, monkeypatch, private_tmp):
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(tmp_path / "cache"))
    genuine = builtin_db_path()                      # the name the built-in KB gets
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(blocker))  # not writable: fall back to the temp folder
    planted_dir = private_tmp / f"career-chat-{os.getuid()}"
    planted_dir.mkdir()
    planted = planted_dir / genuine.name
    shutil.copyfile(genuine, planted)
    _sql(planted, "update facts set value_num = 1000000, raw = '$1,000,000' where attribute = 'yearly_salary'")
    os.chown(planted, 65534, 65534)
    os.chown(planted_dir, 65534, 65534)               # another user's folder and file
    engine = Engine()
    answer = engine.ask(NORMAL_QUESTION)
    assert "1,000,000" not in answer.text
    answers_normally(engine)
