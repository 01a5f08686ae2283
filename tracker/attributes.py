"""The indicator attributes planners sort by (issue 12 §4): kind (约束性 binding / 预期性 expected), owner (责任部门)
and cadence (annual, quarterly, monthly), as the plan gives them. An empty one is "not specified" (未指定): it is
never guessed, and it groups last."""

from __future__ import annotations

import pandas as pd

from tracker.i18n import TEXT, t
from tracker.plan import CADENCES, INDICATOR_KINDS

ATTRIBUTES = ("kind", "owner", "cadence")
KNOWN_VALUES = {"kind": INDICATOR_KINDS, "cadence": CADENCES, "owner": ()}


def attribute_value(indicator, attribute: str) -> str:
    """The indicator's ``attribute`` as stored ("" when the plan does not say it, or the column is absent)."""
    value = indicator.get(attribute, "") if hasattr(indicator, "get") else ""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def attribute_label(attribute: str, value: str, lang: str) -> str:
    """A value as a reader sees it: 约束性 / binding, 季度 / quarterly; an owner as the plan writes it; 未指定 / not
    specified when empty."""
    if not value:
        return t("attr_unspecified", lang)
    key = f"attr_{attribute}_{value}"
    return t(key, lang) if key in TEXT else value


def attribute_groups(indicators: pd.DataFrame, ids: list[str], attribute: str) -> list[tuple[str, list[str]]]:
    """``ids`` (in their order) grouped by ``attribute``: [(value, ids)], the known values in their order (binding
    before expected; annual, quarterly, monthly), then other values sorted, then "" (not specified) last. Only
    values some indicator has."""
    groups: dict[str, list[str]] = {}
    for ind_id in ids:
        row = indicators.loc[ind_id] if ind_id in indicators.index else {}
        groups.setdefault(attribute_value(row, attribute), []).append(ind_id)
    known = [v for v in KNOWN_VALUES.get(attribute, ()) if v in groups]
    others = sorted(v for v in groups if v and v not in known)
    return [(v, groups[v]) for v in [*known, *others, *([""] if "" in groups else [])]]


def attribute_choices(indicators: pd.DataFrame, ids: list[str]) -> list[tuple[str, str]]:
    """Every (attribute, value) some of ``ids`` has, attribute by attribute in ATTRIBUTES order, values as
    attribute_groups orders them ("" included when an indicator leaves it empty): what a filter offers."""
    return [(attribute, value) for attribute in ATTRIBUTES for value, _ in attribute_groups(indicators, ids, attribute)]


def matching(indicators: pd.DataFrame, ids: list[str], attribute: str, value: str) -> list[str]:
    """The ``ids`` whose ``attribute`` is ``value`` ("" matches those that leave it empty), in their order."""
    return [i for i in ids if attribute_value(indicators.loc[i] if i in indicators.index else {}, attribute) == value]
