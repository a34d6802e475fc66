"""Filling answer templates, safely.

Templates are data (``intents/``); values are inserted literally by a regular
expression, never through ``str.format`` or ``%``, so text a user typed cannot reach a
format string.  ``{Name}`` is ``{name}`` with a capital first letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from chatbot.answers.format import capitalize

PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")


def placeholders(template: str) -> set[str]:
    """The names a template uses."""
    return set(PLACEHOLDER.findall(template))


def render(template: str, values: Mapping[str, object]) -> str:
    """The template with every placeholder replaced by its value's text."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in values:
            return str(values[key])
        lower = key[:1].lower() + key[1:]
        if lower in values:
            return capitalize(str(values[lower]))
        return ""

    return PLACEHOLDER.sub(fill, template)
