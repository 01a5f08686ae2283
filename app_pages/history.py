"""History page: every revision, the dashboard as of any of them, a comparison of two, and restore."""

from __future__ import annotations

import logging
import re

import pandas as pd
import streamlit as st

from components.access import editor_gate
from components.alerts import alert_after_commit
from components.changes import plan_id_of, status_changes
from components.departments import department_filter, office_text
from components.view import View, current, database_url, get_store, page_link
from components.widgets import md_escape
from tracker.cli_plans import plan_change_lines
from tracker.formatting import fmt_pct, fmt_rate, fmt_time
from tracker.i18n import STATUS, Listing, t
from tracker.importing import restore_preview_lines
from tracker.notes_restore import notes_restore_preview, restore_notes
from tracker.periods import describe
from tracker.store import BLANK_COMMENT, SEED_AUTHOR, SEED_COMMENT, NothingToCommit, StoreError
from tracker.template import exact_number

log = logging.getLogger(__name__)


RESTORE_COMMENT = re.compile(r"restore revision ([0-9]+)")  # what this page stores as a restore's comment


def _is_seed(revision: dict) -> bool:
    return int(revision["revision"]) == 1 and revision["author"] == SEED_AUTHOR and revision["comment"] == SEED_COMMENT


def revision_author(revision: dict, language: str) -> str:
    """The author as the reader's language writes it: the seed revision's "system" is a word of the catalogue."""
    return t("author_system", language) if _is_seed(revision) else str(revision["author"])


def revision_comment(revision: dict, language: str) -> str:
    """The comment as stored, except the app's own comments, which are in the reader's language: the seed
    revision's ("shipped figures from data/") and a restore's ("restore revision 3")."""
    comment = "" if revision["comment"] is None else str(revision["comment"])
    if _is_seed(revision):
        return t("seed_comment", language)
    if int(revision["revision"]) == 1 and revision["author"] == SEED_AUTHOR and comment == BLANK_COMMENT:
        return t("blank_seed_comment", language)  # a blank store's first revision (issue 12 §3)
    match = RESTORE_COMMENT.fullmatch(comment)
    restored = pd.to_numeric(revision.get("restored_from"), errors="coerce")
    if match and not pd.isna(restored) and int(match.group(1)) == int(restored):
        return t("restore_comment", language, rev=match.group(1))
    return comment


def revisions_frame(
    revisions: pd.DataFrame, language: str, plan_lines: dict[int, list[str]] | None = None
) -> pd.DataFrame:
    """The revision list as readers see it, newest first: times in Beijing time, the app's own comments and the seed's
    author in the reader's language, what each revision changed in the plans ("方案 jinan-2022：2 个目标有改动",
    tracker.cli_plans.plan_change_lines; "" where it changed none), "—" where a revision restores nothing."""
    records = revisions.to_dict("records")
    restored = pd.to_numeric(revisions["restored_from"], errors="coerce")
    plan_lines = plan_lines or {}
    frame = pd.DataFrame(
        {
            "revision": revisions["revision"].astype(int),
            "created_at": [fmt_time(r["created_at"], language, labelled=False) for r in records],
            "author": [revision_author(r, language) for r in records],
            # issue 14: who (a department or the planning office), from where, and who published it
            "history_department": [office_text(r, language) for r in records],
            "history_channel": [t(f"channel_{r['channel']}", language) if r.get("channel") else "—" for r in records],
            "history_reviewer": [r.get("reviewer") or "—" for r in records],
            "comment": [revision_comment(r, language) for r in records],
            "history_plan_changes": ["; ".join(plan_lines.get(int(r["revision"]), [])) for r in records],
            "added": revisions["added"],
            "changed": revisions["changed"],
            "removed": revisions["removed"],
            "restored_from": ["—" if pd.isna(n) else str(int(n)) for n in restored],
        }
    )
    return frame.rename(columns={key: t(key, language) for key in frame.columns})


def revision_option(revision: dict, language: str) -> str:
    """A revision in a picker: "第 2 版 · 2026-12-01 18:30 · comment" (short, for a phone's picker: the table above
    it and the picker's label say the times are Beijing time)."""
    time = fmt_time(revision["created_at"], language, labelled=False)
    comment = revision_comment(revision, language)
    return t("revision_option", language, rev=int(revision["revision"]), time=time, comment=comment)


# The stored fields a comparison names whose word is not the field's own catalogue key.
FIELD_WORDS = {"qualifier": "diff_field_qualifier", "flags": "diff_field_flags", "growth": "diff_field_growth"}


