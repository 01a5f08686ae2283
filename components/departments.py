"""A department's door (issue 14): who is signed in as which department (a passcode of ``[departments.<id>]`` or a
sign-in claim), its upload tab (its own indicators, what is due, a template of them, an upload scoped to them that
becomes a revision or, with ``review = true``, a submission), and coverage by department."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components.view import View, database_url, get_store
from components.widgets import md_escape
from tracker import clock
from tracker.departments import (
    DEPARTMENT,
    Access,
    AccessConfig,
    access_config,
    access_for_identity,
    access_for_passcode,
    config_problems,
    owned_by,
    owners,
    read_departments,
)
from tracker.i18n import t

log = logging.getLogger(__name__)
PASSCODE_KEY = "_department_passcode"
CHECK_KEY = "_department_check"
DONE_KEY = "_department_done"
ROUND_KEY = "_department_round"


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except FileNotFoundError:  # no secrets.toml at all
        return {}


def settings() -> AccessConfig:
    """The access settings of .streamlit/secrets.toml (none: the editor passcode alone, no review)."""
    return access_config(_secrets())


@st.cache_data(show_spinner=False)
def _departments():
    return read_departments()


def departments():
    """data/departments.csv, read once per server."""
    return _departments()


def settings_problems() -> list:
    """What is wrong with the access secrets (equal passcodes, unknown departments): nobody may sign in then."""
    return config_problems(settings(), [d.id for d in departments()])


def show_settings_problems(lang: str) -> bool:
    """Say each problem of the access settings; True when there is one (the caller refuses every sign-in)."""
    problems = settings_problems()
    if problems:
        st.error(
            "\n".join(f"- {p.render(lang)}" for p in problems) + "\n\n" + t("department_config_refused", lang),
            icon=":material/key_off:",
        )
    return bool(problems)


def signed_in_user() -> dict:
    """st.user's claims when someone signed in with st.login (OIDC); {} otherwise (AppTest, no [auth])."""
    try:
        user = st.user
        return user.to_dict() if bool(user.get("is_logged_in")) else {}
    except Exception:  # no [auth] section, or a Streamlit without st.user
        return {}


def current_access() -> Access | None:
    """Who this session is: the planning office or a department, by the passcode given this session or by the
    signed-in user's claim; None for a viewer. Always None while the access settings have a problem."""
    if settings_problems():
        return None
    config = settings()
    given = st.session_state.get(PASSCODE_KEY, "")
    found = access_for_passcode(given, config) if given else None
    return found or access_for_identity(signed_in_user(), config)


def department_access() -> Access | None:
    """The department this session signs in as (None: a viewer or the planning office)."""
    access = current_access()
    return access if access is not None and access.role == DEPARTMENT else None


def owner_map(view: View) -> dict[str, str]:
    return owners(view.snapshot.plan.indicators, departments())


def department_name(department_id: str, lang: str) -> str:
    found = next((d for d in departments() if d.id == department_id), None)
    return found.name(lang) if found else department_id


def _due_table(view: View, own: list[str]) -> pd.DataFrame:
    """The department's indicators: whether overdue (beside the name, what a phone shows first), the due date, the
    next period and the latest figure's."""
    from components.freshness import calendar as _calendar
    from tracker.freshness import freshness_table

    lang, snap = view.lang, view.snapshot
    table = freshness_table(snap.plan, snap.figures, _calendar(), clock.today())
    table = table[table["indicator_id"].isin(own)]
    names = snap.plan.indicators[f"name_{lang}"]
    return pd.DataFrame(
        {
            t("department_col_indicator", lang): [names.get(i, i) for i in table["indicator_id"]],
            t("department_col_state", lang): [
                t("department_state_overdue", lang, days=int(d)) if late else t("department_state_ok", lang)
                for late, d in zip(table["overdue"], table["days_overdue"], strict=True)
            ],
            t("department_col_due", lang): table["next_expected_date"].astype(str),
            t("department_col_next", lang): table["next_expected_period"],
            t("department_col_latest", lang): table["latest_period"].map(lambda p: p or "—"),
        }
    )


def _sign_out() -> None:
    for key in (PASSCODE_KEY, CHECK_KEY):
        st.session_state.pop(key, None)


