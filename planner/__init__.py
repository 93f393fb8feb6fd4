"""After-sales dispatch and roster planner.

The library half of the project: loading, solving, checking. It never
prints or exits; ``planner.cli`` and the web app do that.
"""
