"""Keeping a knowledge base current: replacing a page that changed, removing pages.

Both work through sqlite-utils inside the caller's transaction (or their own one):

- :func:`replace_page` is the ingest step for one parsed page: when a page of the same
  path (or the path given as ``replaces``) is already in the KB with other content, that
  page's facts, skills, responsibilities, sources and notes are removed first, the new page
  is written, and every value that changed is reported as a ``changed`` note
  (``java developer yearly_salary: $88,475 -> $98,475``).  A value another page still
  gives stays, with that page as its source.
- :func:`remove_pages` removes pages and every fact only they support; a role no page
  supports any more is removed with its aliases.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from chatbot.errors import KBError
from chatbot.kb.name_index import drop_role_index
from chatbot.kb.rows import PageRows
from chatbot.kb.schema import SCHEMA_VERSION, schema_version
from chatbot.kb.store import open_for_writing

if TYPE_CHECKING:
    from chatbot.kb.writer import Writer

__all__ = ["RemoveReport", "drop_page", "find_page", "remove_pages", "replace_page"]

FactSnapshot = dict[tuple[str, str, str], str]  # (role, attribute, qualifier) -> the cell as written
NONE_SHOWN = "(none)"


@dataclass
class RemoveReport:
    """What :func:`remove_pages` removed."""

    db_path: str
    pages: list[str] = field(default_factory=list)
    facts: int = 0
    roles: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for people."""
        roles = ", ".join(self.roles) if self.roles else "none"
        return (f"{len(self.pages)} page(s) removed from {self.db_path}: {', '.join(self.pages)}\n"
                f"facts removed: {self.facts}\nroles removed: {len(self.roles)} ({roles})")


def find_page(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """The page recorded under ``name`` (its path; or a unique file name), as (id, path)."""
    rows = conn.execute("select id, path from pages").fetchall()
    exact = [(pid, path) for pid, path in rows if path == name]
    if exact:
        return exact[0][0], exact[0][1]
    by_name = [(pid, path) for pid, path in rows if Path(path).name == Path(name).name]
    return (by_name[0][0], by_name[0][1]) if len(by_name) == 1 else None


def _snapshot(conn: sqlite3.Connection, role_names: Iterable[str]) -> FactSnapshot:
    names = sorted(set(role_names))
    if not names:
        return {}
    rows = conn.execute(
        "select r.name, f.attribute, f.qualifier, coalesce(f.raw, '-') from facts f "
        "join roles r on r.id = f.role_id where r.name in (select value from json_each(?))",
        (json.dumps(names),),
    )
    return {(role, attr, qual): raw for role, attr, qual, raw in rows}


def _page_roles(conn: sqlite3.Connection, page_id: int) -> list[str]:
    row = conn.execute("select role_a, role_b from pages where id = ?", (page_id,)).fetchone()
    return [r for r in row if r] if row else []


def drop_page(db: sqlite_utils.Database, page_id: int) -> tuple[int, list[str]]:
    """Remove one page and what only it supports; returns (facts removed, roles removed)."""
    conn = db.conn
    role_names = _page_roles(conn, page_id)
    rows = conn.execute("select distinct fact_id from fact_sources where page_id = ?", (page_id,))
    fact_ids = [r[0] for r in rows]
    db.table("fact_sources").delete_where("page_id = ?", [page_id])
    orphans = [fid for fid in fact_ids
               if conn.execute("select 1 from fact_sources where fact_id = ?", (fid,)).fetchone() is None]
    for fid in orphans:
        db.table("facts").delete_where("id = ?", [fid])
    for table in ("skills", "responsibilities", "ingest_notes"):
        db.table(table).delete_where("page_id = ?", [page_id])
    db.table("pages").delete_where("id = ?", [page_id])
    return len(orphans), _drop_unsupported_roles(db, role_names)


def _drop_unsupported_roles(db: sqlite_utils.Database, names: Iterable[str]) -> list[str]:
    conn = db.conn
    removed = []
    for name in sorted(set(names)):
        row = conn.execute("select id from roles where name = ?", (name,)).fetchone()
        if row is None:
            continue
        role_id = row[0]
        supported = conn.execute(
            "select 1 from pages where role_a = ? or role_b = ? "
            "union all select 1 from facts where role_id = ? "
            "union all select 1 from skills where role_id = ? "
            "union all select 1 from responsibilities where role_id = ? limit 1",
            (name, name, role_id, role_id, role_id),
        ).fetchone()
        if supported is None:
            drop_role_index(conn, role_id)
            db.table("role_aliases").delete_where("role_id = ?", [role_id])
            db.table("roles").delete_where("id = ?", [role_id])
            removed.append(name)
    return removed


def _label(attribute: str, qualifier: str) -> str:
    return f"{attribute} ({qualifier})" if qualifier else attribute


def _changes(before: FactSnapshot, after: FactSnapshot) -> list[str]:
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, NONE_SHOWN), after.get(key, NONE_SHOWN)
        if old != new:
            role, attribute, qualifier = key
            lines.append(f"{role} {_label(attribute, qualifier)}: {old} -> {new}")
    return lines


