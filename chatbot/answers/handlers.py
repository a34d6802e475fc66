"""Stage 5: answer an understood request from the KB.

One generic function per ``handler`` named in the intent files.  A handler reads values
through :class:`KBReader`, decides the outcome (answered, no data...), and fills the
intent's template for that outcome.  Domain wording lives in ``intents/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chatbot.answers import format as fmt
from chatbot.answers.queries import FactRow, KBReader
from chatbot.answers.templates import render
from chatbot.answers.outputs import SourceRef, Status
from chatbot.nlu.intents import IntentSpec
from chatbot.nlu.role_store import RoleDirectory
from chatbot.nlu.roles import RoleEntry
from chatbot.nlu.numbers import Figure, unit_problem
from chatbot.nlu.request import Request
from chatbot.nlu.vocabulary import AttributeSpec, Vocabulary

PERCENT_MORE_FORMATS = frozenset({"money", "hourly", "count"})
MAX_LIST_ITEMS = fmt.MAX_LISTED
MAX_RESPONSIBILITIES = 6
MAX_SKILLS = 6
RUNNERS_UP = 2
LIST_ATTRIBUTES = ("skills", "responsibilities")


@dataclass
class Reply:
    """A worded answer: its status, text, data and the sources of its figures.  ``about``
    holds the roles it named when the question named none (a winner), for follow-ups."""

    status: Status
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    sources: list[SourceRef] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    about: list[RoleEntry] = field(default_factory=list)


@dataclass
class Env:
    """What handlers may use."""

    kb: KBReader
    vocabulary: Vocabulary
    roles_by_id: RoleDirectory
    examples: Sequence[str]
    intents: dict[str, IntentSpec]
    trace: list[str]


@dataclass
class Value:
    """One role's value of one attribute, ready to show."""

    state: str                      # "value" | "missing" (page says "-") | "absent" (no page says)
    num: float | None = None
    display: str = ""
    sources: list[SourceRef] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.state == "value"


def _sources(row: FactRow, role: RoleEntry, attribute: str) -> list[SourceRef]:
    return [SourceRef(p, ln, role.name, attribute) for p, ln in row.sources]


def _source(page: str | None, line: int | None, role: RoleEntry, attribute: str) -> list[SourceRef]:
    """A source when the row has both a page and a line (a row without a line names none)."""
    return [SourceRef(page, line, role.name, attribute)] if page and line is not None else []


def _list_value(env: Env, role: RoleEntry, attr: AttributeSpec) -> Value:
    """Skills (with their shares) or example responsibilities of a role."""
    if attr.name == "skills":
        skills = env.kb.skills(role.id, env.trace)[:MAX_SKILLS]
        if not skills:
            return Value("absent")
        items = [f"{s.name} ({fmt.figure('share', s.share)})" if s.share is not None else s.name
                 for s in skills]
        srcs = [src for s in skills for src in _source(s.page, s.line, role, "skills")]
        return Value("value", None, fmt.listing(items), srcs)
    rows = env.kb.responsibilities(role.id, env.trace)[:MAX_RESPONSIBILITIES]
    if not rows:
        return Value("absent")
    srcs = [src for _, page, line in rows for src in _source(page, line, role, "responsibilities")]
    return Value("value", None, " ".join(_sentence(t) for t, _, _ in rows), srcs)


def _range_value(env: Env, role: RoleEntry, attr: AttributeSpec) -> Value:
    """A range from its two stored ends ("$59,000 to $132,000")."""
    low = env.kb.fact(role.id, f"{attr.name}_low", "", env.trace)
    high = env.kb.fact(role.id, f"{attr.name}_high", "", env.trace)
    if low is None or high is None:
        return Value("absent")
    if low.missing or high.missing:
        return Value("missing", sources=_sources(low, role, attr.name))
    return Value("value", None, f"{fmt.figure('money', low.num)} to {fmt.figure('money', high.num)}",
                 _sources(low, role, attr.name) + _sources(high, role, attr.name))


def _groups_value(env: Env, role: RoleEntry, attr: AttributeSpec) -> Value:
    """Every group of a ratio ("Female 58.8%, Male 41.2%")."""
    facts = env.kb.facts(role.id, attr.name, env.trace)
    if not facts:
        return Value("absent")
    shown = [r for r in facts if not r.missing]
    if not shown:
        return Value("missing", sources=_sources(facts[0], role, attr.name))
    srcs = [s for r in shown for s in _sources(r, role, attr.name)]
    return Value("value", None, ", ".join(f"{r.qualifier} {fmt.figure('share', r.num)}" for r in shown), srcs)


