"""Helpers for the live server tests and the load benchmark: free loopback ports, a real
redis-server, and ``chatbot serve`` subprocesses (all bounded in time, loopback only)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HOST = "127.0.0.1"
START_TIMEOUT_S = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _wait(check: Any, proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT_S} s")


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], int] | None:
    """A real redis-server on a free loopback port, or None when it is not installed."""
    exe = shutil.which("redis-server")
    if exe is None:
        return None
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def up() -> bool:
        try:
            with socket.create_connection((HOST, port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    _wait(up, proc, "redis-server")
    return proc, port


def start_server(store: str, workers: int = 1,
                 env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """``chatbot serve`` on a free loopback port; returns the process and its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "chatbot", "serve", "--host", HOST, "--port", str(port),
                             "--workers", str(workers), "--store", store], env=env)
    base = f"http://{HOST}:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=0.5) as r:
                return bool(r.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    _wait(up, proc, "chatbot serve")
    return proc, base


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def call(base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """One HTTP request on a new connection; returns the status and the decoded JSON."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port for the module's tests (skipped, with
    the reason, where redis-server is not installed)."""
    started = start_redis(tmp_path_factory.mktemp("redis"))
    if started is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
    proc, port = started
    yield f"redis://127.0.0.1:{port}/0"
    stop(proc)
