"""Single changes a manager could make tomorrow, found from why today's plan leaves visits out.

The base plan already says why each visit is left out. Two reasons point
at staffing: nobody holds the skill or level a visit asks for
(``no_qualified_technician``), and the qualified people's days are full
(``capacity``, ``deferred``). From those a handful of single changes is
proposed:

- train: raise one skill on one person to the level a visit needs (the
  people nearest the visit who cover its region, or anybody, and who
  already meet its other requirements);
- raise: one level more on one skill for a person one level short of
  several full-day visits, so that more people can share them;
- hire: one more person like the technician best qualified for the
  left-out work of the region with the most of it.

Each candidate is solved from the base plan with a short budget (so it
can only do better than the base), and the candidates that help are
reported in plain words, in English and Chinese, best first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from planner.defaults import PLANNING_DEFAULTS
from planner.domain import PRIORITY_LABELS, PRIORITY_LABELS_ZH, PRIORITY_WEIGHTS, Dataset, Technician, Visit
from planner.plan import Plan
from planner.routing import SearchParams
from planner.scenarios.variants import AddTechnicians, Change, Train
from planner.travel import haversine_km

MAX_CANDIDATES = 8
MAX_TRAININGS = 4
MAX_RAISES = 2
MAX_HIRES = 2
TOP = 3
#: The short search budget of a candidate, started from the base plan.
ADVICE_SOLUTIONS = 100

Kind = Literal["train", "raise", "hire"]
#: Cheapest first: ties in effect go to the change that costs the department least.
KIND_ORDER: dict[str, int] = {"train": 0, "raise": 1, "hire": 2}


@dataclass(frozen=True)
class Candidate:
    """One change to try, and the left-out visits it was proposed for."""

    key: str
    kind: Kind
    change: Change
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """What a candidate did when tried: service before and after, visits won and lost."""

    candidate: Candidate
    service_before: float
    service_after: float
    gained_by_priority: Mapping[int, int]
    newly_served: tuple[str, ...]
    newly_left_out: tuple[str, ...]
    text_en: str
    text_zh: str

    @property
    def gain(self) -> float:
        """Change of the priority-weighted service level (a share, 0.01 = one point)."""
        return round(self.service_after - self.service_before, 4)

    def as_dict(self) -> dict[str, object]:
        """The JSON form used in ``comparison.json``."""
        return {
            "key": self.candidate.key,
            "kind": self.candidate.kind,
            "change": self.candidate.change.describe(),
            "targets": list(self.candidate.targets),
            "priority_weighted_service": self.service_after,
            "gain": self.gain,
            "gained_by_priority": {str(p): n for p, n in sorted(self.gained_by_priority.items())},
            "newly_served": list(self.newly_served),
            "newly_left_out": list(self.newly_left_out),
            "text_en": self.text_en,
            "text_zh": self.text_zh,
        }


def candidate_params(params: SearchParams) -> SearchParams:
    """A short budget: candidates start from the base plan, so little search is needed."""
    limit = min(params.solution_limit or ADVICE_SOLUTIONS, ADVICE_SOLUTIONS)
    return SearchParams(
        time_limit=min(params.time_limit, PLANNING_DEFAULTS.advice_time_limit), seed=params.seed, solution_limit=limit
    )


def _free_minutes(plan: Plan, technician: Technician) -> int:
    row = next((r for r in plan.kpis.get("technicians", ()) if r["technician_id"] == technician.id), None)
    return (technician.shift_end - technician.shift_start) - (row["working_min"] if row else 0)


def _nearest_first(people: list[Technician], visit: Visit, plan: Plan) -> list[Technician]:
    """By distance from base to the visit (whole km), then by free time in the base plan."""
    return sorted(
        people,
        key=lambda t: (
            round(haversine_km(t.base_lat, t.base_lon, visit.lat, visit.lon)),
            -_free_minutes(plan, t),
            t.id,
        ),
    )


def _reasons(plan: Plan, *codes: str) -> list[str]:
    return [u.visit_id for u in plan.unassigned if u.reason_code in codes]


def _by_importance(dataset: Dataset, ids: list[str]) -> list[Visit]:
    """Most important first: priority, then the nearer due date, then dataset order."""
    order = {v.id: i for i, v in enumerate(dataset.visits)}
    return sorted(
        (dataset.visit(i) for i in ids),
        key=lambda v: (v.priority, v.due_date or dataset.settings.date.max, order[v.id]),
    )


def _trainable(visit: Visit, dataset: Dataset) -> list[Technician]:
    """People who may do the visit once one skill is trained: pin, region, all but one skill met."""
    people = [
        t
        for t in dataset.technicians
        if visit.pinned_technician in (None, t.id)
        and sum(t.level(s) < lvl for s, lvl in visit.required_skills.items()) == 1
    ]
    in_region = [t for t in people if t.covers(visit.region)]
    return in_region or people


def training_candidates(dataset: Dataset, plan: Plan) -> list[Candidate]:
    """For each visit nobody is qualified for: train the nearest people who lack only one skill."""
    out: list[Candidate] = []
    for visit in _by_importance(dataset, missing_skill_visits(plan)):
        for person in _nearest_first(_trainable(visit, dataset), visit, plan):
            skill, level = next((s, lvl) for s, lvl in visit.required_skills.items() if person.level(s) < lvl)
            key = f"train-{person.id}-{skill}-{level}"
            if key not in {c.key for c in out}:
                out.append(Candidate(key, "train", Train(person.id, skill, level), (visit.id,)))
            if len(out) >= MAX_TRAININGS:
                return out
    return out


def raise_candidates(dataset: Dataset, plan: Plan) -> list[Candidate]:
    """One level more for a person exactly one level short of full-day visits in their region."""
    targets: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    weight: Counter[tuple[str, str, int]] = Counter()
    for visit in _by_importance(dataset, _reasons(plan, "capacity", "deferred")):
        for person in dataset.technicians:
            if not person.covers(visit.region) or visit.pinned_technician not in (None, person.id):
                continue
            short = [(s, lvl) for s, lvl in visit.required_skills.items() if person.level(s) < lvl]
            if len(short) == 1 and person.level(short[0][0]) == short[0][1] - 1:
                key = (person.id, short[0][0], short[0][1])
                targets[key].append(visit.id)
                weight[key] += PRIORITY_WEIGHTS[visit.priority]
    best = sorted(weight, key=lambda k: (-weight[k], -_free_minutes(plan, dataset.technician(k[0])), k))
    return [
        Candidate(
            f"raise-{who}-{skill}-{level}", "raise", Train(who, skill, level), tuple(targets[(who, skill, level)])
        )
        for who, skill, level in best[:MAX_RAISES]
    ]


def _qualified_weight(person: Technician, visits: list[Visit]) -> int:
    return sum(PRIORITY_WEIGHTS[v.priority] for v in visits if person.qualifies(v.required_skills))


def hire_candidates(dataset: Dataset, plan: Plan) -> list[Candidate]:
    """One more person like the best-qualified technician of the regions with most full-day work."""
    left = _by_importance(dataset, _reasons(plan, "capacity", "deferred"))
    region_weight: Counter[str] = Counter()
    for visit in left:
        region_weight[visit.region] += PRIORITY_WEIGHTS[visit.priority]
    out: list[Candidate] = []
    for region, _ in sorted(region_weight.items(), key=lambda item: (-item[1], item[0])):
        here = [v for v in left if v.region == region]
        people = [t for t in dataset.technicians if t.regions and region in t.regions] or [
            t for t in dataset.technicians if t.covers(region)
        ]
        if not people:
            continue
        profile = min(people, key=lambda t: (-_qualified_weight(t, here), t.id))
        targets = tuple(v.id for v in left if profile.covers(v.region) and profile.qualifies(v.required_skills))
        if targets and f"hire-{profile.id}" not in {c.key for c in out}:
            out.append(Candidate(f"hire-{profile.id}", "hire", AddTechnicians(profile.id, 1), targets))
        if len(out) >= MAX_HIRES:
            break
    return out


def candidates(dataset: Dataset, plan: Plan) -> list[Candidate]:
    """Every candidate worth trying, at most ``MAX_CANDIDATES``."""
    found = training_candidates(dataset, plan) + raise_candidates(dataset, plan) + hire_candidates(dataset, plan)
    return found[:MAX_CANDIDATES]


def _served(plan: Plan) -> set[str]:
    return {s.visit_id for r in plan.routes for s in r.stops}


def evaluate(dataset: Dataset, base: Plan, tried: Sequence[tuple[Candidate, Plan]]) -> list[Advice]:
    """Each candidate's effect against the base, best first (ties: the cheaper change first).

    Candidates change people, never visits, so a visit's priority is read
    from the base day for won and lost visits alike.
    """
    before = _served(base)
    found = []
    for candidate, plan in tried:
        after = _served(plan)
        won, lost = tuple(sorted(after - before)), tuple(sorted(before - after))
        gained = Counter(dataset.visit(v).priority for v in won)
        gained.subtract(Counter(dataset.visit(v).priority for v in lost))
        by_priority = {p: n for p, n in sorted(gained.items()) if n}
        service = (base.kpis["priority_weighted_service"], plan.kpis["priority_weighted_service"])
        en, zh = _words(dataset, candidate, service, by_priority, won, lost)
        found.append(Advice(candidate, service[0], service[1], by_priority, won, lost, en, zh))
    return sorted(found, key=lambda a: (-a.gain, KIND_ORDER[a.candidate.kind], a.candidate.key))


def top(advice: Sequence[Advice]) -> list[Advice]:
    """The few changes worth a manager's attention: those that raise the service level."""
    return [a for a in advice if a.gain > 0][:TOP]


