"""Stages 2 and 3: score every intent against the tagged question, and pick one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from chatbot.nlu.intents import IntentSpec
from chatbot.nlu.tagger import Tags
from chatbot.nlu.text import norm_words

CUE_WEIGHT = 1.0
STRONG_CUE_WEIGHT = 2.0
SLOTS_FROM_QUESTION = 3.0
SLOTS_FROM_CONTEXT = 1.5
PRIORITY_WEIGHT = 0.1


class Scored(NamedTuple):
    """One eligible intent and its score (a named tuple: a question scores a dozen intents)."""

    intent: IntentSpec
    score: float
    roles_from_context: bool
    attribute_from_context: bool


class IntentScorer:
    """Pre-normalised cues of every intent."""

    patterns: dict[str, list[re.Pattern[str]]]

    def __init__(self, intents: Sequence[IntentSpec]) -> None:
        self.intents: tuple[IntentSpec, ...] = tuple(intents)
        # phrase -> [(intent, weight)], so a question's n-grams are looked up once each
        self.by_phrase: dict[tuple[str, ...], list[tuple[str, float]]] = {}
        for intent in intents:
            weights: dict[tuple[str, ...], float] = {}
            for cue in intent.cues:
                weights[norm_words(cue)] = weights.get(norm_words(cue), 0.0) + CUE_WEIGHT
            for cue in intent.strong_cues:
                weights[norm_words(cue)] = weights.get(norm_words(cue), 0.0) + STRONG_CUE_WEIGHT
            for phrase, weight in weights.items():
                if phrase:
                    self.by_phrase.setdefault(phrase, []).append((intent.name, weight))
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.by_phrase:
            self.by_first.setdefault(phrase[0], []).append(phrase)
        self.patterns = {i.name: [re.compile(p) for p in i.patterns] for i in intents}

    def cue_scores(self, tags: Tags) -> dict[str, float]:
        """Every intent's cue score for a question."""
        scores: dict[str, float] = {}
        norms, seen = tags.norms, set()
        for i, word in enumerate(norms):
            for phrase in self.by_first.get(word, ()):
                if phrase not in seen and norms[i:i + len(phrase)] == phrase:
                    seen.add(phrase)
                    for name, weight in self.by_phrase[phrase]:
                        scores[name] = scores.get(name, 0.0) + weight
        for name, patterns in self.patterns.items():
            for pattern in patterns:
                if pattern.search(tags.text):
                    scores[name] = scores.get(name, 0.0) + STRONG_CUE_WEIGHT
        return scores

    def rank(self, tags: Tags, question_roles: int, context_roles: int, context_attribute: bool,
             refers_back: bool) -> list[Scored]:
        """Eligible intents, best first.  ``question_roles`` counts the role mentions of
        the question; ``context_roles`` those the conversation can lend."""
        out: list[Scored] = []
        all_cues = self.cue_scores(tags)
        words, no_figure, no_skill = tags.words, tags.figure is None, tags.skill is None
        for intent in self.intents:
            cues = all_cues.get(intent.name, 0.0)
            # the length, number, skill and cue requirements (inline: a dozen intents a question)
            if (intent.max_words is not None and words > intent.max_words) or (intent.number and no_figure) \
                    or (intent.skill and no_skill) or (intent.requires_cue and cues == 0):
                continue
            attr_from_context = _attribute_from_context(intent, tags, context_attribute, refers_back)
            if attr_from_context is None:
                continue
            roles_from_context = _roles_from_context(intent, tags, question_roles, context_roles,
                                                     refers_back, cues)
            if roles_from_context is None:
                continue
            slots = SLOTS_FROM_CONTEXT if (roles_from_context or attr_from_context) else SLOTS_FROM_QUESTION
            out.append(Scored(intent, cues + slots + intent.priority * PRIORITY_WEIGHT,
                              roles_from_context, attr_from_context))
        out.sort(key=lambda s: -s.score)
        return out


def _attribute_from_context(intent: IntentSpec, tags: Tags, context_attribute: bool,
                            refers_back: bool) -> bool | None:
    """Whether the intent takes its attribute from the conversation; None when it does not fit."""
    attr = tags.attribute
    if intent.attribute == "none" and attr is not None:
        return None
    if intent.attribute == "none" and tags.follow_up and context_attribute and intent.roles != "none":
        return None  # "and production leaders?" asks the last question again
    from_context = False
    if intent.attribute in ("any", "numeric") and attr is None:
        if not (context_attribute and (tags.follow_up or refers_back)):
            return None
        from_context = True
    if intent.attribute == "numeric" and attr is not None and not (attr.numeric or tags.range_end):
        return None
    return from_context


def _roles_from_context(intent: IntentSpec, tags: Tags, question_roles: int, context_roles: int,
                        refers_back: bool, cues: float) -> bool | None:
    """Whether the intent takes its roles from the conversation; None when it does not fit."""
    if question_roles:
        return False if intent.accepts_roles(question_roles) else None
    if not intent.accepts_roles(0):
        if not (context_roles and intent.accepts_roles(context_roles)):
            return None
        if not (refers_back or tags.attribute is not None or cues > 0):
            return None  # nothing in the question points back at the conversation
        return True
    if refers_back and context_roles and intent.roles == "none":
        return None
    return False
