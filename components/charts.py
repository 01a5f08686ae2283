"""Altair chart builders: pure functions of DataFrames and a language, each returning an ``alt.Chart``.

The frames they take are small and pre-aggregated (one row per point drawn), so a chart never carries more than a
few thousand rows whatever the size of the store.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tracker.i18n import fmt_pct, t, unit_label

ACTUAL = "#1f4e79"
YTD = "#6baed6"
REQUIRED = "#7f7f7f"
PROJECTION = "#e6550d"
SCENARIO = "#756bb1"
TARGET = "#b2182b"
BASELINE = "#31a354"
MAX_POINTS = 5000


def _axis_title(lang: str, unit: str) -> str:
    label = unit_label(unit, lang)
    return (
        f"{t('value', lang)}（{label}）"
        if lang == "zh"
        else (f"{t('value', lang)} ({label})" if label else t("value", lang))
    )


def _series_labels(
    frame: pd.DataFrame,
    horizons: dict[int, float],
    lang: str,
    baseline_year: int,
    actual_rate: float | None,
    scenario_rate: float | None,
) -> dict[str, str]:
    labels = {
        f"required_{year}": t("path_required", lang, n=year - baseline_year, rate=fmt_pct(rate))
        for year, rate in horizons.items()
    }
    labels.update(
        {
            "actual": t("path_actual", lang),
            "ytd": t("path_ytd", lang),
            "projection": t("path_projection", lang, rate=fmt_pct(actual_rate)),
            "scenario": t("path_scenario", lang, rate=fmt_pct(scenario_rate)),
        }
    )
    return labels


def doubling_chart(
    frame: pd.DataFrame,
    horizons: dict[int, float],
    baseline_year: int,
    unit: str,
    lang: str,
    actual_rate: float | None = None,
    scenario_rate: float | None = None,
    target: float | None = None,
) -> alt.LayerChart:
    """The doubling path: the 6–7-year band, the required paths, actual annual figures, year-to-date marks, and
    projections at the actual and the scenario rate; ``target`` (the doubled baseline) as a labelled rule.

    ``frame`` is ``tracker.doubling.Doubling.frame`` (series, year, value[, period]).
    """
    labels = _series_labels(frame, horizons, lang, baseline_year, actual_rate, scenario_rate)
    data = frame.assign(label=frame["series"].map(labels), period=frame.get("period", pd.Series(dtype=str)))
    data["period"] = data["period"].fillna(data["year"].astype(int).astype(str))
    order = [labels[k] for k in labels if k in set(frame["series"])]
    colors = {
        **{labels[k]: REQUIRED for k in labels if k.startswith("required_")},
        labels["actual"]: ACTUAL,
        labels["ytd"]: YTD,
        labels["projection"]: PROJECTION,
        labels["scenario"]: SCENARIO,
    }
    color = alt.Color(
        "label:N",
        title=t("series", lang),
        scale=alt.Scale(domain=order, range=[colors[o] for o in order]),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=400),
    )
    x = alt.X("year:Q", title=t("year", lang), axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("value:Q", title=_axis_title(lang, unit))
    tooltip = [
        alt.Tooltip("label:N", title=t("series", lang)),
        alt.Tooltip("period:N", title=t("period", lang)),
        alt.Tooltip("value:Q", title=t("value", lang), format=",.1f"),
    ]

    required = data[data["series"].str.startswith("required_")]
    band = required.groupby("year", as_index=False)["value"].agg(low="min", high="max")
    band = band.assign(label=t("band", lang))
    layers = [
        alt.Chart(band).mark_area(opacity=0.15, color=REQUIRED).encode(x=x, y="low:Q", y2="high:Q"),
        alt.Chart(required)
        .mark_line(strokeDash=[6, 3])
        .encode(x=x, y=y, color=color, detail="series:N", tooltip=tooltip),
    ]
    for key, dash in (("projection", [4, 4]), ("scenario", [1, 3])):
        part = data[data["series"] == key]
        if not part.empty:
            layers.append(
                alt.Chart(part).mark_line(strokeDash=dash, strokeWidth=2).encode(x=x, y=y, color=color, tooltip=tooltip)
            )
    actual = data[data["series"] == "actual"]
    layers.append(
        alt.Chart(actual)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3)
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    ytd = data[data["series"] == "ytd"]
    if not ytd.empty:
        layers.append(
            alt.Chart(ytd)
            .mark_point(shape="diamond", size=110, filled=False, strokeWidth=2)
            .encode(x=x, y=y, color=color, tooltip=tooltip)
        )
    if target is not None:
        rule = pd.DataFrame({"value": [target], "text": [f"{t('target', lang)} ×2 = {target:,.1f}"]})
        layers.append(alt.Chart(rule).mark_rule(color=TARGET, strokeDash=[2, 2]).encode(y="value:Q"))
        layers.append(
            alt.Chart(rule)
            .mark_text(align="left", dx=4, dy=-8, color=TARGET)
            .encode(y="value:Q", x=alt.value(0), text="text:N")
        )
    return alt.layer(*layers).properties(height=380).resolve_scale(color="shared")


def indicator_chart(
    history: pd.DataFrame, milestones: pd.DataFrame, paths: pd.DataFrame, unit: str, lang: str
) -> alt.LayerChart:
    """One indicator over time: its comparable figures (line), year-to-date figures (hollow marks), each milestone
    as a target point with a label, and the required path and projection per milestone (dashed).

    history: year, value, period, kind ("actual" or "ytd"), label.
    milestones: year, value, label.  paths: year, value, series, label.
    """
    x = alt.X("year:Q", title=t("year", lang), axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("value:Q", title=_axis_title(lang, unit))
    labels = (
        pd.concat(
            [history["label"], paths.get("label", pd.Series(dtype=str)), milestones.get("label", pd.Series(dtype=str))]
        )
        .dropna()
        .unique()
        .tolist()
    )
    # One colour per kind of series, whatever order the series arrive in.
    kinds = {
        t(key, lang): hue
        for key, hue in (
            ("path_actual", ACTUAL),
            ("path_ytd", YTD),
            ("required_rate", REQUIRED),
            ("projected", PROJECTION),
            ("target", TARGET),
            ("baseline", BASELINE),
        )
    }
    color = alt.Color(
        "label:N",
        title=t("series", lang),
        scale=alt.Scale(domain=labels, range=[kinds.get(label, SCENARIO) for label in labels]),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=400),
    )
    tooltip = [
        alt.Tooltip("label:N", title=t("series", lang)),
        alt.Tooltip("period:N", title=t("period", lang)),
        alt.Tooltip("value:Q", title=t("value", lang), format=",.2f"),
    ]
    layers = []
    if not paths.empty:
        layers.append(
            alt.Chart(paths.assign(period=paths["year"].astype(int).astype(str)))
            .mark_line(strokeDash=[5, 3])
            .encode(x=x, y=y, color=color, detail="series:N", tooltip=tooltip)
        )
    actual = history[history["kind"] == "actual"]
    if not actual.empty:
        layers.append(
            alt.Chart(actual)
            .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3)
            .encode(x=x, y=y, color=color, tooltip=tooltip)
        )
    ytd = history[history["kind"] == "ytd"]
    if not ytd.empty:
        layers.append(
            alt.Chart(ytd)
            .mark_point(shape="diamond", size=110, filled=False, strokeWidth=2)
            .encode(x=x, y=y, color=color, tooltip=tooltip)
        )
    if not milestones.empty:
        marks = milestones.assign(period=milestones["year"].astype(int).astype(str))
        layers.append(
            alt.Chart(marks)
            .mark_point(shape="cross", size=220, filled=True, strokeWidth=1)
            .encode(x=x, y=y, color=color, tooltip=tooltip)
        )
        # Labels sit left of their mark so that the last year's label is not cut at the edge.
        layers.append(
            alt.Chart(marks).mark_text(dy=-14, align="right", fontSize=12, color=TARGET).encode(x=x, y=y, text="text:N")
        )
    return alt.layer(*layers).properties(height=340)


def industry_chart(rows: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Each industry's latest scale as a bar, each milestone as a rule with its year, missing figures as text.

    rows: name, value (None when no figure), period, target, target_label, unit.
    """
    unit = rows["unit"].iloc[0] if len(rows) else "亿元"
    y = alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    x_title = _axis_title(lang, unit)
    bars = rows.dropna(subset=["value"]).drop_duplicates("name")
    # Room on the right for the last target's label.
    top = float(pd.concat([rows["value"], rows["target"]]).max() or 1) * 1.15
    layers = [
        alt.Chart(bars)
        .mark_bar(color=ACTUAL, height=22)
        .encode(
            y=y,
            x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, top])),
            tooltip=[
                alt.Tooltip("name:N", title=t("indicator", lang)),
                alt.Tooltip("value:Q", title=t("latest", lang), format=",.0f"),
                alt.Tooltip("period:N", title=t("period", lang)),
            ],
        ),
        alt.Chart(bars).mark_text(align="left", dx=4, color=ACTUAL).encode(y=y, x="value:Q", text="value_text:N"),
        alt.Chart(rows)
        .mark_tick(color=TARGET, thickness=3, size=34)
        .encode(
            y=y,
            x=alt.X("target:Q", title=x_title),
            tooltip=[
                alt.Tooltip("name:N", title=t("indicator", lang)),
                alt.Tooltip("target_label:N", title=t("target", lang)),
            ],
        ),
        alt.Chart(rows)
        .mark_text(align="center", dy=-22, color=TARGET, fontSize=11)
        .encode(y=y, x="target:Q", text="target_label:N"),
    ]
    missing = rows[rows["value"].isna()].drop_duplicates("name")
    if not missing.empty:
        layers.append(
            alt.Chart(missing.assign(zero=0))
            .mark_text(align="left", dx=4, color=REQUIRED)
            .encode(y=y, x="zero:Q", text="value_text:N")
        )
    return alt.layer(*layers).properties(height=alt.Step(70))


def thin(frame: pd.DataFrame, limit: int = MAX_POINTS) -> pd.DataFrame:
    """At most ``limit`` rows, keeping the first and last: charts stay light whatever the data."""
    if len(frame) <= limit:
        return frame
    step = -(-len(frame) // limit)
    return pd.concat([frame.iloc[::step], frame.iloc[[-1]]]).drop_duplicates()
