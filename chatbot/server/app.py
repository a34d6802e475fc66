"""The HTTP service: a FastAPI app over one :class:`~chatbot.engine.Engine` and a
conversation store.  ``create_app()`` builds one; ``app_from_env()`` is the factory that
``chatbot serve`` (and ``uvicorn --factory chatbot.server:app_from_env``) runs in each worker,
configured by ``CHATBOT_DB``, ``CHATBOT_STORE`` and ``CHATBOT_TTL``."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from chatbot.engine import Engine
from chatbot.errors import ChatbotError
from chatbot.models import Answer, KBInfo
from chatbot.nlu.text import MAX_QUESTION_CHARS
from chatbot.server.stores import DEFAULT_TTL, MemoryStore, RedisStore, SQLiteStore, open_store

STORE_ENV, TTL_ENV = "CHATBOT_STORE", "CHATBOT_TTL"
MAX_BODY_BYTES = 16 * 1024
STATIC = Path(__file__).parent / "static"
LOG = logging.getLogger("chatbot.server")
AnyStore = MemoryStore | SQLiteStore | RedisStore


class Question(BaseModel):
    """A question to answer."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="the question, as typed")


class Created(BaseModel):
    """A new conversation."""

    id: str


class Roles(BaseModel):
    """The roles the KB holds (canonical names, sorted)."""

    roles: list[str]


class Error(BaseModel):
    """What went wrong, in one line."""

    error: str


ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": Error} for code in (404, 413, 422)}


def _install_errors(app: FastAPI) -> None:
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid request')}"}, status_code=422)

    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    async def internal(_: Request, exc: Exception) -> JSONResponse:
        LOG.exception("internal error: %s", exc)
        return JSONResponse({"error": "internal error; the server log has the details"}, status_code=500)

    app.add_exception_handler(RequestValidationError, validation)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, internal)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse({"error": f"request body over {MAX_BODY_BYTES:,} bytes"}, status_code=413)
        return await call_next(request)


def create_app(engine: Engine | None = None, store: AnyStore | None = None) -> FastAPI:
    """The ASGI app answering over ``engine`` (default: ``Engine()``) with conversations in
    ``store`` (default: in memory)."""
    eng = engine if engine is not None else Engine()
    conversations: AnyStore = store if store is not None else MemoryStore()
    app = FastAPI(title="career-chat", version="1",
                  description="Career questions answered from a knowledge base.")
    _install_errors(app)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        """Liveness: 200 while the service answers."""
        return {"status": "ok"}

    @app.post("/v1/conversations", response_model=Created, status_code=201)
    def create() -> Created:
        """Start a conversation; its id is used by the other conversation endpoints."""
        cid = uuid.uuid4().hex
        conversations.create(cid, eng.conversation().state_dict())
        return Created(id=cid)

    @app.post("/v1/conversations/{cid}/questions", response_model=Answer, responses=ERRORS)
    def ask(cid: str, body: Question) -> Answer:
        """Answer a question in the conversation (follow-ups refer to its earlier turns)."""
        with conversations.turn(cid) as box:
            if box is None:
                raise HTTPException(404, f"no conversation {cid[:64]!r} (it may have expired)")
            conv = eng.conversation(state=box.state)
            answer = conv.ask(body.question)
            box.state = conv.state_dict()
        return answer

    @app.delete("/v1/conversations/{cid}", status_code=204, responses=ERRORS)
    def delete(cid: str) -> None:
        """Forget a conversation."""
        if not conversations.delete(cid):
            raise HTTPException(404, f"no conversation {cid[:64]!r}")

    @app.post("/v1/ask", response_model=Answer, responses=ERRORS)
    def ask_once(body: Question) -> Answer:
        """Answer one question with no context."""
        return eng.ask(body.question)

    @app.get("/v1/roles", response_model=Roles)
    def roles() -> Roles:
        """Every role the KB holds."""
        return Roles(roles=eng.role_names())

    @app.get("/v1/kb", response_model=KBInfo)
    def kb() -> KBInfo:
        """What the KB holds (as ``chatbot kb`` shows)."""
        return eng.info()

    return app


def app_from_env() -> FastAPI:
    """The app configured from the environment (``CHATBOT_DB``, ``CHATBOT_STORE``, ``CHATBOT_TTL``)."""
    try:
        ttl = float(os.environ.get(TTL_ENV, DEFAULT_TTL))
    except ValueError:
        raise ChatbotError(f"{TTL_ENV} must be a number of seconds") from None
    from chatbot.opening import open_engine
    from chatbot.paths import db_from_env

    return create_app(open_engine(db_from_env()), open_store(os.environ.get(STORE_ENV, "memory"), ttl))


__all__ = ["MAX_BODY_BYTES", "create_app", "app_from_env"]
