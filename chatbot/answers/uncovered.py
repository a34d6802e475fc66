"""Replies for questions the pages cannot answer: a topic they never hold ("benefits") or
words no stage of understanding accounted for ("canada").  No figure is ever given."""

from __future__ import annotations

from collections.abc import Sequence

from chatbot.answers.format import listing
from chatbot.answers.handlers import Reply
from chatbot.answers.outputs import Status

__all__ = ["NOT_COVERED_STATUS", "not_covered_reply"]

NOT_COVERED_STATUS: Status = "no_data"
WHAT_PAGES_GIVE = (
    "salary, hourly rate, growth, jobs, satisfaction, education, demographics, skills and duties"
)


def not_covered_reply(words: Sequence[str], plurals: Sequence[str]) -> Reply:
    """The pages hold nothing about ``words``; say what they do hold for the roles asked about."""
    about = listing([f"\u201c{w}\u201d" for w in words], limit=len(words))
    whom = f"for {listing(list(plurals), limit=len(plurals))} they give" if plurals else "they give"
    text = f"The pages have no information about {about}; {whom} {WHAT_PAGES_GIVE}."
    return Reply(NOT_COVERED_STATUS, text, {"not_covered": list(words)}, [], [])
