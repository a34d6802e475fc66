"""The SQL the engine runs: every query parameterised, over a read-only connection.

Each method records the statements it ran into ``trace`` (shown by ``:debug``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from chatbot.errors import KBError

SQL_ROLES = "select id, name, plural, display, key from roles order by name"
SQL_ALIASES = "select alias, role_id from role_aliases"
SQL_SKILL_NAMES = "select distinct name from skills"
SQL_WORDS = "select word from words"
# the roles and the role-name index (chatbot.kb.name_index), read per question at any size
SQL_ROLE = "select id, name, plural, display, key from roles where id = ?"
SQL_ROLES_IN = "select id, name, plural, display, key from roles where id in (select value from json_each(?))"
SQL_ROLE_BY_KEY = "select id, name, plural, display, key from roles where key = ?"
SQL_FIRST_ROLES = "select id, name, plural, display, key from roles order by name limit ?"
SQL_ROLE_IDS = "select id from roles order by name"
SQL_ROLE_COUNT = "select count(*) from roles"
SQL_ROLE_KEYS_IN = "select id, key from roles where id in (select value from json_each(?))"
SQL_TABLES = "select name from sqlite_master where type = 'table'"
SQL_VOCAB = "select word, head, roles from role_vocab"
SQL_NAMED = "select role_id from role_names where key = ?"
SQL_NAME_PREFIX = "select exists (select 1 from role_names where key >= ? and key < ?)"
SQL_NAME_KEYS = "select distinct key from role_names"
SQL_HOLDERS = "select role_id from role_words where word = ?"
SQL_HOLDERS_LIMIT = "select role_id from role_words where word = ? order by role_id limit ?"
SQL_HOLDERS_OF_ANY = "select distinct role_id from role_words where word in (select value from json_each(?))"
SQL_HOLDERS_AMONG = ("select distinct role_id from role_words where word in (select value from json_each(?)) "
                     "and role_id in (select value from json_each(?))")
RoleRow = tuple[int, str, str | None, str | None, str]  # id, name, plural, display, key
KEY_END = "!"  # sorts right after the space between a key's words: "a b" <= key < "a b!" is a prefix
SQL_FACT = (
    "select f.id, f.value_num, f.value_text, f.raw, p.path, s.line from facts f "
    "left join fact_sources s on s.fact_id = f.id left join pages p on p.id = s.page_id "
    "where f.role_id = ? and f.attribute = ? and f.qualifier = ? order by p.id, s.line"
)
SQL_FACTS_ALL_QUALIFIERS = (
    "select f.id, f.qualifier, f.value_num, f.value_text, f.raw, p.path, s.line from facts f "
    "left join fact_sources s on s.fact_id = f.id left join pages p on p.id = s.page_id "
    "where f.role_id = ? and f.attribute = ? order by f.id, p.id, s.line"
)
SQL_SKILLS = (
    "select s.name, s.share, s.top_three, p.path, s.line from skills s left join pages p on p.id = s.page_id "
    "where s.role_id = ? order by s.share is null, s.share desc, s.id"
)
SQL_RESPONSIBILITIES = (
    "select r.text, p.path, r.line from responsibilities r left join pages p on p.id = r.page_id "
    "where r.role_id = ? order by r.id"
)
SQL_RANKED = (
    "select f.role_id, f.value_num, f.id from facts f where f.attribute = ? and f.qualifier = ? "
    "and f.value_num is not null order by f.value_num {order}, f.id limit ?"
)
SQL_COUNT_EQUAL = "select count(*) from facts where attribute = ? and qualifier = ? and value_num = ?"
SQL_COUNT_WITH_VALUE = ("select count(*) from facts where attribute = ? and qualifier = ? "
                        "and value_num is not null")
SQL_BEYOND = (
    "select f.role_id, f.value_num, f.id from facts f where f.attribute = ? and f.qualifier = ? "
    "and f.value_num {op} ? order by f.value_num {order}, f.id limit ?"
)
SQL_COUNT_BEYOND = "select count(*) from facts where attribute = ? and qualifier = ? and value_num {op} ?"
THRESHOLD_SQL = {"above": (">", "desc"), "at_least": (">=", "desc"), "below": ("<", "asc"),
                 "at_most": ("<=", "asc")}
SQL_SOURCES = (
    "select p.path, s.line from fact_sources s join pages p on p.id = s.page_id where s.fact_id = ? "
    "order by p.id, s.line"
)

# several facts' sources: the ids as one JSON array parameter (fixed SQL text, no limit on their number)
SQL_SOURCES_OF = (
    "select s.fact_id, p.path, s.line from fact_sources s join pages p on p.id = s.page_id "
    "where s.fact_id in (select value from json_each(?)) order by s.fact_id, p.id, s.line"
)


class FactRow(NamedTuple):
    """One stored fact: value (both None when the page marks it missing) and sources (a
    named tuple: an answer reads a few, a ranking thousands)."""

    id: int
    qualifier: str
    num: float | None
    text: str | None
    raw: str | None
    sources: tuple[tuple[str, int], ...]

    @property
    def missing(self) -> bool:
        return self.num is None and self.text is None


@dataclass(frozen=True)
class SkillRow:
    name: str
    share: float | None
    top_three: bool
    page: str | None
    line: int | None


class KBReader:
    """Read-only queries over one KB connection (serialised: safe across threads)."""

    def __init__(self, conn: sqlite3.Connection, path: str, lock: threading.Lock | None = None) -> None:
        self.conn = conn
        self.path = path
        self._lock = lock if lock is not None else threading.Lock()  # one lock per connection

    def _all(self, sql: str, params: tuple[Any, ...], trace: list[str] | None) -> list[tuple[Any, ...]]:
        if trace is not None:
            trace.append(f"{sql}  -- {params!r}")
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                raise KBError(self.path, f"cannot read the knowledge base ({exc}); if it is being written, "
                                         "try again when that finishes") from None

    # -- load-time -------------------------------------------------------------------
    def roles(self) -> list[RoleRow]:
        return self._all(SQL_ROLES, (), None)

    def aliases(self) -> list[tuple[str, int]]:
        return self._all(SQL_ALIASES, (), None)

    def skill_names(self) -> list[str]:
        return [r[0] for r in self._all(SQL_SKILL_NAMES, (), None)]

    def words(self) -> list[str]:
        return [r[0] for r in self._all(SQL_WORDS, (), None)]

    # -- roles and the role-name index -------------------------------------------------
    def role(self, role_id: int) -> RoleRow | None:
        """The row of one role (id, name, plural, display, key), or None."""
        rows = self._all(SQL_ROLE, (role_id,), None)
        return rows[0] if rows else None

    def roles_in(self, role_ids: Iterable[int]) -> list[RoleRow]:
        """The rows of some roles (those still in the KB), in no particular order."""
        return self._all(SQL_ROLES_IN, (json.dumps(list(role_ids)),), None)

    def role_by_key(self, key: str) -> RoleRow | None:
        """The row of the role whose key (:func:`chatbot.kb.names.role_key`) is ``key``."""
        rows = self._all(SQL_ROLE_BY_KEY, (key,), None)
        return rows[0] if rows else None

    def first_roles(self, count: int) -> list[RoleRow]:
        """The first ``count`` roles by name."""
        return self._all(SQL_FIRST_ROLES, (count,), None)

    def role_ids(self) -> list[int]:
        """Every role's id, by name."""
        return [r[0] for r in self._all(SQL_ROLE_IDS, (), None)]

    def role_count(self) -> int:
        return int(self._all(SQL_ROLE_COUNT, (), None)[0][0])

    def role_keys(self, role_ids: Iterable[int]) -> list[tuple[int, str]]:
        """(id, key) of some roles."""
        return self._all(SQL_ROLE_KEYS_IN, (json.dumps(list(role_ids)),), None)

    def tables(self) -> set[str]:
        """The KB's tables (a KB of schema 2 has no role-name index)."""
        return {r[0] for r in self._all(SQL_TABLES, (), None)}

    def role_vocab(self) -> list[tuple[str, int, int]]:
        """Every word of a role name or alias: 1 where it ends some role's name, and how many
        roles hold it."""
        return self._all(SQL_VOCAB, (), None)

    def named(self, key: str) -> tuple[int, ...]:
        """The roles one name or alias (its singular tokens, joined by spaces) stands for."""
        return tuple(r[0] for r in self._all(SQL_NAMED, (key,), None))

    def name_prefix(self, key: str) -> bool:
        """Whether some name or alias is ``key`` or starts with its words."""
        return bool(self._all(SQL_NAME_PREFIX, (key, key + KEY_END), None)[0][0])

    def name_keys(self) -> list[str]:
        """Every name and alias key (for inspection: the engine looks keys up one by one)."""
        return [r[0] for r in self._all(SQL_NAME_KEYS, (), None)]

    def holders(self, word: str, limit: int | None = None) -> tuple[int, ...]:
        """The roles whose names (or aliases) hold ``word`` (the first ``limit`` by id)."""
        if limit is None:
            return tuple(r[0] for r in self._all(SQL_HOLDERS, (word,), None))
        return tuple(r[0] for r in self._all(SQL_HOLDERS_LIMIT, (word, limit), None))

    def holders_of_any(self, words: Collection[str]) -> set[int]:
        """The roles whose names hold one of ``words``."""
        return {r[0] for r in self._all(SQL_HOLDERS_OF_ANY, (json.dumps(sorted(words)),), None)}

    def holders_among(self, words: Collection[str], role_ids: Collection[int]) -> set[int]:
        """Those of ``role_ids`` whose names hold one of ``words`` (one look-up per pair)."""
        params = (json.dumps(sorted(words)), json.dumps(sorted(role_ids)))
        return {r[0] for r in self._all(SQL_HOLDERS_AMONG, params, None)}

    # -- per question ----------------------------------------------------------------
    def fact(self, role_id: int, attribute: str, qualifier: str = "",
             trace: list[str] | None = None) -> FactRow | None:
        rows = self._all(SQL_FACT, (role_id, attribute, qualifier), trace)
        if not rows:
            return None
        fid, num, text, raw = rows[0][:4]
        return FactRow(fid, qualifier, num, text, raw, tuple((p, ln) for *_, p, ln in rows if p is not None))

    def facts(self, role_id: int, attribute: str, trace: list[str] | None = None) -> list[FactRow]:
        grouped: dict[int, list[tuple[Any, ...]]] = {}
        for row in self._all(SQL_FACTS_ALL_QUALIFIERS, (role_id, attribute), trace):
            grouped.setdefault(row[0], []).append(row)
        out = []
        for fid, rows in grouped.items():
            _, qual, num, text, raw = rows[0][:5]
            out.append(FactRow(fid, qual, num, text, raw, tuple((p, ln) for *_, p,
                                                                ln in rows if p is not None)))
        return out

    def skills(self, role_id: int, trace: list[str] | None = None) -> list[SkillRow]:
        return [SkillRow(n, s, bool(t), p, ln) for n, s, t, p, ln in self._all(SQL_SKILLS, (role_id,), trace)]

    def responsibilities(self, role_id: int,
                         trace: list[str] | None = None) -> list[tuple[str, str | None, int | None]]:
        return self._all(SQL_RESPONSIBILITIES, (role_id,), trace)

    def sources(self, fact_id: int, trace: list[str] | None = None) -> tuple[tuple[str, int], ...]:
        return tuple(self._all(SQL_SOURCES, (fact_id,), trace))

    def read_for_every_role(self, attributes: Sequence[str], trace: list[str] | None = None) -> None:
        """A hint that a question reads ``attributes`` of every role: this reader reads them
        role by role when asked; a :class:`~chatbot.answers.prefetch.QuestionReader` reads
        them all with one statement now."""

    def sources_of(self, fact_ids: Sequence[int],
                   trace: list[str] | None = None) -> dict[int, tuple[tuple[str, int], ...]]:
        """:meth:`sources` of several facts in one statement: fact id -> its sources, in the
        order :meth:`sources` gives them; a fact without any is left out."""
        if not fact_ids:
            return {}
        found: dict[int, list[tuple[str, int]]] = {}
        for fid, path, line in self._all(SQL_SOURCES_OF, (json.dumps(list(fact_ids)),), trace):
            found.setdefault(fid, []).append((path, line))
        return {fid: tuple(rows) for fid, rows in found.items()}

    def ranked(self, attribute: str, qualifier: str, highest: bool, limit: int,
               trace: list[str] | None = None) -> tuple[list[tuple[int, float, int]], int]:
        """The roles with the highest (or lowest) values, and how many have a value."""
        sql = SQL_RANKED.format(order="desc" if highest else "asc")
        rows = self._all(sql, (attribute, qualifier, limit), trace)
        total = self._all(SQL_COUNT_WITH_VALUE, (attribute, qualifier), trace)[0][0]
        return rows, total

    def count_equal(self, attribute: str, qualifier: str, value: float,
                    trace: list[str] | None = None) -> int:
        """How many roles have exactly ``value`` (ties at the top of a ranking)."""
        return int(self._all(SQL_COUNT_EQUAL, (attribute, qualifier, value), trace)[0][0])

    def beyond(self, attribute: str, qualifier: str, op: str, value: float, limit: int,
               trace: list[str] | None = None) -> tuple[list[tuple[int, float, int]], int, int]:
        """Roles whose value is ``op`` (one of THRESHOLD_SQL) ``value``: some rows, their
        count, and the count of roles with any value."""
        op, order = THRESHOLD_SQL[op]
        rows = self._all(SQL_BEYOND.format(op=op, order=order), (attribute, qualifier, value, limit), trace)
        count = self._all(SQL_COUNT_BEYOND.format(op=op), (attribute, qualifier, value), trace)[0][0]
        total = self._all(SQL_COUNT_WITH_VALUE, (attribute, qualifier), trace)[0][0]
        return rows, count, total

    def summary(self) -> tuple[list[str], int, int, list[str]]:
        """Pages, role count, fact count and ingest notes (for ``chatbot kb``)."""
        pages = [r[0] for r in self._all("select path from pages order by id", (), None)]
        roles = self._all("select count(*) from roles", (), None)[0][0]
        facts = self._all("select count(*) from facts", (), None)[0][0]
        notes = [
            f"{kind}: {path}{':' + str(line) if line else ''}: {message}"
            for kind, path, line, message in self._all(
                "select kind, path, line, message from ingest_notes order by id", (), None)
        ]
        return pages, roles, facts, notes
