"""Rankings: roles ordered by one attribute, highest or lowest first — over every role of
the KB or over a group ("all three", "X, Y and Z", "which of the three"); a place in the
order ("the second highest", "3rd lowest"), the first few ("top 3"), or the whole order
("rank them by growth"), long lists summarised ("... and 47 more").  Also several
attributes asked at once (:func:`answer`: each answered in the order asked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from chatbot.answers import format as fmt
from chatbot.answers.handlers import HANDLERS, Env, Reply, attributes_read, has_value, value_of
from chatbot.answers.templates import render
from chatbot.answers.outputs import SourceRef, Status
from chatbot.nlu.request import Request
from chatbot.nlu.roles import RoleEntry
from chatbot.nlu.vocabulary import AttributeSpec

__all__ = ["answer", "ranking"]

RANK_LIMIT = 100_000          # rows read for a ranking over every role
ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
FACT_INTENT = "fact"
MULTI_HANDLERS = ("fact", "compare", "superlative", "ranking", "threshold")


@dataclass
class Entry:
    """One role's place in a ranking."""

    role: RoleEntry
    num: float
    display: str
    sources: list[SourceRef] = field(default_factory=list)
    fact_id: int | None = None


def ordinal(n: int) -> str:
    """"1st", "2nd", "3rd", "11th", "22nd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINAL_SUFFIXES.get(n % 10, "th")
    return f"{n}{suffix}"


def _label(attr: AttributeSpec, qualifier: str | None) -> str:
    return f"{attr.label} ({qualifier})" if qualifier else attr.label


def _entries(env: Env, req: Request, attr: AttributeSpec,
             highest: bool) -> tuple[list[Entry], list[RoleEntry], int]:
    """The ranked entries, the roles of the group without a value, and how many have one."""
    fmt_name = "share" if attr.format == "groups" else attr.format
    if req.roles or req.where is not None:
        entries, missing = [], []
        if req.where is not None and not req.roles:  # every role's filter value: one statement
            env.kb.read_for_every_role([req.where[0], *attributes_read(attr)], env.trace)
        for role in req.roles or sorted(env.roles_by_id.values(), key=lambda r: r.name):
            if req.where is not None and not has_value(env, role, req.where):
                continue
            value = value_of(env, role, attr, req.qualifier)
            if value.known and value.num is not None:
                entries.append(Entry(role, value.num, value.display, value.sources))
            else:
                missing.append(role)
        entries.sort(key=lambda e: -e.num if highest else e.num)
        return entries, missing, len(entries)
    rows, total = env.kb.ranked(attr.name, req.qualifier or "", highest, RANK_LIMIT, env.trace)
    entries = [Entry(env.roles_by_id[r[0]], r[1], fmt.figure(fmt_name, r[1]), fact_id=r[2]) for r in rows]
    return entries, [], total


def _sourced(env: Env, attr: AttributeSpec, entries: list[Entry]) -> list[SourceRef]:
    """The entries' sources; those of ranked rows read in one statement."""
    unread = [e.fact_id for e in entries if e.fact_id is not None and not e.sources]
    found = env.kb.sources_of(unread, env.trace) if unread else {}
    out: list[SourceRef] = []
    for e in entries:
        if e.fact_id is not None and not e.sources:
            e.sources = [SourceRef(p, ln, e.role.name, attr.name) for p, ln in found.get(e.fact_id, ())]
        out += e.sources
    return out


def _of(env: Env, req: Request, total: int) -> str:
    """Which roles a ranking is over: "these 3", "all 56 roles", "the 13 roles whose most
    common degree is a High School Diploma"."""
    if req.where is not None:
        of = env.vocabulary.get(req.where[0])
        label = of.label if of else req.where[0]
        return f"the {fmt.counted(total, 'role')} whose {label} is {fmt.with_article(req.where[1])}"
    if req.roles:
        return f"these {len(req.roles)}"
    if total < len(env.roles_by_id):  # "all 2 roles" of a KB of 3 would hide the role without one
        return f"the {fmt.counted(total, 'role')} whose pages give one"
    return f"all {fmt.counted(total, 'role')}"


def _item(e: Entry, suffix: str) -> str:
    return f"{e.role.plural} ({e.display}{suffix})"


