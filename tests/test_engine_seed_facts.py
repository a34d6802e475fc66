"""Every fact of both seed pages, asked in two natural phrasings, over the built-in KB.

The expected figures are written by hand from knowledge/*.txt, in the pages' notation.
"""

from __future__ import annotations

import pytest

from chatbot import Engine

PC, PL, PR = "production coordinator", "production leader", "process leader"

# role -> attribute -> what the answer must say (None: the page marks it "-")
FACTS: dict[str, dict[str, str | None]] = {
    PC: {
        "yearly_salary": "$49,366", "hourly_rate": "$23.73", "growth_rate": "-3%", "number_of_jobs": "68,532",
        "job_satisfaction": "4", "degree": "Bachelor's Degree (69%)", "average_age": "46",
        "years_of_experience": "2 years", "time_to_become": "1-2 years", "salary_range": "$35,000 to $67,000",
        "highest_paying_city": "Washington, DC", "highest_paying_state": "Wyoming", "best_paying_company": "Meta",
        "best_paying_industry": "Technology", "major": "Business", "college": "Stanford University",
        "gender_share": "Male 47.1%, Female 52.9%", "lgbt_share": "6%",
        "race_share": "Black or African American 11.6%, Unknown 4.1%, Hispanic or Latino 20.2%, Asian 4.5%, White 59%, American Indian and Alaska Native 0.7%",
        "skills": "Customer Service (13%), Logistics (8%), Video Production (6%), Production Process (6%), Purchase Orders (6%) and Production Schedules (5%)",
        "description": "primary point of contact on television and film sets",
        "responsibilities": "Manage the deployment communications for the Mid-Atlantic upgrade of ATM hardware.",
    },
    PL: {
        "yearly_salary": "$44,563", "hourly_rate": "$21.42", "growth_rate": None, "number_of_jobs": "107,578",
        "job_satisfaction": None, "degree": "Bachelor's Degree (36%)", "average_age": "46",
        "years_of_experience": "2 years", "time_to_become": "1-2 years", "salary_range": "$31,000 to $63,000",
        "highest_paying_city": "New York, NY", "highest_paying_state": "New York", "best_paying_company": "Meta",
        "best_paying_industry": "Technology", "major": "Business", "college": "Stanford University",
        "gender_share": "Male 70.6%, Female 29.4%", "lgbt_share": "6%",
        "race_share": "Black or African American 11%, Unknown 4.2%, Hispanic or Latino 19.8%, Asian 5.1%, White 59.3%, American Indian and Alaska Native 0.7%",
        "skills": "Customer Service (11%), Continuous Improvement (7%), Safety Procedures (6%), Quality Standards (5%), Customer Orders (5%) and Production Process (3%)",
        "description": "usually works at a manufacturing plant",
        "responsibilities": "Manage PC production line personnel.",
    },
    PR: {
        "yearly_salary": "$88,400", "hourly_rate": "$42.50", "growth_rate": "11%", "number_of_jobs": "71,467",
        "job_satisfaction": None, "degree": "Bachelor's Degree (59%)", "average_age": "46",
        "years_of_experience": "2 years", "time_to_become": "1-2 years", "salary_range": "$59,000 to $132,000",
        "highest_paying_city": "Jersey City, NJ", "highest_paying_state": "New Jersey",
        "best_paying_company": "BP America Inc", "best_paying_industry": "Technology", "major": "Business",
        "college": "Stanford University", "gender_share": "Male 58.8%, Female 41.2%", "lgbt_share": "6%",
        "race_share": "Black or African American 11.6%, Unknown 4.2%, Hispanic or Latino 17.9%, Asian 5.4%, White 60.2%, American Indian and Alaska Native 0.7%",
        "skills": "Customer Service (13%), Cleanliness (8%), Sales Floor (8%), Continuous Improvement (7%), Project Management (6%) and Process Improvement (6%)",
        "description": "overseeing the operational processes of an organization",
        "responsibilities": "Lead process cost, capacity, and ROI forecasting.",
    },
}