def fields_text(fields: object, language: str) -> str:
    """The fields a comparison names ("value, note_zh") as the reader's words ("数值、备注")."""
    names = [re.sub(r"_(zh|en)$", "", name.strip()) for name in str(fields or "").split(",") if name.strip()]
    words = dict.fromkeys(t(FIELD_WORDS.get(name, name), language) for name in names)
    return t("list_separator", language).join(words)


def value_text(value: object) -> str:
    """A compared figure with every digit kept, as the upload preview writes it (1,767.3, 8.2); "—" for none."""
    return "—" if value is None or pd.isna(value) else exact_number(float(value))


def diff_frame(diff: pd.DataFrame, indicators: pd.DataFrame, language: str) -> pd.DataFrame:
    """A comparison as readers see it: indicator name, period, old → new value, what changed."""
    names = indicators[f"name_{language}"]
    return pd.DataFrame(
        {
            t("indicator", language): diff["indicator_id"].map(names).fillna(diff["indicator_id"]),
            t("period", language): diff["period"],
            # text, "—" where there is none (a new or removed figure), never the table's "None"
            t("old_value", language): pd.to_numeric(diff["old_value"], errors="coerce").map(value_text),
            t("new_value", language): pd.to_numeric(diff["new_value"], errors="coerce").map(value_text),
            t("preview_status", language): diff["status"].map(lambda s: t(f"status_{s}", language)),
            t("fields", language): diff.get("fields", pd.Series("", index=diff.index)).map(
                lambda f: fields_text(f, language)
            ),
        }
    )


def changes_frame(changes, names: pd.Series, language: str) -> pd.DataFrame:
    """The targets whose status, progress or rate still needed moved between two revisions (tracker.changes), as
    readers see them: indicator name, target period, each before → after, and why."""

    def status(key: str | None) -> str:
        return STATUS[key][language] if key else "—"

    def moved(old: str, new: str) -> str:
        return old if old == new else f"{old} → {new}"

    rows = []
    for c in changes:
        rates = [fmt_rate(r, c.pace_method, c.unit, language) for r in (c.old_needed_rate, c.new_needed_rate)]
        rows.append(
            {
                t("indicator", language): names.get(c.indicator_id, c.indicator_id),
                t("milestone", language): describe(c.target_period, language),
                t("change_col_status", language): moved(status(c.old_status), status(c.new_status)),
                t("change_col_progress", language): moved(fmt_pct(c.old_progress), fmt_pct(c.new_progress)),
                t("change_col_needed", language): moved(*rates),
                t("change_col_why", language): c.reason(language),
            }
        )
    return pd.DataFrame(rows)


def render(view: View) -> None:
    language = view.lang
    st.header(t("page_history", language))
    st.caption(t("history_intro", language))
    if view.read_only_reason:  # the view has said why; nothing can be changed
        return
    store = get_store(database_url())
    revisions = store.revisions()
    plan_lines = plan_change_lines(store, None, language)  # issue 12 §2: what each revision changed in the plans
    shown = department_filter(revisions, language)  # issue 14: the revisions of one department
    st.dataframe(revisions_frame(shown, language, plan_lines), hide_index=True, width="stretch")
    numbers = revisions["revision"].astype(int).tolist()

    by_number = {int(r["revision"]): r for r in revisions.to_dict("records")}

    def option(number: int) -> str:
        return revision_option(by_number[number], language)

    chosen = st.selectbox(t("revision_picker", language), numbers, key="history_rev", format_func=option)
    params = {key: value for key, value in view.link_params.items() if key == "lang"}
    if chosen != numbers[0]:
        params["rev"] = str(chosen)
    page_link("app_pages/overview.py", params, label=t("view_revision", language), icon=":material/visibility:")

    st.subheader(t("compare", language))
    cols = st.columns(2)
    # By default the previous revision against the latest (numbers are newest first).
    older = cols[0].selectbox(
        t("from_rev", language), numbers, index=min(1, len(numbers) - 1), key="diff_a", format_func=option
    )
    newer = cols[1].selectbox(t("to_rev", language), numbers, index=0, key="diff_b", format_func=option)
    diff = store.diff(int(older), int(newer))
    if diff.empty:
        st.caption(t("no_difference", language))
    else:
        st.dataframe(diff_frame(diff, store.plan().indicators, language), hide_index=True, width="stretch")
    # Issue 12 §5: what those differences did to each target's status, and why.
    st.markdown(f"**{md_escape(t('change_title', language))}**")
    changes = status_changes(database_url(), int(older), int(newer), plan_id_of(view.snapshot))
    if changes:
        names = store.plan().indicators[f"name_{language}"]
        st.dataframe(changes_frame(changes, names, language), hide_index=True, width="stretch", key="status_changes")
    else:
        st.caption(t("change_none", language))

    st.subheader(t("restore", language))
    if not editor_gate(view):
        return
    target = st.selectbox(t("revision_picker", language), numbers[1:] or numbers, key="restore_rev", format_func=option)
    restore_section(store, int(target), language)


