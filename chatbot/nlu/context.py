"""Stage 4: fill the picked intent's slots from the question, or from the conversation
when the question refers back ("they", "the first one", "and per hour?", "by how much",
"the other one", "all three"), and ask when a role mention fits several roles.  A
question that names its own roles replaces the context; a role the KB does not hold is
reported, never swapped for a known one.

The result is typed (:class:`Understanding`: a request or an outcome); nothing here
words a reply, and the dialogue state changes in one place, :meth:`DialogueState.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chatbot.answers.outputs import RoleMatch, TraceLog
from chatbot.nlu.references import (
    COMPARATIVE_WORDS,
    NAMED,
    SPANNED,
    Mention,
    context_pair,
    group_roles,
    joined_with_context,
    mentions_of,
    narrowed,
    other_group,
    unknown_outcome,
)
from chatbot.nlu.request import (
    Clarification,
    NoLocation,
    NotCovered,
    Outcome,
    Pending,
    Request,
    UnknownRole,
)
from chatbot.nlu.roles import PartialMention, RoleEntry, RoleMention, UnknownMention
from chatbot.nlu.tagger import Tags
from chatbot.nlu.vocabulary import AttributeSpec

if TYPE_CHECKING:
    from chatbot.engine import Engine
    from chatbot.nlu.scorer import Scored

__all__ = ["DialogueState", "Pending", "Understanding", "understand"]

MAX_REPLY_WORDS = 5          # a longer reply to a clarifying question is a new question
MAX_GROUP = 6                # the roles a conversation keeps for "all three", "which of them"
BOTH = frozenset({"both", "both of them", "both please", "each", "each of them", "all", "all of them"})
YES = frozenset({"yes", "yeah", "yep", "y", "sure", "right", "correct", "ok", "okay", "that one", "exactly"})
NO_FIGURE_HANDLERS = ("static", "list_roles")
RANKING_INTENT = "ranking"
ORDER_INTENTS = ("superlative", "ranking")
JOINED = "roles (compared with the last one)"
ORDERING_HANDLERS = ("superlative", "ranking", "threshold")  # a comparison shows a whole range
COMPARE_INTENT = "compare"
SUMMARY_INTENT = "summary"


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
    attributes: tuple[AttributeSpec, ...] = ()   # every attribute of the last question
    group: tuple[RoleEntry, ...] = ()            # the roles asked about lately, oldest first
    blocked: Request | None = None               # the last question not answered for a word in it

    def apply(self, u: Understanding, about: list[RoleEntry]) -> None:
        """The one place the state changes: after a question was understood and answered
        (``about``: roles the answer named when the question named none, e.g. a winner)."""
        self.pending = None
        outcome = u.outcome
        self.blocked = outcome.request if isinstance(outcome, NotCovered) else None
        if isinstance(outcome, Clarification):
            self.pending = outcome.pending
            if len(outcome.pending.candidates) == 2:
                self.recent = outcome.pending.candidates  # "what about the other one" after the choice
        elif isinstance(outcome, NoLocation) and outcome.request is not None:
            self._remember(outcome.request, [])
        elif outcome is not None:
            self._keep_roles(u.roles)
        elif u.request is not None:
            self._remember(u.request, about)

    def _keep_roles(self, roles: list[RoleEntry]) -> None:
        """A question answered without a figure still sets the roles it is about."""
        if roles:
            self.roles = tuple(roles)
            self.recent = tuple(roles)
            self._grow(roles)

    def _grow(self, roles: list[RoleEntry] | tuple[RoleEntry, ...]) -> None:
        kept = [r for r in self.group if r not in roles] + list(roles)
        self.group = tuple(kept[-MAX_GROUP:])

    def _remember(self, request: Request, about: list[RoleEntry]) -> None:
        if request.intent.handler in NO_FIGURE_HANDLERS:
            return
        roles = request.roles or about[:MAX_GROUP]
        if roles:
            if len(roles) == 1 and len(self.roles) == 1 and self.roles[0] != roles[0]:
                self.recent = (self.roles[0], roles[0])
            elif not (len(roles) == 1 and roles[0] in self.recent and len(self.recent) == 2):
                self.recent = tuple(roles)  # one of the last pair keeps the pair ("and the other one?")
            self.roles = tuple(roles)
            self._grow(roles)
        if request.attribute is not None:
            self.attribute = request.attribute
            self.attributes = tuple(request.asked())
            self.qualifier = request.qualifier
        self.direction = request.direction
        self.intent = request.intent.name


@dataclass
class Understanding:
    """What a question asks: a request, an outcome needing no figure, or neither (not
    understood)."""

    request: Request | None = None
    outcome: Outcome | None = None
    intent_name: str | None = None
    roles: list[RoleEntry] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)


def _trace_roles(trace: TraceLog, tags: Tags) -> None:
    for m in tags.roles.full:
        trace.role_matches.append(RoleMatch(m.text, m.role.name, round(m.score, 1), m.kind))
    for p in tags.roles.partial:
        trace.role_matches.append(RoleMatch(p.text, None, 0.0, "partial"))
    for u in tags.roles.unknown:
        trace.role_matches.append(RoleMatch(u.text, None, 0.0, "unknown"))


def _resolve_pending(engine: Engine, state: DialogueState, question: str,
                     trace: TraceLog) -> Understanding | None:
    pending = state.pending
    if pending is None:
        return None
    tags = engine.tagger.tag(question)
    if tags.words > MAX_REPLY_WORDS or tags.attribute is not None:
        return None
    reply = " ".join(t.text for t in tags.tokens if t.text not in engine.tagger.function_words) or tags.text
    if reply in BOTH and 1 < len(pending.candidates) <= 2 and pending.mention:
        return _ask_for_all(engine, state, pending, trace)
    choice: RoleEntry | None = None
    if tags.ordinal is not None and tags.ordinal < len(pending.candidates):
        choice = pending.candidates[tags.ordinal]
    elif len(pending.candidates) == 1 and reply in YES:
        choice = pending.candidates[0]
    else:
        choice = engine.role_index.resolve_reply(tags.tokens, tags.text, pending.candidates)
    if choice is None:
        return None
    overrides = {**pending.overrides, pending.slot: choice}
    return _understand(engine, state, pending.question, trace, overrides)


def _ask_for_all(engine: Engine, state: DialogueState, pending: Pending, trace: TraceLog) -> Understanding:
    """ "both" as a reply: the pending question asked of every candidate."""
    names = " and ".join(c.name for c in pending.candidates)
    at = pending.question.lower().find(pending.mention.lower())
    if at < 0:
        return Understanding()
    question = pending.question[:at] + names + pending.question[at + len(pending.mention):]
    return _understand(engine, state, question, trace, dict(pending.overrides))


def understand(engine: Engine, state: DialogueState, question: str, trace: TraceLog) -> Understanding:
    """Work out what ``question`` asks, given the conversation ``state`` (not changed here)."""
    if state.pending is not None:
        resolved = _resolve_pending(engine, state, question, trace)
        if resolved is not None:
            trace.used_context.append("clarification")
            return resolved
    return _understand(engine, state, question, trace, {})


def _mentions(engine: Engine, state: DialogueState, tags: Tags, trace: TraceLog,
              overrides: dict[int, RoleEntry]) -> list[Mention]:
    """The role mentions of a question, with what the conversation settles: the slots a
    clarification filled, "the second one", "the other one", "the cdl one", "compare
    that with X"."""
    mentions: list[Mention] = list(mentions_of(engine.role_index, tags))
    for slot, role in overrides.items():
        if slot < len(mentions):
            mentions[slot] = role
    mentions = [narrowed(tags, state.group or state.roles, m) for m in mentions]
    if not mentions and tags.ordinal is not None and tags.ordinal < len(state.roles):
        mentions = [state.roles[tags.ordinal]]
        trace.used_context.append("roles (ordinal)")
    if not mentions and tags.mods.other:
        others = [r for r in state.recent if r not in state.roles]
        if len(others) == 1:
            mentions = [others[0]]
            trace.used_context.append("roles (the other one)")
    joined = joined_with_context(tags, state.roles, mentions)
    if joined is not None:
        trace.used_context.append(JOINED)
        return joined
    return mentions


