"""The interactive REPL (prompt_toolkit).  Imported only when the REPL starts.

- :mod:`.app`: the PromptSession and the loop (:func:`run_repl`);
- :mod:`.core`: what a line does, as text (no terminal needed);
- :mod:`.commands`: the ``:command`` registry;
- :mod:`.render`: colour / plain rendering of answers and ``:debug`` traces;
- :mod:`.completer`, :mod:`.toolbar`, :mod:`.keys`, :mod:`.history`.
"""
