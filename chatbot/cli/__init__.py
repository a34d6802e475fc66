"""The command line: ``chatbot`` (REPL on a terminal, JSON lines in a pipe), ``ask``,
``chat``, ``kb``, ``ingest`` and ``test``.  Thin: each command opens the KB, calls one
library function and turns :class:`chatbot.errors.ChatbotError` into a one-line message.

Nothing is imported here, so ``chatbot ask`` starts without loading the REPL.
"""
