"""What the page parser extracts from one comparison page, before it meets a KB."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatbot.kb.cells import FactValue
from chatbot.kb.fields import Field
from chatbot.kb.glued import Split


@dataclass
class PageRole:
    """One of the two roles a page compares."""

    name: str                 # lowercase singular, as the prose writes it
    display: str | None = None  # as the table header writes it ("Production Coordinator")
    plural: str | None = None   # as the page writes it, even an odd one


@dataclass(frozen=True)
class PageFact:
    side: int                 # 0: the page's first role, 1: its second
    value: FactValue
    line: int


@dataclass(frozen=True)
class PageSkill:
    side: int
    name: str
    share: float | None
    top_three: bool
    line: int


@dataclass(frozen=True)
class PageItem:
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


@dataclass(frozen=True)
class PageWarning:
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
