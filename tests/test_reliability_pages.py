"""Hostile pages: role names in any script, terminal escape sequences inside cells, and a
glued row far longer than any real one."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chatbot.cli.output import printable
from chatbot.errors import PageError
from chatbot.kb.ingest import ingest
from chatbot.kb.names import role_key
from chatbot.kb.parser import parse_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED = PROJECT_ROOT / "knowledge" / "000_da7e6f87fe9964ce.txt"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
LONG_ROW_CHARS = (100_000, 200_000)   # the timings: ~20 s and ~126 s before the bound
LONG_ROW_MAX_S = 5.0                  # generous: the bounded parse takes well under a second


def _renamed(text: str, a: str, b: str) -> str:
    text = re.sub("production coordinator", a, text, flags=re.I)
    return re.sub("production leader", b, text, flags=re.I)


@pytest.mark.parametrize(("name", "key"), [
    ("Инженер", "инженер"), ("врач", "врач"), ("医生", "医生"), ("Ingénieur", "ingénieur"),
    ("ＩＴ Manager", "it manager"), ("Line Cook, Prep Cook", "line cook prep cook"),
])
def test_role_keys_keep_letters_of_every_script(name, key):
    assert role_key(name) == key


def test_roles_named_only_in_cyrillic_stay_two_roles(tmp_path):
    page = tmp_path / "ru.txt"
    page.write_text(_renamed(SEED.read_text(encoding="utf-8"), "инженер", "врач"), encoding="utf-8")
    report = ingest(tmp_path / "kb.db", [page])
    assert report.committed and report.total_roles == 2 and report.conflicts == 0, report.notes


def test_a_role_name_without_letters_is_an_error_naming_the_page():
    text = _renamed(SEED.read_text(encoding="utf-8"), "***", "врач")
    with pytest.raises(PageError) as err:
        parse_text(text, "odd.txt")
    assert "odd.txt" in str(err.value)


def test_control_characters_are_stripped_at_ingest_with_a_warning(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("Years of experience", f"Years of{ESCAPES} experience")
    page = tmp_path / "esc.txt"
    page.write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [page])
    assert any("control characters" in n.message for n in report.notes)
    conn = sqlite3.connect(db)
    dumped = "\n".join(conn.iterdump())
    conn.close()
    assert "\x1b" not in dumped and "\x9b" not in dumped and "\x07" not in dumped


def test_printable_escapes_control_characters():
    assert printable(f"a{ESCAPES}b\n\tc") == "a\\x1b]0;pwned\\x07\\x1b[2J\\x9b31mb\n\tc"


@pytest.mark.parametrize("as_json", [False, True])
def test_escape_sequences_in_an_old_kb_never_reach_the_terminal(seed_kb, tmp_path, as_json):
    db = tmp_path / "kb.db"
    db.write_bytes(seed_kb.read_bytes())
    conn = sqlite3.connect(db)
    conn.execute("update skills set name = name || ?", (ESCAPES,))
    conn.commit()
    conn.close()
    env = {**os.environ, "NO_COLOR": "1"}
    args = [sys.executable, "-m", "chatbot", "ask", "--db", str(db), *(["--json"] if as_json else []),
            "what are the skills of a production leader?"]
    proc = subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "pwned" in proc.stdout  # the text is shown, escaped
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", proc.stdout)


@pytest.mark.parametrize("chars", LONG_ROW_CHARS)
def test_a_glued_row_longer_than_any_real_one_is_a_warning_in_linear_time(chars):
    text = SEED.read_text(encoding="utf-8").replace("Average age4646", "Average age" + "4" * chars)
    t0 = time.perf_counter()
    page = parse_text(text, "long.txt")
    took = time.perf_counter() - t0
    print(f"glued row of {chars:,} characters parsed in {took:.3f} s")
    assert any("longer than any real row" in w.message for w in page.warnings)
    assert took < LONG_ROW_MAX_S


# -- a table whose columns are not on the roles they seem to be (item 2) ------------------------

SEED_B = PROJECT_ROOT / "knowledge" / "001_c28a0547ad19e013.txt"
GLUED_ROWS = [("Yearly salary", "$49,366", "$44,563"), ("Hourly rate", "$23.73", "$21.42"),
              ("Number of jobs", "68,532", "107,578"), ("Average age", "46", "46")]
TABLE_WARNING = "table salaries disagree with the summary sentence"


def _swap_roles(text: str) -> str:
    swap = {"coordinator": "leader", "leader": "coordinator"}

    def repl(m: re.Match[str]) -> str:
        word = swap[m.group(2).lower()]
        return m.group(1) + (word.capitalize() if m.group(2)[0].isupper() else word)

    return re.sub(r"(?i)(production )(coordinator|leader)", repl, text)


def _table_block(text: str) -> str:
    lines = text.split("\n")
    headers = ("Production CoordinatorProduction Leader", "Production LeaderProduction Coordinator",
               "Process LeaderProduction Coordinator")
    start = next(n for n, line in enumerate(lines) if line.startswith(headers))
    end = next(n for n in range(start, len(lines)) if not lines[n].strip())
    return "\n".join(lines[start:end])


def reversed_table_page(layout: str) -> str:
    """The seed page with its roles swapped everywhere but the summary sentence (which keeps
    the true salaries) and the table, whose header has typos: the table's columns are now the
    other way round from the title, and its header does not say so."""
    text = SEED.read_text(encoding="utf-8")
    summary = next(line for line in text.split("\n") if "average salary of" in line)
    table = _table_block(text)
    swapped = _swap_roles(text)
    swapped = swapped.replace(next(x for x in swapped.split("\n") if "average salary of" in x), summary)
    if layout == "glued":
        new_table = table.replace("Production CoordinatorProduction Leader",
                                  "Production CordinatorProduction Leadr")
    else:
        new_table = "\n".join(["| | Production Cordinator | Production Leadr |", "|---|---|---|",
                               *(f"| {label} | {a} | {b} |" for label, a, b in GLUED_ROWS)])
    return swapped.replace(_table_block(swapped), new_table)


@pytest.mark.parametrize("layout", ["glued", "markdown"])
def test_a_table_whose_header_has_typos_and_the_other_order_is_read_on_the_right_roles(tmp_path, layout):
    """The header names the roles (with typos) in the other order than the title: the
    columns follow the header's names, and agree with the summary sentence."""
    page = tmp_path / f"{layout}.txt"
    page.write_text(reversed_table_page(layout), encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [page])
    assert not any(TABLE_WARNING in n.message for n in report.notes), [n.message for n in report.notes]
    conn = sqlite3.connect(db)
    rows = conn.execute("select r.name, f.attribute, f.value_num from facts f "
                        "join roles r on r.id = f.role_id "
                        "where f.attribute in ('yearly_salary', 'number_of_jobs', 'hourly_rate')").fetchall()
    conn.close()
    assert ("production leader", "number_of_jobs", 68_532) not in rows
    assert ("production leader", "hourly_rate", 23.73) not in rows
    assert ("production coordinator", "number_of_jobs", 68_532) in rows
    assert ("production leader", "number_of_jobs", 107_578) in rows
    assert ("production leader", "yearly_salary", 44_563) in rows


