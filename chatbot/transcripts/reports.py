"""Machine-readable reports of a transcript run: JUnit XML (for CI systems) and JSON
(every turn with every check's result).

JUnit: one ``<testsuite name="chatbot transcripts">`` with one ``<testcase>`` per
transcript file (``classname`` the folder, ``name`` the file); a failing transcript has
one ``<failure>`` whose message counts the failing turns and names every failing check's
``file:line``, and whose text holds each with its expected and actual values; a file
that cannot be read or whose KB cannot be opened has an ``<error>``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from chatbot.transcripts.runner import RunReport, TranscriptResult, display_path, plural

__all__ = ["SUITE_NAME", "to_json", "to_junit_xml", "write_json", "write_junit_xml"]

SUITE_NAME = "chatbot transcripts"


def _testcase(result: TranscriptResult) -> ET.Element:
    name = display_path(result.path)
    case = ET.Element("testcase", {
        "classname": str(Path(name).parent).replace("/", ".") or ".",
        "name": Path(name).name,
        "file": name,
        "time": f"{result.seconds:.3f}",
    })
    if result.error is not None:
        error = ET.SubElement(case, "error", {"message": result.error, "type": "TranscriptError"})
        error.text = result.error
    elif result.failures:
        turns = plural(result.failing_turns(), "failing turn")
        message = f"{turns}: " + "; ".join(f"{f.where}: {f.headline()}" for f in result.failures)
        failure = ET.SubElement(case, "failure", {"message": message, "type": "TranscriptFailure"})
        failure.text = result.details()
    return case


def to_junit_xml(report: RunReport) -> str:
    """The report as a JUnit XML document (UTF-8, with an XML declaration)."""
    errors = sum(1 for r in report.results if r.error is not None)
    failures = sum(1 for r in report.results if r.error is None and r.failures)
    suite = ET.Element("testsuite", {
        "name": SUITE_NAME,
        "tests": str(len(report.results)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
        "time": f"{sum(r.seconds for r in report.results):.3f}",
    })
    suite.extend(_testcase(r) for r in report.results)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _result_json(result: TranscriptResult) -> dict[str, Any]:
    return {
        "file": display_path(result.path),
        "passed": result.passed,
        "error": result.error,
        "seconds": round(result.seconds, 4),
        "turns": [
            {"line": t.line, "question": t.question, "text": t.text, "status": t.status,
             "passed": t.passed, "error": t.error,
             "checks": [{"kind": c.kind, "line": c.line, "ok": c.ok, "expected": c.expected,
                         "actual": c.actual} for c in t.checks]}
            for t in result.records
        ],
        "failures": [{"where": f.where, "line": f.line, "turn_line": f.turn_line, "kind": f.kind,
                      "expected": f.expected, "actual": f.actual} for f in result.failures],
    }


def to_json(report: RunReport) -> dict[str, Any]:
    """The report as a JSON-ready dict: totals, then every file, turn and check."""
    return {
        "passed": report.passed,
        "failed": report.failed,
        "stopped_early": report.stopped_early,
        "transcripts": [_result_json(r) for r in report.results],
    }


def write_junit_xml(report: RunReport, path: str | Path) -> None:
    """Write :func:`to_junit_xml` to ``path``."""
    Path(path).write_text(to_junit_xml(report), encoding="utf-8")


def write_json(report: RunReport, path: str | Path) -> None:
    """Write :func:`to_json` to ``path`` (``-`` is not special: a file name)."""
    Path(path).write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
