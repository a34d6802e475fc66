"""The built-in knowledge base: built from ``knowledge/`` on first use, cached in the
user's cache folder under a name that holds the pages' content hash, so it is rebuilt
whenever a page (or the schema) changes.  No build step for the user."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from chatbot.errors import KBError
from chatbot.kb.schema import SCHEMA_VERSION
from chatbot.kb.store import open_read_only
from chatbot.paths import cache_dir, knowledge_dir

PAGE_GLOB = "*.txt"
PARSER_REVISION = "3"  # bump when the parser reads pages differently
HASH_CHARS = 16
PRIVATE_MODE = 0o700


def source_pages(folder: Path | None = None) -> list[Path]:
    """The shipped pages, in a stable order."""
    return sorted((folder or knowledge_dir()).glob(PAGE_GLOB))


def content_hash(pages: list[Path]) -> str:
    """A hash of the pages' names and bytes, the schema version and the parser revision."""
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION};parser={PARSER_REVISION}".encode())
    for page in pages:
        digest.update(page.name.encode())
        digest.update(b"\0")
        digest.update(page.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:HASH_CHARS]


def _usable_cache_dir() -> Path:
    """The cache folder, or a private temporary one when it cannot be written."""
    preferred = cache_dir()
    try:
        preferred.mkdir(parents=True, exist_ok=True)
        if os.access(preferred, os.W_OK):
            return preferred
    except OSError:
        pass
    return _private_tmp_dir()


def _private_tmp_dir() -> Path:
    """``$TMPDIR/career-chat-UID`` if it is ours and private, else a new private folder."""
    import tempfile  # only when the cache folder cannot be written

    fallback = Path(tempfile.gettempdir()) / f"career-chat-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        fallback.mkdir(mode=PRIVATE_MODE, exist_ok=True)
        info = fallback.lstat()
        private = (not fallback.is_symlink() and fallback.is_dir() and (info.st_mode & 0o777) == PRIVATE_MODE
                   and (not hasattr(os, "getuid") or info.st_uid == os.getuid()))
    except OSError:
        private = False
    # A shared temp folder made by someone else could hold a planted KB: never trust it.
    return fallback if private else Path(tempfile.mkdtemp(prefix="career-chat-"))


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            import shutil

            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def builtin_db_path() -> Path:
    """The path of the built-in KB, building it first if needed (or if the cached copy is
    missing, stale or broken)."""
    path, conn = _locate()
    if conn is not None:
        conn.close()
    return path


def open_builtin() -> tuple[Path, sqlite3.Connection]:
    """The built-in KB's path and a checked read-only connection to it (what
    :func:`builtin_db_path` does, but the cached copy is opened and checked once, not once
    here and again by the engine)."""
    path, conn = _locate()
    return path, conn if conn is not None else open_read_only(path)


def _locate() -> tuple[Path, sqlite3.Connection | None]:
    """The cached KB (with the connection that checked it), else a new build."""
    pages = source_pages()
    if not pages:
        raise KBError(str(knowledge_dir()),
                      "no source pages for the built-in knowledge base; reinstall career-chat")
    folder = _usable_cache_dir()
    target = folder / f"builtin-{content_hash(pages)}.db"
    if target.exists() or target.is_symlink():
        try:
            return target, open_read_only(target)
        except KBError:
            _remove(target)  # broken cache: rebuild below
        if target.exists():  # could not be removed: build in a private folder instead
            import tempfile

            target = Path(tempfile.mkdtemp(prefix="career-chat-")) / target.name
    return _build(target, folder, pages), None


def _build(target: Path, folder: Path, pages: list[Path]) -> Path:
    """Build the built-in KB at ``target`` (or in the private temporary folder when the
    cache folder cannot take it); remove the stale builds of other page sets."""
    from chatbot.kb.ingest import build  # only when (re)building

    labels = {page: f"knowledge/{page.name}" for page in pages}
    try:
        report = build(target, pages, labels=labels)
    except KBError:
        # a full or read-only cache folder: build in the private temporary folder instead
        fallback = _private_tmp_dir()
        if fallback == target.parent:
            raise
        target = fallback / target.name
        report = build(target, pages, labels=labels)
    if not report.committed:
        raise KBError(str(target), "could not build the built-in knowledge base")
    for stale in folder.glob("builtin-*.db"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target
