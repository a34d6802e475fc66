"""Text the CLI prints that is not an answer: error lines, the KB description."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatbot.models import KBInfo

PAGE_SUFFIX = ".txt"

WIDTH = 78
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0/C1 but tab and newline, and DEL


def printable(text: str) -> str:
    """``text`` with control characters shown escaped (``\\x1b``), so nothing from a page
    or a KB can move the cursor, clear the screen or retitle the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)



_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")  # JSON escapes C0 itself; DEL and C1 pass through raw


def json_safe(text: str) -> str:
    """A JSON document with DEL and C1 control characters written as ``\\u`` escapes (they
    can only occur inside strings, so the document means the same)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def error_line(message: object) -> str:
    """``chatbot: MESSAGE`` on one line, whatever the message holds."""
    text = printable(" ".join(str(message).split()))
    return f"chatbot: {text}"


def wrapped_list(items: list[str], indent: str = "  ", width: int = WIDTH) -> str:
    """Items separated by commas, wrapped and indented."""
    return textwrap.fill(", ".join(items), width=width, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def describe_kb(info: KBInfo, roles: list[str]) -> str:
    """What ``chatbot kb`` prints: where the KB is, its pages, roles, facts and notes."""
    kind = "built-in (built from the shipped pages, rebuilt when they change)" if info.builtin else "file"
    lines = [
        f"knowledge base: {info.path}",
        f"kind: {kind}",
        f"pages: {len(info.pages)}",
    ]
    lines += [f"  {page}" for page in info.pages]
    lines.append(f"roles: {info.roles}")
    if roles:
        lines.append(wrapped_list(roles))
    lines.append(f"facts: {info.facts}")
    lines.append(f"ingest notes: {len(info.notes)}")
    lines += [f"  {note}" for note in info.notes]
    return "\n".join(lines)


def short_path(path: str) -> str:
    """``path`` with the home folder written as ``~``."""
    home = os.path.expanduser("~")
    if home not in ("", "/") and (path == home or path.startswith(home + os.sep)):
        return "~" + path[len(home):]
    return path


def greeting(info: KBInfo, version: str) -> str:
    """The REPL's first line: which KB, how many roles, from where, how to get help."""
    plural = "s" if len(info.pages) != 1 else ""
    roles = f"{info.roles} role{'s' if info.roles != 1 else ''}"
    which = "the built-in knowledge base" if info.builtin else f"knowledge base {short_path(info.path)}"
    count = len(info.pages)
    source = f"the {count} shipped page{plural}" if info.builtin else f"{count} page{plural}"
    return f"career-chat {version} · {which}: {roles} from {source} · :help for help, Ctrl-D quits"


def _casefold_sorted(items: list[str]) -> list[str]:
    return sorted(items, key=lambda item: (item.casefold(), item))


def kb_listing(info: KBInfo, roles: list[str], what: str) -> str:
    """``chatbot kb roles|pages|notes``: one item a line, sorted case-insensitively."""
    items = {"roles": roles, "pages": info.pages, "notes": info.notes}[what]
    return "".join(f"{' '.join(item.split())}\n" for item in _casefold_sorted(list(items)))


def kb_json(info: KBInfo, roles: list[str], what: str | None = None) -> str:
    """``chatbot kb --json``: the whole description, or one sorted listing, as JSON."""
    data = {**info.model_dump(), "roles": _casefold_sorted(roles), "role_count": info.roles,
            "pages": _casefold_sorted(info.pages), "notes": _casefold_sorted(info.notes)}
    return json.dumps(data[what] if what else data, ensure_ascii=False)


def expand_pages(paths: list[str]) -> list[str]:
    """Page files as given, and every ``*.txt`` below a folder (sorted); a path that is
    neither is kept, so the ingest reports it."""
    pages: list[str] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            pages.extend(str(p) for p in sorted(path.rglob(f"*{PAGE_SUFFIX}")) if p.is_file())
        else:
            pages.append(item)
    return pages


def split_questions(words: list[str]) -> list[str]:
    """The questions of ``chatbot ask``: one per argument when any argument holds a space
    (``ask "Q1" "Q2"``); otherwise the words are one question (``ask salary of a process leader``)."""
    parts = [" ".join(w.split()) for w in words]
    parts = [p for p in parts if p]
    if len(parts) > 1 and any(" " in p for p in parts):
        return parts
    joined = " ".join(parts)
    return [joined] if joined else []


__all__ = ["describe_kb", "error_line", "expand_pages", "greeting", "kb_json", "kb_listing", "short_path",
           "split_questions", "wrapped_list"]
