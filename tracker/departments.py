"""Departments (issue 14): who reports which indicators, the passcodes and sign-in groups that open each one's door,
and the check that keeps a department's upload to its own indicators.

A department is a row of data/departments.csv (id, name_zh, name_en, indicators: ids separated by spaces). Which
indicators it reports is the plan's ``owner`` column (a department id) where the plan fills it, else the
department's ``indicators`` list: the shipped file is an EXAMPLE (no source says which office reports what), which
the planning office edits. ``editor_passcode`` stays the planning office's key; each department has its own
(``[departments.<id>] passcode``); with sign-in (st.login, OIDC) a claim's value maps a user to a department.
Pure: no Streamlit, no module state; secrets arrive as plain mappings.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tracker.i18n import Both, Text, t
from tracker.upload import Problem

DEPARTMENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "departments.csv"
EDITOR = "editor"  # the planning office: every indicator, the plan, rollbacks, publishing
DEPARTMENT = "department"
DEFAULT_CLAIM = "groups"  # the OIDC claim whose values name departments, unless secrets say another


@dataclass(frozen=True)
class Department:
    id: str
    name_zh: str
    name_en: str
    indicators: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return (self.name_en if lang == "en" else self.name_zh) or self.name_zh or self.id


@dataclass(frozen=True)
class Access:
    """Who is changing data: the planning office (``role`` editor, ``department`` "") or a department, and the
    sign-in identity when there is one ("" with a passcode: the name typed at the commit names the person)."""

    role: str
    department: str = ""
    identity: str = ""

    @property
    def is_editor(self) -> bool:
        return self.role == EDITOR


def read_departments(path: Path = DEPARTMENTS_FILE) -> list[Department]:
    """The departments of ``path`` in file order; [] when the file does not exist."""
    if not path.exists():
        return []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return [
        Department(
            str(row["id"]).strip(),
            str(row.get("name_zh", "")).strip(),
            str(row.get("name_en", "")).strip(),
            tuple(str(row.get("indicators", "")).replace(",", " ").replace(";", " ").split()),
        )
        for row in frame.to_dict("records")
        if str(row.get("id", "")).strip()
    ]


def owners(indicators: pd.DataFrame, departments: Iterable[Department]) -> dict[str, str]:
    """indicator id -> department id: the plan's ``owner`` column where it names a department, else the first
    department whose list holds the indicator. An indicator nobody owns is left out (only the editor changes it)."""
    departments = list(departments)
    known = {d.id for d in departments}
    listed: dict[str, str] = {}
    for department in departments:
        for indicator_id in department.indicators:
            listed.setdefault(indicator_id, department.id)
    frame = indicators.reset_index() if "id" not in indicators.columns else indicators
    out = {}
    for row in frame.to_dict("records"):
        owner = str(row.get("owner") or "").strip()
        indicator_id = str(row["id"])
        if owner in known:
            out[indicator_id] = owner
        elif indicator_id in listed:
            out[indicator_id] = listed[indicator_id]
    return out


def owned_by(department: str, owner_of: Mapping[str, str]) -> list[str]:
    """The indicators ``department`` reports, in the order of ``owner_of``."""
    return [indicator_id for indicator_id, owner in owner_of.items() if owner == department]


def foreign_rows(
    rows: pd.DataFrame,
    department: str,
    owner_of: Mapping[str, str],
    departments: Iterable[Department],
) -> list[Problem]:
    """A problem for each row of ``rows`` (indicator_id, period, row: the spreadsheet's row number) whose indicator
    ``department`` does not report, naming the department that does (or the planning office when none does)."""
    names = {d.id: d for d in departments}
    problems = []
    for row in rows.to_dict("records"):
        indicator_id = str(row["indicator_id"])
        owner = owner_of.get(indicator_id, "")
        if owner == department:
            continue
        owner_text = (
            Text("department_name", {"name": Both(names[owner].name("zh"), names[owner].name("en")), "id": owner})
            if owner in names
            else Text("department_owner_none", {})
        )
        mine = names.get(department)
        problems.append(
            Problem(
                int(row["row"]) if row.get("row") is not None and not pd.isna(row.get("row")) else None,
                "indicator_id",
                "not_your_indicator",
                Text(
                    "department_not_yours",
                    {
                        "indicator": indicator_id,
                        "period": str(row.get("period", "")),
                        "owner": owner_text,
                        "mine": Text(
                            "department_name",
                            {"name": Both(mine.name("zh"), mine.name("en")), "id": department}
                            if mine
                            else {"name": department, "id": department},
                        ),
                    },
                ),
            )
        )
    return problems


# ---- secrets ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessConfig:
    """What .streamlit/secrets.toml says about access: the planning office's passcode, each department's passcode,
    whether a department's upload waits for review, and how sign-in identities map to departments."""

    editor_passcode: str = ""
    passcodes: tuple[tuple[str, str], ...] = ()  # (department id, passcode)
    review: bool = False
    claim: str = DEFAULT_CLAIM
    editor_groups: tuple[str, ...] = ()  # claim values (or e-mail addresses) that mean the planning office
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (department id, its claim values or e-mail addresses)

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([d for d, _ in self.passcodes] + [d for d, _ in self.groups]))


