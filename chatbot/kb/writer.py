"""Writing parsed pages into a KB in batches, inside the caller's transaction.

Pages are merged one by one, in the order given, exactly as if each were written alone:
roles are merged by key, a fact known for a role is kept and a different figure is a
conflict, a ``-`` figure gives way to a real one, skills and responsibilities are
merged.  What is read and written is batched: for each batch of pages, one query per
table fetches what the KB already holds for the batch's roles, the ids of new rows
are assigned up front, and the rows are written with one ``executemany`` per table.
Nothing outlives a batch but counters, the page words seen and the paths written, so
memory does not grow with the number of pages.

Pages come as :class:`~chatbot.kb.rows.PageRows` (plain tuples, grouped ahead by
:func:`~chatbot.kb.rows.page_rows`): a fact is one small object here, built only when
the page gives a fact the batch does not know yet.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from chatbot.kb.cells import FactValue
from chatbot.kb.glued import split_cells
from chatbot.kb.name_index import write_index
from chatbot.kb.report import IngestReport, Note
from chatbot.kb.rows import (SAME_NUMBER, Conflict, FactEntry, FactRow, PageRows, RoleRow, fact_entries,
                             nocase, same_figure)

#: pages a batch writes.  Batches of 200 cost more per page (writer CPU 0.42-0.44 ms a page
#: against 0.33-0.38 ms with 32, 4,000 generated pages: a small batch's rows stay in the CPU
#: caches), and left more to write after the last page was parsed
BATCH_PAGES = 32
YOUNG_GENERATIONS = 1  # gc.collect(1): the objects made since the last collection
#: collect once this many more container objects live than at the last collection: rows that
#: are freed leave no count, so the collector runs only when something piles up (objects in
#: cycles, which only it frees); after every batch it cost ~0.4 ms, 1.3 s of 100,000 pages
YOUNG_LIMIT = 20_000
NOTE_VALUE_CHARS = 60

FactKey = tuple[str, str]  # attribute, qualifier
MAX_ID = {"pages": "select max(id) from pages", "roles": "select max(id) from roles",
          "facts": "select max(id) from facts", "skills": "select max(id) from skills"}


@dataclass(slots=True)
class _Role:
    id: int
    name: str
    display: str | None
    plural: str | None
    key: str
    new: bool
    changed: bool = False


@dataclass(slots=True)
class _Fact:
    """A fact of the batch: its value (number, text, cell as written) and where it was
    first seen (None: ask the KB, for a fact of an earlier batch)."""

    id: int
    attribute: str
    qualifier: str
    num: float | None
    text: str | None
    raw: str
    where: tuple[str, int] | None
    new: bool
    changed: bool = False

    @property
    def missing(self) -> bool:
        return self.num is None and self.text is None

    def value(self) -> FactValue:
        return FactValue(self.attribute, self.qualifier, self.num, self.text, self.raw)


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
    new_facts: list[tuple[int, _Fact]] = field(default_factory=list)      # (role id, fact), in id order
    skills: dict[tuple[int, str], _Skill] = field(default_factory=dict)   # by role id, NOCASE name
    shas: set[str] = field(default_factory=set)
    pages: list[tuple[object, ...]] = field(default_factory=list)
    aliases: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[int | None, str, int | None, str, str]] = field(default_factory=list)
    sources: list[tuple[int, int, int]] = field(default_factory=list)    # fact id, page id, line
    restarts: dict[int, int] = field(default_factory=dict)  # fact id: its sources before this index go
    cleared: set[int] = field(default_factory=set)   # facts of earlier batches whose sources are dropped
    duties: list[tuple[int, str, int, int]] = field(default_factory=list)
    words: list[tuple[str]] = field(default_factory=list)


def _json(values: Iterable[object]) -> str:
    return json.dumps(list(values))


def _longer_cut(num: float | None, text: str | None, other_num: float | None, other_text: str | None) -> bool:
    """Texts where one page's excerpt was cut sooner: the first the same text, only longer."""
    a, b = text or "", other_text or ""
    return num is None and other_num is None and len(a) > len(b) > 0 and a.startswith(b)


