"""Deterministic generator of synthetic career comparison pages.

The real site publishes one page per pair of roles ("Production coordinator vs
production leader"). Two text layouts of those pages exist (see
``../shared/pages/index.tsv``):

* ``glued``: the page as plain text, sections separated by blank lines, and
  every table row written with its label and both values run together
  (``Yearly salary$49,366$44,563``, ``Growth rate-3%-``, ``Average age4646``).
* ``markdown``: six navigation lines, no headings and no blank lines, tables as
  ``| Title A | Title B | |`` followed by ``| Yearly salary | $46,615 | $54,890 |``.

This module makes realistic, overlapping role titles, plausible and
self-consistent facts for each role, and renders pages in both layouts, for
benchmarks and test fixtures. Everything is driven by ``random.Random(seed)``:
the same arguments always give the same roles and the same pages.

Glued rows are only produced when they split back one way for a reader who
knows each field's grammar (see :func:`glued_ambiguities`); :func:`make_pages`
swaps the two roles or falls back to the markdown layout when they would not.

Public API: :class:`RoleProfile`, :func:`make_roles`, :func:`render_page`,
:func:`make_pages`, :func:`write_pages`, :func:`glued_ambiguities`.

Command line: ``python -m benchmarks.pagegen OUTDIR --roles 1000``.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Literal

__all__ = [
    "Layout",
    "RACE_GROUPS",
    "RoleProfile",
    "glued_ambiguities",
    "make_pages",
    "make_roles",
    "pluralize",
    "render_page",
    "write_pages",
]

Layout = Literal["glued", "markdown"]

#: Order in which the site lists race groups in the "Race ratio" row.
RACE_GROUPS: tuple[str, ...] = (
    "Black or African American",
    "Unknown",
    "Hispanic or Latino",
    "Asian",
    "White",
    "American Indian and Alaska Native",
)


@dataclass(frozen=True)
class RoleProfile:
    """Every fact the site shows about one role.

    Values are numbers or strings as they mean, not as printed; ``None`` is
    printed as ``-`` on the page. ``time_to_become`` and ``description`` are
    never ``None``: an empty string means the page leaves that sentence or
    paragraph out. ``category`` only feeds the closing "Browse ... jobs" line.
    """

    name: str  # lowercase singular, e.g. "senior production coordinator"
    plural: str  # e.g. "senior production coordinators"
    yearly_salary: int | None
    hourly_rate: float | None  # yearly_salary / 2080 rounded to cents
    growth_rate: int | None  # percent, may be negative
    number_of_jobs: int | None
    job_satisfaction: float | None  # 1-5, integral or with one or two decimals
    degree: str | None  # e.g. "Bachelor's Degree"
    degree_share: int | None  # percent of people holding ``degree``
    average_age: int | None
    years_of_experience: int | None
    time_to_become: str  # e.g. "1-2 years", "6-12 months"; "" when unknown
    salary_low: int | None
    salary_high: int | None
    city: str | None  # "Name, ST"
    state: str | None  # full state name
    company: str | None
    industry: str | None
    major: str | None
    college: str | None
    gender: dict[str, float] | None  # {"Male": 47.1, "Female": 52.9}
    race: dict[str, float] | None  # keys RACE_GROUPS, one decimal, sums to 100.0
    lgbt_share: int | None  # percent
    description: str  # "" when the site has none
    responsibilities: tuple[str, ...]
    skills: tuple[tuple[str, int], ...]  # (skill, percent), most common first
    category: str = "business"  # "Browse <category> jobs"


# --------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------

_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}

_CITIES: tuple[str, ...] = (
    "Washington, DC", "New York, NY", "Jersey City, NJ", "Newark, NJ", "Trenton, NJ",
    "San Francisco, CA", "San Jose, CA", "San Bruno, CA", "San Diego, CA",
    "Thousand Oaks, CA", "Petaluma, CA", "Los Angeles, CA", "Sacramento, CA",
    "Oakland, CA", "Seattle, WA", "Bellevue, WA", "Olympia, WA", "Portland, OR",
    "Salem, OR", "Portland, ME", "Augusta, ME", "Boston, MA", "Cambridge, MA",
    "Worcester, MA", "Hartford, CT", "Stamford, CT", "Providence, RI",
    "Burlington, VT", "Concord, NH", "Manchester, NH", "Philadelphia, PA",
    "Pittsburgh, PA", "Baltimore, MD", "Annapolis, MD", "Wilmington, DE",
    "Dover, DE", "Richmond, VA", "Arlington, VA", "Charleston, WV",
    "Raleigh, NC", "Charlotte, NC", "Columbia, SC", "Atlanta, GA", "Savannah, GA",
    "Miami, FL", "Tampa, FL", "Orlando, FL", "Birmingham, AL", "Montgomery, AL",
    "Jackson, MS", "Nashville, TN", "Memphis, TN", "Louisville, KY",
    "Lexington, KY", "Columbus, OH", "Cleveland, OH", "Cincinnati, OH",
    "Detroit, MI", "Ann Arbor, MI", "Lansing, MI", "Indianapolis, IN",
    "Chicago, IL", "Springfield, IL", "Milwaukee, WI", "Madison, WI",
    "Minneapolis, MN", "Saint Paul, MN", "Des Moines, IA", "Kansas City, MO",
    "Saint Louis, MO", "Omaha, NE", "Lincoln, NE", "Wichita, KS", "Topeka, KS",
    "Oklahoma City, OK", "Tulsa, OK", "Little Rock, AR", "New Orleans, LA",
    "Baton Rouge, LA", "Houston, TX", "Dallas, TX", "Austin, TX", "San Antonio, TX",
    "Albuquerque, NM", "Santa Fe, NM", "Phoenix, AZ", "Tucson, AZ", "Denver, CO",
    "Boulder, CO", "Salt Lake City, UT", "Las Vegas, NV", "Reno, NV", "Boise, ID",
    "Helena, MT", "Billings, MT", "Cheyenne, WY", "Casper, WY", "Fargo, ND",
    "Bismarck, ND", "Sioux Falls, SD", "Anchorage, AK", "Juneau, AK",
    "Honolulu, HI", "Hilo, HI",
)

_COMPANIES: tuple[str, ...] = (
    "Meta", "BP America Inc", "Uber Technologies", "The Citadel", "V-Soft Consulting",
    "Dignity Health", "Children's Hospital Colorado", "Alameda Health System",
    "University of California, Berkeley", "Kaiser Permanente", "Google", "Apple",
    "Microsoft", "Amazon", "Netflix", "Walmart", "Target", "Costco Wholesale",
    "Home Depot", "Lowe's", "Deloitte", "Accenture", "Goldman Sachs",
    "Morgan Stanley", "JPMorgan Chase", "Wells Fargo", "Bank of America",
    "Citigroup", "American Express", "Boeing", "Lockheed Martin",
    "General Electric", "Johnson & Johnson", "Pfizer", "Merck", "Mayo Clinic",
    "Cleveland Clinic", "Stanford Health Care", "Marriott International", "Hilton",
    "Starbucks", "Chipotle", "Darden Restaurants", "Tesla", "Ford Motor",
    "General Motors", "Intel", "Oracle", "Salesforce", "Adobe", "Nvidia",
    "Qualcomm", "Cisco Systems", "State Farm", "Allstate", "Humana", "Cigna",
    "Aetna", "Nordstrom", "Macy's", "Kroger", "Publix", "Safeway", "Sysco",
    "Aramark", "Compass Group", "Sodexo", "Bechtel", "Turner Construction",
    "Jacobs Engineering", "Amtrak", "Schneider National", "Werner Enterprises",
    "J.B. Hunt Transport", "Old Dominion Freight Line", "Pearson", "Kaplan",
    "Teach For America", "Northrop Grumman", "Raytheon Technologies", "Genentech",
    "Intuitive Surgical", "Two Sigma", "Jane Street Capital", "Bloomberg",
)

_INDUSTRIES: tuple[str, ...] = (
    "Technology", "Health Care", "Professional", "Manufacturing", "Hospitality",
    "Media", "Start-up", "Finance", "Retail", "Government", "Education",
    "Transportation", "Energy", "Insurance", "Non Profits", "Construction",
    "Pharmaceutical", "Telecommunication", "Utilities", "Real Estate",
)

_COLLEGES: tuple[str, ...] = (
    "Stanford University", "Duke University", "University of Pennsylvania",
    "Harvard University", "Northwestern University",
    "Massachusetts Institute of Technology", "California State University - Long Beach",
    "SUNY College of Technology at Delhi", "University of Southern California",
    "Columbia University in the City of New York", "New York University",
    "University of Michigan - Ann Arbor", "Georgia Institute of Technology",
    "University of Florida", "Texas A&M University", "Ohio State University",
    "Arizona State University", "Rutgers University", "Boston University",
    "University of Washington", "Purdue University", "Pennsylvania State University",
    "Johns Hopkins University", "Cornell University", "Yale University",
    "Brown University", "University of Illinois at Urbana-Champaign",
    "University of Central Florida", "Florida International University",
    "University of Houston", "San Diego State University", "Temple University",
    "University of Minnesota - Twin Cities", "Miami Dade College",
    "Valencia College", "Houston Community College", "Santa Monica College",
    "Johnson & Wales University", "Culinary Institute of America",
    "Western Governors University", "University of Phoenix", "Chamberlain University",
)

_GENERIC_SKILLS: tuple[str, ...] = (
    "Customer Service", "Data Entry", "Microsoft Excel", "Scheduling",
    "Communication", "Safety Procedures", "Payroll", "Inventory Control",
)

_TRAITS: tuple[str, ...] = (
    "communication", "organizational", "leadership", "problem-solving",
    "time-management", "interpersonal", "analytical", "technical",
    "multi-tasking", "decision-making",
)
_ADJECTIVES: tuple[str, ...] = (
    "detail-oriented", "reliable", "organized", "patient", "proactive", "flexible",
)

_PREFIX_PAY: dict[str, float] = {
    "": 1.0, "senior": 1.25, "junior": 0.8, "lead": 1.15, "assistant": 0.85,
    "associate": 0.92, "chief": 1.6, "head": 1.4, "principal": 1.5, "staff": 1.3,
    "deputy": 1.2, "executive": 1.45, "district": 1.35, "regional": 1.3,
    "general": 1.3, "charge": 1.08, "trainee": 0.75,
}

_HEAD_PAY: dict[str, float] = {
    "manager": 1.3, "director": 1.7, "supervisor": 1.15, "engineer": 1.2,
    "architect": 1.45, "clerk": 0.8, "assistant": 0.8, "aide": 0.75, "helper": 0.75,
    "associate": 0.85, "analyst": 1.1, "coordinator": 1.0, "technician": 0.95,
    "team leader": 1.0, "leader": 1.05, "specialist": 1.0, "administrator": 1.05,
    "porter": 0.75, "dishwasher": 0.72, "worker": 0.8, "laborer": 0.8,
    "apprentice": 0.7, "inspector": 1.0, "foreman": 1.1, "officer": 1.05,
}

# Qualifiers that make further distinct titles when the plain combinations run out.
_QUALIFIERS: tuple[str, ...] = (
    "regional", "field", "corporate", "night shift", "weekend", "part time",
    "remote", "mobile", "national", "global", "international", "area", "branch",
    "central", "onsite", "division", "project", "product", "operations",
    "compliance", "training", "technical", "contract", "temporary", "seasonal",
    "evening", "residential", "commercial", "industrial", "municipal", "federal",
    "county", "hospital", "clinic", "wholesale", "enterprise", "key account",
    "site", "shift", "program", "campus", "community", "overnight", "satellite",
    "special projects", "bilingual", "traveling", "certified", "licensed", "per diem",
    "float pool", "store support", "home office",
)


@dataclass(frozen=True)
class _Family:
    key: str
    category: str
    base_salary: int
    male_share: float  # percent
    age: int
    domains: tuple[str, ...]
    heads: tuple[str, ...]
    standalone: tuple[str, ...]  # heads that are titles on their own
    prefixes: tuple[str, ...]
    degrees: tuple[tuple[str, int], ...]  # (degree, weight)
    majors: tuple[str, ...]
    skills: tuple[str, ...]
    area: str
    setting: str
    partner: str
    field: str
    verbs: tuple[str, ...]
    duties: tuple[str, ...]
    times: tuple[str, ...]


_BA, _HS, _AS, _MA = "Bachelor's Degree", "High School Diploma", "Associate Degree", "Master's Degree"

_FAMILIES: tuple[_Family, ...] = (
    _Family(
        "manufacturing", "production and manufacturing", 47000, 68.0, 45,
        ("production", "process", "assembly", "quality", "maintenance", "plant",
         "manufacturing", "packaging", "machine shop"),
        ("coordinator", "leader", "team leader", "manager", "supervisor", "technician",
         "operator", "engineer", "planner", "associate", "inspector"),
        ("machinist", "assembler", "millwright", "welder"),
        ("senior", "junior", "lead", "assistant", "associate", "chief", "head", "principal"),
        ((_BA, 5), (_HS, 4), (_AS, 2)),
        ("Business", "Mechanical Engineering", "Industrial Engineering", "General Studies",
         "Electrical Engineering"),
        ("Continuous Improvement", "Safety Procedures", "Quality Standards",
         "Production Process", "Production Schedules", "Purchase Orders", "Logistics",
         "Lean Manufacturing", "Kaizen", "Forklift", "Hand Tools",
         "Preventive Maintenance", "Root Cause Analysis", "ISO", "Six Sigma",
         "Blueprints", "Video Production", "ERP"),
        "the production floor", "manufacturing plants and factories",
        "plant managers and supervisors", "manufacturing processes",
        ("oversee daily production schedules", "coordinate with suppliers and shipping teams",
         "monitor equipment performance and output", "train new members of the workforce",
         "enforce safety policies on the floor", "prepare progress reports for management",
         "resolve bottlenecks on the line", "track inventory of raw materials",
         "inspect finished products against quality standards",
         "delegate tasks to machine operators", "set production goals and budgets"),
        ("Manage PC production line personnel.",
         "Manage the operation of three alkalize systems from a PLC.",
         "Maintain maximum yields in accordance with company policies and USDA food and safety guidelines.",
         "Participate and lead Kaizen improvement activities to assure optimum productivity and costs.",
         "Utilize EDI communications to manage customer requirements and shipment coordination.",
         "Operate and maintain general manufacturing equipment and perform production in accordance "
         "with QSR and ISO procedures.",
         "Lead process cost, capacity, and ROI forecasting.",
         "Manage the movement of work in progress (WIP) through the departments.",
         "Plan and facilitate Kaizen events that lead to significant business improvement results.",
         "Coordinate preventive maintenance schedules with the maintenance team.",
         "Train operators on lockout/tagout and OSHA safety requirements.",
         "Track scrap rates and report deviations to the quality department.",
         "Update work instructions and SOPs after engineering changes.",
         "Review daily output against the MRP plan and adjust staffing."),
        ("6-12 months", "1-2 years", "1-2 years", "2-4 years"),
    ),
    _Family(
        "retail", "sales", 39000, 45.0, 43,
        ("store", "retail", "sales floor", "merchandise", "department", "shop",
         "customer experience", "visual merchandising"),
        ("manager", "associate", "clerk", "supervisor", "team leader", "leader",
         "specialist", "director", "coordinator", "lead"),
        ("cashier", "stocker", "merchandiser"),
        ("assistant", "senior", "lead", "district", "regional", "associate", "general"),
        ((_BA, 5), (_HS, 4), (_AS, 1)),
        ("Business", "Marketing", "General Studies", "Communication", "Fashion Merchandising"),
        ("POS", "Sales Floor", "Product Knowledge", "Cleanliness", "Loss Prevention",
         "Store Operations", "Store Management", "Payroll", "Visual Merchandising",
         "Cash Handling", "Retail Store", "Sales Goals", "Paperwork", "Planograms"),
        "everything related to the store", "retail outlets and shopping centers",
        "store managers and district leaders", "retail operations",
        ("manage the store's employees", "oversee the store's daily performance",
         "ensure that sales meet the company's target", "manage the inventory",
         "prepare store-related reports", "handle customer complaints",
         "schedule shifts and approve time off", "open and close the store",
         "train new associates on the POS system", "set up promotional displays"),
        ("Manage employee's schedules, time off requests, vacation and payroll with the KRONOS time "
         "management software.",
         "Maintain the facilities organization, appearance, and cleanliness.",
         "Coordinate with the district manager on weekly sales goals.",
         "Process returns and exchanges following company policy.",
         "Count cash drawers and prepare bank deposits at the end of each shift.",
         "Set up planograms and seasonal displays on the sales floor.",
         "Train new associates on POS transactions and loss prevention.",
         "Resolve customer complaints and escalate issues when needed.",
         "Monitor inventory levels and place replenishment orders.",
         "Conduct weekly store walks with the management team.",
         "Lead morning huddles to review KPIs and daily priorities.",
         "Create social media campaigns on Facebook to promote in-store events."),
        ("6-12 months", "1-2 years", "2-4 years", "4-6 years"),
    ),
    _Family(
        "software", "computer science", 98000, 78.0, 39,
        ("software", "application", "web", "data", "systems", "network", "database",
         "cloud", "java", "python", "mobile application", "software development"),
        ("engineer", "developer", "programmer", "architect", "analyst", "administrator",
         "tester", "consultant", "team leader", "manager"),
        ("programmer", "developer"),
        ("senior", "junior", "lead", "principal", "staff", "associate", "chief"),
        ((_BA, 8), (_MA, 2), (_AS, 1)),
        ("Computer Science", "Information Technology", "Computer Engineering",
         "Electrical Engineering", "Mathematics"),
        ("Java", "Python", "Javascript", "C++", "AWS", "SQL", "HTML", "Linux",
         "Software Development", "Web Application", "Spring Boot", "Database",
         "Git", "Agile", "REST", "Kubernetes", "Docker"),
        "the design and delivery of software", "technology companies and IT departments",
        "product managers and other engineers", "software development",
        ("design and build new features", "write testable and efficient code",
         "review code written by other developers", "troubleshoot production issues",
         "maintain technical documentation", "analyze user requirements",
         "optimize application performance", "deploy releases to production",
         "mentor junior developers", "automate tests and builds"),
        ("Create UNIX shell scripts to automate the processes by avoiding manual process.",
         "Develop REST APIs in Java and Spring Boot for internal services.",
         "Migrate legacy applications to AWS using Docker and Kubernetes.",
         "Write unit and integration tests to keep code coverage above 80%.",
         "Design database schemas and optimize SQL queries.",
         "Participate in Agile ceremonies and estimate user stories.",
         "Troubleshoot production incidents and perform root cause analysis.",
         "Implement CI/CD pipelines with Jenkins and Git.",
         "Review pull requests and enforce coding standards.",
         "Build responsive front-end components with HTML, CSS and Javascript.",
         "Document system architecture and APIs for other teams.",
         "Mentor junior developers through pair programming."),
        ("2-4 years", "2-4 years", "4-6 years", "6-8 years"),
    ),
    _Family(
        "accounting", "finance and accounting", 44000, 22.0, 48,
        ("accounts payable", "accounts receivable", "accounting", "payroll", "billing",
         "tax", "audit", "bookkeeping", "general ledger", "collections"),
        ("clerk", "specialist", "manager", "analyst", "coordinator", "supervisor",
         "assistant", "accountant", "bookkeeper"),
        ("accountant", "bookkeeper", "auditor", "controller"),
        ("senior", "junior", "lead", "assistant", "chief", "staff", "charge", "associate"),
        ((_BA, 8), (_AS, 3), (_HS, 1)),
        ("Accounting", "Business", "Finance", "Economics"),
        ("Reconciliations", "General Ledger Accounts", "Account Reconciliations",
         "Payroll Tax Returns", "Balance Sheet", "Purchase Orders", "Data Entry",
         "Accounts Receivables", "Financial Reports", "Collection Calls",
         "Journal Entries", "Quickbooks", "GAAP", "Vendor Invoices"),
        "the accounts of the business", "accounting departments and finance offices",
        "controllers and finance managers", "accounting principles",
        ("process vendor invoices", "reconcile bank statements",
         "post journal entries to the general ledger", "prepare month-end reports",
         "resolve billing discrepancies", "record outstanding credits",
         "verify expense reports", "maintain an organized record of transactions",
         "follow up on overdue accounts", "prepare documents for auditors"),
        ("Reconcile vendor statements and resolve discrepancies within the month-end close.",
         "Process weekly check runs and ACH payments for over 300 vendors.",
         "Prepare journal entries and post them to the general ledger.",
         "Maintain accurate AP/AR aging reports for management review.",
         "Assist external auditors with year-end documentation requests.",
         "Enter invoices into the ERP system and match them to purchase orders.",
         "Prepare quarterly payroll tax returns and W-2 forms.",
         "Follow up on past-due accounts through collection calls and emails.",
         "Reconcile bank accounts and credit card statements monthly.",
         "Review expense reports for compliance with company policy.",
         "Set up new vendors and maintain the vendor master file.",
         "Apply customer payments and research unapplied cash."),
        ("1-2 years", "2-4 years", "4-6 years", "4-6 years", "6-8 years"),
    ),
    _Family(
        "hr", "human resources", 56000, 25.0, 42,
        ("human resources", "recruiting", "benefits", "compensation",
         "talent acquisition", "training", "personnel", "employee relations"),
        ("manager", "generalist", "coordinator", "specialist", "assistant", "director",
         "partner", "administrator", "analyst", "recruiter"),
        ("recruiter",),
        ("senior", "junior", "lead", "assistant", "associate", "chief", "head"),
        ((_BA, 8), (_MA, 2), (_AS, 1)),
        ("Human Resources Management", "Business", "Psychology", "Communication"),
        ("Performance Management", "HRIS", "Payroll Processing", "Employee Relations",
         "Onboarding", "Benefits Administration", "FMLA", "Talent Acquisition",
         "Workers Compensation", "Open Enrollment", "Applicant Tracking"),
        "the people side of the organization", "human resources departments",
        "department heads and hiring managers", "employment law",
        ("recruit and interview candidates", "run onboarding for new hires",
         "administer benefits programs", "handle employee relations issues",
         "maintain personnel records in the HRIS", "update policies and procedures",
         "coordinate performance reviews", "advise managers on disciplinary actions",
         "prepare compensation reports", "organize training sessions"),
        ("Administer FMLA, ADA and workers compensation claims.",
         "Manage full-cycle recruiting for hourly and salaried positions.",
         "Coordinate open enrollment and answer benefits questions.",
         "Maintain employee records in the HRIS and ensure data accuracy.",
         "Conduct exit interviews and report turnover trends.",
         "Investigate employee relations issues and recommend corrective actions.",
         "Prepare offer letters and run background checks.",
         "Facilitate new hire orientation and onboarding sessions.",
         "Partner with managers on performance improvement plans.",
         "Audit I-9 forms to ensure compliance with federal regulations."),
        ("2-4 years", "4-6 years", "4-6 years"),
    ),
    _Family(
        "kitchen", "food and restaurant", 31000, 62.0, 36,
        ("kitchen", "prep", "line", "pastry", "banquet", "catering", "food service",
         "breakfast"),
        ("cook", "assistant", "manager", "supervisor", "porter", "helper", "chef",
         "team leader", "worker"),
        ("cook", "chef", "sous chef", "dishwasher", "baker", "busser"),
        ("head", "lead", "senior", "assistant", "junior", "executive"),
        ((_HS, 8), (_AS, 2), (_BA, 2)),
        ("Culinary Arts", "Business", "Hospitality Management", "General Studies"),
        ("Kitchen Equipment", "Food Handling", "Culinary", "Sanitation Standards",
         "Meal Preparation", "Food Service", "Dishes", "Cleanliness", "Food Safety",
         "Wash Dishes", "Menu Items", "Knife Skills", "Work Ethic", "Catering"),
        "the kitchen operations", "restaurants, hotels and cafeterias",
        "chefs and kitchen managers", "food safety",
        ("prepare ingredients before service", "cook dishes according to recipes",
         "keep the kitchen clean and sanitized", "monitor food inventory",
         "receive and store deliveries", "follow food safety regulations",
         "plate meals for service", "wash and sanitize utensils",
         "help devise new menu items", "train new kitchen staff"),
        ("Prepare ingredients by washing, peeling, and cutting them according to size.",
         "Maintain a clean and sanitary kitchen in accordance with ServSafe standards.",
         "Cook menu items in cooperation with the rest of the kitchen staff.",
         "Rotate stock using the FIFO method to reduce waste.",
         "Set up and stock stations with all necessary supplies.",
         "Receive deliveries and verify them against invoices.",
         "Operate the dish machine and sanitize pots and pans.",
         "Assist the chef with banquet and catering events.",
         "Monitor food temperatures and record them on HACCP logs.",
         "Train new cooks on recipes and plating standards."),
        ("6-12 months", "1-2 years", "2-4 years", "4-6 years"),
    ),
    _Family(
        "nursing", "health care", 66000, 14.0, 44,
        ("nursing", "registered", "surgical", "pediatric", "emergency room",
         "home health", "rehabilitation", "dental", "medical", "ward", "clinical"),
        ("nurse", "assistant", "aide", "technician", "therapist", "coordinator",
         "supervisor", "manager", "educator"),
        ("nurse", "therapist", "phlebotomist", "paramedic"),
        ("senior", "head", "charge", "chief", "assistant", "lead", "associate"),
        ((_BA, 6), (_AS, 5), (_MA, 1)),
        ("Nursing", "Physical Therapy", "Psychology", "Health Care Administration",
         "Biology"),
        ("Patients", "BLS", "CPR", "Vital Signs", "Acute Care", "Home Health",
         "Patient Care", "Rehabilitation", "Mental Health", "ICU", "Medication Administration",
         "Surgery", "Wound Care", "EMR", "Companionship"),
        "the care of patients", "hospitals, clinics and nursing homes",
        "physicians and other nurses", "patient care",
        ("monitor patients' vital signs", "administer medications",
         "update medical records", "educate patients and families",
         "assist physicians during procedures", "coordinate patient discharge",
         "assess patients' recovery and progress", "provide wound care",
         "supervise nursing assistants", "respond to emergencies"),
        ("Administer medications and document them in the EMR.",
         "Monitor vital signs and report changes to the attending physician.",
         "Provide wound care and dressing changes according to orders.",
         "Educate patients and families on discharge instructions.",
         "Maintain BLS and ACLS certifications.",
         "Coordinate care with physical therapists and social workers.",
         "Supervise CNAs and delegate patient care tasks.",
         "Assist with admissions, transfers and discharges.",
         "Perform head-to-toe assessments at the start of each shift.",
         "Follow infection control protocols in the ICU."),
        ("6-12 months", "1-2 years", "1-2 years", "2-4 years"),
    ),
    _Family(
        "logistics", "transportation and logistics", 38000, 78.0, 41,
        ("warehouse", "shipping", "receiving", "inventory", "distribution",
         "logistics", "freight", "dock", "fulfillment", "material handling"),
        ("associate", "clerk", "worker", "supervisor", "manager", "coordinator",
         "operator", "specialist", "team leader", "lead"),
        ("forklift operator", "picker", "packer", "dispatcher"),
        ("senior", "lead", "assistant", "associate", "junior", "regional"),
        ((_HS, 8), (_BA, 3), (_AS, 2)),
        ("Business", "Logistics", "Supply Chain Management", "General Studies"),
        ("Forklift", "Inventory Control", "Pallet Jack", "RF Scanner", "Shipping",
         "Logistics", "Customer Orders", "Safety Procedures", "Cycle Counts",
         "Warehouse Management System", "Freight", "Picking"),
        "the flow of goods", "warehouses and distribution centers",
        "warehouse managers and carriers", "supply chain operations",
        ("load and unload trucks", "pick and pack customer orders",
         "perform cycle counts", "operate forklifts and pallet jacks",
         "track shipments", "keep the warehouse clean and organized",
         "prepare bills of lading", "inspect incoming goods", "schedule carrier pickups",
         "update the warehouse management system"),
        ("Manage FedEx shipment processing which includes receiving incoming shipments and keeping "
         "records concerning these transactions.",
         "Operate forklifts and pallet jacks to move product safely.",
         "Pick and pack orders using an RF scanner.",
         "Perform daily cycle counts and research inventory discrepancies.",
         "Prepare bills of lading and shipping labels.",
         "Load and unload trailers following OSHA guidelines.",
         "Schedule LTL and FTL carrier pickups.",
         "Maintain a clean and organized work area.",
         "Update inventory records in the WMS.",
         "Inspect incoming shipments for damages and shortages."),
        ("6-12 months", "1-2 years", "2-4 years"),
    ),
    _Family(
        "driving", "transportation and logistics", 46000, 90.0, 48,
        ("truck", "delivery", "commercial", "bus", "route", "van", "tanker",
         "school bus", "shuttle"),
        ("driver", "dispatcher", "supervisor", "manager", "coordinator", "trainer"),
        ("driver", "courier", "chauffeur"),
        ("senior", "lead", "assistant", "regional"),
        ((_HS, 9), (_AS, 1), (_BA, 1)),
        ("Business", "General Studies", "Criminal Justice"),
        ("CDL", "DOT", "OTR", "CDL-A", "Customer Service", "Package Delivery",
         "Ladders", "Pre-Trip Inspections", "Route Planning", "Depot", "Hazmat"),
        "the safe transport of goods", "trucking and delivery companies",
        "dispatchers and warehouse staff", "traffic regulations",
        ("transport goods to customers", "inspect the vehicle before each trip",
         "plan efficient routes", "load and secure cargo", "keep accurate delivery logs",
         "follow DOT regulations", "collect proof of delivery",
         "report delays to dispatch", "maintain a clean driving record"),
        ("Perform pre-trip and post-trip inspections according to DOT rules.",
         "Deliver packages to residential and commercial customers on time.",
         "Maintain accurate logs with the ELD system.",
         "Secure loads with straps, chains and tarps.",
         "Communicate delays and route changes to dispatch.",
         "Collect signatures and proof of delivery from customers.",
         "Drive OTR routes across multiple states.",
         "Keep the truck clean and report maintenance issues."),
        ("6-12 months", "1-2 years", "1-2 years"),
    ),
    _Family(
        "office", "administrative", 41000, 18.0, 47,
        ("office", "administrative", "executive", "front desk", "medical office",
         "legal", "personal", "program"),
        ("assistant", "manager", "secretary", "clerk", "receptionist", "coordinator",
         "administrator", "specialist"),
        ("secretary", "receptionist", "administrator", "typist"),
        ("senior", "assistant", "lead", "executive", "chief", "junior"),
        ((_BA, 6), (_AS, 3), (_HS, 3)),
        ("Business", "Communication", "Psychology", "General Studies"),
        ("Customer Service", "Data Entry", "Telephone Calls", "Scheduling Appointments",
         "Run Errands", "Payroll", "Financial Statements", "Troubleshoot", "Patients",
         "Filing Systems", "Calendar Management", "Office Supplies"),
        "the administrative needs of the office", "offices of all sizes",
        "executives and department heads", "office procedures",
        ("manage schedules and appointments", "answer and route telephone calls",
         "keep files organized", "order office supplies", "prepare correspondence",
         "greet visitors", "coordinate office events", "process invoices",
         "maintain filing systems", "arrange travel"),
        ("Answer multi-line phone system and direct calls to the appropriate department.",
         "Manage calendars and schedule meetings for executives.",
         "Maintain filing systems and organize confidential records.",
         "Order office supplies and track the office budget.",
         "Prepare correspondence, memos and presentations in Microsoft Office.",
         "Coordinate travel arrangements and expense reports.",
         "Greet visitors and manage the front desk.",
         "Process incoming and outgoing mail and packages.",
         "Create social media campaigns on Facebook and help manage the company blog.",
         "Assist with payroll and timesheet processing."),
        ("6-12 months", "1-2 years", "2-4 years", "4-6 years"),
    ),
    _Family(
        "education", "education", 42000, 22.0, 41,
        ("preschool", "elementary school", "substitute", "special education", "math",
         "science", "english", "music", "reading", "high school"),
        ("teacher", "teacher assistant", "tutor", "aide", "instructor", "coordinator",
         "paraprofessional"),
        ("teacher", "tutor", "instructor"),
        ("assistant", "lead", "head", "senior", "associate"),
        ((_BA, 8), (_MA, 3), (_AS, 2)),
        ("Education", "Early Childhood Education", "Psychology", "English",
         "Elementary Education"),
        ("Classroom Management", "Child Care", "CPR", "Student Learning",
         "Classroom Environment", "Lesson Plans", "Mathematics", "ESL", "Kids",
         "Special Needs", "Curriculum Development", "Literacy"),
        "the learning of their students", "schools and learning centers",
        "principals and parents", "child development",
        ("prepare lesson plans", "teach students a variety of subjects",
         "grade assignments and exams", "communicate with parents",
         "maintain classroom discipline", "track student progress",
         "adapt lessons for students with special needs", "supervise recess and lunch",
         "organize classroom materials", "attend staff meetings"),
        ("Develop lesson plans aligned with state standards.",
         "Maintain a safe and positive classroom environment.",
         "Assess student progress and prepare report cards.",
         "Communicate with parents about student behavior and progress.",
         "Implement IEP accommodations for students with special needs.",
         "Supervise students during recess and lunch.",
         "Use ESL strategies to support English language learners.",
         "Prepare classroom materials and bulletin boards."),
        ("1-2 years", "2-4 years", "4-6 years"),
    ),
    _Family(
        "marketing", "marketing", 58000, 38.0, 40,
        ("marketing", "digital marketing", "social media", "brand", "content",
         "communications", "public relations", "events"),
        ("manager", "coordinator", "specialist", "director", "assistant", "strategist",
         "analyst", "associate"),
        ("copywriter", "publicist"),
        ("senior", "junior", "lead", "assistant", "associate", "chief", "head"),
        ((_BA, 9), (_MA, 2)),
        ("Marketing", "Communication", "Business", "Journalism", "Graphic Design"),
        ("Social Media", "Digital Marketing", "SEO", "Google Analytics",
         "Content Creation", "Email Campaigns", "Market Research", "Adobe Photoshop",
         "Brand Management", "Project Management", "Photography"),
        "the company's brand and campaigns", "agencies and in-house marketing teams",
        "sales teams and creative agencies", "consumer behavior",
        ("plan marketing campaigns", "write content for the website",
         "manage social media accounts", "analyze campaign performance",
         "coordinate events and trade shows", "manage the marketing budget",
         "conduct market research", "work with designers on creative assets",
         "prepare press releases", "track leads in the CRM"),
        ("Create social media campaigns on Facebook and Instagram.",
         "Manage the deployment communications for product launches.",
         "Analyze campaign results with Google Analytics and report ROI.",
         "Write SEO-friendly blog posts and website copy.",
         "Coordinate trade shows and sponsorship events.",
         "Manage email campaigns and segment customer lists in the CRM.",
         "Work with designers to produce brochures and digital ads.",
         "Conduct competitor research and present findings to leadership."),
        ("2-4 years", "4-6 years"),
    ),
    _Family(
        "customer", "customer service", 36000, 35.0, 38,
        ("customer service", "call center", "client services", "customer success",
         "customer support", "member services"),
        ("representative", "specialist", "manager", "supervisor", "associate", "agent",
         "team leader", "coordinator"),
        (),
        ("senior", "lead", "assistant", "associate", "junior"),
        ((_HS, 6), (_BA, 5), (_AS, 2)),
        ("Business", "Communication", "Psychology", "General Studies"),
        ("Customer Service", "Inbound Calls", "Data Entry", "Customer Inquiries",
         "Call Center", "CRM", "Troubleshoot", "Customer Satisfaction", "Billing",
         "Phone Calls"),
        "the satisfaction of customers", "call centers and service desks",
        "sales and billing teams", "the company's products",
        ("answer customer inquiries by phone and email", "resolve billing issues",
         "process orders and returns", "document interactions in the CRM",
         "escalate complex problems", "follow up on open cases",
         "explain products and services", "meet call quality targets"),
        ("Answer inbound calls and resolve customer inquiries on first contact.",
         "Document customer interactions in the CRM.",
         "Process orders, returns and refunds.",
         "Escalate complex issues to the appropriate department.",
         "Meet daily KPIs for call handling time and quality.",
         "Train new representatives on call center procedures."),
        ("6-12 months", "1-2 years"),
    ),
    _Family(
        "construction", "construction", 50000, 95.0, 42,
        ("construction", "electrical", "plumbing", "building maintenance", "facilities",
         "carpentry", "roofing", "landscaping", "concrete"),
        ("worker", "technician", "supervisor", "manager", "foreman", "helper",
         "inspector", "laborer", "apprentice", "estimator"),
        ("electrician", "plumber", "carpenter", "laborer", "painter"),
        ("senior", "lead", "assistant", "chief", "general", "head", "junior"),
        ((_HS, 8), (_AS, 2), (_BA, 2)),
        ("Construction Management", "Electrical Engineering", "Business",
         "General Studies"),
        ("Hand Tools", "Power Tools", "OSHA", "Blueprints", "Safety Procedures",
         "HVAC", "Preventive Maintenance", "Ladders", "Plumbing", "Carpentry",
         "Electrical Systems", "Heavy Equipment"),
        "the work on site", "construction sites and facilities",
        "project managers and contractors", "building codes",
        ("read blueprints and plans", "operate power tools and heavy equipment",
         "inspect work for code compliance", "repair building systems",
         "keep the job site safe", "order materials", "estimate project costs",
         "supervise subcontractors", "perform preventive maintenance"),
        ("Read blueprints and install systems according to code.",
         "Perform preventive maintenance on HVAC and plumbing systems.",
         "Operate forklifts, scissor lifts and other heavy equipment.",
         "Enforce OSHA safety rules on the job site.",
         "Order materials and track deliveries to the site.",
         "Inspect completed work and prepare punch lists.",
         "Supervise subcontractors and daily crews.",
         "Estimate labor and material costs for bids."),
        ("6-12 months", "1-2 years", "2-4 years", "4-6 years"),
    ),
)


# Domains that only go with some of their family's heads ("line cook", not "line porter").
_DOMAIN_HEADS: dict[str, dict[str, tuple[str, ...]]] = {
    "manufacturing": {
        "machine shop": ("supervisor", "manager", "team leader", "coordinator", "operator"),
        "plant": ("manager", "supervisor", "engineer", "operator", "coordinator", "technician"),
        "packaging": ("operator", "technician", "engineer", "supervisor", "manager",
                      "associate", "team leader", "coordinator"),
    },
    "retail": {
        "sales floor": ("associate", "supervisor", "manager", "team leader", "lead"),
        "customer experience": ("manager", "associate", "specialist", "lead", "coordinator"),
        "visual merchandising": ("manager", "specialist", "coordinator", "associate", "lead",
                                 "director"),
        "shop": ("manager", "assistant", "supervisor", "clerk", "associate"),
    },
    "software": {
        "java": ("developer", "programmer", "engineer", "architect", "consultant"),
        "python": ("developer", "programmer", "engineer"),
        "mobile application": ("developer", "engineer", "tester", "architect"),
        "web": ("developer", "programmer", "engineer", "administrator", "analyst"),
        "database": ("administrator", "developer", "engineer", "architect", "analyst",
                     "manager"),
        "network": ("engineer", "administrator", "analyst", "architect", "manager",
                    "consultant"),
        "systems": ("engineer", "administrator", "analyst", "architect", "manager"),
        "data": ("engineer", "analyst", "architect", "manager", "consultant"),
        "cloud": ("engineer", "architect", "consultant", "administrator", "developer"),
        "software development": ("engineer", "manager", "team leader", "consultant"),
    },
    "accounting": {
        "accounting": ("clerk", "specialist", "manager", "analyst", "coordinator",
                       "supervisor", "assistant"),
        "bookkeeping": ("clerk", "assistant", "specialist", "manager"),
        "general ledger": ("accountant", "analyst", "specialist", "clerk", "manager"),
        "tax": ("accountant", "specialist", "manager", "analyst", "clerk", "assistant"),
        "audit": ("manager", "specialist", "analyst", "assistant", "coordinator"),
    },
    "hr": {
        "recruiting": ("manager", "coordinator", "specialist", "assistant", "director"),
        "talent acquisition": ("manager", "specialist", "partner", "coordinator", "director"),
        "employee relations": ("manager", "specialist", "director", "partner"),
        "personnel": ("manager", "specialist", "assistant", "administrator", "director"),
        "training": ("manager", "coordinator", "specialist", "director"),
    },
    "kitchen": {
        "prep": ("cook", "worker"),
        "line": ("cook", "worker"),
        "pastry": ("cook", "chef", "assistant"),
        "banquet": ("cook", "chef", "manager", "supervisor"),
        "catering": ("manager", "assistant", "supervisor", "chef", "worker"),
        "food service": ("worker", "manager", "supervisor", "assistant"),
        "breakfast": ("cook", "attendant"),
    },
    "nursing": {
        "registered": ("nurse",),
        "surgical": ("nurse", "technician", "assistant"),
        "pediatric": ("nurse", "therapist", "nurse educator"),
        "emergency room": ("nurse", "technician"),
        "home health": ("aide", "nurse", "coordinator", "manager"),
        "rehabilitation": ("therapist", "technician", "aide", "coordinator", "nurse",
                           "manager"),
        "dental": ("assistant", "technician", "manager"),
        "medical": ("assistant", "technician", "coordinator"),
        "ward": ("supervisor", "manager", "nurse"),
        "clinical": ("nurse", "coordinator", "supervisor", "manager", "educator",
                     "therapist", "technician"),
        "nursing": ("assistant", "supervisor", "manager", "educator", "aide", "coordinator"),
    },
    "logistics": {
        "dock": ("worker", "supervisor", "associate", "lead"),
        "freight": ("coordinator", "specialist", "manager", "associate", "handler"),
        "material handling": ("associate", "supervisor", "operator", "specialist"),
    },
    "driving": {
        "truck": ("driver", "dispatcher"),
        "commercial": ("driver",),
        "bus": ("driver",),
        "school bus": ("driver",),
        "van": ("driver",),
        "tanker": ("driver",),
        "shuttle": ("driver",),
        "route": ("driver", "supervisor", "manager"),
    },
    "office": {
        "legal": ("assistant", "secretary", "clerk", "administrator"),
        "personal": ("assistant",),
        "medical office": ("assistant", "manager", "receptionist", "secretary", "clerk"),
        "front desk": ("clerk", "receptionist", "coordinator", "manager"),
        "executive": ("assistant", "secretary", "administrator"),
        "program": ("coordinator", "assistant", "manager", "specialist", "administrator"),
        "administrative": ("assistant", "coordinator", "clerk", "specialist", "manager",
                           "secretary", "receptionist"),
    },
    "education": {
        "preschool": ("teacher", "teacher assistant", "aide", "director"),
        "elementary school": ("teacher", "teacher assistant", "tutor"),
        "substitute": ("teacher",),
        "special education": ("teacher", "aide", "coordinator", "paraprofessional",
                              "teacher assistant"),
        "math": ("teacher", "tutor", "instructor"),
        "science": ("teacher", "tutor", "instructor"),
        "english": ("teacher", "tutor", "instructor"),
        "music": ("teacher", "instructor"),
        "reading": ("teacher", "tutor", "coordinator"),
        "high school": ("teacher", "tutor"),
    },
    "customer": {},
    "construction": {
        "construction": ("worker", "supervisor", "manager", "foreman", "inspector",
                         "laborer", "estimator"),
        "electrical": ("technician", "supervisor", "foreman", "helper", "inspector",
                       "apprentice", "estimator"),
        "plumbing": ("technician", "supervisor", "foreman", "helper", "inspector",
                     "apprentice"),
        "carpentry": ("helper", "foreman", "apprentice", "supervisor"),
        "roofing": ("worker", "foreman", "helper", "estimator", "laborer"),
        "landscaping": ("worker", "supervisor", "foreman", "laborer"),
        "concrete": ("worker", "foreman", "finisher", "laborer"),
    },
}

# Seniority prefixes and the heads they go with (None: every head outside _JUNIOR_HEADS).
_JUNIOR_HEADS = frozenset({
    "helper", "porter", "dishwasher", "aide", "apprentice", "busser", "worker", "laborer",
    "cashier", "stocker", "picker", "packer", "attendant", "typist", "assistant",
    "teacher assistant", "paraprofessional", "handler", "finisher",
})
_PREFIX_HEADS: dict[str, frozenset[str] | None] = {
    "senior": None,
    "lead": None,
    "junior": frozenset({"engineer", "developer", "programmer", "analyst", "accountant",
                         "architect", "consultant", "recruiter", "copywriter", "specialist",
                         "tester", "auditor", "estimator", "cook", "buyer"}),
    "assistant": frozenset({"manager", "director", "supervisor", "coordinator", "teacher",
                            "controller", "buyer", "foreman", "team leader", "store manager"}),
    "associate": frozenset({"manager", "director", "engineer", "developer", "analyst",
                            "teacher", "accountant", "consultant", "producer", "editor"}),
    "chief": frozenset({"engineer", "nurse", "accountant", "architect", "estimator",
                        "officer", "dispatcher", "inspector"}),
    "head": frozenset({"cook", "chef", "nurse", "teacher", "cashier", "coach", "baker",
                       "instructor", "mechanic"}),
    "principal": frozenset({"engineer", "architect", "consultant", "analyst", "developer",
                            "programmer", "auditor"}),
    "staff": frozenset({"engineer", "accountant", "nurse", "developer", "auditor"}),
    "executive": frozenset({"chef", "assistant", "director", "secretary", "housekeeper"}),
    "general": frozenset({"manager", "foreman", "laborer", "contractor"}),
    "district": frozenset({"manager", "director", "supervisor", "coordinator", "trainer"}),
    "regional": frozenset({"manager", "director", "supervisor", "coordinator", "trainer",
                           "recruiter"}),
    "charge": frozenset({"nurse", "bookkeeper", "accountant"}),
    "deputy": frozenset({"director", "manager"}),
}


def _heads_for(fam: _Family, domain: str) -> tuple[str, ...]:
    return _DOMAIN_HEADS.get(fam.key, {}).get(domain, fam.heads)


def _prefix_ok(prefix: str, head: str) -> bool:
    if not prefix:
        return True
    allowed = _PREFIX_HEADS.get(prefix)
    if allowed is None:
        return head not in _JUNIOR_HEADS and not (prefix == "lead" and head in {
            "manager", "director", "leader", "team leader", "lead", "supervisor"})
    return head in allowed


# --------------------------------------------------------------------------
# Words and grammar
# --------------------------------------------------------------------------

_IRREGULAR_PLURALS: dict[str, str] = {
    "man": "men", "woman": "women", "person": "people", "foreman": "foremen",
    "staff": "staff", "chief": "chiefs", "chef": "chefs",
}


def _pluralize_word(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("man") and not word.endswith("human"):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def pluralize(name: str) -> str:
    """Plural of a title: its last word pluralised ("secretary" -> "secretaries")."""
    head, _, last = name.rpartition(" ")
    plural = _pluralize_word(last)
    return f"{head} {plural}" if head else plural


def _article(phrase: str) -> str:
    word = phrase.split(" ", 1)[0].lower()
    if word.startswith(("uni", "use", "usu", "uti", "eu", "one", "once")):
        return "a"
    if word.startswith(("hour", "honest", "honor", "heir")):
        return "an"
    return "an" if word[:1] in "aeiou" else "a"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


def _possessive(plural: str) -> str:
    return plural + "'" if plural.endswith("s") else plural + "'s"


def _skill_in_prose(skill: str) -> str:
    # "Customer Service" -> "customer service"; acronyms stay: "BLS", "C++", "CDL-A".
    return " ".join(w if (w.upper() == w and any(c.isalpha() for c in w)) else w.lower()
                    for w in skill.split(" "))


_LOWER_UPPER = re.compile(r"[a-z][A-Z]")


def _glued_name_ok(value: str) -> bool:
    """Grammar of free-text cells (company, industry, major, college, state).

    Starts with an uppercase letter, ends with a lowercase letter, single inner
    spaces, and no lowercase letter directly followed by an uppercase one. Two
    such names glued together split only at the single lower->upper transition.
    """
    return (
        bool(value)
        and value[0].isupper()
        and value[-1].islower()
        and "  " not in value
        and _LOWER_UPPER.search(value) is None
    )


_CITY_RE = re.compile(r"[A-Z][A-Za-z .'-]*[a-z], [A-Z]{2}")


def _glued_city_ok(value: str) -> bool:
    return _CITY_RE.fullmatch(value) is not None and _LOWER_UPPER.search(value) is None


def _int_ok(text: str, lo: int, hi: int) -> bool:
    if not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        return False
    return lo <= int(text) <= hi


def _unambiguous_int_pair(a: int, b: int, lo: int, hi: int) -> bool:
    """True when ``f"{a}{b}"`` splits into two ints in [lo, hi] exactly one way.

    Ints are written without leading zeros. ``_unambiguous_int_pair(1, 12, 1, 12)``
    is False ("112" is 1|12 or 11|2); ``(12, 1)`` is True ("121" is only 12|1).
    """
    text = f"{a}{b}"
    splits = sum(1 for i in range(1, len(text)) if _int_ok(text[:i], lo, hi) and _int_ok(text[i:], lo, hi))
    return splits == 1


_SATISFACTION_RE = re.compile(r"-|[1-5]|[1-4]\.\d\d?|5\.00?")


def _count_splits(text: str, cell: re.Pattern[str]) -> int:
    """Ways to cut ``text`` into two non-empty cells both matching ``cell``."""
    return sum(
        1 for i in range(1, len(text)) if cell.fullmatch(text[:i]) and cell.fullmatch(text[i:])
    )


# Years of experience and ages as the site gives them.
_YEARS_RANGE = (1, 12)
_AGE_RANGE = (16, 80)


def glued_ambiguities(a: RoleProfile, b: RoleProfile) -> list[str]:
    """Labels of glued rows of the page (a, b) that would not split back one way.

    An empty list means :func:`render_page` can render the pair in the glued
    layout. Each cell has a grammar a reader can know: years of experience are
    ints in 1-12, ages ints in 16-80, job satisfaction an int 1-5 or a decimal
    with one or two places, counts are comma-grouped (and at least 1,000),
    names start uppercase, end lowercase and have no lowercase letter directly
    before an uppercase one, cities are "Name, ST". Money, percents and ranges
    carry their own delimiters and always split one way.
    """
    return _ambiguities(_Parts(a), _Parts(b))


def _text_cells_ok(r: RoleProfile) -> tuple[str, ...]:
    """Labels of r's free-text cells that break the glued name grammar."""
    bad = [label for label, v in (
        ("Highest paying state", r.state),
        ("Best paying company", r.company),
        ("Best paying industry", r.industry),
        ("Most common major", r.major),
        ("Most common college", r.college),
    ) if v is not None and v not in _GOOD_NAMES and not _glued_name_ok(v)]
    if r.city is not None and r.city not in _GOOD_NAMES and not _glued_city_ok(r.city):
        bad.append("Highest paying City")
    return tuple(bad)


