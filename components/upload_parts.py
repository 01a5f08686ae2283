"""The figures upload's shared parts: the formats and size it takes, the preview as a reader reads it, and the
uploader's drop zone in the reader's language. The upload page and a department's upload tab
(components.departments) both use them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from tracker.formatting import qualified_value
from tracker.i18n import t
from tracker.template import exact_number

MAX_MB = 20
FORMATS = ["csv", "txt", "tsv", "xlsx"]


def uploaded_text(shown: pd.DataFrame, column: str, language: str) -> pd.Series:
    """The file's note or source of each row as written: the reader's language's column (note_zh, note_en) when the
    file has one and the row fills it, else the plain column, else the other language's (an uploaded note in one
    language is shown as written in both views); "" where the file gives none."""
    other = "en" if language == "zh" else "zh"
    text = pd.Series("", index=shown.index, dtype=object)
    for name in (f"{column}_{other}", column, f"{column}_{language}"):  # the last one given wins
        if name in shown:
            given = shown[name].astype(object).where(shown[name].notna(), "").astype(str).str.strip()
            text = text.where(given == "", given)
    return text


def old_text(value: object) -> str:
    """A value as the preview shows it, every digit kept (1,656.7); "—" where there is none (a new row's old one)."""
    return "—" if value is None or pd.isna(value) else exact_number(float(value))


def change_text(value: object) -> str:
    """A change in percent as the preview shows it: "+60.0", "−3.2" (U+2212), "0.0"; "—" when there is none (a new
    row, or an unchanged one)."""
    if value is None or pd.isna(value):
        return "—"
    rounded = round(float(value), 1)
    return "0.0" if rounded == 0 else f"{rounded:+.1f}".replace("-", "\u2212")


def new_value_text(shown: pd.DataFrame, language: str) -> pd.Series:
    """The uploaded value as the preview shows it: "1,200.5"; with its qualifier and flags as published ("≥2,400",
    "≈1,000", "预计 ≥14,000") — only those rows are formatted one by one (a million exact rows stay vectorised)."""
    text = shown["value"].map(old_text)
    if "qualifier" not in shown:
        return text
    flags = shown["flags"].astype(str) if "flags" in shown else pd.Series("", index=shown.index)
    marked = (shown["qualifier"].astype(str) != "exact").to_numpy() | flags.str.contains("estimate").to_numpy()
    for i in np.flatnonzero(marked):
        text.iat[i] = qualified_value(shown["value"].iat[i], shown["qualifier"].iat[i], flags.iat[i], "", language)
    return text


def preview_frame(shown: pd.DataFrame, names: pd.Series, language: str) -> pd.DataFrame:
    """The preview as the user reads it: kind, indicator, period, old → new, change in %, the file's note and
    source, a flag to check. A new row's old value and change are "—" (never nan, None or empty)."""
    kind = shown["status"].astype(str).map(lambda s: t(f"status_{s}", language))  # plain text, as before
    if "replaces_estimate" in shown:  # the final figure arrives: say which stored estimate it replaces
        kind = kind.where(~shown["replaces_estimate"].to_numpy(dtype=bool), kind + t("replaces_estimate", language))
    reasons = shown[f"reason_{language}"]
    return pd.DataFrame(
        {
            t("row", language): shown["row"],
            t("preview_status", language): kind,
            t("indicator", language): shown["indicator_id"].map(names).fillna(shown["indicator_id"]),
            t("period", language): shown["period"],
            t("old_value", language): shown["old_value"].map(old_text),
            t("new_value", language): new_value_text(shown, language),  # as the old value: 1,200.5, ≥2,400
            t("change_pct", language): shown["change_pct"].map(change_text),
            t("note", language): uploaded_text(shown, "note", language),
            t("source", language): uploaded_text(shown, "source", language),
            # preview gives the reasons as categoricals (each text once): shown as plain text, as before
            t("check_again", language): reasons.astype(object).where(reasons.notna(), "").astype(str),
        }
    )


INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"]'
BUTTON_TEXT = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
HIDE_LIMITS = f"{INSTRUCTIONS} small, {INSTRUCTIONS} span {{ display: none !important; }}"
CHINESE_DROPZONE = f"""
{INSTRUCTIONS} small {{ display: none !important; }}
{INSTRUCTIONS} span {{ font-size: 0 !important; }}
{INSTRUCTIONS} > div > span:first-child::after {{ content: DROP; font-size: 1rem; }}
{BUTTON_TEXT} {{ font-size: 0 !important; }}
{BUTTON_TEXT}::after {{ content: BROWSE; font-size: 0.875rem; }}
"""


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: anything but letters, digits and spaces as a CSS escape."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in text) + '"'


def uploader_style(language: str) -> None:
    """The uploader's drop zone without Streamlit's English on a Chinese page (CSS over its texts)."""
    if language == "en":
        css = HIDE_LIMITS
    else:
        drop, browse = css_string(t("uploader_drop", language)), css_string(t("uploader_browse", language))
        css = CHINESE_DROPZONE.replace("DROP", drop).replace("BROWSE", browse)
    st.html(f"<style>{css}</style>")
