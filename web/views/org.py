"""The role chart: the department's people tree and the tree of roles.

Built from ``dataset.org`` (org.yaml) and the technicians; with a plan,
each field person carries that day's load. No customer data is read.
The trees keep org.yaml's nesting; the template draws each level as a
row of boxes joined by connector lines, deeper levels as stacked boxes.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.domain import Dataset
from planner.history.measures import measure_link
from planner.kpis import technician_rows
from planner.plan import Plan
from web.i18n import translator
from web.views.clock import percent
from web.views.names import org_entries, org_roles, role_title


def bilingual(text: str, lang: str) -> str:
    """Pick one side of a ``中文 / English`` text; a one-language text is returned as it is."""
    zh, sep, en = text.partition(" / ")
    return (en if lang == "en" else zh).strip() if sep else text


def _load(technician_id: str, loads: Mapping[str, dict] | None, lang: str) -> str:
    if loads is None or technician_id not in loads:
        return ""
    row = loads[technician_id]
    return translator(lang)("load", visits=row["visits"], utilisation=percent(row["utilisation"]))


def person_card(person: Mapping, dataset: Dataset, lang: str, loads: Mapping[str, dict] | None) -> dict:
    """A box of the people tree: name, role title, note and (for field staff with a plan) today's load."""
    technician_id = person.get("technician")
    if technician_id is not None:
        known = {t.id: t for t in dataset.technicians}.get(str(technician_id))
        name = known.name if known and known.name else str(technician_id)
        role = str(person.get("role") or (known.role if known else ""))
        staff_id = str(technician_id)
    else:
        name, role, staff_id = str(person.get("name", "")), str(person.get("role", "")), str(person.get("id", ""))
    return {
        "id": staff_id,
        "name": name,
        "role_id": role,
        "role_title": role_title(dataset, role, lang),
        "note": str(person.get("note") or ""),
        "field": technician_id is not None,
        "load": _load(staff_id, loads, lang) if technician_id is not None else "",
    }


def unit_node(unit: Mapping, dataset: Dataset, lang: str, loads: Mapping[str, dict] | None, depth: int = 0) -> dict:
    """A unit (department or group) with its leader, members and sub-units, and how many people it holds."""
    leader = unit.get("leader")
    groups = [unit_node(g, dataset, lang, loads, depth + 1) for g in unit.get("groups") or [] if isinstance(g, Mapping)]
    members = [person_card(p, dataset, lang, loads) for p in unit.get("members") or [] if isinstance(p, Mapping)]
    size = (1 if isinstance(leader, Mapping) else 0) + len(members) + sum(g["size"] for g in groups)
    return {
        "id": str(unit.get("id", "")),
        "name": str(unit.get("name_en") if lang == "en" and unit.get("name_en") else unit.get("name", "")),
        "leader": person_card(leader, dataset, lang, loads) if isinstance(leader, Mapping) else None,
        "members": members,
        "groups": groups,
        "depth": depth,
        "size": size,
        "size_label": translator(lang)("people_count", n=size),
    }


def _people(node: dict) -> list[dict]:
    cards = ([node["leader"]] if node["leader"] else []) + node["members"]
    return cards + [card for group in node["groups"] for card in _people(group)]


def role_nodes(dataset: Dataset, lang: str, holders: Mapping[str, int]) -> list[dict]:
    """Roles as a tree along ``reports_to``, each with duties, measures with targets, and head count."""
    t = translator(lang)
    roles = org_roles(dataset)
    catalogue = {str(m.get("id")): m for m in org_entries(dataset, "measures") if isinstance(m, Mapping)}

    def measure(entry: Mapping) -> dict:
        known = catalogue.get(str(entry.get("id")), {})
        name = known.get("name_en") if lang == "en" and known.get("name_en") else known.get("name", entry.get("id"))
        link = measure_link(str(entry.get("id")))
        return {
            "id": str(entry.get("id")),
            "name": str(name),
            "target": str(entry.get("target", "")),
            "definition": bilingual(str(known.get("definition", "")), lang),
            "kpi": link.kpi,
            "match": t(f"measure_{'computed' if link.match == 'same' else link.match}"),
            "match_note": link.note_en if lang == "en" else link.note,
        }

    def node(role_id: str, depth: int) -> dict:
        role = roles[role_id]
        children = [rid for rid, r in roles.items() if r.get("reports_to") == role_id and rid != role_id]
        parent = role.get("reports_to")
        return {
            "id": role_id,
            "title": role_title(dataset, role_id, lang),
            "depth": depth,
            "kind": t("field_role") if role.get("field") else t("office_role"),
            "field": bool(role.get("field")),
            "reports_to": role_title(dataset, str(parent), lang) if parent else "",
            "holders": t("people_count", n=holders.get(role_id, 0)),
            "responsibilities": [str(line) for line in role.get("responsibilities") or []],
            "measures": [measure(m) for m in role.get("measures") or [] if isinstance(m, Mapping)],
            "children": [node(c, depth + 1) for c in children],
        }

    roots = [rid for rid, r in roles.items() if not r.get("reports_to") or r.get("reports_to") not in roles]
    return [node(rid, 0) for rid in roots]


def no_org_model(date: str = "") -> dict:
    """The model when there is no org chart to draw (no day loaded, or no org.yaml)."""
    return {"has_org": False, "unit": None, "roles": [], "missing": [], "date": date}


def org_model(dataset: Dataset, lang: str, plan: Plan | None = None) -> dict:
    """The role chart's model; ``plan`` adds each technician's load that day."""
    loads = {row["technician_id"]: row for row in technician_rows(dataset, plan.routes)} if plan else None
    department = (dataset.org or {}).get("department")
    if not isinstance(department, Mapping):
        return no_org_model(plan.date.isoformat() if plan else "")
    unit = unit_node(department, dataset, lang, loads)
    people = _people(unit)
    holders: dict[str, int] = {}
    for card in people:
        holders[card["role_id"]] = holders.get(card["role_id"], 0) + 1
    listed = {card["id"] for card in people if card["field"]}
    return {
        "has_org": True,
        "unit": unit,
        "roles": role_nodes(dataset, lang, holders),
        "missing": [t.name or t.id for t in dataset.technicians if t.id not in listed],
        "date": plan.date.isoformat() if plan else "",
    }