def replace_page(writer: Writer, page: PageRows, replace: Mapping[Path, str] | None = None,
                 path: str | Path | None = None) -> None:
    """Write ``page`` through the ingest ``writer``, first removing the page it replaces:
    the KB page of the same path, or of the path ``replace[path]``.  A page whose content
    is already in the KB is left to the writer (it skips it)."""
    conn = writer.conn
    replaces = (replace or {}).get(Path(path)) if path is not None else None
    same_content = conn.execute("select 1 from pages where sha256 = ?", (page.sha256,)).fetchone()
    old = find_page(conn, replaces) if replaces else _same_path(conn, page.path)
    if old is None or same_content:
        writer.write(page)
        return
    old_id, old_path = old
    roles = {*_page_roles(conn, old_id), page.roles[0].name, page.roles[1].name}
    before = _snapshot(conn, roles)
    _, dropped = drop_page(sqlite_utils.Database(conn), old_id)
    writer.resync_ids()  # ids freed by the removal are reused, as SQLite would
    writer.write(page)
    back = [n for n in dropped if conn.execute("select 1 from roles where name = ?", (n,)).fetchone()]
    writer.report.new_roles -= len(back)  # a role of the old page written again is not new
    new_id = conn.execute("select id from pages where sha256 = ?", (page.sha256,)).fetchone()
    page_id = new_id[0] if new_id else None
    writer.note("replaced", page.path, None, f"replaces the page {old_path} in the KB", page_id)
    for change in _changes(before, _snapshot(conn, roles)):
        writer.note("changed", page.path, None, change, page_id)


def _same_path(conn: sqlite3.Connection, path: str) -> tuple[int, str] | None:
    row = conn.execute("select id, path from pages where path = ?", (path,)).fetchone()
    return (row[0], row[1]) if row else None


def remove_pages(db_path: str | Path, names: Iterable[str]) -> RemoveReport:
    """Remove the pages ``names`` (paths as the KB records them, or unique file names) in
    one transaction; raises :class:`KBError` (nothing changed) for a page not in the KB,
    naming the closest one."""
    report = RemoveReport(str(db_path))
    from chatbot.kb.store import check_file

    check_file(db_path)
    db = open_for_writing(db_path)
    conn = db.conn
    try:
        conn.execute("begin immediate")
        if schema_version(conn) != SCHEMA_VERSION:
            raise KBError(str(db_path), "not a knowledge base of this program's schema")
        for name in names:
            found = find_page(conn, name)
            if found is None:
                raise KBError(str(db_path), _unknown_page(conn, name))
            facts, roles = drop_page(db, found[0])
            report.pages.append(found[1])
            report.facts += facts
            report.roles.extend(roles)
        conn.execute("commit")
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    finally:
        conn.close()
    return report


def _unknown_page(conn: sqlite3.Connection, name: str) -> str:
    paths = [r[0] for r in conn.execute("select path from pages order by path")]
    by_name = {Path(p).name: p for p in paths}
    close = difflib.get_close_matches(name, paths, n=1, cutoff=0.5)
    close_name = difflib.get_close_matches(Path(name).name, list(by_name), n=1, cutoff=0.5)
    best = close[0] if close else by_name[close_name[0]] if close_name else None
    hint = f" (did you mean '{best}'?)" if best else ""
    return f"no page '{name}' in the knowledge base{hint}; 'chatbot kb pages' lists them"
