"""The REPL's meta-commands (``:help``, ``:roles``, ``:reset``, ``:debug``, ``:quit``):
a registry of name, one-line description and handler.  A handler gets the REPL state
and the rest of the line and returns the text to print; ``:help`` is generated from the
registry and the engine's example questions.  A unique prefix runs a command (``:q``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chatbot.cli.output import wrapped_list
from chatbot.cli.repl.render import Renderer
from chatbot.protocols import ConversationLike, EngineLike

MAX_HELP_EXAMPLES = 8


Handler = Callable[["ReplState", str], str]


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    handler: Handler
    aliases: tuple[str, ...] = ()


@dataclass
class CommandRegistry:
    """Commands by name, in the order they were registered."""

    commands: dict[str, Command] = field(default_factory=dict)

    def command(self, name: str, description: str,
                aliases: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
        """Decorator: register ``handler`` as ``:name``."""

        def register(handler: Handler) -> Handler:
            self.commands[name] = Command(name, description, handler, aliases)
            return handler

        return register

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands.values())

    def names(self) -> list[str]:
        return [f":{c.name}" for c in self]

    def lookup(self, word: str) -> Command | list[Command] | None:
        """The command ``word`` names (exactly, by alias or as a unique prefix); a list
        when the prefix is ambiguous; None when nothing matches."""
        word = word.lower()
        for cmd in self:
            if word == cmd.name or word in cmd.aliases:
                return cmd
        matches = [c for c in self if c.name.startswith(word)] if word else []
        if len(matches) == 1:
            return matches[0]
        return matches or None

    def dispatch(self, state: ReplState, line: str) -> str:
        """Run the command on ``line`` (which starts with ``:``)."""
        word, _, arg = line.strip()[1:].partition(" ")
        found = self.lookup(word)
        r = state.renderer
        if isinstance(found, Command):
            return found.handler(state, arg.strip())
        if isinstance(found, list):
            return r.error(f"':{word}' could be " + " or ".join(f":{c.name}" for c in found) + ".")
        return r.error(f"Unknown command ':{word}'. The commands are " + ", ".join(self.names()) + ".")


@dataclass
class ReplState:
    """What the commands and the loop share."""

    engine: EngineLike
    conversation: ConversationLike
    renderer: Renderer
    debug: bool = False
    done: bool = False
    recorder: Any = None          # a chatbot.transcripts.Recorder while ':record' is on
    db_path: str | None = None    # the KB file of the session (None: the built-in one)
    commands: CommandRegistry = field(default_factory=lambda: default_commands())


def _help(state: ReplState, arg: str) -> str:
    r = state.renderer
    lines = [r.heading("Ask about the careers in the knowledge base, in plain words. For example:")]
    try:
        examples = list(state.engine.examples())[:MAX_HELP_EXAMPLES]
    except Exception:  # noqa: BLE001 - help must always work
        examples = []
    if examples:
        lines += [f"  {example}" for example in examples]
    else:
        lines.append("  salaries, hourly rates, growth, jobs, skills, education, time to become one ...")
    lines.append("Follow-ups use the roles and topic so far (\"and per hour?\"); :reset forgets them.")
    lines.append(r.heading("Commands:"))
    width = max(len(c.name) for c in state.commands) + 1
    lines += [f"  {r.command(':' + c.name.ljust(width))} {c.description}" for c in state.commands]
    lines.append(r.heading("Keys:") + " Tab completes role names and topics; Up/Down browse the history;")
    lines.append("  Right accepts the grey suggestion; Ctrl-C clears the line; Ctrl-D quits.")
    return "\n".join(lines)


def _takes_no_argument(state: ReplState, name: str, arg: str) -> str | None:
    """The error for an argument given to a command that takes none."""
    if not arg:
        return None
    return state.renderer.error(f"':{name}' takes no argument (got '{arg}'); type :{name} alone.")


def _roles(state: ReplState, arg: str) -> str:
    problem = _takes_no_argument(state, "roles", arg)
    if problem:
        return problem
    roles = list(state.engine.role_names())
    if not roles:
        return state.renderer.note("The knowledge base holds no roles.")
    return f"{len(roles)} role{'s' if len(roles) != 1 else ''}:\n" + wrapped_list(roles)


def _reset(state: ReplState, arg: str) -> str:
    problem = _takes_no_argument(state, "reset", arg)
    if problem:
        return problem
    state.conversation.reset()
    if state.recorder is not None:
        state.recorder.new_conversation()
    return state.renderer.note("Context cleared: the next question starts afresh.")


DEBUG_ON = ("on", "1", "yes")
DEBUG_OFF = ("off", "0", "no")


def _debug(state: ReplState, arg: str) -> str:
    wanted = arg.lower()
    if wanted in DEBUG_ON:
        state.debug = True
    elif wanted in DEBUG_OFF:
        state.debug = False
    elif not wanted:
        state.debug = not state.debug
    else:
        return state.renderer.error(f"':debug' takes 'on' or 'off' (or nothing, to switch it), not '{arg}'.")
    if state.debug:
        return state.renderer.note("Debug on: each answer is followed by how the question was read.")
    return state.renderer.note("Debug off.")


RECORD_OFF = "off"


def _record(state: ReplState, arg: str) -> str:
    r = state.renderer
    if not arg:
        if state.recorder is None:
            return r.note("Not recording. ':record FILE.convo' writes the session as a transcript.")
        turns = state.recorder.turns
        return r.note(f"Recording to {state.recorder.path} ({turns} turn{'s' if turns != 1 else ''} so far); "
                      "':record off' stops.")
    if arg.lower() == RECORD_OFF:
        if state.recorder is None:
            return r.note("Not recording.")
        path, state.recorder = state.recorder.path, None
        return r.note(f"Recording stopped; the transcript is {path} (run it with: chatbot test {path}).")
    from pathlib import Path

    from chatbot.errors import ChatbotError
    from chatbot.transcripts.record import Recorder

    recorder = Recorder(Path(arg).expanduser(), Path(state.db_path) if state.db_path else None)
    try:
        recorder.save()
    except ChatbotError as exc:
        return r.error(str(exc))
    state.recorder = recorder
    return r.note(f"Recording to {recorder.path}: every question and answer from now on; "
                  "':record off' stops.")


def _quit(state: ReplState, arg: str) -> str:
    problem = _takes_no_argument(state, "quit", arg)
    if problem:
        return problem
    state.done = True
    return ""


BUILTIN_COMMANDS: tuple[Command, ...] = (
    Command("help", "what can be asked, with examples, and these commands", _help, ("?", "h")),
    Command("roles", "the roles in the knowledge base", _roles),
    Command("reset", "forget the context (roles and topic) of the conversation", _reset),
    Command("debug", "show how each question is read: intent, slots, role matches, SQL, sources (on/off)",
            _debug),
    Command("record", "write this session as a transcript: ':record FILE.convo', ':record off' stops",
            _record),
    Command("quit", "leave (Ctrl-D does too)", _quit, ("exit", "q")),
)


def default_commands() -> CommandRegistry:
    """A new registry of the built-in commands (each REPL gets its own, so one that adds
    a command changes no other)."""
    return CommandRegistry({c.name: c for c in BUILTIN_COMMANDS})
