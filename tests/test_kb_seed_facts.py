"""Every fact of the two shipped pages, as the KB must store it.

The tables below are written by hand from the pages in knowledge/ (not from the code's
output).  ``A`` is ``000_da7e6f87fe9964ce.txt`` (production coordinator vs production
leader), ``B`` is ``001_c28a0547ad19e013.txt`` (process leader vs production
coordinator).  Each fact lists every (page, line) it is read from: the summary sentence
(line 5), the overview table (12-19), the salary table (34-39), the education table
(46-48), the demographics table (55-58) and the "What does a X do?" paragraphs.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

A = "000_da7e6f87fe9964ce.txt"
B = "001_c28a0547ad19e013.txt"

PC = "production coordinator"
PL = "production leader"
PR = "process leader"

DESCRIPTION_PC = (
    "A production coordinator's role will vary depending on the industry or line of work. "
    "A production coordinator serves as the entire crew's primary point of contact on television and film sets. "
    "Among their primary responsibilities is to ensure that everyone gets to receive the necessary reports, "
    "daily schedule, and urgent reminders. Moreover, a production coordinator also has to manage the budget, "
    "reach out to food caterers, prepare the transportation and location, handle the accommodation and "
    "equipment rentals, process the billing, and even secure the necessary permits and documentation."
)
DESCRIPTION_PL = (
    "A production leader usually works at a manufacturing plant or a similar setting. They are primarily "
    "responsible for overseeing all processing operations and workforce performance, ensuring efficiency and "
    "timeliness. They are also responsible for coordinating with personnel, producing progress reports, "
    "processing paperwork, delegating tasks, setting the budget and goals, evaluating performances, and even "
    "training new members of the workforce. Furthermore, as a leader, it is essential to implement all "
    "policies and regulations set by the company to maintain a productive and safe work environment for everyone."
)
DESCRIPTION_PR = (
    "A process leader is responsible for overseeing the operational processes of an organization to support "
    "business functions and client requirements. Process leaders evaluate the efficiency of workflow "
    "procedures, identifying inconsistencies, and revising processing techniques as needed to improve "
    "deliverables and maximize productivity. They also train new employees, share best practices, and address "
    "their difficulties by organizing a specific learning approach. A process leader must have excellent "
    "communication and organizational skills, such as writing progress reports and identifying opportunities "
    "that would drive revenue resources for the business."
)

RACES = (
    "Black or African American", "Unknown", "Hispanic or Latino", "Asian", "White",
    "American Indian and Alaska Native",
)


def _races(shares: tuple[float, ...], sources: tuple[tuple[str, int], ...]) -> list[tuple]:
    return [("race_share", race, share, None, sources) for race, share in zip(RACES, shares, strict=True)]


def _role_facts(role: str, rows: list[tuple]) -> list[tuple]:
    return [(role, *row) for row in rows]


# (role, attribute, qualifier, value_num, value_text, sources); both values None = "-".
FACTS: list[tuple] = [
    # production coordinator: on both pages (left column of A, right column of B)
    *_role_facts(PC, [
        ("time_to_become", "", None, "1-2 years", ((A, 5), (B, 5))),
        ("yearly_salary", "", 49366, None, ((A, 5), (A, 12), (A, 34), (B, 5), (B, 12), (B, 34))),
        ("hourly_rate", "", 23.73, None, ((A, 13), (B, 13))),
        ("growth_rate", "", -3, None, ((A, 14), (B, 14))),
        ("number_of_jobs", "", 68532, None, ((A, 15), (B, 15))),
        ("job_satisfaction", "", 4, None, ((A, 16), (B, 16))),
        ("degree", "", None, "Bachelor's Degree", ((A, 17), (A, 46), (B, 17), (B, 46))),
        ("degree_share", "", 69, None, ((A, 17), (A, 46), (B, 17), (B, 46))),
        ("average_age", "", 46, None, ((A, 18), (A, 55), (B, 18), (B, 55))),
        ("years_of_experience", "", 2, None, ((A, 19), (B, 19))),
        ("salary_range_low", "", 35000, None, ((A, 35), (B, 35))),
        ("salary_range_high", "", 67000, None, ((A, 35), (B, 35))),
        ("highest_paying_city", "", None, "Washington, DC", ((A, 36), (B, 36))),
        ("highest_paying_state", "", None, "Wyoming", ((A, 37), (B, 37))),
        ("best_paying_company", "", None, "Meta", ((A, 38), (B, 38))),
        ("best_paying_industry", "", None, "Technology", ((A, 39), (B, 39))),
        ("major", "", None, "Business", ((A, 47), (B, 47))),
        ("college", "", None, "Stanford University", ((A, 48), (B, 48))),
        ("gender_share", "Male", 47.1, None, ((A, 56), (B, 56))),
        ("gender_share", "Female", 52.9, None, ((A, 56), (B, 56))),
        *_races((11.6, 4.1, 20.2, 4.5, 59.0, 0.7), ((A, 57), (B, 57))),
        ("lgbt_share", "", 6, None, ((A, 58), (B, 58))),
        ("description", "", None, DESCRIPTION_PC, ((A, 23), (B, 27))),
    ]),
    # production leader: page A only (right column)
    *_role_facts(PL, [
        ("time_to_become", "", None, "1-2 years", ((A, 5),)),
        ("yearly_salary", "", 44563, None, ((A, 5), (A, 12), (A, 34))),
        ("hourly_rate", "", 21.42, None, ((A, 13),)),
        ("growth_rate", "", None, None, ((A, 14),)),          # "Growth rate-3%-"
        ("number_of_jobs", "", 107578, None, ((A, 15),)),
        ("job_satisfaction", "", None, None, ((A, 16),)),     # "Job satisfaction4-"
        ("degree", "", None, "Bachelor's Degree", ((A, 17), (A, 46))),
        ("degree_share", "", 36, None, ((A, 17), (A, 46))),
        ("average_age", "", 46, None, ((A, 18), (A, 55))),
        ("years_of_experience", "", 2, None, ((A, 19),)),
        ("salary_range_low", "", 31000, None, ((A, 35),)),
        ("salary_range_high", "", 63000, None, ((A, 35),)),
        ("highest_paying_city", "", None, "New York, NY", ((A, 36),)),
        ("highest_paying_state", "", None, "New York", ((A, 37),)),
        ("best_paying_company", "", None, "Meta", ((A, 38),)),
        ("best_paying_industry", "", None, "Technology", ((A, 39),)),
        ("major", "", None, "Business", ((A, 47),)),
        ("college", "", None, "Stanford University", ((A, 48),)),
        ("gender_share", "Male", 70.6, None, ((A, 56),)),
        ("gender_share", "Female", 29.4, None, ((A, 56),)),
        *_races((11.0, 4.2, 19.8, 5.1, 59.3, 0.7), ((A, 57),)),
        ("lgbt_share", "", 6, None, ((A, 58),)),
        ("description", "", None, DESCRIPTION_PL, ((A, 27),)),
    ]),
    # process leader: page B only (left column)
    *_role_facts(PR, [
        ("time_to_become", "", None, "1-2 years", ((B, 5),)),
        ("yearly_salary", "", 88400, None, ((B, 5), (B, 12), (B, 34))),
        ("hourly_rate", "", 42.50, None, ((B, 13),)),
        ("growth_rate", "", 11, None, ((B, 14),)),
        ("number_of_jobs", "", 71467, None, ((B, 15),)),
        ("job_satisfaction", "", None, None, ((B, 16),)),     # "Job satisfaction-4"
        ("degree", "", None, "Bachelor's Degree", ((B, 17), (B, 46))),
        ("degree_share", "", 59, None, ((B, 17), (B, 46))),
        ("average_age", "", 46, None, ((B, 18), (B, 55))),
        ("years_of_experience", "", 2, None, ((B, 19),)),
        ("salary_range_low", "", 59000, None, ((B, 35),)),
        ("salary_range_high", "", 132000, None, ((B, 35),)),
        ("highest_paying_city", "", None, "Jersey City, NJ", ((B, 36),)),
        ("highest_paying_state", "", None, "New Jersey", ((B, 37),)),
        ("best_paying_company", "", None, "BP America Inc", ((B, 38),)),
        ("best_paying_industry", "", None, "Technology", ((B, 39),)),
        ("major", "", None, "Business", ((B, 47),)),
        ("college", "", None, "Stanford University", ((B, 48),)),
        ("gender_share", "Male", 58.8, None, ((B, 56),)),
        ("gender_share", "Female", 41.2, None, ((B, 56),)),
        *_races((11.6, 4.2, 17.9, 5.4, 60.2, 0.7), ((B, 57),)),
        ("lgbt_share", "", 6, None, ((B, 58),)),
        ("description", "", None, DESCRIPTION_PR, ((B, 23),)),
    ]),
]

# (role, skill as the skills list writes it, share %, in the summary's top three, page, line).
# Production coordinator's list is on both pages; the KB keeps the first page's row.
SKILLS: list[tuple] = [
    (PC, "Customer Service", 13, True, A, 85),
    (PC, "Logistics", 8, True, A, 86),
    (PC, "Video Production", 6, True, A, 87),
    (PC, "Production Process", 6, False, A, 88),
    (PC, "Purchase Orders", 6, False, A, 89),
    (PC, "Production Schedules", 5, False, A, 90),
    (PL, "Customer Service", 11, True, A, 92),
    (PL, "Continuous Improvement", 7, True, A, 93),
    (PL, "Safety Procedures", 6, True, A, 94),
    (PL, "Quality Standards", 5, False, A, 95),
    (PL, "Customer Orders", 5, False, A, 96),
    (PL, "Production Process", 3, False, A, 97),
    (PR, "Customer Service", 13, True, B, 85),
    (PR, "Cleanliness", 8, True, B, 86),
    (PR, "Sales Floor", 8, True, B, 87),
    (PR, "Continuous Improvement", 7, False, B, 88),
    (PR, "Project Management", 6, False, B, 89),
    (PR, "Process Improvement", 6, False, B, 90),
]

# (role, page, line, text); the "Show more" bullets are not responsibilities.
RESPONSIBILITIES: list[tuple] = [
    (PC, A, 64, "Manage the deployment communications for the Mid-Atlantic upgrade of ATM hardware."),
    (PC, A, 65, "Create social media campaigns on Facebook and help manage the AKAOKA blog."),
    (PC, A, 66, "Create UNIX shell scripts to automate the processes by avoiding manual process."),
    (PC, A, 67, "Utilize EDI communications to manage customer requirements and shipment coordination."),
    (PC, A, 68, "Participate and lead Kaizen improvement activities to assure optimum productivity and costs."),
    (PC, A, 69, "Manage FedEx shipment processing which includes receiving incoming shipments and keeping "
                "records concerning these transactions."),
    (PL, A, 74, "Manage PC production line personnel."),
    (PL, A, 75, "Manage the operation of three alkalize systems from a PLC."),
    (PL, A, 76, "Manage employee's schedules, time off requests, vacation and payroll with the KRONOS time "
                "management software."),
    (PL, A, 77, "Maintain maximum yields in accordance with company policies and USDA food and safety guidelines."),
    (PL, A, 78, "Maintain the facilities organization, appearance, and cleanliness."),
    (PL, A, 79, "Operate and maintain general manufacturing equipment and perform production in accordance "
                "with QSR, ISO and establish written procedures."),
    (PR, B, 64, "Lead process cost, capacity, and ROI forecasting"),
    (PR, B, 65, "Manage the movement of work in progress (WIP) through the departments."),
    (PR, B, 66, "Manage day-to-day logistics of work orders to ensure they are progressing as scheduled and "
                "customer commitments are being meet."),
    (PR, B, 67, "Design, build, train and manage new cross site data team to support integrate ERP system for "
                "change control."),
    (PR, B, 68, "Initiate supplier - kitting, Kanban and vendor manage inventory processes of hardware, pipe, "
                "fittings and expense items."),
    (PR, B, 69, "Plan and facilitate Kaizen events that lead to significant business improvement results."),
]

# (name, display as the table header writes it, plural as the summary writes it)
ROLES: list[tuple[str, str, str]] = [
    (PC, "Production Coordinator", "production coordinators"),
    (PL, "Production Leader", "production leaders"),
    (PR, "Process Leader", "process leaders"),
]


def _fact_id(role: str, attribute: str, qualifier: str) -> str:
    return f"{role}|{attribute}|{qualifier}" if qualifier else f"{role}|{attribute}"


@pytest.fixture(scope="module")
def kb(seed_kb: Path):
    conn = sqlite3.connect(f"file:{seed_kb}?mode=ro", uri=True)
    yield conn
    conn.close()


def _sources(kb: sqlite3.Connection, fact_id: int) -> set[tuple[str, int]]:
    rows = kb.execute(
        "select p.path, s.line from fact_sources s join pages p on p.id = s.page_id where s.fact_id = ?",
        (fact_id,),
    )
    return {(Path(path).name, line) for path, line in rows}


@pytest.mark.parametrize(
    ("role", "attribute", "qualifier", "value_num", "value_text", "sources"),
    FACTS,
    ids=[_fact_id(*row[:3]) for row in FACTS],
)
def test_seed_fact(kb, role, attribute, qualifier, value_num, value_text, sources):
    rows = kb.execute(
        "select f.id, f.value_num, f.value_text, f.raw from facts f join roles r on r.id = f.role_id "
        "where r.name = ? and f.attribute = ? and f.qualifier = ?",
        (role, attribute, qualifier),
    ).fetchall()
    assert len(rows) == 1, f"expected exactly one {role} {attribute} {qualifier!r} fact, found {len(rows)}"
    fact_id, num, text, raw = rows[0]
    if value_num is None:
        assert num is None
    else:
        assert num == pytest.approx(value_num)
    assert text == value_text
    if value_num is None and value_text is None:
        assert raw == "-", "a missing value is stored as NULL, from a '-' cell"
    assert _sources(kb, fact_id) == set(sources)


def test_fact_table_lists_every_fact(kb):
    assert len({_fact_id(*row[:3]) for row in FACTS}) == len(FACTS), "the table lists a fact twice"
    assert kb.execute("select count(*) from facts").fetchone()[0] == len(FACTS)
    expected_sources = sum(len(row[5]) for row in FACTS)
    assert kb.execute("select count(*) from fact_sources").fetchone()[0] == expected_sources


def test_dashes_are_null_not_zero(kb):
    rows = kb.execute(
        "select r.name, f.attribute from facts f join roles r on r.id = f.role_id "
        "where f.value_num is null and f.value_text is null order by r.name, f.attribute"
    ).fetchall()
    assert rows == [
        (PR, "job_satisfaction"),
        (PL, "growth_rate"),
        (PL, "job_satisfaction"),
    ]
    assert kb.execute("select count(*) from facts where value_num = 0").fetchone()[0] == 0


@pytest.mark.parametrize(("role", "display", "plural"), ROLES, ids=[r[0] for r in ROLES])
def test_seed_role(kb, role, display, plural):
    rows = kb.execute("select id, display, plural from roles where name = ?", (role,)).fetchall()
    assert len(rows) == 1
    role_id, stored_display, stored_plural = rows[0]
    assert (stored_display, stored_plural) == (display, plural)
    aliases = {a for (a,) in kb.execute("select alias from role_aliases where role_id = ?", (role_id,))}
    assert {role, plural} <= aliases


def test_three_roles_merged_across_pages(kb):
    assert sorted(name for (name,) in kb.execute("select name from roles")) == sorted(r[0] for r in ROLES)
    # production coordinator is on both pages, and every one of its facts has a source on each
    pages_per_fact = kb.execute(
        "select count(distinct s.page_id) from facts f join roles r on r.id = f.role_id "
        "join fact_sources s on s.fact_id = f.id where r.name = ? group by f.id",
        (PC,),
    ).fetchall()
    assert pages_per_fact and {n for (n,) in pages_per_fact} == {2}


def test_seed_pages_recorded(kb):
    rows = kb.execute("select path, layout, title, role_a, role_b, lines from pages order by id").fetchall()
    assert [(Path(p).name, *rest) for p, *rest in rows] == [
        (A, "glued", "Production coordinator vs production leader", PC, PL, 99),
        (B, "glued", "Process leader vs production coordinator", PR, PC, 99),
    ]


@pytest.mark.parametrize(
    ("role", "name", "share", "top_three", "page", "line"), SKILLS, ids=[f"{s[0]}|{s[1]}" for s in SKILLS]
)
def test_seed_skill(kb, role, name, share, top_three, page, line):
    rows = kb.execute(
        "select s.share, s.top_three, p.path, s.line from skills s join roles r on r.id = s.role_id "
        "join pages p on p.id = s.page_id where r.name = ? and s.name = ?",
        (role, name),
    ).fetchall()
    assert len(rows) == 1
    stored_share, stored_top, path, stored_line = rows[0]
    assert stored_share == pytest.approx(share)
    assert bool(stored_top) is top_three
    assert (Path(path).name, stored_line) == (page, line)


def test_skill_table_lists_every_skill(kb):
    assert kb.execute("select count(*) from skills").fetchone()[0] == len(SKILLS)


@pytest.mark.parametrize("role", [PC, PL, PR])
def test_seed_responsibilities(kb, role):
    rows = kb.execute(
        "select p.path, t.line, t.text from responsibilities t join roles r on r.id = t.role_id "
        "join pages p on p.id = t.page_id where r.name = ?",
        (role,),
    ).fetchall()
    expected = {(page, line, text) for r, page, line, text in RESPONSIBILITIES if r == role}
    assert len(expected) == 6
    assert {(Path(path).name, line, text) for path, line, text in rows} == expected


def test_responsibility_table_lists_every_item(kb):
    assert kb.execute("select count(*) from responsibilities").fetchone()[0] == len(RESPONSIBILITIES)
    assert kb.execute("select count(*) from responsibilities where text like '%show more%'").fetchone()[0] == 0


def test_seed_ingest_is_clean(kb):
    notes = kb.execute("select kind, path, line, message from ingest_notes where kind != 'resolved'").fetchall()
    assert notes == []