# Small pages in both layouts with no summary sentence (no salary evidence): the header's
# names are all there is to tell the columns apart.
BOOKKEEPER_PROSE = (
    "The top three skills for a charge bookkeeper include reconciliations, payroll tax returns and balance "
    "sheet. The most important skills for an accountant are reconciliations, general ledger accounts, and "
    "account reconciliations."
)
BOOKKEEPER_ROWS = [("Number of jobs", "60,073", "27,542"), ("Growth rate", "6%", "-5%"),
                   ("Average age", "44", "51")]  # accountant first, as the headers below


def _small_page(layout: str, header: tuple[str, str], rows=BOOKKEEPER_ROWS) -> str:
    if layout == "markdown":
        table = [f"| {header[0]} | {header[1]} | |", *(f"| {label} | {a} | {b} |" for label, a, b in rows)]
        return "\n".join(["Explore jobs", BOOKKEEPER_PROSE, *table, ""])
    table = [header[0] + header[1], *(f"{label}{a}{b}" for label, a, b in rows)]
    return "\n".join(["Post job", "", "Charge bookkeeper vs accountant", "", BOOKKEEPER_PROSE, "", *table, ""])


def _numbers(page) -> dict[tuple[str, str], float | None]:
    return {(page.roles[f.side].name, f.value.attribute): f.value.num for f in page.facts}


