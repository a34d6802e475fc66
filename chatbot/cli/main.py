"""``chatbot``: the command-line entry point (argparse subcommands over the library).

Top-level imports stay minimal: the engine is imported when a command needs it and the
REPL (prompt_toolkit) only when the REPL starts, so ``chatbot ask`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from chatbot.errors import ChatbotError

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
  chatbot test tests/transcripts/           run transcript tests

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


def open_engine(db: str | None) -> Any:
    """The engine on ``db`` (a KB file) or on the built-in KB; raises
    :class:`~chatbot.errors.KBError` when the file cannot be opened."""
    from chatbot.engine import Engine

    if db:
        from chatbot.kb.store import check_file

        check_file(db)
        return Engine(db=db)
    return Engine()


# ---------------------------------------------------------------- commands


def cmd_ask(args: argparse.Namespace) -> int:
    question = " ".join(args.question).strip()
    if not question:
        args.parser.error("the question is empty")
    engine = open_engine(resolve_db(args.db))
    answer = engine.ask(question)
    from chatbot.cli.output import json_safe, printable

    sys.stdout.write((json_safe(answer.model_dump_json()) if args.json else printable(answer.text)) + "\n")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from chatbot.cli.pipe import run_pipe

    engine = open_engine(resolve_db(args.db))
    return run_pipe(engine, sys.stdin, sys.stdout, sys.stderr, as_json=args.json)


def cmd_repl(args: argparse.Namespace) -> int:
    engine = open_engine(resolve_db(args.db))
    from chatbot.cli.repl.app import run_repl  # prompt_toolkit is loaded only here

    return run_repl(engine)


def cmd_kb(args: argparse.Namespace) -> int:
    from chatbot.cli.output import describe_kb, printable

    engine = open_engine(resolve_db(args.db))
    sys.stdout.write(printable(describe_kb(engine.info(), engine.role_names())) + "\n")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from chatbot.errors import ConflictError
    from chatbot.kb.ingest import ingest

    db = resolve_db(args.db)
    if not db:
        args.parser.error("say which knowledge base to add the pages to: --db PATH (or set CHATBOT_DB); "
                          "the built-in one is rebuilt from the shipped pages")
    try:
        report = ingest(db, args.pages, strict=args.strict, keep_going=args.keep_going)
    except ConflictError as exc:
        report = getattr(exc, "report", None)
        if report is not None:
            _print_ingest(report)
        _err(str(exc))
        return 1
    _print_ingest(report)
    return 1 if report.failed else 0


def _print_ingest(report: Any) -> None:
    from chatbot.cli.output import error_line, printable

    for note in report.notes:
        sys.stderr.write(printable(" ".join(str(note).split())) + "\n")
    for failure in report.failed:
        sys.stderr.write(error_line(f"failed: {failure}") + "\n")
    sys.stderr.flush()
    sys.stdout.write(report.summary() + "\n")


def cmd_test(args: argparse.Namespace) -> int:
    from chatbot.transcripts import EngineCache, TranscriptPathError, discover, run_files

    try:
        files = discover(args.paths)
    except TranscriptPathError as exc:
        args.parser.error(str(exc))
    if not files:
        args.parser.error("no transcripts (*.convo) in " + ", ".join(args.paths))
    db = resolve_db(args.db)
    report = run_files(files, EngineCache(), default_kb=Path(db) if db else None)
    sys.stdout.write(report.format() + "\n")
    return 0 if report.ok else 1


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the REPL on a terminal (unless --json), the pipe otherwise."""
    if sys.stdin.isatty() and not args.json:
        return cmd_repl(args)
    return cmd_chat(args)


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
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

    def add(name: str, handler: Any, help_text: str, epilog: str, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=parents, help=help_text, description=help_text, epilog=epilog,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(handler=handler, parser=p)
        return p

    p = add("ask", cmd_ask, "answer one question and exit",
            'example:\n  chatbot ask "which pays more, production coordinator or production leader?"\n'
            '  chatbot ask --json "skills of a process leader"', [db_option, json_option])
    p.add_argument("question", nargs="+", help="the question (quotes optional)")

    add("chat", cmd_chat, "answer one question per line of stdin, in one conversation",
        "example:\n  printf 'salary of a production leader?\\nand per hour?\\n' | chatbot chat --json\n\n"
        "Blank lines are skipped; each answer is one line, flushed at once.", [db_option, json_option])

    add("repl", cmd_repl, "talk to the bot on a terminal (what 'chatbot' alone does)",
        "Commands inside: :help :roles :reset :debug :quit. Ctrl-D quits, Ctrl-C clears the line.",
        [db_option])

    add("kb", cmd_kb, "show what a knowledge base holds: where, pages, roles, facts, ingest notes",
        "example:\n  chatbot kb --db my.db", [db_option])

    p = add("ingest", cmd_ingest, "add career comparison pages to a knowledge base (created if needed)",
            "example:\n  chatbot ingest --db my.db pages/*.txt\n\n"
            "Prints a summary; warnings, conflicts and failed files go to stderr, one a line.\n"
            "Exit status 1 when a file failed (then nothing is changed unless --keep-going)\n"
            "or a conflict was found under --strict.", [db_option])
    p.add_argument("pages", nargs="+", metavar="PAGE", help="page files (text)")
    p.add_argument("--strict", action="store_true", help="fail (and change nothing) on any conflict between pages")
    p.add_argument("--keep-going", action="store_true", help="add the good pages even when some files fail")

    p = add("test", cmd_test, "run transcript tests (*.convo files or folders of them)",
            "example:\n  chatbot test tests/transcripts/\n\n"
            "Prints every failing turn with its file:line, expected and actual, then 'N passed, N failed'.\n"
            "Exit status 1 when any transcript failed.", [db_option])
    p.add_argument("paths", nargs="+", metavar="PATH", help="transcript files or folders")
    return parser


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
