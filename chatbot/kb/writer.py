"""Writing parsed pages into a KB in batches, inside the caller's transaction.

Pages are merged one by one, in the order given, exactly as if each were written alone:
roles are merged by key, a fact known for a role is kept and a different figure is a
conflict, a ``-`` figure gives way to a real one, skills and responsibilities are
merged.  What is read and written is batched: for each batch of pages, one query per
table fetches what the KB already holds for the batch's roles, the ids of new rows
are assigned up front, and the rows are written with one ``executemany`` per table.
Nothing outlives a batch but counters, the page words seen and the paths written, so
memory does not grow with the number of pages.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from chatbot.kb.cells import FactValue
from chatbot.kb.glued import split_cells
from chatbot.kb.name_index import write_index
from chatbot.kb.names import role_key
from chatbot.kb.page import PageFact, ParsedPage
from chatbot.kb.report import IngestReport, Note

BATCH_PAGES = 200
NOTE_VALUE_CHARS = 60
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

FactKey = tuple[str, str]  # attribute, qualifier
MAX_ID = {"pages": "select max(id) from pages", "roles": "select max(id) from roles",
          "facts": "select max(id) from facts", "skills": "select max(id) from skills"}


def _nocase(text: str) -> str:
    """SQLite's NOCASE collation: ASCII letters folded, nothing else."""
    return text.translate(_ASCII_LOWER)


@dataclass(slots=True)
class _Role:
    id: int
    name: str
    display: str | None
    plural: str | None
    new: bool
    changed: bool = False


@dataclass(slots=True)
class _Fact:
    id: int
    value: FactValue
    where: tuple[str, int] | None  # first source (path, line); None: ask the KB (an earlier batch's fact)
    new: bool
    changed: bool = False


@dataclass(slots=True)
class _Skill:
    id: int
    name: str
    share: float | None
    top_three: int
    page_id: int
    line: int
    kept_at: str
    new: bool
    changed: bool = False


@dataclass
class _Batch:
    """What one batch reads from the KB and will write to it."""

    roles: dict[str, _Role] = field(default_factory=dict)                 # by key
    facts: dict[int, dict[FactKey, _Fact]] = field(default_factory=dict)  # by role id
    skills: dict[tuple[int, str], _Skill] = field(default_factory=dict)   # by role id, NOCASE name
    shas: set[str] = field(default_factory=set)
    pages: list[tuple[object, ...]] = field(default_factory=list)
    aliases: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[int | None, str, int | None, str, str]] = field(default_factory=list)
    sources: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    cleared: set[int] = field(default_factory=set)   # facts of earlier batches whose sources are dropped
    duties: list[tuple[int, str, int, int]] = field(default_factory=list)
    words: list[tuple[str]] = field(default_factory=list)


def _json(values: Iterable[object]) -> str:
    return json.dumps(list(values))