def attributes_read(attr: AttributeSpec) -> list[str]:
    """The facts :func:`value_of` may read for ``attr`` (none for a list: other tables)."""
    if attr.name in LIST_ATTRIBUTES:
        return []
    if attr.format == "range":
        return [f"{attr.name}_low", f"{attr.name}_high"]
    return [attr.name, *([attr.companion] if attr.companion else [])]


def facts_read(req: Request, vocabulary: Vocabulary) -> list[str]:
    """The fact attributes answering ``req`` reads of each of its roles, when more than one
    (read together: :class:`~chatbot.answers.prefetch.QuestionReader`); [] for one."""
    if req.intent.handler in ("profile", "summary"):
        names = [*req.intent.attributes, *(["description"] if req.intent.handler == "profile" else [])]
        asked = [a for a in map(vocabulary.get, names) if a is not None]
    else:
        asked = req.asked()
        if req.where is not None:
            of = vocabulary.get(req.where[0])
            asked = [*asked, *([of] if of is not None else [])]
    wanted = [name for attr in asked for name in attributes_read(attr)]
    if req.where is not None:
        wanted.append(req.where[0])
    wanted = list(dict.fromkeys(wanted))
    return wanted if len(wanted) > 1 else []


def value_of(env: Env, role: RoleEntry, attr: AttributeSpec, qualifier: str | None = None) -> Value:
    """Read ``attr`` of ``role`` in the form answers show it."""
    kb, trace = env.kb, env.trace
    if attr.name in LIST_ATTRIBUTES:
        return _list_value(env, role, attr)
    if attr.format == "range":
        return _range_value(env, role, attr)
    if attr.format == "groups" and not qualifier:
        return _groups_value(env, role, attr)
    row = kb.fact(role.id, attr.name, qualifier or "", trace)
    if row is None:
        if qualifier and kb.facts(role.id, attr.name, trace):
            return Value("missing")
        return Value("absent")
    if row.missing:
        return Value("missing", sources=_sources(row, role, attr.name))
    display = fmt.figure(attr.format, row.num, row.text)
    srcs = _sources(row, role, attr.name)
    if attr.companion:
        share = kb.fact(role.id, attr.companion, "", trace)
        if share is not None and not share.missing:
            display = f"{display} ({fmt.figure('share', share.num)})"
            srcs += _sources(share, role, attr.companion)
    return Value("value", row.num, display, srcs)


def value_where(env: Env, role: RoleEntry, attr: AttributeSpec, req: Request) -> Value:
    """``attr`` of ``role`` when the role has the value the request names (``req.where``:
    "the share with a bachelor's" is the degree share of roles whose most common degree it
    is); else absent."""
    if req.where is not None and not has_value(env, role, req.where):
        return Value("absent")
    return value_of(env, role, attr, req.qualifier)


def has_value(env: Env, role: RoleEntry, where: tuple[str, str]) -> bool:
    """Whether the role's ``where[0]`` is ``where[1]`` (compared without case)."""
    row = env.kb.fact(role.id, where[0], "", env.trace)
    return row is not None and (row.text or "").casefold() == where[1].casefold()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _names(role: RoleEntry) -> dict[str, str]:
    return {"plural": role.plural, "singular": role.name,
            "display": role.display or fmt.capitalize(role.name)}


def _no_data(req: Request, role: RoleEntry, value: Value) -> Reply:
    attr = req.attribute
    assert attr is not None
    label = f"{attr.label} ({req.qualifier})" if req.qualifier else attr.label
    text = render(req.intent.templates.get("no_data", "The pages list no {label} for {plural}."),
                  {"label": label, **_names(role)})
    return Reply("no_data", text, {"values": {role.name: None}}, value.sources)


# -- handlers ------------------------------------------------------------------------
def fact(env: Env, req: Request) -> Reply:
    role, attr = req.roles[0], req.attribute
    assert attr is not None
    if req.where is not None:
        return _fact_where(env, req, role, attr, req.where)
    value = value_of(env, role, attr, req.qualifier)
    if not value.known:
        return _no_data(req, role, value)
    if req.qualifier and attr.format == "groups":
        group = attr.qualifier_labels.get(req.qualifier, req.qualifier)
        text = render(req.intent.templates["groups_one"],
                      {"value": value.display, "group": group, **_names(role)})
    else:
        text = render(attr.fact, {"value": value.display, "label": attr.label, **_names(role)})
    data = {"values": {role.name: value.num if value.num is not None else value.display},
            "display": value.display}
    return Reply("answered", text, data, value.sources)


