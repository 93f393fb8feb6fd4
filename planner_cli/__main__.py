"""``python -m planner_cli`` runs the same command line as the ``planner`` script."""

import sys

from planner_cli.main import main

sys.exit(main())
