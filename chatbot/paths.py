"""Where things live: the shipped pages and intents, the user's cache and state folders.

The wheel carries ``knowledge/`` and ``intents/`` inside the package as ``chatbot/_data``;
a checkout (editable install) has them at the project root.  The cache and state folders
follow the XDG base-directory spec, with ``CHATBOT_CACHE_DIR`` / ``CHATBOT_STATE_DIR`` to
override them.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "career-chat"
DB_ENV_VAR = "CHATBOT_DB"
CACHE_ENV_VAR = "CHATBOT_CACHE_DIR"
STATE_ENV_VAR = "CHATBOT_STATE_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE_DIR / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / name


def knowledge_dir() -> Path:
    """The folder of source pages the built-in knowledge base is built from."""
    return _data_dir("knowledge")


def intents_dir() -> Path:
    """The folder of intent definitions and the attribute vocabulary (TOML)."""
    return _data_dir("intents")


def _xdg(env_override: str, xdg_var: str, fallback: str) -> Path:
    explicit = os.environ.get(env_override)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get(xdg_var)
    root = Path(base).expanduser() if base else Path.home() / fallback
    return root / APP_DIR_NAME


def cache_dir() -> Path:
    """Where the built-in knowledge base is cached (``$XDG_CACHE_HOME/career-chat``)."""
    return _xdg(CACHE_ENV_VAR, "XDG_CACHE_HOME", ".cache")


def state_dir() -> Path:
    """Where the REPL keeps its history (``$XDG_STATE_HOME/career-chat``)."""
    return _xdg(STATE_ENV_VAR, "XDG_STATE_HOME", os.path.join(".local", "state"))


def db_from_env() -> str | None:
    """The knowledge base chosen by ``CHATBOT_DB``, if set."""
    value = os.environ.get(DB_ENV_VAR)
    return value or None
