"""The page parser: one career comparison page, in either of the site's layouts, to a
:class:`ParsedPage`.

Layouts:
- *glued*: a title line ``X vs y``, headed sections, and table rows whose label and two
  values are run together (``Yearly salary$49,366$44,563``);
- *markdown*: navigation lines, the summary, and ``| label | a | b |`` tables, with the
  role descriptions as plain paragraphs after the first table.

Pages may be cut anywhere (stored excerpts): a last line with no newline after it may be
incomplete, so no figure is read from it.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import string
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz import fuzz

from chatbot.errors import PageError
from chatbot.kb.cells import FactValue, Kind, parse_cell, parsed_cell
from chatbot.kb.fields import LABEL_STARTS, Field, field_for_label, match_glued_label, may_start_label
from chatbot.kb.glued import MAX_GLUED_ROW_CHARS, Split, pair_values, search_cells
from chatbot.kb.headers import HeaderMatch, Order, cached_match_glued_header, cached_match_header
from chatbot.kb.lines import S_LIKE as S_LIKE  # re-exported: the tests read it here
from chatbot.kb.lines import HEADING_LAST, HEADING_STARTS, TITLE, Prose, may_be_heading, prose_lines
from chatbot.kb.lines import bullet_text
from chatbot.kb.lines import is_heading as _is_heading
from chatbot.kb.lines import is_section_title as _is_section_title
from chatbot.kb.lines import md_cells as _md_cells
from chatbot.kb.lines import md_header as _md_header
from chatbot.kb.lines import prose_of as _prose
from chatbot.kb.lines import section_heading as _section_heading
from chatbot.kb.names import cached_role_key, plural_of, role_key, singularize
from chatbot.kb.page import AmbiguousRow, PageFact, PageItem, PageRole, PageSkill, ParsedPage

MAX_PAGE_BYTES = 5_000_000
MAX_ROLE_NAME = 120
SAME_WORD_SCORE = 85  # rapidfuzz ratio at which two words are spelling variants (aid/aide)
SKILL_ITEM = re.compile(r"^(?P<name>.+?),\s*(?P<share>\d{1,3}(?:\.\d+)?)%$")
SHOW_MORE = "show more"
LEADING_AND = re.compile(r"^and\b")
AND = re.compile(r" and ")
PAY_SCALES = re.compile(r"have different pay scales|educational background|demographics:?$", re.I)
WORD = re.compile(r"[A-Za-z]{3,}")
MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
SEPARATOR_CELL = re.compile(r"^:?-*:?$")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# C0 and C1 control characters but tab and newline (ESC starts terminal sequences), and DEL
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# The bytes of a UTF-8 text deleted to see whether it may hold a control character: each
# but those of CONTROL_CHARS below 0x80 (one byte each) and 0xC2, the first byte of each
# C1 control (U+0080-U+009F; also of U+00A0-U+00BF, which then cost a search).
_CLEAN_BYTES = bytes(b for b in range(256)
                     if b in (0x09, 0x0A) or 0x20 <= b < 0x7F or (b >= 0x80 and b != 0xC2))


def strip_controls(text: str) -> tuple[str, list[int]]:
    """``text`` without control characters, and the lines (1-based) that held some.  A
    text whose UTF-8 bytes are all of _CLEAN_BYTES holds none: the pattern is not searched."""
    maybe = text.encode("utf-8", "surrogatepass").translate(None, _CLEAN_BYTES)
    if not maybe or not CONTROL_CHARS.search(text):
        return text, []
    lines = text.split("\n")
    dirty = [n for n, line in enumerate(lines, 1) if CONTROL_CHARS.search(line)]
    return CONTROL_CHARS.sub("", text), dirty


class _Reader:
    """Parses one page; an instance lives for one page only."""

    def __init__(self, path: str, text: str, digest: str) -> None:
        self.path = path
        self.text = text
        self.digest = digest
        self.lines = text.split("\n")
        # An excerpt cut mid-line: the last line, with no newline after it, may be partial.
        self.cut_line = len(self.lines) if not text.endswith("\n") else None
        self.names: list[str | None] = [None, None]
        self.display: list[str | None] = [None, None]
        self.title = ""
        self.sentences: list[tuple[int, str]] = []  # the stripped lines that are not empty
        self.prose: list[tuple[int, Prose]] = []  # the lines holding summary sentences
        self.md_rows: list[tuple[int, int, str]] = []  # sentence index, line, stripped line
        self.headings: dict[int, tuple[str, str]] = {}  # line: (mode, role) of a section heading
        self.heading_at: list[int] = []  # the index in ``sentences`` of each section heading
        self.labels: dict[int, tuple[Field, str]] = {}  # line: a glued row's field and cells
        self.title_at: tuple[int, re.Match[str]] | None = None  # the title line and its match
        self._classify()
        self.layout = "markdown" if self.md_rows else "glued"
        if self.md_rows or "|" not in text:
            return
        for number, line in self.sentences:  # glued, but a "|" in the text: its labels now
            if (match := match_glued_label(line)) is not None:
                self.labels[number] = match

    def _classify(self) -> None:
        """One pass over the lines: each non-empty line is classified once (summary
        sentence, title, markdown row, glued row label, section heading); the readers
        below walk only the lines of their kind."""
        glued = "|" not in self.text  # no markdown row without a "|": glued for sure
        candidates = prose_lines(self.text)  # None: each line is tried
        sentences, labels, headings = self.sentences, self.labels, self.headings
        no_title = True
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            if not line:
                continue
            if (candidates is None or number in candidates) and (found := _prose(line)) is not None:
                self.prose.append((number, found))
            sentences.append((number, line))
            first = line[0]
            if first == "|" and line[-1] == "|" and len(line) >= 2:  # a markdown row (MD_ROW)
                # neither a heading nor the title: each of their patterns needs the line to
                # start, or to end, with something other than "|" (TITLE: [^|])
                self.md_rows.append((len(sentences) - 1, number, line))
                continue
            # (may_start_label and may_be_heading: their tests of one character inlined)
            if glued and (first in LABEL_STARTS or not first.isascii() and may_start_label(first)) \
                    and (match := match_glued_label(line)) is not None:
                labels[number] = match
            if (first in HEADING_STARTS or line[-1] in HEADING_LAST) and may_be_heading(line) \
                    and (heading := _section_heading(line)) is not None:
                headings[number] = heading
                self.heading_at.append(len(sentences) - 1)
            if no_title and (" v" in line or " V" in line):  # may_be_title, inlined
                self._try_title(number, line)
                no_title = self.title_at is None

    def _try_title(self, number: int, line: str) -> None:
        """The title line, if ``line`` is one."""
        if (m := TITLE.match(line)) and not _is_section_title(line):
            self.title_at = (number, m)

    # -- roles -------------------------------------------------------------------------

    def find_roles(self) -> None:
        """The page's two role names: from the prose first, then the title, then the
        first table header (markdown)."""
        ordered: list[tuple[str, str]] = []  # (a, b) pairs in page order, most trusted first
        title_line = self.title_at[0] if self.title_at else len(self.lines) + 1
        for number, found in self.prose:
            if number > title_line and self.title_at is not None and not self.title:
                self._take_title(ordered)
            self._offer_prose(found, ordered)
        if self.title_at is not None and not self.title:
            self._take_title(ordered)
        header = None
        for _, _, line in self.md_rows:
            cells = _md_cells(line)
            header = _md_header(cells) if cells and field_for_label(cells[0]) is None else None
            if header is not None:
                break
        if header:
            ordered.append((header[0].lower(), header[1].lower()))
        for a, b in ordered:
            self._offer(0, a)
            self._offer(1, b)
        if not all(self.names):
            raise PageError(self.path, "not a career comparison page (no two roles compared)")
        if cached_role_key(self.names[0] or "") == cached_role_key(self.names[1] or ""):
            raise PageError(self.path, "not a career comparison page (the same role on both sides)")
        if not self.title:
            self.title = f"{_capitalize(self.names[0] or '')} vs {self.names[1]}"

    def _take_title(self, ordered: list[tuple[str, str]]) -> None:
        """The title line: the page's title, and its pair of role names, in page order."""
        number, m = self.title_at or (0, None)
        if m is not None:
            self.title = self.lines[number - 1].strip()
            ordered.append((m.group("a"), m.group("b")))

    def _offer_prose(self, found: Prose, ordered: list[tuple[str, str]]) -> None:
        if m := found.skills_a:
            self._offer(0, m.group("role"))
        if m := found.skills_b:
            self._offer(1, m.group("role"))
        if m := found.each or found.both:
            ordered.append((m.group("a"), m.group("b")))

    def _offer(self, side: int, name: str) -> None:
        """Take the first well-formed name offered for a side (prose before headers)."""
        name = " ".join(name.split()).lower()
        if name and len(name) <= MAX_ROLE_NAME and self.names[side] is None:
            self.names[side] = name

    def side_of(self, name: str) -> int | None:
        """The side whose role ``name`` is (the same key), or None."""
        key = cached_role_key(name)
        for side, known in enumerate(self.names):
            if known and cached_role_key(known) == key:
                return side
        return None

    def find_plurals(self) -> list[str | None]:
        plurals: list[str | None] = [None, None]
        for _, found in self.prose:
            m = found.differences
            if not m:
                continue
            text = m.group("plurals")
            splits = [(text[: i.start()], text[i.end():]) for i in AND.finditer(text)]
            scored = sorted(
                (
                    (fuzz.ratio(left.casefold(), plural_of(self.names[0] or "").casefold())
                     + fuzz.ratio(right.casefold(), plural_of(self.names[1] or "").casefold()), left, right)
                    for left, right in splits
                ),
                reverse=True,
            )
            if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                plurals = [scored[0][1].strip(), scored[0][2].strip()]
            break
        return plurals

    # -- prose facts -------------------------------------------------------------------
    def read_summary(self, page: ParsedPage) -> None:
        """The summary sentences' facts: the time to become each role, both salaries,
        and each role's top three skills."""
        for number, found in self.prose:
            if number == self.cut_line:
                continue
            if m := found.both:
                for side in (0, 1):
                    self._text_fact(page, side, "time_to_become", m.group("time"), number)
            elif m := found.each:
                for role, group in (("a", "ta"), ("b", "tb")):
                    if (named := self.side_of(m.group(role))) is not None:
                        self._text_fact(page, named, "time_to_become", m.group(group), number)
            if m := found.salary:
                self._salaries(page, number, m)
            for match, side in ((found.skills_a, 0), (found.skills_b, 1)):
                if match:
                    for name in _split_list(match.group("skills")):
                        page.skills.append(PageSkill(side, name, None, True, number))

    def _salaries(self, page: ParsedPage, number: int, m: re.Match[str]) -> None:
        for role, amount in ((m.group("w"), m.group("wv")), (m.group("l"), m.group("lv"))):
            side = self.side_of(role)
            cell = parse_cell(Kind.MONEY, "yearly_salary", amount)
            if side is not None and cell:
                page.facts.extend(PageFact(side, v, number) for v in cell)

    def _text_fact(self, page: ParsedPage, side: int, attribute: str, text: str, line: int) -> None:
        text = " ".join(text.split())
        page.facts.append(PageFact(side, FactValue(attribute, "", None, text, text), line))

    # -- tables ------------------------------------------------------------------------
    def read_tables(self, page: ParsedPage) -> None:
        """Read every table row, on the roles its table's header names (see
        :mod:`chatbot.kb.headers`); the rows of a table whose header is not trusted are
        not stored (one warning per table)."""
        order: Order | None = (0, 1)  # no header (yet): the page's own role order
        if self.layout == "markdown":
            for _, number, line in self.md_rows:
                order = self._markdown_row(page, number, line, order)
            return
        labels = self.labels
        for number, match in labels.items():  # each label recognised once, in _classify
            if number - 1 not in labels:  # the first row of a table: the line before it
                order = self._glued_header(page, number - 1, order)
            if order is not None:
                self._glued_cells(page, number, match, order)

    def _markdown_row(self, page: ParsedPage, number: int, line: str, order: Order | None) -> Order | None:
        cells = [cell.strip() for cell in line[1:-1].split("|")]  # md_cells of a stripped row
        field = field_for_label(cells[0])
        if field is None:
            if all(SEPARATOR_CELL.match(c) for c in cells):
                return order
            pair = _md_header(cells)
            if pair is None:
                page.warn(number, f"table header '{line[:80]}' does not hold two role names; "
                                  "nothing stored from the table")
                return None
            return self._header_order(page, number, cached_match_header(pair, self._roles()))
        if order is None:
            return order
        if len(cells) < 3:
            page.warn(number, f"row '{cells[0]}' has fewer than two values; nothing stored")
        else:
            self._store_cells(page, field, number, order, cells[1], cells[2])
        return order

    def _glued_header(self, page: ParsedPage, number: int, order: Order | None) -> Order | None:
        """The order of the table whose first row follows line ``number``: that line,
        unless empty or a heading, is the table's header."""
        text = self.lines[number - 1].strip() if number > 0 else ""
        if text and not _is_heading(text):
            return self._header_order(page, number, cached_match_glued_header(text, self._roles()))
        return order

    def _roles(self) -> tuple[str, str]:
        return self.names[0] or "", self.names[1] or ""

    def _header_order(self, page: ParsedPage, number: int, match: HeaderMatch) -> Order | None:
        """The column order a header gives, or None (with a warning) for one not trusted."""
        if match.order is None:
            shown = " | ".join(c for c in match.cells if c)
            page.warn(number, f"table header '{shown[:80]}' {match.reason}; nothing stored from the table")
            return None
        if match.exact and not self.display[0]:
            for side, cell in zip(match.order, match.cells, strict=True):
                self.display[side] = cell
        return match.order

    def _glued_cells(self, page: ParsedPage, number: int, match: tuple[Field, str], order: Order) -> None:
        """A glued row's cells (``match``: its field and the text after its label); a row of
        the usual shape is read without a search (:func:`pair_cells`)."""
        field, rest = match
        if number == self.cut_line:
            page.warn(number, f"row '{field.label}' is on the last line, which may be cut off; "
                              "nothing stored")
            return
        text = rest.strip()
        if len(text) > MAX_GLUED_ROW_CHARS:
            page.warn(number, f"row '{field.label}' is {len(rest):,} characters, longer than any real row "
                              f"({MAX_GLUED_ROW_CHARS:,}); nothing stored")
            return
        cells: Sequence[Sequence[FactValue]] | None = pair_values(field.kind, field.attribute, text)
        if cells is None:
            split = search_cells(field.kind, field.attribute, text)  # split_cells, its pair tried
            cells = split.unique
            if cells is None:
                self._unsplit_row(page, number, field, split, order)
                return
        facts = page.facts
        for side, values in zip(order, cells, strict=True):
            for value in values:
                facts.append(PageFact(side, value, number))

    def _unsplit_row(self, page: ParsedPage, number: int, field: Field, split: Split, order: Order) -> None:
        """A glued row read more than one way (kept for the KB to settle), or none."""
        if split.ambiguous:
            page.ambiguous.append(AmbiguousRow(number, field, split, order))
        else:
            line = self.lines[number - 1].strip()
            page.warn(number, f"row '{line[:80]}' does not read as two {field.kind.value} values; "
                              "nothing stored")

    def _store_cells(self, page: ParsedPage, field: Field, number: int, order: Order, a: str, b: str) -> None:
        facts = page.facts
        for side, text in ((order[0], a), (order[1], b)):
            values = parsed_cell(field.kind, field.attribute, text)
            if values is None:
                page.warn(number, f"'{field.label}' value '{text[:60]}' is not a {field.kind.value}; "
                                  "nothing stored")
                continue
            for value in values:
                facts.append(PageFact(side, value, number))

    # -- descriptions, responsibilities, skills ---------------------------------------
    def read_sections(self, page: ParsedPage) -> None:
        """Each role's description, responsibilities and skill shares, from the sections
        headed with the role's name (each walked from its heading to where it ends)."""
        for at in self.heading_at:
            number = self.sentences[at][0]
            mode, role = self.headings[number]
            side = self._section_side(page, number, role)
            if side is None:
                continue
            if mode == "describe":
                self._read_description(page, at + 1, side)
            else:
                self._read_items(page, at + 1, side, mode)
        if self.layout == "markdown":
            self._markdown_descriptions(page)

    def _read_description(self, page: ParsedPage, start: int, side: int) -> None:
        """A "What does ... do?" section: its first line that is not a bullet (bullets
        are passed over) describes the role; a heading first ends it."""
        lines, headings = self.lines, self.headings
        for number, line in itertools.islice(self.sentences, start, None):
            if number in headings:
                return
            if bullet_text(line, lines[number - 1]) is None:
                text = self._complete_text(line, number)
                if text:
                    page.facts.append(PageFact(side, FactValue("description", "", None, text, text), number))
                return

    def _read_items(self, page: ParsedPage, start: int, side: int, mode: str) -> None:
        """The bullets of a responsibilities or skills section, up to the first line that
        is not a bullet (or is a heading)."""
        lines, headings, cut_line = self.lines, self.headings, self.cut_line
        for number, line in itertools.islice(self.sentences, start, None):
            if number in headings:
                return
            item = bullet_text(line, lines[number - 1])
            if item is None:
                return
            if number == cut_line or item.casefold().rstrip(".") == SHOW_MORE:
                continue
            if mode == "duties":
                page.responsibilities.append(PageItem(side, item, number))
            elif skill := skill_item(item):
                page.skills.append(PageSkill(side, skill[0].strip(), float(skill[1]), False, number))
            else:
                page.warn(number, f"skill '{item[:60]}' has no share")

    def _section_side(self, page: ParsedPage, number: int, role: str) -> int | None:
        side = self.side_of(role)
        if side is None:
            page.warn(number, f"section for '{role}', which is not a role of this page; skipped")
        return side

    def _complete_text(self, line: str, number: int) -> str:
        """The paragraph, without a trailing sentence cut off by the excerpt's end."""
        if number != self.cut_line or line.endswith((".", "!", "?")):
            return line
        ends = list(SENTENCE_END.finditer(line))
        return line[: ends[-1].end()] if ends else ""

    def _markdown_descriptions(self, page: ParsedPage) -> None:
        """Plain paragraphs after the first table describe the roles, in page order; a
        paragraph is kept only if it names its role (authors sometimes paste another's)."""
        paragraphs: list[tuple[int, str]] = []
        first = self.md_rows[0][0] if self.md_rows else len(self.sentences)
        for number, line in itertools.islice(self.sentences, first, None):  # from the first table on
            if line[0] == "|" and line[-1] == "|" and len(line) >= 2:  # a markdown row (MD_ROW)
                if paragraphs:
                    break
                continue
            if _pay_scales(line) or _is_section_title(line) \
                    or bullet_text(line, self.lines[number - 1]) is not None:
                break
            paragraphs.append((number, line))
            if len(paragraphs) == 2:
                break  # only the first two are read
        for side, (number, line) in enumerate(paragraphs[:2]):
            if not _describes(line, self.names[side] or "", self.names[1 - side] or ""):
                page.warn(number, f"paragraph does not describe '{self.names[side]}'; "
                                  "not stored as its description")
                continue
            text = self._complete_text(line, number)
            if text:
                page.facts.append(PageFact(side, FactValue("description", "", None, text, text), number))