def _fact_where(env: Env, req: Request, role: RoleEntry, attr: AttributeSpec,
                where: tuple[str, str]) -> Reply:
    """ "do production leaders need a bachelor's?": the role's own value and, when it is the
    one asked, the share holding it."""
    of = env.vocabulary.get(where[0])
    assert of is not None
    actual = value_of(env, role, of)
    if not actual.known:
        return _no_data(Request(req.intent, [role], of), role, actual)
    names = {**_names(role), "label": of.label, "asked": where[1], "actual": actual.display}
    t = req.intent.templates
    if not has_value(env, role, where):
        return Reply("answered", render(t["where_not"], names), {"values": {role.name: actual.display}},
                     actual.sources)
    return Reply("answered", render(t["where_yes"], names), {"values": {role.name: actual.display}},
                 actual.sources)


def compare(env: Env, req: Request) -> Reply:
    a, b = req.roles[0], req.roles[1]
    attr = req.attribute
    assert attr is not None
    if attr.name == "skills":
        return _compare_skills(env, req, a, b)
    va, vb = value_where(env, a, attr, req), value_where(env, b, attr, req)
    label = f"{attr.label} ({req.qualifier})" if req.qualifier else attr.label
    names = {"plural_a": a.plural, "plural_b": b.plural, "label": label, "Label": fmt.capitalize(label)}
    data: dict[str, Any] = {"values": {a.name: va.num if va.num is not None else (va.display or None),
                                       b.name: vb.num if vb.num is not None else (vb.display or None)}}
    sources = va.sources + vb.sources
    t = req.intent.templates
    if not va.known and not vb.known:
        return Reply("no_data", render(t["both_missing"], names), data, sources)
    if not va.known or not vb.known:
        present, missing, value = (a, b, va) if va.known else (b, a, vb)
        suffix = attr.suffix if value.num is not None else ""
        text = render(t["one_missing"], {**names, "missing": missing.plural, "present": present.plural,
                                         "value": value.display, "suffix": suffix})
        data["missing"] = missing.name
        return Reply("no_data", text, data, sources)
    if va.num is None or vb.num is None:
        key = "same_text" if va.display.casefold() == vb.display.casefold() else "texts"
        return Reply("answered", render(t[key], {**names, "value_a": va.display, "value_b": vb.display}),
                     data, sources)
    if va.num == vb.num:
        return Reply("answered", render(t["equal"], {**names, "value_a": va.display, "suffix": attr.suffix}),
                     data, sources)
    higher = req.direction != "lower"
    a_wins = (va.num > vb.num) == higher
    (winner, vw), (loser, vl) = ((a, va), (b, vb)) if a_wins else ((b, vb), (a, va))
    diff = abs(va.num - vb.num)
    pct = fmt.percent_more(diff, abs(vl.num or 0)) if attr.format in PERCENT_MORE_FORMATS else None
    word = "more" if higher else "less"
    percent_part = f", {pct} {word}" if pct else ""
    verb = (attr.higher if higher else attr.lower) or f"have a {'higher' if higher else 'lower'} {label}"
    text = render(t["answered"], {
        **names, "winner": winner.plural, "loser": fmt.named_after_for(loser.name, loser.plural),
        "verb": verb, "winner_value": vw.display,
        "loser_value": vl.display, "suffix": attr.suffix, "difference": fmt.difference(attr.format, diff),
        "percent_part": percent_part})
    data.update({"winner": winner.name, "difference": round(diff, 4),
                 "percent": float(pct[:-1]) if pct else None, "direction": "higher" if higher else "lower"})
    return Reply("answered", text, data, sources)