def _understand(engine: Engine, state: DialogueState, question: str, trace: TraceLog,
                overrides: dict[int, RoleEntry]) -> Understanding:
    tags = engine.tagger.tag(question)
    _trace_roles(trace, tags)
    mentions = _mentions(engine, state, tags, trace, overrides)
    settled = _settled_by_context(engine, state, tags, mentions, trace)
    if settled is not None:
        return settled
    refers_back = tags.pronoun or tags.ordinal is not None or tags.follow_up or JOINED in trace.used_context \
        or _which_of_the_last(engine, tags, mentions)
    context_roles = context_pair(tags, state.roles, state.recent, bool(mentions))
    if state.intent in ORDER_INTENTS and not tags.pronoun and tags.direction is not None:
        context_roles = ()  # "and the lowest?" after "which role pays the most?": over all roles again
    ranking = engine.scorer.rank(tags, len(mentions), len(context_roles), state.attribute is not None,
                                 refers_back)
    trace.intent_scores = {s.intent.name: round(s.score, 2) for s in ranking}
    unknown = [m for m in mentions if isinstance(m, UnknownMention)]
    best_handler = ranking[0].intent.handler if ranking else None
    over_all = best_handler is None or best_handler in NO_FIGURE_HANDLERS or not refers_back
    if tags.where is not None and not mentions and over_all and best_handler not in ORDER_INTENTS:
        return _group_request(engine, state, tags, [], trace)  # "which jobs only need an associate degree"
    if not ranking:
        return Understanding(outcome=unknown_outcome(unknown[0])) if unknown else Understanding()
    best = ranking[0]
    if best.roles_from_context:
        if not refers_back and tags.leftover and not tags.not_covered:
            return _outcome(UnknownRole(" ".join(tags.leftover)), best.intent.name, [])
        trace.used_context.append("roles")
        return _request(engine, state, tags, best, list(context_roles), trace, refers_back)
    if unknown:
        return _outcome(unknown_outcome(unknown[0]), best.intent.name, [])
    for slot, m in enumerate(mentions):
        if isinstance(m, PartialMention):
            return _clarify(question, slot, m, overrides, best.intent.name)
    roles = [m.role if isinstance(m, RoleMention) else m for m in mentions
             if isinstance(m, NAMED)]
    return _request(engine, state, tags, best, roles, trace, refers_back)