def department_figures(view: View, access: Access) -> None:
    """The figures tab of a department: its indicators and what is due, a template of them, then an upload checked
    and scoped to them (a row of another's refused, naming it and its department), previewed, and stored as a
    revision of the department or, with review on, kept as a submission."""
    from components.upload_parts import FORMATS, MAX_MB, preview_frame, uploader_style
    from components.widgets import problems_frame
    from tracker.submissions import stage_for
    from tracker.template import template_csv
    from tracker.upload import UploadError

    lang, snap = view.lang, view.snapshot
    config = settings()
    owner_of = owner_map(view)
    own = [i for i in owned_by(access.department, owner_of) if i in snap.plan.indicators.index]
    st.info(
        t("department_signed_in", lang, name=md_escape(department_name(access.department, lang)), n=len(own)),
        icon=":material/badge:",
    )
    if config.review:
        st.caption(t("department_review_on", lang))
    if not own:
        st.warning(t("department_none_owned", lang))
        return
    st.subheader(t("department_due_title", lang))
    st.dataframe(_due_table(view, own), hide_index=True, width="stretch")
    indicators = snap.plan.indicators.loc[own]
    figures = snap.figures[snap.figures["indicator_id"].isin(own)]
    st.download_button(
        t("department_template", lang),
        lambda: template_csv(indicators, figures, lang),
        f"tracker-template-{access.department}-{lang}.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    if config.review:
        _my_submissions(access, lang)
    store = get_store(database_url())
    done = st.session_state.pop(DONE_KEY, None)
    if done is not None:
        kind, number = done
        if kind == "submitted":
            st.success(t("department_submitted", lang, n=number))
        else:
            info = store.revision(number)
            st.success(t("committed", lang, rev=number, added=info.added, changed=info.changed))
    uploader_style(lang)
    key = f"department_upload_{st.session_state.get(ROUND_KEY, 0)}"
    file = st.file_uploader(t("choose_file", lang), type=FORMATS, key=key, max_upload_size=MAX_MB)
    if file is None:
        st.session_state.pop(CHECK_KEY, None)
        st.button(t("department_sign_out", lang), on_click=_sign_out, icon=":material/logout:")
        return
    cached = st.session_state.get(CHECK_KEY)
    if cached is None or cached[0] != file.file_id:
        try:
            staged = stage_for(
                store, file.name, file.getvalue(), clock.today(), access.department, owner_of, departments()
            )
        except UploadError as err:
            st.error(t("file_unreadable", lang, message=md_escape(err.message(lang))))
            return
        cached = (file.file_id, staged)
        st.session_state[CHECK_KEY] = cached
    staged = cached[1]
    if not staged.check.ok:  # the first problems said in words too (a phone shows them without scrolling a table)
        said = [
            (t("cli_where_row", lang, row=p.row) + t("cli_where_end", lang) if p.row is not None else "")
            + md_escape(p.message(lang))
            for p in staged.check.problems[:10]
        ]
        st.error(t("problems_found", lang, n=staged.check.problem_count) + "\n\n" + "\n".join(f"- {x}" for x in said))
        st.dataframe(problems_frame(staged.check.problems[:300], lang), hide_index=True, width="stretch")
        return
    if staged.check.rows.empty:
        st.info(t("no_rows", lang))
        return
    counts = staged.counts()
    st.info(t("preview_summary", lang, **counts))
    if counts["flagged"]:
        st.warning(t("preview_flagged", lang, flagged=counts["flagged"]), icon=":material/rule:")
    names = snap.plan.indicators[f"name_{lang}"]
    st.dataframe(preview_frame(staged.preview, names, lang), hide_index=True, width="stretch")
    with st.form("department_commit", border=True):
        author = st.text_input(t("department_author", lang), key="department_author", value=access.identity)
        comment = st.text_input(t("comment", lang), key="department_comment")
        label = t("department_submit" if config.review else "department_store", lang)
        sent = st.form_submit_button(label, type="primary")
    if not sent:
        return
    if not author.strip() or not comment.strip():
        st.error(t("need_comment", lang))
        return
    _store_or_submit(store, staged, file.getvalue(), access, author.strip(), comment.strip(), config, lang)


def _store_or_submit(store, staged, data: bytes, access: Access, author: str, comment: str, config, lang) -> None:
    from components.alerts import alert_after_commit
    from tracker.importing import commit_import
    from tracker.store import NothingToCommit, StaleRevision, StoreError
    from tracker.submissions import submit

    try:
        if config.review:
            number = submit(store, staged, data, access.department, author, "page", comment)
            st.session_state[DONE_KEY] = ("submitted", number)
        else:
            provenance = {"role": DEPARTMENT, "department": access.department, "channel": "page"}
            number = commit_import(store, staged, author, comment, provenance=provenance)
            alert_after_commit(store, number)
            st.session_state[DONE_KEY] = ("stored", number)
    except NothingToCommit:
        st.info(t("nothing_new", lang))
        return
    except StaleRevision:
        st.session_state.pop(CHECK_KEY, None)
        st.error(t("check_again_button", lang))
        return
    except StoreError as err:
        log.warning("department upload not stored: %s", err)
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    st.session_state.pop(CHECK_KEY, None)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    st.rerun()


def _my_submissions(access: Access, lang: str) -> None:
    """The department's submissions: pending, published (its revision) or returned (with the reviewer's comment)."""
    from tracker.submissions import submissions

    frame = submissions(get_store(database_url()), department=access.department)
    if frame.empty:
        return
    st.subheader(t("department_my_submissions", lang))
    st.dataframe(
        pd.DataFrame(
            {
                "#": frame["id"],
                t("department_col_state", lang): frame["state"].map(lambda s: t(f"submission_state_{s}", lang)),
                t("history_who", lang): frame["author"],
                t("comment", lang): frame["comment"],
                t("history_reviewer", lang): frame["reviewer"],
                t("review_return_comment", lang): frame["review_comment"],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def coverage_by_department(view: View) -> None:
    """Coverage by department (the accountability view): each department's indicators, how many, how many late."""
    from components.freshness import calendar as _calendar
    from tracker.freshness import freshness_table

    lang, snap = view.lang, view.snapshot
    known = departments()
    if not known:
        return
    owner_of = owner_map(view)
    table = freshness_table(snap.plan, snap.figures, _calendar(), clock.today()).set_index("indicator_id")
    names = snap.plan.indicators[f"name_{lang}"]
    st.subheader(t("coverage_by_department", lang))
    st.caption(t("coverage_by_department_intro", lang))
    rows = []
    for department in known:
        own = [i for i in owned_by(department.id, owner_of) if i in table.index]
        late = [i for i in own if bool(table.at[i, "overdue"])]
        rows.append(
            {
                t("history_department", lang): department.name(lang),
                t("coverage_col_owed", lang): t("coverage_department_row", lang, n=len(own), late=len(late)),
                t("department_col_indicator", lang): t("list_separator", lang).join(
                    names.get(i, i) + (" ⚠" if i in late else "") for i in own
                ),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def office_text(revision: dict, lang: str) -> str:
    """Which office a revision came from: the department's name, 规划办 / Planning office, or "—" (stored before
    issue 14, or the seed)."""
    role = revision.get("role") or ""
    if role == DEPARTMENT:
        return department_name(str(revision.get("department") or ""), lang)
    if role == "editor":
        return t("department_planning_office", lang)
    return "—"


def department_filter(revisions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The history's filter by department (only when a revision names one): the revisions of the department picked,
    or all of them."""
    present = [d for d in dict.fromkeys(revisions.get("department", pd.Series(dtype=str)).fillna("")) if d]
    if not present:
        return revisions
    options = ["", *present]
    chosen = st.selectbox(
        t("history_department", lang),
        options,
        key="history_department",
        format_func=lambda d: department_name(d, lang) if d else t("history_all_departments", lang),
    )
    return revisions[revisions["department"] == chosen] if chosen else revisions


def sign_in_button(lang: str) -> None:
    """With an ``[auth]`` section in secrets (st.login, OIDC): a sign-in button; a signed-in user whom no group
    maps (or two departments claim) is told who they are signed in as and whom to ask."""
    if "auth" not in _secrets():
        return
    user = signed_in_user()
    if not user:
        st.button(t("oidc_sign_in", lang), on_click=st.login, icon=":material/login:")
        return
    if current_access() is None:
        who = str(user.get("email") or user.get("name") or user.get("sub") or "")
        st.warning(t("oidc_not_mapped", lang, who=md_escape(who)), icon=":material/badge:")