# Issue 12 §2: a rollback restores the parts the editor picks (the figures only by default, as before).
RESTORE_CHOICES = ("figures", "plan", "notes")


def restore_preview_text(store, target: int, parts: tuple[str, ...], language: str) -> list[str]:
    """What restoring ``parts`` of revision ``target`` undoes, one line per part (Store.restore_preview and
    tracker.importing.restore_preview_lines; the notes by tracker.notes_restore)."""
    lines = []
    stored_parts = tuple(p for p in parts if p != "notes")
    if stored_parts:
        lines += restore_preview_lines(store.restore_preview(target, parts=stored_parts), language)
    if "notes" in parts:
        counts = notes_restore_preview(store, target)
        if any(counts.values()):
            lines.append(t("restore_preview_notes", language, **counts))
        else:
            lines.append(t("restore_preview_nothing", language, part=t("restore_part_notes", language)))
    return lines


def restore_section(store, target: int, language: str) -> None:
    """The parts to restore (figures / plan / notes), what each undoes, then the restore: the figures and the plan
    as one revision (Store.restore), the notes as a revision of their own (a revision writes notes or figures)."""
    st.markdown(f"**{md_escape(t('restore_parts', language))}**")
    cols = st.columns(len(RESTORE_CHOICES))
    picked = tuple(
        part
        for i, part in enumerate(RESTORE_CHOICES)
        if cols[i].checkbox(t(f"restore_choice_{part}", language), value=part == "figures", key=f"restore_{part}")
    )
    if not picked:
        st.warning(t("restore_need_part", language))
        return
    lines = restore_preview_text(store, target, picked, language)
    st.info(
        md_escape(t("restore_preview_title", language, rev=target))
        + "\n\n"
        + "\n".join(f"- {md_escape(line)}" for line in lines),
        icon=":material/undo:",
    )
    with st.form("restore_form"):
        author = st.text_input(t("author", language), key="restore_author")
        names = Listing(tuple(t(f"restore_part_{p}", language) for p in picked))
        label = (
            t("restore_confirm", language, rev=target)  # the figures only, as before issue 12
            if picked == ("figures",)
            else t("restore_confirm_parts", language, rev=target, parts=names)
        )
        confirmed = st.form_submit_button(label)
    if not confirmed:
        return
    if not author.strip():
        st.error(t("need_comment", language))
        return
    comment = f"restore revision {target}"
    stored_parts = tuple(p for p in picked if p != "notes")
    done = []
    try:
        if stored_parts:
            try:
                new = store.restore(
                    target,
                    author=author.strip(),
                    comment=comment,
                    parts=stored_parts,
                    provenance={"role": "editor", "channel": "page"},  # issue 14: who and from where
                )
                alert_after_commit(store, new)  # issue 13: a restore that worsens a status alerts, never failing it
                names = Listing(tuple(t(f"restore_part_{p}", language) for p in stored_parts))
                if stored_parts == ("figures",):
                    done.append(t("restored", language, new=new, rev=target))
                else:
                    done.append(t("restored_parts", language, rev=target, parts=names, new=new))
            except NothingToCommit:
                pass
        if "notes" in picked:
            try:
                new = restore_notes(
                    store, target, author.strip(), comment, provenance={"role": "editor", "channel": "page"}
                )
                done.append(t("restored_notes", language, rev=target, new=new))
            except NothingToCommit:
                pass
    except StoreError as err:  # a read-only or unreachable database: nothing changed
        log.warning("restore not stored: %s", err)
        detail = md_escape(str(err))  # an editor is shown the detail (the viewer's notice never is)
        st.error(t("store_failed", language, error=detail), icon=":material/database:")
        return
    if not done:
        st.info(t("nothing_new", language))
        return
    for line in done:
        st.success(line)


if __name__ == "__main__":
    render(current())
