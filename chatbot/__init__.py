"""career-chat: answers career questions from a knowledge base of comparison pages.

>>> from chatbot import Engine
>>> engine = Engine()
>>> conv = engine.conversation()
>>> conv.ask("which pays more, production coordinator or production leader?").status
'answered'
"""

from __future__ import annotations

from chatbot.engine import Conversation, Engine
from chatbot.errors import ChatbotError, ConflictError, IntentsError, KBError, PageError
from chatbot.models import Answer, ContextView, KBInfo, Source, Status, Trace

__version__ = "0.1.0"

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
