"""The bottom toolbar: what the conversation is about (roles, attribute, a pending
question) and the key hints."""

from __future__ import annotations

from chatbot.models import ContextView

KEY_HINTS = "Tab complete · ^C clear · ^D quit · :help"


def context_text(context: ContextView | None) -> str:
    """``about: production coordinator vs production leader · salary``, ``which one:
    process leader or production leader?`` while the bot waits for a choice, or ``no
    context yet``."""
    if context is None:
        return "no context yet"
    if context.pending_question:
        if context.candidates:
            return "which one: " + " or ".join(context.candidates) + "?"
        return f"waiting for an answer to: {context.pending_question}"
    parts: list[str] = []
    if context.roles:
        parts.append(" vs ".join(context.roles))
    if context.attribute:
        parts.append(context.attribute.replace("_", " "))
    return "about: " + " · ".join(parts) if parts else "no context yet"


def toolbar_text(context: ContextView | None, debug: bool = False) -> str:
    """The whole toolbar as plain text."""
    return f" {context_text(context)}{'  [debug]' if debug else ''}  |  {KEY_HINTS} "


def toolbar_fragments(context: ContextView | None, debug: bool = False) -> list[tuple[str, str]]:
    """The toolbar as prompt_toolkit formatted text (style, text) pairs."""
    fragments = [("class:toolbar.context", f" {context_text(context)} ")]
    if debug:
        fragments.append(("class:toolbar.debug", " [debug] "))
    fragments.append(("class:toolbar.keys", f" {KEY_HINTS} "))
    return fragments
