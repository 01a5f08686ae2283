"""Review page (issue 14 §2): the planning office sees each pending submission checked and previewed again against
the latest revision — new / changed / flagged rows, the targets whose status it moves, what other revisions changed
in the same figures since it was submitted — and publishes it (a revision of the department, the reviewer named) or
returns it with a comment. Only an editor (the planning office) sees this page's content."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components.access import editor_gate
from components.departments import department_name, departments, owner_map, settings
from components.view import View, current, database_url, get_store
from components.widgets import md_escape
from tracker import clock
from tracker.formatting import fmt_number, fmt_time
from tracker.i18n import STATUS, t

log = logging.getLogger(__name__)
DONE_KEY = "_review_done"


def _status_word(status: object, lang: str) -> str:
    return STATUS[status][lang] if isinstance(status, str) and status in STATUS else "—"


def render(view: View) -> None:
    lang = view.lang
    st.header(t("page_review", lang))
    st.caption(t("review_intro", lang))
    if view.read_only_reason or not editor_gate(view):
        return
    from tracker.submissions import submission, submissions

    store = get_store(database_url())
    done = st.session_state.pop(DONE_KEY, None)
    if done is not None:
        st.success(done)
    if not settings().review:
        st.info(t("review_off", lang), icon=":material/info:")
    pending = submissions(store, "pending")
    if pending.empty:
        st.info(t("review_none", lang))
    for number in pending["id"]:
        _review_one(view, store, submission(store, int(number)))
    decided = submissions(store)
    decided = decided[decided["state"] != "pending"]
    if len(decided):
        st.subheader(t("review_decided_title", lang))
        st.dataframe(
            pd.DataFrame(
                {
                    "#": decided["id"],
                    t("history_department", lang): decided["department"].map(lambda d: department_name(d, lang)),
                    t("history_who", lang): decided["author"],
                    t("department_col_state", lang): decided["state"].map(lambda s: t(f"submission_state_{s}", lang)),
                    t("history_reviewer", lang): decided["reviewer"],
                    t("review_return_comment", lang): decided["review_comment"],
                    t("revision", lang): decided["revision_id"].map(lambda r: "" if pd.isna(r) else str(int(r))),
                }
            ),
            hide_index=True,
            width="stretch",
        )


def _review_one(view: View, store, item) -> None:
    from app_pages.upload import preview_frame, problems_frame
    from tracker.submissions import changed_meanwhile, restage, status_moves

    lang = view.lang
    latest = store.latest_revision()
    title = t(
        "review_item",
        lang,
        n=item.id,
        department=md_escape(department_name(item.department, lang)),
        author=md_escape(item.author),
        when=fmt_time(item.created_at, lang),  # Beijing time, said so
        file=md_escape(item.filename),
    )
    with st.expander(title, expanded=True):
        if item.comment:
            st.caption(t("review_comment_given", lang, comment=md_escape(item.comment)))
        staged = restage(store, item, clock.today(), owner_map(view), departments())  # against the latest
        st.caption(t("review_rechecked", lang, latest=staged.base_revision, base=item.base_revision))
        if not staged.check.ok:
            st.error(t("review_problems", lang, n=staged.check.problem_count))
            st.dataframe(problems_frame(staged.check.problems[:300], lang), hide_index=True, width="stretch")
        else:
            counts = staged.counts()
            st.info(t("preview_summary", lang, **counts))
            if counts["flagged"]:
                st.warning(t("preview_flagged", lang, flagged=counts["flagged"]), icon=":material/rule:")
            names = view.snapshot.plan.indicators[f"name_{lang}"]
            st.dataframe(preview_frame(staged.preview, names, lang), hide_index=True, width="stretch")
            moves = status_moves(store, staged, view.plan_id or None)
            if len(moves):
                st.markdown(
                    t("review_status_moves", lang)
                    + "\n"
                    + "\n".join(
                        "- "
                        + t(
                            "review_status_move",
                            lang,
                            indicator=md_escape(names.get(r["indicator_id"], r["indicator_id"])),
                            period=r["target_period"],
                            before=_status_word(r["status_before"], lang),
                            after=_status_word(r["status_after"], lang),
                        )
                        for r in moves.to_dict("records")
                    )
                )
            else:
                st.caption(t("review_no_status_moves", lang))
            meanwhile = changed_meanwhile(store, item, staged)
            if len(meanwhile):
                st.warning(
                    t("review_meanwhile", lang, n=len(meanwhile), base=item.base_revision, latest=latest)
                    + "\n"
                    + "\n".join(
                        "- "
                        + t(
                            "review_meanwhile_row",
                            lang,
                            indicator=md_escape(names.get(r["indicator_id"], r["indicator_id"])),
                            period=r["period"],
                            old=fmt_number(r["old_value"]) if pd.notna(r["old_value"]) else "—",
                            new=fmt_number(r["new_value"]) if pd.notna(r["new_value"]) else "—",
                        )
                        for r in meanwhile.to_dict("records")
                    ),
                    icon=":material/sync_problem:",
                )
            else:
                st.caption(t("review_meanwhile_none", lang))
            _publish_form(store, item, staged, lang)
        _return_form(store, item, lang)


def _publish_form(store, item, staged, lang: str) -> None:
    from components.alerts import alert_after_commit
    from tracker.store import NothingToCommit, StaleRevision, StoreError
    from tracker.submissions import SubmissionError, publish

    with st.form(f"publish_{item.id}", border=True):
        reviewer = st.text_input(t("review_reviewer", lang), key=f"reviewer_{item.id}")
        confirmed = st.checkbox(t("review_confirm", lang), key=f"confirm_{item.id}")
        sent = st.form_submit_button(t("review_publish", lang), type="primary")
    if not sent:
        return
    if not reviewer.strip() or not confirmed:
        st.error(t("review_need_reviewer", lang))
        return
    try:
        revision = publish(store, item.id, staged, reviewer=reviewer.strip())
    except NothingToCommit:
        st.info(t("nothing_new", lang))
        return
    except SubmissionError as err:
        st.info(t("review_decided", lang, n=item.id, state=t(f"submission_state_{err.state or 'pending'}", lang)))
        return
    except StaleRevision:  # a revision landed between this preview and the click: show the new preview
        st.rerun()
    except StoreError as err:
        log.warning("submission %s not published: %s", item.id, err)
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    alert_after_commit(store, revision)
    st.session_state[DONE_KEY] = t("review_published", lang, n=item.id, rev=revision, reviewer=md_escape(reviewer))
    st.rerun()


def _return_form(store, item, lang: str) -> None:
    from tracker.store import StoreError
    from tracker.submissions import SubmissionError, return_submission

    with st.form(f"return_{item.id}", border=True):
        reviewer = st.text_input(t("review_reviewer", lang), key=f"return_reviewer_{item.id}")
        comment = st.text_area(t("review_return_comment", lang), key=f"return_comment_{item.id}", height=80)
        sent = st.form_submit_button(t("review_return", lang))
    if not sent:
        return
    if not comment.strip() or not reviewer.strip():
        st.error(t("review_need_comment", lang))
        return
    try:
        return_submission(store, item.id, reviewer.strip(), comment.strip())
    except SubmissionError as err:
        st.info(t("review_decided", lang, n=item.id, state=t(f"submission_state_{err.state or 'pending'}", lang)))
        return
    except StoreError as err:
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    name = md_escape(department_name(item.department, lang))
    st.session_state[DONE_KEY] = t("review_returned", lang, n=item.id, department=name)
    st.rerun()


if __name__ == "__main__":
    render(current())
