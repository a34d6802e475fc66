"""How the tests run pytest itself in a subprocess (the transcript plugin, as another project
would use it)."""

from __future__ import annotations

import sys

#: ``python -m pytest`` with no cache folder written and without hypothesis' plugin: the
#: projects these runs collect use no hypothesis, and importing it costs about a second a run
PYTEST = (sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")
