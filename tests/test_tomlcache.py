"""The parsed-intents cache (issue 13, start-up): same content as parsing, re-parsed when
the file changes, ignored when broken."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from chatbot import tomlcache
from chatbot.errors import IntentsError
from chatbot.nlu.vocabulary import load_toml

TEXT = 'name = "x"\nwords = ["a", "b"]\n[table]\nn = 1.5\nk = 3\n'
EXPECTED = tomllib.loads(TEXT)


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = tomllib.loads

    def counting(text: str) -> dict[str, object]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(tomlcache.tomllib, "loads", counting)
    return calls


def test_an_unchanged_file_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_parses(monkeypatch)
    f = tmp_path / "a.toml"
    f.write_text(TEXT)
    assert load_toml(f) == load_toml(f) == EXPECTED
    assert len(calls) == 1
    f.write_text("more = true\n" + TEXT)
    assert load_toml(f)["more"] is True and len(calls) == 2


def test_a_broken_cache_entry_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "a.toml"
    f.write_text(TEXT)
    load_toml(f)
    entry = tomlcache._cache_file(f.read_bytes())
    assert entry is not None and entry.exists()
    entry.write_text("{not json")
    calls = _count_parses(monkeypatch)
    assert load_toml(f) == EXPECTED and len(calls) == 1


def test_invalid_toml_is_still_an_intents_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("name = \n")
    with pytest.raises(IntentsError, match="not valid TOML"):
        load_toml(f)
