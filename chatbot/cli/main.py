"""``chatbot``: the command-line entry point (argparse subcommands over the library).

Top-level imports stay minimal: the engine is imported when a command needs it and the
REPL (prompt_toolkit) only when the REPL starts, so ``chatbot ask`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from chatbot.errors import ChatbotError

if TYPE_CHECKING:
    from chatbot.errors import IngestSummary
    from chatbot.protocols import EngineLike

TRACEBACK_ENV_VAR = "CHATBOT_TRACEBACK"  # set to 1 to see tracebacks of internal errors

EXAMPLES = """\
examples:
  chatbot                                   talk to the bot (a REPL on a terminal)
  chatbot ask "which pays more, production coordinator or production leader?"
  chatbot ask --json "how long does it take to become a process leader?"
  printf 'salary of a production leader?\\nand per hour?\\n' | chatbot chat --json
  chatbot ingest --db my.db pages/*.txt     build or extend a knowledge base
  chatbot --db my.db                        talk about the pages of my.db
  chatbot kb --db my.db                     what a knowledge base holds
  chatbot test tests/transcripts/ --junit-xml junit.xml   run transcript tests
  chatbot chat --record session.convo       write a session as a transcript
  chatbot eval --min-accuracy 0.95          measure intent understanding (a CI gate)
  chatbot kb remove old.txt --db my.db      remove a page and what only it supports

The knowledge base is --db PATH, else $CHATBOT_DB, else the built-in one.
Exit status: 0 answers were produced, 1 the knowledge base could not be opened
(or a command failed), 2 usage error.
"""


def _version() -> str:
    from chatbot import __version__

    return __version__


def _err(message: str) -> None:
    from chatbot.cli.output import error_line

    sys.stderr.write(error_line(message) + "\n")
    sys.stderr.flush()


def resolve_db(db: str | None) -> str | None:
    """``--db``, else ``CHATBOT_DB``, else None (the built-in KB)."""
    from chatbot.paths import db_from_env

    return db or db_from_env()


def open_engine(db: str | None) -> EngineLike:
    """The engine on ``db`` (a KB file) or on the built-in KB; raises
    :class:`~chatbot.errors.KBError` when the file cannot be opened."""
    from chatbot.opening import open_engine as open_kb

    return open_kb(db)


# ---------------------------------------------------------------- commands


def cmd_ask(args: argparse.Namespace) -> int:
    """Each argument is one question (``chatbot ask Q1 Q2``), answered with no context;
    an unquoted question (``chatbot ask how much ...``) is one question too."""
    from chatbot.cli.output import split_questions

    questions = split_questions(args.question)
    if not questions:
        args.parser.error("the question is empty")
    engine = open_engine(resolve_db(args.db))
    from chatbot.cli.output import json_safe, printable

    # the engine's text alone builds no Answer model: plain ``ask`` runs without pydantic
    text_of = None if args.json else getattr(engine, "answer_text", None)
    for question in questions:
        if text_of is not None:
            text = printable(text_of(question))
        else:
            answer = engine.ask(question)
            text = json_safe(answer.model_dump_json()) if args.json else printable(answer.text)
        sys.stdout.write(text + "\n")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from chatbot.cli.pipe import run_pipe

    db = resolve_db(args.db)
    engine = open_engine(db)
    record = getattr(args, "record", None)
    if record:
        from chatbot.cli.recording import RecordingEngine
        from chatbot.transcripts.record import Recorder

        recorder = Recorder(Path(record), Path(db) if db else None)
        recorder.save()  # a path that cannot be written fails before the first question
        return run_pipe(RecordingEngine(engine, recorder), sys.stdin, sys.stdout, sys.stderr,
                        as_json=getattr(args, "json", False))
    return run_pipe(engine, sys.stdin, sys.stdout, sys.stderr, as_json=getattr(args, "json", False))


def cmd_repl(args: argparse.Namespace) -> int:
    if not sys.stdin.isatty():  # piped input: what 'chat' does (no toolbar, no history)
        return cmd_chat(args)
    engine = open_engine(resolve_db(args.db))
    from chatbot.cli.repl.app import run_repl  # prompt_toolkit is loaded only here

    return run_repl(engine)


KB_LISTINGS = ("roles", "pages", "notes")


def cmd_kb(args: argparse.Namespace) -> int:
    from chatbot.cli.output import describe_kb, json_safe, kb_json, kb_listing, printable

    if args.what == "remove":
        return _kb_remove(args)
    if args.names:
        args.parser.error(f"unexpected argument(s): {' '.join(args.names)} (only 'kb remove' takes pages)")
    engine = open_engine(resolve_db(args.db))
    info, roles = engine.info(), engine.role_names()
    if args.json:
        sys.stdout.write(json_safe(kb_json(info, roles, args.what)) + "\n")
    elif args.what:
        sys.stdout.write(printable(kb_listing(info, roles, args.what)))
    else:
        sys.stdout.write(printable(describe_kb(info, roles)) + "\n")
    return 0


def _writable_db(args: argparse.Namespace, doing: str) -> str:
    """The KB a command changes: --db or $CHATBOT_DB, never the built-in one (a usage error)."""
    db = resolve_db(args.db)
    parser: argparse.ArgumentParser = args.parser
    if not db:
        parser.error(f"say which knowledge base to {doing}: --db PATH (or set CHATBOT_DB); "
                          "the built-in one is rebuilt from the shipped pages")
    return db


def _kb_remove(args: argparse.Namespace) -> int:
    from chatbot.kb.maintain import remove_pages

    db = _writable_db(args, "remove pages from")
    if not args.names:
        args.parser.error("say which pages to remove: chatbot kb remove PAGE... "
                          "('chatbot kb pages' lists them)")
    report = remove_pages(db, args.names)
    from chatbot.cli.output import printable

    sys.stdout.write(printable(report.summary()) + "\n")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from chatbot.cli.output import expand_pages
    from chatbot.errors import ConflictError
    from chatbot.kb.ingest import ingest

    db = _writable_db(args, "add the pages to")
    pages = expand_pages(args.pages)
    if not pages:
        args.parser.error("no pages (*.txt) in " + ", ".join(args.pages))
    replace = None
    if args.replace:
        if len(pages) != 1:
            args.parser.error("--replace takes one page: chatbot ingest NEW.txt --replace OLD-PATH")
        replace = {Path(pages[0]): args.replace}
    try:
        report = ingest(db, pages, strict=args.strict, keep_going=args.keep_going, replace=replace)
    except ConflictError as exc:
        if exc.report is not None:
            _print_ingest(exc.report)
        _err(str(exc))
        return 1
    _print_ingest(report)
    return 1 if report.failed else 0


def _print_ingest(report: IngestSummary) -> None:
    from chatbot.cli.output import error_line, printable

    for note in report.notes:
        sys.stderr.write(printable(" ".join(str(note).split())) + "\n")
    for failure in report.failed:
        sys.stderr.write(error_line(f"failed: {failure}") + "\n")
    sys.stderr.flush()
    sys.stdout.write(report.summary() + "\n")


def cmd_test(args: argparse.Namespace) -> int:
    from chatbot.transcripts import EngineCache, TranscriptPathError, discover, matches, run_files
    from chatbot.transcripts.reports import write_json, write_junit_xml

    try:
        files = discover(args.paths)
    except TranscriptPathError as exc:
        args.parser.error(str(exc))
    if not files:
        args.parser.error("no transcripts (*.convo) in " + ", ".join(args.paths))
    selected = [f for f in files if matches(f, args.k)]
    if not selected:
        args.parser.error(f"no transcript matches -k {args.k!r} (of {len(files)} found)")
    db = resolve_db(args.db)
    report = run_files(selected, EngineCache(), default_kb=Path(db) if db else None, fail_fast=args.fail_fast)
    sys.stdout.write(report.format() + "\n")
    try:
        if args.junit_xml:
            write_junit_xml(report, args.junit_xml)
        if args.json_report:
            write_json(report, args.json_report)
    except OSError as exc:
        _err(f"cannot write the report: {exc.filename}: {exc.strerror or exc}")
        return 1
    return 0 if report.ok else 1


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from chatbot.evaluation import evaluate, examples_of, format_report, load_labelled

    engine = open_engine(resolve_db(args.db))
    items = [i for f in args.files for i in load_labelled(f)] if args.files else examples_of(engine)
    report = evaluate(engine, items)
    text = json.dumps(report.model_dump(), indent=2) if args.json else format_report(report)
    sys.stdout.write(text + "\n")
    if args.min_accuracy is not None and report.accuracy < args.min_accuracy:
        _err(f"intent accuracy {report.accuracy:.3f} is under --min-accuracy {args.min_accuracy:g}")
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from chatbot.server import serve  # needs the server extra
    except ImportError as exc:
        raise ChatbotError(f"serve needs the server extra ({exc.name} is missing): "
                           "pip install 'career-chat[server]'") from None
    serve(args.host, args.port, args.workers, args.store, args.ttl, resolve_db(args.db))
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the REPL on a terminal (unless --json), the pipe otherwise."""
    if sys.stdin.isatty() and not args.json:
        return cmd_repl(args)
    return cmd_chat(args)


# ---------------------------------------------------------------- parser


Handler = Callable[[argparse.Namespace], int]
AddCommand = Callable[[str, Handler, str, str, list[argparse.ArgumentParser]], argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: global options, then one sub-parser per command."""
    # Options every command takes; SUPPRESS keeps a subcommand from hiding the value
    # given before the command name ("chatbot --db x ask ...").
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                           help="the knowledge base file (default: $CHATBOT_DB, else the built-in one)")
    json_option = argparse.ArgumentParser(add_help=False)
    json_option.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                             help="print each answer as one JSON object (the Answer model)")

    parser = argparse.ArgumentParser(
        prog="chatbot",
        description="Answers career questions from a knowledge base of career comparison pages.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="the knowledge base file (default: $CHATBOT_DB, else the built-in one)")
    parser.add_argument("--json", action="store_true", default=False,
                        help="with no command and piped input: one JSON object a line")
    parser.add_argument("--version", action="version", version=f"chatbot (career-chat) {_version()}")
    parser.set_defaults(handler=cmd_default, parser=parser)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str, epilog: str,
            parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=parents, help=help_text, description=help_text, epilog=epilog,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(handler=handler, parser=p)
        return p

    _add_ask_command(add, db_option, json_option)
    _add_chat_command(add, db_option, json_option)
    _add_repl_command(add, db_option, json_option)
    _add_kb_command(add, db_option, json_option)
    _add_ingest_command(add, db_option, json_option)
    _add_test_command(add, db_option, json_option)
    _add_eval_command(add, db_option, json_option)
    _add_serve_command(add, db_option, json_option)
    return parser


def _add_ask_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'ask' command and its options."""
    p = add("ask", cmd_ask, "answer one question and exit",
            'example:\n  chatbot ask "which pays more, production coordinator or production leader?"\n'
            '  chatbot ask --json "skills of a process leader"', [db_option, json_option])
    p.add_argument("question", nargs="+",
                   help="the question; several quoted questions are answered one by one "
                        "(quotes optional for one)")


def _add_chat_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'chat' command and its options."""
    p = add("chat", cmd_chat, "answer one question per line of stdin, in one conversation",
            "example:\n  printf 'salary of a production leader?\\nand per hour?\\n' | chatbot chat --json\n"
            "  chatbot chat --record session.convo\n\n"
            "Blank lines are skipped; each answer is one line, flushed at once.", [db_option, json_option])
    p.add_argument("--record", metavar="FILE.convo",
                   help="write the session as a transcript, the replies as expectations "
                        "(runs with 'chatbot test')")


def _add_repl_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'repl' command and its options."""
    add("repl", cmd_repl, "talk to the bot on a terminal (what 'chatbot' alone does)",
        "Commands inside: :help :roles :reset :debug :record :quit. Ctrl-D quits, Ctrl-C clears the line.\n"
        "With piped input it does what 'chat' does.",
        [db_option])


def _add_kb_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'kb' command and its options."""
    p = add("kb", cmd_kb, "show what a knowledge base holds: where, pages, roles, facts, ingest notes",
            "examples:\n  chatbot kb --db my.db\n"
            "  chatbot kb roles --db my.db       one role a line, sorted\n"
            "  chatbot kb pages --json --db my.db\n  chatbot kb remove old-page.txt --db my.db\n\n"
            "'kb remove' removes pages and every fact only they support; a role no page supports is removed.",
            [db_option, json_option])
    p.add_argument("what", nargs="?", choices=[*KB_LISTINGS, "remove"],
                   help="list only the roles, pages or notes (one a line, sorted), or remove pages")
    p.add_argument("names", nargs="*", metavar="PAGE",
                   help="with 'remove': the pages (paths as 'kb pages' lists them)")


def _add_ingest_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'ingest' command and its options."""
    p = add("ingest", cmd_ingest, "add career comparison pages to a knowledge base (created if needed)",
            "example:\n  chatbot ingest --db my.db pages/*.txt\n\n"
            "Prints a summary; warnings, conflicts and failed files go to stderr, one a line.\n"
            "Exit status 1 when a file failed (then nothing is changed unless --keep-going)\n"
            "or a conflict was found under --strict.", [db_option])
    p.add_argument("pages", nargs="+", metavar="PAGE",
                   help="page files (text), or folders: every *.txt below them")
    p.add_argument("--replace", metavar="OLD-PAGE",
                   help="the one page given replaces the KB page OLD-PAGE "
                        "(a page of the same path is replaced anyway)")
    p.add_argument("--strict", action="store_true",
                   help="fail (and change nothing) on any conflict between pages")
    p.add_argument("--keep-going", action="store_true", help="add the good pages even when some files fail")


def _add_test_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'test' command and its options."""
    p = add("test", cmd_test, "run transcript tests (*.convo files or folders of them)",
            "example:\n  chatbot test tests/transcripts/\n\n"
            "Prints every failing turn with its file:line, expected and actual, then 'N passed, N failed'.\n"
            "Exit status 1 when any transcript failed.", [db_option])
    p.add_argument("paths", nargs="+", metavar="PATH", help="transcript files or folders")
    p.add_argument("--junit-xml", metavar="FILE",
                   help="also write a JUnit XML report (one testcase per transcript)")
    p.add_argument("--json", dest="json_report", metavar="FILE",
                   help="also write a JSON report with every turn's check results")
    p.add_argument("-k", metavar="PATTERN", default=None,
                   help="run only the transcripts whose path contains PATTERN ('not PATTERN' to exclude)")
    p.add_argument("--fail-fast", "-x", action="store_true", help="stop after the first failing transcript")


def _add_eval_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'eval' command and its options."""
    p = add("eval", cmd_eval,
            "measure intent understanding on labelled questions (default: the intents' examples)",
            "example:\n  chatbot eval --min-accuracy 0.95\n  chatbot eval labelled.jsonl --json\n\n"
            "Files: JSONL (one {\"question\", \"intent\", \"attribute\", \"roles\", \"status\"} a line)\n"
            "or TOML ([[example]] tables with the same keys).\n"
            "Exit status 1 when the intent accuracy is under --min-accuracy.", [db_option, json_option])
    p.add_argument("files", nargs="*", metavar="FILE", help="labelled questions (.jsonl or .toml)")
    p.add_argument("--min-accuracy", type=_fraction, metavar="X", default=None,
                   help="fail (status 1) when the intent accuracy is under X (0..1)")


def _add_serve_command(add: AddCommand, db_option: argparse.ArgumentParser,
                       json_option: argparse.ArgumentParser) -> None:
    """The 'serve' command and its options."""
    p = add("serve", cmd_serve, "serve the engine over HTTP (needs pip install 'career-chat[server]')",
            "example:\n  chatbot serve --workers 2 --store redis://127.0.0.1:6379/0", [db_option])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--store", default="memory", help="memory, sqlite:PATH or redis://HOST:PORT/DB")
    p.add_argument("--ttl", type=float, default=3600, help="seconds a conversation lives idle")


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status; never raises."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.handler(args) or 0)
    except ChatbotError as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:
        # the reader went away (chatbot chat | head -1): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    except SystemExit as exc:  # --help, --version, usage errors (status 2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
        if os.environ.get(TRACEBACK_ENV_VAR):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set {TRACEBACK_ENV_VAR}=1 to see where)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
