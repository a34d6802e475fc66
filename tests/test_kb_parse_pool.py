"""Pages parsed in worker processes give the same KB as pages parsed in the ingest's own
process, and the batched writer gives the same KB in one run, in many, and in batches
of any size (compared as full dumps, :mod:`chatbot.kb.dump`)."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import chatbot.kb.parse_pool as parse_pool
import chatbot.kb.writer as writer
from benchmarks import pagegen
from chatbot.errors import PageError
from chatbot.kb.dump import dump_lines
from chatbot.kb.ingest import ingest
from chatbot.kb.parse_pool import flatten, parsed_pages, unflatten
from chatbot.kb.parser import parse_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GENERATED_ROLES = 120
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "pages"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    """Synthetic pages in both layouts, the seeds and the fixtures, plus one broken file."""
    folder = tmp_path_factory.mktemp("generated")
    for name, text, _a, _b in pagegen.make_pages(pagegen.make_roles(GENERATED_ROLES, 3), seed=3):
        (folder / name).write_text(text, encoding="utf-8", newline="")
    for page in [*sorted((PROJECT_ROOT / "knowledge").glob("*.txt")), *sorted(FIXTURES.glob("*.txt"))]:
        shutil.copyfile(page, folder / page.name)
    (folder / "zz_broken.txt").write_bytes(b"\x00\x01 not a page")
    return sorted(folder.glob("*.txt"))


def _dump(db: Path) -> list[str]:
    return list(dump_lines(db))


def _build(db: Path, batches: list[list[Path]]) -> list[str]:
    for batch in batches:
        ingest(db, batch, keep_going=True)
    assert foreign_key_violations(db) == []  # a new KB is written without the checks
    return _dump(db)


def foreign_key_violations(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("pragma foreign_key_check").fetchall()
    finally:
        conn.close()


def test_flat_tuples_rebuild_the_same_page(generated):
    for path in generated[:-1]:
        page = parse_file(path)
        assert unflatten(flatten(page)) == page


def assert_same_results(here: list, there: list) -> None:
    """The same pages in the same order, each with an equal parse (or the same error)."""
    assert [p for p, _ in here] == [p for p, _ in there]
    for (_, a), (_, b) in zip(here, there, strict=True):
        if isinstance(a, PageError):
            assert isinstance(b, PageError) and str(a) == str(b)
        else:
            assert a == b


def test_workers_give_the_same_parses_in_the_same_order(generated):
    with parsed_pages(generated, workers=0) as serial:
        here = list(serial)
    with parsed_pages(generated, workers=2) as pooled:
        there = list(pooled)
    assert_same_results(here, there)


def _kb_dumps(tmp_path: Path, pages: list[Path], monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    dumps = {}
    monkeypatch.setattr(parse_pool, "workers_for", lambda n: 0)
    dumps["serial"] = _build(tmp_path / "serial.db", [pages])
    dumps["runs"] = _build(tmp_path / "runs.db", [pages[:7], pages[7:40], pages[40:]])
    monkeypatch.setattr(writer, "BATCH_PAGES", 3)
    dumps["small batches"] = _build(tmp_path / "small.db", [pages])
    monkeypatch.setattr(parse_pool, "workers_for", lambda n: 2)
    dumps["workers"] = _build(tmp_path / "workers.db", [pages])
    return dumps


def test_serial_pooled_batched_and_incremental_builds_are_identical(generated, tmp_path, monkeypatch):
    dumps = _kb_dumps(tmp_path, generated, monkeypatch)
    assert len(dumps["serial"]) > 1_000
    for name, lines in dumps.items():
        assert lines == dumps["serial"], name


def test_the_shared_pages_build_identically(shared_pages, tmp_path, monkeypatch):
    seeds = sorted((shared_pages.parent / "seeds").glob("*.txt"))
    pages = sorted(shared_pages.glob("*.txt")) + seeds
    dumps = _kb_dumps(tmp_path, pages, monkeypatch)
    for name, lines in dumps.items():
        assert lines == dumps["serial"], name


def test_no_workers_for_few_pages_or_one_core(monkeypatch):
    monkeypatch.setattr(parse_pool, "_cores", lambda: 1)
    assert parse_pool.workers_for(10_000) == 0
    monkeypatch.setattr(parse_pool, "_cores", lambda: 8)
    assert parse_pool.workers_for(10) == 0
    assert parse_pool.workers_for(parse_pool.MIN_POOL_PAGES - 1) == 0
    assert parse_pool.workers_for(10_000) == parse_pool.MAX_WORKERS
    monkeypatch.setattr(parse_pool, "_cores", lambda: 2)
    assert parse_pool.workers_for(parse_pool.MIN_POOL_PAGES) == 2


def test_the_choice_takes_no_time(monkeypatch):
    """Whether to start workers is known at once: no look at the idle cores (which took
    0.1 s of every ingest; workers are faster on a busy machine too)."""
    monkeypatch.setattr(parse_pool, "_cores", lambda: 2)
    import time

    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("workers_for waited"))
    assert parse_pool.workers_for(10_000) == 2


def test_no_workers_beside_other_threads(monkeypatch):
    monkeypatch.setattr(parse_pool, "_cores", lambda: 8)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parse_pool.workers_for(10_000) == 0
    finally:
        stop.set()
        thread.join()


def _words_each_worker_sends(results: list, workers: int) -> list:
    """The serial results with the words a worker sends: worker ``k`` of ``n`` parses the
    chunks ``k, k + n, ...`` and sends each word once, with the first page that has it."""
    sent: list[set[str]] = [set() for _ in range(workers)]
    out = []
    for index, (path, rows) in enumerate(results):
        if not isinstance(rows, PageError):
            seen = sent[index // parse_pool.CHUNK_PAGES % workers]
            rows = rows._replace(words=rows.words - seen)
            seen |= rows.words
        out.append((path, rows))
    return out


def test_worker_rows_are_the_serial_rows_in_order(generated):
    """The rows the writer takes (kb/rows.py) are the same from the worker processes,
    each sending its chunks through its own pipe, as from this process, but for the
    words: a worker sends each word once."""
    labels = {generated[0]: "knowledge/first.txt"}
    with parse_pool.parsed_rows(generated, labels, workers=0) as serial:
        here = list(serial)
    for workers in (1, 2, 3):
        with parse_pool.parsed_rows(generated, labels, workers=workers) as pooled:
            there = list(pooled)
        assert_same_results(_words_each_worker_sends(here, workers), there)
    assert here[0][1].path == "knowledge/first.txt"
    assert isinstance(here[-1][1], PageError)


def test_worker_processes_end_when_the_reader_stops_early(generated):
    with parse_pool.parsed_rows(generated, workers=2) as pooled:
        next(pooled)
        workers = multiprocessing.active_children()
        assert workers
    assert not any(p.is_alive() for p in workers)


def test_a_worker_that_crashes_fails_the_ingest(generated, monkeypatch):
    def broken(path, label=None):
        raise ValueError("parser bug")

    monkeypatch.setattr(parse_pool, "parse_file", broken)
    with pytest.raises(RuntimeError, match="parser bug"):
        with parse_pool.parsed_rows(generated, workers=2) as pooled:
            list(pooled)


def test_the_collection_after_each_batch_walks_only_what_outlives_the_batch(generated, tmp_path, monkeypatch):
    """With the cyclic collector paused for the run, the writer collects the young objects
    after each batch: by then the batch's pages and facts are dropped, so the collection
    does not walk them (it did: ~60,000 objects, ~27 ms, a batch of 200 pages)."""
    import gc

    from chatbot.kb.rows import PageRows

    seen: list[int] = []
    collect = gc.collect

    def counting(generation: int = 2) -> int:
        young = gc.get_objects(0) + gc.get_objects(1)
        seen.append(sum(isinstance(o, (PageRows, writer._Fact)) for o in young))
        del young
        return collect(generation)

    monkeypatch.setattr(parse_pool, "workers_for", lambda n: 0)
    monkeypatch.setattr(writer, "BATCH_PAGES", 40)
    monkeypatch.setattr(writer, "YOUNG_LIMIT", -1)  # a collection after every batch
    monkeypatch.setattr(writer.gc, "collect", counting)
    was = gc.isenabled()
    try:
        gc.enable()
        report = ingest(tmp_path / "kb.db", generated, keep_going=True)
    finally:
        gc.enable() if was else gc.disable()
    assert report.pages >= 120 and len(seen) >= 3
    assert max(seen) <= 1, seen  # at most the page the caller has in hand


def test_pages_the_writer_skips_lose_no_words_when_workers_send_each_word_once(generated, tmp_path, monkeypatch):
    """A parse worker sends each word once; copies of pages already in the KB (skipped by
    the writer) come first in the second run, so their words are sent with them only: the
    KB, words included, is still the serial one."""
    copies = tmp_path / "copies"
    copies.mkdir()
    first = generated[:30]
    for page in first:
        shutil.copyfile(page, copies / f"copy_{page.name}")
    second = [*sorted(copies.glob("*.txt")), *generated[30:]]
    dumps = {}
    for workers in (0, 2):
        monkeypatch.setattr(parse_pool, "workers_for", lambda n, w=workers: w)
        db = tmp_path / f"kb{workers}.db"
        ingest(db, first, keep_going=True)
        report = ingest(db, second, keep_going=True)
        assert report.skipped == len(first)
        dumps[workers] = _dump(db)
    assert any(line.startswith("words") for line in dumps[0])
    assert dumps[2] == dumps[0]


def test_rows_come_out_of_the_wire_as_they_went_in(generated):
    """Workers send rows as marshal data (a page with ambiguous rows, which are objects,
    as a pickle inside it): decoding gives equal rows, errors included, in order."""
    from chatbot.kb.rows import PageRows, decode_rows, encode_rows

    with parse_pool.parsed_rows(generated, workers=0) as serial:
        results = [r if isinstance(r, PageRows) else (r.path, r.reason) for _, r in serial]
    plain = [r for r in results if not (isinstance(r, PageRows) and r.ambiguous)]
    assert any(not isinstance(r, PageRows) for r in plain) and len(plain) > 100
    assert decode_rows(encode_rows(plain)) == plain
    assert all(type(r) is PageRows and type(r.roles[0]) is type(plain[0].roles[0])
               for r in decode_rows(encode_rows(plain)) if len(r) > 2)
    ambiguous = [r for r in results if isinstance(r, PageRows) and r.ambiguous]
    assert ambiguous, "no generated page with an ambiguous row"
    assert decode_rows(encode_rows(results)) == results  # those pages go as pickles, in place


def test_objects_in_cycles_made_during_an_ingest_are_collected(generated, tmp_path, monkeypatch):
    """The writer pauses the cyclic collector but collects once young objects pile up: what
    only the collector frees (objects in cycles) does not grow with the pages."""
    import gc
    import weakref

    class Node:
        pass

    refs: list[weakref.ref[Node]] = []
    most_alive = [0]
    add = writer.Writer.add

    def add_with_a_cycle(self, page):
        node = Node()
        node.me = node  # a cycle: refcounting never frees it
        node.ballast = [[i] for i in range(500)]  # 500 more container objects in it
        refs.append(weakref.ref(node))
        most_alive[0] = max(most_alive[0], sum(ref() is not None for ref in refs))
        add(self, page)

    monkeypatch.setattr(parse_pool, "workers_for", lambda n: 0)
    monkeypatch.setattr(writer.Writer, "add", add_with_a_cycle)
    monkeypatch.setattr(writer, "BATCH_PAGES", 4)
    monkeypatch.setattr(writer, "YOUNG_LIMIT", 5_000)  # ~10 pages' cycles
    was = gc.isenabled()
    try:
        gc.enable()
        ingest(tmp_path / "kb.db", generated, keep_going=True)
    finally:
        gc.enable() if was else gc.disable()
    assert len(refs) > 100 and most_alive[0] <= 3 * 5_000 // 500, most_alive  # bounded (unbounded: all)
