"""The README's table of the source tree matches the tree: every module of the package is
named in it, and every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT_ROOT / "chatbot"
TABLE_START = "The source tree, in the order"
TABLE_END = "\n## "
NOT_LISTED = {"__init__.py", "__main__.py"}


def _table() -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(TABLE_START)
    return text[start:text.index(TABLE_END, start)]


def _named_modules() -> set[str]:
    return {name.rsplit("/", 1)[-1] for name in re.findall(r"`([\w./]+\.py)`", _table())}


def test_every_module_of_the_package_is_in_the_table() -> None:
    modules = {p.name for p in PACKAGE.rglob("*.py") if p.name not in NOT_LISTED}
    assert modules - _named_modules() == set()


def test_every_module_the_table_names_exists() -> None:
    files = {p.name for folder in (PACKAGE, PROJECT_ROOT / ".ci", PROJECT_ROOT / "tests",
                                   PROJECT_ROOT / "benchmarks") for p in folder.rglob("*.py")}
    assert _named_modules() - files == set()