def _ambiguities(pa: _Parts, pb: _Parts) -> list[str]:
    a, b = pa.role, pb.role
    bad: list[str] = []
    if a.years_of_experience is not None and b.years_of_experience is not None:
        if not _unambiguous_int_pair(a.years_of_experience, b.years_of_experience, *_YEARS_RANGE):
            bad.append("Years of experience")
    if a.average_age is not None and b.average_age is not None:
        if not _unambiguous_int_pair(a.average_age, b.average_age, *_AGE_RANGE):
            bad.append("Average age")
    if a.number_of_jobs is not None and b.number_of_jobs is not None:
        if a.number_of_jobs < 1000 or b.number_of_jobs < 1000:
            bad.append("Number of jobs")
    sa, sb = pa.cells["Job satisfaction"], pb.cells["Job satisfaction"]
    if sa != _MISSING and sb != _MISSING and _count_splits(sa + sb, _SATISFACTION_RE) != 1:
        bad.append("Job satisfaction")
    for label in (*pa.names_ok, *pb.names_ok):
        if label not in bad:
            bad.append(label)
    return bad


# --------------------------------------------------------------------------
# Cell formatting
# --------------------------------------------------------------------------

_MISSING = "-"


def _fmt_money(v: int | None) -> str:
    return _MISSING if v is None else f"${v:,}"


