"""The environment of a REPL the tests drive on a pseudo-terminal (pexpect or a bare pty)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def terminal_env(state_dir: Path, **overrides: str) -> dict[str, str]:
    """This process's environment for a REPL on a pty: the project importable, an xterm,
    history under ``state_dir``, colour unless ``NO_COLOR`` is among ``overrides``.

    ``PROMPT_TOOLKIT_NO_CPR``: a pty driven by a test does not answer prompt_toolkit's
    cursor-position request as a terminal does, and prompt_toolkit then waits up to a
    second for the answer each time a prompt ends (about 3 s per test, for nothing)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env.pop("NO_COLOR", None)
    env.update({"TERM": "xterm", "CHATBOT_STATE_DIR": str(state_dir), "PROMPT_TOOLKIT_NO_CPR": "1"})
    env.update(overrides)
    return env
