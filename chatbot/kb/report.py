"""What an ingest run reports: its counts and its notes (warnings, conflicts...)."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatbot.errors import PageError


@dataclass(frozen=True)
class Note:
    """A warning, an unsettled glued row or a conflict, with where it was seen."""

    kind: str            # "warning" | "ambiguous" | "conflict" | "resolved"
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.kind}: {where}: {self.message}"


@dataclass
class IngestReport:
    """What one ingest run did."""

    db_path: str
    pages: int = 0
    skipped: int = 0                 # pages already in the KB (same content)
    new_roles: int = 0
    total_roles: int = 0
    stored: int = 0                  # facts with a value, counted once per page
    missing: int = 0                 # facts the page marks "-"
    ambiguous: int = 0               # cells of glued rows that could not be split for sure
    conflicts: int = 0
    failed: list[PageError] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    committed: bool = False

    def summary(self) -> str:
        """A few lines for people."""
        state = "added to" if self.committed else "NOT added to (nothing was changed in)"
        return (
            f"{self.pages} page(s) {state} {self.db_path}; {self.skipped} already present, "
            f"{len(self.failed)} failed\n"
            f"roles: {self.total_roles} ({self.new_roles} new)\n"
            f"facts: {self.stored} stored, {self.missing} missing ('-'), "
            f"{self.ambiguous} ambiguous cells not stored\n"
            f"conflicts: {self.conflicts}"
        )
