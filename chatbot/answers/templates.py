"""Filling answer templates, safely.

Templates are data (``intents/``); values are inserted literally by a regular
expression, never through ``str.format`` or ``%``, so text a user typed cannot reach a
format string.  ``{Name}`` is ``{name}`` with a capital first letter.  The names a template
may use are checked when the intents are loaded (:data:`chatbot.nlu.vocabulary.TEMPLATE_VALUES`);
a handler that does not give a value its template uses is a bug, raised as
:class:`MissingTemplateValue` rather than rendered as an empty string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from chatbot.answers.format import capitalize
from chatbot.nlu.vocabulary import PLACEHOLDER

__all__ = ["MissingTemplateValue", "render"]


class MissingTemplateValue(KeyError):
    """A template names a value its handler did not give (a bug in the handler)."""


def render(template: str, values: Mapping[str, object]) -> str:
    """The template with every placeholder replaced by its value's text."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in values:
            return str(values[key])
        lower = key[:1].lower() + key[1:]
        if lower in values:
            return capitalize(str(values[lower]))
        given = ", ".join(sorted(values))
        raise MissingTemplateValue(f"template {template!r} needs {{{key}}}; given: {given}")

    return PLACEHOLDER.sub(fill, template)