def _fmt_hourly(v: float | None) -> str:
    return _MISSING if v is None else f"${v:.2f}"


def _fmt_percent(v: int | None) -> str:
    return _MISSING if v is None else f"{v}%"


def _fmt_int(v: int | None) -> str:
    return _MISSING if v is None else str(v)


def _fmt_count(v: int | None) -> str:
    return _MISSING if v is None else f"{v:,}"


def _fmt_satisfaction(v: float | None) -> str:
    if v is None:
        return _MISSING
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.2f}".rstrip("0")


def _fmt_degree(r: RoleProfile) -> str:
    if r.degree is None:
        return _MISSING
    return r.degree if r.degree_share is None else f"{r.degree}, {r.degree_share}%"


def _fmt_range(r: RoleProfile) -> str:
    if r.salary_low is None or r.salary_high is None:
        return _MISSING
    return f"Between ${r.salary_low:,} And ${r.salary_high:,}"


def _fmt_text(v: str | None) -> str:
    return _MISSING if v is None else v


def _fmt_gender(v: dict[str, float] | None) -> str:
    if v is None:
        return _MISSING
    return f"Male, {v['Male']:.1f}% Female, {v['Female']:.1f}%"


def _fmt_race(v: dict[str, float] | None) -> str:
    if v is None:
        return _MISSING
    return " ".join(f"{g}, {v[g]:.1f}%" for g in RACE_GROUPS)