def _compare_skills(env: Env, req: Request, a: RoleEntry, b: RoleEntry) -> Reply:
    sa, sb = env.kb.skills(a.id, env.trace), env.kb.skills(b.id, env.trace)
    if not sa or not sb:
        missing = [r for r, s in ((a, sa), (b, sb)) if not s]
        text = f"The pages list no skills for {' or '.join(r.plural for r in missing)}."
        return Reply("no_data", text, {"missing": [r.name for r in missing]})
    names_a = {s.name.casefold(): s.name for s in sa}
    names_b = {s.name.casefold(): s.name for s in sb}
    shared = [names_a[k] for k in names_a if k in names_b]
    only_a = [names_a[k] for k in names_a if k not in names_b]
    only_b = [names_b[k] for k in names_b if k not in names_a]
    text = render(req.intent.templates["skills"], {
        "plural_a": a.plural, "plural_b": b.plural, "shared": fmt.listing(shared) or "none",
        "only_a": fmt.listing(only_a) or "none", "only_b": fmt.listing(only_b) or "none"})
    sources = [src for r, skills in ((a, sa), (b, sb)) for s in skills
               for src in _source(s.page, s.line, r, "skills")]
    return Reply("answered", text, {"shared": shared, "only": {a.name: only_a, b.name: only_b}}, sources)


def _pairs(env: Env, req: Request,
           roles: Sequence[RoleEntry]) -> tuple[list[str], list[SourceRef], dict[str, Any]]:
    parts, sources, data = [], [], {}
    for name in req.intent.attributes:
        attr = env.vocabulary.get(name)
        if attr is None:
            continue
        values = [value_of(env, r, attr) for r in roles]
        if not any(v.known for v in values):
            continue
        shown = [(v.display + (attr.suffix if v.num is not None and attr.suffix else "")) if v.known
                 else "no data"
                 for v in values]
        parts.append(f"{attr.label} {' vs '.join(shown)}")
        sources += [s for v in values for s in v.sources]
        data[name] = {r.name: (v.num if v.num is not None else v.display) if v.known else None
                      for r, v in zip(roles, values, strict=True)}
    return parts, sources, data


def profile(env: Env, req: Request) -> Reply:
    role = req.roles[0]
    parts, sources, data = _pairs(env, req, [role])
    desc_attr = env.vocabulary.get("description")
    first = ""
    if desc_attr:
        desc = value_of(env, role, desc_attr)
        if desc.known:
            first = " " + desc.display.split(". ")[0].rstrip(".") + "."
            sources += desc.sources
    if not parts and not first:
        return Reply("no_data", f"The pages hold no figures for {role.plural}.", {})
    summary = "; ".join(parts) + ("." if parts else "") + first
    text = render(req.intent.templates["answered"], {**_names(role), "summary": summary.strip()})
    return Reply("answered", text, {"values": data}, sources)


def summary(env: Env, req: Request) -> Reply:
    a, b = req.roles[0], req.roles[1]
    lead = ""
    salary = env.vocabulary.get(req.intent.attributes[0]) if req.intent.attributes else None
    sources: list[SourceRef] = []
    if salary is not None:
        compare_spec = env.intents["compare"]
        lead_reply = compare(env, Request(compare_spec, [a, b], salary, direction="higher"))
        lead, sources = lead_reply.text, list(lead_reply.sources)
    rest = req.intent.replace(attributes=req.intent.attributes[1:])
    parts, more_sources, data = _pairs(env, Request(rest, [a, b]), [a, b])
    text = render(req.intent.templates["answered"], {"lead": lead, "plural_a": a.plural, "plural_b": b.plural,
                                                     "pairs": "; ".join(parts) or "no other figures"})
    return Reply("answered", text, {"values": data}, sources + more_sources)


def skill_share(env: Env, req: Request) -> Reply:
    skill = req.skill or ""
    replies = []
    for role in req.roles:
        rows = env.kb.skills(role.id, env.trace)
        row = next((s for s in rows if s.name.casefold() == skill.casefold()), None)
        names = {"skill": row.name if row else skill, **_names(role)}
        t = req.intent.templates
        if row is None:
            replies.append(Reply("no_data", render(t["not_listed"], names), {"values": {role.name: None}}))
        elif row.share is None:
            replies.append(Reply("no_data", render(t["top_only"], names), {"values": {role.name: None}},
                                 _source(row.page, row.line, role, "skills")))
        else:
            share = fmt.figure("share", row.share)
            replies.append(Reply("answered", render(t["answered"], {**names, "value": share}),
                                 {"values": {role.name: row.share}},
                                 _source(row.page, row.line, role, "skills")))
    status: Status = "answered" if any(r.status == "answered" for r in replies) else "no_data"
    values = {k: v for r in replies for k, v in r.data["values"].items()}
    data: dict[str, Any] = {"skill": skill, "values": values}
    return Reply(status, " ".join(r.text for r in replies), data, [s for r in replies for s in r.sources])


