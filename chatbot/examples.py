"""Example questions that name roles the knowledge base in use actually has.

The intent files' examples are written with the roles of the shipped pages
(:data:`EXAMPLE_ROLES`).  On another KB, each of those names in an example is replaced by
a role of that KB (a different one for each name, plural where the example says the
plural), so the greeting, ``:help`` and the not-understood reply never suggest a
question the bot cannot answer.  An example needing more roles than the KB has is left
out.

>>> from chatbot.examples import KBRole, fill_examples
>>> fill_examples(["which pays more, production coordinator or production leader?"],
...               [KBRole("nurse", "nurses"), KBRole("welder", "welders")])
('which pays more, nurse or welder?',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["EXAMPLE_ROLES", "KBRole", "fill_examples"]

#: the roles the examples in ``intents/*.toml`` are written with (those of the shipped pages)
EXAMPLE_ROLES = ("production coordinator", "production leader", "process leader")


class RoleLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def plural(self) -> str: ...


@dataclass(frozen=True)
class KBRole:
    """A role of the KB: its name and plural."""

    name: str
    plural: str


def _mention_pattern(names: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})(s?)\b", re.IGNORECASE)


_MENTION = _mention_pattern(EXAMPLE_ROLES)


def _fill(example: str, kb_names: dict[str, RoleLike], order: Sequence[str]) -> str | None:
    mentioned = list(dict.fromkeys(m.group(1).lower() for m in _MENTION.finditer(example)))
    if all(name in kb_names for name in mentioned):
        return example
    taken = {name for name in mentioned if name in kb_names}
    spare = [name for name in order if name not in taken]
    mapping: dict[str, RoleLike] = {}
    for name in mentioned:
        if name in kb_names:
            mapping[name] = kb_names[name]
        elif spare:
            mapping[name] = kb_names[spare.pop(0)]
        else:
            return None

    def replace(match: re.Match[str]) -> str:
        role = mapping[match.group(1).lower()]
        return role.plural.lower() if match.group(2) else role.name

    return _MENTION.sub(replace, example)


def fill_examples(examples: Iterable[str], roles: Iterable[RoleLike]) -> tuple[str, ...]:
    """``examples`` with their role names replaced by roles of the KB (see the module)."""
    kb_names = {r.name.lower(): r for r in roles}
    order = sorted(kb_names)
    filled = (_fill(e, kb_names, order) for e in examples)
    return tuple(e for e in filled if e is not None)
