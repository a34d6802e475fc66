"""The ``*.convo`` files in this folder are collected by career-chat's pytest plugin
(:mod:`chatbot.transcripts.pytest_plugin`, registered as the ``pytest11`` entry point
``career_chat``): one item per file; ``pytest tests/transcripts/salary.convo`` runs one.

This project sets ``chatbot_isolate = true`` in pyproject.toml, so each item runs with the
cache and state folders in a temporary folder and without ``CHATBOT_DB``, like the rest of
the suite.  Nothing else is needed here.
"""
