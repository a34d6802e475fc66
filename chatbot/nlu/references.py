"""Which roles a question is about: its own role mentions (and the unknown titles among
its words), and what the conversation settles — "the cdl one" when the context narrows a
partial name to one role, "compare that with X", "which earns more" after two questions,
"all three" / "each of them" / "X, Y and Z" as a group."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from chatbot.nlu.modifiers import ALL
from chatbot.nlu.request import UnknownRole
from chatbot.nlu.roles import PartialMention, RoleEntry, RoleIndex, RoleMention, UnknownMention
from chatbot.nlu.tagger import Tags

__all__ = ["NAMED", "SPANNED", "Mention", "context_pair", "group_roles", "joined_with_context", "mentions_of",
           "narrowed", "unknown_outcome"]

Mention = RoleMention | PartialMention | UnknownMention | RoleEntry
NAMED = (RoleMention, RoleEntry)  # mentions that name one known role (a tuple: isinstance in hot loops)
SPANNED = (UnknownMention, RoleMention, PartialMention)  # mentions typed in the question (with a span)

INTRODUCERS = frozenset("a an the as become becoming for of to vs versus and or between compare is are "
                        "about being "
                        "do does did many".split())
SHORT_QUESTION_WORDS = 3
ROLE_INTRODUCERS = frozenset("a an compare vs versus between".split())
COMPARE_WORDS = ("compare", "vs", "versus", "between")
JOIN_WORDS = ("compare", "compared", "vs", "versus", "than", "against", "with")
ROLE_NOUNS = frozenset("job role career position occupation".split())
DEFINITE = frozenset({"the", "that", "this"})
ONE_WORDS = frozenset({"one", "ones"})
COMPARATIVE_WORDS = ("which", "who", "whichever")
MIN_GROUP = 3


def _counts(tags: Tags, mention: UnknownMention) -> bool:
    """A one-word unknown title counts as a role mention only where a role would stand:
    typed as a plural ("pharmacists"), after a word that introduces a role, or before a
    word for a job ("producer jobs")."""
    if mention.multiword or tags.words <= SHORT_QUESTION_WORDS:
        return True
    token = tags.tokens[mention.start]
    if token.text != token.norm and not (tags.roles.full or tags.roles.partial):
        return True
    after = tags.tokens[mention.end].norm if mention.end < len(tags.tokens) else ""
    start = mention.start
    while start > 0 and start - 1 in tags.content_at:
        start -= 1  # "data scientist": content words before the title are part of it
    before = tags.tokens[start - 1].text if start else ""
    return before in INTRODUCERS or (not before and start < mention.start) or after in ROLE_NOUNS


def _unknown_words(tags: Tags) -> tuple[list[UnknownMention], set[int]]:
    """Words no vocabulary knows, standing where a role stands ("how much does a zookeeper
    make?", "compare a sommelier and ..."), and known roles such a word turns into another
    title ("temporary delivery driver").  Returns the unknowns and the role mentions they
    replace (by start position)."""
    out: list[UnknownMention] = []
    replaced: set[int] = set()
    if not tags.unrecognized_at:
        return out, replaced  # every word is known: no unknown title
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


def _with_words_before(tags: Tags, mention: UnknownMention) -> UnknownMention:
    """An unknown title with the unrecognised words typed just before it ("data scientist")."""
    start = mention.start
    while start > 0 and start - 1 in tags.content_at:
        start -= 1
    if start == mention.start:
        return mention
    text = tags.text[tags.tokens[start].start:tags.tokens[mention.end - 1].end]
    return UnknownMention(start, mention.end, text, mention.suggestions, True)


def mentions_of(index: RoleIndex, tags: Tags) -> list[Mention]:
    """The role mentions of a question in the order typed: roles, partial names, unknown titles
    (a new list each call; worked out once per question)."""
    if tags.mention_cache is None:
        tags.mention_cache = _mentions_of(tags)
    return list(tags.mention_cache)


def _mentions_of(tags: Tags) -> list[Mention]:
    unknown_words, replaced = _unknown_words(tags)
    found: list[tuple[int, Mention]] = [(m.start, m) for m in tags.roles.full if m.start not in replaced]
    found += [(u.start, u) for u in unknown_words]
    partials = [p for p in tags.roles.partial if p.strong or not tags.roles.full]
    found += [(p.start, p) for p in partials]
    found += [(u.start, _with_words_before(tags, u)) for u in tags.roles.unknown if _counts(tags, u)]
    found.sort(key=lambda x: x[0])
    lo, hi = tags.where_span
    found = [(k, m) for k, m in found if isinstance(m, NAMED) or not (lo <= m.start < hi)]
    out: list[Mention] = []
    seen: set[int] = set()
    taken: set[int] = set()
    for _, m in found:
        if isinstance(m, RoleMention):
            if m.role.id in seen:
                continue
            seen.add(m.role.id)
        if isinstance(m, UnknownMention) and any(k in taken for k in range(m.start, m.end)):
            continue
        if not isinstance(m, RoleEntry):
            taken.update(range(m.start, m.end))
        out.append(m)
    return out


def narrowed(tags: Tags, context: Sequence[RoleEntry], mention: Mention) -> Mention:
    """A partial name the conversation settles: "the coordinator one" when one candidate is
    in the conversation (or is the only one), "senior ones" after "software engineer"."""
    if not isinstance(mention, PartialMention):
        return mention
    before = tags.tokens[mention.start - 1].text if mention.start else ""
    after = tags.tokens[mention.end].text if mention.end < len(tags.tokens) else ""
    if before not in DEFINITE and after not in ONE_WORDS:
        return mention
    in_context = [c for c in mention.candidates if c in context]
    if len(in_context) == 1:
        return in_context[0]
    if len(mention.candidates) == 1:
        return mention.candidates[0]
    wider = [c for c in mention.candidates if any(set(r.tokens) < set(c.tokens) for r in context)]
    return wider[0] if len(wider) == 1 else mention


def joined_with_context(tags: Tags, context: Sequence[RoleEntry],
                        mentions: list[Mention]) -> list[Mention] | None:
    """ "compare that with a secretary", "how does it compare to X": the role in context and
    the one named, as a pair."""
    if len(mentions) != 1 or len(context) != 1 or not isinstance(mentions[0], NAMED):
        return None
    named = mentions[0].role if isinstance(mentions[0], RoleMention) else mentions[0]
    if named == context[0] or not any(tags.has((w,)) for w in JOIN_WORDS):
        return None
    marked = any(tags.has((w,)) for w in ("compare", "compared", *DEFINITE))
    if not (tags.pronoun or tags.follow_up or marked):
        return None
    return [context[0], mentions[0]]


def group_roles(tags: Tags, group: Sequence[RoleEntry], mentions: list[Mention],
                kb_roles: int) -> list[RoleEntry] | None:
    """The roles of a group question: three or more named ("X, Y and Z"), the last N of
    the conversation ("all three", "which of the three"), or every role ([]) for "each
    role" / "all three" over a KB of three.  None when the question is about no group."""
    named = [m.role if isinstance(m, RoleMention) else m for m in mentions
             if isinstance(m, NAMED)]
    if len(named) >= MIN_GROUP and len(named) == len(mentions):
        return named
    size = tags.mods.group
    if size is None or mentions:
        return None
    if size == ALL:
        return list(group) if tags.pronoun and len(group) >= 2 else []
    if len(group) >= size:
        return list(group[-size:])
    return [] if size == kb_roles else None


def other_group(tags: Tags, current: Sequence[RoleEntry], group: Sequence[RoleEntry],
                every: Collection[RoleEntry], mentions: list[Mention],
                numbers: Mapping[str, int]) -> list[RoleEntry] | None:
    """ "the other two roles": the roles of the last group, or of the KB, the conversation is
    not about now, when there are as many as asked.  None when the question is no such group."""
    if not tags.mods.other or mentions:
        return None
    after = [tags.tokens[k + 1].text for k, t in enumerate(tags.tokens[:-1]) if t.text == "other"]
    sizes = [int(w) if w.isdigit() else numbers.get(w, 0) for w in after]
    size = next((n for n in sizes if n >= 2), 0)
    if not size:
        return None
    pool = [r for r in group if r not in current]
    if len(pool) == size:
        return pool
    if len(every) - size > len(current):  # more roles than asked for, whichever the conversation holds
        return None
    pool = [r for r in every if r not in current]
    return pool if len(pool) == size else None


def context_pair(tags: Tags, roles: Sequence[RoleEntry], recent: Sequence[RoleEntry],
                 has_mentions: bool) -> tuple[RoleEntry, ...]:
    """The roles a question without its own can lend from the conversation: the last two
    asked about for "which of them" or "which earns more", else the last ones."""
    if has_mentions or len(recent) <= len(roles):
        return tuple(roles)
    comparative = tags.direction is not None and any(tags.has((w,)) for w in COMPARATIVE_WORDS)
    return tuple(recent) if tags.plural_pronoun or comparative else tuple(roles)


def unknown_outcome(mention: UnknownMention) -> UnknownRole:
    """The outcome for a title the KB does not hold."""
    return UnknownRole(mention.text, tuple(mention.suggestions))
