"""The roster model in OR-Tools CP-SAT: the only module that imports the solver.

One boolean per person, day and shift says who works what. The contract's
hard rules (leave, rest days, runs of days, weekly days and hours, rest
between shifts) are constraints; demand, fairness, requests and contract
days are weighted terms of one integer objective, demand by far the
heaviest, so a shortfall is left only where the rules allow nothing else.

The same model also names contradictions: with every rule of every person
(and every demand row) behind its own enforcement literal, assumed true,
CP-SAT reports a set of assumptions that cannot hold together. That set is
shrunk until each member is needed, so a manager reads which rules of
which people stand against which demand.

Searches are deterministic: one worker, a fixed seed, and a deterministic
time budget (CP-SAT's own measure of work) besides a wall-clock cap; the
benchmark counts plain seconds instead, since seconds are what it reports.
A roster longer than a week starts from a week-by-week roster (a hint).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.roster.week import MINUTES_PER_DAY, OFF, WEEK_DAYS, Demand, Person, Week, contract_days, is_weekend

RULES: tuple[str, ...] = (
    "leave",
    "min_rest_days",
    "max_consecutive_days",
    "max_days_per_week",
    "max_hours_per_week",
    "min_rest_hours",
    "demand",
)
"""Every rule a contradiction can name; ``demand`` is a row of demand.csv."""

Expr = cp_model.LinearExpr | cp_model.IntVar | int
"""An integer expression of the model (a sum of no variables is the plain number 0)."""

#: Weights of the objective: one person short on a shift outweighs everything else together
#: in any week people can roster by hand; a granted wish outweighs the fairness spread it costs
#: (a weekend late shift asked for raises both the weekend and the late maximum).
WEIGHT_SHORTFALL = 1000
WEIGHT_FAIRNESS = 20
WEIGHT_CONTRACT = 15
WEIGHT_REQUEST = 50
MAX_CONFLICTS = 10
HINT_SHARE = 0.25
"""Share of a long roster's time spent making its week-by-week start."""


@dataclass(frozen=True)
class RosterParams:
    """How long to search and with which seed (same week and seed: same roster)."""

    time_limit: float = 10.0
    seed: int = 0
    workers: int = 1
    deterministic: bool = True
    """Count the limit in CP-SAT's deterministic time (same roster on any machine load) or in seconds."""


@dataclass(frozen=True)
class Shortfall:
    """A demand row the roster does not meet: ``rostered`` of ``demand.min_staff``."""

    demand: Demand
    rostered: int

    @property
    def missing(self) -> int:
        return self.demand.min_staff - self.rostered


@dataclass(frozen=True)
class RuleRef:
    """One rule of one person (or one demand row) in a contradiction."""

    rule: str
    technician_id: str | None = None
    date: dt.date | None = None
    demand: Demand | None = None


@dataclass(frozen=True)
class RosterResult:
    """The roster found, what it costs and how far from the best possible it may be.

    ``shifts`` maps (technician id, date) to a shift id or ``off``.
    ``terms`` breaks the objective down by goal (before weighting).
    """

    shifts: Mapping[tuple[str, dt.date], str]
    status: str
    objective: int
    bound: float
    seconds: float
    shortfalls: tuple[Shortfall, ...] = ()
    terms: Mapping[str, int] = field(default_factory=dict)

    @property
    def proven_optimal(self) -> bool:
        return self.status == "optimal"

    @property
    def gap(self) -> float:
        """Relative distance between the roster's objective and CP-SAT's bound (0 when proven)."""
        if self.proven_optimal or self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))


