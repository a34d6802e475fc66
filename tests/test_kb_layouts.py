"""Both page layouts, pages without tables, pages cut short, plurals, role merging and
conflicts between pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chatbot.errors import ConflictError
from chatbot.kb.ingest import ingest
from chatbot.kb.parser import parse_file, parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"
GLUED = FIXTURES / "warehouse_glued.txt"
MARKDOWN = FIXTURES / "warehouse_markdown.txt"

WA = "warehouse associate"
FO = "forklift operator"
RACES = ("Black or African American", "Unknown", "Hispanic or Latino", "Asian", "White",
         "American Indian and Alaska Native")

# What both fixture pages say, written by hand: (role, attribute, qualifier) -> (number, text).
WAREHOUSE_FACTS: dict[tuple[str, str, str], tuple[float | None, str | None]] = {
    (WA, "time_to_become", ""): (None, "1-2 years"),
    (FO, "time_to_become", ""): (None, "2-4 years"),
    (WA, "yearly_salary", ""): (33157, None),
    (FO, "yearly_salary", ""): (38920, None),
    (WA, "hourly_rate", ""): (15.94, None),
    (FO, "hourly_rate", ""): (18.71, None),
    (WA, "growth_rate", ""): (8, None),
    (FO, "growth_rate", ""): (-2, None),
    (WA, "number_of_jobs", ""): (245310, None),
    (FO, "number_of_jobs", ""): (58204, None),
    (WA, "job_satisfaction", ""): (4.14, None),
    (FO, "job_satisfaction", ""): (None, None),
    (WA, "degree", ""): (None, "High School Diploma"),
    (FO, "degree", ""): (None, "High School Diploma"),
    (WA, "degree_share", ""): (48, None),
    (FO, "degree_share", ""): (51, None),
    (WA, "average_age", ""): (36, None),
    (FO, "average_age", ""): (41, None),
    (WA, "years_of_experience", ""): (2, None),
    (FO, "years_of_experience", ""): (4, None),
    (WA, "salary_range_low", ""): (26000, None),
    (WA, "salary_range_high", ""): (42000, None),
    (FO, "salary_range_low", ""): (30000, None),
    (FO, "salary_range_high", ""): (49000, None),
    (WA, "highest_paying_city", ""): (None, "Seattle, WA"),
    (FO, "highest_paying_city", ""): (None, None),
    (WA, "highest_paying_state", ""): (None, "New Hampshire"),
    (FO, "highest_paying_state", ""): (None, "North Dakota"),
    (WA, "best_paying_company", ""): (None, "Amazon.com Inc"),
    (FO, "best_paying_company", ""): (None, "United Parcel Service"),
    (WA, "best_paying_industry", ""): (None, "Retail"),
    (FO, "best_paying_industry", ""): (None, "Manufacturing"),
    (WA, "major", ""): (None, "Business"),
    (FO, "major", ""): (None, "General Studies"),
    (WA, "college", ""): (None, "University of Phoenix"),
    (FO, "college", ""): (None, "Ivy Tech Community College"),
    (WA, "gender_share", "Male"): (65.2, None),
    (WA, "gender_share", "Female"): (34.8, None),
    (FO, "gender_share", "Male"): (88.1, None),
    (FO, "gender_share", "Female"): (11.9, None),
    **{(WA, "race_share", g): (v, None) for g, v in zip(RACES, (17.2, 4.9, 25.3, 4.1, 47.8, 0.7), strict=True)},
    **{(FO, "race_share", g): (v, None) for g, v in zip(RACES, (14.0, 4.5, 21.7, 2.9, 56.1, 0.8), strict=True)},
    (WA, "lgbt_share", ""): (5, None),
    (FO, "lgbt_share", ""): (3, None),
    (WA, "description", ""): (None, (
        "A warehouse associate receives, stores and ships goods in a distribution center. They unload trucks, "
        "check deliveries against orders, label and shelve products, and pick and pack orders for shipping. "
        "Warehouse associates also keep aisles clean and safe and count stock for inventory reports.")),
    (FO, "description", ""): (None, (
        "A forklift operator drives powered industrial trucks to move pallets and heavy materials around a "
        "warehouse, yard or construction site. Forklift operators inspect their machines before each shift, "
        "load and unload trailers, and stack goods safely on high racks. They follow safety rules closely and "
        "report damaged goods or equipment.")),
}
WAREHOUSE_SKILLS = {
    (WA, "forklift operation", 12, True), (WA, "inventory control", 9, True), (WA, "customer service", 7, True),
    (WA, "safety procedures", 6, False),
    (FO, "safety procedures", 14, True), (FO, "forklift operation", 11, True), (FO, "pallet jack", 8, True),
    (FO, "inventory control", 5, False),
}
WAREHOUSE_DUTIES = {
    (WA, "Unload inbound trucks and check deliveries against purchase orders."),
    (WA, "Pick, pack and label customer orders with RF scanners."),
    (WA, "Count stock for cycle counts and report shortages to the inventory team."),
    (FO, "Operate sit-down and reach forklifts to move pallets to racking."),
    (FO, "Inspect forklifts before each shift and log defects."),
    (FO, "Load and unload trailers following OSHA safety rules."),
}


def _facts(page) -> dict[tuple[str, str, str], tuple[float | None, str | None]]:
    """A parsed page's facts by (role, attribute, qualifier); a fact the page repeats
    (overview and salary tables) must say the same each time."""
    out: dict[tuple[str, str, str], tuple[float | None, str | None]] = {}
    for fact in page.facts:
        key = (page.roles[fact.side].name, fact.value.attribute, fact.value.qualifier)
        value = (fact.value.num, fact.value.text)
        assert out.setdefault(key, value) == value, f"{key} read as {out[key]} and {value}"
    return out


def _kb_facts(db: Path) -> dict[tuple[str, str, str], tuple[float | None, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select r.name, f.attribute, f.qualifier, f.value_num, f.value_text from facts f "
            "join roles r on r.id = f.role_id"
        ).fetchall()
    return {(r, a, q): (n, t) for r, a, q, n, t in rows}


def _kb_fact_sources(db: Path, role: str, attribute: str, qualifier: str = "") -> set[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select p.path, s.line from facts f join roles r on r.id = f.role_id "
            "join fact_sources s on s.fact_id = f.id join pages p on p.id = s.page_id "
            "where r.name = ? and f.attribute = ? and f.qualifier = ?",
            (role, attribute, qualifier),
        ).fetchall()
    return {(Path(p).name, line) for p, line in rows}


@pytest.mark.parametrize("path", [GLUED, MARKDOWN], ids=["glued", "markdown"])
def test_fixture_page_parses_to_the_written_facts(path):
    page = parse_file(path)
    assert page.layout == path.stem.split("_")[1]
    assert page.warnings == [] and page.ambiguous == []
    assert _facts(page) == WAREHOUSE_FACTS
    listed = {(page.roles[s.side].name, s.name.casefold(), s.share) for s in page.skills if s.share is not None}
    assert listed == {(role, name, share) for role, name, share, _ in WAREHOUSE_SKILLS}
    top = {(page.roles[s.side].name, s.name.casefold()) for s in page.skills if s.top_three}
    assert top == {(role, name) for role, name, _, top_three in WAREHOUSE_SKILLS if top_three}
    assert {(page.roles[r.side].name, r.text) for r in page.responsibilities} == WAREHOUSE_DUTIES
    assert [(r.name, r.display, r.plural) for r in page.roles] == [
        (WA, "Warehouse Associate", "warehouse associates"),
        (FO, "Forklift Operator", "forklift operators"),
    ]
    assert page.title == "Warehouse associate vs forklift operator"


def test_both_layouts_give_the_same_facts():
    glued, markdown = parse_file(GLUED), parse_file(MARKDOWN)
    assert (glued.layout, markdown.layout) == ("glued", "markdown")
    assert _facts(glued) == _facts(markdown)
    assert [(r.name, r.display, r.plural) for r in glued.roles] == [(r.name, r.display, r.plural) for r in markdown.roles]


def _kb_lists(db: Path) -> tuple[set, set]:
    with sqlite3.connect(db) as conn:
        skills = {(r, n.casefold(), s, bool(t)) for r, n, s, t in conn.execute(
            "select r.name, s.name, s.share, s.top_three from skills s join roles r on r.id = s.role_id")}
        duties = set(conn.execute(
            "select r.name, t.text from responsibilities t join roles r on r.id = t.role_id"))
    return skills, duties


def test_both_layouts_give_the_same_kb(tmp_path):
    ingest(tmp_path / "glued.db", [GLUED])
    ingest(tmp_path / "markdown.db", [MARKDOWN])
    assert _kb_facts(tmp_path / "glued.db") == _kb_facts(tmp_path / "markdown.db") == WAREHOUSE_FACTS
    assert _kb_lists(tmp_path / "glued.db") == _kb_lists(tmp_path / "markdown.db") == (
        WAREHOUSE_SKILLS, WAREHOUSE_DUTIES)


def test_both_layouts_in_one_kb_agree(tmp_path):
    db = tmp_path / "kb.db"
    report = ingest(db, [GLUED, MARKDOWN])
    assert report.conflicts == 0 and report.total_roles == 2
    assert _kb_facts(db) == WAREHOUSE_FACTS
    with sqlite3.connect(db) as conn:
        pages_per_fact = {n for (n,) in conn.execute(
            "select count(distinct page_id) from fact_sources group by fact_id")}
    assert pages_per_fact == {2}
    assert _kb_fact_sources(db, WA, "number_of_jobs") == {(GLUED.name, 15), (MARKDOWN.name, 13)}


# -- pages without a table -------------------------------------------------------------

NO_TABLE = """Post job

