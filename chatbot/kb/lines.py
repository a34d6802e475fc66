"""The lines of a comparison page, classified: the summary sentences, the title, the
section headings, bullets and markdown rows each layout holds.

:class:`chatbot.kb.parser._Reader` classifies each line once with these tests, then
reads each kind of line with the field and cell logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = r"\.(?=\s|$)"
_ART = r"(?:an?|the)"
SKILLS_A = re.compile(rf"The top three skills for {_ART} (?P<role>.+?) include (?P<skills>.+?){_END}")
SKILLS_B = re.compile(rf"The most important skills for {_ART} (?P<role>.+?) are (?P<skills>.+?){_END}")
BECOME_BOTH = re.compile(
    rf"It typically takes (?P<time>[\w\- ]+?) to become both {_ART} (?P<a>.+?) and {_ART} (?P<b>.+?){_END}"
)
BECOME_EACH = re.compile(
    rf"While it typically takes (?P<ta>[\w\- ]+?) to become {_ART} (?P<a>.+), becoming {_ART} (?P<b>.+?) "
    rf"(?:takes usually requires|usually requires|usually takes|takes|requires) (?P<tb>[\w\- ]+?){_END}"
)
SALARY = re.compile(
    rf"\b{_ART} (?P<w>[^.]+?) has an average salary of (?P<wv>\$[\d,]+), which is higher than the "
    rf"(?P<lv>\$[\d,]+) average annual salary of {_ART} (?P<l>[^.]+?){_END}",
    re.I,
)
DIFFERENCES = re.compile(r"The differences between (?P<plurals>.+?) can be seen")
TITLE = re.compile(r"^(?P<a>[^|]+?) vs\.? (?P<b>[^|]+?)$", re.I)
SECTION_WORDS = ("overview", "salary", "demographics", "skills", "education", "responsibilities")
WHAT_DOES = re.compile(rf"^What does {_ART} (?P<role>.+?) do\??$", re.I)
RESPONSIBILITIES = re.compile(r"^(?P<role>.+?) example responsibilities\.?$", re.I)
SKILLS_LIST = re.compile(r"^Common (?P<role>.+?) skills:?$", re.I)
BULLET_CHARS = "•·*-–"
BULLET = re.compile(r"^\s*[•·*\-–]\s*(?P<text>.+?)\s*$")

SALARY_PHRASE = "average salary of"
SALARY_HINT = re.compile(SALARY_PHRASE, re.I)  # SALARY holds it: a cheap test first
PROSE_HINT = re.compile(r"skills for |typically takes |The differences between |(?i:average salary of)")


@dataclass(frozen=True, slots=True)
class Prose:
    """The summary sentences one line holds (each pattern searched once per page)."""

    skills_a: re.Match[str] | None
    skills_b: re.Match[str] | None
    both: re.Match[str] | None
    each: re.Match[str] | None
    salary: re.Match[str] | None
    differences: re.Match[str] | None


def prose_of(line: str) -> Prose | None:
    """The summary sentences of a line; None for a line without any.  Each pattern is
    searched only if the line holds its fixed words (the patterns hold them too)."""
    if not PROSE_HINT.search(line):
        return None
    takes = "typically takes" in line
    found = Prose(
        SKILLS_A.search(line) if "The top three skills for " in line else None,
        SKILLS_B.search(line) if "The most important skills for " in line else None,
        BECOME_BOTH.search(line) if takes and " to become both " in line else None,
        BECOME_EACH.search(line) if takes and "While it typically takes " in line else None,
        _salary(line),
        DIFFERENCES.search(line) if "The differences between " in line else None,
    )
    return found if any((found.skills_a, found.skills_b, found.both, found.each, found.salary,
                         found.differences)) else None


def _salary(line: str) -> re.Match[str] | None:
    """``SALARY.search(line)``, from the sentence where its words first occur: a match
    holds no "." from its start to its "average salary of" (found as SALARY_HINT finds
    it), so it starts after the last "." before that phrase's first occurrence.  (A
    search from a position sees the characters before it, for ``\\b``.)"""
    if line.isascii():  # re.I matches an ASCII letter only to its other case, as lower() folds
        at = line.lower().find(SALARY_PHRASE)
    else:
        hint = SALARY_HINT.search(line)
        at = hint.start() if hint else -1
    return SALARY.search(line, line.rfind(".", 0, at) + 1) if at >= 0 else None


PROSE_WORDS = (b"skills for ", b"typically takes ", b"The differences between ")  # PROSE_HINT's
SALARY_WORDS = SALARY_PHRASE.encode()  # PROSE_HINT's case-insensitive part, lowercase
LONG_S = "\u017f"  # the one character not ASCII that re.I matches to a letter of SALARY_WORDS


def prose_lines(text: str) -> set[int] | None:
    """The lines (1-based) that may hold a summary sentence: those holding one of
    PROSE_HINT's phrases, found with ``bytes.find`` over the whole text (UTF-8) instead
    of the pattern on each line (a superset: :func:`prose_of` still decides).

    In UTF-8 a character not ASCII is bytes 0x80 and up only, so an ASCII phrase is found
    exactly where the text holds it, and the lines are counted by their b"\\n".  The
    case-insensitive phrase is found in the bytes with their ASCII letters lowercased:
    re.I matches a letter of it to its other ASCII case and, of the characters not ASCII,
    to "ſ" only (matched to "s"; the tests check every character): None (each line is
    tried) for a text holding one."""
    if LONG_S in text:
        return None
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: three bytes 0x80 and up
    starts: list[int] = []
    for words in PROSE_WORDS:
        starts += _found(data, words)
    starts += _found(data.lower(), SALARY_WORDS)
    found: set[int] = set()
    line, counted = 1, 0
    for start in sorted(starts):
        line += data.count(b"\n", counted, start)
        counted = start
        found.add(line)
    return found


def _found(data: bytes, words: bytes) -> list[int]:
    """Where ``words`` occur in ``data``."""
    starts = []
    start = data.find(words)
    while start >= 0:
        starts.append(start)
        start = data.find(words, start + 1)
    return starts


def may_be_title(line: str) -> bool:
    """Whether a line holds TITLE's " vs" (case-insensitive: "v" matches only v and V)."""
    return " v" in line or " V" in line