# attribute -> two phrasings; {r} is "a production coordinator", {rs} "production coordinators"
PHRASINGS: dict[str, tuple[str, str]] = {
    "yearly_salary": ("how much does {r} make?", "what's the average annual salary of {rs}?"),
    "hourly_rate": ("what is the hourly rate for {r}?", "how much do {rs} earn per hour?"),
    "growth_rate": ("what's the growth rate of {rs}?", "what is the job outlook for {r}?"),
    "number_of_jobs": ("how many jobs are there for {rs}?", "how many openings for {r}?"),
    "job_satisfaction": ("how satisfied are {rs} with their job?", "what's the job satisfaction of {r}?"),
    "degree": ("what degree do {rs} have?", "what is the most common degree for {r}?"),
    "average_age": ("how old is {r} on average?", "what's the average age of {rs}?"),
    "years_of_experience": ("how many years of experience do {rs} have?", "how much experience does {r} need?"),
    "time_to_become": ("how long does it take to become {r}?", "how many years to become {r}?"),
    "salary_range": ("what is the salary range for {rs}?", "what's the pay range of {r}?"),
    "highest_paying_city": ("which city pays {rs} the most?", "what is the highest paying city for {r}?"),
    "highest_paying_state": ("which state pays {rs} best?", "what's the highest paying state for {r}?"),
    "best_paying_company": ("which company pays {rs} the best?", "best paying company for {r}?"),
    "best_paying_industry": ("which industry pays {rs} best?", "what is the best paying industry for {r}?"),
    "major": ("what do {rs} major in?", "what's the most common major for {r}?"),
    "college": ("which college do most {rs} go to?", "what is the most common university for {r}?"),
    "gender_share": ("what is the gender ratio of {rs}?", "gender split for {r}?"),
    "race_share": ("what is the race ratio of {rs}?", "what's the ethnicity breakdown of {rs}?"),
    "lgbt_share": ("what share of {rs} are LGBT?", "how many {rs} are lgbtq?"),
    "skills": ("what skills does {r} need?", "what are the top skills of {rs}?"),
    "description": ("what does {r} do?", "describe the job of {r}"),
    "responsibilities": ("what are the responsibilities of {r}?", "what duties does {r} have?"),
}

CASES = [
    pytest.param(role, attr, phrasing, id=f"{role}-{attr}-{n}")
    for role, facts in FACTS.items()
    for attr in facts
    for n, phrasing in enumerate(PHRASINGS[attr])
]


@pytest.fixture(scope="module")
def engine(seed_kb):
    return Engine(db=seed_kb)


def _article(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"


@pytest.mark.parametrize(("role", "attribute", "phrasing"), CASES)
def test_every_seed_fact_is_answered(engine, role, attribute, phrasing):
    question = phrasing.format(r=_article(role), rs=f"{role}s")
    answer = engine.ask(question)
    expected = FACTS[role][attribute]
    assert answer.roles == [role], (question, answer.text)
    assert answer.attribute == attribute, (question, answer.text)
    if expected is None:
        assert answer.status == "no_data", (question, answer.text)
        assert not any(ch.isdigit() for ch in answer.text), answer.text
    else:
        assert answer.status == "answered", (question, answer.text)
        assert expected in answer.text, (question, answer.text)
        assert answer.sources, "every figure is traceable to a page and line"
        assert all(s.page.startswith("knowledge/") or s.page.endswith(".txt") for s in answer.sources)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what percent of production coordinators are Hispanic or Latino?", "20.2%"),
        ("how many women are production leaders?", "29.4%"),
        ("what share of process leaders are men?", "58.8%"),
        ("what percent of production leaders are Asian?", "5.1%"),
        ("how important is logistics for a production coordinator?", "8%"),
        ("how important is safety procedures for production leaders?", "6%"),
    ],
)
def test_single_groups_and_skills(engine, question, expected):
    answer = engine.ask(question)
    assert answer.status == "answered", answer.text
    assert expected in answer.text
