"""The replies to outcomes of understanding that carry no figure: an unknown role, a
clarifying question, a topic the pages never hold, a place they give no figures for."""

from __future__ import annotations

from chatbot.answers.format import listing
from chatbot.answers.handlers import Reply
from chatbot.answers.uncovered import not_covered_reply
from chatbot.nlu.request import Clarification, NotCovered, Outcome, UnknownRole

__all__ = ["word_outcome"]

MAX_CANDIDATES_NAMED = 5
NO_LOCATION = ("The pages give no {label} by state or city, only national figures and the highest paying "
               "city and state; ask without \u201c{location}\u201d for the national figure.")


def _unknown(outcome: UnknownRole) -> Reply:
    suggestions = list(outcome.suggestions)
    text = f"I don't know the role \u201c{outcome.text}\u201d."
    if suggestions:
        text += f" The closest roles I know: {listing(suggestions)}."
    return Reply("unknown_role", text, {"unknown_role": outcome.text}, [], suggestions)


def _clarify(outcome: Clarification) -> Reply:
    pending = outcome.pending
    names = [c.name for c in pending.candidates]
    if len(names) == 1:
        text = f"Do you mean {names[0]}?"
    else:
        shown = names[:MAX_CANDIDATES_NAMED]
        more = len(names) - len(shown)
        options = listing(shown, limit=len(shown), conjunction="or") if not more else \
            f"{', '.join(shown)} or one of {more:,} more"
        text = f"Which role do you mean by \u201c{pending.mention}\u201d: {options}?"
    data = {"candidates": names, "mention": pending.mention}
    return Reply("clarify", text, data, [], names[:MAX_CANDIDATES_NAMED])


def word_outcome(outcome: Outcome) -> Reply:
    """The reply to an outcome that needs no figure."""
    if isinstance(outcome, UnknownRole):
        return _unknown(outcome)
    if isinstance(outcome, Clarification):
        return _clarify(outcome)
    if isinstance(outcome, NotCovered):
        return not_covered_reply(outcome.words, outcome.plurals)
    text = NO_LOCATION.replace("{label}", outcome.label).replace("{location}", outcome.location)
    return Reply("no_data", text, {"location": outcome.location})