def ranking(env: Env, req: Request) -> Reply:
    """Roles ordered by the attribute asked: a place, the first few, or all of them."""
    attr = req.attribute
    assert attr is not None
    highest = req.direction != "lower"
    label = _label(attr, req.qualifier)
    group = req.roles or (sorted(env.roles_by_id.values(), key=lambda r: r.name)
                          if len(env.roles_by_id) <= fmt.MAX_LISTED and req.where is None else [])
    unordered = not attr.numeric or (attr.format == "groups" and not req.qualifier)
    if group and unordered and req.position is None and not req.count:
        return _each(env, replace(req, roles=group), attr)  # "the salary ranges of all three": no order
    entries, missing, total = _entries(env, req, attr, highest)
    t = req.intent.templates
    if not entries:
        return Reply("no_data", render(t["no_data"], {"label": label}), {})
    extreme = "highest" if highest else "lowest"
    data: dict[str, Any] = {"direction": "higher" if highest else "lower", "total": total,
                            "attribute": attr.name}
    if req.position is not None:
        return _at_position(env, req, attr, entries, data)
    shown = entries[:req.count] if req.count else entries
    listed = shown[:fmt.listed_count(len(shown))]
    sources = _sourced(env, attr, listed)
    items = [_item(e, attr.suffix) for e in listed[1:]]
    more = len(shown) - len(listed)
    if more:
        items.append(f"{more:,} more")
    first = listed[0]
    values = {"winner": first.role.plural, "extreme": extreme, "label": label, "value": first.display,
              "suffix": attr.suffix, "rest": fmt.listing(items, limit=len(items)),
              "of": _of(env, req, total),
              "count": f"{len(shown):,}", "missing": fmt.listing([r.plural for r in missing])}
    key = "first" if len(shown) == 1 else "ranked"
    text = render(t[key], values) + (render(t["missing"], values) if missing else "")
    data.update({"ranking": [{"role": e.role.name, "value": e.num} for e in shown],
                 "winner": first.role.name, "missing": [r.name for r in missing]})
    return Reply("answered", text, data, sources, about=[e.role for e in listed])


def _each(env: Env, req: Request, attr: AttributeSpec) -> Reply:
    """Each role's value of an attribute that has no order (a range, a text, a list)."""
    one = replace(req, intent=env.intents[FACT_INTENT], attribute=attr, attributes=[attr])
    replies = [HANDLERS[FACT_INTENT](env, replace(one, roles=[role])) for role in req.roles]
    status: Status = "answered" if any(r.status == "answered" for r in replies) else replies[0].status
    values = {k: v for r in replies for k, v in r.data.get("values", {}).items()}
    return Reply(status, " ".join(r.text for r in replies), {"values": values, "attribute": attr.name},
                 [s for r in replies for s in r.sources], about=list(req.roles))


def _at_position(env: Env, req: Request, attr: AttributeSpec, entries: list[Entry],
                 data: dict[str, Any]) -> Reply:
    position = req.position or 0
    label = _label(attr, req.qualifier)
    t = req.intent.templates
    highest = req.direction != "lower"
    values = {"label": label, "extreme": "highest" if highest else "lowest", "place": ordinal(position + 1),
              "total": fmt.counted(len(entries), "role"), "suffix": attr.suffix}
    if position >= len(entries):
        return Reply("no_data", render(t["too_few"], values), data)
    chosen = entries[position]
    before = entries[max(0, position - 2):position]
    sources = _sourced(env, attr, [chosen, *before])
    values.update({"role": chosen.role.plural, "value": chosen.display,
                   "before": fmt.listing([_item(e, attr.suffix) for e in before])})
    text = render(t["position"], values)
    if before:
        text += f" Ahead of them: {values['before']}."
    data.update({"position": position + 1, "winner": chosen.role.name,
                 "ranking": [{"role": e.role.name, "value": e.num} for e in [*before, chosen]]})
    return Reply("answered", text, data, sources, about=[chosen.role])


def answer(env: Env, req: Request) -> Reply:
    """The reply to a request: its handler's, once per attribute when several are asked."""
    handler: Callable[[Env, Request], Reply] = ranking if req.intent.handler == "ranking" \
        else HANDLERS[req.intent.handler]
    asked = req.asked()
    if len(asked) < 2 or req.intent.handler not in MULTI_HANDLERS:
        return handler(env, req)
    replies = [handler(env, replace(req, attribute=a, attributes=[a])) for a in asked]
    status: Status = "answered" if any(r.status == "answered" for r in replies) else replies[0].status
    data = {"parts": [{"attribute": a.name, "status": r.status, **r.data}
                      for a, r in zip(asked, replies, strict=True)]}
    about = next((r.about for r in replies if r.about), [])
    return Reply(status, " ".join(r.text for r in replies), data, [s for r in replies for s in r.sources],
                 about=about)