def _cells(r: RoleProfile) -> dict[str, str]:
    """Every table cell of one role, keyed by row label."""
    degree = _fmt_degree(r)
    age = _fmt_int(r.average_age)
    return {
        "Yearly salary": _fmt_money(r.yearly_salary),
        "Hourly rate": _fmt_hourly(r.hourly_rate),
        "Growth rate": _fmt_percent(r.growth_rate),
        "Number of jobs": _fmt_count(r.number_of_jobs),
        "Job satisfaction": _fmt_satisfaction(r.job_satisfaction),
        "Most common degree": degree,
        "Average age": age,
        "Years of experience": _fmt_int(r.years_of_experience),
        "Average salary": _fmt_money(r.yearly_salary),
        "Salary range": _fmt_range(r),
        "Highest paying City": _fmt_text(r.city),
        "Highest paying state": _fmt_text(r.state),
        "Best paying company": _fmt_text(r.company),
        "Best paying industry": _fmt_text(r.industry),
        "Most common major": _fmt_text(r.major),
        "Most common college": _fmt_text(r.college),
        "Gender ratio": _fmt_gender(r.gender),
        "Race ratio": _fmt_race(r.race),
        "LGBT Percentage": _fmt_percent(r.lgbt_share),
    }


_OVERVIEW_ROWS = ("Yearly salary", "Hourly rate", "Growth rate", "Number of jobs",
                  "Job satisfaction", "Most common degree", "Average age",
                  "Years of experience")