@pytest.mark.parametrize("layout", ["glued", "markdown"])
@pytest.mark.parametrize("header", [("Acountant", "Charge Bookkeeper"), ("Accountant", "Charge Bokkeeper"),
                                    ("ACCOUNTANTS", "charge bookkeepers")])
def test_reversed_columns_under_a_misspelt_header_go_to_the_roles_it_names(layout, header):
    page = parse_text(_small_page(layout, header), f"{layout}.txt")
    numbers = _numbers(page)
    assert numbers[("accountant", "number_of_jobs")] == 60_073
    assert numbers[("charge bookkeeper", "number_of_jobs")] == 27_542
    assert numbers[("charge bookkeeper", "growth_rate")] == -5
    assert not any("nothing stored from the table" in w.message for w in page.warnings)


@pytest.mark.parametrize("layout", ["glued", "markdown"])
@pytest.mark.parametrize(("header", "reason"), [
    (("Process Leader", "Production Coordinator"), "names neither role"),        # pasted from another page
    (("Accountant", "Production Coordinator"), "names only one role"),
    (("Accountant", "Accountant"), "could name either role"),
    (("Senior Accountant", "Charge Bookkeeper Assistant"), "names neither role"),  # whole words only
])
def test_a_table_whose_header_does_not_name_both_roles_stores_nothing_and_warns(layout, header, reason):
    text = _small_page(layout, header)
    text = text.replace(BOOKKEEPER_PROSE, BOOKKEEPER_PROSE + " It typically takes 4-6 years to become both a "
                                                             "charge bookkeeper and an accountant.")
    page = parse_text(text, f"{layout}.txt")
    warnings = [w.message for w in page.warnings if "nothing stored from the table" in w.message]
    assert warnings and (layout == "glued" or reason in warnings[0]), [w.message for w in page.warnings]
    assert not any(f.value.attribute in ("number_of_jobs", "growth_rate", "average_age") for f in page.facts)


def test_a_pasted_glued_table_naming_other_roles_stores_nothing_and_warns(tmp_path):
    """The seed page with the other seed's table (its own header), and no summary
    sentence to contradict it: the header names a role this page does not compare."""
    text = SEED.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if "average salary of" not in line)
    pasted = text.replace(_table_block(text), _table_block(SEED_B.read_text(encoding="utf-8")))
    page = parse_text(pasted, "pasted.txt")
    assert any("Process Leader" in w.message and "nothing stored from the table" in w.message
               for w in page.warnings), [w.message for w in page.warnings]
    assert not any(f.value.attribute == "number_of_jobs" for f in page.facts)


def test_a_table_pasted_from_another_page_stores_nothing_and_warns(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    other = _table_block(SEED_B.read_text(encoding="utf-8"))
    other = other.replace("Process LeaderProduction Coordinator", "Production CoordinatorProduction Leader")
    pasted = text.replace(_table_block(text), other)
    page = parse_text(pasted, "pasted.txt")
    assert any(TABLE_WARNING in w.message and "another page" in w.message for w in page.warnings)
    assert not any(f.value.attribute == "number_of_jobs" for f in page.facts)


def test_a_table_that_agrees_with_the_summary_is_kept():
    page = parse_text(SEED.read_text(encoding="utf-8"), "seed.txt")
    assert not any(TABLE_WARNING in w.message for w in page.warnings)
    assert any(f.value.attribute == "number_of_jobs" for f in page.facts)
