"""The statements :func:`chatbot.kb.schema.create_schema` runs, as text: a new KB's tables,
indexes and version (``NEW_KB_SQL``), and the indexes made after a bulk load (``SECONDARY_SQL``).

Generated, not edited: ``python -m chatbot.kb.schema > chatbot/kb/schema_sql.py`` after a
change to the schema; ``tests/test_kb_schema_sql.py`` fails until then.
"""

NEW_KB_SQL = (
    'CREATE TABLE IF NOT EXISTS "meta" (\n   "key" TEXT PRIMARY KEY,\n   "value" TEXT\n);',
    'CREATE TABLE IF NOT EXISTS "pages" (\n   "id" INTEGER PRIMARY KEY,\n   "path" TEXT NOT NULL,\n   "sha256" TEXT NOT NULL,\n   "layout" TEXT,\n   "title" TEXT,\n   "role_a" TEXT,\n   "role_b" TEXT,\n   "lines" INTEGER,\n   "ingested_at" TEXT\n);',
    'CREATE TABLE IF NOT EXISTS "roles" (\n   "id" INTEGER PRIMARY KEY,\n   "name" TEXT NOT NULL,\n   "display" TEXT,\n   "plural" TEXT,\n   "key" TEXT NOT NULL\n);',
    'CREATE TABLE IF NOT EXISTS "role_aliases" (\n   "alias" TEXT,\n   "role_id" INTEGER REFERENCES "roles"("id"),\n   PRIMARY KEY ("alias", "role_id")\n);',
    'CREATE TABLE IF NOT EXISTS "facts" (\n   "id" INTEGER PRIMARY KEY,\n   "role_id" INTEGER NOT NULL REFERENCES "roles"("id"),\n   "attribute" TEXT NOT NULL,\n   "qualifier" TEXT NOT NULL,\n   "value_num" REAL,\n   "value_text" TEXT,\n   "raw" TEXT\n);',
    'create table if not exists "fact_sources" (\n   "fact_id" INTEGER NOT NULL REFERENCES "facts"("id"),\n   "page_id" INTEGER NOT NULL REFERENCES "pages"("id"),\n   "line" INTEGER NOT NULL,\n   PRIMARY KEY ("fact_id", "page_id", "line")\n) WITHOUT ROWID',
    'CREATE TABLE IF NOT EXISTS "skills" (\n   "id" INTEGER PRIMARY KEY,\n   "role_id" INTEGER NOT NULL REFERENCES "roles"("id"),\n   "name" TEXT NOT NULL,\n   "share" REAL,\n   "top_three" INTEGER,\n   "page_id" INTEGER REFERENCES "pages"("id"),\n   "line" INTEGER\n);',
    'CREATE TABLE IF NOT EXISTS "responsibilities" (\n   "id" INTEGER PRIMARY KEY,\n   "role_id" INTEGER NOT NULL REFERENCES "roles"("id"),\n   "text" TEXT NOT NULL,\n   "page_id" INTEGER REFERENCES "pages"("id"),\n   "line" INTEGER\n);',
    'CREATE TABLE IF NOT EXISTS "ingest_notes" (\n   "id" INTEGER PRIMARY KEY,\n   "page_id" INTEGER,\n   "path" TEXT,\n   "line" INTEGER,\n   "kind" TEXT,\n   "message" TEXT\n);',
    'CREATE TABLE IF NOT EXISTS "words" (\n   "word" TEXT PRIMARY KEY\n);',
    'create table if not exists role_names (key text not null, role_id integer not null, primary key (key, role_id)) without rowid',
    'create table if not exists role_words (word text not null, role_id integer not null, head integer not null default 0, primary key (word, role_id)) without rowid',
    'create table if not exists role_vocab (word text not null primary key, head integer not null default 0, roles integer not null default 0) without rowid',
    'CREATE UNIQUE INDEX IF NOT EXISTS "idx_pages_sha256"\n    ON "pages" ("sha256");',
    'CREATE UNIQUE INDEX IF NOT EXISTS "idx_roles_key"\n    ON "roles" ("key");',
    'CREATE UNIQUE INDEX IF NOT EXISTS "idx_facts_role_id_attribute_qualifier"\n    ON "facts" ("role_id", "attribute", "qualifier");',
    'CREATE UNIQUE INDEX IF NOT EXISTS "idx_skills_role_id_name"\n    ON "skills" ("role_id", "name");',
    'CREATE UNIQUE INDEX IF NOT EXISTS "idx_responsibilities_role_id_text"\n    ON "responsibilities" ("role_id", "text");',
    'CREATE INDEX IF NOT EXISTS "idx_fact_sources_page_id"\n    ON "fact_sources" ("page_id");',
    "insert or replace into meta (key, value) values ('schema_version', '3')",
)

SECONDARY_SQL = (
    'CREATE INDEX IF NOT EXISTS "idx_roles_name"\n    ON "roles" ("name");',
    'CREATE INDEX IF NOT EXISTS "idx_role_aliases_role_id"\n    ON "role_aliases" ("role_id");',
    'CREATE INDEX IF NOT EXISTS "idx_facts_attribute_qualifier_value_num"\n    ON "facts" ("attribute", "qualifier", "value_num");',
    'CREATE INDEX IF NOT EXISTS "idx_skills_name"\n    ON "skills" ("name");',
)

