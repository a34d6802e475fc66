"""A new KB's schema is made from SQL text (chatbot/kb/schema_sql.py) so that an ingest
never imports sqlite-utils; that text is what the sqlite-utils definition runs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from chatbot.kb import schema

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "pages"


def test_the_generated_sql_is_what_the_definition_runs():
    text = (PROJECT_ROOT / "chatbot" / "kb" / "schema_sql.py").read_text(encoding="utf-8")
    assert text == schema.schema_sql_module(), "run: python -m chatbot.kb.schema > chatbot/kb/schema_sql.py"


def _objects(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    return conn.execute("select type, name, tbl_name, sql from sqlite_master order by type, name").fetchall()


def test_the_sql_makes_the_schema_the_definition_makes():
    by_sqlite_utils = sqlite3.connect(":memory:")
    schema.create_schema(sqlite_utils.Database(by_sqlite_utils), secondary=True)
    by_sql = sqlite3.connect(":memory:")
    schema.create_new_schema(by_sql)
    schema.create_secondary_indexes(by_sql)
    assert _objects(by_sql) == _objects(by_sqlite_utils)
    assert schema.schema_version(by_sql) == schema.SCHEMA_VERSION


def test_an_ingest_does_not_import_sqlite_utils(tmp_path):
    """Importing sqlite-utils cost ~50 ms, a tenth of an ingest of 1,000 pages."""
    code = ("import sys; from chatbot.kb.ingest import ingest; "
            f"r = ingest({str(tmp_path / 'kb.db')!r}, sorted(__import__('pathlib').Path({str(FIXTURES)!r}).glob('*.txt'))); "
            f"r2 = ingest({str(tmp_path / 'kb.db')!r}, []); "
            "print(r.committed, 'sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
                         timeout=60)
    assert out.stdout.split() == ["True", "False"], out.stderr
