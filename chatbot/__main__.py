"""``python -m chatbot``: the same as the ``chatbot`` command."""

import sys

from chatbot.cli.main import main

sys.exit(main())
