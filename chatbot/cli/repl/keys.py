"""Key bindings: Ctrl-C clears the line (and stays), Ctrl-D on an empty line exits."""

from __future__ import annotations

from prompt_toolkit.application.current import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent


@Condition
def _line_is_empty() -> bool:
    return not get_app().current_buffer.text


def build_key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("c-c")
    def _clear(event: KeyPressEvent) -> None:
        """Clear the line; the prompt stays."""
        event.current_buffer.reset()

    @bindings.add("c-d", filter=_line_is_empty)
    def _exit(event: KeyPressEvent) -> None:
        """Leave the REPL (status 0)."""
        event.app.exit(exception=EOFError)

    return bindings
