"""The line tests of chatbot/kb/lines.py: the cheap pre-checks never drop a line the
patterns they stand for would have read (each is a superset of the pattern's lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.kb.lines import PROSE_HINT, TITLE, may_be_heading, may_be_title, prose_lines, section_heading

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"


def _pattern_lines(text: str) -> set[int]:
    """The lines on which PROSE_HINT matches, stripped as the parser strips them."""
    return {n for n, line in enumerate(text.split("\n"), 1) if PROSE_HINT.search(line.strip())}


def _check(text: str) -> None:
    candidates = prose_lines(text)
    if candidates is not None:
        assert _pattern_lines(text) <= candidates
    for line in text.split("\n"):
        if TITLE.match(line.strip()):
            assert may_be_title(line.strip()), line
        if section_heading(line.strip()):
            assert may_be_heading(line.strip()), line


@pytest.mark.parametrize("text", [
    "A clerk has an AVERAGE SALARY OF $1, which is higher\nthan that",
    "x\n  The top three skills for a clerk include a, b and c.  \nsome skills for \nend",
    "It typically takes 2 years\nThe differences between clerks and aides can be seen\n",
    "Average Salary Of\n\n\naverage salary of\naverage salary ofaverage salary of",
    "Clerk VS aide\nclerk Vs. aide\nno title here\n",
    "What does a clerk do?\nCLERK EXAMPLE RESPONSIBILITIES\n"
    "clerk example responsibilities.\nCommon clerk skills",
])
def test_the_pre_checks_keep_every_line_the_patterns_read(text: str) -> None:
    _check(text)
    assert prose_lines(text) is not None  # ASCII: the shortcut taken


def test_a_text_not_ascii_keeps_the_shortcut_where_lowercasing_keeps_its_length() -> None:
    text = "Café – • x\nA clerk has an AVERAGE SALARY OF $1\n"
    assert prose_lines(text) == {2}
    _check(text)
    assert prose_lines("İ\nan average salary of") is None  # "İ".lower() is two characters


def test_a_text_with_long_s_is_read_line_by_line() -> None:
    # "ſ" (long s) matches "s" under re.IGNORECASE: no shortcut for such a text
    assert prose_lines("a clerk has an average ſalary of $1") is None
    assert PROSE_HINT.search("a clerk has an average ſalary of $1")


@pytest.mark.parametrize("line", ["What does a clerk do?", "CLERK EXAMPLE RESPONSIBILITIES",
                                  "clerk example responsibilitieſ.", "common clerk skills:"])
def test_every_heading_passes_the_heading_pre_check(line: str) -> None:
    assert section_heading(line) is not None
    assert may_be_heading(line)


def test_the_fixture_pages() -> None:
    pages = sorted(FIXTURES.glob("*.txt"))
    assert pages
    for page in pages:
        _check(page.read_text(encoding="utf-8"))


def test_the_development_pages(shared_pages: Path) -> None:
    for page in sorted(shared_pages.glob("*.txt")):
        _check(page.read_text(encoding="utf-8", errors="replace"))
