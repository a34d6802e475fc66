"""The pytest plugin of career-chat (registered as the ``pytest11`` entry point
``career_chat``): every ``*.convo`` file pytest is pointed at, or finds under its test
paths, is one test item, run by :mod:`chatbot.transcripts`.

Options (command line, or the ``[tool.pytest.ini_options]`` / ``pytest.ini`` keys):

- ``--chatbot-db PATH`` / ``chatbot_db``: the KB for transcripts without a ``kb:`` line
  (default: ``CHATBOT_DB``, else the built-in KB).  A relative ini path is resolved from
  the rootdir.
- ``--chatbot-intents DIR`` / ``chatbot_intents``: another intents folder.
- ``chatbot_isolate = true``: run the items with the cache and state folders in a
  temporary folder and without ``CHATBOT_DB`` (this project's own suite does).

Turn the plugin off with ``-p no:career_chat``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from chatbot.transcripts.runner import EngineCache, TranscriptResult, open_engine, run_path
from chatbot.transcripts.syntax import EXTENSION

__all__ = ["TranscriptFailed", "TranscriptFile", "TranscriptItem"]

_ENGINES_KEY = pytest.StashKey[EngineCache]()
_DIR_KEY = pytest.StashKey[Path]()
_DB_ENV = "CHATBOT_DB"


class TranscriptFailed(Exception):
    """A transcript item did not pass; the message is the run's details."""

    def __init__(self, result: TranscriptResult) -> None:
        super().__init__(result.details())
        self.result = result


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("career_chat", "career-chat transcripts (*.convo)")
    group.addoption("--chatbot-db", metavar="PATH", default=None,
                    help="the KB for transcripts without a 'kb:' line "
                         "(default: $CHATBOT_DB, else the built-in one)")
    group.addoption("--chatbot-intents", metavar="DIR", default=None, help="another intents folder")
    parser.addini("chatbot_db", "the KB for transcripts without a 'kb:' line", default="")
    parser.addini("chatbot_intents", "another intents folder", default="")
    parser.addini("chatbot_isolate", "run transcripts with a temporary cache/state folder and no CHATBOT_DB",
                  type="bool", default=False)


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == EXTENSION:
        return TranscriptFile.from_parent(parent, path=file_path)
    return None


def _setting(config: pytest.Config, name: str) -> Path | None:
    given = config.getoption(f"--{name.replace('_', '-')}")
    if given:
        return Path(given).expanduser()
    ini = str(config.getini(name) or "")
    if not ini:
        return None
    path = Path(ini).expanduser()
    return path if path.is_absolute() else Path(config.rootpath) / path


def _engines(config: pytest.Config) -> EngineCache:
    """One engine per KB for the whole session."""
    if _ENGINES_KEY not in config.stash:
        intents = _setting(config, "chatbot_intents")
        config.stash[_ENGINES_KEY] = EngineCache(lambda kb: open_engine(kb, intents))
    return config.stash[_ENGINES_KEY]


def _user_dir(config: pytest.Config) -> Path:
    """One temporary home for the cache and state folders, for the whole session."""
    if _DIR_KEY not in config.stash:
        factory = getattr(config, "_tmp_path_factory", None)
        config.stash[_DIR_KEY] = factory.mktemp("transcripts") if factory else Path(tempfile.mkdtemp())
    return config.stash[_DIR_KEY]


class TranscriptFile(pytest.File):
    """A ``.convo`` file: one item."""

    def collect(self) -> Any:
        yield TranscriptItem.from_parent(self, name=self.path.name)


class TranscriptItem(pytest.Item):
    """One transcript, run against its KB; a failure lists every failing turn."""

    def runtest(self) -> None:
        config = self.config
        default_kb = _setting(config, "chatbot_db")
        with pytest.MonkeyPatch.context() as mp:
            if config.getini("chatbot_isolate"):
                home = _user_dir(config)
                mp.setenv("CHATBOT_CACHE_DIR", str(home / "cache"))
                mp.setenv("CHATBOT_STATE_DIR", str(home / "state"))
                mp.delenv(_DB_ENV, raising=False)
            if default_kb is None and os.environ.get(_DB_ENV):
                default_kb = Path(os.environ[_DB_ENV])
            result = run_path(self.path, _engines(config), default_kb)
        if not result.passed:
            raise TranscriptFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, TranscriptFailed):
            return excinfo.value.result.details()
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"transcript {self.name}"
