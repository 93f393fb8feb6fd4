"""After-sales dispatch and roster planner.

The library half of the project: loading, solving, checking. It never
prints or exits, and imports neither the web app (``web``) nor the
command line (``planner_cli``) nor the bench (``planner_bench``): those
three are built on it (docs/architecture.md).
"""