_SALARY_ROWS = ("Average salary", "Salary range", "Highest paying City",
                "Highest paying state", "Best paying company", "Best paying industry")
_EDUCATION_ROWS = ("Most common degree", "Most common major", "Most common college")
_DEMOGRAPHIC_ROWS = ("Average age", "Gender ratio", "Race ratio", "LGBT Percentage")
_NAVIGATION = ("Explore jobs", "Find specific jobs", "Explore careers",
               "Explore professions", "Best companies", "Explore companies")


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

# Constant look-ups for the built-in vocabularies (formatting 100,000 roles fast).
_PROSE: dict[str, str] = {
    skill: _skill_in_prose(skill)
    for skill in (*_GENERIC_SKILLS, *(k for fam in _FAMILIES for k in fam.skills))
}
_GOOD_NAMES: frozenset[str] = frozenset(
    v for v in (*_STATES.values(), *_COMPANIES, *_INDUSTRIES, *_COLLEGES,
                *(m for fam in _FAMILIES for m in fam.majors))
    if _glued_name_ok(v)
) | frozenset(c for c in _CITIES if _glued_city_ok(c))
assert all(_glued_name_ok(v) for v in (*_STATES.values(), *_COMPANIES, *_INDUSTRIES, *_COLLEGES))
assert all(_glued_city_ok(c) and c[-2:] in _STATES for c in _CITIES)