class Writer:
    """Writes parsed pages into an open connection, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, report: IngestReport, *, fresh: bool = False) -> None:
        self.conn = conn
        self.report = report
        self.fresh = fresh              # a new KB: no page of it predates this run
        self.pending: list[PageRows] = []
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
    def add(self, page: PageRows) -> None:
        """Queue a page; the queue is written when it holds a batch."""
        self.pending.append(page)
        if len(self.pending) >= BATCH_PAGES:
            self.flush()

    def write(self, page: PageRows) -> None:
        """Write one page now (after the queued ones)."""
        self.flush()
        self._write_batch([page])
        self._collect_young()

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
        pages, self.pending = self.pending, []
        if pages:
            self._write_queued(pages)
            del pages
            self._collect_young()

    def _write_queued(self, pages: list[PageRows]) -> None:
        in_kb = self._paths_in_kb([p.path for p in pages])
        shas_in_kb: set[str] | None = self._shas_in_kb([p.sha256 for p in pages])
        shas = set(shas_in_kb or ())
        start = 0
        for i, page in enumerate(pages):
            replaces = page.sha256 not in shas and (page.path in in_kb or page.path in self.paths)
            shas.add(page.sha256)
            if replaces:
                from chatbot.kb.maintain import replace_page  # (it needs sqlite-utils: only here)

                self._write_batch(pages[start:i], shas_in_kb)
                replace_page(self, page)
                shas_in_kb = None  # the KB changed: the next batch asks it again
                start = i + 1
            self.paths.add(page.path)
        self._write_batch(pages[start:], shas_in_kb)

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
    def _write_batch(self, pages: list[PageRows], shas_in_kb: set[str] | None = None) -> None:
        """Write ``pages`` as one batch; ``shas_in_kb``: the content hashes of theirs the KB
        holds, when the caller has just asked (else they are asked here)."""
        if not pages:
            return
        batch = self._batch = _Batch()
        try:
            batch.shas = set(shas_in_kb) if shas_in_kb is not None else self._shas_in_kb(
                [p.sha256 for p in pages])
            self._load(batch, pages)
            for page in pages:
                self._page(batch, page)
            self._store(batch)
        finally:
            self._batch = None

    @staticmethod
    def _collect_young() -> None:
        """With the collector paused for the run (ingest), collect the young objects once
        :data:`YOUNG_LIMIT` more are alive.  Called once the batch's rows are dropped: a
        collection walks every young object still alive, and would walk the batch for nothing."""
        if not gc.isenabled() and gc.get_count()[0] > YOUNG_LIMIT:
            gc.collect(YOUNG_GENERATIONS)

    def _load(self, batch: _Batch, pages: list[PageRows]) -> None:
        """The KB's rows for the batch's roles: the roles, their facts and their skills."""
        if self.fresh and self._next["roles"] == 1:
            return  # nothing written yet
        keys = {role.key for page in pages for role in page.roles}
        rows = self.conn.execute("select id, name, display, plural, key from roles "
                                 "where key in (select value from json_each(?))", (_json(keys),))
        for role_id, name, display, plural, key in rows:
            batch.roles[key] = _Role(role_id, name, display, plural, key, new=False)
        if not batch.roles:
            return
        ids = _json(r.id for r in batch.roles.values())
        rows = self.conn.execute(
            "select id, role_id, attribute, qualifier, value_num, value_text, raw from facts "
            "where role_id in (select value from json_each(?))", (ids,))
        facts = batch.facts
        for fid, role_id, attr, qual, num, text, raw in rows:
            known = facts.get(role_id)
            if known is None:
                known = facts[role_id] = {}
            known[(attr, qual)] = _Fact(fid, attr, qual, num, text, raw or "", None, False)
        rows = self.conn.execute(
            "select s.id, s.role_id, s.name, s.share, s.top_three, s.page_id, s.line, "
            "coalesce(p.path || ':' || s.line, '') from skills s left join pages p on p.id = s.page_id "
            "where s.role_id in (select value from json_each(?)) order by s.id", (ids,))
        for sid, role_id, name, share, top, page_id, line, kept_at in rows:
            skill = _Skill(sid, name, share, top, page_id, line, kept_at, new=False)
            batch.skills.setdefault((role_id, nocase(name)), skill)

    def _page(self, batch: _Batch, page: PageRows) -> None:
        if page.sha256 in batch.shas:
            self.report.skipped += 1
            return
        batch.shas.add(page.sha256)
        page_id = self._new_id("pages")
        roles = page.roles
        batch.pages.append((page_id, page.path, page.sha256, page.layout, page.title, roles[0].name,
                            roles[1].name, page.line_count, self.now))
        self.report.pages += 1
        role_ids = (self._role(batch, roles[0]), self._role(batch, roles[1]))
        for line, message in page.warnings:
            self.note("warning", page.path, line, message, page_id)
        entries = page.facts
        if page.ambiguous:
            settled = self._settle_ambiguous(batch, page, page_id, role_ids)
            if settled:
                entries = fact_entries((*page.cells, *settled))
        self._facts(batch, page, page_id, role_ids, entries)
        self._skills(batch, page, page_id, role_ids)
        batch.duties.extend((role_ids[side], text, page_id, line) for side, text, line in page.duties)
        new_words = page.words - self.words
        if new_words:
            batch.words.extend((w,) for w in new_words)
            self.words |= new_words

    def _role(self, batch: _Batch, role: RoleRow) -> int:
        known = batch.roles.get(role.key)
        if known is None:
            known = _Role(self._new_id("roles"), role.name, role.display, role.plural, role.key, new=True)
            batch.roles[role.key] = known
            self.report.new_roles += 1
        else:
            display = known.display if known.display is not None else role.display
            plural = known.plural if known.plural is not None else role.plural
            known.changed |= (display, plural) != (known.display, known.plural)
            known.display, known.plural = display, plural
        batch.aliases.extend((alias, known.id) for alias in role.aliases)
        return known.id

    # -- ambiguous glued rows (rare) -------------------------------------------------------
    def _settle_ambiguous(self, batch: _Batch, page: PageRows, page_id: int,
                          role_ids: tuple[int, int]) -> list[FactRow]:
        """Re-split ambiguous glued rows with what the page and the KB already know."""
        on_page = {(side, attr, qual): FactValue(attr, qual, num, text, raw)
                   for side, attr, qual, num, text, raw, _ in page.cells
                   if num is not None or text is not None}
        settled: list[FactRow] = []
        for row in page.ambiguous:
            def known(column: int, value: FactValue, order: tuple[int, int] = row.order) -> bool | None:
                side = order[column]
                seen = on_page.get((side, value.attribute, value.qualifier))
                if seen is None:
                    stored = batch.facts.get(role_ids[side], {}).get((value.attribute, value.qualifier))
                    seen = stored.value() if stored and not stored.missing else None
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
                settled.extend((row.order[column], v.attribute, v.qualifier, v.num, v.text, v.raw, row.line)
                               for v in values)
        return settled

    # -- facts -----------------------------------------------------------------------------
    def _facts(self, batch: _Batch, page: PageRows, page_id: int, role_ids: tuple[int, int],
               entries: tuple[FactEntry, ...]) -> None:
        """Merge the page's facts into the batch's; a fact new to the batch's role, or
        the same figure again, is taken here without a call per fact."""
        facts, sources, new_facts = batch.facts, batch.sources, batch.new_facts
        known_by_side = [facts.get(role_ids[0]), facts.get(role_ids[1])]
        missing = 0
        next_id = self._next["facts"]
        for side, attr, qual, num, text, raw, lines, conflicts in entries:
            if conflicts:
                self._page_conflicts(page, page_id, side, attr, qual, conflicts)
            if num is None and text is None:
                missing += 1
            known = known_by_side[side]
            if known is None:
                known = known_by_side[side] = facts[role_ids[side]] = {}
            key = (attr, qual)
            fact = known.get(key)
            if fact is None:
                fact = known[key] = _Fact(next_id, attr, qual, num, text, raw, (page.path, lines[0]), True)
                new_facts.append((role_ids[side], fact))
                next_id += 1
            elif (fact.num != num or fact.text != text) and not self._merged(
                    batch, page, page_id, role_ids[side], fact, (num, text, raw), lines):
                continue  # (the same figure again is merged as it is)
            if len(lines) == 1:
                sources.append((fact.id, page_id, lines[0]))
            else:
                sources.extend((fact.id, page_id, line) for line in sorted(set(lines)))
        self._next["facts"] = next_id
        self.report.missing += missing
        self.report.stored += len(entries) - missing

    def _page_conflicts(self, page: PageRows, page_id: int, side: int, attr: str, qual: str,
                        conflicts: tuple[Conflict, ...]) -> None:
        """The page's own conflicts about one fact (two of its cells that disagree)."""
        for kept_line, kept, other_line, other in conflicts:
            self._conflict(page.path, page_id, page.roles[side].name, attr, qual,
                           f"{page.path}:{kept_line}", kept, f"{page.path}:{other_line}", other)

    def _merged(self, batch: _Batch, page: PageRows, page_id: int, role_id: int, fact: _Fact,
                value: tuple[float | None, str | None, str], lines: tuple[int, ...]) -> bool:
        """Merge a page's value into a known fact; False if the page's value is not kept
        (a "-" where a figure is known, or a conflict)."""
        num, text, raw = value
        if num is None and text is None and not fact.missing:
            return False  # another page has the figure; this one lacks it
        if _longer_cut(num, text, fact.num, fact.text):
            fact.text, fact.raw, fact.changed = text, raw, True
        if fact.missing and not (num is None and text is None):
            fact.num, fact.text, fact.raw = num, text, raw
            fact.changed, fact.where = True, (page.path, lines[0])
            batch.restarts[fact.id] = len(batch.sources)
            if not fact.new:
                batch.cleared.add(fact.id)
        elif not (same_figure(fact.num, fact.text, num, text) or _longer_cut(fact.num, fact.text, num, text)):
            self._conflict(page.path, page_id, self._role_name(batch, role_id), fact.attribute,
                           fact.qualifier, self._where(fact), fact.raw, f"{page.path}:{lines[0]}", raw)
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
                  kept_at: str, kept: str, other_at: str, other: str) -> None:
        label = f"{attribute} ({qualifier})" if qualifier else attribute
        self.report.conflicts += 1
        self.note("conflict", path, None,
                  f"{role} {label}: {kept_at} says {_short(kept)!r}, "
                  f"{other_at} says {_short(other)!r}; "
                  f"kept {_short(kept)!r}",
                  page_id)

    def _skills(self, batch: _Batch, page: PageRows, page_id: int, role_ids: tuple[int, int]) -> None:
        for side, name, share, top_three, line, folded in page.skills:
            role_id = role_ids[side]
            skill = batch.skills.get((role_id, folded))
            if skill is None:
                batch.skills[(role_id, folded)] = _Skill(self._new_id("skills"), name, share, top_three,
                                                         page_id, line, f"{page.path}:{line}", new=True)
                continue
            if share is not None and skill.share is None:
                skill.name, skill.share, skill.page_id, skill.line = name, share, page_id, line
                skill.kept_at, skill.changed = f"{page.path}:{line}", True
            elif share is not None and skill.share is not None and abs(share - skill.share) > SAME_NUMBER:
                self.report.conflicts += 1
                self.note("conflict", page.path, line,
                          f"{page.roles[side].name} skill {name}: {skill.kept_at} says "
                          f"{skill.share:g}%, {page.path}:{line} says {share:g}%; "
                          f"kept {skill.share:g}%", page_id)
            if top_three and not skill.top_three:
                skill.top_three, skill.changed = 1, True

    # -- writing a batch's rows ----------------------------------------------------------
    def _store(self, batch: _Batch) -> None:
        run = self.conn.executemany
        run("insert into pages (id, path, sha256, layout, title, role_a, role_b, lines, ingested_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch.pages)
        roles = sorted(batch.roles.values(), key=lambda r: r.id)
        run("insert into roles (id, name, display, plural, key) values (?, ?, ?, ?, ?)",
            [(r.id, r.name, r.display, r.plural, r.key) for r in roles if r.new])
        run("update roles set display = ?, plural = ? where id = ?",
            [(r.display, r.plural, r.id) for r in roles if r.changed and not r.new])
        run("insert or ignore into role_aliases (alias, role_id) values (?, ?)", batch.aliases)
        write_index(self.conn, {r.id: r.name for r in roles}, [r.id for r in roles if r.new], batch.aliases)
        run("insert into ingest_notes (page_id, path, line, kind, message) values (?, ?, ?, ?, ?)",
            batch.notes)
        run("insert into facts (id, role_id, attribute, qualifier, value_num, value_text, raw) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [(f.id, role_id, f.attribute, f.qualifier, f.num, f.text, f.raw)
             for role_id, f in batch.new_facts])
        changed = sorted((f for by_key in batch.facts.values() for f in by_key.values()
                          if f.changed and not f.new), key=lambda f: f.id)
        run("update facts set value_num = ?, value_text = ?, raw = ? where id = ?",
            [(f.num, f.text, f.raw, f.id) for f in changed])
        run("delete from fact_sources where fact_id = ?", [(fid,) for fid in sorted(batch.cleared)])
        run("insert or ignore into fact_sources (fact_id, page_id, line) values (?, ?, ?)",
            self._sources(batch))
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

    @staticmethod
    def _sources(batch: _Batch) -> list[tuple[int, int, int]]:
        """The batch's fact sources, without those a later page's figure replaced."""
        restarts = batch.restarts
        if not restarts:
            return batch.sources
        return [row for i, row in enumerate(batch.sources) if i >= restarts.get(row[0], 0)]


def _short(text: str) -> str:
    return text if len(text) <= NOTE_VALUE_CHARS else text[: NOTE_VALUE_CHARS - 1] + "…"
