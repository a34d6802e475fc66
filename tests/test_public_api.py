"""The public surface: lazy names, ``__all__`` that is true, and the protocols the
interfaces are written against."""

from __future__ import annotations

import subprocess
import sys

import pytest

import chatbot
from chatbot.protocols import EngineLike


def test_every_name_in_all_is_importable() -> None:
    for name in chatbot.__all__:
        assert getattr(chatbot, name) is not None, name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        chatbot.Nope  # noqa: B018


@pytest.mark.parametrize("code", [
    "import chatbot",
    "import chatbot.cli.main as m; m.build_parser()",
])
def test_importing_the_package_or_the_cli_does_not_load_the_engine(code: str) -> None:
    loaded = "sorted(m for m in sys.modules if m in ('chatbot.engine', 'pydantic'))"
    check = f"{code}; import sys; print({loaded})"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_engine_is_engine_like(seed_kb: object) -> None:
    engine: EngineLike = chatbot.Engine(db=str(seed_kb))
    conversation = engine.conversation()
    assert conversation.ask("how much does a production leader make?").status == "answered"
    assert conversation.context.roles == ["production leader"]
    conversation.reset()
    assert conversation.context.roles == []


def test_the_library_reads_no_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """``CHATBOT_DB`` is the CLI's business: ``Engine()`` is the built-in KB whatever it says."""
    monkeypatch.setenv("CHATBOT_DB", "/nonexistent/kb.db")
    engine = chatbot.Engine()
    assert engine.info().builtin and engine.info().roles == 3
