"""Ingesting pages: the development pages, bad files, one transaction per run, the
schema, and the built-in KB's cache."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

import chatbot.kb.builtin as builtin
from chatbot.errors import PageError
from chatbot.kb.ingest import ingest
from chatbot.kb.names import role_key
from chatbot.kb.parser import parse_file
from chatbot.kb.schema import SCHEMA_VERSION, TABLES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_PAGES = PROJECT_ROOT.parent / "shared" / "pages"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"
GOOD_PAGES = [FIXTURES / "warehouse_glued.txt", FIXTURES / "warehouse_markdown.txt"]


def _shared_index() -> list[dict[str, str]]:
    index = SHARED_PAGES / "index.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


SHARED_INDEX = _shared_index()


# -- the development pages ----------------------------------------------------------------

@pytest.mark.shared
def test_all_shared_pages_ingest_without_a_crash(shared_pages, tmp_path):
    pages = sorted(shared_pages.glob("*.txt"))
    db = tmp_path / "kb.db"
    report = ingest(db, pages)
    print(f"\n{len(pages)} pages from {shared_pages}:\n{report.summary()}")
    for note in report.notes:
        if note.kind != "resolved":
            print(f"  {note}")
    assert report.failed == []
    assert report.committed and report.pages == len(pages)
    assert report.stored > 20 * len(pages)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from pages").fetchone()[0] == len(pages)
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        # every role of every page is in the KB
        keys = {role_key(name) for (name,) in conn.execute("select name from roles")}
    for row in SHARED_INDEX:
        assert {role_key(row["role_a"]), role_key(row["role_b"])} <= keys, row["file"]


@pytest.mark.shared
@pytest.mark.parametrize(
    "row",
    SHARED_INDEX or [pytest.param(None, marks=pytest.mark.skip(reason=f"no {SHARED_PAGES}/index.tsv"))],
    ids=[row["file"] for row in SHARED_INDEX] or ["absent"],
)
def test_shared_page_parses(row):
    page = parse_file(SHARED_PAGES / row["file"])
    assert page.layout == row["layout"]
    assert [r.name for r in page.roles] == [row["role_a"], row["role_b"]]
    roles = {r.name for r in page.roles}
    assert len(roles) == 2
    assert page.facts, "no figures read"
    for fact in page.facts:
        assert 1 <= fact.line <= page.line_count
        if fact.value.num is not None:
            assert fact.value.num == fact.value.num  # not NaN
    # a "-" cell is NULL, never 0
    assert all(not (f.value.raw == "-" and (f.value.num is not None or f.value.text)) for f in page.facts)


# -- bad files ----------------------------------------------------------------------------

def _bad_files(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n\t\n", encoding="utf-8")
    prose = tmp_path / "prose.txt"
    prose.write_text(
        "It was a bright cold day in April, and the clocks were striking thirteen.\n"
        "The hallway smelt of boiled cabbage and old rag mats.\n",
        encoding="utf-8",
    )
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\u00e9 vs bistro: na\u00efve r\u00e9sum\u00e9s".encode("latin-1"))
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    missing = tmp_path / "missing.txt"
    return {"binary": binary, "empty": empty, "blank": blank, "prose": prose, "latin1": latin1,
            "directory": folder, "missing": missing}


@pytest.fixture
def unreadable(tmp_path, monkeypatch) -> Path:
    """A page that cannot be read (permission denied, also when the tests run as root)."""
    path = tmp_path / "unreadable.txt"
    shutil.copy(GOOD_PAGES[0], path)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make reading it fail all the same
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    yield path
    path.chmod(0o644)


@pytest.mark.parametrize("kind", ["binary", "empty", "blank", "prose", "latin1", "directory", "missing"])
def test_bad_file_gives_page_error_naming_it(tmp_path, kind):
    path = _bad_files(tmp_path)[kind]
    with pytest.raises(PageError) as caught:
        parse_file(path)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unreadable_file_gives_page_error_naming_it(unreadable):
    with pytest.raises(PageError) as caught:
        parse_file(unreadable)
    assert caught.value.path == str(unreadable) and "cannot read" in caught.value.reason


def test_bad_file_leaves_an_existing_kb_byte_identical(tmp_path, unreadable):
    db = tmp_path / "kb.db"
    ingest(db, [GOOD_PAGES[0]])
    before = db.read_bytes()
    bad = list(_bad_files(tmp_path).values()) + [unreadable]
    report = ingest(db, [GOOD_PAGES[1], *bad, FIXTURES / "warehouse_glued.txt"])
    assert not report.committed
    assert sorted(e.path for e in report.failed) == sorted(str(p) for p in bad)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("*.db*")) == ["kb.db"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or p.name.endswith(("-journal", "-wal"))]
    assert leftovers == []


@pytest.mark.parametrize("kind", ["binary", "empty", "prose", "directory", "missing"])
def test_bad_file_does_not_create_a_new_kb(tmp_path, kind):
    pages_dir = tmp_path / "pages"
    pages_dir.mkdir()
    bad = _bad_files(pages_dir)[kind]
    out = tmp_path / "out"
    out.mkdir()
    db = out / "new.db"
    report = ingest(db, [GOOD_PAGES[0], bad])
    assert not report.committed and [e.path for e in report.failed] == [str(bad)]
    assert not db.exists()
    assert list(out.iterdir()) == [], "no temporary file left behind"


def test_keep_going_adds_the_good_pages_and_reports_the_bad(tmp_path):
    bad = _bad_files(tmp_path)
    db = tmp_path / "kb.db"
    report = ingest(db, [bad["binary"], GOOD_PAGES[0], bad["prose"], GOOD_PAGES[1], bad["directory"]],
                    keep_going=True)
    assert report.committed and report.pages == 2
    assert [e.path for e in report.failed] == [str(bad["binary"]), str(bad["prose"]), str(bad["directory"])]
    assert all(isinstance(e, PageError) for e in report.failed)
    assert "2 page(s) added" in report.summary() and "3 failed" in report.summary()
    with sqlite3.connect(db) as conn:
        assert sorted(p for (p,) in conn.execute("select path from pages")) == sorted(str(p) for p in GOOD_PAGES)


def test_reingesting_the_same_page_is_a_no_op(tmp_path):
    db = tmp_path / "kb.db"
    first = ingest(db, GOOD_PAGES)
    assert first.pages == 2
    before = db.read_bytes()
    again = ingest(db, GOOD_PAGES)
    assert (again.pages, again.skipped, again.new_roles, again.conflicts) == (0, 2, 0, 0)
    assert again.committed
    assert db.read_bytes() == before
    # the same content under another name is the same page too
    copy = tmp_path / "copy.txt"
    shutil.copy(GOOD_PAGES[0], copy)
    assert ingest(db, [copy]).skipped == 1
    assert db.read_bytes() == before


def test_ingest_refuses_a_file_that_is_not_a_kb(tmp_path):
    from chatbot.errors import KBError

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (id integer primary key, text text)")
        conn.execute("insert into notes (text) values ('mine')")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(KBError):
        ingest(other, GOOD_PAGES)
    assert other.read_bytes() == before


def test_ingest_refuses_a_kb_of_another_schema_version(tmp_path):
    from chatbot.errors import KBError

    db = tmp_path / "old.db"
    ingest(db, GOOD_PAGES[:1])
    with sqlite3.connect(db) as conn:
        conn.execute("update meta set value = ? where key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
    conn.close()
    before = db.read_bytes()
    with pytest.raises(KBError) as caught:
        ingest(db, GOOD_PAGES[1:])
    assert f"schema version {SCHEMA_VERSION - 1}" in str(caught.value) and str(db) in str(caught.value)
    assert db.read_bytes() == before


# -- the schema -----------------------------------------------------------------------------

def test_schema_version_foreign_keys_and_indexes(seed_kb):
    db = sqlite_utils.Database(sqlite3.connect(f"file:{seed_kb}?mode=ro", uri=True))
    assert set(TABLES) <= set(db.table_names())
    assert db["meta"].get("schema_version")["value"] == str(SCHEMA_VERSION)

    def fks(table: str) -> set[tuple[str, str, str]]:
        return {(fk.column, fk.other_table, fk.other_column) for fk in db[table].foreign_keys}

    assert fks("facts") == {("role_id", "roles", "id")}
    assert fks("fact_sources") == {("fact_id", "facts", "id"), ("page_id", "pages", "id")}
    assert db["fact_sources"].pks == ["fact_id", "page_id", "line"]
    assert db["fact_sources"].schema.rstrip().endswith("WITHOUT ROWID")  # the table is its key
    assert fks("role_aliases") == {("role_id", "roles", "id")}
    assert fks("skills") == {("role_id", "roles", "id"), ("page_id", "pages", "id")}
    assert fks("responsibilities") == {("role_id", "roles", "id"), ("page_id", "pages", "id")}

    def indexes(table: str) -> dict[tuple[str, ...], bool]:
        return {tuple(ix.columns): bool(ix.unique) for ix in db[table].indexes if not ix.name.startswith("sqlite_")}

    assert indexes("facts")[("role_id", "attribute", "qualifier")] is True
    assert ("attribute", "qualifier", "value_num") in indexes("facts")
    assert indexes("roles")[("key",)] is True
    assert indexes("pages")[("sha256",)] is True
    assert ("page_id",) in indexes("fact_sources")
    assert indexes("skills")[("role_id", "name")] is True
    assert indexes("responsibilities")[("role_id", "text")] is True
    # readable names: the columns a person looks for are there
    assert {"name", "display", "plural"} <= set(db["roles"].columns_dict)
    assert {"role_id", "attribute", "qualifier", "value_num", "value_text", "raw"} <= set(db["facts"].columns_dict)
    assert db.execute("pragma foreign_key_check").fetchall() == []
    db.conn.close()


def test_ingest_enforces_foreign_keys(tmp_path):
    db = tmp_path / "kb.db"
    ingest(db, GOOD_PAGES[:1])
    conn = sqlite3.connect(db)
    conn.execute("pragma foreign_keys = on")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("insert into facts (role_id, attribute, qualifier) values (9999, 'x', '')")
    conn.close()


# -- the built-in KB --------------------------------------------------------------------------

@pytest.fixture
def knowledge_copy(tmp_path, monkeypatch, seed_pages) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for page in seed_pages:
        shutil.copy(page, folder / page.name)
    monkeypatch.setattr(builtin, "knowledge_dir", lambda: folder)
    return folder


def _salary(db: Path, role: str) -> float | None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "select f.value_num from facts f join roles r on r.id = f.role_id "
            "where r.name = ? and f.attribute = 'yearly_salary'", (role,)).fetchone()
    return row[0] if row else None


def test_builtin_kb_is_built_on_first_use_in_the_cache_dir(knowledge_copy, monkeypatch):
    cache = Path(os.environ["CHATBOT_CACHE_DIR"])
    assert not cache.exists() or not any(cache.glob("*.db"))
    path = builtin.builtin_db_path()
    assert path.parent == cache and path.is_file()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert sorted(n for (n,) in conn.execute("select name from roles")) == [
            "process leader", "production coordinator", "production leader"]
        assert sorted(p for (p,) in conn.execute("select path from pages")) == sorted(
            f"knowledge/{p.name}" for p in knowledge_copy.iterdir())


def test_builtin_kb_is_reused(knowledge_copy, monkeypatch):
    first = builtin.builtin_db_path()
    stat = first.stat()
    calls = []
    monkeypatch.setattr("chatbot.kb.ingest.build", lambda *a, **k: calls.append(a) or pytest.fail("rebuilt"))
    second = builtin.builtin_db_path()
    assert second == first and calls == []
    assert (second.stat().st_ino, second.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_builtin_kb_is_rebuilt_when_a_page_changes(knowledge_copy):
    first = builtin.builtin_db_path()
    assert _salary(first, "process leader") == 88400
    page = knowledge_copy / "001_c28a0547ad19e013.txt"
    text = page.read_text(encoding="utf-8")
    assert text.count("$88,400") == 3
    page.write_text(text.replace("$88,400", "$90,100"), encoding="utf-8")
    second = builtin.builtin_db_path()
    assert second != first
    assert _salary(second, "process leader") == 90100
    assert not first.exists(), "the stale KB is removed"
    assert builtin.builtin_db_path() == second


def test_builtin_kb_is_rebuilt_when_the_cached_file_is_broken(knowledge_copy):
    first = builtin.builtin_db_path()
    first.write_bytes(b"not a database")
    again = builtin.builtin_db_path()
    assert again == first
    assert _salary(again, "process leader") == 88400


def test_builtin_kb_uses_source_pages(tmp_path, monkeypatch, seed_pages):
    only = tmp_path / "one"
    only.mkdir()
    shutil.copy(seed_pages[0], only / seed_pages[0].name)
    monkeypatch.setattr(builtin, "source_pages", lambda folder=None: sorted(only.glob("*.txt")))
    path = builtin.builtin_db_path()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("select count(*) from pages").fetchone()[0] == 1


@pytest.mark.parametrize("enabled", [True, False])
def test_ingest_restores_the_garbage_collector_as_it_found_it(tmp_path, enabled, monkeypatch):
    """The writer pauses Python's cyclic collector for the run (a speed-up); the
    caller's setting comes back after, whether the run succeeds or fails."""
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        report = ingest(tmp_path / "kb.db", GOOD_PAGES)
        assert report.pages == 2 and gc.isenabled() is enabled
        import chatbot.kb.writer as writer

        def broken(self, page):
            raise RuntimeError("writer failed")

        monkeypatch.setattr(writer.Writer, "add", broken)
        with pytest.raises(RuntimeError):
            ingest(tmp_path / "other.db", GOOD_PAGES)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_new_kb_is_written_once_and_is_in_wal_mode_after(tmp_path, monkeypatch):
    """A new KB's one transaction keeps its rollback journal in memory: no WAL beside the
    work file while pages are written (every page went to the WAL, then was copied into
    the file at the end); once written, the KB is in WAL mode (readers never wait)."""
    import chatbot.kb.writer as writer

    seen: list[tuple[str, list[str]]] = []
    flush = writer.Writer.flush

    def watching(self):
        mode = self.conn.execute("pragma journal_mode").fetchone()[0]
        seen.append((mode, sorted(p.name for p in tmp_path.iterdir())))
        flush(self)

    monkeypatch.setattr(writer.Writer, "flush", watching)
    report = ingest(tmp_path / "kb.db", GOOD_PAGES)
    assert report.committed and seen
    for mode, files in seen:
        assert mode == "memory" and not [f for f in files if f.endswith(("-wal", "-journal"))], files
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_checked_on_an_existing_kb_not_while_a_new_one_is_written(tmp_path, monkeypatch):
    """A new KB's rows refer only to ids its writer assigned (the checks cost 12% of the
    writer at 100,000 pages); an ingest into an existing KB checks every reference."""
    import chatbot.kb.writer as writer

    modes: list[int] = []
    flush = writer.Writer.flush

    def watching(self):
        modes.append(self.conn.execute("pragma foreign_keys").fetchone()[0])
        flush(self)

    monkeypatch.setattr(writer.Writer, "flush", watching)
    db = tmp_path / "kb.db"
    ingest(db, GOOD_PAGES[:1])
    assert set(modes) == {0}
    modes.clear()
    ingest(db, GOOD_PAGES[1:])
    assert set(modes) == {1}
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma foreign_key_check").fetchall() == []
