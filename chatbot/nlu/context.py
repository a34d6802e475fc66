"""Stage 4: fill the picked intent's slots from the question, or from the conversation
when the question refers back ("they", "the first one", "and per hour?"), and ask when
a role mention fits several roles.  A question that names its own roles replaces the
context; a role the KB does not hold is reported, never swapped for a known one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chatbot.answers.format import listing
from chatbot.answers.handlers import Reply, Request
from chatbot.answers.uncovered import not_covered_reply
from chatbot.models import RoleScore, Trace
from chatbot.nlu.roles import PartialMention, RoleEntry, RoleMention, UnknownMention
from chatbot.nlu.tagger import Tags
from chatbot.nlu.vocabulary import AttributeSpec

if TYPE_CHECKING:
    from chatbot.engine import Engine

MAX_REPLY_WORDS = 5          # a longer reply to a clarifying question is a new question
MAX_CANDIDATES_NAMED = 5
BOTH = frozenset({"both", "both of them", "both please", "each", "each of them", "all", "all of them"})
YES = frozenset({"yes", "yeah", "yep", "y", "sure", "right", "correct", "ok", "okay", "that one", "exactly"})
INTRODUCERS = frozenset("a an the as become becoming for of to vs versus and or between compare is are about being".split())
SHORT_QUESTION_WORDS = 3
ROLE_INTRODUCERS = frozenset("a an compare vs versus between".split())
COMPARE_WORDS = ("compare", "vs", "versus", "between")
NO_FIGURE_HANDLERS = ("static", "list_roles")
LOCATION_ATTRIBUTES = ("highest_paying_city", "highest_paying_state", "description", "responsibilities", "skills")


@dataclass
class Pending:
    """A question waiting for the user to say which role they meant."""

    question: str
    slot: int
    candidates: tuple[RoleEntry, ...]
    overrides: dict[int, RoleEntry] = field(default_factory=dict)
    mention: str = ""          # the words that fitted several roles ("leader")


@dataclass
class DialogueState:
    """What one conversation remembers between questions."""

    roles: tuple[RoleEntry, ...] = ()
    recent: tuple[RoleEntry, ...] = ()   # the last two roles asked about, for "which of them"
    attribute: AttributeSpec | None = None
    qualifier: str | None = None
    direction: str | None = None
    intent: str | None = None
    pending: Pending | None = None

    def keep_roles(self, roles: list[RoleEntry]) -> None:
        """A question answered without a figure still sets the roles it is about."""
        if roles:
            self.roles = tuple(roles)
            self.recent = tuple(roles)

    def remember(self, request: Request) -> None:
        if request.intent.handler in ("static", "list_roles"):
            return
        if request.roles:
            if len(request.roles) == 1 and len(self.roles) == 1 and self.roles[0] != request.roles[0]:
                self.recent = (self.roles[0], request.roles[0])
            else:
                self.recent = tuple(request.roles)
            self.roles = tuple(request.roles)
        if request.attribute is not None:
            self.attribute = request.attribute
            self.qualifier = request.qualifier
        self.direction = request.direction
        self.intent = request.intent.name


@dataclass
class Understanding:
    request: Request | None = None
    reply: Reply | None = None
    intent_name: str | None = None
    roles: list[RoleEntry] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)


Mention = RoleMention | PartialMention | UnknownMention | RoleEntry


def _counts(tags: Tags, mention: UnknownMention) -> bool:
    """A one-word unknown title counts as a role mention only where a role would stand."""
    if mention.multiword or tags.words <= SHORT_QUESTION_WORDS:
        return True
    before = [t.text for t in tags.tokens if t.end <= tags.tokens[mention.start].start]
    return bool(before) and before[-1] in INTRODUCERS


def _unknown_words(tags: Tags) -> tuple[list[UnknownMention], set[int]]:
    """Words no vocabulary knows, standing where a role stands ("how much does a zookeeper
    make?", "compare a sommelier and ..."), and known roles such a word turns into another
    title ("temporary delivery driver").  Returns the unknowns and the role mentions they
    replace (by start position)."""
    out: list[UnknownMention] = []
    replaced: set[int] = set()
    starts = {m.start: m for m in tags.roles.full}
    has_roles = bool(tags.roles.full or tags.roles.partial)
    role_question = tags.attribute is not None or any(tags.has((w,)) for w in COMPARE_WORDS)
    for k in tags.unrecognized_at:
        word = tags.tokens[k]
        if word.text not in tags.leftover:
            continue  # a function word ("meant", "sorry") is never part of a title
        joined_role = starts.get(k + 1)
        if joined_role is not None and not tags.text[word.end:tags.tokens[k + 1].start].strip(" -"):
            replaced.add(joined_role.start)
            text = tags.text[word.start:tags.tokens[joined_role.end - 1].end]
            out.append(UnknownMention(k, joined_role.end, text, (joined_role.role.name,), True))
            continue
        before = tags.tokens[k - 1].text if k else ""
        if not role_question:
            continue
        if (before in ROLE_INTRODUCERS or tags.words <= SHORT_QUESTION_WORDS
                or (not has_roles and before in INTRODUCERS)):
            out.append(UnknownMention(k, k + 1, word.text, (), False))
    return out, replaced


def _mentions(tags: Tags) -> list[Mention]:
    unknown_words, replaced = _unknown_words(tags)
    found: list[tuple[int, Mention]] = [(m.start, m) for m in tags.roles.full if m.start not in replaced]
    found += [(u.start, u) for u in unknown_words]
    partials = [p for p in tags.roles.partial if p.strong or not tags.roles.full]
    found += [(p.start, p) for p in partials]
    found += [(u.start, u) for u in tags.roles.unknown if _counts(tags, u)]
    found.sort(key=lambda x: x[0])
    out: list[Mention] = []
    seen: set[int] = set()
    for _, m in found:
        if isinstance(m, RoleMention):
            if m.role.id in seen:
                continue
            seen.add(m.role.id)
        out.append(m)
    return out


def _trace_roles(trace: Trace, tags: Tags) -> None:
    for m in tags.roles.full:
        trace.role_matches.append(RoleScore(text=m.text, role=m.role.name, score=round(m.score, 1), kind=m.kind))
    for p in tags.roles.partial:
        trace.role_matches.append(RoleScore(text=p.text, role=None, score=0.0, kind="partial"))
    for u in tags.roles.unknown:
        trace.role_matches.append(RoleScore(text=u.text, role=None, score=0.0, kind="unknown"))


def _resolve_pending(engine: Engine, state: DialogueState, question: str) -> Understanding | None:
    pending = state.pending
    state.pending = None
    if pending is None:
        return None
    tags = engine.tagger.tag(question)
    if tags.words > MAX_REPLY_WORDS or tags.attribute is not None:
        return None
    reply = tags.text.strip(" .!?")
    if reply in BOTH and 1 < len(pending.candidates) <= 2 and pending.mention:
        return _ask_for_all(engine, state, pending)
    choice: RoleEntry | None = None
    if tags.ordinal is not None and tags.ordinal < len(pending.candidates):
        choice = pending.candidates[tags.ordinal]
    elif len(pending.candidates) == 1 and tags.text.strip(" .!?") in YES:
        choice = pending.candidates[0]
    else:
        choice = engine.role_index.resolve_reply(tags.tokens, tags.text, pending.candidates)
    if choice is None:
        return None
    overrides = {**pending.overrides, pending.slot: choice}
    return _understand(engine, state, pending.question, Trace(), overrides)


def _ask_for_all(engine: Engine, state: DialogueState, pending: Pending) -> Understanding:
    """ "both" as a reply: the pending question asked of every candidate."""
    names = " and ".join(c.name for c in pending.candidates)
    at = pending.question.lower().find(pending.mention.lower())
    if at < 0:
        return Understanding()
    question = pending.question[:at] + names + pending.question[at + len(pending.mention):]
    return _understand(engine, state, question, Trace(), dict(pending.overrides))


def understand(engine: Engine, state: DialogueState, question: str, trace: Trace) -> Understanding:
    """Work out what ``question`` asks, given the conversation ``state``."""
    if state.pending is not None:
        resolved = _resolve_pending(engine, state, question)
        if resolved is not None:
            trace.used_context.append("clarification")
            return resolved
    return _understand(engine, state, question, trace, {})


def _understand(engine: Engine, state: DialogueState, question: str, trace: Trace,
                overrides: dict[int, RoleEntry]) -> Understanding:
    tags = engine.tagger.tag(question)
    _trace_roles(trace, tags)
    mentions: list[Mention] = list(_mentions(tags))
    for slot, role in overrides.items():
        if slot < len(mentions):
            mentions[slot] = role
    if not mentions and tags.ordinal is not None and tags.ordinal < len(state.roles):
        mentions = [state.roles[tags.ordinal]]
        trace.used_context.append("roles (ordinal)")
    refers_back = tags.pronoun or tags.ordinal is not None or tags.follow_up
    context_roles = state.recent if tags.plural_pronoun and len(state.recent) > len(state.roles) else state.roles
    ranking = engine.scorer.rank(tags, len(mentions), len(context_roles), state.attribute is not None, refers_back)
    trace.intent_scores = {s.intent.name: round(s.score, 2) for s in ranking}
    unknown = [m for m in mentions if isinstance(m, UnknownMention)]
    if not ranking:
        if unknown:
            return _unknown_role(unknown[0])
        return Understanding()
    best = ranking[0]
    if best.roles_from_context and not refers_back and tags.leftover and not tags.not_covered:
        return _unknown_role(UnknownMention(0, 0, " ".join(tags.leftover), (), False), best.intent.name)
    if not best.roles_from_context:
        if unknown:
            return _unknown_role(unknown[0], best.intent.name)
        for slot, m in enumerate(mentions):
            if isinstance(m, PartialMention):
                return _clarify(state, question, slot, m, overrides, best.intent.name)
    if best.roles_from_context:
        roles = list(context_roles)
        trace.used_context.append("roles")
    else:
        roles = [m.role if isinstance(m, RoleMention) else m for m in mentions if isinstance(m, RoleMention | RoleEntry)]
    attribute = tags.attribute
    qualifier = tags.qualifier
    if attribute is None and best.attribute_from_context:
        attribute, qualifier = state.attribute, state.qualifier
        trace.used_context.append("attribute")
    if tags.location and attribute is not None and attribute.name not in LOCATION_ATTRIBUTES:
        text = (f"The pages give no {attribute.label} by state or city, only national figures and the "
                f"highest paying city and state; ask without \u201c{tags.location}\u201d for the national figure.")
        return Understanding(reply=Reply("no_data", text, {"location": tags.location}), intent_name=best.intent.name,
                             roles=roles, slots={"location": tags.location})
    if best.intent.handler not in NO_FIGURE_HANDLERS and (tags.not_covered or _leftover(tags, mentions)):
        words = tags.not_covered or _leftover(tags, mentions)
        return Understanding(reply=not_covered_reply(words, [r.plural for r in roles]),
                             intent_name=best.intent.name, roles=roles, slots={"not_covered": words})
    direction = tags.direction or (state.direction if refers_back else None) or "higher"
    request = Request(best.intent, roles, attribute, qualifier, tags.skill, tags.figure, direction, tags.threshold)
    slots = {"roles": [r.name for r in roles], "attribute": attribute.name if attribute else None,
             "qualifier": qualifier, "skill": tags.skill, "direction": direction, "threshold": tags.threshold,
             "figure": tags.figure.value if tags.figure else None}
    return Understanding(request=request, intent_name=best.intent.name, roles=roles, slots=slots)


def _leftover(tags: Tags, mentions: list[Mention]) -> list[str]:
    """Leftover words that no role mention took: they may change what is asked."""
    taken = {k for m in mentions if isinstance(m, UnknownMention | RoleMention | PartialMention)
             for k in range(m.start, m.end)}
    return [tags.tokens[k].text for k in tags.unrecognized_at
            if k not in taken and tags.tokens[k].text in tags.leftover]


def _unknown_role(mention: UnknownMention, intent: str | None = None) -> Understanding:
    suggestions = list(mention.suggestions)
    text = f"I don't know the role \u201c{mention.text}\u201d."
    if suggestions:
        text += f" The closest roles I know: {listing(suggestions)}."
    reply = Reply("unknown_role", text, {"unknown_role": mention.text}, [], suggestions)
    return Understanding(reply=reply, intent_name=intent, slots={"unknown_role": mention.text})


def _clarify(state: DialogueState, question: str, slot: int, mention: PartialMention,
             overrides: dict[int, RoleEntry], intent: str) -> Understanding:
    candidates = mention.candidates
    state.pending = Pending(question, slot, candidates, dict(overrides), mention.text)
    names = [c.name for c in candidates]
    if len(names) == 1:
        text = f"Do you mean {names[0]}?"
    else:
        shown = names[:MAX_CANDIDATES_NAMED]
        more = len(names) - len(shown)
        options = listing(shown, limit=len(shown), conjunction="or") if not more else \
            f"{', '.join(shown)} or one of {more:,} more"
        text = f"Which role do you mean by \u201c{mention.text}\u201d: {options}?"
    reply = Reply("clarify", text, {"candidates": names, "mention": mention.text}, [], names[:MAX_CANDIDATES_NAMED])
    return Understanding(reply=reply, intent_name=intent, slots={"clarify": mention.text})
