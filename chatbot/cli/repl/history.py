"""The REPL's history: a file in the user's state folder
(``$XDG_STATE_HOME/career-chat/history``), or memory only when that cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from chatbot.paths import state_dir

HISTORY_FILE = "history"


def history_path() -> Path:
    return state_dir() / HISTORY_FILE


def make_history(path: Path | None = None) -> History:
    """A :class:`FileHistory` at ``path`` (default :func:`history_path`), created private
    to the user; an :class:`InMemoryHistory` if the folder or file is not writable."""
    target = path or history_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = not target.exists()
        with target.open("ab"):
            pass
        if fresh:
            os.chmod(target, 0o600)
        if not os.access(target, os.R_OK | os.W_OK):
            raise PermissionError(str(target))
    except OSError:
        return InMemoryHistory()
    return FileHistory(str(target))
