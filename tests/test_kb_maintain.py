"""KB maintenance: a changed page replaces its old self (and says what changed), pages
are removed with what only they support, folders are ingested, and ``chatbot kb`` lists
roles, pages and notes unambiguously.  Also the examples filled from the KB in use and
``chatbot ask Q1 Q2``."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from chatbot.cli.main import main
from chatbot.engine import Engine
from chatbot.errors import KBError
from chatbot.examples import EXAMPLE_ROLES, KBRole, fill_examples
from chatbot.kb.ingest import ingest
from chatbot.kb.maintain import remove_pages

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
COORD_LEADER = "000_da7e6f87fe9964ce.txt"   # production coordinator vs production leader
PROCESS_COORD = "001_c28a0547ad19e013.txt"  # process leader vs production coordinator


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in KNOWLEDGE.glob("*.txt"):
        shutil.copy(page, folder / page.name)
    return folder


def kb_with(pages: Path, tmp_path: Path, *names: str) -> Path:
    db = tmp_path / "kb.db"
    report = ingest(db, [pages / n for n in names])
    assert report.committed
    return db


def edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


# ---------------------------------------------------------------- replacing a page


def test_a_changed_page_replaces_its_old_self_and_reports_changes(pages: Path, tmp_path: Path) -> None:
    db = kb_with(pages, tmp_path, COORD_LEADER, PROCESS_COORD)
    facts_before = count(db, "select count(*) from facts")
    edit(pages / COORD_LEADER, "$44,563", "$54,563")          # production leader only on this page
    report = ingest(db, [pages / COORD_LEADER])
    changes = [n.message for n in report.notes if n.kind == "changed"]
    assert changes == ["production leader yearly_salary: $44,563 -> $54,563"]
    assert [n.kind for n in report.notes].count("replaced") == 1
    assert report.conflicts == 0 and report.new_roles == 0
    assert count(db, "select count(*) from pages") == 2
    assert count(db, "select count(*) from facts") == facts_before
    answer = Engine(db=db).ask("how much does a production leader make?")
    assert "$54,563" in answer.text
    assert {s.page for s in answer.sources} == {str(pages / COORD_LEADER)}


def test_a_value_another_page_still_gives_is_kept_from_that_page(pages: Path, tmp_path: Path) -> None:
    db = kb_with(pages, tmp_path, COORD_LEADER, PROCESS_COORD)
    edit(pages / COORD_LEADER, "$49,366", "$59,366")          # the other page also says $49,366
    report = ingest(db, [pages / COORD_LEADER])
    assert report.conflicts == 1
    answer = Engine(db=db).ask("how much does a production coordinator make?")
    assert "$49,366" in answer.text
    assert {s.page for s in answer.sources} == {str(pages / PROCESS_COORD)}


def test_replace_option_names_the_old_page(pages: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = kb_with(pages, tmp_path, COORD_LEADER)
    renamed = tmp_path / "new-version.txt"
    shutil.copy(pages / COORD_LEADER, renamed)
    edit(renamed, "$44,563", "$45,000")
    assert main(["ingest", "--db", str(db), str(renamed), "--replace", str(pages / COORD_LEADER)]) == 0
    err = capsys.readouterr().err
    assert "production leader yearly_salary: $44,563 -> $45,000" in err
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("select path from pages")] == [str(renamed)]
    assert main(["ingest", "--db", str(db), str(renamed), str(pages / PROCESS_COORD), "--replace", "x"]) == 2


def test_the_same_content_again_is_still_a_no_op(pages: Path, tmp_path: Path) -> None:
    db = kb_with(pages, tmp_path, COORD_LEADER)
    before = db.read_bytes()
    report = ingest(db, [pages / COORD_LEADER])
    assert report.skipped == 1 and db.read_bytes() == before


# ---------------------------------------------------------------- removing pages


def test_kb_remove_drops_pages_facts_and_unsupported_roles(pages: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = kb_with(pages, tmp_path, COORD_LEADER, PROCESS_COORD)
    assert main(["kb", "remove", COORD_LEADER, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "1 page(s) removed" in out and "roles removed: 1 (production leader)" in out
    engine = Engine(db=db)
    assert engine.role_names() == ["process leader", "production coordinator"]
    assert "$49,366" in engine.ask("how much does a production coordinator make?").text  # the other page's
    assert count(db, "select count(*) from fact_sources s left join facts f on f.id = s.fact_id "
                     "where f.id is null") == 0
    assert count(db, "select count(*) from facts f where not exists "
                     "(select 1 from fact_sources s where s.fact_id = f.id)") == 0
    remove_pages(db, [str(pages / PROCESS_COORD)])
    assert count(db, "select count(*) from roles") == 0 and count(db, "select count(*) from facts") == 0


def test_kb_remove_of_an_unknown_page_changes_nothing(pages: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = kb_with(pages, tmp_path, COORD_LEADER, PROCESS_COORD)
    before = db.read_bytes()
    with pytest.raises(KBError, match="no page '000_da7e6f87fe9964ce.tx' in the knowledge base .did you"):
        remove_pages(db, [PROCESS_COORD, "000_da7e6f87fe9964ce.tx"])
    assert db.read_bytes() == before
    assert main(["kb", "remove", "--db", str(db)]) == 2
    assert main(["kb", "remove", "x.txt"]) == 2          # not on the built-in KB
    capsys.readouterr()


# ---------------------------------------------------------------- ingest FOLDER, kb listings


def test_ingest_a_folder(pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pages / "deeper").mkdir()
    shutil.move(str(pages / PROCESS_COORD), pages / "deeper" / PROCESS_COORD)
    (pages / "notes.md").write_text("not a page", encoding="utf-8")   # only *.txt is read
    db = tmp_path / "kb.db"
    assert main(["ingest", "--db", str(db), str(pages)]) == 0
    assert "2 page(s) added" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["ingest", "--db", str(db), str(empty)]) == 2


def test_kb_listings_are_one_a_line_sorted_case_insensitively(pages: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(pages / COORD_LEADER, pages / "b.txt")
    shutil.copy(pages / PROCESS_COORD, pages / "A.txt")
    edit(pages / "A.txt", "$88,400", "$88,500")   # a conflict, so there are notes
    db = tmp_path / "kb.db"
    batch = [pages / "b.txt", pages / "A.txt", pages / COORD_LEADER, pages / PROCESS_COORD]
    assert ingest(db, batch).committed
    capsys.readouterr()
    assert main(["kb", "roles", "--db", str(db)]) == 0
    assert capsys.readouterr().out == "process leader\nproduction coordinator\nproduction leader\n"
    assert main(["kb", "pages", "--db", str(db)]) == 0
    listed = [str(pages / PROCESS_COORD), str(pages / "A.txt"), str(pages / "b.txt")]
    assert capsys.readouterr().out.splitlines() == listed
    assert main(["kb", "notes", "--db", str(db)]) == 0
    notes = capsys.readouterr().out.splitlines()
    assert notes and notes == sorted(notes, key=str.casefold)
    assert main(["kb", "--json", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["roles"] == ["process leader", "production coordinator", "production leader"]
    assert data["pages"] == listed
    assert data["role_count"] == 3 and data["facts"] > 0 and data["builtin"] is False
    assert main(["kb", "roles", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == data["roles"]
    assert main(["kb", "roles", "extra", "--db", str(db)]) == 2


# ---------------------------------------------------------------- examples from the KB in use


def test_examples_name_roles_the_kb_has(pages: Path, tmp_path: Path) -> None:
    db = kb_with(pages, tmp_path, PROCESS_COORD)     # no production leader here
    engine = Engine(db=db)
    examples = engine.examples()
    assert examples and not any("production leader" in e for e in examples)
    for example in examples:
        answer = engine.ask(example)
        assert answer.status in ("answered", "no_data"), (example, answer.text)
    not_understood = engine.ask("blorp the frobnicator")
    assert not_understood.status == "not_understood" and "production leader" not in not_understood.text
    assert "production leader" not in engine.ask("help").text


def test_fill_examples() -> None:
    roles = [KBRole("nurse", "nurses"), KBRole("welder", "welders"),
             KBRole("process leader", "process leaders")]
    assert fill_examples(["tell me about production leaders", "which pays more, production coordinator or "
                          "process leader?", "hello"], roles) == (
        "tell me about nurses", "which pays more, nurse or process leader?", "hello")
    assert fill_examples(["production coordinator vs production leader"], [KBRole("nurse", "nurses")]) == ()
    builtin = [KBRole(n, n + "s") for n in EXAMPLE_ROLES]
    assert fill_examples(["compare production leaders and process leaders"], builtin) == (
        "compare production leaders and process leaders",)


# ---------------------------------------------------------------- ask Q1 Q2


def test_ask_answers_each_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "how much does a process leader make?", "which pays more, production coordinator "
                 "or production leader?"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Process leaders earn $88,400 a year on average.",
                     "Production coordinators earn more: $49,366 a year vs $44,563 for production leaders "
                     "($4,803, 10.8% more)."]
    assert main(["ask", "salary", "of", "a", "process", "leader"]) == 0     # unquoted words: one question
    assert capsys.readouterr().out.count("\n") == 1
    assert main(["ask", "--json", "hello", "salary of a process leader"]) == 0
    intents = [json.loads(line)["intent"] for line in capsys.readouterr().out.splitlines()]
    assert intents == ["greeting", "fact"]
