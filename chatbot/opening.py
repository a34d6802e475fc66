"""Opening an engine for an interface: the one place where a KB path given by a user (a
flag, an ini option, a request) is checked before the engine is built.  Interfaces resolve
their flags and environment themselves and pass plain paths here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatbot.engine import Engine

__all__ = ["open_engine"]


def open_engine(kb: str | Path | None, intents: str | Path | None = None) -> Engine:
    """The engine on ``kb`` (a KB file; the built-in KB when None) with the intents of
    ``intents`` (the shipped ones when None).  Raises :class:`~chatbot.errors.KBError`
    with a one-line message when the file is missing or is not a KB."""
    from chatbot.engine import Engine

    if kb is None or str(kb) == "":
        return Engine(db=None, intents=intents)
    from chatbot.kb.store import check_file

    check_file(kb)
    return Engine(db=kb, intents=intents)
