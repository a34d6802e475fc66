"""What the understanding stage hands the answer stage: a :class:`Request` with every slot
resolved, or a typed outcome that needs no figure (an unknown role, a clarifying question,
a topic the pages never hold, a place they give no figures for).  Nothing here words a
reply; :mod:`chatbot.answers.outcomes` does."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatbot.nlu.intents import IntentSpec
from chatbot.nlu.numbers import Figure
from chatbot.nlu.roles import RoleEntry
from chatbot.nlu.vocabulary import AttributeSpec

__all__ = ["Clarification", "NoLocation", "NotCovered", "Outcome", "Pending", "Request", "UnknownRole"]


@dataclass
class Request:
    """What the question asks, with every slot resolved.  ``attribute`` is the first of
    ``attributes`` (every attribute asked, in the order asked); ``position`` and ``count``
    pick a place or the first few of a ranking; ranking requests without roles rank all."""

    intent: IntentSpec
    roles: list[RoleEntry] = field(default_factory=list)
    attribute: AttributeSpec | None = None
    qualifier: str | None = None
    skill: str | None = None
    figure: Figure | None = None
    direction: str = "higher"
    threshold: str | None = None
    attributes: list[AttributeSpec] = field(default_factory=list)
    position: int | None = None
    count: int | None = None
    where: tuple[str, str] | None = None   # only roles whose attribute has this value ("degree", "...")

    def asked(self) -> list[AttributeSpec]:
        """Every attribute asked, in order (at least ``attribute`` when there is one)."""
        if self.attributes:
            return list(self.attributes)
        return [self.attribute] if self.attribute is not None else []


@dataclass
class Pending:
    """A question waiting for the user to say which role they meant."""

    question: str
    slot: int
    candidates: tuple[RoleEntry, ...]
    overrides: dict[int, RoleEntry] = field(default_factory=dict)
    mention: str = ""          # the words that fitted several roles ("leader")


@dataclass(frozen=True)
class UnknownRole:
    """A role the KB does not hold, with the closest ones it does."""

    text: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clarification:
    """A role mention that fits several roles: the question waits for the choice."""

    pending: Pending


@dataclass(frozen=True)
class NotCovered:
    """Words the pages hold nothing about ("benefits", "canada") for these roles."""

    words: tuple[str, ...]
    plurals: tuple[str, ...] = ()
    request: Request | None = None  # the question without those words, for "what about in general?"


@dataclass(frozen=True)
class NoLocation:
    """A figure asked for one place; the pages give national figures only.  ``request`` is
    the question without the place, remembered for "nationally then?"."""

    location: str
    label: str
    request: Request | None = None


Outcome = UnknownRole | Clarification | NotCovered | NoLocation
