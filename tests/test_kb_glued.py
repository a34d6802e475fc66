"""The glued-row splitter: every row shape of the plain-text layout, and ambiguous rows,
which must store nothing and leave a note naming the page and the row, unless a value
already known for the role settles them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chatbot.kb.cells import FactValue
from chatbot.kb.fields import match_glued_label
from chatbot.kb.glued import Split, split_cells
from chatbot.kb.ingest import ingest

RACE_A = (
    "Black or African American, 11.6% Unknown, 4.1% Hispanic or Latino, 20.2% Asian, 4.5% "
    "White, 59.0% American Indian and Alaska Native, 0.7%"
)
RACE_B = (
    "Black or African American, 11.0% Unknown, 4.2% Hispanic or Latino, 19.8% Asian, 5.1% "
    "White, 59.3% American Indian and Alaska Native, 0.7%"
)
RACES = ("Black or African American", "Unknown", "Hispanic or Latino", "Asian", "White",
         "American Indian and Alaska Native")


def _num(attribute: str, value: float, qualifier: str = "") -> tuple:
    return (attribute, qualifier, value, None)


def _text(attribute: str, value: str) -> tuple:
    return (attribute, "", None, value)


def _null(attribute: str, qualifier: str = "") -> tuple:
    return (attribute, qualifier, None, None)


# (row as the page writes it, values of the left role, values of the right role);
# each value is (attribute, qualifier, number, text), both None for a "-" cell.
ROWS: list[tuple[str, list[tuple], list[tuple]]] = [
    ("Yearly salary$49,366$44,563", [_num("yearly_salary", 49366)], [_num("yearly_salary", 44563)]),
    ("Average salary$88,400$49,366", [_num("yearly_salary", 88400)], [_num("yearly_salary", 49366)]),
    ("Yearly salary$49,366-", [_num("yearly_salary", 49366)], [_null("yearly_salary")]),
    ("Hourly rate$23.73$21.42", [_num("hourly_rate", 23.73)], [_num("hourly_rate", 21.42)]),
    ("Number of jobs68,532107,578", [_num("number_of_jobs", 68532)], [_num("number_of_jobs", 107578)]),
    ("Number of jobs167,877446,127", [_num("number_of_jobs", 167877)], [_num("number_of_jobs", 446127)]),
    ("Number of jobs--", [_null("number_of_jobs")], [_null("number_of_jobs")]),
    ("Number of jobs-2", [_null("number_of_jobs")], [_num("number_of_jobs", 2)]),
    ("Growth rate-3%-", [_num("growth_rate", -3)], [_null("growth_rate")]),
    ("Growth rate-8%12%", [_num("growth_rate", -8)], [_num("growth_rate", 12)]),
    ("Growth rate11%-3%", [_num("growth_rate", 11)], [_num("growth_rate", -3)]),
    ("Growth rate-2%", [_null("growth_rate")], [_num("growth_rate", 2)]),
    ("Growth rate--", [_null("growth_rate")], [_null("growth_rate")]),
    ("Job satisfaction4-", [_num("job_satisfaction", 4)], [_null("job_satisfaction")]),
    ("Job satisfaction-4", [_null("job_satisfaction")], [_num("job_satisfaction", 4)]),
    ("Job satisfaction54.14", [_num("job_satisfaction", 5)], [_num("job_satisfaction", 4.14)]),
    ("Job satisfaction3.53", [_num("job_satisfaction", 3.5)], [_num("job_satisfaction", 3)]),
    ("Job satisfaction2.75-", [_num("job_satisfaction", 2.75)], [_null("job_satisfaction")]),
    ("Average age4646", [_num("average_age", 46)], [_num("average_age", 46)]),
    ("Average age2823", [_num("average_age", 28)], [_num("average_age", 23)]),
    ("Years of experience1212", [_num("years_of_experience", 12)], [_num("years_of_experience", 12)]),
    ("Years of experience22", [_num("years_of_experience", 2)], [_num("years_of_experience", 2)]),
    ("Years of experience--", [_null("years_of_experience")], [_null("years_of_experience")]),
    ("Years of experience-2", [_null("years_of_experience")], [_num("years_of_experience", 2)]),
    ("Highest paying CityWashington, DCNew York, NY",
     [_text("highest_paying_city", "Washington, DC")], [_text("highest_paying_city", "New York, NY")]),
    ("Highest paying City-Portland, ME", [_null("highest_paying_city")], [_text("highest_paying_city", "Portland, ME")]),
    ("Highest paying stateWyomingNew York",
     [_text("highest_paying_state", "Wyoming")], [_text("highest_paying_state", "New York")]),
    ("Highest paying stateNew JerseyWyoming",
     [_text("highest_paying_state", "New Jersey")], [_text("highest_paying_state", "Wyoming")]),
    ("Highest paying stateWest VirginiaVirginia",
     [_text("highest_paying_state", "West Virginia")], [_text("highest_paying_state", "Virginia")]),
    ("Highest paying state-Maine", [_null("highest_paying_state")], [_text("highest_paying_state", "Maine")]),
    ("Best paying companyBP America IncMeta",
     [_text("best_paying_company", "BP America Inc")], [_text("best_paying_company", "Meta")]),
    ("Best paying companyMetaMeta", [_text("best_paying_company", "Meta")], [_text("best_paying_company", "Meta")]),
    ("Best paying company-V-Soft Consulting",
     [_null("best_paying_company")], [_text("best_paying_company", "V-Soft Consulting")]),
    # equal halves settle a name that also splits inside a word (Mc|Donald's)
    ("Best paying companyMcDonald'sMcDonald's",
     [_text("best_paying_company", "McDonald's")], [_text("best_paying_company", "McDonald's")]),
    ("Best paying industryTechnologyTechnology",
     [_text("best_paying_industry", "Technology")], [_text("best_paying_industry", "Technology")]),
    ("Most common majorBusinessBusiness", [_text("major", "Business")], [_text("major", "Business")]),
    ("Most common collegeSUNY College of Technology at DelhiUniversity of Pennsylvania",
     [_text("college", "SUNY College of Technology at Delhi")], [_text("college", "University of Pennsylvania")]),
    ("Most common degreeBachelor's Degree, 69%Bachelor's Degree, 36%",
     [_text("degree", "Bachelor's Degree"), _num("degree_share", 69)],
     [_text("degree", "Bachelor's Degree"), _num("degree_share", 36)]),
    ("Most common degreeBachelor's Degree, 43%High School Diploma, 37%",
     [_text("degree", "Bachelor's Degree"), _num("degree_share", 43)],
     [_text("degree", "High School Diploma"), _num("degree_share", 37)]),
    ("Most common degree-High School Diploma, 37%",
     [_null("degree"), _null("degree_share")],
     [_text("degree", "High School Diploma"), _num("degree_share", 37)]),
    ("Salary rangeBetween $35,000 And $67,000Between $31,000 And $63,000",
     [_num("salary_range_low", 35000), _num("salary_range_high", 67000)],
     [_num("salary_range_low", 31000), _num("salary_range_high", 63000)]),
    ("Salary rangeBetween $59,000 And $132,000Between $35,000 And $67,000",
     [_num("salary_range_low", 59000), _num("salary_range_high", 132000)],
     [_num("salary_range_low", 35000), _num("salary_range_high", 67000)]),
    ("Gender ratioMale, 47.1% Female, 52.9%Male, 70.6% Female, 29.4%",
     [_num("gender_share", 47.1, "Male"), _num("gender_share", 52.9, "Female")],
     [_num("gender_share", 70.6, "Male"), _num("gender_share", 29.4, "Female")]),
    ("Gender ratio-Male, 70.6% Female, 29.4%",
     [_null("gender_share")],
     [_num("gender_share", 70.6, "Male"), _num("gender_share", 29.4, "Female")]),
    ("Race ratio" + RACE_A + RACE_B,
     [_num("race_share", v, g) for g, v in zip(RACES, (11.6, 4.1, 20.2, 4.5, 59.0, 0.7), strict=True)],
     [_num("race_share", v, g) for g, v in zip(RACES, (11.0, 4.2, 19.8, 5.1, 59.3, 0.7), strict=True)]),
    ("LGBT Percentage6%6%", [_num("lgbt_share", 6)], [_num("lgbt_share", 6)]),
    ("LGBT Percentage6%5%", [_num("lgbt_share", 6)], [_num("lgbt_share", 5)]),
]


def _split(row: str, known=None) -> Split:
    match = match_glued_label(row)
    assert match is not None, f"no label recognised in {row!r}"
    field, rest = match
    return split_cells(field.kind, field.attribute, rest, known)


def _values(values: list[FactValue]) -> list[tuple]:
    return [(v.attribute, v.qualifier, v.num, v.text) for v in values]


def _rounded(values: list[tuple]) -> list[tuple]:
    """Values with their numbers rounded to 6 decimals (4.14 stored as a float)."""
    return [(a, q, None if n is None else round(float(n), 6), t) for a, q, n, t in values]


@pytest.mark.parametrize(("row", "left", "right"), ROWS, ids=[r[0][:60] for r in ROWS])
def test_split_row(row, left, right):
    split = _split(row)
    assert split.unique is not None, f"{row!r} splits {len(split.candidates)} ways"
    got_left, got_right = split.unique
    assert _rounded(_values(got_left)) == _rounded(left)
    assert _rounded(_values(got_right)) == _rounded(right)


@pytest.mark.parametrize(
    ("row", "readings"),
    [
        ("Years of experience122", 2),          # 1 | 22 or 12 | 2
        ("Years of experience111", 2),          # 1 | 11 or 11 | 1
        ("Number of jobs1234", 3),              # 1 | 234, 12 | 34, 123 | 4
        ("Best paying companyMcDonald'sKFC", 2),  # Mc | Donald'sKFC or McDonald's | KFC
    ],
)
def test_ambiguous_rows_have_several_readings(row, readings):
    split = _split(row)
    assert split.ambiguous and split.unique is None
    assert len(split.candidates) == readings


@pytest.mark.parametrize(
    "row",
    [
        "Yearly salary$49,366",              # one value only
        "Average age4",                     # no two ages fit
        "Job satisfaction67",               # ratings are 1-5
        "Highest paying stateWyomingNarnia",  # not a state
        "Gender ratioMale, 47.1% Female, 52.9%",
    ],
)
def test_rows_that_fit_no_reading(row):
    assert _split(row).candidates == ()


def test_known_value_settles_an_ambiguous_row():
    def known(side: int, value: FactValue) -> bool | None:
        if side == 0:
            return value.num == 12  # the left role is known to need 12 years
        return None

    left, right = _split("Years of experience122", known).unique or ([], [])
    assert [v.num for v in left] == [12] and [v.num for v in right] == [2]


def test_known_value_fitting_no_reading_settles_nothing():
    split = _split("Years of experience122", lambda side, value: value.num == 5 if side == 0 else None)
    assert split.ambiguous


# -- through ingest: a synthetic glued page written to tmp_path ------------------------

def glued_page(a: str, b: str, rows: list[str], a_plural: str | None = None, b_plural: str | None = None) -> str:
    """A small glued page comparing roles ``a`` and ``b`` with the given table rows."""
    a_plural = a_plural or f"{a}s"
    b_plural = b_plural or f"{b}s"
    header = a.title() + b.title()
    return "\n".join([
        "Post job",
        "",
        f"{a.capitalize()} vs {b}",
        "",
        f"The differences between {a_plural} and {b_plural} can be seen in a few details. Each job has "
        f"different responsibilities and duties. It typically takes 1-2 years to become both a {a} and a {b}.",
        "",
        f"The top three skills for a {a} include customer service, logistics and scheduling. The most "
        f"important skills for a {b} are customer service, safety procedures, and quality control.",
        "",
        f"{a.capitalize()} vs {b} overview",
        "",
        header,
        *rows,
        "",
        "Browse production jobs",
    ])


def _line_of(text: str, row: str) -> int:
    return text.split("\n").index(row) + 1


def _fact(db: Path, role: str, attribute: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select f.value_num, f.value_text from facts f join roles r on r.id = f.role_id "
            "where r.name = ? and f.attribute = ?",
            (role, attribute),
        ).fetchall()


def _notes(db: Path, kind: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select path, line, message from ingest_notes where kind = ?", (kind,)).fetchall()


@pytest.mark.parametrize(
    ("row", "label", "attribute"),
    [
        ("Years of experience122", "Years of experience", "years_of_experience"),
        ("Number of jobs1234", "Number of jobs", "number_of_jobs"),
        ("Best paying companyMcDonald'sKFC", "Best paying company", "best_paying_company"),
    ],
)
def test_ambiguous_row_stores_nothing_and_notes_page_and_row(tmp_path, row, label, attribute):
    text = glued_page("crew leader", "shift manager", ["Yearly salary$41,200$52,300", row, "Average age3841"])
    page = tmp_path / "crew.txt"
    page.write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"

    report = ingest(db, [page])

    assert report.committed and not report.failed
    assert report.ambiguous == 2
    assert _fact(db, "crew leader", attribute) == [] and _fact(db, "shift manager", attribute) == []
    # the other rows of the page are stored
    assert _fact(db, "crew leader", "yearly_salary") == [(41200, None)]
    assert _fact(db, "shift manager", "average_age") == [(41, None)]
    line = _line_of(text, row)
    notes = [n for n in report.notes if n.kind == "ambiguous"]
    assert len(notes) == 1
    assert (notes[0].path, notes[0].line) == (str(page), line)
    assert label in notes[0].message and str(page) in str(notes[0])
    stored = _notes(db, "ambiguous")
    assert len(stored) == 1
    assert stored[0][:2] == (str(page), line) and label in stored[0][2]


def test_row_that_fits_no_reading_stores_nothing_and_warns(tmp_path):
    text = glued_page("crew leader", "shift manager", ["Yearly salary$41,200$52,300", "Average age4"])
    page = tmp_path / "crew.txt"
    page.write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [page])
    assert _fact(db, "crew leader", "average_age") == [] and _fact(db, "shift manager", "average_age") == []
    warnings = [n for n in report.notes if n.kind == "warning" and n.line == _line_of(text, "Average age4")]
    assert len(warnings) == 1 and "Average age" in warnings[0].message


def _pages(tmp_path: Path) -> tuple[Path, Path, str]:
    """A page that states crew leader's 12 years, and one whose glued row '122' needs it."""
    first = tmp_path / "first.txt"
    first.write_text(glued_page("crew leader", "shift manager",
                                ["Yearly salary$41,200$52,300", "Years of experience1212"]), encoding="utf-8")
    second_text = glued_page("crew leader", "line supervisor",
                             ["Yearly salary$41,200$47,900", "Years of experience122"])
    second = tmp_path / "second.txt"
    second.write_text(second_text, encoding="utf-8")
    return first, second, second_text


