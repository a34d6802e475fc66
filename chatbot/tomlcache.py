"""Parsed intent files, cached: parsing the six TOML files of ``intents/`` with
:mod:`tomllib` was a sixth of every start-up, for files that change only with a release
or an edit.

The cache holds the parsed content as JSON under the user's cache folder, named by a hash
of the file's bytes (and the Python version), so an edited file is parsed again and an
unchanged one never is.  Anything wrong with the cache (missing, unreadable, not JSON, a
folder that cannot be written) means parsing the file as before: the cache can make
start-up faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["load_toml_bytes"]

CACHE_SUBDIR = "toml"
KEY_CHARS = 32


def _cache_file(data: bytes) -> Path | None:
    from chatbot.paths import cache_dir

    try:
        folder = cache_dir() / CACHE_SUBDIR
    except (OSError, RuntimeError):  # no home folder to put a cache in
        return None
    digest = hashlib.sha256(b"py%d.%d\0" % sys.version_info[:2] + data).hexdigest()[:KEY_CHARS]
    return folder / f"{digest}.json"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _write(path: Path, value: dict[str, Any]) -> None:
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):  # dates and times are not JSON: such a file is parsed every time
        return
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".toml-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full cache folder: no cache


def __getattr__(name: str) -> Any:
    """``tomlcache.tomllib``: the parser, imported on first use (PEP 562), since a start
    that finds every file in the cache never parses TOML."""
    if name == "tomllib":
        import tomllib

        return tomllib
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_toml_bytes(data: bytes) -> dict[str, Any]:
    """What ``tomllib.loads(data.decode())`` returns (and raises), from the cache when an
    identical file was parsed before."""
    where = _cache_file(data)
    if where is not None:
        cached = _read(where)
        if cached is not None:
            return cached
    import tomllib  # only on a cache miss

    parsed = tomllib.loads(data.decode())
    if where is not None:
        _write(where, parsed)
    return parsed
