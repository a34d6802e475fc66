"""Adding pages to a knowledge base: merge roles, keep provenance, report conflicts.

One call of :func:`ingest` is one transaction: if a file fails (and ``keep_going`` is
off), or a conflict is found under ``strict``, nothing of the run is kept.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from collections.abc import Iterator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from chatbot.errors import ConflictError, KBError, PageError
from chatbot.kb.cells import FactValue
from chatbot.kb.glued import split_cells
from chatbot.kb.names import role_key
from chatbot.kb.page import PageFact, ParsedPage
from chatbot.kb.parser import parse_file
from chatbot.kb.schema import SCHEMA_VERSION, create_schema, schema_version
from chatbot.kb.store import open_for_writing

if TYPE_CHECKING:
    import sqlite_utils

FactKey = tuple[int, str, str]  # role id, attribute, qualifier


@dataclass(frozen=True)
class Note:
    """A warning, an unsettled glued row or a conflict, with where it was seen."""

    kind: str            # "warning" | "ambiguous" | "conflict" | "resolved"
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.kind}: {where}: {self.message}"


@dataclass
class IngestReport:
    """What one ingest run did."""

    db_path: str
    pages: int = 0
    skipped: int = 0                 # pages already in the KB (same content)
    new_roles: int = 0
    total_roles: int = 0
    stored: int = 0                  # facts with a value, counted once per page
    missing: int = 0                 # facts the page marks "-"
    ambiguous: int = 0               # cells of glued rows that could not be split for sure
    conflicts: int = 0
    failed: list[PageError] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    committed: bool = False

    def summary(self) -> str:
        """A few lines for people."""
        state = "added to" if self.committed else "NOT added to (nothing was changed in)"
        return (
            f"{self.pages} page(s) {state} {self.db_path}; {self.skipped} already present, "
            f"{len(self.failed)} failed\n"
            f"roles: {self.total_roles} ({self.new_roles} new)\n"
            f"facts: {self.stored} stored, {self.missing} missing ('-'), {self.ambiguous} ambiguous cells not stored\n"
            f"conflicts: {self.conflicts}"
        )


class _Writer:
    """Writes parsed pages into an open connection, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, report: IngestReport) -> None:
        self.conn = conn
        self.report = report
        self.role_ids: dict[str, int] = dict(conn.execute("select key, id from roles"))
        self.facts: dict[int, dict[tuple[str, str], tuple[int, FactValue, str]]] = {}
        self.words: set[str] = set()
        self.sources: list[tuple[int, int, int]] = []
        self.now = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def note(self, kind: str, path: str, line: int | None, message: str, page_id: int | None) -> None:
        self.report.notes.append(Note(kind, path, line, message))
        self.conn.execute(
            "insert into ingest_notes (page_id, path, line, kind, message) values (?, ?, ?, ?, ?)",
            (page_id, path, line, kind, message),
        )

    def role(self, page: ParsedPage, side: int) -> int:
        role = page.roles[side]
        key = role_key(role.name)
        role_id = self.role_ids.get(key)
        if role_id is None:
            cur = self.conn.execute(
                "insert into roles (name, display, plural, key) values (?, ?, ?, ?)",
                (role.name, role.display, role.plural, key),
            )
            role_id = int(cur.lastrowid or 0)
            self.role_ids[key] = role_id
            self.report.new_roles += 1
        else:
            self.conn.execute(
                "update roles set display = coalesce(display, ?), plural = coalesce(plural, ?) where id = ?",
                (role.display, role.plural, role_id),
            )
        for alias in {role.name, (role.display or "").lower(), (role.plural or "").lower()} - {""}:
            self.conn.execute("insert or ignore into role_aliases (alias, role_id) values (?, ?)", (alias, role_id))
        return role_id

    def known_facts(self, role_id: int) -> dict[tuple[str, str], tuple[int, FactValue, str]]:
        if role_id not in self.facts:
            rows = self.conn.execute(
                "select f.id, f.attribute, f.qualifier, f.value_num, f.value_text, f.raw, "
                "coalesce((select p.path || ':' || s.line from fact_sources s join pages p on p.id = s.page_id "
                "where s.fact_id = f.id order by p.id, s.line limit 1), '') "
                "from facts f where f.role_id = ?",
                (role_id,),
            )
            self.facts[role_id] = {
                (attr, qual): (fid, FactValue(attr, qual, num, text, raw or ""), where)
                for fid, attr, qual, num, text, raw, where in rows
            }
        return self.facts[role_id]

    def write(self, page: ParsedPage) -> None:
        if self.conn.execute("select 1 from pages where sha256 = ?", (page.sha256,)).fetchone():
            self.report.skipped += 1
            return
        cur = self.conn.execute(
            "insert into pages (path, sha256, layout, title, role_a, role_b, lines, ingested_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            (page.path, page.sha256, page.layout, page.title, page.roles[0].name, page.roles[1].name,
             page.line_count, self.now),
        )
        page_id = int(cur.lastrowid or 0)
        self.report.pages += 1
        role_ids = (self.role(page, 0), self.role(page, 1))
        for warning in page.warnings:
            self.note("warning", page.path, warning.line, warning.message, page_id)
        facts = list(page.facts) + self.settle_ambiguous(page, page_id, role_ids)
        self.write_facts(page, page_id, role_ids, facts)
        self.write_lists(page, page_id, role_ids)
        new_words = page.words - self.words
        if new_words:
            self.conn.executemany("insert or ignore into words (word) values (?)", [(w,) for w in new_words])
            self.words |= new_words

    def settle_ambiguous(self, page: ParsedPage, page_id: int, role_ids: tuple[int, int]) -> list[PageFact]:
        """Re-split ambiguous glued rows with what the page and the KB already know."""
        on_page = {(f.side, f.value.attribute, f.value.qualifier): f.value for f in page.facts if not f.value.missing}
        settled: list[PageFact] = []
        for row in page.ambiguous:
            def known(column: int, value: FactValue, order: tuple[int, int] = row.order) -> bool | None:
                side = order[column]
                seen = on_page.get((side, value.attribute, value.qualifier))
                if seen is None:
                    stored = self.known_facts(role_ids[side]).get((value.attribute, value.qualifier))
                    seen = stored[1] if stored and not stored[1].missing else None
                return None if seen is None else seen.same_value(value)

            again = split_cells(row.field.kind, row.field.attribute, row.split.text, known)
            if again.unique is None:
                readings = " or ".join(
                    " / ".join(", ".join(v.raw for v in cell) for cell in cells) for cells in row.split.candidates
                )
                self.note("ambiguous", page.path, row.line,
                          f"row '{row.field.label}' splits more than one way ({readings}); nothing stored", page_id)
                self.report.ambiguous += 2
                continue
            self.note("resolved", page.path, row.line, f"row '{row.field.label}' split by values known from other rows or pages", page_id)
            for column, values in enumerate(again.unique):
                settled.extend(PageFact(row.order[column], v, row.line) for v in values)
        return settled

    def write_facts(self, page: ParsedPage, page_id: int, role_ids: tuple[int, int], facts: list[PageFact]) -> None:
        grouped: dict[tuple[int, str, str], list[PageFact]] = {}
        for fact in facts:
            grouped.setdefault((fact.side, fact.value.attribute, fact.value.qualifier), []).append(fact)
        for (side, attribute, qualifier), found in grouped.items():
            with_value = [f for f in found if not f.value.missing]
            first = with_value[0] if with_value else found[0]
            for other in with_value[1:]:
                if not other.value.same_value(first.value):
                    self.conflict(page.path, page_id, page.roles[side].name, attribute, qualifier,
                                  f"{page.path}:{first.line}", first.value, f"{page.path}:{other.line}", other.value)
            agreeing = [f for f in with_value if f.value.same_value(first.value)] or found
            if with_value:
                self.report.stored += 1
            else:
                self.report.missing += 1
            self.merge_fact(page, page_id, role_ids[side], first.value, [f.line for f in agreeing])
        # one statement for the page's sources; a fact updated from "-" to a value drops its old ones first
        self.conn.executemany("insert or ignore into fact_sources (fact_id, page_id, line) values (?, ?, ?)", self.sources)
        self.sources.clear()

    def merge_fact(self, page: ParsedPage, page_id: int, role_id: int, value: FactValue, lines: list[int]) -> None:
        known = self.known_facts(role_id)
        key = (value.attribute, value.qualifier)
        existing = known.get(key)
        if existing is None:
            cur = self.conn.execute(
                "insert into facts (role_id, attribute, qualifier, value_num, value_text, raw) values (?, ?, ?, ?, ?, ?)",
                (role_id, value.attribute, value.qualifier, value.num, value.text, value.raw),
            )
            fact_id = int(cur.lastrowid or 0)
            known[key] = (fact_id, value, f"{page.path}:{lines[0]}")
        else:
            fact_id, old, where = existing
            if value.missing and not old.missing:
                return  # another page has the figure; this one lacks it
            if _is_longer_cut(value, old):
                self.conn.execute("update facts set value_text = ?, raw = ? where id = ?", (value.text, value.raw, fact_id))
                known[key] = (fact_id, value, where)
                old = value
            if old.missing and not value.missing:
                self.conn.execute(
                    "update facts set value_num = ?, value_text = ?, raw = ? where id = ?",
                    (value.num, value.text, value.raw, fact_id),
                )
                self.conn.execute("delete from fact_sources where fact_id = ?", (fact_id,))
                known[key] = (fact_id, value, f"{page.path}:{lines[0]}")
            elif not old.same_value(value) and not _is_longer_cut(old, value):
                role_name = self.conn.execute("select name from roles where id = ?", (role_id,)).fetchone()[0]
                self.conflict(page.path, page_id, role_name, value.attribute, value.qualifier, where, old,
                              f"{page.path}:{lines[0]}", value)
                return
        self.sources.extend((fact_id, page_id, line) for line in sorted(set(lines)))

    def conflict(self, path: str, page_id: int, role: str, attribute: str, qualifier: str,
                 kept_at: str, kept: FactValue, other_at: str, other: FactValue) -> None:
        label = f"{attribute} ({qualifier})" if qualifier else attribute
        self.report.conflicts += 1
        self.note("conflict", path, None,
                  f"{role} {label}: {kept_at} says {_short(kept.raw)!r}, {other_at} says {_short(other.raw)!r}; "
                  f"kept {_short(kept.raw)!r}",
                  page_id)

    def write_lists(self, page: ParsedPage, page_id: int, role_ids: tuple[int, int]) -> None:
        for skill in page.skills:
            role_id = role_ids[skill.side]
            row = self.conn.execute(
                "select s.id, s.share, coalesce(p.path || ':' || s.line, '') from skills s "
                "left join pages p on p.id = s.page_id where s.role_id = ? and s.name = ? collate nocase",
                (role_id, skill.name),
            ).fetchone()
            if row is None:
                self.conn.execute(
                    "insert into skills (role_id, name, share, top_three, page_id, line) values (?, ?, ?, ?, ?, ?)",
                    (role_id, skill.name, skill.share, int(skill.top_three), page_id, skill.line),
                )
                continue
            skill_id, share, kept_at = row
            if skill.share is not None and share is None:
                self.conn.execute(
                    "update skills set name = ?, share = ?, page_id = ?, line = ? where id = ?",
                    (skill.name, skill.share, page_id, skill.line, skill_id),
                )
            elif skill.share is not None and share is not None and abs(skill.share - share) > 1e-9:
                self.report.conflicts += 1
                self.note("conflict", page.path, skill.line,
                          f"{page.roles[skill.side].name} skill {skill.name}: {kept_at} says {share:g}%, "
                          f"{page.path}:{skill.line} says {skill.share:g}%; kept {share:g}%",
                          page_id)
            if skill.top_three:
                self.conn.execute("update skills set top_three = 1 where id = ?", (skill_id,))
        self.conn.executemany(
            "insert or ignore into responsibilities (role_id, text, page_id, line) values (?, ?, ?, ?)",
            [(role_ids[item.side], item.text, page_id, item.line) for item in page.responsibilities],
        )


