"""Load benchmark of the HTTP service (not a test): 50 concurrent conversations x 20 turns
over loopback against ``chatbot serve --workers 2 --store redis://...`` on a real
redis-server started here.  Every answer must equal the single-threaded library answer;
prints requests/s and p50/p99 latency.

    python -m benchmarks.server_load [--conversations 50] [--turns 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from chatbot import Engine
from tests.server_procs import HOST, call, start_redis, start_server, stop

QUESTIONS = [
    "which pays more, production coordinator or production leader?", "and per hour?",
    "which of them has more jobs?", "how much does a leader make?", "the process one", "and per hour?",
    "what skills do production coordinators and process leaders share?", "who is younger?",
    "which job pays the most?", "how long does it take to become a production coordinator?",
    "what does the first one do?", "how much does a project leader make?", "hello",
    "which roles pay more than $45,000?", "what about the average age?",
    "compare process leader and production leader",
    "and the growth rate?", "how much does a coordinator make?", "yes", "thanks",
]


def script(n: int, turns: int) -> list[str]:
    return [QUESTIONS[(n + k) % len(QUESTIONS)] for k in range(turns)]


def expected(engine: Engine, questions: list[str]) -> list[dict[str, Any]]:
    conv = engine.conversation()
    return [conv.ask(q).model_dump(mode="json") for q in questions]


def run_one(base_port: int, questions: list[str], want: list[dict[str, Any]], latencies: list[float],
            wrong: list[str]) -> None:
    conn = http.client.HTTPConnection(HOST, base_port, timeout=60)
    conn.request("POST", "/v1/conversations", body="{}", headers={"Content-Type": "application/json"})
    cid = json.loads(conn.getresponse().read())["id"]
    for q, w in zip(questions, want, strict=True):
        t0 = time.perf_counter()
        conn.request("POST", f"/v1/conversations/{cid}/questions", body=json.dumps({"question": q}),
                     headers={"Content-Type": "application/json"})
        got = json.loads(conn.getresponse().read())
        latencies.append(time.perf_counter() - t0)
        if got != w:
            wrong.append(f"{q!r}: {got.get('text')!r} != {w['text']!r}")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", type=int, default=50)
    ap.add_argument("--turns", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    engine = Engine()
    scripts = [script(n, args.turns) for n in range(args.conversations)]
    wants = [expected(engine, s) for s in scripts]
    with tempfile.TemporaryDirectory() as tmp:
        started = start_redis(Path(tmp))
        if started is None:
            print("redis-server is not installed", file=sys.stderr)
            return 1
        redis_proc, redis_port = started
        server, base = start_server(f"redis://{HOST}:{redis_port}/0", workers=args.workers)
        try:
            assert call(base, "GET", "/healthz")[0] == 200
            latencies: list[float] = []
            wrong: list[str] = []
            port = int(base.rsplit(":", 1)[1])
            threads = [threading.Thread(target=run_one, args=(port, s, w, latencies, wrong))
                       for s, w in zip(scripts, wants, strict=True)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - t0
        finally:
            stop(server)
            stop(redis_proc)
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"{args.conversations} conversations x {args.turns} turns, {args.workers} workers, redis store")
    print(f"requests: {len(lat)} in {elapsed:.2f} s = {len(lat) / elapsed:.0f} requests/s")
    print(f"latency: p50 {statistics.median(lat) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    print(f"answers equal to the single-threaded answer: {len(lat) - len(wrong)} / {len(lat)}")
    for w in wrong[:5]:
        print("  differs:", w)
    return 1 if wrong or len(lat) != args.conversations * args.turns else 0


if __name__ == "__main__":
    sys.exit(main())