def _row_sources(env: Env, rows: Sequence[tuple[int, float, int]], attribute: str) -> list[SourceRef]:
    """The sources of ranked rows (role id, value, fact id), read in one statement."""
    found = env.kb.sources_of([r[2] for r in rows], env.trace)
    return [SourceRef(p, ln, env.roles_by_id[r[0]].name, attribute)
            for r in rows for p, ln in found.get(r[2], ())]


def superlative(env: Env, req: Request) -> Reply:
    attr = req.attribute
    assert attr is not None
    highest = req.direction != "lower"
    qualifier = req.qualifier or ""
    rows, total = env.kb.ranked(attr.name, qualifier, highest, MAX_LIST_ITEMS + 1, env.trace)
    label = f"{attr.label} ({qualifier})" if qualifier else attr.label
    if not rows:
        return Reply("no_data", render(req.intent.templates["no_data"], {"label": label}), {})
    top = rows[0][1]
    leaders = [r for r in rows if r[1] == top]
    all_tied = len(leaders) == len(rows)
    tied = env.kb.count_equal(attr.name, qualifier, top, env.trace) if all_tied else len(leaders)
    others = [r for r in rows if r[1] != top][:RUNNERS_UP]
    leader_roles = [env.roles_by_id[r[0]] for r in leaders]
    fmt_name = "share" if attr.format == "groups" else attr.format
    if tied == total > 1:
        text = render(req.intent.templates["all_equal"], {
            "total": f"{total:,}", "label": label, "a_label": fmt.with_article(label),
            "value": fmt.figure(fmt_name, top), "suffix": attr.suffix})
        return Reply("answered", text, {"ranking": [], "winner": None, "total": total})
    runner_up = ""
    if others:
        runner_up = "; next: " + ", ".join(
            f"{env.roles_by_id[r[0]].plural} ({fmt.figure(fmt_name, r[1])})" for r in others)
    names = [r.plural for r in leader_roles[:MAX_LIST_ITEMS]]
    if tied > len(names):
        names.append(f"{tied - len(names):,} more roles")
    text = render(req.intent.templates["answered"], {
        "roles": fmt.listing(names, limit=len(names)),
        "have": "has" if tied == 1 and not names[0].endswith("s") else "have",
        "extreme": "highest" if highest else "lowest", "label": label, "value": fmt.figure(fmt_name, top),
        "suffix": attr.suffix, "total": fmt.counted(total, "role"), "runner_up": runner_up})
    sources = _row_sources(env, leaders + others, attr.name)
    data = {"ranking": [{"role": env.roles_by_id[r[0]].name, "value": r[1]} for r in leaders + others],
            "winner": leader_roles[0].name if len(leader_roles) == 1 else [r.name for r in leader_roles],
            "direction": "higher" if highest else "lower", "total": total, "tied": tied}
    return Reply("answered", text, data, sources, about=leader_roles[:MAX_LIST_ITEMS])


def threshold(env: Env, req: Request) -> Reply:
    attr, figure = req.attribute, req.figure
    assert attr is not None and figure is not None
    if unit_problem(figure, attr.format):  # never answer with a threshold other than the one typed
        return _unclear_number(req, figure)
    if figure.upper is not None:
        return _in_range(env, req, figure)
    op_key = req.threshold or "above"
    op = op_key.replace("_", " ")
    fmt_name = "share" if attr.format == "groups" else attr.format
    number = fmt.figure(fmt_name, figure.value)
    label = f"{attr.label} ({req.qualifier})" if req.qualifier else attr.label
    t = req.intent.templates
    if req.roles:
        role = req.roles[0]
        value = value_of(env, role, attr, req.qualifier)
        if not value.known or value.num is None:
            return _no_data(req, role, value)
        ok = {"above": value.num > figure.value, "at_least": value.num >= figure.value,
              "below": value.num < figure.value, "at_most": value.num <= figure.value}[op_key]
        text = render(t["yes" if ok else "no"], {"label": label, "value": value.display,
                                                  "suffix": attr.suffix, "op": op, "number": number,
                                                  **_names(role)})
        return Reply("answered", text, {"values": {role.name: value.num}, "threshold": figure.value,
                                        "op": op, "result": ok}, value.sources)
    rows, count, total = env.kb.beyond(attr.name, req.qualifier or "", op_key, figure.value,
                                       MAX_LIST_ITEMS + fmt.SHORT_REST, env.trace)
    rows = rows[:fmt.listed_count(count)]
    names = [f"{env.roles_by_id[r[0]].name} ({fmt.figure(fmt_name, r[1])})" for r in rows]
    if count > len(rows):
        names.append(f"{count - len(rows):,} more")
    values = {"label": label, "a_label": fmt.with_article(label), "op": op, "number": number,
              "total": fmt.counted(total, "role"), "count": f"{count:,}",
              "have": "has" if count == 1 else "have",
              "roles": fmt.listing(names, limit=len(names))}
    text = render(t["listed" if count else "none"], values)
    sources = _row_sources(env, rows, attr.name)
    return Reply("answered", text, {"roles": [env.roles_by_id[r[0]].name for r in rows], "count": count,
                                    "total": total, "threshold": figure.value, "op": op}, sources)


