"""Display names of dataset ids (regions, skills, roles) in the page language."""

from __future__ import annotations

from planner.domain import Dataset
from web.i18n import skill_label


def region_name(dataset: Dataset, region_id: str, lang: str) -> str:
    """The region's name in the page language (``Dataset.region_name``)."""
    return dataset.region_name(region_id, english=lang == "en")


def skill_name(dataset: Dataset, skill_id: str, lang: str) -> str:
    """The dataset's own name of a skill (skills.csv), else the built-in label, else the id."""
    named = dataset.skill_name(skill_id, english=lang == "en")
    return named if named != skill_id else skill_label(skill_id, lang)


def org_roles(dataset: Dataset) -> dict[str, dict]:
    """Role id -> role entry of org.yaml (empty without an org chart)."""
    return {str(role["id"]): role for role in org_entries(dataset, "roles") if isinstance(role, dict) and "id" in role}


def org_entries(dataset: Dataset, key: str) -> list:
    """The list under ``key`` in org.yaml (``roles``, ``measures``); empty when absent or not a list."""
    entries = (dataset.org or {}).get(key)
    return entries if isinstance(entries, list) else []


def role_title(dataset: Dataset, role_id: str, lang: str) -> str:
    """维修技师 / Repair technician for ``repair_technician``; the id when org.yaml does not list it."""
    role = org_roles(dataset).get(role_id)
    if role is None:
        return role_id
    return str(role.get("title_en") if lang == "en" else role.get("title")) or str(role.get("title") or role_id)