def _strings(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def access_config(secrets: Mapping) -> AccessConfig:
    """Read ``editor_passcode``, ``review``, ``[departments.<id>]`` (passcode, groups) and ``[auth_roles]``
    (claim, editor_groups) from a secrets mapping (st.secrets, or a dict in tests)."""
    departments = secrets.get("departments") or {}
    roles = secrets.get("auth_roles") or {}
    passcodes, groups = [], []
    for department_id, entry in dict(departments).items():
        entry = dict(entry or {})
        passcode = str(entry.get("passcode") or "")
        if passcode:
            passcodes.append((str(department_id), passcode))
        if _strings(entry.get("groups")):
            groups.append((str(department_id), _strings(entry.get("groups"))))
    review = secrets.get("review", False)
    return AccessConfig(
        editor_passcode=str(secrets.get("editor_passcode") or ""),
        passcodes=tuple(passcodes),
        review=review is True or str(review).strip().lower() in ("true", "1", "yes"),
        claim=str(roles.get("claim") or DEFAULT_CLAIM),
        editor_groups=_strings(roles.get("editor_groups")),
        groups=tuple(groups),
    )


def config_problems(config: AccessConfig, known: Iterable[str]) -> list[Text]:
    """What is wrong with the access secrets, as texts to show at start (nobody may enter while there is one): two
    keys that are equal (a department's passcode equal to another's or to the editor's: who typed it could not be
    told apart), a department id not in data/departments.csv."""
    known = set(known)
    problems = []
    seen: dict[str, str] = {}
    if config.editor_passcode:
        seen[config.editor_passcode] = "editor_passcode"
    for department_id, passcode in config.passcodes:
        key = f"departments.{department_id}.passcode"
        if passcode in seen:
            problems.append(Text("department_same_passcode", {"a": seen[passcode], "b": key}))
        else:
            seen[passcode] = key
    for department_id in config.departments:
        if department_id not in known:
            problems.append(
                Text("department_unknown_id", {"id": department_id, "known": tuple(sorted(known)) or ("—",)})
            )
    return problems


def access_for_passcode(given: str, config: AccessConfig) -> Access | None:
    """Whose key ``given`` is: the planning office's, a department's, or nobody's (None). Every key is compared,
    each in constant time, so the time taken does not tell which one was near."""
    if not given:
        return None
    given_bytes = given.encode("utf-8")
    found = None
    if config.editor_passcode and hmac.compare_digest(config.editor_passcode.encode("utf-8"), given_bytes):
        found = Access(EDITOR)
    for department_id, passcode in config.passcodes:
        if hmac.compare_digest(passcode.encode("utf-8"), given_bytes) and found is None:
            found = Access(DEPARTMENT, department_id)
    return found


def access_for_identity(user: Mapping, config: AccessConfig) -> Access | None:
    """The access a signed-in user (st.user's claims) has: the planning office when a value of the configured claim
    (or the e-mail address) is in ``editor_groups``; else the one department whose ``groups`` hold one; None for
    nobody, and for a user two departments claim (ambiguous: the planning office must decide)."""
    if not user or not user.get("is_logged_in", True):
        return None
    values = set(_strings(user.get(config.claim)))
    email = str(user.get("email") or "").strip().lower()
    identity = email or str(user.get("sub") or user.get("name") or "")
    if email:
        values.add(email)
    lowered = {v.lower() for v in values}
    if lowered & {g.lower() for g in config.editor_groups}:
        return Access(EDITOR, "", identity)
    matches = [d for d, groups in config.groups if lowered & {g.lower() for g in groups}]
    if len(matches) != 1:
        return None
    return Access(DEPARTMENT, matches[0], identity)


def who_text(role: str, department: str, author: str, departments: Iterable[Department], lang: str) -> str:
    """A revision's who as a reader says it: "区科技局 · 王伟", "规划办 · 李娜" (the planning office), or the author
    alone for a revision stored before issue 14."""
    names = {d.id: d for d in departments}
    if role == DEPARTMENT:
        office = names[department].name(lang) if department in names else department
    elif role == EDITOR:
        office = t("department_planning_office", lang)
    else:
        return author
    return f"{office} · {author}" if author else office
