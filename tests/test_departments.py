"""Departments (issue 14): who reports which indicator, whose key a passcode is, who a signed-in user is, and a
department's upload refused on another's indicators. Tables of cases, no server."""

from __future__ import annotations

import pandas as pd
import pytest

from tracker.departments import (
    Access,
    AccessConfig,
    Department,
    access_config,
    access_for_identity,
    access_for_passcode,
    config_problems,
    foreign_rows,
    owners,
    read_departments,
    who_text,
)
from tracker.i18n import t

STATS = Department("stats", "区统计局", "Statistics bureau", ("gdp", "city_gdp"))
SCI = Department("sci_tech", "区科技局", "Science and technology bureau", ("rd_intensity", "gdp"))
DEPARTMENTS = [STATS, SCI]


def _indicators(owner_by_id: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"id": list(owner_by_id), "owner": list(owner_by_id.values())})


@pytest.mark.parametrize(
    "plan_owner, expected",
    [
        # the plan's owner column empty: the departments' lists (the first list naming an indicator wins)
        ({"gdp": "", "rd_intensity": "", "pe_funds": ""}, {"gdp": "stats", "rd_intensity": "sci_tech"}),
        # the plan names the owner: it wins over the lists
        ({"gdp": "sci_tech", "rd_intensity": "", "pe_funds": ""}, {"gdp": "sci_tech", "rd_intensity": "sci_tech"}),
        # an owner that is no department's id is not guessed: the lists decide, or nobody (the editor only)
        ({"gdp": "someone", "pe_funds": "nobody"}, {"gdp": "stats"}),
    ],
)
def test_owners_follow_the_plan_then_the_departments_file(plan_owner, expected):
    assert owners(_indicators(plan_owner), DEPARTMENTS) == expected


def test_the_shipped_departments_are_an_example_of_known_indicators():
    shipped = read_departments()
    frame = pd.read_csv("data/departments.csv", dtype=str, keep_default_na=False)
    assert frame["example"].str.contains("示例").all() and frame["example"].str.contains("example").all()
    known = set(pd.read_csv("data/indicators.csv", dtype=str)["id"])
    listed = [i for d in shipped for i in d.indicators]
    assert listed and set(listed) <= known and len(listed) == len(set(listed))  # each indicator one department's
    indicators = pd.read_csv("data/indicators.csv", dtype=str, keep_default_na=False)
    assert (indicators["owner"] == "").all()  # not stated by any source: never put into the plan as fact


@pytest.mark.parametrize(
    "department, rows, named",
    [
        ("stats", [("gdp", "2025", 2), ("city_gdp", "2025", 3)], []),
        ("stats", [("gdp", "2025", 2), ("rd_intensity", "2025", 3)], [(3, "rd_intensity", "区科技局（sci_tech）")]),
        (
            "sci_tech",
            [("gdp", "2025", 2), ("pe_funds", "2025", 5)],
            [(2, "gdp", "区统计局（stats）"), (5, "pe_funds", "规划办")],
        ),
    ],
)
def test_a_row_of_another_departments_indicator_is_named_with_its_owner(department, rows, named):
    frame = pd.DataFrame(rows, columns=["indicator_id", "period", "row"])
    owner_of = {"gdp": "stats", "city_gdp": "stats", "rd_intensity": "sci_tech"}
    problems = foreign_rows(frame, department, owner_of, DEPARTMENTS)
    assert [(p.row, p.column) for p in problems] == [(row, "indicator_id") for row, _, _ in named]
    for problem, (_, indicator, owner) in zip(problems, named, strict=True):
        zh, en = problem.message("zh"), problem.message("en")
        assert indicator in zh and owner in zh and "未保存" in zh
        assert indicator in en and "Nothing of the file was stored" in en and "reported by" in en


SECRETS = {
    "editor_passcode": "planning-key",
    "review": True,
    "departments": {"stats": {"passcode": "stats-key", "groups": ["stats-bureau"]}, "sci_tech": {"passcode": "sci"}},
    "auth_roles": {"claim": "roles", "editor_groups": ["planning-office"]},
}


@pytest.mark.parametrize(
    "given, expected",
    [
        ("planning-key", Access("editor")),
        ("stats-key", Access("department", "stats")),
        ("sci", Access("department", "sci_tech")),
        ("stats-key ", None),
        ("", None),
        ("wrong", None),
    ],
)
def test_whose_key_a_passcode_is(given, expected):
    assert access_for_passcode(given, access_config(SECRETS)) == expected


@pytest.mark.parametrize(
    "secrets, problems",
    [
        (SECRETS, []),
        ({"editor_passcode": "same", "departments": {"stats": {"passcode": "same"}}}, ["department_same_passcode"]),
        (
            {"departments": {"stats": {"passcode": "x"}, "sci_tech": {"passcode": "x"}}},
            ["department_same_passcode"],
        ),
        ({"departments": {"police": {"passcode": "p"}}}, ["department_unknown_id"]),
    ],
)
def test_two_equal_passcodes_or_an_unknown_department_are_refused_at_start(secrets, problems):
    found = config_problems(access_config(secrets), ["stats", "sci_tech"])
    assert [p.key for p in found] == problems
    for problem in found:
        assert "secrets.toml" in problem.render("zh") + problem.render("en") or "departments.csv" in problem.render(
            "en"
        )


@pytest.mark.parametrize(
    "review, expected", [(True, True), ("true", True), (False, False), ("false", False), (None, False)]
)
def test_review_is_read_from_secrets(review, expected):
    assert access_config({"review": review}).review is expected


@pytest.mark.parametrize(
    "user, expected",
    [
        ({"is_logged_in": True, "email": "li@x.cn", "roles": ["planning-office"]}, Access("editor", "", "li@x.cn")),
        (
            {"is_logged_in": True, "email": "wang@x.cn", "roles": ["stats-bureau"]},
            Access("department", "stats", "wang@x.cn"),
        ),
        (
            {"is_logged_in": True, "email": "wang@x.cn", "roles": "STATS-BUREAU"},
            Access("department", "stats", "wang@x.cn"),
        ),
        ({"is_logged_in": True, "email": "zhao@x.cn", "roles": ["other"]}, None),
        ({"is_logged_in": False, "email": "wang@x.cn", "roles": ["stats-bureau"]}, None),
        ({}, None),
    ],
)
def test_a_signed_in_users_claim_maps_to_a_department(user, expected):
    assert access_for_identity(user, access_config(SECRETS)) == expected


def test_a_user_two_departments_claim_is_nobodys():
    config = AccessConfig(groups=(("stats", ("a",)), ("sci_tech", ("b",))), claim="groups")
    assert access_for_identity({"email": "x@y", "groups": ["a", "b"]}, config) is None
    assert access_for_identity({"email": "x@y", "groups": ["b"]}, config) == Access("department", "sci_tech", "x@y")


def test_an_email_address_may_stand_for_a_group():
    config = AccessConfig(groups=(("stats", ("wang@x.cn",)),))
    assert access_for_identity({"email": "Wang@X.cn"}, config) == Access("department", "stats", "wang@x.cn")


@pytest.mark.parametrize(
    "role, department, author, lang, expected",
    [
        ("department", "stats", "王伟", "zh", "区统计局 · 王伟"),
        ("department", "stats", "Wang", "en", "Statistics bureau · Wang"),
        ("editor", "", "李娜", "zh", f"{t('department_planning_office', 'zh')} · 李娜"),
        ("", "", "seed", "en", "seed"),
    ],
)
def test_who_a_revision_names(role, department, author, lang, expected):
    assert who_text(role, department, author, DEPARTMENTS, lang) == expected
