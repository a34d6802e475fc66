"""Named exceptions of the library; the CLI turns each into a one-line message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = [
    "ChatbotError",
    "ConflictError",
    "FileError",
    "IngestSummary",
    "IntentsError",
    "KBError",
    "PageError",
]


class ChatbotError(Exception):
    """Base class of every error the library raises on purpose."""


class FileError(ChatbotError):
    """An error about one file: ``path`` and ``reason``, shown as "path: reason"."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class PageError(FileError):
    """A file is not a career comparison page (binary, empty, other text) or cannot be read."""


class KBError(FileError):
    """A knowledge base file is missing, unreadable, corrupt or of another schema."""


class IngestSummary(Protocol):
    """What an error can carry of an ingest run (an :class:`~chatbot.kb.ingest.IngestReport`)."""

    @property
    def notes(self) -> Sequence[object]:
        """Warnings and conflicts, one a line."""
        ...

    @property
    def failed(self) -> Sequence[object]:
        """The files that could not be read."""
        ...

    def summary(self) -> str:
        """One line: what was added where."""
        ...


class ConflictError(ChatbotError):
    """Two pages disagree on a fact and the ingest runs with ``strict``; ``report`` is the
    run's :class:`~chatbot.kb.ingest.IngestReport` (with the conflicts in its notes)."""

    def __init__(self, message: str, report: IngestSummary | None = None) -> None:
        super().__init__(message)
        self.report = report


class IntentsError(FileError):
    """An intent or vocabulary file is broken; the message names the file and field."""