# -- numbers that do not fit, and ranges (chatbot.nlu.numbers) ----------------------------
UNCLEAR_NUMBER = ("I am not sure what number \u201c{number}\u201d means for {label}; please type it "
                  "as a plain figure{hint}, for example {example}.")
NUMBER_HINTS = {"money": (" in dollars", "$60,000"), "hourly": (" in dollars", "$25"),
                "percent": (" as a percentage", "5%"), "share": (" as a percentage", "40%")}
RANGE_SCAN_LIMIT = 1_000_000  # a range reads every role up to its high bound, then keeps the ones in it


def _unclear_number(req: Request, figure: Figure) -> Reply:
    attr = req.attribute
    assert attr is not None
    hint, example = NUMBER_HINTS.get(attr.format, ("", "70,000"))
    text = UNCLEAR_NUMBER.format(number=figure.unclear or figure.text, label=attr.label, hint=hint,
                                 example=example)
    return Reply("clarify", text, {"number": figure.unclear or figure.text})


def _in_range(env: Env, req: Request, figure: Figure) -> Reply:
    """Roles whose value lies between the two bounds typed, both included."""
    attr = req.attribute
    assert attr is not None and figure.upper is not None
    fmt_name = "share" if attr.format == "groups" else attr.format
    low, high = figure.value, figure.upper
    label = f"{attr.label} ({req.qualifier})" if req.qualifier else attr.label
    rows, _, total = env.kb.beyond(attr.name, req.qualifier or "", "at_most", high, RANGE_SCAN_LIMIT,
                                   env.trace)
    inside = [r for r in rows if r[1] >= low]
    shown = inside[:MAX_LIST_ITEMS]
    names = [f"{env.roles_by_id[r[0]].name} ({fmt.figure(fmt_name, r[1])})" for r in shown]
    if len(inside) > len(shown):
        names.append(f"{len(inside) - len(shown):,} more")
    bounds = f"between {fmt.figure(fmt_name, low)} and {fmt.figure(fmt_name, high)}"
    if inside:
        text = f"{len(inside):,} of {fmt.counted(total, 'role')} have {fmt.with_article(label)} {bounds}: " \
               f"{fmt.listing(names, limit=len(names))}."
    else:
        text = f"None of the {fmt.counted(total, 'role')} with {fmt.with_article(label)} has one {bounds}."
    sources = _row_sources(env, shown, attr.name)
    data = {"roles": [env.roles_by_id[r[0]].name for r in inside], "count": len(inside),
            "total": total, "low": low, "high": high, "op": "between"}
    return Reply("answered", text, data, sources)


def list_roles(env: Env, req: Request) -> Reply:
    names = list(env.roles_by_id.sorted_names())
    text = render(req.intent.templates["answered"], {"count": f"{len(names):,}", "roles": fmt.listing(names)})
    return Reply("answered", text, {"roles": names[:MAX_LIST_ITEMS], "count": len(names)})


def static(env: Env, req: Request) -> Reply:
    examples = "; ".join(f'"{e}"' for e in env.examples[:3])
    return Reply("answered", render(req.intent.templates["answered"], {"examples": examples}), {})


HANDLERS: dict[str, Callable[[Env, Request], Reply]] = {
    "fact": fact, "compare": compare, "summary": summary, "profile": profile, "skill_share": skill_share,
    "superlative": superlative, "threshold": threshold, "list_roles": list_roles, "static": static,
}