MAX_SHARE_DIGITS = 3  # SKILL_ITEM's \d{1,3}


def skill_item(item: str) -> tuple[str, str] | None:
    """``SKILL_ITEM.match(item)``'s name and share (None where it does not match), read
    with str methods, for an item holding no newline.  Its share holds no comma, so the
    lazy name ends at the last comma; ``\\s*`` takes the white space after it (as
    ``str.lstrip`` does: ``\\s`` is ``str.isspace``); ``\\d`` is ``str.isdecimal``."""
    cut = item.rfind(",")
    if cut < 1 or item[-1] != "%":
        return None
    share = item[cut + 1:-1].lstrip()
    whole, dot, fraction = share.partition(".")
    if 0 < len(whole) <= MAX_SHARE_DIGITS and whole.isdecimal() and (not dot or fraction.isdecimal()):
        return item[:cut], share
    return None


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _split_list(text: str) -> list[str]:
    """"customer service, logistics and video production" -> the three skills."""
    parts = [p.strip() for p in text.split(",")]
    last = parts.pop() if parts else ""
    head, sep, tail = last.rpartition(" and ")
    if sep and not head.startswith("and "):
        parts.extend([head, tail])
    else:
        parts.append(last)
    cleaned = [" ".join(_without_leading_and(p).split()) for p in parts]
    return [p for p in cleaned if p and p not in (".", "and")]