def best_for_visit(advice: Sequence[Advice], visit_id: str) -> Advice | None:
    """The best-ranked change proposed for a visit that actually gets it served."""
    return next((a for a in advice if visit_id in a.candidate.targets and visit_id in a.newly_served), None)


def missing_skill_visits(plan: Plan) -> list[str]:
    """Visits nobody on the roster is qualified for: what training is proposed for."""
    return _reasons(plan, "no_qualified_technician")


def _who(dataset: Dataset, technician_id: str) -> tuple[str, str]:
    name = dataset.technician_name(technician_id)
    return name, name


def _action(dataset: Dataset, candidate: Candidate) -> tuple[str, str]:
    """What to do, in a manager's words."""
    change = candidate.change
    if isinstance(change, Train):
        en, zh = _who(dataset, change.technician)
        current = dataset.technician(change.technician).level(change.skill)
        skill_en, skill_zh = dataset.skill_name(change.skill, english=True), dataset.skill_name(change.skill)
        if current:
            return (
                f"Raise {en} in {skill_en} from level {current} to {change.level}",
                f"将{zh}的{skill_zh}技能从 {current} 级提升到 {change.level} 级",
            )
        return (f"Train {en} in {skill_en} to level {change.level}", f"培训{zh}掌握{skill_zh}技能（{change.level} 级）")
    assert isinstance(change, AddTechnicians)
    en, zh = _who(dataset, change.like)
    regions = dataset.technician(change.like).regions
    regions_en = ", ".join(dataset.region_name(r, english=True) for r in regions) or "all"
    regions_zh = "、".join(dataset.region_name(r) for r in regions) or "全部"
    return (
        f"Hire one more person like {en} (regions: {regions_en})",
        f"增加一名与{zh}技能、区域相同的人员（区域：{regions_zh}）",
    )


