"""A minimal rule-based reference bot built on Adapt (``adapt-parser``), for the benchmark.

What a competent developer would build for the same seed facts in an afternoon: the roles
and their salary, hourly rate, growth and jobs figures read from the built-in KB (the
facts of ``knowledge/``) with :mod:`sqlite3`, one Adapt entity for role names (singular
and plural), keyword vocabularies for the attributes, and five intents (salary, hourly,
growth, jobs, compare).  No fuzzy matching, no follow-ups, no clarification: it is the
floor that start-up and per-question time are compared against, not a rival.

    python -m benchmarks.adapt_bot --db KB.db ask "how much does a production leader make?"
    python -m benchmarks.adapt_bot --db KB.db time --passes 200   # per-question times, JSON

Needs the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import time
from typing import Any

from adapt.engine import IntentDeterminationEngine
from adapt.intent import IntentBuilder

ATTRIBUTES = {  # intent -> (fact attribute, keywords, how a value reads)
    "SalaryIntent": ("yearly_salary",
                     ("salary", "pay", "pays", "paid", "earn", "earns", "make", "makes", "wage"),
                     "${:,.0f} a year"),
    "HourlyIntent": ("hourly_rate", ("hourly", "per hour", "an hour", "hour"), "${:,.2f} an hour"),
    "GrowthIntent": ("growth_rate", ("growth", "growing", "grow", "outlook"), "{:+.0f}%"),
    "JobsIntent": ("number_of_jobs", ("jobs", "openings", "positions", "employed"), "{:,.0f} jobs"),
}
#: when several intents fit ("how much does X make per hour"), the more specific wins
PRIORITY = {"CompareIntent": 4, "HourlyIntent": 3, "GrowthIntent": 2, "JobsIntent": 2, "SalaryIntent": 1}
_PUNCTUATION = re.compile(r"[^\w\s'-]")
COMPARE_WORDS = ("compare", "vs", "versus", "more", "better", "higher", "or")
QUESTIONS = (  # the question kinds both bots answer, over the seed roles
    "how much does a production leader make?",
    "what is the salary of a production coordinator?",
    "how much do process leaders earn?",
    "what is the hourly rate of a production leader?",
    "how much does a process leader make per hour?",
    "what is the growth rate of production coordinators?",
    "how many jobs are there for process leaders?",
    "how many production leader jobs are there?",
    "which pays more, production coordinator or production leader?",
    "compare the salary of a process leader and a production leader",
    "production coordinator vs process leader salary",
    "which has more jobs, production leader or process leader?",
)


class AdaptBot:
    """Answers salary, hourly, growth, jobs and compare questions about the KB's roles."""

    def __init__(self, db: str) -> None:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            roles = conn.execute("select id, name, plural from roles").fetchall()
            wanted = tuple(a for a, _, _ in ATTRIBUTES.values())
            marks = ", ".join("?" * len(wanted))
            rows = conn.execute(f"select role_id, attribute, value_num from facts where qualifier = '' "
                                f"and attribute in ({marks})", wanted).fetchall()
        finally:
            conn.close()
        self.facts: dict[tuple[int, str], float | None] = {(r, a): v for r, a, v in rows}
        self.names: dict[str, tuple[int, str]] = {}
        self.engine = IntentDeterminationEngine()
        for rid, name, plural in roles:
            for form in {name, plural or name + "s"}:
                self.names[form] = (rid, plural or name + "s")
                self.engine.register_entity(form, "Role")
        for intent, (_, words, _) in ATTRIBUTES.items():
            keyword = intent.replace("Intent", "Keyword")
            for word in words:
                self.engine.register_entity(word, keyword)
            builder = IntentBuilder(intent).require(keyword).require("Role")
            if intent != "SalaryIntent":  # "how much does X make per hour" is the hourly rate
                builder = builder.optionally("SalaryKeyword")
            self.engine.register_intent_parser(builder.build())
        for word in COMPARE_WORDS:
            self.engine.register_entity(word, "CompareKeyword")
        compare = IntentBuilder("CompareIntent").require("CompareKeyword").require("Role")
        self.engine.register_intent_parser(compare.optionally("SalaryKeyword").optionally("JobsKeyword")
                                           .optionally("HourlyKeyword").optionally("GrowthKeyword").build())
        self.pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, self.names), key=len, reverse=True))
                                  + r")\b")

    def ask(self, question: str) -> str:
        text = " ".join(_PUNCTUATION.sub(" ", question.lower()).split())
        best = max(self.engine.determine_intent(text, num_results=len(PRIORITY)), default=None,
                   key=lambda i: (PRIORITY.get(i["intent_type"], 0), i.get("confidence", 0.0)))
        if best is None:
            return "Sorry, I did not understand that."
        roles = list(dict.fromkeys(self.names[m] for m in self.pattern.findall(text)))
        name = best["intent_type"]
        if name == "CompareIntent":
            name = next((i for i in ATTRIBUTES if i.replace("Intent", "Keyword") in best), "SalaryIntent")
            if len(roles) >= 2:
                return self._compare(name, roles[0], roles[1])
        role = self.names[best["Role"]]
        attribute, _, shape = ATTRIBUTES[name]
        value = self.facts.get((role[0], attribute))
        if value is None:
            return f"I have no {attribute.replace('_', ' ')} for {role[1]}."
        return f"{role[1].capitalize()}: {shape.format(value)}."

    def _compare(self, intent: str, a: tuple[int, str], b: tuple[int, str]) -> str:
        attribute, _, shape = ATTRIBUTES[intent]
        va, vb = self.facts.get((a[0], attribute)), self.facts.get((b[0], attribute))
        if va is None or vb is None:
            return f"I cannot compare the {attribute.replace('_', ' ')} of {a[1]} and {b[1]}."
        (win, vw), (lose, vl) = ((a, va), (b, vb)) if va >= vb else ((b, vb), (a, va))
        return f"{win[1].capitalize()} ({shape.format(vw)}) beat {lose[1]} ({shape.format(vl)})."


def time_questions(db: str, passes: int) -> dict[str, Any]:
    """Per-question wall times (ms) of this bot and of ours (``Engine(db)``) over
    :data:`QUESTIONS`, interleaved pass by pass, after one warm-up pass each."""
    from chatbot import Engine

    adapt, ours = AdaptBot(db), Engine(db=db)
    answered = {"adapt": [adapt.ask(q) for q in QUESTIONS], "ours": [ours.ask(q).text for q in QUESTIONS]}
    bots: dict[str, Any] = {"adapt": adapt.ask, "ours": ours.ask}
    times: dict[str, list[float]] = {k: [] for k in bots}
    clock = time.perf_counter_ns
    for _ in range(passes):
        for name, ask in bots.items():
            for question in QUESTIONS:
                t = clock()
                ask(question)
                times[name].append((clock() - t) / 1e6)
    return {name: {"p50": statistics.median(v), "mean": statistics.fmean(v), "n": len(v),
                   "answers": answered[name]} for name, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.adapt_bot",
                                     description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the KB file (the built-in KB: its cached .db)")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer questions and exit")
    ask.add_argument("question", nargs="+")
    timing = sub.add_parser("time", help="per-question times of this bot and ours, as JSON")
    timing.add_argument("--passes", type=int, default=100)
    args = parser.parse_args(argv)
    if args.command == "ask":
        bot = AdaptBot(args.db)
        for question in args.question:
            sys.stdout.write(bot.ask(question) + "\n")
        return 0
    sys.stdout.write(json.dumps(time_questions(args.db, args.passes)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
