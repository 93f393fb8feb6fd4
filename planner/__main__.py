"""``python -m planner`` runs the same command line as the ``planner`` script."""

import sys

from planner.cli import main

sys.exit(main())
