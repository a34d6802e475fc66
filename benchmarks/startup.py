"""Side by side with the Adapt reference bot (issue 13): start-up of each command and
per-question time, measured in the same run as the rest of the benchmark.

Start-up: every command runs ``repeats`` times, interleaved (``python -c pass``, the
Adapt bot answering one question, ``chatbot ask``, ``chatbot --version``, ``chatbot
--help``, ``chatbot ingest`` of the shipped pages into a new KB), each with a warm
bytecode cache and a warm built-in KB; wall and CPU medians.  Per question: both bots
in one process over the same questions (:data:`benchmarks.adapt_bot.QUESTIONS`), on the
built-in KB.

    python -m benchmarks.startup --repeats 9      # prints the JSON of both measurements
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "which pays more, production coordinator or production leader?"
STARTUP_RATIO = 2.5      # chatbot ask <= 2.5x the Adapt bot's start-up
PER_QUESTION_RATIO = 1 / 3  # our time per question <= 1/3 of the Adapt bot's


def _chatbot() -> list[str]:
    beside = Path(sys.executable).parent / "chatbot"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "chatbot"]


def commands(db: Path, scratch: Path) -> dict[str, list[str]]:
    """The commands timed, by label."""
    cb = _chatbot()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "adapt bot ask": [sys.executable, "-m", "benchmarks.adapt_bot", "--db", str(db), "ask", QUESTION],
        "chatbot ask": [*cb, "ask", QUESTION],
        "chatbot --version": [*cb, "--version"],
        "chatbot --help": [*cb, "--help"],
        "chatbot ingest": [*cb, "ingest", "--db", str(scratch / "kb.db"), str(ROOT / "knowledge")],
    }


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, cpu, proc.stdout.strip()


def measure_startup(db: Path, env: dict[str, str], repeats: int) -> dict[str, Any]:
    """Median wall and CPU seconds of each command, and what each printed first."""
    scratch = Path(tempfile.mkdtemp(prefix="career-chat-startup-"))
    try:
        cmds = commands(db, scratch)
        walls: dict[str, list[float]] = {k: [] for k in cmds}
        cpus: dict[str, list[float]] = {k: [] for k in cmds}
        outputs: dict[str, str] = {}
        for label, cmd in cmds.items():  # warm-up: bytecode caches, the OS file cache
            outputs[label] = _run(cmd, env)[2][:200]
        for _ in range(repeats):
            for label, cmd in cmds.items():
                (scratch / "kb.db").unlink(missing_ok=True)
                wall, cpu, _ = _run(cmd, env)
                walls[label].append(wall)
                cpus[label].append(cpu)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {label: {"wall": statistics.median(walls[label]), "wall_min": min(walls[label]),
                    "cpu": statistics.median(cpus[label]), "output": outputs[label]} for label in cmds}


def measure_per_question(db: Path, env: dict[str, str], passes: int) -> dict[str, Any]:
    """Both bots' per-question times (ms) over the same questions, in one process."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks.adapt_bot", "--db", str(db), "time",
                           "--passes", str(passes)], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"adapt_bot time failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def ratios(startup: dict[str, Any], per_question: dict[str, Any]) -> dict[str, float]:
    """Our figure over the Adapt bot's: start-up (wall and CPU) and per question (p50, mean)."""
    ours, adapt = startup["chatbot ask"], startup["adapt bot ask"]
    return {
        "startup_wall": ours["wall"] / adapt["wall"],
        "startup_cpu": ours["cpu"] / adapt["cpu"],
        "question_p50": per_question["ours"]["p50"] / per_question["adapt"]["p50"],
        "question_mean": per_question["ours"]["mean"] / per_question["adapt"]["mean"],
    }


def lines(startup: dict[str, Any], per_question: dict[str, Any]) -> list[str]:
    """The measurements as report lines."""
    base = startup["python -c pass"]["wall"]
    out = [", ".join(f"{label} {v['wall'] * 1000:.0f} ms (CPU {v['cpu'] * 1000:.0f} ms, "
                     f"{v['wall'] / base:.1f}x python -c pass)" for label, v in startup.items())]
    q = per_question
    out.append(f"per question over the same {len(q['adapt']['answers'])} questions on the built-in KB: "
               f"Adapt bot p50 {q['adapt']['p50']:.3f} ms (mean {q['adapt']['mean']:.3f}), ours p50 "
               f"{q['ours']['p50']:.3f} ms (mean {q['ours']['mean']:.3f})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--passes", type=int, default=100)
    args = parser.parse_args(argv)
    from benchmarks.run_bench import _clean_env

    workdir = Path(tempfile.mkdtemp(prefix="career-chat-bench-"))
    try:
        cache = workdir / "cache"
        env = _clean_env(workdir, CHATBOT_CACHE_DIR=str(cache))
        db = builtin_kb(env)
        st = measure_startup(db, env, args.repeats)
        pq = measure_per_question(db, env, args.passes)
        print(json.dumps({"startup": st, "per_question": pq, "ratios": ratios(st, pq)}, indent=1))
        for line in lines(st, pq):
            print("- " + line)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def builtin_kb(env: dict[str, str]) -> Path:
    """The built-in KB's file in the cache folder of ``env`` (built if needed)."""
    code = "from chatbot.kb.builtin import builtin_db_path; print(builtin_db_path())"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    return Path(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
