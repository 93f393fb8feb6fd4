"""The only package that imports OR-Tools: problem -> model -> search -> numbers."""

from planner.routing.problem import ProblemOptions, RoutingProblem, build_problem
from planner.routing.solve import RoutingResult, SearchParams, VehicleRoute, solve

__all__ = [
    "ProblemOptions",
    "RoutingProblem",
    "RoutingResult",
    "SearchParams",
    "VehicleRoute",
    "build_problem",
    "solve",
]
