"""Real servers: ``chatbot serve --workers 2`` against a real redis-server on a free
loopback port, turns alternating between server processes, restarts keeping conversations
(Redis and SQLite stores), and the web page in real headless chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the server extra is not installed (pip install -e '.[test]')")

from tests.server_procs import call, start_server, stop  # noqa: E402

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).parent / "artifacts"
SCRIPT = [
    ("which pays more, production coordinator or production leader?", "$49,366"),
    ("and per hour?", "$23.73"),
    ("which of them has more jobs?", "107,578"),
    ("how much does a leader make?", "Which role do you mean"),
    ("the process one", "$88,400"),
    ("and per hour?", "$42.50"),
]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("server-home")
    out = {**os.environ, "CHATBOT_CACHE_DIR": str(home / "cache"), "CHATBOT_STATE_DIR": str(home / "state")}
    out.pop("CHATBOT_DB", None)
    return out


def _ask(base: str, cid: str, question: str) -> str:
    status, body = call(base, "POST", f"/v1/conversations/{cid}/questions", {"question": question})
    assert status == 200, body
    text: str = body["text"]
    return text


def test_turns_alternate_between_workers_and_processes(redis_url: str, env: dict[str, str]) -> None:
    two_workers, a = start_server(redis_url, workers=2, env=env)
    other, b = start_server(redis_url, env=env)
    try:
        status, created = call(a, "POST", "/v1/conversations", {})
        assert status == 201
        for n, (question, expect) in enumerate(SCRIPT):
            assert expect in _ask((a, b)[n % 2], created["id"], question), question
    finally:
        stop(two_workers)
        stop(other)


@pytest.mark.parametrize("kind", ["redis", "sqlite"])
def test_restart_keeps_conversations(kind: str, redis_url: str, env: dict[str, str], tmp_path: Path) -> None:
    store = redis_url if kind == "redis" else f"sqlite:{tmp_path / 'conversations.db'}"
    proc, base = start_server(store, env=env)
    try:
        cid = call(base, "POST", "/v1/conversations", {})[1]["id"]
        assert "Which role" in _ask(base, cid, "how much does a leader make?")
    finally:
        proc.kill()
        proc.wait()
    proc, base = start_server(store, env=env)
    try:
        assert _ask(base, cid, "the process one") == "Process leaders earn $88,400 a year on average."
        assert "$42.50" in _ask(base, cid, "and per hour?")
    finally:
        stop(proc)


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them)")
    return browser, driver


def test_the_web_page_in_headless_chromium(env: dict[str, str]) -> None:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,760",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    proc, base = start_server("memory", env=env)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    try:
        driver.get(base + "/")
        wait = WebDriverWait(driver, 10)

        def ask(question: str, replies: int) -> str:
            box = driver.find_element(By.ID, "q")
            box.send_keys(question + "\n")
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log li.bot")) >= replies)
            text: str = driver.find_elements(By.CSS_SELECTOR, "#log li.bot")[-1].text
            return text

        first = ask("which pays more, production coordinator or production leader?", 1)
        assert "$49,366" in first and "sources:" in first
        figures = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#log li.bot mark.fig")]
        assert "$49,366" in figures
        assert "$23.73" in ask("and per hour?", 2)
        assert "Which role" in ask("how much does a leader make?", 3)
        button = wait.until(ec.element_to_be_clickable((By.XPATH, "//button[text()='process leader']")))
        button.click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log li.bot")) >= 4)
        assert "$88,400" in driver.find_elements(By.CSS_SELECTOR, "#log li.bot")[-1].text
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "web_chat.png"
        driver.save_screenshot(str(shot))
        print(f"screenshot: {shot}")
    finally:
        driver.quit()
        stop(proc)