def md_cells(line: str) -> list[str]:
    """The cells of a markdown row, stripped (``| a | b |`` -> ``["a", "b"]``)."""
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def md_header(cells: list[str]) -> tuple[str, str] | None:
    """The two role names of a markdown header row: ``| A | B | |`` (the site's) or
    ``| | A | B |`` or ``| Role | A | B |``; None for another shape."""
    filled = [c for c in cells if c]
    if len(filled) == 3 and cells[0]:
        filled = filled[1:]
    return (filled[0], filled[1]) if len(filled) == 2 else None


def is_section_title(line: str) -> bool:
    """Whether a line ends as a section title does (``... overview``, ``... salary``)."""
    return line.casefold().endswith(SECTION_WORDS)


def is_heading(line: str) -> bool:
    """A section title (``X vs y overview``) rather than a table header."""
    return bool(TITLE.match(line)) or line.casefold().endswith(SECTION_WORDS)


RESPONSIBILITIES_TAIL = re.compile(r" example responsibilities\.?$", re.I)
TAIL_CHARS = len(" example responsibilities.")
S_LIKE = ("s", "S", "\u017f")  # every character that "s" matches under re.IGNORECASE (ſ: long s)


def bullet(raw: str) -> re.Match[str] | None:
    """``BULLET.match(raw)``, tried only on lines that start with a bullet."""
    line = raw.lstrip()
    return BULLET.match(raw) if line and line[0] in BULLET_CHARS else None


HEADING_STARTS = ("W", "w", "C", "c")  # the first letters of WHAT_DOES and SKILLS_LIST
HEADING_LAST = (*S_LIKE, ".")  # the last characters may_be_heading lets through, its start aside
TAIL_WORDS = len(" example responsibilities")  # RESPONSIBILITIES's tail, its full stop aside
TAIL_SPACE = len(" responsibilities")  # from the end of that tail back to its second space


def may_be_heading(line: str) -> bool:
    """Whether :func:`section_heading` can find a heading in a non-empty ``line``: it
    starts as WHAT_DOES or SKILLS_LIST must, or ends as RESPONSIBILITIES must: an "s" (as
    re.I matches it), maybe a full stop after, and the tail's two spaces where they must
    stand (under re.I a space matches only a space), with a role of one character or more
    before the tail.  A bullet ending in a sentence's full stop fails here, not in a regex."""
    if line[0] in HEADING_STARTS:
        return True
    end = len(line) - 1 if line[-1] == "." else len(line)  # where the tail's words end
    return (end > TAIL_WORDS and line[end - 1] in S_LIKE and line[end - TAIL_WORDS] == " "
            and line[end - TAIL_SPACE] == " ")


def bullet_text(line: str, raw: str) -> str | None:
    """``BULLET.match(raw).group("text")`` (None where it does not match), for ``line`` =
    ``raw.strip()``, not empty.  The pattern's ``\\s`` is exactly what ``str.strip``
    strips (``str.isspace``), so where the text after the bullet holds more than white
    space it is that text stripped: the pattern's greedy ``\\s*`` takes the space before
    it, its lazy ``.+?`` stops where only white space is left.  Otherwise (a bare bullet)
    the pattern decides."""
    if line[0] not in BULLET_CHARS:
        return None
    text = line[1:].strip()
    if text:
        return text
    m = BULLET.match(raw)
    return m.group("text") if m else None


def section_heading(line: str) -> tuple[str, str] | None:
    """``("describe" | "duties" | "skills", role)`` for a section heading line (each
    pattern tried only where the line starts or ends the way it must)."""
    first = line[:1]
    if first in ("W", "w") and (m := WHAT_DOES.match(line)):
        return "describe", m.group("role")
    # the pattern is searched only where the line ends the way it must: an "s" (as re.I
    # matches it), with or without a full stop after
    last = line[-2:-1] if line[-1:] == "." else line[-1:]
    tail = RESPONSIBILITIES_TAIL.search(line, max(0, len(line) - TAIL_CHARS - 1)) if last in S_LIKE else None
    if tail and (m := RESPONSIBILITIES.match(line)):
        return "duties", m.group("role")
    if first in ("C", "c") and (m := SKILLS_LIST.match(line)):
        return "skills", m.group("role")
    return None
