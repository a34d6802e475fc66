"""career-chat: answers career questions from a knowledge base of comparison pages.

>>> from chatbot import Engine
>>> engine = Engine()
>>> conv = engine.conversation()
>>> conv.ask("which pays more, production coordinator or production leader?").status
'answered'

The names below are imported on first use (PEP 562), so ``import chatbot`` (and the
commands that do not answer questions, such as ``chatbot --version``) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chatbot.engine import Conversation, Engine
    from chatbot.errors import ChatbotError, ConflictError, IntentsError, KBError, PageError
    from chatbot.models import Answer, ContextView, KBInfo, Source, Status, Trace

__version__ = "0.1.0"

_EXPORTS = {
    "Answer": "chatbot.models",
    "ChatbotError": "chatbot.errors",
    "ConflictError": "chatbot.errors",
    "ContextView": "chatbot.models",
    "Conversation": "chatbot.engine",
    "Engine": "chatbot.engine",
    "IntentsError": "chatbot.errors",
    "KBError": "chatbot.errors",
    "KBInfo": "chatbot.models",
    "PageError": "chatbot.errors",
    "Source": "chatbot.models",
    "Status": "chatbot.models",
    "Trace": "chatbot.models",
}

__all__ = [
    "Answer",
    "ChatbotError",
    "ConflictError",
    "ContextView",
    "Conversation",
    "Engine",
    "IntentsError",
    "KBError",
    "KBInfo",
    "PageError",
    "Source",
    "Status",
    "Trace",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'chatbot' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
