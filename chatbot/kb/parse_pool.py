"""Parsing the pages of an ingest run, in order: in this process, or in worker processes
where that pays (two cores or more, a few hundred pages or more).  Workers send each
page back as flat tuples of plain values (cheaper to move between processes than the
parsed objects), rebuilt here into the same :class:`ParsedPage`: the results are the
same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from chatbot.errors import PageError
from chatbot.kb.cells import FactValue
from chatbot.kb.page import PageFact, PageItem, PageRole, PageSkill, PageWarning, ParsedPage
from chatbot.kb.parser import parse_file
from chatbot.kb.rows import Error, PageRows, decode_rows, encode_rows, page_rows

MIN_POOL_PAGES = 300  # fewer pages are parsed sooner here than by starting workers
MAX_WORKERS = 4
CHUNK_PAGES = 16      # pages per message to and from a worker
#: each worker's pipe holds this many bytes (Linux; the default is 64 KiB, less than one
#: chunk of ~16 x 7 KB): a worker goes on parsing while this process writes a batch
PIPE_BYTES = 1 << 20
#: starts a worker's last message when the parser failed (a bug), the error after it; no
#: marshal data starts with a zero byte (it is no type code)
CRASH = b"\x00crash:"

Parsed = tuple[str | Path, ParsedPage | PageError]
ParsedRows = tuple[str | Path, PageRows | PageError]
Flat = tuple[Any, ...]


def _parse_one(path: str | Path, label: str | None) -> ParsedPage | PageError:
    try:
        return parse_file(path, label=label)
    except PageError as exc:
        return exc


def flatten(page: ParsedPage) -> Flat:
    """A parsed page as nested tuples of plain values."""
    return (
        page.path, page.sha256, page.layout, page.title, page.line_count,
        tuple((r.name, r.display, r.plural) for r in page.roles),
        tuple((f.side, f.value.attribute, f.value.qualifier, f.value.num, f.value.text, f.value.raw, f.line)
              for f in page.facts),
        tuple((s.side, s.name, s.share, s.top_three, s.line) for s in page.skills),
        tuple((i.side, i.text, i.line) for i in page.responsibilities),
        tuple((w.line, w.message) for w in page.warnings),
        tuple(page.words),
        tuple(page.ambiguous),  # rare: sent as objects
    )


def unflatten(flat: Flat) -> ParsedPage:
    """The :class:`ParsedPage` that :func:`flatten` made ``flat`` from."""
    path, sha, layout, title, lines, roles, facts, skills, items, warnings, words, ambiguous = flat
    a, b = (PageRole(name, display, plural) for name, display, plural in roles)
    page = ParsedPage(path, sha, layout, title, (a, b), lines)
    page.facts = [PageFact(side, FactValue(attr, qual, num, text, raw), line)
                  for side, attr, qual, num, text, raw, line in facts]
    page.skills = [PageSkill(*skill) for skill in skills]
    page.responsibilities = [PageItem(*item) for item in items]
    page.warnings = [PageWarning(*warning) for warning in warnings]
    page.words = set(words)
    page.ambiguous = list(ambiguous)
    return page


def _parse_flat(task: tuple[str, str | None]) -> Flat:
    """In a worker: ("page", flat page) or ("error", path, reason)."""
    parsed = _parse_one(task[0], task[1])
    if isinstance(parsed, PageError):
        return ("error", parsed.path, parsed.reason)
    return ("page", flatten(parsed))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(pages: int) -> int:
    """How many worker processes parse ``pages`` pages (0: parse in this process): as
    many as cores, up to :data:`MAX_WORKERS`, with two cores or more and a few hundred
    pages or more.  Also on a busy machine: 1,000 pages on 2 cores with two other
    programs spinning went at 926-984 pages/s with 2 workers against 429-619 without, so
    the idle cores are not looked at (that look cost 0.1 s of every ingest)."""
    if _cores() < 2 or pages < MIN_POOL_PAGES or threading.active_count() > 1:
        return 0  # one core, few pages, or other threads (forking beside them is unsafe)
    return min(_cores(), MAX_WORKERS)


def _tasks(pages: Sequence[str | Path], labels: Mapping[Path, str]) -> list[tuple[str, str | None]]:
    """Each page's path and label; with no labels, no ``Path`` is made per page (5 us each:
    half a second of 100,000 pages)."""
    if not labels:
        return [(str(path), None) for path in pages]
    return [(str(path), labels.get(Path(path))) for path in pages]


def _pool(count: int) -> Any:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(count)


@contextmanager
def parsed_pages(pages: Sequence[str | Path], labels: Mapping[Path, str] | None = None,
                 workers: int | None = None) -> Iterator[Iterator[Parsed]]:
    """Each page's path and its parse (or the :class:`PageError` that says why not), in
    the order given; ``workers`` (default :func:`workers_for`) processes parse them.
    The workers are started on entry: before the caller opens its KB or takes its lock,
    so they hold neither."""
    labels = labels or {}
    count = workers_for(len(pages)) if workers is None else workers
    if count == 0:
        yield ((path, _parse_one(*task)) for path, task in zip(pages, _tasks(pages, labels), strict=True))
        return
    with _pool(count) as pool:
        results = pool.imap(_parse_flat, _tasks(pages, labels), chunksize=CHUNK_PAGES)
        yield ((path, _rebuilt(flat)) for path, flat in zip(pages, results, strict=True))


def _rows_one(path: str | Path, label: str | None) -> PageRows | PageError:
    parsed = _parse_one(path, label)
    return parsed if isinstance(parsed, PageError) else page_rows(parsed)


def _rows_task(task: tuple[str, str | None]) -> PageRows | Error:
    """In a worker: the page's rows, or (path, reason) for a file that is not a page."""
    rows = _rows_one(task[0], task[1])
    return (rows.path, rows.reason) if isinstance(rows, PageError) else rows


