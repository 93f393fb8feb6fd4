"""Ruin and recreate: the compiled search that finds a fresh plan's routes.

OR-Tools' local search checks every move against the whole constraint
model and explores about a hundred thousand moves a second; on a day of
200 visits and 30 technicians its first descent alone uses ten seconds.
This module searches the same problem (windows, shifts, lunch breaks,
skills and regions as allowed technicians, visit caps, loads, shared
parts stock, drop penalties, the preferred-technician surcharge and the
balance of the day) with slack-string removal and greedy reinsertion
(into the routes near each visit first: on 1,000 customers, trying every
route was most of an iteration's time) under simulated annealing
(Christiaens and Vanden Berghe's SISR),
compiled with numba so that it runs tens of thousands of iterations a
second on a typical day. Inner steps take plain numbers, not arrays:
numba counts references to every array passed to a function, and on
the innermost step that cost ten times the work itself.
OR-Tools then checks its routes against the full model and puts them on
the clock (``planner.routing.solve``).

Lunch is modelled the conservative way: a technician who owes a break
takes it inside the route, in a gap between services (travel or
waiting), so every route found here is one OR-Tools accepts. Earliest
service starts are tracked in two states, break still owed and break
taken, which is exact for this rule because starting earlier never hurts;
for the same reason the latest start at each stop, in each state, is
enough to check an insertion without walking the rest of the route.

Deterministic: numba's generator is seeded once and the work is counted
in iterations; the caller's clock only decides how many chunks run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from planner.routing.problem import TRAVEL_COST_PER_MIN, RoutingProblem, vehicle_surcharge

INF = np.int64(1 << 60)
#: ``only`` of ``_insert_best`` when the visit may go on any route.
ANY_ROUTE = -1
#: ``near`` of ``_insert_best`` when every route may be tried.
NO_ROUTES = np.zeros(0, dtype=np.bool_)
#: Route of a visit node (``where``) when it is not on one: left out of the plan, or taken out by the
#: ruin under way (so that the ruin does not take it twice); a technician's base node is on no route.
LEFT_OUT = -1
IN_POOL = -2
BASE = -3
#: Orders of recreate (``_recreate``): SISR's random, largest load first, farthest and nearest from the
#: bases first; adding PENALTY_FIRST puts heavier penalties before them.
ORDER_RANDOM = 0
ORDER_LOAD = 1
ORDER_FAR = 2
ORDER_NEAR = 3
ORDERS = 4
PENALTY_FIRST = ORDERS
#: SISR's odds of those four orders, 4 : 4 : 2 : 1.
WEIGHT_RANDOM = 4.0
WEIGHT_LOAD = 4.0
WEIGHT_FAR = 2.0
WEIGHT_NEAR = 1.0
WEIGHTS = WEIGHT_RANDOM + WEIGHT_LOAD + WEIGHT_FAR + WEIGHT_NEAR
#: "No latest start": later than any time, earlier than INF (an impossible start).
LATE = INF - 1
#: A latest start that no start can keep (the rest of the route cannot be served from there).
NO_LATEST = -1
#: Chance that a ruin seeded on a left-out visit makes room for it in its allowed technicians' routes.
ROOM_SHARE = 0.5
#: Chance that a ruin empties a whole route (so that a plan can do with one route fewer).
EMPTY_ROUTE_SHARE = 0.02
#: Chance that recreate puts heavier penalties first after a plain ruin (see ``_recreate``).
PENALTY_FIRST_SHARE = 0.5


@njit(cache=True)
def _advance(eN, eT, tij, si, sj, oj, cj, has, bE, bL, bD, end):
    """Earliest service start at node j after node i, break owed (N) and taken (T); INF = impossible.

    Takes plain numbers (``tij`` = service at i plus travel to j, the
    service minutes at i and j, j's window) rather than the arrays they
    come from: every array passed to a compiled function costs reference
    counting, which made this, the innermost step, ten times slower.
    """
    aN = INF
    aT = INF
    if eN < INF:
        x = eN + tij
        aN = max(oj, x)
        if has and max(bE, eN + si) <= bL:
            aT = max(oj, max(x, bE) + bD)
    if eT < INF:
        y = max(oj, eT + tij)
        if y < aT:
            aT = y
    if aN > cj or (has and (end or aN + sj > bL)):
        aN = INF
    if aT > cj:
        aT = INF
    return aN, aT


@njit(cache=True)
def _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing):
    """Recompute route v's earliest service starts and latest feasible ones (``times``).

    Index 0 is leaving the base, 1..L the stops, L+1 the return. Rows 0
    and 1: earliest start with the break owed and taken (forward). Rows 2
    and 3: the latest start at that stop, in the same two states, from
    which the rest of the route still keeps every rule (backward;
    NO_LATEST if none), so that ``_insert_best`` checks a place in constant time.
    """
    L = rlen[v]
    times[0, v, 0] = shift_start[v]
    times[1, v, 0] = INF
    prev = v
    for k in range(L):
        node = rt[v, k]
        times[0, v, k + 1], times[1, v, k + 1] = _advance(
            times[0, v, k],
            times[1, v, k],
            tt[prev, node],
            service[prev],
            service[node],
            opening[node],
            closing[node],
            has[v],
            bE[v],
            bL[v],
            bD[v],
            False,
        )
        prev = node
    times[2, v, L + 1] = LATE
    times[3, v, L + 1] = LATE
    for p in range(L, -1, -1):
        i = v if p == 0 else rt[v, p - 1]
        j = v if p == L else rt[v, p]
        taken = min(closing[j], times[3, v, p + 1])  # latest start at j once the break is taken
        times[3, v, p] = taken - tt[i, j] if opening[j] <= taken else NO_LATEST
        stay = NO_LATEST
        if not (has[v] and p == L):
            owed = min(closing[j], times[2, v, p + 1])
            if has[v]:
                owed = min(owed, bL[v] - service[j])
            if opening[j] <= owed:
                stay = owed - tt[i, j]
        rest = NO_LATEST
        if has[v] and opening[j] <= taken and bE[v] + bD[v] <= taken:
            rest = min(bL[v] - service[i], taken - bD[v] - tt[i, j])
        times[2, v, p] = max(stay, rest)


@njit(cache=True)
def _work(v, rt, rlen, tt):
    """Minutes of service and travel of route v (what the balance of the day counts)."""
    total = 0
    prev = v
    for k in range(rlen[v]):
        total += tt[prev, rt[v, k]]
        prev = rt[v, k]
    if rlen[v] > 0:
        total += tt[prev, v]
    return total


@njit(cache=True)
def _route_cost(v, rt, rlen, cost, vext, tt, fair):
    """Arc costs of route v, plus a unit per minute of work above the person's fair share."""
    total = 0
    prev = v
    for k in range(rlen[v]):
        total += cost[prev, rt[v, k]] + vext[v, rt[v, k]]
        prev = rt[v, k]
    if rlen[v] > 0:
        total += cost[prev, v] + vext[v, v]
    return total + max(0, _work(v, rt, rlen, tt) - fair[v])


@njit(cache=True)
def _parts_ok(u, m, part_ptr, part_idx, part_qty, used, stock):
    for p in range(part_ptr[u - m], part_ptr[u - m + 1]):
        if used[part_idx[p]] + part_qty[p] > stock[part_idx[p]]:
            return False
    return True


@njit(cache=True)
def _take_parts(u, m, sign, part_ptr, part_idx, part_qty, used):
    for p in range(part_ptr[u - m], part_ptr[u - m + 1]):
        used[part_idx[p]] += sign * part_qty[p]


@njit(cache=True)
def _remove_at(v, k, rt, rlen, where):
    """Take the stop at position k out of route v."""
    node = rt[v, k]
    for idx in range(k, rlen[v] - 1):
        rt[v, idx] = rt[v, idx + 1]
    rlen[v] -= 1
    where[node] = LEFT_OUT
    return node


@njit(cache=True)
def _insert_best(
    u,
    m,
    blink,
    rt,
    rlen,
    times,
    where,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    cost,
    vext,
    has,
    bE,
    bL,
    bD,
    tt,
    service,
    opening,
    closing,
    shift_start,
    route_load,
    only=ANY_ROUTE,
    near=NO_ROUTES,
):
    """Put visit node u where it adds least cost (skipping each place with chance ``blink``); INF if nowhere.

    ``only`` other than ANY_ROUTE limits the places to that vehicle's route (when only it
    changed); a non-empty ``near`` to the routes it marks (see ``_near_routes``).
    """
    best = INF
    best_v = -1
    best_k = -1
    granular = near.shape[0] > 0
    for a in range(veh_ptr[u - m], veh_ptr[u - m + 1]):
        v = veh_idx[a]
        L = rlen[v]
        if (
            (only != ANY_ROUTE and v != only)
            or (granular and not near[v])
            or L >= max_visits[v]
            or route_load[v] + load[u] > cap[v]
        ):
            continue
        # No balance target (every classical instance): skip summing the route's work.
        over = _work(v, rt, rlen, tt) - fair[v] if fair[v] < INF else -INF
        prev = v
        for k in range(L + 1):
            nxt = rt[v, k] if k < L else v
            if blink > 0.0 and np.random.random() < blink:
                prev = nxt
                continue
            delta = cost[prev, u] + cost[u, nxt] + vext[v, u] + vext[v, nxt]
            more = tt[prev, u] + tt[u, nxt]
            if L > 0:
                delta -= cost[prev, nxt] + vext[v, nxt]
                more -= tt[prev, nxt]
            delta += max(0, over + more) - max(0, over)
            if delta < best:
                # Feasible exactly when the next stop can still start, in either break state,
                # no later than that state's latest start (starting earlier never hurts).
                cN, cT = _advance(
                    times[0, v, k],
                    times[1, v, k],
                    tt[prev, u],
                    service[prev],
                    service[u],
                    opening[u],
                    closing[u],
                    has[v],
                    bE[v],
                    bL[v],
                    bD[v],
                    False,
                )
                if cN < INF or cT < INF:
                    nN, nT = _advance(
                        cN,
                        cT,
                        tt[u, nxt],
                        service[u],
                        service[nxt],
                        opening[nxt],
                        closing[nxt],
                        has[v],
                        bE[v],
                        bL[v],
                        bD[v],
                        k == L,
                    )
                    if nN <= times[2, v, k + 1] or nT <= times[3, v, k + 1]:
                        best = delta
                        best_v = v
                        best_k = k
            prev = nxt
    if best_v < 0:
        return INF
    v = best_v
    for idx in range(rlen[v], best_k, -1):
        rt[v, idx] = rt[v, idx - 1]
    rt[v, best_k] = u
    rlen[v] += 1
    where[u] = v
    route_load[v] += load[u]
    _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
    return best


@njit(cache=True)
def _near_routes(u, m, granular, neighbours, where, rlen, twin, veh_ptr, veh_idx, near, seen):
    """Mark in ``near`` the routes worth trying for visit u: those holding one of its nearest visits.

    Plus one empty route per class of interchangeable people (``twin``):
    on a 1,000-customer instance a visit's nearest visits lie on a dozen
    of 250 routes, and reading the travel matrix for every place of every
    route was most of an iteration's time.
    """
    near[:] = False
    seen[:] = False
    for a in range(min(granular, neighbours.shape[1])):
        v = where[neighbours[u - m, a]]
        if v >= 0:
            near[v] = True
    for a in range(veh_ptr[u - m], veh_ptr[u - m + 1]):
        v = veh_idx[a]
        if rlen[v] == 0 and not seen[twin[v]]:
            seen[twin[v]] = True
            near[v] = True


@njit(cache=True)
def _recreate(
    pool,
    npool,
    m,
    blink,
    order_kind,
    rt,
    rlen,
    times,
    where,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    cost,
    vext,
    has,
    bE,
    bL,
    bD,
    tt,
    service,
    opening,
    closing,
    shift_start,
    route_load,
    penalty,
    part_ptr,
    part_idx,
    part_qty,
    used,
    stock,
    far,
    granular,
    neighbours,
    twin,
):
    """Insert the pooled visits one by one; returns the cost added (penalties for misses).

    The order is SISR's (``order_kind`` ORDER_RANDOM to ORDER_NEAR): random,
    largest load, farthest or nearest first. Adding PENALTY_FIRST puts heavier penalties first
    (urgent work before routine work) and use SISR's order among equals.
    Both are needed: penalty first fits the important work, while a
    routine visit placed first sometimes frees the place an important
    one should move to, which annealing then keeps only if it pays.
    With ``granular`` > 0 a visit first tries the routes of its
    ``granular`` nearest visits (and one empty route of each kind), and
    every place only when none of those fits.
    """
    near = np.zeros(rt.shape[0] if granular > 0 else 0, dtype=np.bool_)
    seen = np.zeros(rt.shape[0], dtype=np.bool_)
    keys = np.empty(npool, dtype=np.float64)
    kind = order_kind % ORDERS
    for a in range(npool):
        u = pool[a]
        if kind == ORDER_RANDOM:
            keys[a] = np.random.random()
        elif kind == ORDER_LOAD:
            keys[a] = -float(load[u])
        elif kind == ORDER_FAR:
            keys[a] = -float(far[u - m])
        else:
            keys[a] = float(far[u - m])
    order = np.argsort(keys, kind="mergesort")
    if order_kind >= PENALTY_FIRST:
        heavier = np.empty(npool, dtype=np.int64)
        for a in range(npool):
            heavier[a] = -penalty[pool[order[a]] - m]
        order = order[np.argsort(heavier, kind="mergesort")]
    added = np.int64(0)
    for a in range(npool):
        u = pool[order[a]]
        got = INF
        if _parts_ok(u, m, part_ptr, part_idx, part_qty, used, stock):
            if granular > 0:
                _near_routes(u, m, granular, neighbours, where, rlen, twin, veh_ptr, veh_idx, near, seen)
                got = _insert_best(
                    u,
                    m,
                    blink,
                    rt,
                    rlen,
                    times,
                    where,
                    load,
                    cap,
                    max_visits,
                    fair,
                    veh_ptr,
                    veh_idx,
                    cost,
                    vext,
                    has,
                    bE,
                    bL,
                    bD,
                    tt,
                    service,
                    opening,
                    closing,
                    shift_start,
                    route_load,
                    ANY_ROUTE,
                    near,
                )
            if got == INF:
                got = _insert_best(
                    u,
                    m,
                    blink,
                    rt,
                    rlen,
                    times,
                    where,
                    load,
                    cap,
                    max_visits,
                    fair,
                    veh_ptr,
                    veh_idx,
                    cost,
                    vext,
                    has,
                    bE,
                    bL,
                    bD,
                    tt,
                    service,
                    opening,
                    closing,
                    shift_start,
                    route_load,
                )
        if got < INF:
            added += got
            _take_parts(u, m, 1, part_ptr, part_idx, part_qty, used)
        else:
            added += penalty[u - m]
    return added


@njit(cache=True)
def _ruin_sizes(m, rlen, avg_removed, max_string):
    """SISR's longest string and number of routes to ruin, from the mean route length."""
    served_routes = 0
    total_len = 0
    for v in range(m):
        if rlen[v] > 0:
            served_routes += 1
            total_len += rlen[v]
    if served_routes == 0:
        return 0.0, 0
    ls_max = min(float(max_string), total_len / served_routes)
    ks_max = 4.0 * avg_removed / (1.0 + ls_max) - 1.0
    return ls_max, int(np.floor(np.random.random() * ks_max)) + 1


@njit(cache=True)
def _remove_string(v, c, ls_max, m, rt, rlen, where, load, route_load, pool, npool, part_ptr, part_idx, part_qty, used):
    """Remove a string of random length around stop c of route v into the pool; returns the new pool size."""
    L = rlen[v]
    length = int(np.floor(np.random.random() * min(float(L), ls_max))) + 1
    pos = 0
    for k in range(L):
        if rt[v, k] == c:
            pos = k
    lo = max(0, pos - length + 1)
    hi = min(pos, L - length)
    first = lo + np.random.randint(hi - lo + 1)
    for _ in range(length):
        node = _remove_at(v, first, rt, rlen, where)
        where[node] = IN_POOL
        route_load[v] -= load[node]
        _take_parts(node, m, -1, part_ptr, part_idx, part_qty, used)
        pool[npool] = node
        npool += 1
    return npool


@njit(cache=True)
def _ruin(
    seed,
    m,
    avg_removed,
    max_string,
    rt,
    rlen,
    where,
    load,
    route_load,
    neighbours,
    pool,
    part_ptr,
    part_idx,
    part_qty,
    used,
):
    """Remove strings of consecutive stops from routes near the seed visit (SISR); fills ``pool``.

    Visits left out that lie among the scanned neighbours join the pool too,
    so every recreate also tries to fit in work that is waiting.
    """
    ls_max, ks = _ruin_sizes(m, rlen, avg_removed, max_string)
    ruined = np.zeros(m, dtype=np.bool_)
    done = 0
    npool = 0
    for a in range(-1, neighbours.shape[1]):
        c = seed if a < 0 else neighbours[seed - m, a]
        v = where[c]
        if v == LEFT_OUT and done < ks:
            pool[npool] = c
            npool += 1
            where[c] = IN_POOL
        elif v >= 0 and done < ks and not ruined[v]:
            npool = _remove_string(
                v, c, ls_max, m, rt, rlen, where, load, route_load, pool, npool, part_ptr, part_idx, part_qty, used
            )
            ruined[v] = True
            done += 1
    for a in range(npool):
        where[pool[a]] = LEFT_OUT
    return npool


@njit(cache=True)
def _empty_route(m, rt, rlen, where, load, route_load, pool, part_ptr, part_idx, part_qty, used):
    """Take every stop out of one random used route: the only ruin that can save a whole route."""
    count = 0
    for v in range(m):
        if rlen[v] > 0:
            count += 1
    if count == 0:
        return 0
    pick = np.random.randint(count)
    for v in range(m):
        if rlen[v] > 0:
            if pick == 0:
                npool = 0
                while rlen[v] > 0:
                    node = _remove_at(v, 0, rt, rlen, where)
                    route_load[v] -= load[node]
                    _take_parts(node, m, -1, part_ptr, part_idx, part_qty, used)
                    pool[npool] = node
                    npool += 1
                return npool
            pick -= 1
    return 0


@njit(cache=True)
def _make_room(
    u,
    m,
    avg_removed,
    max_string,
    rt,
    rlen,
    where,
    load,
    route_load,
    veh_ptr,
    veh_idx,
    cost,
    pool,
    part_ptr,
    part_idx,
    part_qty,
    used,
):
    """Ruin the routes of those allowed to do left-out visit u, near u, so that recreate may fit it in.

    Plain SISR ruins routes near a visit whoever drives them; a visit only a
    few people may do needs room in exactly those people's routes.
    """
    ls_max, ks = _ruin_sizes(m, rlen, avg_removed, max_string)
    first, last = veh_ptr[u - m], veh_ptr[u - m + 1]
    gap = np.full(last - first, INF, dtype=np.int64)
    near = np.zeros(last - first, dtype=np.int64)
    for a in range(first, last):
        v = veh_idx[a]
        for k in range(rlen[v]):
            d = cost[rt[v, k], u] + cost[u, rt[v, k]]
            if d < gap[a - first]:
                gap[a - first] = d
                near[a - first] = rt[v, k]
    pool[0] = u
    where[u] = IN_POOL
    npool = 1
    order = np.argsort(gap)
    for b in range(min(ks, last - first)):
        a = order[b]
        if gap[a] == INF:
            break
        npool = _remove_string(
            veh_idx[first + a],
            near[a],
            ls_max,
            m,
            rt,
            rlen,
            where,
            load,
            route_load,
            pool,
            npool,
            part_ptr,
            part_idx,
            part_qty,
            used,
        )
    for a in range(npool):
        where[pool[a]] = LEFT_OUT
    return npool


@njit(cache=True)
def _objective(m, n, rt, rlen, where, cost, vext, tt, fair, penalty):
    total = 0
    for v in range(m):
        total += _route_cost(v, rt, rlen, cost, vext, tt, fair)
    for a in range(n):
        if where[m + a] < 0:
            total += penalty[a]
    return total


@njit(cache=True)
def _assign(dst, src):
    """Copy one solution (routes, lengths, vehicle per node, parts used, route loads) onto another.

    Only the filled part of each route is copied: routes are as wide as
    the longest route allowed (a thousand stops on a 1,000-customer
    instance), and copying the whole table on every new best cost more
    than the iteration that found it.
    """
    for v in range(src[0].shape[0]):
        dst[0][v, : src[1][v]] = src[0][v, : src[1][v]]
    dst[1][:] = src[1]
    dst[2][:] = src[2]
    dst[3][:] = src[3]
    dst[4][:] = src[4]


@njit(cache=True, nogil=True)
def search(
    state,
    best,
    iterations,
    temperature,
    cooling,
    avg_removed,
    max_string,
    blink,
    cost,
    vext,
    tt,
    service,
    opening,
    closing,
    shift_start,
    has,
    bE,
    bL,
    bD,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    penalty,
    part_ptr,
    part_idx,
    part_qty,
    stock,
    neighbours,
    far,
    granular,
    twin,
):
    """Run ``iterations`` of ruin, recreate and annealed acceptance; returns the new temperature.

    ``state`` and ``best`` are tuples (routes, lengths, where, used parts,
    route loads, [objective]) updated in place: the current solution and
    the best seen. A trial works on a copy of the current solution, and
    only the routes it touched are timed, costed and copied back (or
    restored), so an iteration costs the same on a day of 20 technicians
    as on a day of 200.
    """
    rt, rlen, where, used, route_load, obj = state
    bobj = best[5]
    m = rt.shape[0]
    n = where.shape[0] - m
    times = np.empty((4, m, rt.shape[1] + 2), dtype=np.int64)
    pool = np.empty(n, dtype=np.int64)
    trial = (rt.copy(), rlen.copy(), where.copy(), used.copy(), route_load.copy(), obj)
    trt, trlen, twhere, tused, tload = trial[0], trial[1], trial[2], trial[3], trial[4]
    rcost = np.empty(m, dtype=np.int64)
    touched = np.zeros(m, dtype=np.bool_)
    for v in range(m):
        _time_route(v, trt, trlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
        rcost[v] = _route_cost(v, rt, rlen, cost, vext, tt, fair)
    for _ in range(iterations):
        seed = m + np.random.randint(n)
        r = np.random.random()
        if r < EMPTY_ROUTE_SHARE:
            npool = _empty_route(m, trt, trlen, twhere, load, tload, pool, part_ptr, part_idx, part_qty, tused)
            kind = ORDER_RANDOM
        elif twhere[seed] == LEFT_OUT and r < ROOM_SHARE:
            npool = _make_room(
                seed,
                m,
                avg_removed,
                max_string,
                trt,
                trlen,
                twhere,
                load,
                tload,
                veh_ptr,
                veh_idx,
                cost,
                pool,
                part_ptr,
                part_idx,
                part_qty,
                tused,
            )
            kind = PENALTY_FIRST
        else:
            npool = _ruin(
                seed,
                m,
                avg_removed,
                max_string,
                trt,
                trlen,
                twhere,
                load,
                tload,
                neighbours,
                pool,
                part_ptr,
                part_idx,
                part_qty,
                tused,
            )
            r = np.random.random()
            kind = (
                ORDER_RANDOM
                if r < WEIGHT_RANDOM / WEIGHTS
                else (
                    ORDER_LOAD
                    if r < (WEIGHT_RANDOM + WEIGHT_LOAD) / WEIGHTS
                    else (ORDER_FAR if r < (WEIGHT_RANDOM + WEIGHT_LOAD + WEIGHT_FAR) / WEIGHTS else ORDER_NEAR)
                )
            )
            if np.random.random() < PENALTY_FIRST_SHARE:
                kind += PENALTY_FIRST
        for v in range(m):
            touched[v] = trlen[v] != rlen[v]
            if touched[v]:
                _time_route(v, trt, trlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
        _recreate(
            pool,
            npool,
            m,
            blink,
            kind,
            trt,
            trlen,
            times,
            twhere,
            load,
            cap,
            max_visits,
            fair,
            veh_ptr,
            veh_idx,
            cost,
            vext,
            has,
            bE,
            bL,
            bD,
            tt,
            service,
            opening,
            closing,
            shift_start,
            tload,
            penalty,
            part_ptr,
            part_idx,
            part_qty,
            tused,
            stock,
            far,
            granular,
            neighbours,
            twin,
        )
        new = obj[0]
        for a in range(npool):
            u = pool[a]
            new += penalty[u - m] * ((twhere[u] == LEFT_OUT) - (where[u] == LEFT_OUT))
        for v in range(m):
            touched[v] = touched[v] or trlen[v] != rlen[v]
            if touched[v]:
                new += _route_cost(v, trt, trlen, cost, vext, tt, fair) - rcost[v]
        accept = new < obj[0] - temperature * np.log(1.0 - np.random.random())
        for v in range(m):
            if not touched[v]:
                continue
            if accept:
                rt[v, : trlen[v]] = trt[v, : trlen[v]]
                rlen[v] = trlen[v]
                route_load[v] = tload[v]
                rcost[v] = _route_cost(v, rt, rlen, cost, vext, tt, fair)
            else:
                trt[v, : rlen[v]] = rt[v, : rlen[v]]
                trlen[v] = rlen[v]
                tload[v] = route_load[v]
                _time_route(v, trt, trlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
        for a in range(npool):
            if accept:
                where[pool[a]] = twhere[pool[a]]
            else:
                twhere[pool[a]] = where[pool[a]]
        if accept:
            used[:] = tused
            obj[0] = new
            if new < bobj[0]:
                _assign(best, state)
                bobj[0] = new
        else:
            tused[:] = used
        temperature *= cooling
    return temperature


@njit(cache=True, nogil=True)
def construct(
    state,
    cost,
    vext,
    tt,
    service,
    opening,
    closing,
    shift_start,
    has,
    bE,
    bL,
    bD,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    penalty,
    part_ptr,
    part_idx,
    part_qty,
    stock,
    far,
):
    """First routes: every visit inserted where it is cheapest, the heaviest penalties first."""
    rt, rlen, where, used, route_load, obj = state
    m = rt.shape[0]
    n = where.shape[0] - m
    times = np.empty((4, m, rt.shape[1] + 2), dtype=np.int64)
    for v in range(m):
        _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
    pool = np.empty(n, dtype=np.int64)
    npool = 0
    for a in range(n):
        if where[m + a] < 0:
            pool[npool] = m + a
            npool += 1
    _recreate(
        pool,
        npool,
        m,
        0.0,
        PENALTY_FIRST + ORDER_FAR,
        rt,
        rlen,
        times,
        where,
        load,
        cap,
        max_visits,
        fair,
        veh_ptr,
        veh_idx,
        cost,
        vext,
        has,
        bE,
        bL,
        bD,
        tt,
        service,
        opening,
        closing,
        shift_start,
        route_load,
        penalty,
        part_ptr,
        part_idx,
        part_qty,
        used,
        stock,
        far,
        0,
        np.zeros((n, 0), dtype=np.int64),
        np.arange(m),
    )
    obj[0] = _objective(m, n, rt, rlen, where, cost, vext, tt, fair, penalty)


@njit(cache=True)
def _shares_part(u, h, m, part_ptr, part_idx):
    """Does visit h take from stock a part that visit u needs?"""
    for p in range(part_ptr[u - m], part_ptr[u - m + 1]):
        for q in range(part_ptr[h - m], part_ptr[h - m + 1]):
            if part_idx[p] == part_idx[q]:
                return True
    return False


@njit(cache=True)
def _allowed(u, v, m, veh_ptr, veh_idx):
    for a in range(veh_ptr[u - m], veh_ptr[u - m + 1]):
        if veh_idx[a] == v:
            return True
    return False


@njit(cache=True, nogil=True)
def take_back(
    state,
    cost,
    vext,
    tt,
    service,
    opening,
    closing,
    shift_start,
    has,
    bE,
    bL,
    bD,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    penalty,
    part_ptr,
    part_idx,
    part_qty,
    stock,
):
    """Give each left-out visit what a less important planned visit holds, where one swap shows it pays.

    Annealing may end with an urgent visit left out while a routine one
    keeps the spare part it needs, or the hour on the one route that could
    take it: recreate inserts into free room only, and a cold search rarely
    removes the right holder. Here every left-out visit, most important
    first, tries plain insertion, then each less important planned visit
    that holds a part it needs or sits on a route it may join (least
    important first): take that visit out, put the left-out one in, and
    put the removed one back anywhere it still fits. A swap is kept when
    the objective falls; otherwise the route is restored exactly. Repeats
    until no swap pays, so no single swap can serve a more important visit
    in place of a less important one afterwards.
    """
    rt, rlen, where, used, route_load, obj = state
    m = rt.shape[0]
    n = where.shape[0] - m
    times = np.empty((4, m, rt.shape[1] + 2), dtype=np.int64)
    for v in range(m):
        _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
    order = np.argsort(-penalty, kind="mergesort") + m
    cheap = np.argsort(penalty, kind="mergesort") + m
    changed = True
    while changed:
        changed = False
        for u in order:
            if where[u] != LEFT_OUT:
                continue
            if _parts_ok(u, m, part_ptr, part_idx, part_qty, used, stock):
                if (
                    _insert_best(
                        u,
                        m,
                        0.0,
                        rt,
                        rlen,
                        times,
                        where,
                        load,
                        cap,
                        max_visits,
                        fair,
                        veh_ptr,
                        veh_idx,
                        cost,
                        vext,
                        has,
                        bE,
                        bL,
                        bD,
                        tt,
                        service,
                        opening,
                        closing,
                        shift_start,
                        route_load,
                    )
                    < INF
                ):
                    _take_parts(u, m, 1, part_ptr, part_idx, part_qty, used)
                    changed = True
                    continue
            for h in cheap:
                if penalty[h - m] >= penalty[u - m]:
                    break
                v = where[h]
                if v < 0:
                    continue
                holder = _shares_part(u, h, m, part_ptr, part_idx)
                if not holder and not _allowed(u, v, m, veh_ptr, veh_idx):
                    continue
                if _swap(
                    u,
                    h,
                    v,
                    holder,
                    m,
                    rt,
                    rlen,
                    times,
                    where,
                    used,
                    route_load,
                    cost,
                    vext,
                    tt,
                    service,
                    opening,
                    closing,
                    shift_start,
                    has,
                    bE,
                    bL,
                    bD,
                    load,
                    cap,
                    max_visits,
                    fair,
                    veh_ptr,
                    veh_idx,
                    penalty,
                    part_ptr,
                    part_idx,
                    part_qty,
                    stock,
                ):
                    changed = True
                    break
    obj[0] = _objective(m, n, rt, rlen, where, cost, vext, tt, fair, penalty)


@njit(cache=True)
def _take_out(
    node,
    v,
    m,
    rt,
    rlen,
    where,
    route_load,
    load,
    part_ptr,
    part_idx,
    part_qty,
    used,
    times,
    shift_start,
    has,
    bE,
    bL,
    bD,
    tt,
    service,
    opening,
    closing,
):
    """Take visit ``node`` off route v, its parts back to stock, and re-time the route; returns its position."""
    k = 0
    for idx in range(rlen[v]):
        if rt[v, idx] == node:
            k = idx
            break
    _remove_at(v, k, rt, rlen, where)
    route_load[v] -= load[node]
    _take_parts(node, m, -1, part_ptr, part_idx, part_qty, used)
    _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
    return k


@njit(cache=True)
def _swap(
    u,
    h,
    v,
    holder,
    m,
    rt,
    rlen,
    times,
    where,
    used,
    route_load,
    cost,
    vext,
    tt,
    service,
    opening,
    closing,
    shift_start,
    has,
    bE,
    bL,
    bD,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    penalty,
    part_ptr,
    part_idx,
    part_qty,
    stock,
):
    """Try left-out u in place of planned h (on route v); keep it if the objective falls, else restore."""
    gain = _route_cost(v, rt, rlen, cost, vext, tt, fair)
    k = _take_out(
        h,
        v,
        m,
        rt,
        rlen,
        where,
        route_load,
        load,
        part_ptr,
        part_idx,
        part_qty,
        used,
        times,
        shift_start,
        has,
        bE,
        bL,
        bD,
        tt,
        service,
        opening,
        closing,
    )
    gain -= _route_cost(v, rt, rlen, cost, vext, tt, fair)
    placed = -1
    if _parts_ok(u, m, part_ptr, part_idx, part_qty, used, stock):
        added = _insert_best(
            u,
            m,
            0.0,
            rt,
            rlen,
            times,
            where,
            load,
            cap,
            max_visits,
            fair,
            veh_ptr,
            veh_idx,
            cost,
            vext,
            has,
            bE,
            bL,
            bD,
            tt,
            service,
            opening,
            closing,
            shift_start,
            route_load,
            ANY_ROUTE if holder else v,
        )
        if added < INF:
            placed = where[u]
            gain += penalty[u - m] - added
            _take_parts(u, m, 1, part_ptr, part_idx, part_qty, used)
    if placed >= 0:
        back = -1
        added = INF
        if _parts_ok(h, m, part_ptr, part_idx, part_qty, used, stock):
            added = _insert_best(
                h,
                m,
                0.0,
                rt,
                rlen,
                times,
                where,
                load,
                cap,
                max_visits,
                fair,
                veh_ptr,
                veh_idx,
                cost,
                vext,
                has,
                bE,
                bL,
                bD,
                tt,
                service,
                opening,
                closing,
                shift_start,
                route_load,
            )
        if added < INF:
            back = where[h]
            gain -= added
            _take_parts(h, m, 1, part_ptr, part_idx, part_qty, used)
        else:
            gain -= penalty[h - m]
        if gain > 0:
            return True
        if back >= 0:
            _take_out(
                h,
                back,
                m,
                rt,
                rlen,
                where,
                route_load,
                load,
                part_ptr,
                part_idx,
                part_qty,
                used,
                times,
                shift_start,
                has,
                bE,
                bL,
                bD,
                tt,
                service,
                opening,
                closing,
            )
        _take_out(
            u,
            placed,
            m,
            rt,
            rlen,
            where,
            route_load,
            load,
            part_ptr,
            part_idx,
            part_qty,
            used,
            times,
            shift_start,
            has,
            bE,
            bL,
            bD,
            tt,
            service,
            opening,
            closing,
        )
    for idx in range(rlen[v], k, -1):
        rt[v, idx] = rt[v, idx - 1]
    rt[v, k] = h
    rlen[v] += 1
    where[h] = v
    route_load[v] += load[h]
    _take_parts(h, m, 1, part_ptr, part_idx, part_qty, used)
    _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
    return False


@njit(cache=True)
def _start_at(v, k, times):
    """Service start of the k-th stop of route v (0-based) in its earliest schedule that keeps every rule."""
    owed = times[0, v, k + 1] if times[0, v, k + 1] <= times[2, v, k + 1] else INF
    taken = times[1, v, k + 1] if times[1, v, k + 1] <= times[3, v, k + 1] else INF
    return min(owed, taken)


@njit(cache=True)
def _lateness(v, rt, rlen, times, opening, start_cost):
    """Start costs of route v: per stop, its cost per minute times the minutes after its window opens."""
    total = 0
    for k in range(rlen[v]):
        node = rt[v, k]
        if start_cost[node]:
            total += start_cost[node] * (_start_at(v, k, times) - opening[node])
    return total


@njit(cache=True)
def _relocate(v, k, j, rt):
    """Move the stop at position k of route v to position j (the others keep their order)."""
    u = rt[v, k]
    if j < k:
        for idx in range(k, j, -1):
            rt[v, idx] = rt[v, idx - 1]
    else:
        for idx in range(k, j):
            rt[v, idx] = rt[v, idx + 1]
    rt[v, j] = u


@njit(cache=True, nogil=True)
def sooner(
    state,
    cost,
    vext,
    tt,
    service,
    opening,
    closing,
    shift_start,
    has,
    bE,
    bL,
    bD,
    load,
    cap,
    max_visits,
    fair,
    veh_ptr,
    veh_idx,
    penalty,
    part_ptr,
    part_idx,
    part_qty,
    stock,
    start_cost,
):
    """Reorder each route so that urgent and important visits start early where it pays (same visits).

    The search weighs travel and leaves; when in the day a visit starts
    does not enter its constant-time insertions. This last pass does: in
    each route holding a visit with a start cost, every stop tries every
    other position (a routine visit moving later is often what lets an
    urgent one start sooner), and a move is kept when travel, balance and
    start costs fall together and every rule still holds. Which visits
    are served never changes, so service cannot drop.
    """
    rt, rlen, where, _used, _route_load, obj = state
    m = rt.shape[0]
    n = where.shape[0] - m
    times = np.empty((4, m, rt.shape[1] + 2), dtype=np.int64)
    for v in range(m):
        weighted = False
        for k in range(rlen[v]):
            weighted = weighted or start_cost[rt[v, k]] > 0
        if not weighted:
            continue
        _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
        now = _route_cost(v, rt, rlen, cost, vext, tt, fair) + _lateness(v, rt, rlen, times, opening, start_cost)
        changed = True
        while changed:
            changed = False
            for k in range(rlen[v]):
                for j in range(rlen[v]):
                    if j == k:
                        continue
                    _relocate(v, k, j, rt)
                    _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
                    if times[2, v, 0] >= shift_start[v]:
                        trial = _route_cost(v, rt, rlen, cost, vext, tt, fair) + _lateness(
                            v, rt, rlen, times, opening, start_cost
                        )
                        if trial < now:
                            now = trial
                            changed = True
                            continue
                    _relocate(v, j, k, rt)
        _time_route(v, rt, rlen, times, shift_start, has, bE, bL, bD, tt, service, opening, closing)
    obj[0] = _objective(m, n, rt, rlen, where, cost, vext, tt, fair, penalty)


@njit(cache=True)
def seed_generator(seed):
    """Seed numba's own random generator (separate from NumPy's in Python)."""
    np.random.seed(seed)


#: Visits removed per ruin on average, and the longest string taken from one route (SISR's c-bar and L-max).
AVG_REMOVED = 10.0
MAX_STRING = 10.0
#: Chance that recreate skips a place while looking for the cheapest one (SISR's blinks).
BLINK = 0.01
#: Nearest visits a ruin may reach from its seed visit.
NEIGHBOURS = 100
#: Nearest visits whose routes recreate tries first for a visit (all routes when none of those fits).
GRANULAR = 40
#: Start and end temperature of the annealing, in units of the mean cost of an arc of the first routes.
START_TEMPERATURE = 10.0
END_TEMPERATURE = 0.1
#: Iterations per call into compiled code: the caller's clock is read between chunks.
CHUNK = 200
#: Independent annealing runs from the first routes, each with an equal share of the work (or time); the
#: best is kept. One long run sometimes settles in a poor basin (a route too few, a priority 3 visit
#: short) that it cannot leave when cold; three shorter runs halved the mean Solomon gap of twelve hard
#: instances at 10 s and serve the sample's priority 3 visits more often (docs/benchmarks.md).
RUNS = 3


def _problem_arrays(problem: RoutingProblem) -> dict[str, np.ndarray]:
    """The problem as flat integer arrays in the layout the compiled search reads."""
    m, n = problem.vehicles, len(problem.visit_ids)
    travel = np.asarray(problem.travel_min, dtype=np.int64)
    service = np.array(problem.service_min, dtype=np.int64)
    shifts = np.array(problem.shifts, dtype=np.int64).reshape(m, 2)
    opening = np.zeros(m + n, dtype=np.int64)
    closing = np.zeros(m + n, dtype=np.int64)
    closing[:m] = shifts[:, 1]
    windows = np.array(problem.windows, dtype=np.int64).reshape(n, 2)
    opening[m:], closing[m:] = windows[:, 0], windows[:, 1]
    rules = problem.breaks
    big = np.iinfo(np.int64).max // 4
    allowed = [tuple(vehicles) for vehicles in problem.allowed]
    parts: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for index, (_, users) in enumerate(problem.parts):
        for node, qty in users:
            parts[node - m].append((index, qty))
    cost = travel * TRAVEL_COST_PER_MIN
    vext = np.ascontiguousarray(vehicle_surcharge(problem), dtype=np.int64)
    return {
        "cost": cost,
        "vext": vext,
        "tt": travel + service[:, None],
        "service": service,
        "opening": opening,
        "closing": closing,
        "shift_start": np.ascontiguousarray(shifts[:, 0]),
        "has": np.array([rule is not None for rule in rules], dtype=np.bool_),
        "bE": np.array([rule.earliest if rule else 0 for rule in rules], dtype=np.int64),
        "bL": np.array([rule.latest if rule else 0 for rule in rules], dtype=np.int64),
        "bD": np.array([rule.minutes if rule else 0 for rule in rules], dtype=np.int64),
        "load": np.array(problem.loads if problem.loads else [0] * (m + n), dtype=np.int64),
        "cap": np.array(problem.capacities if problem.capacities else [big] * m, dtype=np.int64),
        "max_visits": np.minimum(np.array(problem.max_visits, dtype=np.int64), n),
        "fair": np.array(
            [
                target if target < end - start else big
                for target, (start, end) in zip(problem.balance_targets, problem.shifts)
            ],
            dtype=np.int64,
        ),
        "veh_ptr": np.cumsum([0] + [len(a) for a in allowed]).astype(np.int64),
        "veh_idx": np.array([v for a in allowed for v in a], dtype=np.int64),
        "penalty": np.array(problem.penalties, dtype=np.int64),
        "part_ptr": np.cumsum([0] + [len(p) for p in parts]).astype(np.int64),
        "part_idx": np.array([i for p in parts for i, _ in p], dtype=np.int64),
        "part_qty": np.array([q for p in parts for _, q in p], dtype=np.int64),
        "stock": np.array([stock for stock, _ in problem.parts], dtype=np.int64),
        "neighbours": _neighbours(cost, m, n),
        "start_cost": np.array([0] * m + list(problem.start_costs or [0] * n), dtype=np.int64),
        "far": cost[:m, m:].min(axis=0) if m else np.zeros(n, dtype=np.int64),
        "twin": _twins(problem, travel, vext, m),
    }


def _twins(problem: RoutingProblem, travel: np.ndarray, surcharge: np.ndarray, m: int) -> np.ndarray:
    """Per person, the first person interchangeable with them (same base, day, break, limits and costs).

    An empty route of one of them is as good as an empty route of any
    other, so recreate tries one per kind (a classical fleet is all one kind).
    """
    allowed = np.zeros((m, len(problem.allowed)), dtype=np.bool_)
    for a, vehicles in enumerate(problem.allowed):
        allowed[list(vehicles), a] = True
    kinds: dict[tuple, int] = {}
    twin = np.arange(m, dtype=np.int64)
    for v in range(m):
        key = (
            travel[v, m:].tobytes(),
            travel[m:, v].tobytes(),
            surcharge[v, m:].tobytes(),
            int(surcharge[v, v]),
            tuple(problem.shifts[v]),
            repr(problem.breaks[v]),
            problem.max_visits[v],
            problem.capacities[v] if problem.capacities else None,
            problem.balance_targets[v],
            allowed[v].tobytes(),
        )
        twin[v] = kinds.setdefault(key, v)
    return twin


def _neighbours(cost: np.ndarray, m: int, n: int) -> np.ndarray:
    """Per visit, the nearest other visits (node numbers), nearest first."""
    k = min(NEIGHBOURS, n - 1)
    between = cost[m:, m:] + cost[m:, m:].T
    np.fill_diagonal(between, np.iinfo(np.int64).max)
    nearest = np.argsort(between, axis=1, kind="stable")[:, :k]
    return (nearest + m).astype(np.int64)


_SHARED = (
    "cost",
    "vext",
    "tt",
    "service",
    "opening",
    "closing",
    "shift_start",
    "has",
    "bE",
    "bL",
    "bD",
    "load",
    "cap",
    "max_visits",
    "fair",
    "veh_ptr",
    "veh_idx",
    "penalty",
    "part_ptr",
    "part_idx",
    "part_qty",
    "stock",
)


def _empty_state(arrays: dict[str, np.ndarray], m: int, n: int) -> tuple[np.ndarray, ...]:
    """No routes yet: routes, route lengths, vehicle per node (-1 left out), parts used, loads, objective."""
    width = max(1, int(arrays["max_visits"].max(initial=1)))
    where = np.full(m + n, LEFT_OUT, dtype=np.int64)
    where[:m] = BASE
    return (
        np.zeros((m, width), dtype=np.int64),
        np.zeros(m, dtype=np.int64),
        where,
        np.zeros(len(arrays["stock"]), dtype=np.int64),
        np.zeros(m, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
    )


def improve(
    problem: RoutingProblem, iterations: int | None, seed: int = 0, deadline: float | None = None
) -> tuple[list[list[int]], bool]:
    """Routes (visit positions per vehicle) after ruin and recreate, and whether the work was all done.

    ``iterations`` bounds the work, so the same problem and seed give the
    same routes; ``deadline`` (a ``time.perf_counter`` value) cuts it short
    between chunks. With ``iterations`` None the search runs until the
    deadline and cools so that it is cold when the deadline comes (the
    benchmarks' mode: the clock decides). The work or time is shared by
    ``RUNS`` annealing runs from the same first routes; the best is kept.
    With two cores or more the runs go at once, one thread each (the
    compiled search releases the GIL): on two cores the system shares them
    among the three, where two threads left a core idle while the third
    run waited; on one core they go one after another. Each is seeded from
    ``seed`` and its number, so a work-bounded plan is the same on one
    core or several.
    """
    m, n = problem.vehicles, len(problem.visit_ids)
    arrays = _problem_arrays(problem)
    shared = tuple(arrays[name] for name in _SHARED)
    first = _empty_state(arrays, m, n)
    seed_generator(seed)
    construct(first, *shared, arrays["far"])
    temperature = START_TEMPERATURE * _mean_arc(arrays["cost"], first[0], first[1])
    workers = RUNS if cores() > 1 else 1
    began = time.perf_counter()
    waves = -(-RUNS // workers)

    def run(index: int) -> tuple[tuple[np.ndarray, ...], bool]:
        """One annealing run on its own thread, with its own seed and its share of the work or time."""
        seed_generator(seed * RUNS + index + 1)
        share = None if iterations is None else iterations // RUNS + (index < iterations % RUNS)
        until = None if deadline is None else began + (deadline - began) * (index // workers + 1) / waves
        return _anneal(first, arrays, shared, share, until, temperature)

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(run, range(RUNS)))
    best, finished = first, all(done for _, done in results)
    for found, _ in results:
        if found[5][0] < best[5][0]:
            best = found
    take_back(best, *shared)
    sooner(best, *shared, arrays["start_cost"])
    routes, lengths = best[0], best[1]
    plan = [[int(node) - m for node in routes[v, : lengths[v]]] for v in range(m)]
    return plan, iterations is not None and finished


def take_back_routes(problem: RoutingProblem, routes: Sequence[Sequence[int]]) -> list[list[int]] | None:
    """Run the take-back pass on routes found another way (visit positions per vehicle); None if nothing changed.

    Plans that start from an earlier plan (scenarios, re-plans) are searched
    by OR-Tools alone, which may stop with a visit left out that a free
    person could do, or that a less important visit stands in the way of.
    """
    m, n = problem.vehicles, len(problem.visit_ids)
    arrays = _problem_arrays(problem)
    state = _empty_state(arrays, m, n)
    rt, rlen, where, used, route_load = state[0], state[1], state[2], state[3], state[4]
    width = rt.shape[1]
    for v, route in enumerate(routes):
        if len(route) > width:
            return None
        for k, position in enumerate(route):
            node = m + position
            rt[v, k] = node
            where[node] = v
            route_load[v] += arrays["load"][node]
            for p in range(arrays["part_ptr"][position], arrays["part_ptr"][position + 1]):
                used[arrays["part_idx"][p]] += arrays["part_qty"][p]
        rlen[v] = len(route)
    before = [list(route) for route in routes] + [[] for _ in range(m - len(routes))]
    take_back(state, *(arrays[name] for name in _SHARED))
    after = [[int(node) - m for node in rt[v, : rlen[v]]] for v in range(m)]
    return None if after == before else after


def cores() -> int:
    """Cores this process may run on (what the annealing runs share)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _anneal(
    first: tuple[np.ndarray, ...],
    arrays: dict[str, np.ndarray],
    shared: tuple[np.ndarray, ...],
    iterations: int | None,
    deadline: float | None,
    temperature: float,
) -> tuple[tuple[np.ndarray, ...], bool]:
    """One annealing run from the first routes: the best solution it saw, and whether it did all its work."""
    state = tuple(part.copy() for part in first)
    best = tuple(part.copy() for part in first)
    final = temperature * END_TEMPERATURE / START_TEMPERATURE
    began = time.perf_counter()
    done = 0
    while (iterations is None or done < iterations) and (deadline is None or time.perf_counter() < deadline):
        if iterations is not None:
            left = iterations - done
        else:
            assert deadline is not None, "a run without an iteration count has a deadline"
            left = _iterations_left(done, began, deadline)
        cooling = (final / temperature) ** (1.0 / max(1, left))
        chunk = min(CHUNK, left)
        temperature = search(
            state,
            best,
            chunk,
            temperature,
            cooling,
            AVG_REMOVED,
            MAX_STRING,
            BLINK,
            *shared,
            arrays["neighbours"],
            arrays["far"],
            GRANULAR,
            arrays["twin"],
        )
        done += chunk
    return best, iterations is not None and done >= iterations


def _mean_arc(cost: np.ndarray, routes: np.ndarray, lengths: np.ndarray) -> float:
    """Mean cost of an arc of the given routes: the scale of the annealing temperature."""
    total, arcs = 0, 0
    for v, length in enumerate(lengths):
        if length:
            path = np.r_[v, routes[v, :length], v]
            total += int(cost[path[:-1], path[1:]].sum())
            arcs += int(length) + 1
    return max(1.0, total / max(1, arcs))


def _iterations_left(done: int, began: float, deadline: float) -> int:
    """How many more iterations fit before the deadline at the pace so far (a chunk to start with)."""
    spent = time.perf_counter() - began
    if done == 0 or spent <= 0:
        return CHUNK
    return max(1, int(done * (deadline - time.perf_counter()) / spent))
