"""The knowledge base's tables, made with sqlite-utils.

Readable without the code (``sqlite3 kb.db .schema`` or Datasette):

- ``meta``: key/value pairs; only ``schema_version`` is written.
- ``pages``: every ingested page (path, content hash, layout, title, when).
- ``roles``: one row per role: ``name`` (lowercase singular), ``display``, ``plural``.
- ``role_aliases``: other spellings of a role seen on pages (plural, header case...).
- ``facts``: one row per (role, attribute, qualifier): a number and/or a text, and the
  cell as the page wrote it; both NULL where the page marks it ``-``.
- ``fact_sources``: the page and line of every fact (a fact two pages agree on has two).
- ``skills``, ``responsibilities``: rows per role, with their page and line.
- ``ingest_notes``: warnings, ambiguous rows and conflicts of every ingest.
- ``words``: every word the pages use (evidence that a word is real, not a typo).
- ``role_names``, ``role_words``, ``role_vocab``: the role-name index the engine matches
  questions against, derived from ``roles`` and ``role_aliases`` (:mod:`chatbot.kb.name_index`).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from chatbot.kb.name_index import create_index_tables
from chatbot.kb.schema_sql import NEW_KB_SQL, SECONDARY_SQL

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 3  # 2: the words table; 3: the role-name index (role_names, role_words, role_vocab)
TABLES = (
    "meta", "pages", "roles", "role_aliases", "facts", "fact_sources",
    "skills", "responsibilities", "ingest_notes", "words",
)
#: the engine reads these versions: a KB of version 2 lacks only the role-name index, which
#: the engine then derives in memory (slower to load, same answers)
READABLE_VERSIONS = (2, SCHEMA_VERSION)


UNIQUE_INDEXES = (  # constraints the writer relies on: present while pages are written
    ("pages", ["sha256"]),
    ("roles", ["key"]),
    ("facts", ["role_id", "attribute", "qualifier"]),
    ("skills", ["role_id", "name"]),
    ("responsibilities", ["role_id", "text"]),
)
IN_ORDER_INDEXES = (  # for readers, and present while pages are written: pages come in the
    # order of these keys (page ids grow), so each row is added at the index's end, which costs
    # about what building the index after the load does, and leaves that much less to do then
    ("fact_sources", ["page_id"]),
)
SECONDARY_INDEXES = (  # for readers: made after the bulk load of a new KB
    ("roles", ["name"]),
    ("role_aliases", ["role_id"]),
    ("facts", ["attribute", "qualifier", "value_num"]),
    ("skills", ["name"]),
)

#: written as SQL: sqlite-utils makes no table WITHOUT ROWID.  The table is its primary key
#: (a rowid table kept a separate index of it too): the writer's most numerous rows (~64 a
#: page) cost 7% less to insert, and the file is smaller.  A KB made before reads the same.
FACT_SOURCES = """create table if not exists "fact_sources" (
   "fact_id" INTEGER NOT NULL REFERENCES "facts"("id"),
   "page_id" INTEGER NOT NULL REFERENCES "pages"("id"),
   "line" INTEGER NOT NULL,
   PRIMARY KEY ("fact_id", "page_id", "line")
) WITHOUT ROWID"""


def create_schema(db: "sqlite_utils.Database", *, secondary: bool = True) -> None:
    """Create every table and index (a no-op on tables that exist); without
    ``secondary``, the indexes only readers need are left to
    :func:`create_secondary_indexes`."""
    db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.table("pages").create(
        {"id": int, "path": str, "sha256": str, "layout": str, "title": str,
         "role_a": str, "role_b": str, "lines": int, "ingested_at": str},
        pk="id", not_null={"path", "sha256"}, if_not_exists=True,
    )
    db.table("roles").create(
        {"id": int, "name": str, "display": str, "plural": str, "key": str},
        pk="id", not_null={"name", "key"}, if_not_exists=True,
    )
    db.table("role_aliases").create(
        {"alias": str, "role_id": int}, pk=("alias", "role_id"),
        foreign_keys=[("role_id", "roles", "id")], if_not_exists=True,
    )
    db.table("facts").create(
        {"id": int, "role_id": int, "attribute": str, "qualifier": str,
         "value_num": float, "value_text": str, "raw": str},
        pk="id", not_null={"role_id", "attribute", "qualifier"},
        foreign_keys=[("role_id", "roles", "id")], if_not_exists=True,
    )
    db.execute(FACT_SOURCES)
    db.table("skills").create(
        {"id": int, "role_id": int, "name": str, "share": float, "top_three": int,
         "page_id": int, "line": int},
        pk="id", not_null={"role_id", "name"},
        foreign_keys=[("role_id", "roles", "id"), ("page_id", "pages", "id")], if_not_exists=True,
    )
    db.table("responsibilities").create(
        {"id": int, "role_id": int, "text": str, "page_id": int, "line": int},
        pk="id", not_null={"role_id", "text"},
        foreign_keys=[("role_id", "roles", "id"), ("page_id", "pages", "id")], if_not_exists=True,
    )
    db.table("ingest_notes").create(
        {"id": int, "page_id": int, "path": str, "line": int, "kind": str, "message": str},
        pk="id", if_not_exists=True,
    )
    db.table("words").create({"word": str}, pk="word", if_not_exists=True)
    create_index_tables(db.conn)
    for table, columns in UNIQUE_INDEXES:
        db.table(table).create_index(columns, unique=True, if_not_exists=True)
    for table, columns in IN_ORDER_INDEXES:
        db.table(table).create_index(columns, if_not_exists=True)
    if secondary:
        _define_secondary_indexes(db)
    db.execute("insert or replace into meta (key, value) values ('schema_version', ?)", [str(SCHEMA_VERSION)])


def _define_secondary_indexes(db: "sqlite_utils.Database") -> None:
    for table, columns in SECONDARY_INDEXES:
        db.table(table).create_index(columns, if_not_exists=True)


def create_new_schema(conn: sqlite3.Connection) -> None:
    """:func:`create_schema` without its secondary indexes, in a new KB, from the SQL it runs
    (:mod:`chatbot.kb.schema_sql`): an ingest then never imports sqlite-utils (~50 ms, a
    tenth of an ingest of 1,000 pages)."""
    for index in range(len(NEW_KB_SQL)):  # (items of a table of literals: fixed SQL, see the SQL test)
        conn.execute(NEW_KB_SQL[index])


def create_secondary_indexes(conn: sqlite3.Connection) -> None:
    """Create the indexes readers need (a no-op where they exist), from the SQL that
    :func:`create_schema` runs for them."""
    for index in range(len(SECONDARY_SQL)):
        conn.execute(SECONDARY_SQL[index])


def schema_sql_module() -> str:
    """The text of :mod:`chatbot.kb.schema_sql`: the statements :func:`create_schema` runs
    (traced on an empty in-memory database), the secondary indexes apart."""
    import sqlite_utils

    conn = sqlite3.connect(":memory:", isolation_level=None)
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    create_schema(sqlite_utils.Database(conn), secondary=False)
    new = [s for s in ran if s.lstrip().upper().startswith(WRITES)]
    ran.clear()
    _define_secondary_indexes(sqlite_utils.Database(conn))
    secondary = [s for s in ran if s.lstrip().upper().startswith(WRITES)]
    conn.close()
    return (f'"""{SCHEMA_SQL_DOC}"""\n\n'
            f"NEW_KB_SQL = {_tuple_text(new)}\nSECONDARY_SQL = {_tuple_text(secondary)}\n")


WRITES = ("CREATE", "INSERT")  # what of create_schema's statements change the file (not its look-ups)
SCHEMA_SQL_DOC = """The statements :func:`chatbot.kb.schema.create_schema` runs, as text: a new KB's tables,
indexes and version (``NEW_KB_SQL``), and the indexes made after a bulk load (``SECONDARY_SQL``).

Generated, not edited: ``python -m chatbot.kb.schema > chatbot/kb/schema_sql.py`` after a
change to the schema; ``tests/test_kb_schema_sql.py`` fails until then.
"""


def _tuple_text(statements: list[str]) -> str:
    return "(\n" + "".join(f"    {s!r},\n" for s in statements) + ")\n"


def table_names(conn: sqlite3.Connection) -> set[str]:
    """The tables of a KB (plain sqlite3: the read path never imports sqlite-utils)."""
    return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The schema version a KB records, or None if it has no ``meta`` table or version."""
    if "meta" not in table_names(conn):
        return None
    row = conn.execute("select value from meta where key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        return None


if __name__ == "__main__":
    import sys

    sys.stdout.write(schema_sql_module())
