"""Collects every ``*.convo`` file in this folder as one pytest item, run by
:mod:`chatbot.transcripts` (``pytest tests/transcripts/salary.convo`` runs one).

Each item runs with the cache and state folders in a temporary folder and without
``CHATBOT_DB``, like the rest of the suite; a transcript without ``kb:`` runs on the
built-in KB.  A failure shows the file:line, expected and actual of every failing turn.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from chatbot.transcripts import EXTENSION, EngineCache, TranscriptResult, run_path

_ENGINES = EngineCache()
_DIR_KEY = pytest.StashKey[Path]()


class TranscriptFailed(Exception):
    def __init__(self, result: TranscriptResult) -> None:
        super().__init__(result.details())
        self.result = result


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == EXTENSION:
        return TranscriptFile.from_parent(parent, path=file_path)
    return None


def _user_dir(config: pytest.Config) -> Path:
    """One temporary home for the cache and state folders, for the whole session."""
    if _DIR_KEY not in config.stash:
        factory = getattr(config, "_tmp_path_factory", None)
        config.stash[_DIR_KEY] = factory.mktemp("transcripts") if factory else Path(tempfile.mkdtemp())
    return config.stash[_DIR_KEY]


class TranscriptFile(pytest.File):
    def collect(self) -> Any:
        yield TranscriptItem.from_parent(self, name=self.path.name)


class TranscriptItem(pytest.Item):
    def runtest(self) -> None:
        home = _user_dir(self.config)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CHATBOT_CACHE_DIR", str(home / "cache"))
            mp.setenv("CHATBOT_STATE_DIR", str(home / "state"))
            mp.delenv("CHATBOT_DB", raising=False)
            result = run_path(self.path, _ENGINES)
        if not result.passed:
            raise TranscriptFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, TranscriptFailed):
            return excinfo.value.result.details()
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"transcript {self.name}"
