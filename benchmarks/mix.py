"""The benchmark's fixed mix of questions, and the checks of their answers.

The mix is generated from what the pages say about each role (a :class:`RoleFacts` per
role: from :mod:`benchmarks.pagegen` profiles, or hand-copied from ``knowledge/`` for the
built-in KB), so every question carries the answer it must get.  Kinds of questions
(each a *script*: one conversation of one or more turns):

* ``fact``: one figure of one role (salary, hourly rate, jobs, growth) in a few phrasings;
* ``compare``: which of two roles is higher or lower on a figure (the winner is checked);
* ``follow_up``: a six-turn conversation that reuses roles and attribute from context;
* ``typo``: a fact question with a letter dropped or two letters swapped in a long word;
* ``unknown``: roles no page names ("astronaut"), alone or compared with a known role;
* ``near_miss``: a known role with a title word before it ("senior electrician") that
  names no known role: unknown, with the known role suggested;
* ``all_roles``: superlatives and thresholds over every role (winner, counts, and a
  summarised, not dumped, list).

Scripts and checks are plain JSON-able dicts so that the worker process (which times
them) needs neither the generator nor the profiles.  :func:`check` compares one answer
with one turn's checks and returns what is wrong (empty when right).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

Script = dict[str, Any]   # {"kind": str, "turns": [{"q": str, "checks": {...}}, ...]}

KINDS = ("fact", "compare", "follow_up", "typo", "unknown", "near_miss", "all_roles")
# Scripts per kind for a mix of about 300 turns (follow-ups have six turns each).
DEFAULT_SHARES = {"fact": 75, "compare": 50, "follow_up": 10, "typo": 40, "unknown": 25, "near_miss": 25,
                  "all_roles": 25}
# the questions over all roles: superlatives, then thresholds
ALL_ROLES_KINDS = ("most", "least", "jobs", "hourly", "growth_low", "above", "below", "jobs_above")
MAX_SUMMARY_CHARS = 1500      # an answer over all roles is summarised, never a dump


@dataclass(frozen=True)
class RoleFacts:
    """What the checks need to know about one role (None where the page says "-")."""

    name: str
    plural: str
    yearly_salary: int | None
    hourly_rate: float | None
    growth_rate: int | None
    number_of_jobs: int | None


# The three roles of the built-in KB, hand-copied from knowledge/*.txt (as in the tests).
SEED_ROLES: tuple[RoleFacts, ...] = (
    RoleFacts("production coordinator", "production coordinators", 49366, 23.73, -3, 68532),
    RoleFacts("production leader", "production leaders", 44563, 21.42, None, 107578),
    RoleFacts("process leader", "process leaders", 88400, 42.50, 11, 71467),
)


def facts_from_profiles(profiles: Iterable[Any]) -> list[RoleFacts]:
    """:class:`RoleFacts` of :class:`benchmarks.pagegen.RoleProfile` objects."""
    return [RoleFacts(p.name, p.plural, p.yearly_salary, p.hourly_rate, p.growth_rate, p.number_of_jobs)
            for p in profiles]


# -- figures as the pages (and the answers) write them ----------------------------------

def _money(v: float) -> str:
    return f"${v:,.0f}"


def _hourly(v: float) -> str:
    return f"${v:,.2f}"


def _count(v: float) -> str:
    return f"{v:,.0f}"


def _percent(v: float) -> str:
    return f"{v:g}%"


ATTRIBUTES: dict[str, tuple[str, Any]] = {  # attribute -> (RoleFacts field, formatter)
    "yearly_salary": ("yearly_salary", _money),
    "hourly_rate": ("hourly_rate", _hourly),
    "number_of_jobs": ("number_of_jobs", _count),
    "growth_rate": ("growth_rate", _percent),
}

FACT_QUESTIONS: dict[str, tuple[str, ...]] = {
    "yearly_salary": ("how much does {a} {name} make?", "what is the salary of {a} {name}?", "{name} salary",
                      "what do {plural} earn?"),
    "hourly_rate": ("what's the hourly rate of {a} {name}?", "how much do {plural} make an hour?"),
    "number_of_jobs": ("how many jobs are there for {plural}?", "number of jobs for {plural}"),
    "growth_rate": ("what is the growth rate of {plural}?",),
}
COMPARE_QUESTIONS: dict[str, tuple[tuple[str, bool], ...]] = {  # (question, higher?)
    "yearly_salary": (("which pays more, {a} or {b}?", True), ("{a} vs {b}: who earns more?", True),
                      ("which pays less, {a} or {b}?", False)),
    "hourly_rate": (("who earns more per hour, {a} or {b}?", True),),
    "number_of_jobs": (("which has more job openings: {a} or {b}?", True),
                       ("which has fewer job openings: {a} or {b}?", False)),
    "growth_rate": (("which has higher growth, {a} or {b}?", True),),
}

# Titles no generated page uses (checked against the role words), some with "an".
UNKNOWN_TITLES = (
    "astronaut", "zookeeper", "lighthouse keeper", "sommelier", "blacksmith", "beekeeper", "puppeteer",
    "taxidermist", "glassblower", "stuntman", "oceanographer", "airline pilot", "ice sculptor", "undertaker",
    "astrologer", "acrobat",
)
UNKNOWN_QUESTIONS = (
    "how much does {a} {name} make?", "what does {a} {name} earn?", "{name} salary",
    "what is the hourly rate of {a} {name}?", "compare {a} {name} and {a2} {known}",
)
NEAR_MISS_MODIFIERS = ("senior", "junior", "lead", "chief", "regional", "principal", "assistant", "deputy")
NEAR_MISS_QUESTIONS = ("how much does {a} {name} make?", "what does {a} {name} earn?", "{name} salary")


def article(phrase: str) -> str:
    return "an" if phrase[:1] in "aeiou" else "a"


# -- checks -----------------------------------------------------------------------------

def _fact_turn(role: RoleFacts, attribute: str, question: str) -> dict[str, Any]:
    field, fmt = ATTRIBUTES[attribute]
    value = getattr(role, field)
    if value is None:
        return {"q": question, "checks": {"status": "no_data", "roles": [role.name], "absent": ["$"]}}
    return {"q": question, "checks": {"status": "answered", "roles": [role.name], "contains": [fmt(value)]}}


def _compare_checks(a: RoleFacts, b: RoleFacts, attribute: str, higher: bool) -> dict[str, Any]:
    field, fmt = ATTRIBUTES[attribute]
    va, vb = getattr(a, field), getattr(b, field)
    if va is None or vb is None:
        return {"status": "no_data", "role_set": sorted({a.name, b.name}), "winner": None}
    if va == vb:
        return {"status": "answered", "role_set": sorted({a.name, b.name}), "winner": None,
                "contains": ["same"]}
    winner = (a if va > vb else b) if higher else (a if va < vb else b)
    return {"status": "answered", "role_set": sorted({a.name, b.name}), "winner": winner.name,
            "contains": [fmt(va), fmt(vb)]}


def _equal(label: str, got: Any, want: Any) -> list[str]:
    return [] if got == want else [f"{label} {got!r}, expected {want!r}"]


def _check_status(answer: Any, want: Any) -> list[str]:
    return _equal("status", answer.status, want) if want else []


def _check_roles(answer: Any, want: Any) -> list[str]:
    return [] if list(answer.roles) == want else [f"roles {answer.roles}, expected {want}"]


def _check_role_set(answer: Any, want: Any) -> list[str]:
    return [] if sorted(set(answer.roles)) == want else [f"roles {answer.roles}, expected {want}"]


def _check_contains(answer: Any, want: Any) -> list[str]:
    return [f"text lacks {needle!r}" for needle in want if needle not in answer.text]


def _check_absent(answer: Any, want: Any) -> list[str]:
    return [f"text has {needle!r}" for needle in want if needle in answer.text]


def _check_suggest(answer: Any, want: Any) -> list[str]:
    return [] if want in answer.suggestions else [f"suggestions {answer.suggestions} lack {want!r}"]


def _check_max_chars(answer: Any, want: Any) -> list[str]:
    n = len(answer.text)
    return [f"{n:,} characters: a list dumped, not summarised"] if n > want else []


# each check key with the function that tests an answer against the key's value, in report order
_CHECKS: tuple[tuple[str, Callable[[Any, Any], list[str]]], ...] = (
    ("status", _check_status),
    ("roles", _check_roles),
    ("role_set", _check_role_set),
    ("contains", _check_contains),
    ("absent", _check_absent),
    ("winner", lambda answer, want: _equal("winner", answer.data.get("winner"), want)),
    ("winner_in", lambda answer, want: _check_leaders(answer, want)),
    ("count", lambda answer, want: _equal("count", answer.data.get("count"), want)),
    ("total", lambda answer, want: _equal("total", answer.data.get("total"), want)),
    ("intent", lambda answer, want: _equal("intent", answer.intent, want)),
    ("suggest", _check_suggest),
    ("max_chars", _check_max_chars),
)


def check(answer: Any, checks: dict[str, Any]) -> list[str]:
    """What is wrong with ``answer`` (an :class:`chatbot.Answer`) against ``checks``."""
    return [problem for key, test in _CHECKS if key in checks for problem in test(answer, checks[key])]


def _check_leaders(answer: Any, tied: list[str]) -> list[str]:
    """A superlative's winner: the one role with the extreme value, or (a tie) a list of
    the tied roles, every one of them or some and a count of the rest ("and 24 more")."""
    got = answer.data.get("winner")
    if len(tied) == 1:
        return [] if got == tied[0] else [f"winner {got!r}, expected {tied[0]!r}"]
    if not isinstance(got, list):
        return [f"winner {got!r}, expected the {len(tied)} roles tied at the top "
                f"({', '.join(tied[:3])}, ...)"]
    problems = []
    strangers = [r for r in got if r not in tied]
    if strangers:
        problems.append(f"winners {strangers[:3]} are not tied at the top")
    counted = any(f"{len(tied) - k:,} more" in answer.text for k in range(1, len(got) + 1))
    if len(got) < len(tied) and not counted:
        problems.append(f"{len(tied)} roles tie at the top; the answer names {len(got)} "
                        "and no count of the rest")
    return problems


# -- the mix ----------------------------------------------------------------------------

class _Maker:
    def __init__(self, roles: Sequence[RoleFacts], page_words: Iterable[str], seed: int) -> None:
        self.roles = list(roles)
        self.rng = Random(seed)
        self.names = {r.name for r in self.roles}
        self.role_words = {w for r in self.roles for w in r.name.split()}
        self.page_words = set(page_words) | self.role_words
        self.typo_roles = [r for r in self.roles if any(len(w) >= 7 for w in r.name.split())]

    def role(self) -> RoleFacts:
        return self.rng.choice(self.roles)

    def two(self) -> tuple[RoleFacts, RoleFacts]:
        a, b = self.rng.sample(self.roles, 2)
        return a, b

    def fill(self, template: str, role: RoleFacts) -> str:
        return template.format(a=article(role.name), name=role.name, plural=role.plural)

    # kinds ------------------------------------------------------------------------------
    def fact(self) -> Script:
        role = self.role()
        attribute = self.rng.choice(list(FACT_QUESTIONS))
        question = self.fill(self.rng.choice(FACT_QUESTIONS[attribute]), role)
        return {"kind": "fact", "turns": [_fact_turn(role, attribute, question)]}

    def compare(self) -> Script:
        a, b = self.two()
        attribute = self.rng.choice(list(COMPARE_QUESTIONS))
        template, higher = self.rng.choice(COMPARE_QUESTIONS[attribute])
        question = template.format(a=a.name, b=b.name)
        checks = _compare_checks(a, b, attribute, higher)
        return {"kind": "compare", "turns": [{"q": question, "checks": checks}]}

    def follow_up(self) -> Script:
        a, b = self.two()
        c = self.rng.choice([r for r in self.roles if r not in (a, b)] or [a])
        turns = [
            {"q": f"which pays more, {a.name} or {b.name}?",
             "checks": _compare_checks(a, b, "yearly_salary", True)},
            {"q": "and per hour?", "checks": _compare_checks(a, b, "hourly_rate", True)},
            _fact_turn(c, "yearly_salary", f"how much does {article(c.name)} {c.name} make?"),
            _fact_turn(c, "hourly_rate", "and per hour?"),
            _fact_turn(a, "hourly_rate", f"and {a.plural}?"),
            {"q": "which of them has more jobs?", "checks": _compare_checks(c, a, "number_of_jobs", True)},
        ]
        if c is a:  # a KB of two roles: no third one
            turns = turns[:2]
        return {"kind": "follow_up", "turns": turns}

    def typo(self) -> Script | None:
        from rapidfuzz import fuzz

        if not self.typo_roles:
            return None
        for _ in range(50):
            role = self.rng.choice(self.typo_roles)
            words = role.name.split()
            k = self.rng.choice([i for i, w in enumerate(words) if len(w) >= 7])
            word = words[k]
            i = self.rng.randrange(1, len(word) - 1)  # typos rarely touch the first letter
            if self.rng.random() < 0.5:
                typo = word[:i] + word[i + 1:]
            else:
                typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if typo == word or typo in self.page_words or fuzz.ratio(typo, word) < 85:
                continue  # a real word is never read as a typo; too far is not a typo
            # skip typos as close to another role word that would make another known role
            rivals = [w for w in self.role_words if w != word and fuzz.ratio(typo, w) >= 80]
            if any(" ".join(words[:k] + [w] + words[k + 1:]) in self.names for w in rivals):
                continue
            misspelt = " ".join(words[:k] + [typo] + words[k + 1:])
            attribute = self.rng.choice(["yearly_salary", "hourly_rate"])
            template = FACT_QUESTIONS[attribute][0]
            question = template.format(a=article(misspelt), name=misspelt, plural=misspelt + "s")
            return {"kind": "typo", "turns": [_fact_turn(role, attribute, question)]}
        return None

    def unknown(self) -> Script:
        titles = [t for t in UNKNOWN_TITLES if not set(t.split()) & self.role_words]
        name = self.rng.choice(titles)
        known = self.role()
        template = self.rng.choice(UNKNOWN_QUESTIONS)
        question = template.format(a=article(name), name=name, a2=article(known.name), known=known.name)
        checks = {"status": "unknown_role", "absent": ["$"]}
        return {"kind": "unknown", "turns": [{"q": question, "checks": checks}]}

    def near_miss(self) -> Script | None:
        for _ in range(50):
            role = self.role()
            first = role.name.split()[0]
            if first in NEAR_MISS_MODIFIERS:
                continue
            modifier = self.rng.choice(NEAR_MISS_MODIFIERS)
            name = f"{modifier} {role.name}"
            if name in self.names:
                continue
            stranger = RoleFacts(name, name + "s", None, None, None, None)
            question = self.fill(self.rng.choice(NEAR_MISS_QUESTIONS), stranger)
            return {"kind": "near_miss", "turns": [{"q": question, "checks": {
                "status": "unknown_role", "suggest": role.name, "absent": ["$"]}}]}
        return None

    def all_roles(self) -> Script:
        kind = self.rng.choice(ALL_ROLES_KINDS)
        if kind in ("most", "least", "jobs", "hourly", "growth_low"):
            question, field, highest = {
                "most": ("which job pays the most?", "yearly_salary", True),
                "least": ("which role pays the least?", "yearly_salary", False),
                "jobs": ("which career has the most jobs?", "number_of_jobs", True),
                "hourly": ("what job has the highest hourly rate?", "hourly_rate", True),
                "growth_low": ("which role has the lowest growth rate?", "growth_rate", False),
            }[kind]
            values = [(getattr(r, field), r.name) for r in self.roles if getattr(r, field) is not None]
            best = (max if highest else min)(v for v, _ in values)
            tied = sorted(n for v, n in values if v == best)
            fmt = ATTRIBUTES[field][1]
            return {"kind": "all_roles", "turns": [{"q": question, "checks": {
                "status": "answered", "intent": "superlative", "winner_in": tied, "contains": [fmt(best)],
                "max_chars": MAX_SUMMARY_CHARS}}]}
        field = "number_of_jobs" if kind == "jobs_above" else "yearly_salary"
        values = sorted(getattr(r, field) for r in self.roles if getattr(r, field) is not None)
        # a threshold near a random quantile, in whole thousands like people say it
        q = values[min(len(values) - 1, int(len(values) * self.rng.uniform(0.05, 0.95)))]
        threshold = max(1000, int(round(q, -3)))
        if field == "yearly_salary":
            above = ["which roles pay more than ${t:,}?", "which jobs pay over {k}k?",
                     "roles paying above ${t:,}"]
            question = {"above": self.rng.choice(above),
                        "below": "which roles pay less than ${t:,}?"}[kind]
            question = question.format(t=threshold, k=threshold // 1000)
        else:
            question = f"which roles have more than {threshold:,} jobs?"
        above = kind != "below"
        count = sum(1 for v in values if (v > threshold if above else v < threshold))
        return {"kind": "all_roles", "turns": [{"q": question, "checks": {
            "status": "answered", "intent": "threshold", "count": count, "total": len(values),
            "max_chars": MAX_SUMMARY_CHARS}}]}


def make_mix(roles: Sequence[RoleFacts], page_words: Iterable[str] = (), *, seed: int = 0,
             shares: dict[str, int] | None = None) -> list[Script]:
    """The question mix for a KB of ``roles`` (about 300 turns by default), in a stable,
    shuffled order.  ``page_words``: words the pages use (a typo must not be one)."""
    maker = _Maker(roles, page_words, seed)
    scripts: list[Script] = []
    for kind, n in (shares or DEFAULT_SHARES).items():
        for _ in range(n):
            script = getattr(maker, kind)()
            if script is not None:
                scripts.append(script)
    maker.rng.shuffle(scripts)
    return scripts


def count_turns(scripts: Sequence[Script]) -> int:
    return sum(len(s["turns"]) for s in scripts)
