"""What a solution costs: travel, surcharges, work above the fair share, and the visits left out.

The same objective as the OR-Tools model (``planner.routing.problem`` holds the shared costs).
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def work(instance, solution, vehicle):
    """Minutes of service and travel of the vehicle's route (what the balance of the day counts)."""
    routes, leg = solution.routes, instance.leg_min
    total = 0
    prev = vehicle
    for k in range(solution.lengths[vehicle]):
        total += leg[prev, routes[vehicle, k]]
        prev = routes[vehicle, k]
    if solution.lengths[vehicle] > 0:
        total += leg[prev, vehicle]
    return total


@njit(cache=True)
def route_cost(instance, solution, vehicle):
    """Arc costs and surcharges of the vehicle's route, plus a unit per minute of work above its fair share."""
    routes, cost, surcharge = solution.routes, instance.arc_cost, instance.surcharge
    total = 0
    prev = vehicle
    for k in range(solution.lengths[vehicle]):
        total += cost[prev, routes[vehicle, k]] + surcharge[vehicle, routes[vehicle, k]]
        prev = routes[vehicle, k]
    if solution.lengths[vehicle] > 0:
        total += cost[prev, vehicle] + surcharge[vehicle, vehicle]
    return total + max(0, work(instance, solution, vehicle) - instance.fair_work[vehicle])


@njit(cache=True)
def objective(instance, solution):
    """Every route's cost plus the penalty of every visit left out."""
    m = instance.vehicles
    total = 0
    for vehicle in range(m):
        total += route_cost(instance, solution, vehicle)
    for index in range(solution.route_of.shape[0] - m):
        if solution.route_of[m + index] < 0:
            total += instance.drop_penalty[index]
    return total