def _words(
    dataset: Dataset,
    candidate: Candidate,
    service: tuple[float, float],
    by_priority: Mapping[int, int],
    won: tuple[str, ...],
    lost: tuple[str, ...],
) -> tuple[str, str]:
    """The change and its effect as one English and one Chinese sentence."""
    en, zh = _action(dataset, candidate)
    before, after = service
    points = (after - before) * 100
    if not won and not lost:
        return f"{en}: no change in today's plan.", f"{zh}：今日计划没有变化。"
    counts_en = ", ".join(f"{n:+d} {PRIORITY_LABELS[p]}" for p, n in by_priority.items()) or "the same by priority"
    counts_zh = (
        "，".join(f"{PRIORITY_LABELS_ZH[p]}优先级工单{n:+d}" for p, n in by_priority.items()) or "各优先级数量不变"
    )
    targets = [v for v in candidate.targets if v in won]
    served_en = f"; {', '.join(targets)} can then be served" if targets else ""
    served_zh = f"；{'、'.join(targets)} 可以安排" if targets else ""
    if targets and lost:
        served_en += f" in place of {', '.join(lost)}"
        served_zh += f"（替换 {'、'.join(lost)}）"
    return (
        f"{en}: priority-weighted service {before:.1%} -> {after:.1%} ({points:+.1f} points), "
        f"visits served {counts_en}{served_en}.",
        f"{zh}：优先级加权服务水平 {before:.1%} → {after:.1%}（{points:+.1f} 个百分点），{counts_zh}{served_zh}。",
    )
