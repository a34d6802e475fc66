"""Tab completion of role names and attribute words, several words long:
"production coord" -> "production coordinator", "prod lead" -> "production leader".

:func:`match_phrases` holds the matching and needs no terminal; :class:`PhraseCompleter`
wraps it for prompt_toolkit (and completes ``:commands`` too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

MAX_WORDS = 6        # look back at most this many words
MIN_CHARS = 2        # typed letters needed before anything is offered
_WORD_START = re.compile(r"(?<![\w'-])\w")


def match_phrases(text: str, phrases: Iterable[str], *, min_chars: int = MIN_CHARS) -> list[tuple[str, int]]:
    """Phrases the end of ``text`` is the beginning of, each with the (negative)
    position where the replacement starts.

    The end of ``text`` matches a phrase when its last words are, one for one, prefixes
    of the phrase's first words ("prod coord" fits "production coordinator").  The
    longest such ending wins for each phrase; a phrase typed in full is not offered."""
    starts = [m.start() for m in _WORD_START.finditer(text)][-MAX_WORDS:]
    lowered = [(p, p.lower().split()) for p in dict.fromkeys(phrases) if p.strip()]
    found: dict[str, int] = {}
    for start in starts:  # longest ending first
        ending = text[start:]
        typed = ending.lower().split()
        if not typed or sum(len(w) for w in typed) < min_chars:
            continue
        complete_last = ending[-1:].isspace()
        for phrase, words in lowered:
            if phrase in found or len(typed) > len(words) or (complete_last and len(typed) == len(words)):
                continue
            if all(w.startswith(t) for t, w in zip(typed, words, strict=False)):
                if " ".join(typed) == phrase.lower() and not complete_last:
                    continue  # already there
                found[phrase] = -len(ending)
    return sorted(found.items(), key=lambda item: (item[1], item[0]))


class PhraseCompleter(Completer):
    """Completes roles and attribute words (and ``:commands`` at the start of a line)."""

    def __init__(self, roles: Sequence[str], words: Sequence[str] = (), commands: Sequence[str] = ()) -> None:
        self.meta: dict[str, str] = {**{w: "attribute" for w in words}, **{r: "role" for r in roles}}
        self.commands: list[str] = list(commands)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        if text.lstrip().startswith(":"):
            word = text.lstrip()
            if " " not in word:
                for name in self.commands:
                    if name.startswith(word) and name != word:
                        yield Completion(name, start_position=-len(word))
            return
        for phrase, start in match_phrases(text, self.meta):
            yield Completion(phrase, start_position=start, display_meta=self.meta[phrase])
