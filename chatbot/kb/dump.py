"""A full, comparable dump of a KB: every row of every table, in a stable order, without
the ingest time.  Two ingests of the same pages must give the same dump, whatever the
parser or writer inside (serial or parallel, row by row or batched).

    python -m chatbot.kb.dump KB.db > kb.txt
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from chatbot.kb.name_index import DERIVED_TABLES
from chatbot.kb.schema import TABLES, table_names

# Every table's rows, without what legitimately differs between two builds of the same
# pages (the ingest time).
QUERIES = {
    "meta": "select key, value from meta",
    "pages": "select id, path, sha256, layout, title, role_a, role_b, lines from pages",
    "roles": "select id, name, display, plural, key from roles",
    "role_aliases": "select alias, role_id from role_aliases",
    "facts": "select id, role_id, attribute, qualifier, value_num, value_text, raw from facts",
    "fact_sources": "select fact_id, page_id, line from fact_sources",
    "skills": "select id, role_id, name, share, top_three, page_id, line from skills",
    "responsibilities": "select id, role_id, text, page_id, line from responsibilities",
    "ingest_notes": "select id, page_id, path, line, kind, message from ingest_notes",
    "words": "select word from words",
    # the role-name index: derived from roles and role_aliases (chatbot.kb.name_index), dumped
    # so that two builds of the same pages, in one ingest or several, are compared on it too
    "role_names": "select key, role_id from role_names",
    "role_words": "select word, role_id, head from role_words",
    "role_vocab": "select word, head from role_vocab",
}
INDEXES = ("select name, tbl_name, sql from sqlite_master where type = 'index' and sql is not null "
           "order by name")


def dump_lines(db_path: str | Path) -> Iterator[str]:
    """One line per row (``table<TAB>repr(row)``), tables in schema order, rows sorted,
    then the schema's indexes."""
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        present = table_names(conn)
        for table in (*TABLES, *(t for t in DERIVED_TABLES if t in present)):  # a KB of schema 2 has no index
            yield f"{table}\t{QUERIES[table]}"
            for row in sorted(conn.execute(QUERIES[table]).fetchall(), key=repr):
                yield f"{table}\t{row!r}"
        for name, table, sql in conn.execute(INDEXES):
            yield f"index\t{name}\t{table}\t{sql}"
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    """Print the dump of the KB named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m chatbot.kb.dump KB.db", file=sys.stderr)
        return 2
    for line in dump_lines(args[0]):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
