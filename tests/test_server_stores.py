"""Conversation stores: a turn holds the conversation, so two turns at once never lose an
update (memory, SQLite, and a real redis-server on a free loopback port); expiry; bad URLs."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("redis", reason="the server extra is not installed (pip install -e '.[test]')")

from chatbot.server.stores import MemoryStore, SQLiteStore, StoreError, open_store  # noqa: E402

THREADS = 6
HOLD_S = 0.05


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "memory":
        return MemoryStore()
    if request.param == "sqlite":
        return SQLiteStore(tmp_path / "conv.db")
    return open_store(request.getfixturevalue("redis_url"))


def test_concurrent_turns_lose_no_update(store: Any) -> None:
    store.create("c1", {"n": 0})

    def bump() -> None:
        with store.turn("c1") as box:
            n = box.state["n"]
            time.sleep(HOLD_S)          # another turn would read the same n here without the lock
            box.state = {"n": n + 1}

    threads = [threading.Thread(target=bump) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with store.turn("c1") as box:
        assert box.state == {"n": THREADS}


def test_unknown_and_deleted_conversations(store: Any) -> None:
    with store.turn("missing") as box:
        assert box is None
    store.create("c2", {"n": 1})
    assert store.delete("c2") is True
    assert store.delete("c2") is False
    with store.turn("c2") as box:
        assert box is None


@pytest.mark.parametrize("url", ["bogus", "mysql://x", ""])
def test_unknown_store_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError, match="unknown store"):
        open_store(url)
