"""Figures in the pages' own notation: $49,366; $23.73; 69%; 68,532; -3%; 4.14; 2 years."""

from __future__ import annotations

MAX_LISTED = 8  # longer lists are summarised: the first ones and a count
SHORT_REST = 3  # ... unless no more than this many are left: then all are listed ("and 2 more" hides little)


def listed_count(total: int) -> int:
    """How many of ``total`` items a list shows: all of a short one, else the first ``MAX_LISTED``."""
    return total if total <= MAX_LISTED + SHORT_REST else MAX_LISTED


def _trim(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def figure(fmt: str, num: float | None, text: str | None = None) -> str:
    """One value as the pages write it."""
    if num is None:
        return text or ""
    if fmt == "money":
        return f"-${abs(num):,.0f}" if num < 0 else f"${num:,.0f}"
    if fmt == "hourly":
        return f"-${abs(num):,.2f}" if num < 0 else f"${num:,.2f}"
    if fmt in ("percent", "share", "groups"):
        return f"{_trim(num)}%"
    if fmt == "count":
        return f"{num:,.0f}"
    if fmt == "years":
        return f"{_trim(num)} year" + ("" if num == 1 else "s")
    return _trim(num)


def difference(fmt: str, diff: float) -> str:
    """The gap between two values of one format."""
    if fmt in ("percent", "share", "groups"):
        points = _trim(diff)
        return f"{points} percentage point" + ("" if diff == 1 else "s")
    if fmt == "age":
        return f"{_trim(diff)} year" + ("" if diff == 1 else "s")
    if fmt == "rating":
        return f"{_trim(diff)} point" + ("" if diff == 1 else "s")
    return figure(fmt, diff)


def percent_more(diff: float, base: float) -> str | None:
    """"10.8%" (diff relative to base), or None when base is zero or negative."""
    if base <= 0:
        return None
    return f"{diff / base * 100:.1f}%"


def listing(items: list[str], limit: int = MAX_LISTED, conjunction: str = "and") -> str:
    """"a, b and c"; past ``limit`` items, "a, b, ... and 12 more"."""
    if not items:
        return ""
    if len(items) > limit:
        shown = items[:limit]
        return f"{', '.join(shown)} {conjunction} {len(items) - limit:,} more"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def counted(n: int, noun: str) -> str:
    """"1 role", "3 roles", "1,200 roles"."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def with_article(phrase: str) -> str:
    """"an average age", "a yearly salary", "an LGBT share"."""
    first = phrase[:1].lower()
    acronym = phrase[:1].isupper() and phrase.split(" ")[0].isupper()
    vowel_sound = first in "aeiou" or (acronym and first in "aefhilmnorsx")
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def named_after_for(name: str, plural: str) -> str:
    """How a comparison names the role it compares with ("... vs $36,442 for ..."): its plural,
    or, when the plural does not hold the title ("secretaries"), the title with an article
    ("a secretary"), so that a reader looking for the title finds it."""
    return plural if name.lower() in plural.lower() else with_article(name)
