"""Filling answer templates, safely.

Templates are data (``intents/``); values are inserted literally by a regular
expression, never through ``str.format`` or ``%``, so text a user typed cannot reach a
format string.  ``{Name}`` is ``{name}`` with a capital first letter.  The names a template
may use are checked when the intents are loaded (:data:`chatbot.nlu.vocabulary.TEMPLATE_VALUES`);
a handler that does not give a value its template uses is a bug, raised as
:class:`MissingTemplateValue` rather than rendered as an empty string.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from chatbot.answers.format import capitalize
from chatbot.nlu.vocabulary import PLACEHOLDER

__all__ = ["MissingTemplateValue", "render"]

TEMPLATE_CACHE_SIZE = 1024


class MissingTemplateValue(KeyError):
    """A template names a value its handler did not give (a bug in the handler)."""


@lru_cache(maxsize=TEMPLATE_CACHE_SIZE)
def _parts(template: str) -> tuple[str, ...]:
    """The template split once: text, placeholder name, text, ... (templates are few and
    fixed: the intent files' and the handlers' own)."""
    return tuple(PLACEHOLDER.split(template))


def render(template: str, values: Mapping[str, object]) -> str:
    """The template with every placeholder replaced by its value's text."""
    parts = _parts(template)
    out = [parts[0]]
    for at in range(1, len(parts), 2):
        key = parts[at]
        if key in values:
            out.append(str(values[key]))
        else:
            lower = key[:1].lower() + key[1:]
            if lower not in values:
                given = ", ".join(sorted(values))
                raise MissingTemplateValue(f"template {template!r} needs {{{key}}}; given: {given}")
            out.append(capitalize(str(values[lower])))
        out.append(parts[at + 1])
    return "".join(out)