def test_value_known_from_another_page_settles_the_row(tmp_path):
    first, second, second_text = _pages(tmp_path)
    db = tmp_path / "kb.db"
    ingest(db, [first])
    report = ingest(db, [second])

    assert report.ambiguous == 0 and report.conflicts == 0
    assert _fact(db, "crew leader", "years_of_experience") == [(12, None)]
    assert _fact(db, "line supervisor", "years_of_experience") == [(2, None)]
    resolved = [n for n in report.notes if n.kind == "resolved"]
    assert [(n.path, n.line) for n in resolved] == [(str(second), _line_of(second_text, "Years of experience122"))]
    with sqlite3.connect(db) as conn:
        sources = conn.execute(
            "select p.path, s.line from facts f join roles r on r.id = f.role_id join fact_sources s "
            "on s.fact_id = f.id join pages p on p.id = s.page_id "
            "where r.name = 'crew leader' and f.attribute = 'years_of_experience'"
        ).fetchall()
    assert {path for path, _ in sources} == {str(first), str(second)}


def test_value_known_from_an_earlier_page_of_the_same_batch_settles_the_row(tmp_path):
    first, second, _ = _pages(tmp_path)
    db = tmp_path / "kb.db"
    report = ingest(db, [first, second])
    assert report.ambiguous == 0
    assert _fact(db, "line supervisor", "years_of_experience") == [(2, None)]


