"""The line tests of chatbot/kb/lines.py: the cheap pre-checks never drop a line the
patterns they stand for would have read (each is a superset of the pattern's lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.kb.lines import PROSE_HINT, TITLE, may_be_heading, may_be_title, prose_lines, section_heading
from chatbot.kb.parser import WORD, page_words

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
    assert prose_lines("İ\nan average salary of") == {2}  # "İ".lower() is two characters: no matter
    assert prose_lines("\ud800 x\nan AVERAGE salary of\r\n") == {2}  # a lone surrogate


def test_the_salary_words_match_no_character_not_ascii_but_the_long_s() -> None:
    import re
    import sys

    from chatbot.kb.lines import LONG_S, SALARY_WORDS

    letters = re.compile("[" + SALARY_WORDS.decode() + "]", re.IGNORECASE)
    assert [c for c in map(chr, range(128, sys.maxunicode + 1)) if letters.match(c)] == [LONG_S]


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


# -- the page's words: page_words finds what the WORD pattern finds, case-folded --------

def _words_by_pattern(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


@pytest.mark.parametrize("text", [
    "Production Leader vs process leader: an AVERAGE salary of $44,563.",
    "Kelvin \u212a temperature, KKK \u212a\u212a\u212a and kk",  # the Kelvin sign folds to an ASCII k
    "\u0130stanbul ISTANBUL \u0130ii",  # dotted capital I folds to i plus a combining dot
    "stra\u00dfe STRASSE \ufb01nance \ufb01le",  # sharp s and the fi ligature are not ASCII letters
    "na\u00efve caf\u00e9 r\u00e9sum\u00e9 abc\u00a0def ghi\u2003jkl",
    "\U0001f642\U0001f642abc\U0001f642de\U0001f642fgh",  # astral characters between runs
    "ab cd_ef-gh12ij 3kl mn\tOPQ\nrst",
    "abc\ud800def ghi\x00JKL\x7fmno\x80pqr",  # a lone surrogate, controls: each cuts a run
    "",
])
def test_page_words_are_the_pattern_runs(text: str) -> None:
    assert page_words(text) == _words_by_pattern(text)


def test_page_words_of_the_fixture_pages() -> None:
    for page in sorted(FIXTURES.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        assert page_words(text) == _words_by_pattern(text), page.name


@pytest.mark.parametrize("text", ["Customer Service", "ÉCOLE Straße", "\u212a\u0130 KELVIN", "", "A-B_c 9"])
def test_skill_names_fold_as_sqlite_nocase_does(text: str) -> None:
    import sqlite3

    from chatbot.kb.rows import nocase

    assert nocase(text) == sqlite3.connect(":memory:").execute("select lower(?)", (text,)).fetchone()[0]


# -- the heading pre-check, the bullet text and the label starts: exact on crafted lines --

_HEADING_PIECES = ["", " ", "  ", ".", "..", "s", "S", "\u017f", "x", "-", "•", "W", "c",
                   "What does a clerk do?", "Common clerk skills", "clerk", " example responsibilities",
                   " EXAMPLE RESPONSIBILITIES",
                   " example responsibilitie", "example responsibilities", " example  responsibilities",
                   " exampl responsibilities", "\u0130 example responsibilitie\u017f", "Kelvin \u212a"]


def _crafted(pieces: list[str], count: int = 3) -> list[str]:
    """Every line of up to ``count`` pieces, stripped, not empty."""
    import itertools

    lines = set()
    for n in range(1, count + 1):
        for parts in itertools.product(pieces, repeat=n):
            line = "".join(parts).strip()
            if line:
                lines.add(line)
    return sorted(lines)


def test_the_heading_pre_check_keeps_every_heading_of_crafted_lines() -> None:
    lines = _crafted(_HEADING_PIECES)
    headings = [line for line in lines if section_heading(line)]
    assert len(headings) > 100
    assert all(may_be_heading(line) for line in headings)
    # the parser's inlined test of its first and last characters lets through each line it passes
    from chatbot.kb.lines import HEADING_LAST, HEADING_STARTS

    passed = [line for line in lines if may_be_heading(line)]
    assert all(line[0] in HEADING_STARTS or line[-1] in HEADING_LAST for line in passed)
    # and it does drop the lines it is for: bullets ending in a sentence's full stop
    assert not may_be_heading("• Assist with payroll and timesheet processing.")
    assert not may_be_heading("- Process incoming and outgoing mail and packages.")


_BULLET_PIECES = ["", " ", "\t", "\u00a0", "\u2003", "\u2028", "\x85", "•", "·", "*", "-", "–", "x", "ab",
                  "Show more", ".", "5%", "|"]


def test_bullet_text_is_the_bullet_pattern_on_crafted_lines() -> None:
    from chatbot.kb.lines import BULLET, bullet, bullet_text

    checked = 0
    for raw in _crafted(_BULLET_PIECES, 4):
        for padded in (raw, f"  {raw} ", f"\u00a0{raw}\t"):
            m = BULLET.match(padded)
            assert bullet_text(padded.strip(), padded) == (m.group("text") if m else None), repr(padded)
            assert (bullet(padded) is None) == (m is None)
            checked += 1
    assert checked > 10_000
    assert bullet_text("-", "-  ") == " "  # a bare bullet: the pattern's own reading


def test_label_starts_are_the_letters_the_label_pattern_can_start_with() -> None:
    from chatbot.kb.fields import _LABELS, FIELDS, may_start_label

    # an ASCII character passes exactly when a label's match can start with it (each
    # label tried with that character in place of its first); no other is ever dropped
    for code in range(128):
        char = chr(code)
        assert may_start_label(char) == any(_LABELS.match(char + f.label[1:]) for f in FIELDS), hex(code)
    # no character is dropped that a label's first letter matches under re.IGNORECASE
    import re
    import sys

    first_letters = re.compile("[" + "".join({f.label[0] for f in FIELDS}) + "]", re.IGNORECASE)
    starts = [c for c in map(chr, range(sys.maxunicode + 1)) if first_letters.match(c)]
    assert "\u017f" in starts and all(may_start_label(c) for c in starts)
    assert may_start_label("\u212a") and not may_start_label("•") and not may_start_label("–")
    assert not may_start_label("") and not may_start_label("|") and not may_start_label("x")


@pytest.mark.parametrize(("cells", "glued"), [
    (("Production Coordinator", "Production Leader"), "Production CordinatorProduction Leadr"),
    (("Clerk", "Clerk"), "ClerkClerk"), (("Nurse", "Aide"), "NurseAide"), (("", "x"), "x" * 400),
])
def test_the_memoised_header_matchers_give_the_matchers_results(cells: tuple[str, str], glued: str) -> None:
    from chatbot.kb.headers import (cached_match_glued_header, cached_match_header, match_glued_header,
                                    match_header)

    for roles in (("production coordinator", "production leader"), ("nurse", "aide"), ("clerk", "aide")):
        for _ in range(2):  # the second call answered from the cache
            assert cached_match_header(cells, roles) == match_header(cells, roles)
            assert cached_match_glued_header(glued, roles) == match_glued_header(glued, roles)


def test_skill_item_is_the_skill_pattern_on_crafted_items() -> None:
    import re
    import sys

    from chatbot.kb.parser import SKILL_ITEM, skill_item

    pieces = ["", "a", "Customer Service", ",", ", ", ",\t", " ", "7", "12", "123", "1234", ".", ".5", "05",
              "%", "\u0663", "\u00b2", "x%", "\u00a0"]
    checked = 0
    for item in _crafted(pieces, 4):
        m = SKILL_ITEM.match(item)
        assert skill_item(item) == ((m.group("name"), m.group("share")) if m else None), repr(item)
        checked += 1
    assert checked > 50_000
    # \d is exactly str.isdecimal
    digit = re.compile(r"\d")
    assert all(bool(digit.match(c)) == c.isdecimal() for c in map(chr, range(sys.maxunicode + 1)))


def test_the_pay_scales_pre_check_is_the_pattern_on_crafted_lines() -> None:
    from chatbot.kb.parser import PAY_SCALES, _pay_scales

    pieces = ["", " ", "x", "have different pay scales", "HAVE DIFFERENT PAY SCALES", "pay scales",
              "have different pay ſcales", "educational background", "educational bac\u212aground",
              "EDUCATIONAL BACKGROUND", "d\u0130fferent", "demographics", "Demographics:", ":", "é", "\u0131"]
    checked = 0
    for line in _crafted(pieces, 3):
        assert _pay_scales(line) == (PAY_SCALES.search(line) is not None), repr(line)
        checked += 1
    assert checked > 3_000


def test_the_salary_sentence_searched_from_its_sentence_is_the_full_search() -> None:
    from chatbot.kb.lines import SALARY, prose_of

    pieces = ["", ". ", "A clerk has an average salary of $1, which is higher than the $2 average annual "
              "salary of an aide.", "an aide has an ", "AVERAGE SALARY OF", "average ſalary of",
              "$3, which is higher than the $4 average annual salary of the nurse.", "Additionally, ", "x.y",
              "\u0130", "The a.", "an"]
    checked = matched = 0
    for line in _crafted(pieces, 4):
        m, found = SALARY.search(line), prose_of(line)
        got = found.salary if found is not None else None
        assert (got.span(), got.groupdict()) == (m.span(), m.groupdict()) if m else got is None, repr(line)
        checked += 1
        matched += m is not None
    assert checked > 10_000 and matched > 500


def test_the_leading_and_is_cut_as_the_pattern_cuts_it() -> None:
    import re
    import sys

    from chatbot.kb.parser import LEADING_AND, _without_leading_and

    pieces = ["", "and", "And", " ", "x", "_", "1", "é", "\u0663", "\u00b2", ",", "andy", "-"]
    for part in _crafted(pieces, 3):
        for text in (part, part + " ", " " + part):
            assert _without_leading_and(text) == LEADING_AND.sub("", text), repr(text)
    word = re.compile(r"\w")  # \w is exactly str.isalnum or "_"
    assert all((word.match(c) is not None) == (c.isalnum() or c == "_")
               for c in map(chr, range(sys.maxunicode + 1)))


def test_the_clean_bytes_leave_a_byte_of_every_control_character() -> None:
    import sys

    from chatbot.kb.parser import _CLEAN_BYTES, CONTROL_CHARS, strip_controls

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if CONTROL_CHARS.match(char):
            assert char.encode("utf-8", "surrogatepass").translate(None, _CLEAN_BYTES), hex(code)
    assert strip_controls("a\x1b[31mb\nc\x85d\n\u00a0•–\ud800\n") == ("a[31mb\ncd\n\u00a0•–\ud800\n", [1, 2])
    assert strip_controls("\u00a0 x\n\t•\n") == ("\u00a0 x\n\t•\n", [])