class Writer:
    """Writes parsed pages into an open connection, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, report: IngestReport, *, fresh: bool = False) -> None:
        self.conn = conn
        self.report = report
        self.fresh = fresh              # a new KB: no page of it predates this run
        self.pending: list[ParsedPage] = []
        self.paths: set[str] = set()    # the paths written by this run
        self.words: set[str] = set()
        self.now: str = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._batch: _Batch | None = None
        self._next = {table: self._max_id(table) + 1 for table in ("pages", "roles", "facts", "skills")}

    def resync_ids(self) -> None:
        """Take the next ids from the KB again (after rows were removed)."""
        self._next = {table: self._max_id(table) + 1 for table in self._next}

    def _max_id(self, table: str) -> int:
        return int(self.conn.execute(MAX_ID[table]).fetchone()[0] or 0)

    def _new_id(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    # -- the public side -----------------------------------------------------------------
    def add(self, page: ParsedPage) -> None:
        """Queue a page; the queue is written when it holds a batch."""
        self.pending.append(page)
        if len(self.pending) >= BATCH_PAGES:
            self.flush()

    def write(self, page: ParsedPage) -> None:
        """Write one page now (after the queued ones)."""
        self.flush()
        self._write_batch([page])

    def note(self, kind: str, path: str, line: int | None, message: str, page_id: int | None) -> None:
        """Record a note of the run (written with the current batch, or now)."""
        self.report.notes.append(Note(kind, path, line, message))
        row = (page_id, path, line, kind, message)
        if self._batch is not None:
            self._batch.notes.append(row)
        else:
            self.conn.execute("insert into ingest_notes (page_id, path, line, kind, message) "
                              "values (?, ?, ?, ?, ?)", row)

    def flush(self) -> None:
        """Write the queued pages; a page whose path is already in the KB replaces it
        (:func:`chatbot.kb.maintain.replace_page`)."""
        from chatbot.kb.maintain import replace_page

        pages, self.pending = self.pending, []
        if not pages:
            return
        in_kb = self._paths_in_kb([p.path for p in pages])
        shas = self._shas_in_kb([p.sha256 for p in pages])
        start = 0
        for i, page in enumerate(pages):
            replaces = page.sha256 not in shas and (page.path in in_kb or page.path in self.paths)
            shas.add(page.sha256)
            if replaces:
                self._write_batch(pages[start:i])
                replace_page(self, page)
                start = i + 1
            self.paths.add(page.path)
        self._write_batch(pages[start:])

    def _paths_in_kb(self, paths: list[str]) -> set[str]:
        if self.fresh:
            return set()  # a new KB holds only this run's pages (self.paths)
        rows = self.conn.execute("select path from pages where path in (select value from json_each(?))",
                                 (_json(paths),))
        return {r[0] for r in rows}

    def _shas_in_kb(self, shas: list[str]) -> set[str]:
        rows = self.conn.execute("select sha256 from pages where sha256 in (select value from json_each(?))",
                                 (_json(shas),))
        return {r[0] for r in rows}

    # -- one batch -----------------------------------------------------------------------
    def _write_batch(self, pages: list[ParsedPage]) -> None:
        if not pages:
            return
        batch = self._batch = _Batch()
        try:
            batch.shas = self._shas_in_kb([p.sha256 for p in pages])
            self._load(batch, pages)
            for page in pages:
                self._page(batch, page)
            self._store(batch)
        finally:
            self._batch = None

    def _load(self, batch: _Batch, pages: list[ParsedPage]) -> None:
        """The KB's rows for the batch's roles: the roles, their facts and their skills."""
        keys = {role_key(role.name) for page in pages for role in page.roles}
        rows = self.conn.execute("select id, name, display, plural, key from roles "
                                 "where key in (select value from json_each(?))", (_json(keys),))
        for role_id, name, display, plural, key in rows:
            batch.roles[key] = _Role(role_id, name, display, plural, new=False)
        ids = _json(r.id for r in batch.roles.values())
        rows = self.conn.execute(
            "select id, role_id, attribute, qualifier, value_num, value_text, raw from facts "
            "where role_id in (select value from json_each(?))", (ids,))
        for fid, role_id, attr, qual, num, text, raw in rows:
            value = FactValue(attr, qual, num, text, raw or "")
            batch.facts.setdefault(role_id, {})[(attr, qual)] = _Fact(fid, value, None, new=False)
        rows = self.conn.execute(
            "select s.id, s.role_id, s.name, s.share, s.top_three, s.page_id, s.line, "
            "coalesce(p.path || ':' || s.line, '') from skills s left join pages p on p.id = s.page_id "
            "where s.role_id in (select value from json_each(?)) order by s.id", (ids,))
        for sid, role_id, name, share, top, page_id, line, kept_at in rows:
            skill = _Skill(sid, name, share, top, page_id, line, kept_at, new=False)
            batch.skills.setdefault((role_id, _nocase(name)), skill)

    def _page(self, batch: _Batch, page: ParsedPage) -> None:
        if page.sha256 in batch.shas:
            self.report.skipped += 1
            return
        batch.shas.add(page.sha256)
        page_id = self._new_id("pages")
        batch.pages.append((page_id, page.path, page.sha256, page.layout, page.title, page.roles[0].name,
                            page.roles[1].name, page.line_count, self.now))
        self.report.pages += 1
        role_ids = (self._role(batch, page, 0), self._role(batch, page, 1))
        for warning in page.warnings:
            self.note("warning", page.path, warning.line, warning.message, page_id)
        facts = list(page.facts) + self._settle_ambiguous(batch, page, page_id, role_ids)
        self._facts(batch, page, page_id, role_ids, facts)
        self._skills(batch, page, page_id, role_ids)
        batch.duties.extend((role_ids[item.side], item.text, page_id, item.line)
                            for item in page.responsibilities)
        new_words = page.words - self.words
        if new_words:
            batch.words.extend((w,) for w in new_words)
            self.words |= new_words

    def _role(self, batch: _Batch, page: ParsedPage, side: int) -> int:
        role = page.roles[side]
        key = role_key(role.name)
        known = batch.roles.get(key)
        if known is None:
            known = _Role(self._new_id("roles"), role.name, role.display, role.plural, new=True)
            batch.roles[key] = known
            self.report.new_roles += 1
        else:
            display = known.display if known.display is not None else role.display
            plural = known.plural if known.plural is not None else role.plural
            known.changed |= (display, plural) != (known.display, known.plural)
            known.display, known.plural = display, plural
        aliases = {role.name, (role.display or "").lower(), (role.plural or "").lower()} - {""}
        batch.aliases.extend((alias, known.id) for alias in sorted(aliases))
        return known.id

    def _settle_ambiguous(self, batch: _Batch, page: ParsedPage, page_id: int,
                          role_ids: tuple[int, int]) -> list[PageFact]:
        """Re-split ambiguous glued rows with what the page and the KB already know."""
        on_page = {(f.side, f.value.attribute, f.value.qualifier): f.value for f in page.facts
                   if not f.value.missing}
        settled: list[PageFact] = []
        for row in page.ambiguous:
            def known(column: int, value: FactValue, order: tuple[int, int] = row.order) -> bool | None:
                side = order[column]
                seen = on_page.get((side, value.attribute, value.qualifier))
                if seen is None:
                    stored = batch.facts.get(role_ids[side], {}).get((value.attribute, value.qualifier))
                    seen = stored.value if stored and not stored.value.missing else None
                return None if seen is None else seen.same_value(value)

            again = split_cells(row.field.kind, row.field.attribute, row.split.text, known)
            if again.unique is None:
                readings = " or ".join(" / ".join(", ".join(v.raw for v in cell) for cell in cells)
                                       for cells in row.split.candidates)
                self.note("ambiguous", page.path, row.line,
                          f"row '{row.field.label}' splits more than one way ({readings}); nothing stored",
                          page_id)
                self.report.ambiguous += 2
                continue
            self.note("resolved", page.path, row.line,
                      f"row '{row.field.label}' split by values known from other rows or pages", page_id)
            for column, values in enumerate(again.unique):
                settled.extend(PageFact(row.order[column], v, row.line) for v in values)
        return settled

    def _facts(self, batch: _Batch, page: ParsedPage, page_id: int, role_ids: tuple[int, int],
               facts: list[PageFact]) -> None:
        grouped: dict[tuple[int, str, str], list[PageFact]] = {}
        for fact in facts:
            value = fact.value
            key = (fact.side, value.attribute, value.qualifier)
            found = grouped.get(key)
            if found is None:
                grouped[key] = [fact]
            else:
                found.append(fact)
        for (side, _attribute, _qualifier), found in grouped.items():
            if len(found) == 1:  # the common case: one cell for the fact
                value = found[0].value
                lines = [found[0].line]
            else:
                value, lines = self._agreed(page, page_id, side, found)
            if value.missing:
                self.report.missing += 1
            else:
                self.report.stored += 1
            self._merge(batch, page, page_id, role_ids[side], value, lines)

    def _agreed(self, page: ParsedPage, page_id: int, side: int,
                found: list[PageFact]) -> tuple[FactValue, list[int]]:
        """The value a page gives for a fact it states more than once (the first with a
        figure; a different figure is a conflict), and the lines that agree with it."""
        with_value = [f for f in found if not f.value.missing]
        first = with_value[0] if with_value else found[0]
        for other in with_value[1:]:
            if not other.value.same_value(first.value):
                self._conflict(page.path, page_id, page.roles[side].name, first.value.attribute,
                               first.value.qualifier, f"{page.path}:{first.line}", first.value,
                               f"{page.path}:{other.line}", other.value)
        agreeing = [f for f in with_value if f.value.same_value(first.value)] or found
        return first.value, [f.line for f in agreeing]

    def _merge(self, batch: _Batch, page: ParsedPage, page_id: int, role_id: int, value: FactValue,
               lines: list[int]) -> None:
        known = batch.facts.get(role_id)
        if known is None:
            known = batch.facts[role_id] = {}
        key = (value.attribute, value.qualifier)
        fact = known.get(key)
        if fact is None:
            fact = known[key] = _Fact(self._new_id("facts"), value, (page.path, lines[0]), new=True)
        elif not self._merged(batch, page, page_id, role_id, fact, value, lines):
            return
        sources = batch.sources.get(fact.id)
        if sources is None:
            sources = batch.sources[fact.id] = []
        if len(lines) == 1:
            sources.append((page_id, lines[0]))
        else:
            sources.extend((page_id, line) for line in sorted(set(lines)))

    def _merged(self, batch: _Batch, page: ParsedPage, page_id: int, role_id: int, fact: _Fact,
                value: FactValue, lines: list[int]) -> bool:
        """Merge a page's value into a known fact; False if the page's value is not kept
        (a "-" where a figure is known, or a conflict)."""
        old = fact.value
        if value.missing and not old.missing:
            return False  # another page has the figure; this one lacks it
        if _is_longer_cut(value, old):
            fact.value = FactValue(old.attribute, old.qualifier, old.num, value.text, value.raw)
            fact.changed = True
            old = fact.value
        if old.missing and not value.missing:
            fact.value, fact.changed, fact.where = value, True, (page.path, lines[0])
            batch.sources[fact.id] = []
            if not fact.new:
                batch.cleared.add(fact.id)
        elif not old.same_value(value) and not _is_longer_cut(old, value):
            self._conflict(page.path, page_id, self._role_name(batch, role_id), value.attribute,
                           value.qualifier, self._where(fact), old, f"{page.path}:{lines[0]}", value)
            return False
        return True

    def _role_name(self, batch: _Batch, role_id: int) -> str:
        return next(r.name for r in batch.roles.values() if r.id == role_id)

    def _where(self, fact: _Fact) -> str:
        """Where a fact was first seen: known for this batch's facts, else the KB says."""
        if fact.where is None:
            row = self.conn.execute(
                "select p.path, s.line from fact_sources s join pages p on p.id = s.page_id "
                "where s.fact_id = ? order by p.id, s.line limit 1", (fact.id,)).fetchone()
            if row is None:
                return ""
            fact.where = (row[0], row[1])
        return f"{fact.where[0]}:{fact.where[1]}"

    def _conflict(self, path: str, page_id: int, role: str, attribute: str, qualifier: str,
                  kept_at: str, kept: FactValue, other_at: str, other: FactValue) -> None:
        label = f"{attribute} ({qualifier})" if qualifier else attribute
        self.report.conflicts += 1
        self.note("conflict", path, None,
                  f"{role} {label}: {kept_at} says {_short(kept.raw)!r}, "
                  f"{other_at} says {_short(other.raw)!r}; "
                  f"kept {_short(kept.raw)!r}",
                  page_id)

    def _skills(self, batch: _Batch, page: ParsedPage, page_id: int, role_ids: tuple[int, int]) -> None:
        for item in page.skills:
            role_id = role_ids[item.side]
            skill = batch.skills.get((role_id, _nocase(item.name)))
            if skill is None:
                batch.skills[(role_id, _nocase(item.name))] = _Skill(
                    self._new_id("skills"), item.name, item.share, int(item.top_three), page_id, item.line,
                    f"{page.path}:{item.line}", new=True)
                continue
            if item.share is not None and skill.share is None:
                skill.name, skill.share, skill.page_id, skill.line = item.name, item.share, page_id, item.line
                skill.kept_at, skill.changed = f"{page.path}:{item.line}", True
            elif item.share is not None and skill.share is not None and abs(item.share - skill.share) > 1e-9:
                self.report.conflicts += 1
                self.note("conflict", page.path, item.line,
                          f"{page.roles[item.side].name} skill {item.name}: {skill.kept_at} says "
                          f"{skill.share:g}%, {page.path}:{item.line} says {item.share:g}%; "
                          f"kept {skill.share:g}%", page_id)
            if item.top_three and not skill.top_three:
                skill.top_three, skill.changed = 1, True

    # -- writing a batch's rows ----------------------------------------------------------
    def _store(self, batch: _Batch) -> None:
        run = self.conn.executemany
        run("insert into pages (id, path, sha256, layout, title, role_a, role_b, lines, ingested_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch.pages)
        roles = sorted(batch.roles.values(), key=lambda r: r.id)
        run("insert into roles (id, name, display, plural, key) values (?, ?, ?, ?, ?)",
            [(r.id, r.name, r.display, r.plural, role_key(r.name)) for r in roles if r.new])
        run("update roles set display = ?, plural = ? where id = ?",
            [(r.display, r.plural, r.id) for r in roles if r.changed and not r.new])
        run("insert or ignore into role_aliases (alias, role_id) values (?, ?)", batch.aliases)
        write_index(self.conn, {r.id: r.name for r in roles}, [r.id for r in roles if r.new], batch.aliases)
        run("insert into ingest_notes (page_id, path, line, kind, message) values (?, ?, ?, ?, ?)",
            batch.notes)
        facts = sorted((f for by_key in batch.facts.values() for f in by_key.values()), key=lambda f: f.id)
        run("insert into facts (id, role_id, attribute, qualifier, value_num, value_text, raw) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [(f.id, role_id, f.value.attribute, f.value.qualifier, f.value.num, f.value.text, f.value.raw)
             for role_id, by_key in batch.facts.items() for f in by_key.values() if f.new])
        run("update facts set value_num = ?, value_text = ?, raw = ? where id = ?",
            [(f.value.num, f.value.text, f.value.raw, f.id) for f in facts if f.changed and not f.new])
        run("delete from fact_sources where fact_id = ?", [(fid,) for fid in sorted(batch.cleared)])
        run("insert or ignore into fact_sources (fact_id, page_id, line) values (?, ?, ?)",
            [(fid, page_id, line) for fid, rows in batch.sources.items() for page_id, line in rows])
        skills = sorted(batch.skills.items(), key=lambda item: item[1].id)
        run("insert into skills (id, role_id, name, share, top_three, page_id, line) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [(s.id, key[0], s.name, s.share, s.top_three, s.page_id, s.line) for key, s in skills if s.new])
        run("update skills set name = ?, share = ?, top_three = ?, page_id = ?, line = ? where id = ?",
            [(s.name, s.share, s.top_three, s.page_id, s.line, s.id)
             for _, s in skills if s.changed and not s.new])
        run("insert or ignore into responsibilities (role_id, text, page_id, line) values (?, ?, ?, ?)",
            batch.duties)
        run("insert or ignore into words (word) values (?)", batch.words)


def _short(text: str) -> str:
    return text if len(text) <= NOTE_VALUE_CHARS else text[: NOTE_VALUE_CHARS - 1] + "…"


def _is_longer_cut(longer: FactValue, shorter: FactValue) -> bool:
    """Texts where one page's excerpt was cut sooner: the same text, only longer."""
    a, b = longer.text or "", shorter.text or ""
    return longer.num is None and shorter.num is None and len(a) > len(b) > 0 and a.startswith(b)