def test_without_the_other_page_the_row_stays_ambiguous(tmp_path):
    _, second, _ = _pages(tmp_path)
    db = tmp_path / "kb.db"
    report = ingest(db, [second])
    assert report.ambiguous == 2
    assert _fact(db, "crew leader", "years_of_experience") == []
    assert _fact(db, "line supervisor", "years_of_experience") == []


def test_known_company_settles_a_glued_name(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(glued_page("crew leader", "shift manager",
                                ["Yearly salary$41,200$52,300", "Best paying companyMcDonald'sMcDonald's"]),
                     encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(glued_page("crew leader", "line supervisor",
                                 ["Yearly salary$41,200$47,900", "Best paying companyMcDonald'sKFC"]),
                      encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [first, second])
    assert report.ambiguous == 0
    assert _fact(db, "crew leader", "best_paying_company") == [(None, "McDonald's")]
    assert _fact(db, "line supervisor", "best_paying_company") == [(None, "KFC")]


def test_known_value_settles_a_row_under_a_header_in_the_other_order(tmp_path):
    """Evidence and result follow the header's column order, not the prose's role order."""
    first = tmp_path / "first.txt"
    first.write_text(glued_page("crew leader", "shift manager", ["Years of experience22"]), encoding="utf-8")
    text = glued_page("crew leader", "line supervisor", ["Years of experience212"])
    # the table lists line supervisor first: its column reads 21, crew leader's (known: 2) reads 2
    text = text.replace("Crew LeaderLine Supervisor", "Line SupervisorCrew Leader")
    second = tmp_path / "second.txt"
    second.write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    report = ingest(db, [first, second])
    assert report.ambiguous == 0 and report.conflicts == 0
    assert _fact(db, "crew leader", "years_of_experience") == [(2, None)]
    assert _fact(db, "line supervisor", "years_of_experience") == [(21, None)]


# Rows in the usual shape, rows near it, and rows that are not: the per-field pair
# patterns and the narrowed cut points must give the same splits as the full search.
NEAR_ROWS = [row for row, _, _ in ROWS] + [
    "Yearly salary$4,9366$44,563", "Yearly salary$49,366$4", "Yearly salary-$49,366", "Yearly salary$1$2",
    "Yearly salary$49,366$44,563$1", "Hourly rate$23.7$21.42", "Hourly rate$1.00$2,000.00",
    "Growth rate-3%-4%", "Growth rate1000%-100%", "Growth rate-%3%", "LGBT Percentage100%0%",
    "LGBT Percentage-6%", "Most common degreeBachelor's Degree, 69%-",
    "Most common degreeBachelor's Degree, 169%Master's Degree, 2%",
    "Salary rangeBetween $35,000 And $67,000between $31,000 And $63,000",
    "Salary rangeBETWEEN $1 And $2Between $3 And $4", "Salary rangeBetween $70,000 And $60,000Between $1 And $2",
    "Average age46", "Average age464", "Average age-46", "Years of experience123", "Years of experience0-",
    "Job satisfaction4.144.1", "Job satisfaction5.005", "Number of jobs1,0001,000", "Number of jobs0-",
    "Highest paying stateİdahoNew York", "Best paying companyİBMMeta", "Most common major-",
    # the pair patterns of the kinds without a mark (ages, years, ratings, counts, cities)
    "Average age4044", "Average age0944", "Years of experience44", "Years of experience1012",
    "Years of experience110", "Years of experience0912", "Job satisfaction53.31", "Job satisfaction4.14.5",
    "Job satisfaction4.123", "Number of jobs6,16018,879", "Number of jobs1218,879", "Number of jobs1,234567",
    "Number of jobs1,0000,000", "Highest paying cityDallas, TXCharlotte, NC",
    "Highest paying citySt. Louis, MOA, BC", "Highest paying cityDallas, TX-",
]


def _full_search_cut_points(kind, text):
    """The cut points before they were narrowed: every position for the bare numbers."""
    from chatbot.kb.cells import MISSING, Kind

    n = len(text)
    if kind in (Kind.PERCENT, Kind.SHARE, Kind.DEGREE, Kind.GROUPS):
        points = [i + 1 for i, ch in enumerate(text[:-1]) if ch == "%"]
    elif kind in (Kind.MONEY, Kind.HOURLY):
        points = [i for i in range(1, n) if text[i] == "$"]
    elif kind is Kind.RANGE:
        points = [i for i in range(1, n) if text[i] in "Bb" and text[i:i + 7].lower() == "between"]
    elif kind in (Kind.CITY, Kind.STATE, Kind.NAME):
        points = [i for i in range(1, n) if text[i].isupper() or text[i].isdigit()]
    else:
        return list(range(1, n))
    if n > 1 and text[0] == MISSING:
        points.append(1)
    if n > 1 and text[-1] == MISSING:
        points.append(n - 1)
    return sorted(set(points))


@pytest.mark.parametrize("row", NEAR_ROWS)
def test_pair_patterns_and_narrowed_cuts_give_the_full_search_splits(row, monkeypatch):
    import chatbot.kb.glued as glued
    from chatbot.kb.fields import FIELDS

    rest = match_glued_label(row)[1]
    fast = {f.label: split_cells(f.kind, f.attribute, rest) for f in FIELDS}
    monkeypatch.setattr(glued, "_PAIRS", {})
    monkeypatch.setattr(glued, "_cut_points", _full_search_cut_points)
    for f in FIELDS:
        assert split_cells(f.kind, f.attribute, rest) == fast[f.label], (f.label, rest)


def test_a_cell_parsed_again_gives_its_own_list_of_the_same_values():
    """parse_cell keeps the values of recent cells: a caller changing the list it got
    changes nothing for the next caller."""
    from chatbot.kb.cells import Kind, parse_cell

    first = parse_cell(Kind.DEGREE, "degree", "Bachelor's Degree, 69%")
    assert first is not None and len(first) == 2
    first.clear()
    again = parse_cell(Kind.DEGREE, "degree", "Bachelor's Degree, 69%")
    assert again == [FactValue("degree", "", None, "Bachelor's Degree", "Bachelor's Degree, 69%"),
                     FactValue("degree_share", "", 69.0, None, "69%")]
    assert parse_cell(Kind.AGE, "average_age", "104") is None
    assert parse_cell(Kind.AGE, "average_age", " 46 ") == [FactValue("average_age", "", 46.0, None, "46")]


@pytest.mark.parametrize("row", NEAR_ROWS)
def test_the_parsers_two_steps_are_split_cells(row):
    """The parser tries pair_cells, then search_cells: together split_cells."""
    from chatbot.kb.fields import FIELDS
    from chatbot.kb.glued import pair_cells, search_cells

    text = match_glued_label(row)[1].strip()
    for f in FIELDS:
        pair = pair_cells(f.kind, f.attribute, text)
        steps = Split(text, (pair,)) if pair is not None else search_cells(f.kind, f.attribute, text)
        assert steps == split_cells(f.kind, f.attribute, text), (f.label, text)


def _readings_as_before(kind, attribute, text):
    """glued._readings before its white-space test was moved ahead of the halves."""
    from chatbot.kb.cells import Kind, could_be_cell, parse_cell
    from chatbot.kb.glued import _cut_points, _name_boundary, _starts_like_a_name

    readings = []
    for i in _cut_points(kind, text):
        left, right = text[:i], text[i:]
        if left != left.strip() or right != right.strip():
            continue
        if not (could_be_cell(kind, left) and could_be_cell(kind, right)):
            continue
        if kind is Kind.NAME and not (
            _name_boundary(text, i) and _starts_like_a_name(left) and _starts_like_a_name(right)
        ):
            continue
        a = parse_cell(kind, attribute, left)
        b = parse_cell(kind, attribute, right) if a is not None else None
        if a is not None and b is not None:
            readings.append((a, b))
    return readings


def test_the_readings_test_white_space_at_the_cut_as_the_stripped_halves_did():
    from chatbot.kb.fields import FIELDS
    from chatbot.kb.glued import _readings

    texts = set()
    for row in NEAR_ROWS:
        rest = match_glued_label(row)[1]
        for i in range(len(rest) + 1):
            for space in (" ", "\u00a0", "\t"):
                texts.update({rest[:i] + space + rest[i:], space + rest, rest + space, rest.strip()})
    checked = 0
    for text in sorted(texts):
        for f in FIELDS:
            assert _readings(f.kind, f.attribute, text) == _readings_as_before(f.kind, f.attribute, text), text
            checked += 1
    assert checked > 50_000