def _without_leading_and(part: str) -> str:
    """``LEADING_AND.sub("", part)`` with str methods: "and" at the start, then a word
    boundary (the next character, if any, is not a word character: ``\\w`` is
    ``str.isalnum`` or "_")."""
    if part.startswith("and"):
        after = part[3:4]
        if not (after.isalnum() or after == "_"):
            return part[3:]
    return part


def _present(word: str, words: set[str]) -> bool:
    return word in words or any(fuzz.ratio(word, w) >= SAME_WORD_SCORE for w in words)


PAY_SCALES_WORDS = ("pay scales", "background", "demographics")  # one in each of PAY_SCALES's phrases


def _pay_scales(line: str) -> bool:
    """``PAY_SCALES.search(line)``, the pattern searched only in a line holding one of
    PAY_SCALES_WORDS (case aside: in an ASCII line re.I matches ASCII letters only, to
    each other's case, as ``str.lower`` folds them) or a character not ASCII (re.I
    matches some to ASCII letters, such as "ſ" to "s")."""
    if line.isascii():
        lowered = line.lower()
        if not (PAY_SCALES_WORDS[0] in lowered or PAY_SCALES_WORDS[1] in lowered
                or PAY_SCALES_WORDS[2] in lowered):
            return False
    return PAY_SCALES.search(line) is not None


