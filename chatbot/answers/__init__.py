"""Answering a understood question: the SQL, the handlers, the figures and the templates."""
