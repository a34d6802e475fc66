"""One question's view of the KB: a role's facts read with one query instead of one per
attribute.

A summary or a profile reads a dozen attributes of each role (13 to 20 statements a
question); :class:`QuestionReader` reads every fact of a role, with its sources, in one
statement the first time the question needs it (``whole_roles``), or the second time a
question reads a fact of the same role otherwise (a plain fact question stays one small
query).  The rows are the ones :meth:`KBReader.fact` and :meth:`KBReader.facts` return,
in the same order, so the answers do not change.  A view lives for one question: a KB
change between questions is always seen.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from chatbot.answers.queries import FactRow, KBReader

__all__ = ["QuestionReader", "SQL_ROLE_FACTS"]

SQL_ROLE_FACTS = (
    "select f.id, f.attribute, f.qualifier, f.value_num, f.value_text, f.raw, p.path, s.line from facts f "
    "left join fact_sources s on s.fact_id = f.id left join pages p on p.id = s.page_id "
    "where f.role_id = ? order by f.id, p.id, s.line"
)

SQL_ATTRIBUTE_FACTS = (
    "select f.role_id, f.id, f.attribute, f.qualifier, f.value_num, f.value_text, f.raw, p.path, s.line "
    "from facts f left join fact_sources s on s.fact_id = f.id left join pages p on p.id = s.page_id "
    "where f.attribute in (select value from json_each(?)) order by f.role_id, f.id, p.id, s.line"
)

_RoleFacts = dict[str, list[FactRow]]  # attribute -> its facts, in id order


class QuestionReader(KBReader):
    """A :class:`KBReader` over the same connection (and lock) that keeps the facts of
    the roles one question reads."""

    def __init__(self, reader: KBReader, whole_roles: bool = False) -> None:
        super().__init__(reader.conn, reader.path, reader._lock)  # the engine reader's lock
        self._whole_roles = whole_roles
        self._roles: dict[int, _RoleFacts] = {}
        self._touched: set[int] = set()
        self._everywhere: dict[str, dict[int, list[FactRow]]] = {}  # attribute -> role id -> facts

    def read_for_every_role(self, attributes: Sequence[str], trace: list[str] | None = None) -> None:
        """Read these attributes of every role with one statement (a question that filters or
        ranks every role on them); :meth:`fact` and :meth:`facts` then answer from it."""
        wanted = tuple(a for a in dict.fromkeys(attributes) if a not in self._everywhere)
        if not wanted:
            return
        grouped: dict[int, list[tuple[Any, ...]]] = {}
        for row in self._all(SQL_ATTRIBUTE_FACTS, (json.dumps(wanted),), trace):
            grouped.setdefault(row[1], []).append(row)
        for attribute in wanted:
            self._everywhere[attribute] = {}
        for fid, rows in grouped.items():
            role_id, _, attribute, qualifier, num, text, raw = rows[0][:7]
            sources = tuple((p, ln) for *_, p, ln in rows if p is not None)
            self._everywhere[attribute].setdefault(role_id, []).append(
                FactRow(fid, qualifier, num, text, raw, sources))

    def _role_facts(self, role_id: int, trace: list[str] | None) -> _RoleFacts | None:
        """The role's facts, read now if this question reads the role a second time (or
        reads whole roles); None while a single fact is cheaper."""
        known = self._roles.get(role_id)
        if known is not None:
            return known
        if not self._whole_roles and role_id not in self._touched:
            self._touched.add(role_id)
            return None
        grouped: dict[int, list[tuple[Any, ...]]] = {}
        for row in self._all(SQL_ROLE_FACTS, (role_id,), trace):
            grouped.setdefault(row[0], []).append(row)
        facts: _RoleFacts = {}
        for fid, rows in grouped.items():
            _, attribute, qualifier, num, text, raw = rows[0][:6]
            sources = tuple((p, ln) for *_, p, ln in rows if p is not None)
            facts.setdefault(attribute, []).append(FactRow(fid, qualifier, num, text, raw, sources))
        self._roles[role_id] = facts
        return facts

    def fact(self, role_id: int, attribute: str, qualifier: str = "",
             trace: list[str] | None = None) -> FactRow | None:
        everywhere = self._everywhere.get(attribute)
        if everywhere is not None:
            return next((f for f in everywhere.get(role_id, ()) if f.qualifier == qualifier), None)
        facts = self._role_facts(role_id, trace)
        if facts is None:
            return super().fact(role_id, attribute, qualifier, trace)
        return next((f for f in facts.get(attribute, ()) if f.qualifier == qualifier), None)

    def facts(self, role_id: int, attribute: str, trace: list[str] | None = None) -> list[FactRow]:
        everywhere = self._everywhere.get(attribute)
        if everywhere is not None:
            return list(everywhere.get(role_id, ()))
        facts = self._role_facts(role_id, trace)
        if facts is None:
            return super().facts(role_id, attribute, trace)
        return list(facts.get(attribute, ()))