class _Model:
    """The CP-SAT model of one week; ``assume`` puts every rule behind a literal."""

    def __init__(self, week: Week, assume: bool = False):
        self.week = week
        self.rules = week.rules
        self.assume = assume
        self.model = cp_model.CpModel()
        self.literals: dict[RuleRef, cp_model.IntVar] = {}
        self.dates = self.rules.dates
        self.x: dict[tuple[str, int, str], cp_model.IntVar] = {}
        for person in week.people:
            for d in range(len(self.dates)):
                day = [self._var(person.id, d, shift.id) for shift in self.rules.shifts]
                self.model.add_at_most_one(day)
        self.short: dict[Demand, cp_model.IntVar] = {}
        for person in week.people:
            self._leave(person)
            self._weekly(person)
            self._runs(person)
            self._rest_hours(person)
        self._demand()

    def _var(self, person: str, d: int, shift: str) -> cp_model.IntVar:
        var = self.model.new_bool_var(f"x_{person}_{d}_{shift}")
        self.x[person, d, shift] = var
        return var

    def worked(self, person: str, d: int) -> Expr:
        return sum(self.x[person, d, shift.id] for shift in self.rules.shifts)

    def _enforce(self, constraint: cp_model.Constraint, ref: RuleRef) -> None:
        if self.assume:
            if ref not in self.literals:
                self.literals[ref] = self.model.new_bool_var(f"rule_{len(self.literals)}")
            constraint.OnlyEnforceIf(self.literals[ref])

    def _leave(self, person: Person) -> None:
        for leave in self.week.leave:
            if leave.technician_id == person.id and leave.date in self.dates:
                d = self.dates.index(leave.date)
                self._enforce(self.model.add(self.worked(person.id, d) == 0), RuleRef("leave", person.id, leave.date))

    def _weekly(self, person: Person) -> None:
        rules = self.rules
        for block in rules.blocks():
            days = sum(self.worked(person.id, d) for d in block)
            self._enforce(
                self.model.add(days <= min(len(block), WEEK_DAYS - rules.min_rest_days)),
                RuleRef("min_rest_days", person.id),
            )
            if person.max_days_per_week is not None:
                self._enforce(self.model.add(days <= person.max_days_per_week), RuleRef("max_days_per_week", person.id))
            if person.max_hours_per_week is not None:
                limit = round(person.max_hours_per_week * 60)
                minutes = sum(self.x[person.id, d, s.id] * s.minutes for d in block for s in rules.shifts)
                ref = RuleRef("max_hours_per_week", person.id)
                self._enforce(self.model.add(minutes <= limit), ref)
                # Implied by the hours, but stated in whole days so the search's bound sees it
                # (44 hours of 9-hour shifts are 4 days, not 4.9).
                self._enforce(self.model.add(days <= limit // min(s.minutes for s in rules.shifts)), ref)

    def _runs(self, person: Person) -> None:
        """Every window of ``max_consecutive_days + 1`` days holds a rest day (history included)."""
        limit = self.rules.max_consecutive_days
        start = self.rules.week_start
        for last in range(len(self.dates)):
            first = last - limit
            worked_before = sum(
                self.week.history_shift(person.id, start + dt.timedelta(days=d)) != OFF for d in range(first, 0)
            )
            days = sum(self.worked(person.id, d) for d in range(max(first, 0), last + 1))
            if last - max(first, 0) + 1 + worked_before > limit:
                self._enforce(self.model.add(days <= limit - worked_before), RuleRef("max_consecutive_days", person.id))

    def _rest_hours(self, person: Person) -> None:
        """No two shifts closer than ``min_rest_hours``, also after the last days of history."""
        rest = round(self.rules.min_rest_hours * 60)
        shifts = self.rules.shifts
        reach = (rest + max(s.end for s in shifts)) // MINUTES_PER_DAY + 1
        ref = RuleRef("min_rest_hours", person.id)
        for d2 in range(len(self.dates)):
            for d1 in range(d2 - reach, d2):
                for first in shifts:
                    for second in shifts:
                        if (d2 - d1) * MINUTES_PER_DAY + second.start - first.end >= rest:
                            continue
                        if d1 >= 0:
                            pair = self.x[person.id, d1, first.id] + self.x[person.id, d2, second.id]
                            self._enforce(self.model.add(pair <= 1), ref)
                        elif (
                            self.week.history_shift(person.id, self.rules.week_start + dt.timedelta(days=d1))
                            == first.id
                        ):
                            self._enforce(self.model.add(self.x[person.id, d2, second.id] == 0), ref)

    def holders(self, demand: Demand) -> Expr:
        d = self.dates.index(demand.date)
        return sum(self.x[p.id, d, demand.shift] for p in self.week.people if p.holds(demand.skill, demand.level))

    def _demand(self) -> None:
        for demand in self.week.demand:
            if self.assume:
                self._enforce(
                    self.model.add(self.holders(demand) >= demand.min_staff), RuleRef("demand", demand=demand)
                )
            else:
                short = self.model.new_int_var(0, demand.min_staff, "short")
                self.model.add(self.holders(demand) + short >= demand.min_staff)
                self.short[demand] = short

    def objective(self) -> dict[str, Expr]:
        """The goals, each an integer expression to keep small; weighted into one objective."""
        terms: dict[str, Expr] = {"shortfall": sum(self.short.values())}
        terms["fairness"] = self._fairness()
        terms["requests"] = self._requests()
        terms["contract"] = self._contract()
        weights = {
            "shortfall": WEIGHT_SHORTFALL,
            "fairness": WEIGHT_FAIRNESS,
            "requests": WEIGHT_REQUEST,
            "contract": WEIGHT_CONTRACT,
        }
        self.model.minimize(sum(weights[name] * expr for name, expr in terms.items()))
        return terms

    def _fairness(self) -> Expr:
        """Per group, the spread (most minus fewest) of weekend days and of late shifts, history counted."""
        history_dates = self.week.history_dates()
        late = {s.id for s in self.rules.shifts if s.late}
        total: Expr = 0
        groups = sorted({p.group for p in self.week.people})
        for group in groups:
            members = [p for p in self.week.people if p.group == group]
            for kind in ("weekend", "late"):
                horizon = len(history_dates) + len(self.dates)
                most = self.model.new_int_var(0, horizon, f"most_{kind}_{group}")
                least = self.model.new_int_var(0, horizon, f"least_{kind}_{group}")
                for person in members:
                    if kind == "weekend":
                        before = sum(
                            1
                            for day in history_dates
                            if is_weekend(day) and self.week.history_shift(person.id, day) != OFF
                        )
                        now = sum(self.worked(person.id, d) for d, day in enumerate(self.dates) if is_weekend(day))
                    else:
                        before = sum(1 for day in history_dates if self.week.history_shift(person.id, day) in late)
                        now = sum(self.x[person.id, d, s] for d in range(len(self.dates)) for s in sorted(late))
                    self.model.add(most >= before + now)
                    self.model.add(least <= before + now)
                total += most - least
        return total

    def _requests(self) -> Expr:
        """Requests not granted (``off`` worked, ``work`` rested, a shift not given)."""
        missed: Expr = 0
        for request in self.week.requests:
            d = self.dates.index(request.date)
            if request.wish == OFF:
                missed += self.worked(request.technician_id, d)
            elif request.wish == "work":
                missed += 1 - self.worked(request.technician_id, d)
            else:
                missed += 1 - self.x[request.technician_id, d, request.wish]
        return missed

    def _contract(self) -> Expr:
        """Days worked away from each contract, per seven-day block (leave counts as worked)."""
        total: Expr = 0
        for person in self.week.people:
            for block in self.rules.blocks():
                leave = sum(1 for d in block if self.week.leave_of(person.id, self.dates[d]))
                target = round(contract_days(person, self.rules) * len(block) / WEEK_DAYS) - leave
                target = max(0, min(target, len(block) - leave))
                days = sum(self.worked(person.id, d) for d in block)
                away = self.model.new_int_var(0, len(block), "away")
                self.model.add(away >= days - target)
                self.model.add(away >= target - days)
                total += away
        return total


def _solver(params: RosterParams, time_limit: float, workers: int | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = params.seed
    solver.parameters.num_workers = workers or params.workers
    if params.deterministic:
        solver.parameters.max_deterministic_time = time_limit
        solver.parameters.max_time_in_seconds = 3 * time_limit + 5
    else:
        solver.parameters.max_time_in_seconds = time_limit
    return solver


def solve_roster(week: Week, params: RosterParams = RosterParams()) -> RosterResult | None:
    """The best roster found within the time limit; None when none was found at all.

    A roster longer than a week starts from one made week by week (each
    week with the weeks before it as history): every such roster keeps
    the rules, so CP-SAT begins from a good complete roster and spends its
    time improving it and raising the bound.
    """
    started = time.perf_counter()
    hint = {}
    if week.rules.days > WEEK_DAYS:
        hint = _week_by_week(week, params, params.time_limit * HINT_SHARE / len(week.rules.blocks()))
    built = _Model(week)
    terms = built.objective()
    if hint:
        for (person_id, d, shift), var in built.x.items():
            built.model.add_hint(var, hint.get((person_id, built.dates[d])) == shift)
    if params.deterministic:
        budget = params.time_limit * (1 - HINT_SHARE) if hint else params.time_limit
    else:
        budget = max(0.1, params.time_limit - (time.perf_counter() - started))
    solver = _solver(params, budget)
    status = solver.Solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    shifts = {}
    for person in week.people:
        for d, date in enumerate(built.dates):
            worked = [s.id for s in week.rules.shifts if solver.BooleanValue(built.x[person.id, d, s.id])]
            shifts[person.id, date] = worked[0] if worked else OFF
    shortfalls = tuple(
        Shortfall(demand, demand.min_staff - solver.Value(short))
        for demand, short in built.short.items()
        if solver.Value(short) > 0
    )
    return RosterResult(
        shifts=shifts,
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        objective=round(solver.ObjectiveValue()),
        bound=solver.BestObjectiveBound(),
        seconds=time.perf_counter() - started,
        shortfalls=shortfalls,
        terms={name: round(solver.Value(expr)) for name, expr in terms.items()},
    )


def _week_by_week(week: Week, params: RosterParams, budget: float) -> dict[tuple[str, dt.date], str]:
    """A complete roster made one seven-day block at a time; empty when a block finds none."""
    shifts: dict[tuple[str, dt.date], str] = {}
    history = dict(week.history)
    for block in week.rules.blocks():
        rules = dataclasses.replace(week.rules, week_start=week.rules.dates[block.start], days=len(block))
        dates = set(rules.dates)
        part = Week(
            rules,
            week.people,
            tuple(x for x in week.leave if x.date in dates),
            tuple(x for x in week.demand if x.date in dates),
            tuple(x for x in week.requests if x.date in dates),
            history,
        )
        result = solve_roster(part, dataclasses.replace(params, time_limit=budget))
        if result is None:
            return {}
        shifts.update(result.shifts)
        history = {**history, **result.shifts}
    return shifts


def find_conflicts(week: Week, params: RosterParams = RosterParams()) -> tuple[tuple[tuple[RuleRef, ...], ...], bool]:
    """Sets of rules (and demand rows) that cannot all hold, each as small as CP-SAT shows it.

    Demand rows of a conflict found are set aside and the search goes on,
    so several independent contradictions are named in one run. The flag
    is True when the search ended by finding a roster that meets the rest
    (every contradiction named), False when time ran out first.
    """
    built = _Model(week, assume=True)
    refs = {var.Index(): ref for ref, var in built.literals.items()}
    active = dict(built.literals)
    deadline = time.perf_counter() + params.time_limit
    conflicts: list[tuple[RuleRef, ...]] = []
    while len(conflicts) < MAX_CONFLICTS:
        status, core = _core(built, list(active.values()), refs, params, deadline)
        if status != cp_model.INFEASIBLE:
            return tuple(conflicts), status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        core = _shrink(built, core, refs, params, deadline)
        conflict = tuple(sorted((refs[v.Index()] for v in core), key=_ref_order))
        conflicts.append(conflict)
        relaxed = [ref for ref in conflict if ref.rule == "demand"]
        if not relaxed:
            return tuple(conflicts), True
        for ref in relaxed:
            active.pop(ref, None)
    return tuple(conflicts), False


def _core(
    built: _Model, assumed: list, refs: Mapping[int, RuleRef], params: RosterParams, deadline: float
) -> tuple[int, list]:
    """Solve under ``assumed``; on infeasibility, the assumptions CP-SAT says suffice."""
    built.model.clear_assumptions()
    built.model.add_assumptions(assumed)
    solver = _solver(params, max(0.05, deadline - time.perf_counter()), workers=1)
    status = solver.Solve(built.model)
    if status != cp_model.INFEASIBLE:
        return status, []
    chosen = set(solver.SufficientAssumptionsForInfeasibility())
    return status, [var for var in assumed if var.Index() in chosen] or list(assumed)


def _shrink(built: _Model, core: list, refs: Mapping[int, RuleRef], params: RosterParams, deadline: float) -> list:
    """Drop each member whose absence still leaves a contradiction (a minimal set when time allows)."""
    core = list(core)
    for index in [var.Index() for var in core]:
        kept = {var.Index() for var in core}
        if time.perf_counter() > deadline or index not in kept:
            continue
        trial = [var for var in core if var.Index() != index]
        status, smaller = _core(built, trial, refs, params, deadline)
        if status == cp_model.INFEASIBLE:
            core = smaller
    return core


def _ref_order(ref: RuleRef) -> tuple:
    return (ref.rule != "demand", RULES.index(ref.rule), ref.technician_id or "", ref.date or dt.date.min)