class _Parts:
    """Everything of one role that pages print, formatted once (pages share roles)."""

    __slots__ = ("role", "name", "cap", "an", "title", "plural", "cap_plural", "possessive",
                 "cells", "top", "names_ok", "glued_duties", "glued_skills", "md_duties",
                 "md_skills")

    def __init__(self, r: RoleProfile) -> None:
        self.role = r
        self.name = r.name
        self.cap = _cap(r.name)
        self.an = f"{_article(r.name)} {r.name}"
        self.title = _title(r.name)
        self.plural = r.plural
        self.cap_plural = _cap(r.plural)
        self.possessive = _possessive(r.plural)
        self.cells = _cells(r)
        top = [_PROSE.get(skill) or _skill_in_prose(skill) for skill, _ in r.skills[:3]]
        self.top = top + [""] * (3 - len(top))  # the site prints "x, and ." when short
        self.names_ok = _text_cells_ok(r)
        duties = [f"  \u2022 {item}" for item in r.responsibilities]
        self.glued_duties = "\n".join([f"{self.cap} example responsibilities.", "", *duties,
                                       "  \u2022 Show more"])
        self.glued_skills = "\n".join([f"Common {r.name} skills",
                                       *(f"  \u2022 {k}, {v}%" for k, v in r.skills)])
        self.md_duties = "\n".join([f"{self.cap} example responsibilities.",
                                    *(f"- {item}" for item in r.responsibilities), "- Show more"])
        self.md_skills = "\n".join([f"Common {r.name} skills",
                                    *(f"- {k}, {v}%" for k, v in r.skills)])


def _summary(a: _Parts, b: _Parts) -> str:
    ra, rb = a.role, b.role
    out = (f"The differences between {a.plural} and {b.plural} can be seen in a few details. "
           "Each job has different responsibilities and duties.")
    ta, tb = ra.time_to_become, rb.time_to_become
    if ta and tb:
        if ta == tb:
            out += f" It typically takes {ta} to become both {a.an} and {b.an}."
        else:
            out += (f" While it typically takes {ta} to become {a.an}, "
                    f"becoming {b.an} takes usually requires {tb}.")
    ya, yb = ra.yearly_salary, rb.yearly_salary
    # The site names the better paid role first; a tie gets no sentence.
    if ya is not None and yb is not None and ya != yb:
        (w, wy), (lo, ly) = ((a, ya), (b, yb)) if ya > yb else ((b, yb), (a, ya))
        out += (f" Additionally, {w.an} has an average salary of ${wy:,}, which is higher "
                f"than the ${ly:,} average annual salary of {lo.an}.")
    return out


def _skills_sentence(a: _Parts, b: _Parts) -> str:
    s1, s2, s3 = a.top
    t1, t2, t3 = b.top
    return (f"The top three skills for {a.an} include {s1}, {s2} and {s3}. "
            f"The most important skills for {b.an} are {t1}, {t2}, and {t3}.")


def render_page(a: RoleProfile, b: RoleProfile, layout: Layout) -> str:
    """Text of the comparison page "a vs b" in the given layout.

    Both layouts carry the same facts in the same order as the real site. The
    text has no trailing newline (like the stored pages). Raises ValueError
    for a glued page whose rows would not split back one way (see
    :func:`glued_ambiguities`).
    """
    pa, pb = _Parts(a), _Parts(b)
    if layout == "glued":
        bad = _ambiguities(pa, pb)
        if bad:
            raise ValueError(f"glued rows would be ambiguous for {a.name!r} vs {b.name!r}: {bad}")
        return _render_glued(pa, pb)
    if layout == "markdown":
        return _render_markdown(pa, pb)
    raise ValueError(f"unknown layout {layout!r}")


def _render_glued(a: _Parts, b: _Parts) -> str:
    ca, cb = a.cells, b.cells
    header = a.title + b.title
    vs = f"{a.cap} vs {b.name}"
    out = ["Post job", "", vs, "", _summary(a, b), "", _skills_sentence(a, b), "",
           f"{vs} overview", "", header]
    out += [f"{label}{ca[label]}{cb[label]}" for label in _OVERVIEW_ROWS]
    out.append("")
    if a.role.description and b.role.description:
        out += [f"What does {a.an} do?", "", a.role.description, "",
                f"What does {b.an} do?", "", b.role.description, ""]
    out += [f"{vs} salary", "",
            f"{a.cap_plural} and {b.plural} have different pay scales, as shown below.", "",
            header]
    out += [f"{label}{ca[label]}{cb[label]}" for label in _SALARY_ROWS]
    out += ["", f"Differences between {a.name} and {b.name} education", "",
            f"There are a few differences between {a.an} and {b.an} in terms of "
            "educational background:", "", header]
    out += [f"{label}{ca[label]}{cb[label]}" for label in _EDUCATION_ROWS]
    out += ["", f"{vs} demographics", "",
            f"Here are the differences between {a.possessive} and {b.possessive} "
            "demographics:", "", header]
    out += [f"{label}{ca[label]}{cb[label]}" for label in _DEMOGRAPHIC_ROWS]
    out += ["", f"Differences between {a.name} and {b.name} duties and responsibilities", "",
            a.glued_duties, "", b.glued_duties, "", f"{vs} skills", "",
            a.glued_skills, b.glued_skills, "", f"Browse {a.role.category} jobs"]
    return "\n".join(out)


