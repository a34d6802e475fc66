"""Adding pages to a knowledge base: merge roles, keep provenance, report conflicts.

One call of :func:`ingest` is one transaction: if a file fails (and ``keep_going`` is
off), or a conflict is found under ``strict``, nothing of the run is kept.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from chatbot.errors import ConflictError, KBError
from chatbot.kb.parse_pool import ParsedRows, parsed_rows
from chatbot.kb.report import IngestReport, Note
from chatbot.kb.rows import PageRows
from chatbot.kb.schema import (SCHEMA_VERSION, create_new_schema, create_schema, create_secondary_indexes,
                                schema_version, table_names)
from chatbot.kb.store import connect_for_writing
from chatbot.kb.writer import Writer

__all__ = ["IngestReport", "Note", "build", "ingest"]

#: The journal of a new KB's one transaction.  It is written in a work file, which is
#: dropped if the run fails, so it needs no journal on disk to be rolled back: in memory,
#: each page of the KB is written once (in WAL mode every page went to the WAL first, then
#: was copied into the file at the end, serially).  The KB is switched to WAL once written.
FRESH_JOURNAL = "pragma journal_mode = memory"
#: Foreign keys unchecked while a new KB is written: its rows refer only to ids the writer
#: assigned in this run, and each check was a lookup in a large table (a source's fact and
#: page): 12% of the writer's CPU at 100,000 pages.  Every ingest into an existing KB checks
#: them, and the tests check each KB they build (``PRAGMA foreign_key_check``).
FRESH_FOREIGN_KEYS = "pragma foreign_keys = off"


def _count_roles(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute("select count(*) from roles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # a new KB whose tables were rolled back


def _remove_stale_work_files(target: Path) -> None:
    """Drop the work files of earlier first ingests that were killed (their process is gone)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        pid = leftover.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the KB's folder for one run: concurrent ingests into a KB
    (new or existing) run one after the other, so none replaces or loses another's pages.
    The kernel drops the lock when the process dies, even by SIGKILL; no lock file is left."""
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own locking (BEGIN IMMEDIATE) is all there is
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # the folder cannot be opened: the open for writing below reports why
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _prepare_schema(conn: sqlite3.Connection, db_path: str | Path, fresh: bool) -> None:
    """Create the schema in a new KB; refuse another program's file or another schema version."""
    version = schema_version(conn)
    if version is None:
        if not fresh and table_names(conn):
            raise KBError(str(db_path),
                          "not a knowledge base of this program (no schema version); pick another --db")
        if fresh:
            create_new_schema(conn)  # its secondary indexes after the bulk load
        else:  # an empty SQLite file
            import sqlite_utils

            create_schema(sqlite_utils.Database(conn), secondary=True)
    elif version != SCHEMA_VERSION:
        raise KBError(str(db_path), f"knowledge base of schema version {version}, this program needs "
                                    f"{SCHEMA_VERSION}; rebuild it in a new file with 'chatbot ingest'")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while pages are written: its passes over
    the young objects (every page's rows and the batch's facts, none of them in a cycle)
    cost about a fifth of the writer's time.  The writer collects the young generations
    after each batch (:meth:`Writer.flush`), so memory stays flat; the collector's state
    is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_pages(writer: Writer, pages: Iterable[ParsedRows], report: IngestReport,
                 replace: Mapping[Path, str] | None) -> None:
    """Write the parsed pages in order."""
    with _collector_paused():
        for path, parsed in pages:
            if not isinstance(parsed, PageRows):
                report.failed.append(parsed)
            elif replace and Path(path) in replace:
                from chatbot.kb.maintain import replace_page  # (it needs sqlite-utils: only here)

                writer.flush()
                replace_page(writer, parsed, replace, path)  # a page replaces another
            else:
                writer.add(parsed)  # a page whose path is in the KB replaces it (Writer.flush)
        writer.flush()


def _ingest_locked(target: Path, db_path: str | Path, pages: Iterable[ParsedRows], report: IngestReport,
                   strict: bool, keep_going: bool, replace: Mapping[Path, str] | None) -> None:
    """The body of :func:`ingest`, run under the folder lock."""
    _remove_stale_work_files(target)
    fresh = not target.exists() or target.stat().st_size == 0
    # A new KB is written beside its place and moved there only when the run succeeds.
    work = target.with_name(f".{target.name}.{os.getpid()}.tmp") if fresh else target
    conn = connect_for_writing(work)
    try:
        if fresh:
            conn.execute(FRESH_JOURNAL)
            conn.execute(FRESH_FOREIGN_KEYS)
        conn.execute("begin immediate")
        _prepare_schema(conn, db_path, fresh)
        _write_pages(Writer(conn, report, fresh=fresh), pages, report, replace)
        create_secondary_indexes(conn)
        report.total_roles = conn.execute("select count(*) from roles").fetchone()[0]
        if (report.failed and not keep_going) or (strict and report.conflicts):
            conn.execute("rollback")
            report.new_roles = report.stored = report.missing = report.ambiguous = 0
            report.total_roles = _count_roles(conn)
        else:
            conn.execute("commit")
            report.committed = True
            if fresh or report.pages:
                conn.execute("pragma journal_mode = wal")  # readers never wait for a writer (made before WAL)
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("rollback")
        raise KBError(str(db_path), f"cannot write the knowledge base: {exc}") from None
    finally:
        conn.close()
        if fresh:
            if report.committed:
                os.replace(work, target)
            else:
                work.unlink(missing_ok=True)


def ingest(
    db_path: str | Path,
    pages: Iterable[str | Path],
    *,
    strict: bool = False,
    keep_going: bool = False,
    labels: Mapping[Path, str] | None = None,
    replace: Mapping[Path, str] | None = None,
) -> IngestReport:
    """Add pages to the KB at ``db_path`` (created if needed) in one transaction.

    A page that cannot be read or is not a comparison page is recorded in
    ``report.failed``; without ``keep_going`` the run then changes nothing.  With
    ``strict``, any conflict likewise keeps the KB unchanged and raises
    :class:`ConflictError` after the report is complete.  ``labels`` names pages in the
    KB otherwise than by the path given (the built-in KB uses ``knowledge/NAME``).
    A page whose path (or ``replace[path]``) names a page in the KB replaces it
    (:func:`chatbot.kb.maintain.replace_page`).
    """
    report = IngestReport(str(db_path))
    target = Path(db_path)
    paths = list(pages)
    folder = target.parent if str(target.parent) else Path(".")
    # the parse workers (if any) start first: they hold neither the lock nor the KB
    with parsed_rows(paths, labels) as parsed, _exclusive(folder):
        _ingest_locked(target, db_path, parsed, report, strict, keep_going, replace)
    if strict and report.conflicts:
        message = f"{report.conflicts} conflict(s) under --strict; nothing was changed in {db_path}"
        raise ConflictError(message, report)
    return report


def build(db_path: str | Path, pages: Iterable[str | Path],
          labels: Mapping[Path, str] | None = None) -> IngestReport:
    """Create a KB from pages, skipping broken ones (the built-in KB's build step)."""
    return ingest(db_path, pages, keep_going=True, labels=labels)


