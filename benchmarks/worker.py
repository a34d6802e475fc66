"""One measurement of the benchmark, in a process of its own (so that its peak memory is
its own): ``python -m benchmarks.worker SPEC.json`` prints one JSON object.

SPEC ``task``:

* ``ingest``: build a fresh KB at ``db`` from the ``*.txt`` pages of ``pages_dir``;
* ``builtin``: build the built-in KB into an empty ``cache_dir`` (cold), then open it again
  (warm: what every start-up pays);
* ``questions``: load ``Engine(db=...)`` and answer the mix in ``scripts`` (a JSON file),
  ``warmup`` untimed passes then ``passes`` timed ones, checking every answer.

With ``profile`` (a file name) the timed part runs under cProfile and the stats are
dumped there.  Only the standard library, ``chatbot`` and :mod:`benchmarks.mix` are
imported here, lazily, so the memory measured is the engine's.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    Linux's ``VmHWM`` (the high-water mark of this program's own address space), not
    ``getrusage().ru_maxrss``: the latter carries over, through fork and exec, the peak of
    the parent that started this process (the benchmark driver, which holds every role
    profile of a large size).
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _current_rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return None


class _Profiler:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.prof = None

    def __enter__(self) -> _Profiler:
        if self.path:
            import cProfile

            self.prof = cProfile.Profile()
            self.prof.enable()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.prof is not None:
            self.prof.disable()
            self.prof.dump_stats(self.path)


def task_ingest(spec: dict[str, Any]) -> dict[str, Any]:
    from chatbot.kb.ingest import ingest

    pages = sorted(Path(spec["pages_dir"]).glob("*.txt"))
    if spec.get("limit"):
        pages = pages[: spec["limit"]]
    db = Path(spec["db"])
    db.unlink(missing_ok=True)
    rss_before = _rss_mb()
    with _Profiler(spec.get("profile")):
        c0, t0 = time.process_time(), time.perf_counter()
        report = ingest(db, pages, keep_going=True)
        seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    return {
        "pages": report.pages, "failed": len(report.failed), "committed": report.committed,
        "roles": report.total_roles, "stored": report.stored, "missing": report.missing,
        "ambiguous": report.ambiguous, "conflicts": report.conflicts, "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "failed_examples": [str(e) for e in report.failed[:3]],
        "db_mb": db.stat().st_size / 2**20 if db.exists() else None,
        "rss_before_mb": rss_before, "peak_mb": _rss_mb(),
    }


def task_builtin(spec: dict[str, Any]) -> dict[str, Any]:
    os.environ["CHATBOT_CACHE_DIR"] = spec["cache_dir"]
    os.environ.pop("CHATBOT_DB", None)
    from chatbot.kb.builtin import builtin_db_path, source_pages

    c0, t0 = time.process_time(), time.perf_counter()
    path = builtin_db_path()
    cold, cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    again = builtin_db_path()
    warm = time.perf_counter() - t0
    return {"db": str(path), "same": path == again, "pages": len(source_pages()), "seconds": cold,
            "cpu_seconds": cpu, "warm_seconds": warm, "peak_mb": _rss_mb()}


def _percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    import math

    k = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[k]


def task_questions(spec: dict[str, Any]) -> dict[str, Any]:
    rss_start = _rss_mb()
    t0 = time.perf_counter()
    from chatbot import Engine

    from benchmarks.mix import check

    import_s = time.perf_counter() - t0
    rss_import = _rss_mb()
    scripts = json.loads(Path(spec["scripts"]).read_text())
    with _Profiler(spec.get("profile_load")):
        t0 = time.perf_counter()
        c0 = time.process_time()
        engine = Engine(db=spec["db"])
        load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    rss_load = _rss_mb()

    warmup, passes = int(spec.get("warmup", 1)), int(spec.get("passes", 3))
    timings: list[float] = []
    cpu: list[float] = []  # CPU time of each timed answer: wall minus time the OS gave others
    by_kind: dict[str, list[float]] = {}
    first_texts: list[str] = []
    wrong: list[dict[str, Any]] = []
    unstable = 0
    first_ask_ms: float | None = None
    slowest: list[tuple[float, str]] = []
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    load_before = os.getloadavg()
    profiler = _Profiler(spec.get("profile"))
    for p in range(warmup + passes):
        timed = p >= warmup
        if timed and p == warmup:
            profiler.__enter__()
        turn_no = 0
        for script in scripts:
            conv = engine.conversation()
            for turn in script["turns"]:
                c = cpu_clock()
                t = clock()
                answer = conv.ask(turn["q"])
                ns = clock() - t
                cpu_ns = cpu_clock() - c
                if first_ask_ms is None:
                    first_ask_ms = ns / 1e6
                if timed:
                    ms = ns / 1e6
                    timings.append(ms)
                    cpu.append(cpu_ns / 1e6)
                    by_kind.setdefault(script["kind"], []).append(ms)
                    slowest.append((ms, turn["q"]))
                if p == 0:
                    first_texts.append(answer.text)
                    problems = check(answer, turn["checks"])
                    if problems:
                        wrong.append({"kind": script["kind"], "q": turn["q"], "problems": problems,
                                      "status": answer.status, "text": answer.text[:300]})
                elif answer.text != first_texts[turn_no]:
                    unstable += 1
                turn_no += 1
    profiler.__exit__()
    timings.sort()
    cpu.sort()
    slowest.sort(reverse=True)
    kinds = {k: {"n": len(v), "p50": _percentile(sorted(v), 50), "p99": _percentile(sorted(v), 99),
                 "max": max(v)} for k, v in by_kind.items()}
    wrong_by_kind: dict[str, int] = {}
    for w in wrong:
        wrong_by_kind[w["kind"]] = wrong_by_kind.get(w["kind"], 0) + 1
    engine.close()
    return {
        "turns": len(first_texts), "timed": len(timings), "import_s": import_s, "load_s": load_s,
        "load_cpu_s": load_cpu_s,
        "first_ask_ms": first_ask_ms,
        "p50": _percentile(timings, 50), "p90": _percentile(timings, 90), "p99": _percentile(timings, 99),
        "cpu_p50": _percentile(cpu, 50), "cpu_p99": _percentile(cpu, 99),
        "loadavg": [load_before[0], os.getloadavg()[0]],
        "max": timings[-1] if timings else None, "mean": sum(timings) / len(timings) if timings else None,
        "kinds": kinds, "wrong": len(wrong), "wrong_by_kind": wrong_by_kind, "wrong_examples": wrong,
        "unstable": unstable, "slowest": [[round(ms, 3), q] for ms, q in slowest[:8]],
        "rss_start_mb": rss_start, "rss_import_mb": rss_import, "rss_load_mb": rss_load,
        "rss_now_mb": _current_rss_mb(), "peak_mb": _rss_mb(),
    }


TASKS = {"ingest": task_ingest, "builtin": task_builtin, "questions": task_questions}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m benchmarks.worker SPEC.json\n")
        return 2
    spec = json.loads(Path(args[0]).read_text())
    result = TASKS[spec["task"]](spec)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
