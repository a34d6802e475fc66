"""Issue 13, item 6: the loaded role index is compact (no set per name or word, slotted
role objects) and still finds roles through aliases the query leaves out or keeps.  The
role-name index lives in the KB (``chatbot.kb.name_index``): every ingest, replaced page
and removal leaves exactly what one derivation from the roles and aliases gives, the
engine reads no role row by row at load, a KB of schema 2 (no index) answers the same, and
an open engine follows roles another program removes and adds."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

import chatbot.engine as engine_module
from chatbot import Engine
from chatbot.examples import fill_examples
from chatbot.kb.ingest import ingest
from chatbot.kb.maintain import remove_pages
from chatbot.kb.name_index import DERIVED_TABLES, derive_index
from chatbot.kb.store import open_read_only
from chatbot.nlu.roles import RoleEntry


def test_the_role_index_holds_no_set_per_name_or_word() -> None:
    index = Engine().role_index
    assert index.by_tokens and all(type(ids) is tuple for ids in index.by_tokens.values())
    assert index.token_roles and all(type(ids) is tuple for ids in index.token_roles.values())
    assert all(len(set(ids)) == len(ids) for ids in index.token_roles.values())


def test_role_entries_are_slotted() -> None:
    role = next(iter(Engine().roles_by_id.values()))
    assert isinstance(role, RoleEntry) and not hasattr(role, "__dict__")


def test_names_and_plurals_still_match() -> None:
    engine = Engine()
    for question in ("how much do production leaders make?", "salary of a production leader"):
        answer = engine.ask(question)
        assert answer.status == "answered" and answer.roles == ["production leader"]


# -- the role-name index kept in the KB (chatbot.kb.name_index) ---------------------------------

N_GENERATED = 120
INDEX_QUERIES = {
    "role_names": "select key, role_id from role_names",
    "role_words": "select word, role_id, head from role_words",
    "role_vocab": "select word, head, roles from role_vocab",
}
QUESTIONS = [
    "how much does a {name} make?", "what do {plural} earn", "{name} salary", "tell me about {plural}",
    "which pays more, {name} or {other}?", "how much does a senior {name} make?",
]
FIXED_QUESTIONS = [
    "how much does a lead procses coordinator make?", "what does an undertaker earn?",
    "which roles have more than 50,000 jobs?", "which role pays the least?", "lead charge registered nurse salary",
    "how much does a manager make?", "which roles do you know?", "hello", "asdf qwer",
]


def _generated_pages(folder: Path, n_roles: int = N_GENERATED) -> list[Path]:
    from test_reliability_ingest import write_synthetic_pages

    return write_synthetic_pages(folder, n_roles, seed=23)


def _index_rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {table: sorted(conn.execute(sql).fetchall()) for table, sql in INDEX_QUERIES.items()}


def _derived_afresh(db: Path) -> dict[str, list[tuple[object, ...]]]:
    kb = sqlite3.connect(db)
    memory = sqlite3.connect(":memory:")
    derive_index(memory, kb.execute("select id, name from roles").fetchall(),
                 kb.execute("select alias, role_id from role_aliases").fetchall())
    kb.close()
    return _index_rows(memory)


def _stored(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return _index_rows(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("generated")
    pages = _generated_pages(folder / "pages")
    db = folder / "kb.db"
    assert ingest(db, [*pages, *seed_pages_list()]).committed
    return db, pages


def seed_pages_list() -> list[Path]:
    return sorted((Path(__file__).resolve().parent.parent / "knowledge").glob("*.txt"))


def test_an_ingest_writes_the_index_one_derivation_from_roles_and_aliases_gives(generated) -> None:
    db, _ = generated
    stored = _stored(db)
    assert stored == _derived_afresh(db)
    assert len(stored["role_names"]) >= N_GENERATED and stored["role_vocab"]
    counts = {w: n for w, _, n in stored["role_vocab"]}
    held: dict[str, int] = {}
    for word, _, _ in stored["role_words"]:
        held[word] = held.get(word, 0) + 1
    assert counts == held


def test_the_index_stays_exact_through_several_ingests_a_replaced_page_and_removals(tmp_path: Path) -> None:
    pages = _generated_pages(tmp_path / "pages", 60)
    db = tmp_path / "kb.db"
    for part in (pages[:7], pages[7:30], pages[30:], seed_pages_list()):  # several runs, old roles again
        assert ingest(db, part).committed
    assert _stored(db) == _derived_afresh(db)
    # a page that changes its roles' headers (aliases) and is ingested again replaces its old self
    text = pages[3].read_text(encoding="utf-8")
    pages[3].write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")
    assert ingest(db, [pages[3]]).committed
    assert _stored(db) == _derived_afresh(db)
    report = remove_pages(db, [str(p) for p in pages[:10]])
    assert report.roles  # roles only those pages held are gone, and with them their index rows
    assert _stored(db) == _derived_afresh(db)
    with sqlite3.connect(db) as conn:
        ids = {r[0] for r in conn.execute("select id from roles")}
        assert {r[1] for r in _stored(db)["role_names"]} == ids


def _answers(engine: Engine, names: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    out = []
    for (name, plural), (other, _) in zip(names, names[1:] + names[:1]):
        for q in QUESTIONS:
            a = engine.ask(q.format(name=name, plural=plural, other=other))
            out.append((a.status, a.text, a.roles))
    for q in FIXED_QUESTIONS:
        a = engine.ask(q)
        out.append((a.status, a.text, a.roles))
    return out


def test_a_kb_of_schema_2_without_the_index_gives_the_same_answers(generated, tmp_path: Path) -> None:
    db, _ = generated
    old = tmp_path / "old.db"
    shutil.copy(db, old)
    with sqlite3.connect(old) as conn:
        for table in DERIVED_TABLES:
            conn.execute(f"drop table {table}")
        conn.execute("drop index idx_roles_name")
        conn.execute("update meta set value = '2' where key = 'schema_version'")
    new_engine, old_engine = Engine(db=db), Engine(db=old)
    names = [(r.name, r.plural) for r in list(new_engine.roles_by_id.values())[:: N_GENERATED // 12]]
    assert _answers(old_engine, names) == _answers(new_engine, names)
    assert old_engine.role_names() == new_engine.role_names() and old_engine.examples() == new_engine.examples()


def test_the_engine_load_reads_no_role_row_by_row(generated, monkeypatch: pytest.MonkeyPatch) -> None:
    """At load only counts, the index's vocabulary and a few named roles are read: no query
    goes over every role, alias or index row (what made 100,000 roles slow to load)."""
    db, _ = generated
    statements: list[str] = []

    def traced(path: Path) -> sqlite3.Connection:
        conn = open_read_only(path)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(engine_module, "open_read_only", traced)
    engine = Engine(db=db)
    whole = re.compile(r"from (roles|role_aliases|role_names|role_words)\b(?![^()]*\b(where|limit)\b)", re.I)
    reads = [s for s in statements if whole.search(s) and "count(*)" not in s]
    assert statements and reads == []
    assert engine.ask("which roles do you know?").status == "answered"


def test_examples_and_role_names_are_those_every_role_gives(generated) -> None:
    """The examples are filled from the roles named in them and the first few by name (not
    from every role): the same as filling them from every role."""
    db, _ = generated
    engine = Engine(db=db)
    every = list(engine.roles_by_id.values())
    questions = [e for i in engine.intents if i.handler != "static" for e in i.examples[:1]]
    assert set(engine.examples()) == set(fill_examples(questions, every))
    assert engine.role_names() == sorted(r.name for r in every)
    assert len(engine.roles_by_id) == len(every) == engine.info().roles


def test_an_open_engine_follows_roles_removed_and_added_by_another_program(tmp_path: Path) -> None:
    """The index is read per question: after `kb remove` and an ingest in between two
    questions, the removed role is unknown and the added one answers (no stale cache)."""
    pages = _generated_pages(tmp_path / "pages", 30)
    db = tmp_path / "kb.db"
    assert ingest(db, pages[:-4]).committed
    engine = Engine(db=db)
    gone = {r.name for r in engine.roles_by_id.values()}
    first = engine.ask(f"how much does a {sorted(gone)[0]} make?")
    assert first.status == "answered"
    report = remove_pages(db, [str(p) for p in pages[:-4]])
    assert report.roles
    assert ingest(db, pages[-4:]).committed
    engine.refresh()
    assert set(engine.role_names()) == {r.name for r in Engine(db=db).roles_by_id.values()} != gone
    removed = sorted(set(report.roles) - set(engine.role_names()))[0]
    assert engine.ask(f"how much does a {removed} make?").roles != [removed]
    added = sorted(set(engine.role_names()) - gone)[0]
    answer = engine.ask(f"how much does a {added} make?")
    assert (answer.status, answer.roles) == ("answered", [added]), answer.text
