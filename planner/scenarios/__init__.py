"""Staffing scenarios: solve the same day under different staffing and compare the service.

A manager asks "what if": one more repairer, somebody trained in a skill,
a longer shift, a district moved, 30 % more orders. ``spec`` reads the
scenario file, ``variants`` and ``demand`` apply the changes to a
dataset, ``run`` solves the base and then every variant in parallel from
the base plan, ``compare`` measures the plans against the base,
``advise`` finds single changes that would help, and ``report`` writes
the comparison (``render`` and ``figures`` make its tables and charts).
"""

from planner.scenarios.compare import comparison_document
from planner.scenarios.figures import comparison_charts
from planner.scenarios.report import write_report
from planner.scenarios.run import ScenarioRun, run_scenarios
from planner.scenarios.spec import ScenarioFile, read_scenario_file

__all__ = [
    "ScenarioFile",
    "ScenarioRun",
    "comparison_charts",
    "comparison_document",
    "read_scenario_file",
    "run_scenarios",
    "write_report",
]