def _which_of_the_last(engine: Engine, tags: Tags, mentions: list[Mention]) -> bool:
    """ "which is higher", "which one's got more then": a comparative without roles or an
    attribute asks about the last ones (a superlative, "which pays the most", is over all)."""
    superlatives = engine.vocabulary.modifiers.superlatives
    return not mentions and tags.attribute is None and tags.direction is not None \
        and any(tags.has((w,)) for w in COMPARATIVE_WORDS) \
        and not any(t.text in superlatives for t in tags.tokens)


def _settled_by_context(engine: Engine, state: DialogueState, tags: Tags, mentions: list[Mention],
                        trace: TraceLog) -> Understanding | None:
    """Questions the conversation answers before any intent is scored: a group ("all
    three"), the gap of the last comparison ("by how much"), the last question again
    ("what about in general, not just canada?")."""
    group = other_group(tags, state.roles, state.group, engine.roles_by_id.values(), mentions,
                        engine.vocabulary.modifiers.numbers)
    if group is not None:
        trace.used_context.append("roles (the others)")
    else:
        group = group_roles(tags, state.group, mentions, len(engine.roles_by_id))
    if group is not None and len(group) == 2 and tags.mods.difference \
            and (tags.attribute is not None or state.attribute is not None):
        return _gap(engine, state, tags, list(group), trace)  # "the difference between those two"
    if group is not None and (group or tags.attribute is not None):
        return _group_request(engine, state, tags, group, trace)
    difference = _difference(engine, state, tags, mentions, trace)
    if difference is not None:
        return difference
    blocked = state.blocked
    if tags.mods.again and blocked is not None and not mentions and tags.attribute is None \
            and not (tags.leftover or tags.not_covered):
        trace.used_context.append("the last question, in general")
        return Understanding(request=blocked, intent_name=blocked.intent.name, roles=list(blocked.roles),
                             slots=_slots(blocked))
    return None


