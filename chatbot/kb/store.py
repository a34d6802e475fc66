"""Opening knowledge base files: for writing (ingest) and read-only (the engine), with the
checks that turn a missing, corrupt or foreign file into a clear :class:`KBError`."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from chatbot.errors import KBError
from chatbot.kb.schema import READABLE_VERSIONS, SCHEMA_VERSION, TABLES, schema_version, table_names

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5_000
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_DETAIL = 160
# Opening checks every page of KBs up to this size (``quick_check``); a bigger KB (100,000
# roles is ~1 GB) would take seconds to open, so only its header, schema and tables are
# checked then, and SQLite still reports corruption when a query touches a bad page.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def open_for_writing(path: str | Path) -> "sqlite_utils.Database":
    """:func:`connect_for_writing`, as a sqlite-utils database."""
    import sqlite_utils  # only writers need it; the read path stays light to start fast

    return sqlite_utils.Database(connect_for_writing(path))


def connect_for_writing(path: str | Path) -> sqlite3.Connection:
    """A read-write connection in autocommit mode (the caller opens the transaction)."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("pragma foreign_keys = on")
        conn.execute("pragma synchronous = full")
    except sqlite3.DatabaseError as exc:
        raise KBError(
            str(path),
            f"cannot open for writing ({exc}); is it an SQLite knowledge base?",
        ) from None
    return conn


def _recover_interrupted_write(path: Path) -> None:
    """A write killed half-way leaves a hot journal that only a writer can roll back.

    An empty ``-wal`` or ``-journal`` holds nothing to roll back or replay (a read-only
    reader of a WAL KB leaves an empty ``-wal`` behind at every exit): opening a writer for
    it would only cost a checkpoint and an fsync at every start."""
    if not any(_non_empty(Path(f"{path}{suffix}")) for suffix in ("-journal", "-wal")):
        return
    try:
        conn = sqlite3.connect(file_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("select count(*) from sqlite_master").fetchone()
        conn.close()
    except sqlite3.DatabaseError:
        pass  # the read-only open below reports what is wrong


def _non_empty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def file_uri(path: str | Path, mode: str, *, immutable: bool = False) -> str:
    """An SQLite ``file:`` URI for ``path``, quoted: ``#``, ``?``, ``%`` and spaces in a
    folder name stay part of the path instead of starting the URI's query or fragment."""
    extra = "&immutable=1" if immutable else ""
    return f"file:{_url_path(str(Path(path).resolve()))}?mode={mode}{extra}"


def _url_path(path: str) -> str:
    """``pathname2url`` without importing :mod:`urllib.request` (and with it ``http``,
    ``email`` and ``ssl``, a tenth of the start-up) where it is plain quoting."""
    if os.name == "nt":
        from urllib.request import pathname2url

        return pathname2url(path)
    return quote(path)


def _wal_without_shared_memory(path: Path) -> bool:
    """A WAL-mode KB in a folder where its ``-shm`` file cannot be made (read-only media)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return (
        header[18:20] == b"\x02\x02"
        and not Path(f"{path}-wal").exists()
        and not os.access(path.parent, os.W_OK)
    )


def _connect_read_only(p: Path) -> sqlite3.Connection:
    # A WAL KB on read-only media has no writer and no -shm: open it as immutable.
    immutable = _wal_without_shared_memory(p)
    return sqlite3.connect(file_uri(p, "ro", immutable=immutable), uri=True, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)


def check_file(path: str | Path) -> None:
    """Raise :class:`KBError` unless ``path`` looks like an SQLite file."""
    p = Path(path)
    if not p.exists():
        raise KBError(
            str(path),
            "no such knowledge base file; create one with 'chatbot ingest PAGE... --db PATH'",
        )
    if p.is_dir():
        raise KBError(str(path), "is a folder, not a knowledge base file; pass the path of a .db file")
    if not os.access(p, os.R_OK):
        raise KBError(
            str(path),
            "cannot read the knowledge base file (permission denied); check the file's permissions",
        )
    if p.stat().st_size == 0:
        raise KBError(str(path), "empty file, not a knowledge base; rebuild it with 'chatbot ingest'")
    with p.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise KBError(str(path), "not an SQLite database; rebuild it with 'chatbot ingest'")


def open_read_only(path: str | Path, *, check_integrity: bool = True) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``) to a checked KB of a schema version the engine
    reads (:data:`~chatbot.kb.schema.READABLE_VERSIONS`)."""
    p = Path(path).expanduser()
    check_file(p)
    _recover_interrupted_write(p)
    try:
        conn = _connect_read_only(p)
        if check_integrity and p.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            result = conn.execute("pragma quick_check").fetchone()
            if not result or result[0] != "ok":
                detail = " ".join(str(result[0]).split())[:MAX_DETAIL] if result else "no answer"
                raise KBError(
                    str(path),
                    f"corrupt knowledge base ({detail}); rebuild it with 'chatbot ingest'",
                )
        version = schema_version(conn)
        missing = [t for t in TABLES if t not in table_names(conn)]
    except sqlite3.OperationalError as exc:
        if _locked(exc):
            raise KBError(str(path), "the knowledge base is being written by another program; "
                                     "try again when it finishes") from None
        raise KBError(
            str(path),
            f"unreadable knowledge base ({exc}); rebuild it with 'chatbot ingest'",
        ) from None
    except sqlite3.DatabaseError as exc:
        raise KBError(
            str(path),
            f"corrupt or unreadable knowledge base ({exc}); rebuild it with 'chatbot ingest'",
        ) from None
    if version not in READABLE_VERSIONS:
        conn.close()
        found = "no schema version" if version is None else f"schema version {version}"
        raise KBError(
            str(path),
            f"knowledge base of another kind ({found}, this program needs {SCHEMA_VERSION}); "
            "rebuild it with 'chatbot ingest'",
        )
    if missing:
        conn.close()
        raise KBError(
            str(path),
            f"knowledge base missing table(s) {', '.join(missing)}; rebuild it with 'chatbot ingest'",
        )
    return conn


def _locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
