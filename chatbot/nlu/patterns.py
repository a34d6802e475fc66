"""Regular expressions of the vocabulary searched only in questions that can match them.

Most attribute patterns name words ("how many", "between what") that a question must hold
for the pattern to match; a plain substring test for those words is some twenty times
cheaper than the search, and most questions fail it.  :func:`required_literals` reads
those words from the pattern's text, conservatively: only plain characters outside any
group, class or alternation, and never a character a quantifier applies to.  A pattern
with a top-level alternation, or flags that change what a character matches, gets none
and is always searched.
"""

from __future__ import annotations

import re

__all__ = ["GuardedPattern", "required_choices", "required_literals"]

MIN_LITERAL = 2            # shorter runs of plain characters are not worth a test
_SPECIAL = frozenset(".^$*+?{}[]\\|()")
_QUANTIFIERS = frozenset("*+?{")
_FLAGS = re.IGNORECASE | re.VERBOSE  # what a character matches, or whether spaces count


def _skip_class(pattern: str, i: int) -> int:
    """The index after the character class that starts at ``pattern[i]`` ("[")."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1  # a "]" first in a class is a literal
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _skip_group(pattern: str, i: int) -> int:
    """The index after the group that starts at ``pattern[i]`` ("(")."""
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _skip_class(pattern, i)
            continue
        depth += ch == "("
        depth -= ch == ")"
        i += 1
        if depth == 0:
            break
    return i


def _skip_repeat(pattern: str, i: int) -> int:
    """The index after the "{m,n}" that starts at ``pattern[i]`` (a lone "{" is skipped alone)."""
    close = pattern.find("}", i)
    return close + 1 if close > i else i + 1


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Substrings every match of ``pattern`` contains: the runs of at least two plain
    characters at its top level; none when it has a top-level alternation or flags that
    change what a character matches."""
    text = pattern.pattern
    if pattern.flags & _FLAGS:
        return ()
    runs: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch not in _SPECIAL:
            run.append(ch)
            i += 1
            continue
        if ch == "|":
            return ()  # a top-level alternative need not hold any of them
        if ch in _QUANTIFIERS and run:
            run.pop()  # "ab?": the "b" may be absent
        runs.append("".join(run))
        run = []
        if ch == "[":
            i = _skip_class(text, i)
        elif ch == "(":
            i = _skip_group(text, i)
        elif ch == "{":
            i = _skip_repeat(text, i)
        else:
            i += 2 if ch == "\\" else 1
    runs.append("".join(run))
    return tuple(r for r in runs if len(r) >= MIN_LITERAL)


def required_choices(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Groups of words one of which every match of ``pattern`` contains: the top-level groups
    of plain alternatives ("(?:jobs|openings)"), taken exactly once (no quantifier after them);
    none when the pattern has a top-level alternation or flags that change what a character
    matches."""
    text = pattern.pattern
    if pattern.flags & _FLAGS:
        return ()
    found: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "|":
            return ()
        if ch == "[":
            i = _skip_class(text, i)
        elif ch == "{":
            i = _skip_repeat(text, i)
        elif ch == "\\":
            i += 2
        elif ch == "(":
            end = _skip_group(text, i)
            inside = text[i + 1:end - 1]
            inside = inside[2:] if inside.startswith("?:") else inside
            words = tuple(inside.split("|"))
            once = end >= len(text) or text[end] not in _QUANTIFIERS
            if once and all(w and not _SPECIAL.intersection(w) for w in words):
                found.append(words)
            i = end
        else:
            i += 1
    return tuple(found)


class GuardedPattern:
    """A compiled pattern searched only in texts that hold its required literals."""

    __slots__ = ("choices", "literals", "pattern")

    def __init__(self, pattern: str | re.Pattern[str]) -> None:
        self.pattern: re.Pattern[str] = re.compile(pattern) if isinstance(pattern, str) else pattern
        self.literals: tuple[str, ...] = required_literals(self.pattern)
        self.choices: tuple[tuple[str, ...], ...] = required_choices(self.pattern)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, without the search when a required word is missing."""
        for literal in self.literals:
            if literal not in text:
                return None
        for words in self.choices:
            for word in words:
                if word in text:
                    break
            else:
                return None
        return self.pattern.search(text)
