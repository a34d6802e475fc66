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

from chatbot.kb.schema import TABLES

# Columns that legitimately differ between two builds of the same pages.
VOLATILE_COLUMNS = frozenset({"ingested_at"})


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"pragma table_info({table})")]


def dump_lines(db_path: str | Path) -> Iterator[str]:
    """One line per row (``table<TAB>repr(row)``), tables in schema order, rows sorted,
    then the schema's indexes."""
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        for table in TABLES:
            columns = [c for c in _columns(conn, table) if c not in VOLATILE_COLUMNS]
            rows = conn.execute(f"select {', '.join(columns)} from {table}").fetchall()
            yield f"{table}\t{columns}"
            for row in sorted(rows, key=repr):
                yield f"{table}\t{row!r}"
        indexes = conn.execute("select name, tbl_name, sql from sqlite_master where type = 'index' "
                               "and sql is not null order by name")
        for name, table, sql in indexes:
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