Apprentice carpenter vs journeyman carpenter

The differences between apprentices carpenter and journeyman carpenters can be seen in a few details. Each job has different responsibilities and duties. While it typically takes 4-6 years to become an apprentice carpenter, becoming a journeyman carpenter takes usually requires 2-4 years. Additionally, a journeyman carpenter has an average salary of $52,118, which is higher than the $38,006 average annual salary of an apprentice carpenter.

The top three skills for an apprentice carpenter include hand tools, power tools and framing. The most important skills for a journeyman carpenter are blueprint reading, framing, and drywall.

Browse construction jobs
"""


def test_page_without_a_table(tmp_path):
    page = parse_text(NO_TABLE, "carpenters.txt")
    assert [r.name for r in page.roles] == ["apprentice carpenter", "journeyman carpenter"]
    assert _facts(page) == {
        ("apprentice carpenter", "time_to_become", ""): (None, "4-6 years"),
        ("journeyman carpenter", "time_to_become", ""): (None, "2-4 years"),
        ("apprentice carpenter", "yearly_salary", ""): (38006, None),
        ("journeyman carpenter", "yearly_salary", ""): (52118, None),
    }
    top = {(page.roles[s.side].name, s.name) for s in page.skills if s.top_three}
    assert top == {
        ("apprentice carpenter", "hand tools"), ("apprentice carpenter", "power tools"),
        ("apprentice carpenter", "framing"),
        ("journeyman carpenter", "blueprint reading"), ("journeyman carpenter", "framing"),
        ("journeyman carpenter", "drywall"),
    }
    # ingested, it still makes two roles with their facts and skills
    path = tmp_path / "carpenters.txt"
    path.write_text(NO_TABLE, encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [path])
    assert report.committed and report.total_roles == 2 and report.stored == 4
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from skills where top_three = 1").fetchone()[0] == 6


def test_markdown_page_without_a_table_or_title():
    text = "\n".join([
        "Explore jobs", "Find specific jobs", "Explore careers", "Explore professions", "Best companies",
        "Explore companies",
        "The differences between charge bookkeepers and accountants can be seen in a few details. Each job has "
        "different responsibilities and duties. It typically takes 4-6 years to become both a charge bookkeeper "
        "and an accountant. Additionally, an accountant has an average salary of $54,890, which is higher than "
        "the $46,615 average annual salary of a charge bookkeeper.",
        "The top three skills for a charge bookkeeper include reconciliations, payroll tax returns and balance "
        "sheet. The most important skills for an accountant are reconciliations, general ledger accounts, and "
        "account reconciliations.",
        "",
    ])
    page = parse_text(text, "bookkeeper.txt")
    assert [r.name for r in page.roles] == ["charge bookkeeper", "accountant"]
    assert page.title == "Charge bookkeeper vs accountant"
    assert _facts(page) == {
        ("charge bookkeeper", "time_to_become", ""): (None, "4-6 years"),
        ("accountant", "time_to_become", ""): (None, "4-6 years"),
        ("charge bookkeeper", "yearly_salary", ""): (46615, None),
        ("accountant", "yearly_salary", ""): (54890, None),
    }
    assert [s.name for s in page.skills if s.side == 1] == [
        "reconciliations", "general ledger accounts", "account reconciliations"]


def test_while_variant_of_time_to_become():
    text = "\n".join([
        "Charge bookkeeper vs accountant",
        "The differences between charge bookkeepers and accountants can be seen in a few details. Each job has "
        "different responsibilities and duties. While it typically takes 4-6 years to become a charge bookkeeper, "
        "becoming an accountant takes usually requires 2-4 years. Additionally, an accountant has an average "
        "salary of $54,890, which is higher than the $46,615 average annual salary of a charge bookkeeper.",
        "",
    ])
    page = parse_text(text, "while.txt")
    facts = _facts(page)
    assert facts[("charge bookkeeper", "time_to_become", "")] == (None, "4-6 years")
    assert facts[("accountant", "time_to_become", "")] == (None, "2-4 years")


def test_odd_plurals_are_kept_as_written(tmp_path):
    page = parse_text(NO_TABLE, "carpenters.txt")
    assert [r.plural for r in page.roles] == ["apprentices carpenter", "journeyman carpenters"]
    path = tmp_path / "carpenters.txt"
    path.write_text(NO_TABLE, encoding="utf-8")
    db = tmp_path / "kb.db"
    ingest(db, [path])
    with sqlite3.connect(db) as conn:
        assert conn.execute("select plural from roles where name = 'apprentice carpenter'").fetchone() == (
            "apprentices carpenter",)
        aliases = {a for (a,) in conn.execute(
            "select alias from role_aliases a join roles r on r.id = a.role_id where r.name = 'apprentice carpenter'")}
    assert "apprentices carpenter" in aliases


# -- pages cut short ---------------------------------------------------------------------

def _glued_overview(rows: list[str], last: str) -> str:
    """A glued page whose text ends, with no newline, on ``last`` (an excerpt cut there)."""
    return "\n".join([
        "Post job", "",
        "Production coordinator vs production leader", "",
        "The differences between production coordinators and production leaders can be seen in a few details. "
        "Each job has different responsibilities and duties. It typically takes 1-2 years to become both a "
        "production coordinator and a production leader.", "",
        "Production coordinator vs production leader overview", "",
        "Production CoordinatorProduction Leader",
        *rows,
        last,
    ])


def test_glued_page_cut_mid_row_stores_nothing_from_that_line(tmp_path):
    # "Number of jobs68,532107,578" cut after "107": as a whole row it would read 68,532 | 107
    last = "Number of jobs68,532107"
    text = _glued_overview(["Yearly salary$49,366$44,563", "Hourly rate$23.73$21.42"], last)
    path = tmp_path / "cut.txt"
    path.write_text(text, encoding="utf-8")
    page = parse_file(path)
    cut_line = len(text.split("\n"))
    assert all(f.line != cut_line for f in page.facts)
    facts = _facts(page)
    assert ("production coordinator", "number_of_jobs", "") not in facts
    assert ("production leader", "number_of_jobs", "") not in facts
    assert facts[("production leader", "hourly_rate", "")] == (21.42, None)
    assert any(w.line == cut_line for w in page.warnings)
    db = tmp_path / "kb.db"
    ingest(db, [path])
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from facts where attribute = 'number_of_jobs'").fetchone() == (0,)
        assert conn.execute("select count(*) from fact_sources where line = ?", (cut_line,)).fetchone() == (0,)


def test_cut_skills_bullet_stores_nothing():
    # the last line is a skills bullet cut inside its share ("Logistics, 8%" -> "Logistics, 8")
    text = _glued_overview(
        ["Yearly salary$49,366$44,563", "", "Common production coordinator skills", "  • Customer Service, 13%"],
        "  • Logistics, 8",
    )
    page = parse_text(text, "cut.txt")
    assert [(s.name, s.share) for s in page.skills] == [("Customer Service", 13)]


def test_cut_summary_line_stores_nothing():
    text = _glued_overview(
        ["Yearly salary$49,366$44,563", ""],
        "It typically takes 1-2 years to become both a production coordinator and a production leader. "
        "Additionally, a production coordinator has an average salary of $51,000, which is higher than the "
        "$44,563 average annual salary of a production lea",
    )
    page = parse_text(text, "cut.txt")
    last = len(text.split("\n"))
    assert [f for f in page.facts if f.line == last] == []
    assert _facts(page)[("production coordinator", "yearly_salary", "")] == (49366, None)


def test_complete_looking_row_on_the_cut_line_is_not_read():
    # the excerpt may have been cut right after "1212" of "Years of experience12125": no way to know
    text = _glued_overview(["Yearly salary$49,366$44,563"], "Years of experience1212")
    page = parse_text(text, "cut.txt")
    assert not any(f.value.attribute == "years_of_experience" for f in page.facts)
    assert page.ambiguous == []


def test_markdown_page_cut_mid_row_stores_nothing_from_that_line():
    text = MARKDOWN.read_text(encoding="utf-8")
    lines = text.split("\n")
    cut_at = next(i for i, line in enumerate(lines) if line.startswith("| Number of jobs"))
    cut_text = "\n".join(lines[:cut_at] + ["| Number of jobs | 245,310 | 58"])
    page = parse_text(cut_text, "cut.txt")
    facts = _facts(page)
    assert (WA, "number_of_jobs", "") not in facts and (FO, "number_of_jobs", "") not in facts
    assert facts[(FO, "growth_rate", "")] == (-2, None)


def test_description_cut_mid_sentence_keeps_whole_sentences():
    text = GLUED.read_text(encoding="utf-8")
    start = text.index("A warehouse associate receives")
    cut = text[: start + len("A warehouse associate receives, stores and ships goods in a distribution center. "
                             "They unload tru")]
    page = parse_text(cut, "cut.txt")
    assert _facts(page)[(WA, "description", "")] == (
        None, "A warehouse associate receives, stores and ships goods in a distribution center.")


# -- merging roles and facts across pages -------------------------------------------------

def _page(a: str, b: str, salary_a: str, salary_b: str, header: str | None = None) -> str:
    """A small markdown page (prose in ``a``/``b``'s form, header in ``header``'s)."""
    ha, hb = (header or f"{a.title()}|{b.title()}").split("|")
    return "\n".join([
        "Explore jobs",
        f"The top three skills for a {a} include food safety, knife skills and sanitation. The most important "
        f"skills for a {b} are food safety, menu planning, and sanitation.",
        f"| {ha} | {hb} | |",
        f"| Yearly salary | {salary_a} | {salary_b} |",
        "",
    ])


def test_same_role_in_another_case_and_form_is_one_role(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(_page("line cook, prep cook", "head cook", "$31,000", "$36,000"), encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(_page("Line Cook/Prep Cook", "kitchen cook", "$31,000", "$29,500",
                            header="LINE COOK / PREP COOK|Kitchen Cook"), encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [first, second])
    assert report.conflicts == 0
    with sqlite3.connect(db) as conn:
        names = sorted(n for (n,) in conn.execute("select name from roles"))
        assert names == ["head cook", "kitchen cook", "line cook, prep cook"]
        aliases = {a for (a,) in conn.execute(
            "select alias from role_aliases a join roles r on r.id = a.role_id where r.name = 'line cook, prep cook'")}
    assert "line cook/prep cook" in aliases
    assert _kb_fact_sources(db, "line cook, prep cook", "yearly_salary") == {("first.txt", 4), ("second.txt", 4)}


def test_same_value_from_two_pages_is_one_fact_with_two_sources(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(_page("line cook", "head cook", "$31,000", "$36,000"), encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(_page("kitchen cook", "line cook", "$29,500", "$31,000"), encoding="utf-8")
    db = tmp_path / "kb.db"
    ingest(db, [first])
    report = ingest(db, [second])
    assert report.conflicts == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select f.value_num from facts f join roles r on r.id = f.role_id "
            "where r.name = 'line cook' and f.attribute = 'yearly_salary'").fetchall()
    assert rows == [(31000,)]
    assert _kb_fact_sources(db, "line cook", "yearly_salary") == {("first.txt", 4), ("second.txt", 4)}


def _conflicting_pages(tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "first.txt"
    first.write_text(_page("line cook", "head cook", "$31,000", "$36,000"), encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(_page("line cook", "kitchen cook", "$33,500", "$29,500"), encoding="utf-8")
    return first, second


def test_different_values_are_a_conflict_that_keeps_the_first(tmp_path):
    first, second = _conflicting_pages(tmp_path)
    db = tmp_path / "kb.db"
    ingest(db, [first])
    report = ingest(db, [second])
    assert report.committed and report.conflicts == 1
    conflicts = [n for n in report.notes if n.kind == "conflict"]
    assert len(conflicts) == 1
    message = conflicts[0].message
    assert str(first) in message and str(second) in message
    assert "$31,000" in message and "$33,500" in message and "line cook" in message
    with sqlite3.connect(db) as conn:
        kept = conn.execute(
            "select f.value_num from facts f join roles r on r.id = f.role_id "
            "where r.name = 'line cook' and f.attribute = 'yearly_salary'").fetchall()
        stored_notes = conn.execute("select message from ingest_notes where kind = 'conflict'").fetchall()
    assert kept == [(31000,)]
    assert _kb_fact_sources(db, "line cook", "yearly_salary") == {("first.txt", 4)}
    assert [m for (m,) in stored_notes] == [message]
    # the page's other facts are still added
    assert _kb_facts(db)[("kitchen cook", "yearly_salary", "")] == (29500, None)


def test_conflict_within_one_batch(tmp_path):
    first, second = _conflicting_pages(tmp_path)
    db = tmp_path / "kb.db"
    report = ingest(db, [first, second])
    assert report.conflicts == 1
    assert _kb_facts(db)[("line cook", "yearly_salary", "")] == (31000, None)


def test_strict_conflict_raises_and_leaves_the_kb_unchanged(tmp_path):
    first, second = _conflicting_pages(tmp_path)
    db = tmp_path / "kb.db"
    ingest(db, [first])
    before = db.read_bytes()
    with pytest.raises(ConflictError):
        ingest(db, [second], strict=True)
    assert db.read_bytes() == before


def test_strict_conflict_in_a_new_kb_creates_nothing(tmp_path):
    first, second = _conflicting_pages(tmp_path)
    db = tmp_path / "new.db"
    with pytest.raises(ConflictError):
        ingest(db, [first, second], strict=True)
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.txt", "second.txt"]


def test_strict_without_conflicts_commits(tmp_path):
    db = tmp_path / "kb.db"
    report = ingest(db, [GLUED, MARKDOWN], strict=True)
    assert report.committed and report.conflicts == 0


# -- a table whose header lists the roles in the other order than the prose -------------------

SWAPPED_PROSE = (
    "The top three skills for a charge bookkeeper include reconciliations, payroll tax returns and balance "
    "sheet. The most important skills for an accountant are reconciliations, general ledger accounts, and "
    "account reconciliations."
)


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(["Explore jobs", SWAPPED_PROSE, "| Accountant | Charge Bookkeeper | |",
                   "| Yearly salary | $54,890 | $46,615 |", "| Growth rate | 6% | -5% |", ""]),
        "\n".join(["Post job", "", "Charge bookkeeper vs accountant", "", SWAPPED_PROSE, "",
                   "AccountantCharge Bookkeeper", "Yearly salary$54,890$46,615", "Growth rate6%-5%", ""]),
    ],
    ids=["markdown", "glued"],
)
def test_header_in_the_other_order(text):
    page = parse_text(text, "swapped.txt")
    assert [(r.name, r.display) for r in page.roles] == [
        ("charge bookkeeper", "Charge Bookkeeper"), ("accountant", "Accountant")]
    facts = _facts(page)
    assert facts[("charge bookkeeper", "yearly_salary", "")] == (46615, None)
    assert facts[("accountant", "yearly_salary", "")] == (54890, None)
    assert facts[("charge bookkeeper", "growth_rate", "")] == (-5, None)


def test_skill_share_conflict_names_both_pages(tmp_path):
    glued = GLUED.read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(glued.replace("Forklift Operation, 12%", "Forklift Operation, 15%"), encoding="utf-8")
    db = tmp_path / "kb.db"
    ingest(db, [GLUED])
    before = db.read_bytes()
    with pytest.raises(ConflictError):
        ingest(db, [other], strict=True)
    assert db.read_bytes() == before
    report = ingest(db, [other])
    conflicts = [n for n in report.notes if n.kind == "conflict"]
    assert len(conflicts) == 1
    message = conflicts[0].message
    assert str(GLUED) in message and str(other) in message and "12%" in message and "15%" in message
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "select s.share from skills s join roles r on r.id = s.role_id "
            "where r.name = ? and s.name = 'Forklift Operation'", (WA,)).fetchall() == [(12,)]


def test_missing_value_on_one_page_is_not_a_conflict(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(_page("line cook", "head cook", "-", "$36,000"), encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(_page("line cook", "kitchen cook", "$31,000", "$29,500"), encoding="utf-8")
    third = tmp_path / "third.txt"
    third.write_text(_page("line cook", "prep cook", "-", "$28,000"), encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [first, second, third], strict=True)
    assert report.conflicts == 0
    assert _kb_facts(db)[("line cook", "yearly_salary", "")] == (31000, None)
    # the figure's source is the page that gives it, not those that mark it "-"
    assert _kb_fact_sources(db, "line cook", "yearly_salary") == {("second.txt", 4)}


def test_the_characters_taken_for_an_s_are_all_that_re_ignorecase_takes():
    """The section-heading test looks for a line ending in "s" (or "s.") before its
    pattern; every character the pattern's "s" matches must pass that look."""
    import re
    import sys

    from chatbot.kb.parser import S_LIKE, _section_heading

    assert {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch("s", chr(c), re.I)} == set(S_LIKE)
    assert _section_heading("Cashier example responsibilitieſ.") == ("duties", "Cashier")
    assert _section_heading("Cashier EXAMPLE RESPONSIBILITIES") == ("duties", "Cashier")
    assert _section_heading("Cashier example responsibilities..") is None
