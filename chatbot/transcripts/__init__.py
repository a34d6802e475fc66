"""Transcript tests: whole conversations written by hand in a plain-text format
(``*.convo`` files), run against an engine, with a report that names the file and line
of every failing turn.

>>> from chatbot.transcripts import parse_text
>>> t = parse_text("> hello\\nstatus: not_understood\\n", "hello.convo")
>>> t.turns[0].question, t.turns[0].checks[0].kind
('hello', 'status')

The format is described in :mod:`chatbot.transcripts.syntax`; :mod:`chatbot.transcripts.runner`
runs transcripts (:func:`run_transcript`, :func:`run_files`) and formats the report.
"""

from __future__ import annotations

from chatbot.transcripts.record import RecordError, Recorder
from chatbot.transcripts.reports import to_json, to_junit_xml, write_json, write_junit_xml
from chatbot.transcripts.runner import (
    CheckResult,
    EngineCache,
    Failure,
    RunReport,
    TranscriptResult,
    TurnRecord,
    check_names,
    discover,
    matches,
    open_engine,
    resolve_kb,
    run_files,
    run_path,
    run_transcript,
)
from chatbot.transcripts.syntax import (
    CHECK_KINDS,
    EXTENSION,
    Check,
    Transcript,
    TranscriptPathError,
    TranscriptSyntaxError,
    Turn,
    parse_file,
    parse_text,
)

__all__ = [
    "CHECK_KINDS",
    "EXTENSION",
    "Check",
    "CheckResult",
    "RecordError",
    "Recorder",
    "TurnRecord",
    "check_names",
    "matches",
    "to_json",
    "to_junit_xml",
    "write_json",
    "write_junit_xml",
    "EngineCache",
    "Failure",
    "RunReport",
    "Transcript",
    "TranscriptPathError",
    "TranscriptResult",
    "TranscriptSyntaxError",
    "Turn",
    "discover",
    "open_engine",
    "parse_file",
    "parse_text",
    "resolve_kb",
    "run_files",
    "run_path",
    "run_transcript",
]
