"""Shared fixtures: the project's pages, a KB built from the seed pages, and isolation
of every test from the user's cache, state and KB settings."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"

pytest_plugins = ("tests.server_procs",)  # the real redis-server fixture (redis_url)
FIXTURE_PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reads ../shared (through the ``shared_pages`` fixture) as
    ``shared``, so ``-m "not shared"`` deselects them and their skips are named."""
    for item in items:
        if "shared_pages" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache and state folders at a temporary folder, and forget any KB the
    user selected with CHATBOT_DB, so no test reads or writes the user's home."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("CHATBOT_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("CHATBOT_STATE_DIR", str(home / "state"))
    monkeypatch.delenv("CHATBOT_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def shared_pages() -> Path:
    """The development pages in ../shared/pages (skipped where that folder is absent)."""
    folder = PROJECT_ROOT.parent / "shared" / "pages"
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        pytest.skip(f"no development pages at {folder}")
    return folder


@pytest.fixture(scope="session")
def seed_pages() -> list[Path]:
    """The pages the product ships with (knowledge/*.txt), in a stable order."""
    pages = sorted(KNOWLEDGE_DIR.glob("*.txt"))
    assert pages, f"no seed pages in {KNOWLEDGE_DIR}"
    return pages


@pytest.fixture(scope="session")
def shared_kb(tmp_path_factory: pytest.TempPathFactory, shared_pages: Path, seed_pages: list[Path]) -> Path:
    """A KB of ../shared/pages and the seed pages, in the scorer's order, built once per run."""
    from chatbot.kb.ingest import ingest

    db = tmp_path_factory.mktemp("shared-kb") / "pages.db"
    report = ingest(db, [*sorted(shared_pages.glob("*.txt")), *seed_pages])
    assert report.committed and not report.failed
    return db


@pytest.fixture(scope="session")
def seed_kb(tmp_path_factory: pytest.TempPathFactory, seed_pages: list[Path]) -> Path:
    """A KB built from the seed pages with :func:`chatbot.kb.ingest.ingest` (read it, do
    not write to it: it is shared by the whole session)."""
    from chatbot.kb.ingest import ingest

    db_path = tmp_path_factory.mktemp("seed_kb") / "seed.db"
    report = ingest(db_path, seed_pages)
    assert report.committed and not report.failed, report.summary()
    return db_path