def _attributes(state: DialogueState, tags: Tags, from_context: bool,
                trace: TraceLog) -> tuple[list[AttributeSpec], str | None]:
    """The attributes asked (in order) and the qualifier, from the question or the context."""
    if tags.several:
        return list(tags.several), tags.qualifier
    if tags.attribute is not None:
        return [tags.attribute], tags.qualifier
    if from_context and state.attribute is not None:
        trace.used_context.append("attribute")
        return list(state.attributes or (state.attribute,)), state.qualifier
    return [], None


def _blocked(tags: Tags, roles: list[RoleEntry], attributes: list[AttributeSpec], request: Request | None,
             intent: str, mentions: list[Mention] | None = None) -> Understanding | None:
    """No figure for a place the pages give none for, or for words nothing accounted for."""
    first = attributes[0] if attributes else None
    if tags.location and first is not None and first.national:
        return _outcome(NoLocation(tags.location, first.label, request), intent, roles,
                        {"location": tags.location})
    words = tags.not_covered or _leftover(tags, mentions or [])
    if words:
        return _outcome(NotCovered(tuple(words), tuple(r.plural for r in roles), request), intent, roles,
                        {"not_covered": words})
    return None


def _request(engine: Engine, state: DialogueState, tags: Tags, best: Scored, roles: list[RoleEntry],
             trace: TraceLog, refers_back: bool) -> Understanding:
    intent = best.intent
    attributes, qualifier = _attributes(state, tags, best.attribute_from_context, trace)
    mods = tags.mods
    if intent.handler == "superlative" and (mods.position is not None or mods.count or mods.ranking
                                            or tags.where is not None):
        intent = engine.intents_by_name[RANKING_INTENT]
    if intent.handler == "ranking" and tags.pronoun and len(state.group) >= 2:
        roles = list(state.roles if len(state.roles) >= 2 else state.group)  # "rank them": the last answer's
        trace.used_context.append("roles (group)")
    if intent.handler in ORDERING_HANDLERS or (intent.handler == COMPARE_INTENT and tags.range_end):
        attributes = [_ordered_form(engine, tags, a) for a in attributes]
    direction = tags.direction or (state.direction if refers_back else None) or "higher"
    attribute = attributes[0] if attributes else None
    request = Request(intent, roles, attribute, qualifier, tags.skill, tags.figure, direction, tags.threshold,
                      attributes, tags.mods.position, tags.mods.count, tags.where)
    if intent.handler not in NO_FIGURE_HANDLERS:
        without_place = Request(intent, roles, attribute, qualifier, tags.skill, tags.figure, direction,
                                tags.threshold, attributes)
        blocked = _blocked(tags, roles, attributes, without_place, intent.name,
                           mentions_of(engine.role_index, tags))
        if blocked is not None:
            return blocked
    elif intent.handler == "list_roles" and tags.not_covered:  # "which job has the best benefits"
        topics = tuple(tags.not_covered)
        return _outcome(NotCovered(topics), intent.name, [], {"not_covered": list(topics)})
    return Understanding(request=request, intent_name=intent.name, roles=roles, slots=_slots(request))


def _ordered_form(engine: Engine, tags: Tags, attr: AttributeSpec) -> AttributeSpec:
    """What orders a range: the end the question names ("ceiling", "starting"), else the
    attribute the range stands for ("the highest salary": the average salary)."""
    if attr.format != "range":
        return attr
    vocabulary = engine.vocabulary
    end = vocabulary.get(tags.range_end) if tags.range_end else None
    return end or (vocabulary.get(attr.plain) if attr.plain else None) or attr