NOTE_VALUE_CHARS = 60


def _count_roles(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute("select count(*) from roles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # a new KB whose tables were rolled back


def _remove_stale_work_files(target: Path) -> None:
    """Drop the work files of earlier first ingests that were killed (their process is gone)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        pid = leftover.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the KB's folder for one run: concurrent ingests into a KB
    (new or existing) run one after the other, so none replaces or loses another's pages.
    The kernel drops the lock when the process dies, even by SIGKILL; no lock file is left."""
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own locking (BEGIN IMMEDIATE) is all there is
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # the folder cannot be opened: the open for writing below reports why
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _short(text: str) -> str:
    return text if len(text) <= NOTE_VALUE_CHARS else text[: NOTE_VALUE_CHARS - 1] + "…"


def _is_longer_cut(longer: FactValue, shorter: FactValue) -> bool:
    """Texts where one page's excerpt was cut sooner: the same text, only longer."""
    a, b = longer.text or "", shorter.text or ""
    return longer.num is None and shorter.num is None and len(a) > len(b) > 0 and a.startswith(b)


def _prepare_schema(db: "sqlite_utils.Database", db_path: str | Path, fresh: bool) -> None:
    """Create the schema in a new KB; refuse another program's file or another schema version."""
    version = schema_version(db.conn)
    if version is None:
        if not fresh and db.table_names():
            raise KBError(str(db_path),
                          "not a knowledge base of this program (no schema version); pick another --db")
        create_schema(db)
    elif version != SCHEMA_VERSION:
        raise KBError(str(db_path), f"knowledge base of schema version {version}, this program needs "
                                    f"{SCHEMA_VERSION}; rebuild it in a new file with 'chatbot ingest'")


def _ingest_locked(target: Path, db_path: str | Path, pages: Iterable[str | Path], report: IngestReport,
                   strict: bool, keep_going: bool, labels: Mapping[Path, str] | None,
                   replace: Mapping[Path, str] | None) -> None:
    """The body of :func:`ingest`, run under the folder lock."""
    from chatbot.kb.maintain import replace_page

    _remove_stale_work_files(target)
    fresh = not target.exists() or target.stat().st_size == 0
    # A new KB is written beside its place and moved there only when the run succeeds.
    work = target.with_name(f".{target.name}.{os.getpid()}.tmp") if fresh else target
    db = open_for_writing(work)
    conn = db.conn
    try:
        if fresh:
            conn.execute("pragma journal_mode = wal")  # readers never wait for a writer
        conn.execute("begin immediate")
        _prepare_schema(db, db_path, fresh)
        writer = _Writer(conn, report)
        for path in pages:
            try:
                parsed = parse_file(path, label=(labels or {}).get(Path(path)))
            except PageError as exc:
                report.failed.append(exc)
                continue
            replace_page(writer, parsed, replace, path)  # chatbot.kb.maintain: a changed page replaces its old self
        report.total_roles = conn.execute("select count(*) from roles").fetchone()[0]
        if (report.failed and not keep_going) or (strict and report.conflicts):
            conn.execute("rollback")
            report.new_roles = report.stored = report.missing = report.ambiguous = 0
            report.total_roles = _count_roles(conn)
        else:
            conn.execute("commit")
            report.committed = True
            if report.pages and not fresh:
                conn.execute("pragma journal_mode = wal")  # a KB made before WAL: readers stop waiting
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("rollback")
        raise KBError(str(db_path), f"cannot write the knowledge base: {exc}") from None
    finally:
        conn.close()
        if fresh:
            if report.committed:
                os.replace(work, target)
            else:
                work.unlink(missing_ok=True)


def ingest(
    db_path: str | Path,
    pages: Iterable[str | Path],
    *,
    strict: bool = False,
    keep_going: bool = False,
    labels: Mapping[Path, str] | None = None,
    replace: Mapping[Path, str] | None = None,
) -> IngestReport:
    """Add pages to the KB at ``db_path`` (created if needed) in one transaction.

    A page that cannot be read or is not a comparison page is recorded in
    ``report.failed``; without ``keep_going`` the run then changes nothing.  With
    ``strict``, any conflict likewise keeps the KB unchanged and raises
    :class:`ConflictError` after the report is complete.  ``labels`` names pages in the
    KB otherwise than by the path given (the built-in KB uses ``knowledge/NAME``).
    A page whose path (or ``replace[path]``) names a page in the KB replaces it
    (:func:`chatbot.kb.maintain.replace_page`).
    """
    report = IngestReport(str(db_path))
    target = Path(db_path)
    with _exclusive(target.parent if str(target.parent) else Path(".")):
        _ingest_locked(target, db_path, pages, report, strict, keep_going, labels, replace)
    if strict and report.conflicts:
        raise ConflictError(f"{report.conflicts} conflict(s) under --strict; nothing was changed in {db_path}", report)
    return report


def build(db_path: str | Path, pages: Iterable[str | Path], labels: Mapping[Path, str] | None = None) -> IngestReport:
    """Create a KB from pages, skipping broken ones (the built-in KB's build step)."""
    return ingest(db_path, pages, keep_going=True, labels=labels)


