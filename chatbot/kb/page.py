"""What the page parser extracts from one comparison page, before it meets a KB."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from chatbot.kb.cells import FactValue
from chatbot.kb.fields import Field
from chatbot.kb.glued import Split


@dataclass
class PageRole:
    """One of the two roles a page compares."""

    name: str                 # lowercase singular, as the prose writes it
    display: str | None = None  # as the table header writes it ("Production Coordinator")
    plural: str | None = None   # as the page writes it, even an odd one


# The items a page holds many of are named tuples: immutable, and made several times
# faster than frozen dataclasses (a page gives ~70 facts).

class PageFact(NamedTuple):
    """One value of one role, and the line it is on."""

    side: int                 # 0: the page's first role, 1: its second
    value: FactValue
    line: int


class PageSkill(NamedTuple):
    """A skill of one role: its share of the role's postings, if the page gives it."""

    side: int
    name: str
    share: float | None
    top_three: bool
    line: int


class PageItem(NamedTuple):
    """A responsibility (or other listed text) of one role."""

    side: int
    text: str
    line: int


@dataclass(frozen=True)
class AmbiguousRow:
    """A glued row more than one split of which fits: stored only if the KB settles it."""

    line: int
    field: Field
    split: Split
    order: tuple[int, int] = (0, 1)  # the side (role) of each column, as the table header says


class PageWarning(NamedTuple):
    """Something the parser noticed on a line (or the page, line None) and did not store."""

    line: int | None
    message: str


@dataclass
class ParsedPage:
    """Everything read from one page, with the line each item came from."""

    path: str
    sha256: str
    layout: str               # "glued" or "markdown"
    title: str
    roles: tuple[PageRole, PageRole]
    line_count: int
    facts: list[PageFact] = field(default_factory=list)
    skills: list[PageSkill] = field(default_factory=list)
    responsibilities: list[PageItem] = field(default_factory=list)
    ambiguous: list[AmbiguousRow] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(PageWarning(line, message))