def _slots(request: Request) -> dict[str, Any]:
    return {"roles": [r.name for r in request.roles],
            "attribute": request.attribute.name if request.attribute else None,
            "attributes": [a.name for a in request.asked()], "qualifier": request.qualifier,
            "skill": request.skill, "direction": request.direction, "threshold": request.threshold,
            "figure": request.figure.value if request.figure else None,
            "position": request.position, "count": request.count, "where": request.where}


def _group_request(engine: Engine, state: DialogueState, tags: Tags, roles: list[RoleEntry],
                   trace: TraceLog) -> Understanding:
    """One answer over a group of roles ("all three", "X, Y and Z", "each role"): a ranking
    on the attributes asked, or the roles side by side when none is."""
    trace.used_context.append("roles (group)")
    attributes, qualifier = _attributes(state, tags, tags.pronoun or tags.follow_up, trace)
    name = RANKING_INTENT if attributes else SUMMARY_INTENT
    mods = tags.mods
    if tags.direction or mods.ranking or mods.position is not None or mods.count or tags.range_end:
        attributes = [_ordered_form(engine, tags, a) for a in attributes]  # else each role's range
    if not attributes and len(roles) < 2:
        return Understanding()
    intent = engine.intents_by_name[name]
    attribute = attributes[0] if attributes else None
    request = Request(intent, roles, attribute, qualifier, direction=tags.direction or "higher",
                      attributes=attributes, position=tags.mods.position, count=tags.mods.count,
                      where=tags.where)
    blocked = _blocked(tags, roles, attributes, None, name, mentions_of(engine.role_index, tags))
    if blocked is not None:
        return blocked
    return Understanding(request=request, intent_name=name, roles=roles, slots=_slots(request))


def _difference(engine: Engine, state: DialogueState, tags: Tags, mentions: list[Mention],
                trace: TraceLog) -> Understanding | None:
    """ "by how much", "what's the difference", "how many more?" after a comparison (or after
    two questions about one role each): the last comparison, with its gap."""
    if not tags.mods.difference or mentions or tags.attribute is not None or state.attribute is None:
        return None
    pair = state.roles if len(state.roles) == 2 else state.recent if len(state.recent) == 2 else ()
    if not pair:
        return None
    trace.used_context.append("roles")
    return _gap(engine, state, tags, list(pair), trace)


def _gap(engine: Engine, state: DialogueState, tags: Tags, pair: list[RoleEntry],
         trace: TraceLog) -> Understanding:
    """The comparison of two roles, with its gap, on the attributes asked or the last ones."""
    attributes, qualifier = _attributes(state, tags, True, trace)
    request = Request(engine.intents_by_name[COMPARE_INTENT], pair, attributes[0], qualifier,
                      direction=state.direction or "higher", attributes=attributes)
    return Understanding(request=request, intent_name=COMPARE_INTENT, roles=pair, slots=_slots(request))


def _leftover(tags: Tags, mentions: list[Mention]) -> list[str]:
    """Leftover words that no role mention took: they may change what is asked."""
    taken = {k for m in mentions if isinstance(m, SPANNED)
             for k in range(m.start, m.end)}
    return [tags.tokens[k].text for k in tags.unrecognized_at
            if k not in taken and tags.tokens[k].text in tags.leftover]


def _outcome(outcome: Outcome, intent: str | None, roles: list[RoleEntry],
             slots: dict[str, Any] | None = None) -> Understanding:
    if slots is None:
        slots = {"unknown_role": outcome.text} if isinstance(outcome, UnknownRole) else {}
    return Understanding(outcome=outcome, intent_name=intent, roles=roles, slots=slots)


def _clarify(question: str, slot: int, mention: PartialMention, overrides: dict[int, RoleEntry],
             intent: str) -> Understanding:
    pending = Pending(question, slot, mention.candidates, dict(overrides), mention.text)
    return _outcome(Clarification(pending), intent, [], {"clarify": mention.text})
