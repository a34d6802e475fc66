"""The HTTP service (``pip install 'career-chat[server]'``): :func:`create_app`, the
factory :func:`app_from_env`, the conversation stores and :func:`serve`."""

from __future__ import annotations

import os
from typing import Any

from chatbot.server.app import app_from_env, create_app
from chatbot.server.stores import MemoryStore, RedisStore, SQLiteStore, StoreError, open_store


def serve(host: str, port: int, workers: int, store: str, ttl: float, db: str | None) -> None:
    """Run the service with uvicorn (``workers`` processes, each running :func:`app_from_env`)."""
    import uvicorn

    open_store(store, ttl)  # a bad store URL fails here, once, with one line
    if workers > 1 and store == "memory":
        raise StoreError("several workers need a shared store: --store sqlite:PATH or redis://HOST:PORT/DB")
    os.environ.update({"CHATBOT_STORE": store, "CHATBOT_TTL": str(ttl)})
    if db:
        os.environ["CHATBOT_DB"] = db
    uvicorn.run("chatbot.server.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def __getattr__(name: str) -> Any:
    """``chatbot.server:app``: an app from the environment, built on first use."""
    if name == "app":
        return app_from_env()
    raise AttributeError(name)


__all__ = ["MemoryStore", "RedisStore", "SQLiteStore", "StoreError", "app_from_env", "create_app",
           "open_store",            "serve"]