def _describes(paragraph: str, role: str, other: str) -> bool:
    """Whether a paragraph's first sentence names ``role`` rather than ``other``: it must
    hold most of the role's words (spelling variants such as aid/aide allowed), and more
    of them than of the other role's own words."""
    first = SENTENCE_END.split(paragraph, maxsplit=1)[0]
    words = {singularize(w) for w in role_key(first).split()}
    mine = [singularize(w) for w in cached_role_key(role).split()]  # the page's names: memoised
    theirs = [singularize(w) for w in cached_role_key(other).split()]
    if not mine:
        return False
    hits = sum(_present(w, words) for w in mine)
    own = sum(_present(w, words) for w in mine if w not in theirs)
    other_own = sum(_present(w, words) for w in theirs if w not in mine)
    return hits * 2 >= len(mine) and _present(mine[-1], words) | (hits >= 2) and own >= other_own


def decode_page(path: str, data: bytes) -> str:
    """The page's text, or :class:`PageError` for what is not a text page."""
    if not data.strip():
        raise PageError(path, "empty file, not a career comparison page")
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(path, f"larger than {MAX_PAGE_BYTES:,} bytes, not a career comparison page")
    if b"\x00" in data:
        raise PageError(path, "binary file, not a career comparison page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PageError(path, "not UTF-8 text, not a career comparison page") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_table_against_prose(page: ParsedPage, start: int) -> None:
    """The summary sentence names both roles' salaries; a table whose salaries match neither
    side as read (its columns are on the wrong roles, or it was pasted from another page)
    has nothing stored from the page's tables, with a warning."""
    prose = {f.side: f.value for f in page.facts[:start] if f.value.attribute == "yearly_salary"}
    if len(prose) < 2:
        return  # nothing to check against
    table: dict[int, PageFact] = {}
    for f in itertools.islice(page.facts, start, None):  # the first (overview) table's salary of each side
        if f.value.attribute == "yearly_salary" and not f.value.qualifier and not f.value.missing:
            table.setdefault(f.side, f)
            if len(table) == 2:
                break  # both found: a later salary changes nothing (setdefault)
    checked = [side for side in (0, 1) if side in prose and side in table]
    if len(checked) < 2 or any(prose[side].same_value(table[side].value) for side in checked):
        return
    swapped = all(prose[1 - side].same_value(table[side].value) for side in checked)
    reason = "its columns are the other way round" if swapped else "it may come from another page"
    page.warn(table[0].line, f"table salaries disagree with the summary sentence ({reason}); "
                             "nothing stored from the table")
    del page.facts[start:]


# each byte of an ASCII text: a lower-case letter as it is, an upper-case one lowercased,
# any other a space (where a run of letters is cut)
_WORD_BYTES = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
MIN_WORD = 3  # the letters of the shortest word WORD matches
# every run of ASCII lower-case letters shorter than MIN_WORD: taken out of a page's runs
# as a set, in one C-level pass
_SHORT_RUNS = frozenset(
    "".join(letters) for n in range(1, MIN_WORD)
    for letters in itertools.product(string.ascii_lowercase, repeat=n)
)


def page_words(text: str) -> set[str]:
    """The page's words: the runs of three ASCII letters or more (as :data:`WORD` finds
    them), case-folded.  Read without a regex: every other character is cut at, after the
    text is folded all at once, as bytes.  Each character not ASCII is made a ``?`` first
    (one byte), so that folding cannot make an ASCII letter of one (the Kelvin sign folds
    to ``k``) and each still cuts a run where it stood."""
    folded = text.encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii")
    return set(folded.split()) - _SHORT_RUNS


def parse_text(text: str, path: str = "<text>", digest: str | None = None) -> ParsedPage:
    """Parse a page's text.  Raises :class:`PageError` if it is not a comparison page."""
    digest = digest or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    text, dirty = strip_controls(text)
    reader = _Reader(path, text, digest)
    reader.find_roles()
    for name in reader.names:
        if name is not None and not cached_role_key(name):
            raise PageError(path, f"role name {name!r} has no letters or digits; "
                                  "not a career comparison page")
    plurals = reader.find_plurals()
    roles = tuple(
        PageRole(name=reader.names[s] or "", display=reader.display[s], plural=plurals[s]) for s in (0, 1)
    )
    page = ParsedPage(path, digest, reader.layout, reader.title, (roles[0], roles[1]), len(reader.lines))
    for number in dirty:
        page.warn(number, "control characters (terminal escape sequences) removed")
    reader.read_summary(page)
    before_tables = len(page.facts)
    reader.read_tables(page)
    _check_table_against_prose(page, before_tables)
    roles[0].display, roles[1].display = reader.display[0], reader.display[1]
    reader.read_sections(page)
    page.words = page_words(text)
    if not page.facts and not page.skills:
        raise PageError(path, "not a career comparison page (no figures found)")
    return page


def parse_file(path: str | Path, label: str | None = None) -> ParsedPage:
    """Read and parse one page file.  Raises :class:`PageError` naming the file.
    ``label`` is the name the page is recorded under (default: the path)."""
    name = label or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}; check the path and the file's permissions"
        raise PageError(name, reason) from None
    text = decode_page(name, data)
    return parse_text(text, name, hashlib.sha256(data).hexdigest())
