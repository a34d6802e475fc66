"""The HTTP API in-process (Starlette TestClient over the FastAPI app): every endpoint and
every error, table-driven; conversations in memory and SQLite stores survive a new app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed (pip install -e '.[test]')")
from fastapi.testclient import TestClient  # noqa: E402

from chatbot import Engine  # noqa: E402
from chatbot.server import MemoryStore, SQLiteStore, create_app  # noqa: E402

COMPARE = "which pays more, production coordinator or production leader?"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture()
def client(engine: Engine) -> TestClient:
    return TestClient(create_app(engine, MemoryStore()), raise_server_exceptions=False)


def _new(client: TestClient) -> str:
    r = client.post("/v1/conversations")
    assert r.status_code == 201
    cid: str = r.json()["id"]
    return cid


def test_a_conversation_keeps_follow_ups_and_matches_the_library(client: TestClient, engine: Engine) -> None:
    cid = _new(client)
    local = engine.conversation()
    for q in (COMPARE, "and per hour?", "how much does a leader make?", "the process one"):
        r = client.post(f"/v1/conversations/{cid}/questions", json={"question": q})
        assert r.status_code == 200
        assert r.json() == local.ask(q).model_dump(mode="json")


ENDPOINTS: list[tuple[str, str, Any, int, str]] = [
    ("GET", "/healthz", None, 200, '"ok"'),
    ("GET", "/v1/roles", None, 200, "process leader"),
    ("GET", "/v1/kb", None, 200, '"roles":3'),
    ("POST", "/v1/ask", {"question": "process leader salary"}, 200, "$88,400"),
    ("POST", "/v1/conversations", {}, 201, '"id"'),
    ("GET", "/", None, 200, "<title>career-chat</title>"),
    ("GET", "/openapi.json", None, 200, "not_understood"),
    # errors: JSON with one message, never a traceback
    ("POST", "/v1/conversations/nope/questions", {"question": "hi"}, 404, "no conversation"),
    ("DELETE", "/v1/conversations/nope", None, 404, "no conversation"),
    ("POST", "/v1/ask", {}, 422, "question: Field required"),
    ("POST", "/v1/ask", {"question": ""}, 422, "question"),
    ("POST", "/v1/ask", {"question": 5}, 422, "question"),
    ("POST", "/v1/ask", {"question": "x" * 2001}, 422, "at most 2000"),
    ("POST", "/v1/ask", {"question": "hi", "extra": 1}, 422, "extra"),
    ("POST", "/v1/ask", "not json", 422, "JSON"),
    ("POST", "/v1/ask", {"question": "x" * 20_000}, 413, "request body over"),
    ("GET", "/v1/nothing", None, 404, "Not Found"),
    ("PUT", "/v1/roles", None, 405, "Method Not Allowed"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "expect"), ENDPOINTS,
                         ids=[f"{e[0]} {e[1]} {e[3]}" for e in ENDPOINTS])
def test_endpoints(client: TestClient, method: str, path: str, body: Any, status: int, expect: str) -> None:
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    if isinstance(body, str):
        kwargs = {"content": body, "headers": {"content-type": "application/json"}}
    r = client.request(method, path, **kwargs)
    assert r.status_code == status, r.text
    assert expect in r.text
    assert "Traceback" not in r.text


def test_delete_forgets_the_conversation(client: TestClient) -> None:
    cid = _new(client)
    assert client.delete(f"/v1/conversations/{cid}").status_code == 204
    assert client.post(f"/v1/conversations/{cid}/questions", json={"question": "hi"}).status_code == 404


def test_an_engine_failure_is_a_500_that_names_no_internals(engine: Engine,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    client = TestClient(create_app(engine, MemoryStore()), raise_server_exceptions=False)

    def broken(question: str) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(engine, "ask", broken)
    r = client.post("/v1/ask", json={"question": "hi"})
    assert r.status_code == 500 and r.json() == {"error": "internal error; the server log has the details"}


def test_the_schema_describes_the_answer(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    answer = schema["components"]["schemas"]["Answer"]
    assert answer["properties"]["status"]["enum"] == ["answered", "clarify", "no_data", "unknown_role",
                                                       "not_understood"]


@pytest.mark.parametrize("question", [
    "how much does a production leader make",
    "which pays more, production coordinator or production leader?",
    "what skills do production coordinators and production leaders share?",
    "which job pays the most?",
    "which roles pay more than $45,000?",
    "tell me about process leaders",
    "how important is logistics for a production coordinator?",
    "which roles do you know?",
    "how much does a leader make",
])
def test_the_schema_names_every_data_key_of_each_intent(client: TestClient, question: str) -> None:
    described = client.get("/openapi.json").json()["components"]["schemas"]["Answer"]["properties"]["data"]
    answer = client.post("/v1/ask", json={"question": question}).json()
    assert answer["data"], answer
    for key in answer["data"]:
        assert f"`{key}`" in described["description"], (answer["intent"], key)


def test_expired_conversations_are_gone(engine: Engine) -> None:
    client = TestClient(create_app(engine, MemoryStore(ttl=-1)))
    cid = _new(client)
    assert client.post(f"/v1/conversations/{cid}/questions", json={"question": "hi"}).status_code == 404


def test_sqlite_store_keeps_conversations_across_apps(engine: Engine, tmp_path: Path) -> None:
    first = TestClient(create_app(engine, SQLiteStore(tmp_path / "conv.db")))
    cid = _new(first)
    first.post(f"/v1/conversations/{cid}/questions", json={"question": "how much does a leader make?"})
    again = TestClient(create_app(engine, SQLiteStore(tmp_path / "conv.db")))
    r = again.post(f"/v1/conversations/{cid}/questions", json={"question": "the process one"})
    assert r.json()["text"] == "Process leaders earn $88,400 a year on average."
