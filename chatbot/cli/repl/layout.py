"""Profiles and side-by-side answers laid out as small aligned tables for the terminal.

An answer such as ``Production Leader: yearly salary $44,563 a year; hourly rate $21.42 an
hour; ...`` (three or more ``; ``-separated items after a ``:``) becomes a heading and one
row per item, the label in one column and the value (or the values either side of
``vs``) in the next ones.  Text that does not have that shape comes back unchanged, so
the layout never loses or reorders a word.

>>> print(as_table("P: yearly salary $1 a year; hourly rate $2 an hour; jobs 3 vs 4."))
P:
  yearly salary  $1 a year
  hourly rate    $2 an hour
  jobs           3           4
"""

from __future__ import annotations

__all__ = ["MIN_ROWS", "as_table"]

MIN_ROWS = 3            # fewer items read better as a sentence
ITEM_SEP = "; "
VALUE_SEP = " vs "
NO_DATA = ("no", "data")
INDENT = "  "
GAP = "  "


def _split_item(item: str) -> tuple[str, list[str]] | None:
    """``(label, values)``: the label is the leading lower-case words, the rest the value."""
    words = item.split()
    for n, word in enumerate(words):
        if not word[0].islower() or tuple(words[n:n + 2]) == NO_DATA:
            if n == 0:
                return None
            return " ".join(words[:n]), " ".join(words[n:]).split(VALUE_SEP)
    return None


def as_table(text: str) -> str:
    """``text`` with its ``head: item; item; item.`` part as an aligned table (see the module)."""
    first = text.find(ITEM_SEP)
    colon = text.rfind(": ", 0, first)
    if first < 0 or colon < 0:
        return text
    head, body = text[:colon + 1], text[colon + 2:]
    items = body.split(ITEM_SEP)
    last, dot, tail = items[-1].partition(". ")
    items[-1] = last if dot else last.rstrip(".")
    rows = [_split_item(item) for item in items]
    if len(rows) < MIN_ROWS or any(r is None for r in rows):
        return text
    cells = [[label, *values] for label, values in (r for r in rows if r is not None)]
    columns = max(len(c) for c in cells)
    widths = [max(len(c[i]) for c in cells if len(c) > i) for i in range(columns)]
    lines = [head]
    for row in cells:
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append((INDENT + GAP.join(padded)).rstrip())
    if dot and tail:
        lines.append(tail)
    return "\n".join(lines)
