"""One question's view of the KB: a role's facts read with one query instead of one per
attribute.

A summary or a profile reads a dozen attributes of each role (13 to 20 statements a
question), a range or a figure with its share two.  :class:`QuestionReader` reads the
attributes a question will read of a role (``attributes``, planned from the request by
:func:`chatbot.answers.handlers.facts_read`) with one statement the first time the question
reads the role: only those rows (a whole role is 30-70 rows, 40-70 us; two of its
attributes 2-4 rows, ~9 us).  Any other attribute is read alone the first time and with
the whole role the second (``whole_roles``: at once); a plain fact question stays one
small query.  The rows are the ones :meth:`KBReader.fact` and :meth:`KBReader.facts`
return, in the same order, so the answers do not change.  A view lives for one question:
a KB change between questions is always seen.
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

# some attributes of one role: those a question reads (a JSON array parameter)
SQL_ROLE_SOME_FACTS = (
    "select f.id, f.attribute, f.qualifier, f.value_num, f.value_text, f.raw, p.path, s.line from facts f "
    "left join fact_sources s on s.fact_id = f.id left join pages p on p.id = s.page_id "
    "where f.role_id = ? and f.attribute in (select value from json_each(?)) order by f.id, p.id, s.line"
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

    def __init__(self, reader: KBReader, whole_roles: bool = False, attributes: Sequence[str] = ()) -> None:
        super().__init__(reader.conn, reader.path, reader._lock)  # the engine reader's lock
        self._whole_roles = whole_roles
        # the attributes the question will read of each of its roles: all of them with one statement
        self._planned: frozenset[str] = frozenset(attributes)
        self._planned_order = list(dict.fromkeys(attributes))  # made JSON when first read (most plan none)
        self._planned_facts: dict[int, _RoleFacts] = {}
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

    @staticmethod
    def _grouped(rows_read: list[tuple[Any, ...]]) -> _RoleFacts:
        """A role's facts by attribute (rows of :data:`SQL_ROLE_FACTS`'s columns, in id order)."""
        grouped: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows_read:
            grouped.setdefault(row[0], []).append(row)
        facts: _RoleFacts = {}
        for fid, rows in grouped.items():
            _, attribute, qualifier, num, text, raw = rows[0][:6]
            sources = tuple((p, ln) for *_, p, ln in rows if p is not None)
            facts.setdefault(attribute, []).append(FactRow(fid, qualifier, num, text, raw, sources))
        return facts

    def _role_facts(self, role_id: int, trace: list[str] | None) -> _RoleFacts | None:
        """The role's facts, read now if this question reads the role a second time (or
        reads whole roles); None while a single fact is cheaper."""
        known = self._roles.get(role_id)
        if known is not None:
            return known
        if not self._whole_roles and role_id not in self._touched:
            self._touched.add(role_id)
            return None
        facts = self._roles[role_id] = self._grouped(self._all(SQL_ROLE_FACTS, (role_id,), trace))
        return facts

    def _lookup(self, role_id: int, attribute: str, trace: list[str] | None) -> Sequence[FactRow] | None:
        """The role's facts of ``attribute`` from what this question read (reading the planned
        attributes of the role, or the whole role, when due); None: read the one fact."""
        everywhere = self._everywhere.get(attribute)
        if everywhere is not None:
            return everywhere.get(role_id, ())
        whole = self._roles.get(role_id)
        if whole is not None:
            return whole.get(attribute, ())
        if attribute in self._planned:
            planned = self._planned_facts.get(role_id)
            if planned is None:
                planned = self._planned_facts[role_id] = self._grouped(
                    self._all(SQL_ROLE_SOME_FACTS, (role_id, json.dumps(self._planned_order)), trace))
            return planned.get(attribute, ())
        facts = self._role_facts(role_id, trace)
        return None if facts is None else facts.get(attribute, ())

    def fact(self, role_id: int, attribute: str, qualifier: str = "",
             trace: list[str] | None = None) -> FactRow | None:
        facts = self._lookup(role_id, attribute, trace)
        if facts is None:
            return super().fact(role_id, attribute, qualifier, trace)
        return next((f for f in facts if f.qualifier == qualifier), None)

    def facts(self, role_id: int, attribute: str, trace: list[str] | None = None) -> list[FactRow]:
        facts = self._lookup(role_id, attribute, trace)
        if facts is None:
            return super().facts(role_id, attribute, trace)
        return list(facts)