@contextmanager
def parsed_rows(pages: Sequence[str | Path], labels: Mapping[Path, str] | None = None,
                workers: int | None = None) -> Iterator[Iterator[ParsedRows]]:
    """As :func:`parsed_pages`, each page as the writer takes it
    (:func:`chatbot.kb.rows.page_rows`).  Worker ``k`` of ``n`` parses the chunks
    ``k, k + n, ...`` of the pages and sends each chunk's rows, encoded once, through its
    own pipe; this process reads the pipes in turn, so the pages come in order, with no
    task queue or result thread here, and a worker waits while its pipe is full (memory
    stays flat)."""
    labels = labels or {}
    count = workers_for(len(pages)) if workers is None else workers
    if count == 0:
        yield ((path, _rows_one(*task)) for path, task in zip(pages, _tasks(pages, labels), strict=True))
        return
    tasks = _tasks(pages, labels)
    chunks = [tasks[i:i + CHUNK_PAGES] for i in range(0, len(tasks), CHUNK_PAGES)]
    context: Any = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                               else "spawn")
    pipes = [context.Pipe(duplex=False) for _ in range(count)]
    for _, writer in pipes:
        _widen(writer)
    procs = [context.Process(target=_rows_worker, args=(chunks[k::count], [r for r, _ in pipes], writer),
                             daemon=True) for k, (_, writer) in enumerate(pipes)]
    for proc in procs:
        proc.start()
    for _, writer in pipes:
        writer.close()  # this process only reads: a pipe ends when its worker does
    try:
        yield _read_rows(pages, len(chunks), [reader for reader, _ in pipes])
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        for reader, _ in pipes:
            reader.close()


def _widen(pipe: Connection) -> None:
    """Let the pipe hold :data:`PIPE_BYTES` where the system allows (Linux's
    ``F_SETPIPE_SZ``, up to ``/proc/sys/fs/pipe-max-size``); elsewhere it keeps its size.
    With the default 64 KiB a worker waits on every chunk while the writer is busy, and
    the cores idle: measured on 10,000 pages, 1,203 -> 1,307 pages/s."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or a smaller limit: the pipe's own size


def _rows_worker(chunks: list[list[tuple[str, str | None]]], readers: list[Connection],
                 writer: Connection) -> None:
    """In a worker: parse each chunk and send its results, encoded once (:func:`encode_rows`)."""
    for reader in readers:
        reader.close()  # inherited: only the ingest's process reads, so a send fails once it is gone
    sent: set[str] = set()
    try:
        for chunk in chunks:
            writer.send_bytes(encode_rows([_new_words_only(_rows_task(task), sent) for task in chunk]))
    except BrokenPipeError:
        pass  # the ingest stopped reading (it failed, or was killed)
    except BaseException as exc:  # a bug in the parser: the ingest raises it
        writer.send_bytes(CRASH + f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
    finally:
        writer.close()


def _new_words_only(rows: PageRows | Error, sent: set[str]) -> PageRows | Error:
    """The page's rows with only the words this worker has not sent yet: the writer keeps
    every word once (the ``words`` table) and pages repeat most of them, which cost a third
    of the bytes sent.  The KB is the same: the writer stores the words of every page it
    writes, and a page it skips (its text is in the KB already) has its words there."""
    if not isinstance(rows, PageRows):
        return rows
    new = rows.words - sent
    sent |= new
    return rows._replace(words=new)


def _read_rows(pages: Sequence[str | Path], chunks: int, readers: list[Connection]) -> Iterator[ParsedRows]:
    position = 0
    for index in range(chunks):
        data = readers[index % len(readers)].recv_bytes()
        if data.startswith(CRASH):
            raise RuntimeError(f"a page parse worker failed: {data[len(CRASH):].decode('utf-8')}")
        for result in decode_rows(data):
            yield pages[position], _rows_or_error(result)
            position += 1


def _rows_or_error(result: PageRows | Error) -> PageRows | PageError:
    if isinstance(result, PageRows):
        return result
    return PageError(result[0], result[1])


def _rebuilt(flat: Flat) -> ParsedPage | PageError:
    if flat[0] == "error":
        return PageError(flat[1], flat[2])
    return unflatten(flat[1])
