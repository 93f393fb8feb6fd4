"""The annealing loop: ruin, recreate, and accept or undo, a chunk of iterations per call."""

from __future__ import annotations

import numpy as np
from numba import njit

from planner.routing.ruin.cost import route_cost
from planner.routing.ruin.recreate import ORDER_FAR, ORDER_LOAD, ORDER_NEAR, ORDER_RANDOM, PENALTY_FIRST, recreate
from planner.routing.ruin.remove import empty_route, make_room, remove_strings
from planner.routing.ruin.schedule import new_schedule, time_route
from planner.routing.ruin.solution import LEFT_OUT, Solution, assign
from planner.routing.ruin.tails import swap_tails

#: Chance that a ruin seeded on a left-out visit makes room for it in its allowed technicians' routes.
ROOM_SHARE = 0.5
#: Chance that an iteration exchanges the tails of the seed's route and a nearby one instead of a ruin (when
#: the seed is on a route). 0.2 against 0.1 at 300,000 iterations on five gh1000 instances, seeds 0 and 1:
#: 3.35 % against 3.67 % (3.93 % without); Solomon's hard six 0.42 % against 0.39 % (0.43 % without).
TAIL_SHARE = 0.2
#: Chance that a ruin empties a whole route (so that a plan can do with one route fewer).
EMPTY_ROUTE_SHARE = 0.02
#: Chance that recreate puts heavier penalties first after a plain ruin (see ``recreate.recreate``).
PENALTY_FIRST_SHARE = 0.5
#: SISR's odds of the four orders of recreate, 4 : 4 : 2 : 1.
WEIGHT_RANDOM = 4.0
WEIGHT_LOAD = 4.0
WEIGHT_FAR = 2.0
WEIGHT_NEAR = 1.0
WEIGHTS = WEIGHT_RANDOM + WEIGHT_LOAD + WEIGHT_FAR + WEIGHT_NEAR
#: Chance that recreate skips a place while looking for the cheapest one (SISR's blinks).
BLINK = 0.01
#: Nearest visits whose routes recreate tries first for a visit (all routes when none of those fits).
GRANULAR = 40


@njit(cache=True)
def seed_generator(seed):
    """Seed numba's own random generator (separate from NumPy's in Python)."""
    np.random.seed(seed)


@njit(cache=True)
def _recreate_order():
    """SISR's order of recreate after a plain ruin, at its odds; heavier penalties first half the time."""
    r = np.random.random()
    if r < WEIGHT_RANDOM / WEIGHTS:
        kind = ORDER_RANDOM
    elif r < (WEIGHT_RANDOM + WEIGHT_LOAD) / WEIGHTS:
        kind = ORDER_LOAD
    elif r < (WEIGHT_RANDOM + WEIGHT_LOAD + WEIGHT_FAR) / WEIGHTS:
        kind = ORDER_FAR
    else:
        kind = ORDER_NEAR
    if np.random.random() < PENALTY_FIRST_SHARE:
        kind += PENALTY_FIRST
    return kind


@njit(cache=True, nogil=True)
def search(instance, state, best, iterations, temperature, cooling):
    """Run ``iterations`` of ruin, recreate and annealed acceptance; returns the new temperature.

    ``state`` and ``best`` (the current solution and the best seen) are
    updated in place. A trial works on a copy of the current solution, and
    only the routes it touched are timed, costed and copied back (or
    restored), so an iteration costs the same on a day of 20 technicians
    as on a day of 200.
    """
    m = instance.vehicles
    visits = state.route_of.shape[0] - m
    routes, lengths, route_of = state.routes, state.lengths, state.route_of
    current = state.objective
    trial = Solution(
        routes.copy(),
        lengths.copy(),
        route_of.copy(),
        state.parts_used.copy(),
        state.route_load.copy(),
        current,
    )
    schedule = new_schedule(routes)
    pool = np.empty(visits, dtype=np.int64)
    cost_of = np.empty(m, dtype=np.int64)
    touched = np.zeros(m, dtype=np.bool_)
    for vehicle in range(m):
        time_route(instance, trial, vehicle, schedule)
        cost_of[vehicle] = route_cost(instance, state, vehicle)
    for _ in range(iterations):
        seed = m + np.random.randint(visits)
        r = np.random.random()
        touched[:] = False
        pooled = 0
        if trial.route_of[seed] >= 0 and EMPTY_ROUTE_SHARE <= r < EMPTY_ROUTE_SHARE + TAIL_SHARE:
            pooled = swap_tails(instance, trial, schedule, seed, pool, touched)
        if pooled == 0:  # a ruin, also when no route near the seed could exchange tails with its route
            if r < EMPTY_ROUTE_SHARE:
                pooled = empty_route(instance, trial, pool)
                kind = ORDER_RANDOM
            elif trial.route_of[seed] == LEFT_OUT and r < ROOM_SHARE:
                pooled = make_room(instance, trial, seed, pool)
                kind = PENALTY_FIRST
            else:
                pooled = remove_strings(instance, trial, seed, pool)
                kind = _recreate_order()
            for vehicle in range(m):
                touched[vehicle] = trial.lengths[vehicle] != lengths[vehicle]
                if touched[vehicle]:
                    time_route(instance, trial, vehicle, schedule)
            recreate(instance, trial, schedule, pool, pooled, BLINK, kind, GRANULAR)
        new = current[0]
        for a in range(pooled):
            visit = pool[a]
            new += instance.drop_penalty[visit - m] * (
                (trial.route_of[visit] == LEFT_OUT) - (route_of[visit] == LEFT_OUT)
            )
        for vehicle in range(m):
            touched[vehicle] = touched[vehicle] or trial.lengths[vehicle] != lengths[vehicle]
            if touched[vehicle]:
                new += route_cost(instance, trial, vehicle) - cost_of[vehicle]
        accept = new < current[0] - temperature * np.log(1.0 - np.random.random())
        for vehicle in range(m):
            if not touched[vehicle]:
                continue
            if accept:
                routes[vehicle, : trial.lengths[vehicle]] = trial.routes[vehicle, : trial.lengths[vehicle]]
                lengths[vehicle] = trial.lengths[vehicle]
                state.route_load[vehicle] = trial.route_load[vehicle]
                cost_of[vehicle] = route_cost(instance, state, vehicle)
            else:
                trial.routes[vehicle, : lengths[vehicle]] = routes[vehicle, : lengths[vehicle]]
                trial.lengths[vehicle] = lengths[vehicle]
                trial.route_load[vehicle] = state.route_load[vehicle]
                time_route(instance, trial, vehicle, schedule)
        for a in range(pooled):
            if accept:
                route_of[pool[a]] = trial.route_of[pool[a]]
            else:
                trial.route_of[pool[a]] = route_of[pool[a]]
        if accept:
            state.parts_used[:] = trial.parts_used
            current[0] = new
            if new < best.objective[0]:
                assign(best, state)
                best.objective[0] = new
        else:
            trial.parts_used[:] = state.parts_used
        temperature *= cooling
    return temperature
