"""The bottom toolbar: what the conversation is about (roles, attribute, a pending
question) and the key hints."""

from __future__ import annotations

from chatbot.models import ContextView

KEY_HINTS = "Tab complete · ^C clear · ^D quit · :help"
SHORT_KEY_HINTS = "^D quit · :help"   # at narrow widths: the key hints that must stay
SHORTEST_KEY_HINTS = ":help"
ELLIPSIS = "…"
DEBUG_MARK = " [debug] "


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


def _fit(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    return text[: max(room - 1, 0)].rstrip() + ELLIPSIS if room > 1 else ""


def fit_toolbar(context: str, debug: bool, width: int | None) -> tuple[str, str, str]:
    """(context, debug mark, key hints) fitted to ``width`` columns: the hints are
    shortened first, then the context is cut with an ellipsis; some hint always stays."""
    mark = DEBUG_MARK if debug else ""
    if width is None:
        return f" {context} ", mark, f" {KEY_HINTS} "
    def room(hints: str) -> int:
        return width - len(hints) - 2 - len(mark) - 2  # both paddings

    for hints in (KEY_HINTS, SHORT_KEY_HINTS, SHORTEST_KEY_HINTS):
        if room(hints) >= len(context):
            return f" {context} ", mark, f" {hints} "
    hints = SHORT_KEY_HINTS if room(SHORT_KEY_HINTS) >= MIN_CONTEXT else SHORTEST_KEY_HINTS
    space = room(hints)
    return (f" {_fit(context, space)} " if space > 1 else ""), mark, f" {hints} "


MIN_CONTEXT = 12  # shorten the hints further rather than cut the context below this


def toolbar_fragments(context: ContextView | None, debug: bool = False,
                      width: int | None = None) -> list[tuple[str, str]]:
    """The toolbar as prompt_toolkit formatted text (style, text) pairs, fitted to
    ``width`` columns when given."""
    about, mark, keys = fit_toolbar(context_text(context), debug, width)
    fragments = [("class:toolbar.context", about)]
    if mark:
        fragments.append(("class:toolbar.debug", mark))
    fragments.append(("class:toolbar.keys", keys))
    return fragments