def _render_markdown(a: _Parts, b: _Parts) -> str:
    ca, cb = a.cells, b.cells
    header = f"| {a.title} | {b.title} | |"
    out = [*_NAVIGATION, _summary(a, b), _skills_sentence(a, b), header]
    out += [f"| {label} | {ca[label]} | {cb[label]} |" for label in _OVERVIEW_ROWS]
    if a.role.description and b.role.description:
        out += [a.role.description, b.role.description]
    out += [f"{a.cap_plural} and {b.plural} have different pay scales, as shown below.", header]
    out += [f"| {label} | {ca[label]} | {cb[label]} |" for label in _SALARY_ROWS]
    out += [f"There are a few differences between {a.an} and {b.an} in terms of "
            "educational background:", header]
    out += [f"| {label} | {ca[label]} | {cb[label]} |" for label in _EDUCATION_ROWS]
    out += [f"Here are the differences between {a.possessive} and {b.possessive} "
            "demographics:", header]
    out += [f"| {label} | {ca[label]} | {cb[label]} |" for label in _DEMOGRAPHIC_ROWS]
    out += [a.md_duties, b.md_duties, a.md_skills, b.md_skills, f"Browse {a.role.category} jobs"]
    return "\n".join(out)


# --------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Title:
    name: str
    family: int
    prefix: str
    head: str


def _compose(prefix: str, qualifiers: Sequence[str], domain: str, head: str) -> str | None:
    words = " ".join(w for w in (prefix, *qualifiers, domain, head) if w).split(" ")
    if len(set(words)) != len(words):  # "assistant kitchen assistant", "lead line lead"
        return None
    return " ".join(words)


def _family_titles(fi: int, fam: _Family, seen: set[str], rng: Random) -> list[_Title]:
    """One family's plain titles not ``seen`` before, plain ones first, seniority variants later
    (with some mixing: each title's weight gets a random jitter)."""
    items: list[tuple[float, _Title]] = []

    def add(prefix: str, domain: str, head: str, weight: float) -> None:
        name = _compose(prefix, (), domain, head)
        if name is not None and name not in seen:
            seen.add(name)
            items.append((weight + 1.5 * rng.random(), _Title(name, fi, prefix, head)))

    for head in fam.standalone:
        add("", "", head, 0.0)
    for domain in fam.domains:
        for head in _heads_for(fam, domain):
            add("", domain, head, 0.0)
    for prefix in fam.prefixes:
        for head in (*fam.heads, *fam.standalone):
            if _prefix_ok(prefix, head):
                add(prefix, "", head, 0.6)
        for domain in fam.domains:
            for head in _heads_for(fam, domain):
                if _prefix_ok(prefix, head):
                    add(prefix, domain, head, 1.0)
    items.sort(key=lambda t: t[0])
    return [t for _, t in items]


def _interleave(per_family: list[list[_Title]], rng: Random) -> list[_Title]:
    """The families' titles in runs of 3-8 from each family in turn (a shuffled order)."""
    order = list(range(len(per_family)))
    rng.shuffle(order)
    runs = [iter(per_family[fi]) for fi in order]
    out: list[_Title] = []
    while runs:
        alive = []
        for it in runs:
            run, took = rng.randint(3, 8), 0
            for t in it:
                out.append(t)
                took += 1
                if took == run:
                    break
            else:
                continue  # exhausted
            alive.append(it)
        runs = alive
    return out


def _base_titles(rng: Random) -> list[_Title]:
    """Every plain title (prefix? domain? head), ordered in small per-family runs.

    The order groups a few titles of one family together so that the first n
    titles overlap the way real ones do ("production coordinator", "senior
    production coordinator", "production team leader").
    """
    seen: set[str] = set()
    per_family = [_family_titles(fi, fam, seen, rng) for fi, fam in enumerate(_FAMILIES)]
    return _interleave(per_family, rng)


def _make_titles(n: int, rng: Random) -> list[_Title]:
    """``n`` distinct titles: the plain ones first, then ones with qualifiers.

    Past the plain titles, a title is a plain one with k qualifiers after its
    seniority prefix ("senior regional production coordinator"), k = 1, 2, ...
    Every plain title with one qualifier is listed and shuffled (about 170,000);
    further titles draw two or more qualifiers at random.
    """
    base = _base_titles(rng)
    if n <= len(base):
        return base[:n]
    titles = list(base)
    seen = {t.name for t in titles}

    def add(t: _Title, quals: Sequence[str]) -> None:
        rest = t.name[len(t.prefix) + 1:] if t.prefix else t.name
        name = _compose(t.prefix, quals, "", rest)
        if name is not None and name not in seen:
            seen.add(name)
            titles.append(_Title(name, t.family, t.prefix, t.head))

    nq = len(_QUALIFIERS)
    one = list(range(len(base) * nq))
    rng.shuffle(one)
    for code in one:
        if len(titles) >= n:
            return titles
        t_index, q_index = divmod(code, nq)
        add(base[t_index], (_QUALIFIERS[q_index],))
    k = 2
    while len(titles) < n:
        before, tries = len(titles), 0
        while len(titles) < n and tries < 200_000:
            tries += 1
            quals = rng.sample(_QUALIFIERS, k)
            add(base[int(rng.random() * len(base))], quals)
        if len(titles) == before:
            k += 1  # these many qualifiers made nothing new: add one more
    return titles


_YEARS: tuple[tuple[int, int], ...] = ((1, 3), (2, 25), (4, 25), (6, 25), (8, 8), (10, 4), (12, 10))
_STATE_NAMES: tuple[str, ...] = tuple(_STATES.values())
_SATISFACTION_INTS = (1.0, 2.0, 3.0, 3.0, 4.0, 4.0, 4.0, 5.0, 5.0)
_SHARE_STEPS = (0, 0, 1, 1, 2, 3)
_BANK = 64  # pre-drawn samples per family (rng.sample is slow at 100,000 roles)


