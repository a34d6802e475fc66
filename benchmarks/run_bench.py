"""The performance benchmark of issue 5 (not part of the test run).

    python -m benchmarks.run_bench                      # sizes 3, 1000, 10000, 100000
    python -m benchmarks.run_bench --quick              # sizes 3 and 1000, one run, no docs
    python -m benchmarks.run_bench --sizes 3,1000,10000 --runs 3
    python -m benchmarks.run_bench --profile 10000      # cProfile of ingest, load and questions

For each KB size: synthetic comparison pages in both layouts (:mod:`benchmarks.pagegen`;
size 3 is the built-in KB of ``knowledge/``, built into a temporary cache folder), one
fresh KB build from all of them (ingest pages/s and build seconds), then, in a fresh
process per run, ``Engine(db=...)`` (load seconds) and a fixed mix of about 300
questions (:mod:`benchmarks.mix`) answered ``--passes`` times after one warm-up pass:
p50 and p99 per question, every answer checked against the pages' figures, and the
process's peak RSS.  Then the wall time of ``chatbot ask`` with a warm cache.

Prints one table and the targets with PASS/FAIL, and writes the same to ``docs/bench.md``
(not with ``--quick``, unless ``--out`` is given).  Figures are medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.startup import PER_QUESTION_RATIO, STARTUP_RATIO

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (3, 1000, 10_000, 100_000)
QUICK_SIZES = (3, 1000)
BUILTIN_SIZE = 3
STARTUP_QUESTION = "which pays more, production coordinator or production leader?"
STARTUP_EXPECT = "Production coordinators earn more: $49,366"
DOCS = ROOT / "docs" / "bench.md"


# -- targets ------------------------------------------------------------------------------

@dataclass
class Target:
    label: str
    limit: float
    unit: str
    higher_is_better: bool = False
    measured: float | None = None
    where: str = ""

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "n/a"
        ok = self.measured >= self.limit if self.higher_is_better else self.measured <= self.limit
        return "PASS" if ok else "FAIL"

    def line(self) -> str:
        op = ">=" if self.higher_is_better else "<="
        got = "not measured" if self.measured is None else f"{_fmt(self.measured)} {self.unit}"
        where = f" ({self.where})" if self.where else ""
        return f"{self.verdict:4}  {self.label} {op} {_fmt(self.limit)} {self.unit}: {got}{where}"


def _fmt(v: float | None, digits: int = 3) -> str:
    if v is None:
        return "-"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}" if v < 1 else f"{v:.{max(1, digits - len(str(int(v))))}f}"


# -- one size -----------------------------------------------------------------------------

@dataclass
class SizeResult:
    size: int
    pages: int = 0
    roles: int = 0
    layouts: dict[str, int] = field(default_factory=dict)
    gen_s: float | None = None
    build: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    turns: int = 0

    def med(self, rows: list[dict[str, Any]], key: str) -> float | None:
        values = [r[key] for r in rows if r.get(key) is not None]
        return statistics.median(values) if values else None

    @property
    def build_s(self) -> float | None:
        return self.med(self.build, "seconds")

    @property
    def pages_per_s(self) -> float | None:
        s = self.build_s
        return self.pages / s if s else None

    @property
    def load_s(self) -> float | None:
        return self.med(self.questions, "load_s")

    @property
    def p50(self) -> float | None:
        return self.med(self.questions, "p50")

    @property
    def p99(self) -> float | None:
        return self.med(self.questions, "p99")

    @property
    def peak_mb(self) -> float | None:
        return self.med(self.questions, "peak_mb")

    @property
    def wrong(self) -> int | None:
        return self.questions[0]["wrong"] if self.questions else None

    def row(self) -> list[str]:
        label = f"{self.size:,}" + (" (built-in)" if self.size == BUILTIN_SIZE else "")
        wrong = "-" if self.wrong is None else f"{self.wrong} / {self.turns}"
        return [label, f"{self.pages:,}", _fmt(self.pages_per_s), _fmt(self.build_s), _fmt(self.load_s),
                _fmt(self.p50), _fmt(self.p99), _fmt(self.peak_mb), wrong]


HEADER = ["roles", "pages", "ingest pages/s", "build s", "load s", "p50 ms", "p99 ms", "peak MB",
          "wrong answers"]


def _worker(spec: dict[str, Any], workdir: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    spec_path = workdir / f"spec-{spec['task']}-{os.getpid()}-{time.monotonic_ns()}.json"
    spec_path.write_text(json.dumps(spec))
    proc = subprocess.run([sys.executable, "-m", "benchmarks.worker", str(spec_path)], cwd=ROOT,
                          capture_output=True, text=True, env=env or _clean_env(workdir))
    spec_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {spec['task']} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _clean_env(workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of every subprocess: no KB chosen by the caller's environment, the
    project importable, and a bytecode cache (in ``workdir``, not in the checkout) as an
    installed package has one."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CHATBOT_DB", "CHATBOT_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def generate(size: int, workdir: Path, seed: int) -> tuple[Path, list[Any], dict[str, int], float]:
    """Write the pages of ``size`` synthetic roles (reused when already there)."""
    from benchmarks import pagegen

    folder = workdir / f"pages-{size}"
    t0 = time.perf_counter()
    roles = pagegen.make_roles(size, seed)
    index = folder / "index.tsv"
    layouts: dict[str, int] = {}
    if index.exists() and len(index.read_text().splitlines()) == size:  # header + size-1 pages
        for line in index.read_text().splitlines()[1:]:
            layout = line.split("\t")[1]
            layouts[layout] = layouts.get(layout, 0) + 1
        return folder, roles, layouts, time.perf_counter() - t0
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rows = ["file\tlayout\trole_a\trole_b"]
    for name, text, a, b in pagegen.make_pages(roles, seed=seed):
        (folder / name).write_text(text, encoding="utf-8", newline="")
        layout = "glued" if not text.startswith(pagegen._NAVIGATION[0]) else "markdown"
        layouts[layout] = layouts.get(layout, 0) + 1
        rows.append(f"{name}\t{layout}\t{a.name}\t{b.name}")
    index.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder, roles, layouts, time.perf_counter() - t0


def page_words(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("select word from words")]
    finally:
        conn.close()


def run_questions(res: SizeResult, db: Path, scripts_path: Path, workdir: Path, runs: int,
                  passes: int) -> None:
    for run in range(runs):
        out = _worker({"task": "questions", "db": str(db), "scripts": str(scripts_path), "warmup": 1,
                       "passes": passes}, workdir)
        res.questions.append(out)
        _log(f"  questions run {run + 1}/{runs}: load {out['load_s']:.3f}s, p50 {out['p50']:.3f} ms, "
             f"p99 {out['p99']:.3f} ms, max {out['max']:.2f} ms, peak {out['peak_mb']:.0f} MB, "
             f"wrong {out['wrong']}/{out['turns']}")


def bench_builtin(workdir: Path, runs: int, passes: int) -> tuple[SizeResult, Path]:
    from benchmarks.mix import SEED_ROLES, count_turns, make_mix

    res = SizeResult(BUILTIN_SIZE)
    cache = workdir / "cache-builtin"
    for run in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        out = _worker({"task": "builtin", "cache_dir": str(cache)}, workdir)
        res.build.append(out)
        _log(f"  built-in KB build run {run + 1}/{runs}: {out['seconds']:.3f}s cold, "
             f"{out['warm_seconds'] * 1000:.1f} ms warm")
    db = Path(res.build[-1]["db"])
    res.pages, res.roles = res.build[-1]["pages"], len(SEED_ROLES)
    scripts = make_mix(SEED_ROLES, page_words(db), seed=BUILTIN_SIZE)
    res.turns = count_turns(scripts)
    scripts_path = workdir / "mix-builtin.json"
    scripts_path.write_text(json.dumps(scripts))
    run_questions(res, db, scripts_path, workdir, runs, passes)
    return res, cache


def bench_size(size: int, workdir: Path, runs: int, ingest_runs: int, passes: int, seed: int,
               reuse: bool = False) -> SizeResult:
    from benchmarks.mix import count_turns, facts_from_profiles, make_mix

    res = SizeResult(size)
    _log(f"size {size:,}: generating pages")
    folder, profiles, res.layouts, res.gen_s = generate(size, workdir, seed)
    res.roles = len(profiles)
    db = workdir / f"kb-{size}.db"
    saved = workdir / f"build-{size}.json"
    if reuse and db.exists() and saved.exists():
        res.build = json.loads(saved.read_text())
        _log(f"  reusing {db.name} and the timings of its {len(res.build)} build(s) (--reuse-kb)")
        ingest_runs = 0
    for run in range(ingest_runs):
        _log(f"  ingest run {run + 1}/{ingest_runs}")
        out = _worker({"task": "ingest", "pages_dir": str(folder), "db": str(db)}, workdir)
        res.build.append(out)
        rate = out["pages"] / out["seconds"]
        _log(f"  ingest: {out['pages']:,} pages in {out['seconds']:.1f}s ({rate:,.0f} pages/s), "
             f"{out['roles']:,} roles, {out['failed']} failed, {out['conflicts']} conflicts, "
             f"db {out['db_mb']:.0f} MB, peak {out['peak_mb']:.0f} MB")
    if ingest_runs:
        saved.write_text(json.dumps(res.build))
    res.pages = res.build[-1]["pages"]
    scripts = make_mix(facts_from_profiles(profiles), page_words(db), seed=size)
    del profiles
    res.turns = count_turns(scripts)
    scripts_path = workdir / f"mix-{size}.json"
    scripts_path.write_text(json.dumps(scripts))
    run_questions(res, db, scripts_path, workdir, runs, passes)
    return res


# -- start-up -----------------------------------------------------------------------------

@dataclass
class Startup:
    command: str
    note: str
    times: list[float]            # wall seconds, bytecode cache warm (an installed package)
    cpu: list[float]              # CPU seconds (user + system) of the same runs
    times_no_pyc: list[float]     # the same with PYTHONDONTWRITEBYTECODE=1 (every import compiles)
    baseline: list[float]         # python -c pass
    correct: bool
    output: str
    prompt_toolkit: bool | None
    imports: list[tuple[float, str]]

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _cli_available() -> bool:
    return (ROOT / "chatbot" / "cli" / "main.py").exists()


def startup_command() -> tuple[list[str], str]:
    """``chatbot ask`` as installed (the console script beside this Python, not a pyenv
    shim, whose own start-up is not the program's), else ``python -m chatbot.cli.main``."""
    beside = Path(sys.executable).parent / "chatbot"
    exe = str(beside) if beside.exists() else shutil.which("chatbot")
    if exe:
        return [exe, "ask", STARTUP_QUESTION], f"`{Path(exe).name} ask` (the installed console script)"
    if _cli_available():
        return ([sys.executable, "-m", "chatbot.cli.main", "ask", STARTUP_QUESTION],
                "`python -m chatbot.cli.main ask` (no chatbot console script installed)")
    code = f"from chatbot import Engine; print(Engine().ask({STARTUP_QUESTION!r}).text)"
    return [sys.executable, "-c", code], "`python -c 'from chatbot import Engine; ...'` (no CLI module yet)"


def bench_startup(cache: Path, workdir: Path, repeats: int) -> Startup:
    env = _clean_env(workdir, CHATBOT_CACHE_DIR=str(cache))
    env_no_pyc = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"}
    env_no_pyc["PYTHONDONTWRITEBYTECODE"] = "1"
    cmd, note = startup_command()

    cpu: list[float] = []

    def wall(command: list[str], environ: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return seconds, proc

    wall(cmd, env)  # writes the bytecode cache, warms the OS file cache
    times, times_no_pyc, baseline, outputs, cpu_times = [], [], [], [], []
    for _ in range(repeats):  # interleaved, so that a busy moment hits all three alike
        seconds, proc = wall(cmd, env)
        times.append(seconds)
        cpu_times.append(cpu[-1])
        outputs.append(proc.stdout.strip() or proc.stderr.strip())
        times_no_pyc.append(wall(cmd, env_no_pyc)[0])
        baseline.append(wall([sys.executable, "-c", "pass"], env)[0])
    # what the command imports: prompt_toolkit must not be among them
    probe = (
        "import sys\n"
        f"sys.argv = ['chatbot', 'ask', {STARTUP_QUESTION!r}]\n"
        "from chatbot.cli.main import main\n"
        "main()\n"
        "sys.stderr.write('\\nPT=%s\\n' % ('prompt_toolkit' in sys.modules))\n"
    )
    pt: bool | None = None
    imports: list[tuple[float, str]] = []
    if _cli_available():
        proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                              text=True)
        for line in proc.stderr.splitlines():
            if line.startswith("PT="):
                pt = line == "PT=True"
        # where start-up goes: the slowest imports (python -X importtime), by cumulative time
        argv = [sys.executable, "-X", "importtime", "-m", "chatbot.cli.main", "ask", STARTUP_QUESTION]
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        imports = parse_importtime(proc.stderr)
    label = note.split("`")[1] if "`" in note else note
    return Startup(label, note, times, cpu_times, times_no_pyc, baseline,
                   all(STARTUP_EXPECT in o for o in outputs), outputs[0][:200], pt, imports)


def bench_peer(db: Path, cache: Path, workdir: Path, repeats: int, passes: int) -> dict[str, Any] | None:
    """Start-up and per-question time beside the Adapt reference bot (None without adapt-parser)."""
    from benchmarks import startup as peer

    try:
        import adapt  # noqa: F401  (the bench extra)
    except ImportError:
        _log("adapt-parser is not installed (pip install -e '.[bench]'): no side-by-side figures")
        return None
    env = _clean_env(workdir, CHATBOT_CACHE_DIR=str(cache))
    _log("side by side with the Adapt bot: start-up of each command, then per question")
    st = peer.measure_startup(db, env, repeats)
    pq = peer.measure_per_question(db, env, passes)
    return {"startup": st, "per_question": pq, "ratios": peer.ratios(st, pq)}


def parse_importtime(stderr: str, depth: int = 3) -> list[tuple[float, str]]:
    """The modules of ``-X importtime`` output nested at most ``depth`` deep, slowest
    (cumulative, so a parent includes its children) first."""
    rows: list[tuple[float, int, str]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:"):].split("|")
        level = (len(name) - len(name.lstrip())) // 2
        rows.append((int(cumulative) / 1e6, level, name.strip()))
    return sorted(((s, n) for s, lvl, n in rows if lvl <= depth), reverse=True)


# -- report -------------------------------------------------------------------------------

def make_targets(results: dict[int, SizeResult], startup: Startup | None,
                 peer: dict[str, Any] | None = None) -> list[Target]:
    """The targets of issues 5 and 13, with what this run measured."""
    t = {
        "p99_builtin": Target("per-question p99 on the built-in KB", 1.0, "ms"),
        "p99_10k": Target("per-question p99 at 10,000 roles", 5.0, "ms"),
        "p99_100k": Target("per-question p99 at 100,000 roles", 20.0, "ms"),
        "ingest": Target("ingest rate (slowest measured size >= 1,000)", 2000.0, "pages/s",
                         higher_is_better=True),
        "ingest_mb": Target("ingest peak memory at 100,000 roles", 150.0, "MB"),
        "load": Target("engine load at 100,000 roles", 0.3, "s"),
        "load_mb": Target("memory after engine load at 100,000 roles", 80.0, "MB"),
        "startup_ratio": Target("`chatbot ask` start-up / the Adapt bot's", STARTUP_RATIO, "x"),
        "question_ratio": Target("per question (p50) / the Adapt bot's", round(PER_QUESTION_RATIO, 3), "x"),
    }

    def cpu(r: SizeResult, key: str) -> str:
        v = r.med(r.questions, key)
        return f"CPU time {v:.3f} ms" if v is not None else ""

    for key, size in (("p99_builtin", BUILTIN_SIZE), ("p99_10k", 10_000), ("p99_100k", 100_000)):
        if size in results:
            r = results[size]
            t[key].measured, t[key].where = r.p99, cpu(r, "cpu_p99")
    if 100_000 in results:
        r = results[100_000]
        t["load"].measured = r.load_s
        t["load"].where = f"CPU time {r.med(r.questions, 'load_cpu_s') or 0:.3f} s"
        t["load_mb"].measured = r.med(r.questions, "rss_load_mb")
        t["ingest_mb"].measured = r.build[-1]["peak_mb"] if r.build else None
    rates = [(r.pages_per_s, s) for s, r in results.items() if s >= 1000 and r.pages_per_s]
    if rates:
        rate, size = min(rates)
        t["ingest"].measured, t["ingest"].where = rate, f"at {size:,} roles"
    if peer:
        st, pq = peer["startup"], peer["per_question"]
        ours, adapt = st["chatbot ask"], st["adapt bot ask"]
        t["startup_ratio"].measured = ours["wall"] / adapt["wall"]
        t["startup_ratio"].where = (f"{ours['wall'] * 1000:.0f} ms vs {adapt['wall'] * 1000:.0f} ms; CPU "
                                    f"{ours['cpu'] * 1000:.0f} vs {adapt['cpu'] * 1000:.0f} ms, "
                                    f"{ours['cpu'] / adapt['cpu']:.2f}x")
        t["question_ratio"].measured = pq["ours"]["p50"] / pq["adapt"]["p50"]
        t["question_ratio"].where = (f"p50 {pq['ours']['p50']:.3f} ms vs {pq['adapt']['p50']:.3f} ms; mean "
                                     f"{pq['ours']['mean']:.3f} vs {pq['adapt']['mean']:.3f} ms")
    elif startup:
        t["startup_ratio"].where = f"no Adapt bot measured; `chatbot ask` {startup.median:.3f} s"
    return list(t.values())


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    def line(r: list[str]) -> str:
        cells = enumerate(zip(r, widths, strict=True))
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in cells)

    return "\n".join([line(HEADER), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def md_table(rows: list[list[str]]) -> str:
    rule = "|" + "|".join("---:" if i else "---" for i in range(len(HEADER))) + "|"
    out = ["| " + " | ".join(HEADER) + " |", rule]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def machine_note() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(row for row in meminfo if row.startswith("MemTotal")).split()[1])
        mem = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        import rapidfuzz

        rf = rapidfuzz.__version__
    except ImportError:
        rf = "?"
    return (f"{_dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {platform.system()} {platform.machine()}, "
            f"nproc {nproc}{mem}, {cpu or 'unknown CPU'}; Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, rapidfuzz {rf}")


def details(results: dict[int, SizeResult], startup: Startup | None) -> list[str]:
    out: list[str] = []
    for size, r in results.items():
        # the run whose p99 is the median one stands for the size in the details
        q = sorted(r.questions, key=lambda x: x["p99"])[len(r.questions) // 2] if r.questions else None
        bits = [f"{size:,} roles:"]
        if r.layouts:
            bits.append("pages " + ", ".join(f"{n:,} {k}" for k, n in sorted(r.layouts.items())) + ";")
        if r.build:
            b = r.build[-1]
            extra = (f"{b.get('conflicts', 0)} conflicts, {b.get('failed', 0)} failed pages, "
                     if "conflicts" in b else "")
            db_mb = f"KB {b['db_mb']:.0f} MB, " if b.get("db_mb") else ""
            out_warm = f"warm re-open {b['warm_seconds'] * 1000:.1f} ms, " if "warm_seconds" in b else ""
            cpu_s = r.med(r.build, "cpu_seconds")
            cpu_rate = (f"build CPU time {cpu_s:.2f}s ({r.pages / cpu_s:,.0f} pages/s of CPU), "
                        if cpu_s else "")
            bits.append(f"{cpu_rate}{extra}{db_mb}{out_warm}build peak RSS {b['peak_mb']:.0f} MB; "
                        f"engine load CPU time {r.med(r.questions, 'load_cpu_s') or 0:.3f}s;")
        if q:
            kinds = ", ".join(f"{k} {v['p50']:.2f}/{v['p99']:.2f}" for k, v in sorted(q["kinds"].items()))
            bits.append(f"CPU time per question p50 {r.med(r.questions, 'cpu_p50'):.3f} ms, p99 "
                        f"{r.med(r.questions, 'cpu_p99'):.3f} ms (load average {q['loadavg'][0]:.1f}); "
                        f"max {q['max']:.2f} ms; first question {q['first_ask_ms']:.1f} ms; "
                        f"p50/p99 ms by kind: {kinds}; RSS after import {q['rss_import_mb']:.0f} MB, "
                        "after load "
                        f"{q['rss_load_mb']:.0f} MB; {q['timed']:,} timed answers per run, "
                        f"{q['unstable']} differed between passes;")
            if q["wrong"]:
                by_kind = sorted(q["wrong_by_kind"].items())
                bits.append("wrong by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind))
        out.append(" ".join(bits))
    if startup:
        pt = {True: "imports prompt_toolkit (it should not)", False: "does not import prompt_toolkit",
              None: "prompt_toolkit not checked"}[startup.prompt_toolkit]
        slow = [f"{n} {s * 1000:.0f}" for s, n in startup.imports if s >= 0.01][:10]
        out.append(
            f"start-up: {startup.note}: median {startup.median:.3f}s of {len(startup.times)} with the "
            "bytecode cache "
            f"(min {min(startup.times):.3f}s; CPU time {statistics.median(startup.cpu):.3f}s), "
            f"{statistics.median(startup.times_no_pyc):.3f}s with "
            "PYTHONDONTWRITEBYTECODE=1; bare `python -c pass` "
            f"{statistics.median(startup.baseline):.3f}s (so "
            f"{startup.median - statistics.median(startup.baseline):.3f}s are the program's); "
            f"answer {'right' if startup.correct else 'WRONG: ' + repr(startup.output)}; {pt}; "
            f"imports over 10 ms (cumulative ms, one -X importtime run): " + ", ".join(slow))
    return out


def wrong_examples(results: dict[int, SizeResult], per_size: int = 4) -> list[str]:
    out = []
    for size, r in results.items():
        if not r.questions:
            continue
        examples = r.questions[0]["wrong_examples"]
        seen: dict[str, int] = {}
        asked: set[str] = set()
        for w in examples:
            if seen.get(w["kind"], 0) >= max(1, per_size // 2) or w["q"] in asked:
                continue
            asked.add(w["q"])
            seen[w["kind"]] = seen.get(w["kind"], 0) + 1
            out.append(f"{size:,} roles, {w['kind']}: {w['q']!r} -> {w['status']}: {w['text'][:160]!r} "
                       f"({'; '.join(w['problems'])})")
            if sum(seen.values()) >= per_size:
                break
    return out


def write_docs(path: Path, rows: list[list[str]], targets: list[Target], notes: list[str],
               examples: list[str], command: str, runs: int, passes: int, machine: str) -> None:
    lines = [
        "# Benchmark",
        "",
        f"Latest run of `{command}` (issues 5 and 13). Machine: {machine}.",
        "",
        md_table(rows),
        "",
        f"Figures are medians of {runs} run(s) (KB builds: {runs} up to 10,000 roles, one at "
        "100,000); each run "
        f"answers the question mix once to warm up and then "
        f"{passes} more time(s), timed per question in-process (`Conversation.ask`). *ingest pages/s* "
        "is pages ÷ "
        "*build s*, one fresh `ingest()` of every page into a new KB (for the built-in KB: "
        "`builtin_db_path()` "
        "into an empty cache folder, content hash included). *load s* is `Engine(db=...)`; *peak MB* "
        "the peak RSS "
        "of the process that loads the engine and answers the mix. *wrong answers* counts answers that fail "
        "their check (figure, winner, status, counts) out of the turns of the mix.",
        "",
        "## Targets",
        "",
        *[f"- {t.line()}" for t in targets],
        "",
        "## Details",
        "",
        *[f"- {n}" for n in notes],
    ]
    if examples:
        lines += ["", "## Examples of wrong answers", "", *[f"- {e}" for e in examples]]
    lines += [
        "",
        "## How to run",
        "",
        "```",
        "python -m benchmarks.run_bench                 # all sizes (100,000 roles takes a while)",
        "python -m benchmarks.run_bench --quick         # sizes 3 and 1,000, one run",
        "python -m benchmarks.run_bench --profile 10000 # cProfile of ingest, engine load and the "
        "question mix",
        "python -m benchmarks.run_bench --workdir DIR --reuse-kb   # keep pages/KBs; measure again "
        "without rebuilding",
        "python -m benchmarks.run_bench --report-from DIR/results.json   # this page again from a saved run",
        "```",
        "",
        "The benchmark lives in `benchmarks/` (no `test_*.py` there, so pytest does not collect it): "
        "`run_bench.py` (driver), `worker.py` (one measurement per process), `mix.py` (the questions "
        "and their "
        "checks), `pagegen.py` (the synthetic pages).",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


# -- profiling ----------------------------------------------------------------------------

def profile(size: int, workdir: Path, seed: int, top: int, ingest_sample: int) -> None:
    """cProfile of ingest (a sample of pages), engine load and the question mix at ``size``."""
    import pstats

    from benchmarks.mix import facts_from_profiles, make_mix

    folder, profiles, _, _ = generate(size, workdir, seed)
    db = workdir / f"kb-{size}.db"
    if not db.exists():
        _log(f"building the KB of {size:,} roles")
        _worker({"task": "ingest", "pages_dir": str(folder), "db": str(db)}, workdir)
    scripts = make_mix(facts_from_profiles(profiles), page_words(db), seed=size)
    scripts_path = workdir / f"mix-{size}.json"
    scripts_path.write_text(json.dumps(scripts))

    def show(title: str, prof: Path) -> None:
        print(f"\n=== {title} ===")
        stats = pstats.Stats(str(prof))
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(max(10, top // 2))

    sample_db = workdir / f"kb-{size}-sample.db"
    _log(f"profiling ingest of {ingest_sample:,} pages")
    out = _worker({"task": "ingest", "pages_dir": str(folder), "db": str(sample_db), "limit": ingest_sample,
                   "profile": str(workdir / "ingest.prof")}, workdir)
    print(f"ingest under cProfile: {out['pages']:,} pages in {out['seconds']:.2f}s")
    show(f"ingest, {ingest_sample:,} pages", workdir / "ingest.prof")
    _log("profiling engine load and the question mix")
    out = _worker({"task": "questions", "db": str(db), "scripts": str(scripts_path), "warmup": 1, "passes": 1,
                   "profile": str(workdir / "questions.prof"), "profile_load": str(workdir / "load.prof")},
                  workdir)
    print(f"load under cProfile {out['load_s']:.2f}s; {out['timed']} questions, p50 {out['p50']:.3f} ms, "
          f"p99 {out['p99']:.3f} ms (with profiler overhead); slowest: {out['slowest'][:5]}")
    show(f"Engine load, {size:,} roles", workdir / "load.prof")
    show(f"question mix, {size:,} roles ({out['timed']} questions)", workdir / "questions.prof")
    print(f"\nprofiles kept in {workdir} (ingest.prof, load.prof, questions.prof)")


def _command(argv: list[str]) -> str:
    """The command line as others would repeat it: without local paths."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--workdir", "--out"):
            skip = True
            continue
        if arg.startswith(("--workdir=", "--out=")):
            continue
        kept.append(arg)
    return " ".join(["python -m benchmarks.run_bench", *kept])


def report(saved: dict[str, Any], out: Path | None) -> None:
    """Print the table, the targets and the details of a run; write them to ``out``."""
    results = {int(size): SizeResult(**fields) for size, fields in saved["sizes"].items()}
    st = dict(saved["startup"])
    st["imports"] = [tuple(x) for x in st["imports"]]
    startup = Startup(**st)
    rows = [results[s].row() for s in sorted(results)]
    peer = saved.get("peer")
    targets = make_targets(results, startup, peer)
    notes = details(results, startup)
    if peer:
        from benchmarks.startup import lines

        notes += ["side by side with the Adapt reference bot (benchmarks/adapt_bot.py), start-up medians: "
                  + line for line in lines(peer["startup"], peer["per_question"])[:1]]
        notes += lines(peer["startup"], peer["per_question"])[1:]
    examples = wrong_examples(results)
    print()
    print(text_table(rows))
    print()
    print("Targets (issues 5 and 13):")
    for t in targets:
        print("  " + t.line())
    print()
    for n in notes:
        print("- " + n)
    if examples:
        print("\nWrong answers (examples):")
        for e in examples:
            print("- " + e)
    print(f"\nmachine: {saved['machine']}; total {saved['seconds']:.0f}s")
    if out:
        write_docs(out, rows, targets, notes, examples, saved["command"], saved["runs"], saved["passes"],
                   saved["machine"])
        print(f"wrote {out}")


# -- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run_bench",
                                     description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default=None,
                        help="comma-separated role counts (default 3,1000,10000,100000); "
                        "3 is the built-in KB")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per size; figures are medians (default 3, "
                        "--quick 1)")
    parser.add_argument("--ingest-runs", type=int, default=None,
                        help="KB builds per size (default: --runs up to "
                        "10,000 roles, 1 above)")
    parser.add_argument("--peer-passes", type=int, default=100,
                        help="passes over the questions the Adapt bot "
                        "and ours both answer (default 100)")
    parser.add_argument("--passes", type=int, default=3,
                        help="timed passes over the question mix per run (default 3)")
    parser.add_argument("--startup-repeats", type=int, default=None,
                        help="`chatbot ask` runs (default 9, --quick 3)")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 3,1000, one run, docs/bench.md left alone")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep pages and KBs here (reused when present)")
    parser.add_argument("--reuse-kb", action="store_true",
                        help="with --workdir: reuse the KBs (and their build "
                        "timings) a previous run left there instead of building them again")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"markdown report (default {DOCS.relative_to(ROOT)}; "
                        "not written with --quick unless given)")
    parser.add_argument("--no-write", action="store_true", help="do not write the markdown report")
    parser.add_argument("--report-from", type=Path, default=None, metavar="RESULTS_JSON",
                        help="print (and write) the report of a saved run (WORKDIR/results.json) "
                        "without measuring")
    parser.add_argument("--profile", type=int, metavar="SIZE", default=None,
                        help="instead of the benchmark: cProfile ingest, engine load and the question mix "
                        "at SIZE")
    parser.add_argument("--profile-top", type=int, default=30)
    parser.add_argument("--profile-ingest-pages", type=int, default=2000)
    args = parser.parse_args(argv)

    default_sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else default_sizes
    runs = args.runs or (1 if args.quick else 3)
    repeats = args.startup_repeats or (3 if args.quick else 9)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="career-chat-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    keep = args.workdir is not None
    try:
        if args.report_from is not None:
            report(json.loads(args.report_from.read_text()), args.out or (None if args.no_write else DOCS))
            return 0
        if args.profile is not None:
            keep = True
            profile(args.profile, workdir, args.seed, args.profile_top, args.profile_ingest_pages)
            return 0
        results: dict[int, SizeResult] = {}
        started = time.perf_counter()
        _log("size 3: the built-in KB" if BUILTIN_SIZE in sizes else "the built-in KB (for start-up)")
        builtin, cache = bench_builtin(workdir, runs if BUILTIN_SIZE in sizes else 1, args.passes)
        if BUILTIN_SIZE in sizes:
            results[BUILTIN_SIZE] = builtin
        for size in sizes:
            if size == BUILTIN_SIZE:
                continue
            ingest_runs = args.ingest_runs or (runs if size <= 10_000 else 1)
            results[size] = bench_size(size, workdir, runs, ingest_runs, args.passes, args.seed,
                                       args.reuse_kb)
        _log("`chatbot ask` start-up")
        startup = bench_startup(cache, workdir, repeats)
        peer = bench_peer(Path(builtin.build[-1]["db"]), cache, workdir, repeats, args.peer_passes)
        saved = {"machine": machine_note(), "command": _command(sys.argv[1:] if argv is None else argv),
                 "runs": runs, "passes": args.passes, "seconds": time.perf_counter() - started,
                 "sizes": {s: r.__dict__ for s, r in results.items()}, "startup": startup.__dict__,
                 "peer": peer}
        (workdir / "results.json").write_text(json.dumps(saved))
        if keep:
            _log(f"raw results in {workdir / 'results.json'}")
        report(saved, args.out or (None if args.quick or args.no_write else DOCS))
        return 0
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
