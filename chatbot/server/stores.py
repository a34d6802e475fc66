"""Conversation stores: where each conversation's state (JSON text) lives between requests.

``memory`` (one process), ``sqlite:PATH`` (one machine, survives restarts) and
``redis://HOST:PORT/DB`` (any number of workers or machines).  Every store expires a
conversation after ``ttl`` idle seconds and serialises turns on one conversation
(:meth:`Store.turn`: a lock held while the state is read, the question answered and the
state written back), so two requests at once never lose an update.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from chatbot.errors import ChatbotError

DEFAULT_TTL = 3600
LOCK_TIMEOUT_S = 30.0
REDIS_PREFIX = "career-chat:conv:"
SQLITE_SCHEMA = ("create table if not exists conversations "
                 "(id text primary key, state text not null, expires real)")
SQLITE_GET = "select state from conversations where id = ? and expires > ?"
SQLITE_PUT = "insert or replace into conversations (id, state, expires) values (?, ?, ?)"
SQLITE_DELETE = "delete from conversations where id = ?"
SQLITE_EXPIRE = "delete from conversations where expires <= ?"


class StoreError(ChatbotError):
    """A store URL that cannot be used (unknown scheme, missing package, unreachable)."""


class Store(Protocol):
    """What the HTTP service needs from a conversation store."""

    def create(self, cid: str, state: dict[str, Any]) -> None: ...
    def delete(self, cid: str) -> bool: ...
    def turn(self, cid: str) -> Any: ...


class MemoryStore:
    """Conversations in this process's memory (lost on restart, not shared)."""

    def __init__(self, ttl: float = DEFAULT_TTL) -> None:
        self.ttl: float = ttl
        self._data: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _expire(self) -> None:
        now = time.time()
        for cid in [c for c, (_, exp) in self._data.items() if exp <= now]:
            self._data.pop(cid, None)
            self._locks.pop(cid, None)

    def create(self, cid: str, state: dict[str, Any]) -> None:
        with self._guard:
            self._expire()
            self._data[cid] = (json.dumps(state), time.time() + self.ttl)
            self._locks[cid] = threading.Lock()

    def delete(self, cid: str) -> bool:
        with self._guard:
            self._locks.pop(cid, None)
            return self._data.pop(cid, None) is not None

    @contextmanager
    def turn(self, cid: str) -> Iterator[StateBox | None]:
        with self._guard:
            lock = self._locks.get(cid)
        if lock is None:
            yield None
            return
        with lock:
            with self._guard:
                item = self._data.get(cid)
            if item is None or item[1] <= time.time():
                yield None
                return
            box = StateBox(json.loads(item[0]))
            yield box
            with self._guard:
                if cid in self._data:
                    self._data[cid] = (json.dumps(box.state), time.time() + self.ttl)


class StateBox:
    """The state of one conversation during a turn; set ``state`` to write it back."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state


class SQLiteStore:
    """Conversations in an SQLite file: survives restarts, shared by the workers of one
    machine; a turn is one ``BEGIN IMMEDIATE`` transaction."""

    def __init__(self, path: str | Path, ttl: float = DEFAULT_TTL) -> None:
        self.path: str = str(path)
        self.ttl: float = ttl
        with self._connect() as conn:
            conn.execute(SQLITE_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the conversation store ({exc})") from None
        return conn

    def create(self, cid: str, state: dict[str, Any]) -> None:
        conn = self._connect()
        try:
            conn.execute(SQLITE_EXPIRE, (time.time(),))
            conn.execute(SQLITE_PUT, (cid, json.dumps(state), time.time() + self.ttl))
        finally:
            conn.close()

    def delete(self, cid: str) -> bool:
        conn = self._connect()
        try:
            return conn.execute(SQLITE_DELETE, (cid,)).rowcount > 0
        finally:
            conn.close()

    @contextmanager
    def turn(self, cid: str) -> Iterator[StateBox | None]:
        conn = self._connect()
        try:
            conn.execute("begin immediate")
            row = conn.execute(SQLITE_GET, (cid, time.time())).fetchone()
            if row is None:
                conn.execute("rollback")
                yield None
                return
            box = StateBox(json.loads(row[0]))
            try:
                yield box
            except BaseException:
                conn.execute("rollback")
                raise
            conn.execute(SQLITE_PUT, (cid, json.dumps(box.state), time.time() + self.ttl))
            conn.execute("commit")
        finally:
            conn.close()


class RedisStore:
    """Conversations in Redis (``redis://HOST:PORT/DB``): shared by any number of
    workers and machines; a turn holds a Redis lock on the conversation; keys expire
    after ``ttl`` idle seconds."""

    def __init__(self, url: str, ttl: float = DEFAULT_TTL) -> None:
        try:
            import redis
        except ImportError:
            raise StoreError("the redis store needs the server extra: "
                             "pip install 'career-chat[server]'") from None
        self.ttl: int = int(ttl)
        self.client: redis.Redis = redis.Redis.from_url(url)
        self._errors: tuple[type[Exception], ...] = (redis.RedisError,)

    def create(self, cid: str, state: dict[str, Any]) -> None:
        self.client.set(REDIS_PREFIX + cid, json.dumps(state), ex=self.ttl)

    def delete(self, cid: str) -> bool:
        return bool(self.client.delete(REDIS_PREFIX + cid))

    @contextmanager
    def turn(self, cid: str) -> Iterator[StateBox | None]:
        key = REDIS_PREFIX + cid
        with self.client.lock(key + ":lock", timeout=LOCK_TIMEOUT_S, blocking_timeout=LOCK_TIMEOUT_S):
            raw = self.client.get(key)
            if raw is None:
                yield None
                return
            box = StateBox(json.loads(raw))
            yield box
            self.client.set(key, json.dumps(box.state), ex=self.ttl, xx=True)


def open_store(url: str, ttl: float = DEFAULT_TTL) -> MemoryStore | SQLiteStore | RedisStore:
    """The store a ``--store`` value names: ``memory``, ``sqlite:PATH`` or ``redis://...``."""
    if url == "memory":
        return MemoryStore(ttl)
    if url.startswith("sqlite:"):
        return SQLiteStore(url.removeprefix("sqlite:"), ttl)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url, ttl)
    raise StoreError(f"unknown store {url!r}: use memory, sqlite:PATH or redis://HOST:PORT/DB")


__all__ = ["DEFAULT_TTL", "MemoryStore", "RedisStore", "SQLiteStore", "StateBox", "Store", "StoreError",
           "open_store"]