class _RoleMaker:
    """Draws the facts of roles from one Random; cheap per role."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.rnd = rng.random
        self.verbs: list[list[tuple[str, ...]]] = []
        self.duties: list[list[tuple[str, ...]]] = []
        self.skills: list[list[tuple[str, ...]]] = []
        self.degrees: list[tuple[str, ...]] = []
        for fam in _FAMILIES:
            pool = list(fam.skills) + [s for s in _GENERIC_SKILLS if s not in fam.skills]
            self.verbs.append([tuple(rng.sample(fam.verbs, 6)) for _ in range(_BANK)])
            self.duties.append([tuple(rng.sample(fam.duties, 6)) for _ in range(_BANK)])
            self.skills.append([tuple(rng.sample(pool, 6)) for _ in range(_BANK)])
            self.degrees.append(tuple(d for d, w in fam.degrees for _ in range(w)))
        self.traits = [tuple(rng.sample(_TRAITS, 2)) for _ in range(_BANK)]
        self.years = tuple(y for y, w in _YEARS for _ in range(w))

    def pick(self, seq: Sequence[object]) -> object:
        return seq[int(self.rnd() * len(seq))]

    def randint(self, lo: int, hi: int) -> int:
        return lo + int(self.rnd() * (hi - lo + 1))

    def present(self, p_missing: float) -> bool:
        return self.rnd() >= p_missing

    def describe(self, fi: int, name: str, plural: str) -> str:
        fam = _FAMILIES[fi]
        art = _article(name)
        v: tuple[str, ...] = self.pick(self.verbs[fi])  # type: ignore[assignment]
        t: tuple[str, ...] = self.pick(self.traits)  # type: ignore[assignment]
        k = int(self.rnd() * 4)
        if k == 0:
            return (f"{_cap(art)} {name} is in charge of {fam.area}. {_cap(plural)} {v[0]}, "
                    f"{v[1]}, and {v[2]}. They also {v[3]} and {v[4]}. {_cap(art)} {name} must "
                    f"have excellent {t[0]} and {t[1]} skills to succeed in this role.")
        if k == 1:
            return (f"{_cap(plural)} work in {fam.setting}. Their main duty is to {v[0]}. On a "
                    f"typical day, they {v[1]}, {v[2]}, and {v[3]}. They work closely with "
                    f"{fam.partner} to {v[4]}. Employers usually look for candidates with strong "
                    f"{t[0]} skills and a solid understanding of {fam.field}.")
        if k == 2:
            return (f"The role of {art} {name} will vary depending on the employer. In most "
                    f"organizations, {plural} {v[0]} and {v[1]}. Among their primary "
                    f"responsibilities is to {v[2]}. Moreover, {art} {name} may also {v[3]}, "
                    f"{v[4]}, and {v[5]}. Being {art} {name} requires {t[0]} skills, {t[1]} "
                    f"skills, and attention to detail.")
        return (f"{_cap(art)} {name} supports {fam.partner} in {fam.setting}. {_cap(plural)} "
                f"{v[0]}, {v[1]}, and {v[2]}. When needed, they {v[3]}. To do well, {art} "
                f"{name} should be {self.pick(_ADJECTIVES)} and have good {t[0]} skills.")

    def _pay(self, title: _Title) -> tuple[int | None, float | None, int | None, int | None]:
        """Yearly salary, hourly rate and the salary range's ends (any may be missing)."""
        fam, rnd = _FAMILIES[title.family], self.rnd
        pay = fam.base_salary * _PREFIX_PAY.get(title.prefix, 1.0) * _HEAD_PAY.get(title.head, 1.0)
        yearly: int | None = int(min(300_000, max(18_000, pay * math.exp(self.rng.gauss(0.0, 0.15)))))
        if not self.present(0.03):
            yearly = None
        hourly = round(yearly / 2080, 2) if yearly is not None else None
        low = high = None
        if yearly is not None and self.present(0.04):
            low = int(yearly * (0.55 + 0.33 * rnd())) // 1000 * 1000
            high = -(-int(yearly * (1.2 + 0.55 * rnd())) // 1000) * 1000
            if low >= yearly:
                low -= 1000
            if high <= yearly:
                high += 1000
        return yearly, hourly, low, high

    def _satisfaction(self) -> float | None:
        """A rating out of 5 with one or two decimals, a whole number, or none."""
        rnd = self.rnd
        r = rnd()
        if r >= 0.6:
            return min(5.0, round(1.5 + 3.5 * rnd(), 1 if rnd() < 0.5 else 2))
        if r >= 0.35:
            return self.pick(_SATISFACTION_INTS)  # type: ignore[return-value]
        return None

    def _highest_paying(self) -> tuple[str | None, str | None, str | None, str | None]:
        """City, state, company and industry that pay the most (the site drops the whole block at once)."""
        pick, present = self.pick, self.present
        city = state = company = industry = None
        if present(0.1):
            city = pick(_CITIES) if present(0.03) else None
            if present(0.03):
                if city is not None and self.rnd() < 0.5:
                    state = _STATES[city[-2:]]  # type: ignore[index]
                else:
                    state = pick(_STATE_NAMES)
            company = pick(_COMPANIES) if present(0.03) else None
            industry = pick(_INDUSTRIES) if present(0.03) else None
        return city, state, company, industry  # type: ignore[return-value]

    def _gender(self, fam: _Family) -> dict[str, float] | None:
        if not self.present(0.05):
            return None
        male = min(970, max(30, int(self.rng.gauss(fam.male_share * 10, 90))))
        return {"Male": male / 10, "Female": (1000 - male) / 10}

    def _race(self, fam: _Family) -> dict[str, float] | None:
        if not self.present(0.05):
            return None
        rng, randint = self.rng, self.randint
        tenths = [
            max(10, int(rng.gauss(115, 30))),  # Black or African American
            max(5, randint(25, 65)),  # Unknown
            max(20, int(rng.gauss(195, 45))),  # Hispanic or Latino
            max(5, randint(60, 130) if fam.key == "software" else randint(25, 75)),  # Asian
            0,  # White: the rest
            randint(2, 14),  # American Indian and Alaska Native
        ]
        tenths[4] = 1000 - sum(tenths)
        return dict(zip(RACE_GROUPS, (t / 10 for t in tenths), strict=True))

    def _skills(self, fi: int) -> list[tuple[str, int]]:
        """A family's skills with falling shares of postings."""
        pick = self.pick
        skill_names: tuple[str, ...] = pick(self.skills[fi])  # type: ignore[assignment]
        if self.rnd() < 0.4 and "Customer Service" not in skill_names:
            skill_names = ("Customer Service", *skill_names[1:])
        share_now = self.randint(6, 16)
        skills = []
        for skill in skill_names:
            skills.append((skill, share_now))
            share_now = max(1, share_now - pick(_SHARE_STEPS))  # type: ignore[operator]
        return skills

    def make(self, title: _Title) -> RoleProfile:
        rng, rnd, pick, randint, present = self.rng, self.rnd, self.pick, self.randint, self.present
        fi = title.family
        fam = _FAMILIES[fi]
        name = title.name
        plural = pluralize(name)

        yearly, hourly, low, high = self._pay(title)

        growth = randint(-10, 25) if present(0.08) else None
        jobs = int(2_000 * math.exp(rnd() * 6.4)) if present(0.05) else None  # 2,000 .. 1.2M

        satisfaction = self._satisfaction()

        degree = share = None
        if present(0.05):
            degree = pick(self.degrees[fi])
            share = randint(25, 85)

        age = min(64, max(19, int(rng.gauss(fam.age, 3.0)))) if present(0.05) else None
        years = pick(self.years) if present(0.15) else None
        time_to_become = pick(fam.times) if present(0.2) else ""

        city, state, company, industry = self._highest_paying()
        major = pick(fam.majors) if present(0.05) else None
        college = pick(_COLLEGES) if present(0.1) else None

        gender = self._gender(fam)
        race = self._race(fam)
        lgbt = randint(3, 12) if present(0.08) else None

        description = self.describe(fi, name, plural) if present(0.1) else ""
        duties: tuple[str, ...] = pick(self.duties[fi])  # type: ignore[assignment]
        if rnd() < 0.05:  # the site's authors forget periods
            duties = (*duties[:-1], duties[-1].rstrip("."))
        skills = self._skills(fi)

        return RoleProfile(
            name=name, plural=plural, yearly_salary=yearly, hourly_rate=hourly,
            growth_rate=growth, number_of_jobs=jobs, job_satisfaction=satisfaction,
            degree=degree, degree_share=share, average_age=age,  # type: ignore[arg-type]
            years_of_experience=years,  # type: ignore[arg-type]
            time_to_become=time_to_become, salary_low=low, salary_high=high, city=city,  # type: ignore[arg-type]
            state=state, company=company, industry=industry, major=major,  # type: ignore[arg-type]
            college=college, gender=gender, race=race, lgbt_share=lgbt,  # type: ignore[arg-type]
            description=description, responsibilities=duties, skills=tuple(skills),
            category=fam.category,
        )


def make_roles(n: int, seed: int = 0) -> list[RoleProfile]:
    """``n`` roles with distinct, realistic, overlapping titles and plausible facts.

    Titles are lowercase words separated by single spaces, built from seniority
    prefixes, domains and heads ("assistant store manager", "production team
    leader"); past the plain combinations (about 3,000) qualifiers are added
    ("regional production coordinator"). About 10% of the facts are None.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = Random(seed)
    titles = _make_titles(n, rng)
    maker = _RoleMaker(rng)
    return [maker.make(t) for t in titles]


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------

_PREFIX_WORDS = frozenset(_PREFIX_PAY) - {""}


def _core(name: str) -> str:
    first, _, rest = name.partition(" ")
    return rest if first in _PREFIX_WORDS and rest else name


def make_pages(
    roles: list[RoleProfile], n_pages: int | None = None, seed: int = 0
) -> Iterator[tuple[str, str, RoleProfile, RoleProfile]]:
    """Yield ``(file name, text, a, b)`` for comparison pages over ``roles``.

    Roles are ordered by category and title (so that "production coordinator"
    sits next to "senior production coordinator") and compared with their
    neighbours: every role is on at least one page and most are on two. The
    default is ``len(roles) - 1`` pages; fewer (down to half the roles) keeps
    the cover, more adds pages between nearby roles. Layouts alternate at
    random; the first page is glued, the second markdown. A glued pair that
    would not split back one way is swapped, or else rendered as markdown.
    File names look like the seeds: ``000123_<16 hex digits>.txt``.
    """
    n = len(roles)
    if n < 2:
        raise ValueError("need at least two roles")
    if len({r.name for r in roles}) != n:
        raise ValueError("role names must be unique")
    total = n - 1 if n_pages is None else n_pages
    cover = (n + 1) // 2
    if total < cover:
        raise ValueError(f"{n} roles need at least {cover} pages to appear on one each")
    rng = Random(seed)
    order = sorted(range(n), key=lambda i: (roles[i].category, _core(roles[i].name), roles[i].name))
    pairs = _page_pairs(order, total, rng)
    parts: dict[int, _Parts] = {}  # each role is formatted once, on its first page
    width = max(3, len(str(total - 1)))
    for index, (i, j) in enumerate(pairs):
        pa = parts[i] if i in parts else parts.setdefault(i, _Parts(roles[i]))
        pb = parts[j] if j in parts else parts.setdefault(j, _Parts(roles[j]))
        pa, pb, layout = _page_layout(index, pa, pb, rng)
        text = _render_glued(pa, pb) if layout == "glued" else _render_markdown(pa, pb)
        a, b = pa.role, pb.role
        digest = hashlib.blake2b(f"{a.name}\t{b.name}\t{layout}".encode(), digest_size=8).hexdigest()
        yield f"{index:0{width}d}_{digest}.txt", text, a, b


def _page_pairs(order: list[int], total: int, rng: Random) -> list[tuple[int, int]]:
    """``total`` distinct pairs of roles (indexes), neighbours in ``order`` first."""
    n = len(order)
    # Chain pairs (order[k], order[k+1]); the even ones cover every role.
    chain = list(range(n - 1))
    chosen = [k for k in chain if k % 2 == 0]
    if n % 2 == 1 and (n - 2) not in chosen:
        chosen.append(n - 2)
    taken = set(chosen)
    rest = [k for k in chain if k not in taken] if total > len(chosen) else []
    chosen += rest[: max(0, total - len(chosen))]
    chosen.sort()
    pairs = [(order[k], order[k + 1]) for k in chosen]
    seen = {frozenset(p) for p in pairs}
    attempts = 0
    while len(pairs) < total:  # extra pages between nearby roles
        k = rng.randrange(n)
        j = k + rng.choice((-1, 1)) * rng.randint(2, 25)
        attempts += 1
        if attempts > 50 * total + 1000:  # small n: fall back to any pair
            j = rng.randrange(n)
        if not 0 <= j < n or j == k:
            continue
        key = frozenset((order[k], order[j]))
        if key in seen:
            if len(seen) >= n * (n - 1) // 2:
                raise ValueError(f"{n} roles make at most {len(seen)} distinct pages")
            continue
        seen.add(key)
        pairs.append((order[k], order[j]))
    return pairs


def _page_layout(index: int, pa: _Parts, pb: _Parts, rng: Random) -> tuple[_Parts, _Parts, Layout]:
    """The page's two roles in column order and its layout: glued first, markdown second, then
    at random; a glued pair that would not split back is swapped, or else rendered as markdown."""
    if rng.random() < 0.5:
        pa, pb = pb, pa
    if index == 0:
        layout: Layout = "glued"
    elif index == 1:
        layout = "markdown"
    else:
        layout = "glued" if rng.random() < 0.5 else "markdown"
    if layout == "glued" and _ambiguities(pa, pb):
        if not _ambiguities(pb, pa):
            pa, pb = pb, pa
        else:
            layout = "markdown"
    return pa, pb, layout


def write_pages(directory: Path, n_roles: int, seed: int = 0) -> list[Path]:
    """Write the pages of ``make_roles(n_roles, seed)`` into ``directory``.

    Also writes ``index.tsv`` (file, layout, role_a, role_b), like the shared
    development pages. Returns the page paths in order.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    roles = make_roles(n_roles, seed)
    paths: list[Path] = []
    index = ["file\tlayout\trole_a\trole_b"]
    for file_name, text, a, b in make_pages(roles, seed=seed):
        path = directory / file_name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
        layout = "markdown" if text.startswith(_NAVIGATION[0]) else "glued"
        index.append(f"{file_name}\t{layout}\t{a.name}\t{b.name}")
    (directory / "index.tsv").write_text("\n".join(index) + "\n", encoding="utf-8", newline="")
    return paths


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.pagegen",
        description="Write synthetic career comparison pages (glued and markdown layouts).",
    )
    parser.add_argument("outdir", type=Path, help="folder to write the pages into")
    parser.add_argument("--roles", type=int, default=1000, help="number of roles (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    paths = write_pages(args.outdir, args.roles, args.seed)
    print(f"wrote {len(paths)} pages for {args.roles} roles to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
