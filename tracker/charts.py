"""Every chart, one builder each, without Streamlit: the page draws the spec a builder returns and the download
(PNG, SVG) and the HTML report convert the very same spec, so page and file never differ.

``doubling_spec``, ``industry_spec`` and ``indicator_spec`` take a snapshot and a language and return a Vega-Lite
spec (None when there is nothing to draw); the ``*_chart`` functions below them are the Altair charts of small,
pre-aggregated frames (one row per point drawn).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tracker.doubling import same_rate
from tracker.figures import comparable_series, year_to_date
from tracker.formatting import fmt_number, fmt_pct, is_missing, period_as_written, qualified_value, unit_label
from tracker.i18n import BOUNDS, t
from tracker.periods import describe, period_year
from tracker.projection import projection_path
from tracker.series import segments

ACTUAL = "#1f4e79"
YTD = "#6baed6"
REQUIRED = "#7f7f7f"
PROJECTION = "#e6550d"
SCENARIO = "#756bb1"
TARGET = "#b2182b"
BASELINE = "#31a354"
SOLID = [1, 0]
REQUIRED_DASHES = ([8, 4], [2, 3], [12, 3, 2, 3, 2, 3])  # the first deadline dashed, the second dotted, ...
SMALL_DIAMOND = "M0,-0.45L0.45,0L0,0.45L-0.45,0Z"  # the year-to-date mark in the legend, beside 20 px strokes
INDUSTRY_PREFIX = "industry_"


def _axis_title(lang: str, unit: str) -> str:
    """ "数值（亿元）", "Value (100 million yuan)"; "Value" alone when the unit has no English name."""
    label = unit_label(unit, lang)
    return t("value_in", lang, unit=label) if label else t("value", lang)


def _series_labels(
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
            "new_basis": t("path_new_basis", lang),
        }
    )
    return labels


def break_layers(year: float | None, lang: str) -> list:
    """A series break drawn as a labelled rule half a year before its first period ("2024年起新口径" / "new basis
    from 2024"); [] without a break. The line itself has a gap there: the two bases are two series."""
    if year is None:
        return []
    rule = pd.DataFrame({"year": [float(year) - 0.5], "text": [t("break_rule", lang, year=int(year))]})
    x = alt.X("year:Q")
    return [
        alt.Chart(rule).mark_rule(color=REQUIRED, strokeDash=[3, 3], strokeWidth=1.5).encode(x=x),
        alt.Chart(rule)
        .mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=11, color=REQUIRED)
        .encode(x=x, y=alt.value(0), text="text:N"),
    ]


def doubling_chart(
    frame: pd.DataFrame,
    horizons: dict[int, float],
    baseline_year: int,
    unit: str,
    lang: str,
    actual_rate: float | None = None,
    scenario_rate: float | None = None,
    target: float | None = None,
    break_year: int | None = None,
) -> alt.LayerChart:
    """The doubling path: the 6–7-year band, the required paths, actual annual figures, year-to-date marks labelled
    with their span ("2024年1-9月"), and projections at the actual and the scenario rate (the scenario only when it
    differs from the actual rate); ``target`` (the doubled baseline) as a labelled rule; a series break at
    ``break_year`` as a gap (the figures on the new basis, "new_basis", are a series of their own) and a rule.
    Each path has a line style
    of its own (6 years dashed, 7 years dotted, ...), shown in the legend beside its colour.

    ``frame`` is ``tracker.doubling.Doubling.frame`` (series, year, value[, period]).
    """
    if same_rate(scenario_rate, actual_rate):
        frame = frame[frame["series"] != "scenario"]
    labels = _series_labels(horizons, lang, baseline_year, actual_rate, scenario_rate)
    data = frame.assign(label=frame["series"].map(labels), period=frame.get("period", pd.Series(dtype=str)))
    data["period"] = [
        period_as_written(period, "flow", lang) if isinstance(period, str) else t("period_year", lang, year=int(year))
        for period, year in zip(data["period"], data["year"])
    ]
    order = [labels[k] for k in labels if k in set(frame["series"])]
    styles = {
        **{
            labels[f"required_{year}"]: (REQUIRED, REQUIRED_DASHES[i % len(REQUIRED_DASHES)])
            for i, year in enumerate(sorted(horizons))
        },
        labels["actual"]: (ACTUAL, SOLID),
        labels["ytd"]: (YTD, SOLID),
        labels["projection"]: (PROJECTION, [10, 3, 2, 3]),
        labels["scenario"]: (SCENARIO, [4, 2]),
        labels["new_basis"]: (ACTUAL, [1, 2]),
    }
    # Colour, dash and symbol share the field, title and domain: Vega-Lite draws them as one legend.
    legend = alt.Legend(
        orient="bottom",
        direction="vertical",
        symbolType="stroke",
        symbolStrokeWidth=2.5,
        symbolSize=500,
        symbolFillColor="transparent",
        labelLimit=280,
    )
    color = alt.Color(
        "label:N",
        title=t("series", lang),
        scale=alt.Scale(domain=order, range=[styles[o][0] for o in order]),
        legend=legend,
    )
    dash = alt.StrokeDash(
        "label:N",
        title=t("series", lang),
        scale=alt.Scale(domain=order, range=[styles[o][1] for o in order]),
        legend=legend,
    )
    symbol = alt.Shape(  # a stroke for a path, a diamond for the year-to-date marks
        "label:N",
        title=t("series", lang),
        scale=alt.Scale(domain=order, range=[SMALL_DIAMOND if o == labels["ytd"] else "stroke" for o in order]),
        legend=legend,
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
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=color, strokeDash=dash, detail="series:N", tooltip=tooltip),
    ]
    for key in ("projection", "scenario"):
        part = data[data["series"] == key]
        if not part.empty:
            layers.append(
                alt.Chart(part).mark_line(strokeWidth=2).encode(x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip)
            )
    actual = data[data["series"] == "actual"]
    layers.append(
        alt.Chart(actual)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3)
        .encode(x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip)
    )
    newer = data[data["series"] == "new_basis"]
    if not newer.empty:  # never joined to the old basis: the gap is the break
        layers.append(
            alt.Chart(newer)
            .mark_line(point=alt.OverlayMarkDef(shape="square", size=110, filled=True), strokeWidth=2)
            .encode(x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip)
        )
        # Each figure on the new basis says so beside it ("2,053.5（新口径）"): on the required paths it is hard to see.
        said = newer.assign(text=[t("new_basis_value", lang, value=fmt_number(v)) for v in newer["value"]])
        layers.append(
            alt.Chart(said)
            .mark_text(align="right", dx=-9, dy=-10, fontSize=11, color=ACTUAL)
            .encode(x=x, y=y, text="text:N", tooltip=tooltip)
        )
    layers += break_layers(break_year if not newer.empty else None, lang)
    ytd = data[data["series"] == "ytd"].sort_values("year")
    if not ytd.empty:
        layers.append(
            alt.Chart(ytd)
            .mark_point(size=540, filled=False, strokeWidth=2)  # SMALL_DIAMOND at the size of a 110 diamond
            .encode(x=x, y=y, color=color, strokeDash=dash, shape=symbol, tooltip=tooltip)
        )
        # Each mark says what it is: "2024年1-9月" beside it, the last to its right and the others to its left,
        # so that neighbouring labels never overlap.
        last = ytd["year"] == ytd["year"].max()
        for part, align, dx in ((ytd[~last], "right", -9), (ytd[last], "left", 9)):
            if not part.empty:
                layers.append(
                    alt.Chart(part)
                    .mark_text(align=align, dx=dx, dy=4, fontSize=11, color=ACTUAL)
                    .encode(x=x, y=y, text="period:N", tooltip=tooltip)
                )
    if target is not None:
        rule = pd.DataFrame({"value": [target], "text": [f"{t('target', lang)} ×2 = {target:,.1f}"]})
        layers.append(alt.Chart(rule).mark_rule(color=TARGET, strokeDash=[2, 2]).encode(y="value:Q"))
        layers.append(
            alt.Chart(rule)
            .mark_text(align="left", dx=4, dy=-8, color=TARGET)
            .encode(y="value:Q", x=alt.value(0), text="text:N")
        )
    # The width fits the container and the plot keeps its height: the legend below adds to it (Streamlit's default
    # "fit" would squeeze the plot to make room for the legend, to a strip on a phone).
    return (
        alt.layer(*layers)
        .properties(width="container", height=380, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .resolve_scale(color="shared")
    )


def indicator_chart(
    history: pd.DataFrame,
    milestones: pd.DataFrame,
    paths: pd.DataFrame,
    unit: str,
    lang: str,
    break_years: tuple[int, ...] = (),
) -> alt.LayerChart:
    """One indicator over time: its comparable figures (line), year-to-date figures (hollow marks), each milestone
    as a target point with a label, and the required path and projection per milestone (dashed). A series break
    (``break_years``, each the first year of a new basis) is a gap in the line (each basis its own ``segment``) and
    a labelled rule.

    history: year, value, period, kind ("actual" or "ytd"), label[, segment].
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
        segment = actual["segment"] if "segment" in actual else 0
        layers.append(
            alt.Chart(actual.assign(segment=segment))
            .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3)
            .encode(x=x, y=y, color=color, detail="segment:N", tooltip=tooltip)
        )
    for year in break_years:
        layers += break_layers(year, lang)
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
    """Each industry's latest scale as a bar and each milestone as a tick, the name above the bar and a caption
    under it ("最新 4,100（2024年） · 目标 ≈5,000（2027、2030年）"): text cut to the chart's width with the full
    name in the tooltip, so that nothing is squeezed beside the bars on a phone.

    rows: name, value (None when no figure), period, target, target_label, unit, value_text.
    """
    unit = rows["unit"].iloc[0] if len(rows) else "亿元"
    x_title = _axis_title(lang, unit)
    separator = "；" if lang == "zh" else "; "
    names = (
        rows.groupby("name", sort=False)
        .agg(value=("value", "first"), period=("period", "first"), value_text=("value_text", "first"))
        .reset_index()
    )
    targets = rows.groupby("name", sort=False)["target_label"].agg(separator.join)
    names["targets"] = names["name"].map(targets)
    y = alt.Y("name:N", title=None, sort=list(names["name"]), axis=None)  # in the plan's order
    names["caption"] = [
        t("industry_caption", lang, latest=latest, targets=target)
        for latest, target in zip(names["value_text"], names["targets"])
    ]
    tooltip = [
        alt.Tooltip("name:N", title=t("indicator", lang)),
        alt.Tooltip("value_text:N", title=t("latest", lang)),
        alt.Tooltip("targets:N", title=t("target", lang)),
    ]
    bars = names.dropna(subset=["value"])
    top = float(pd.concat([rows["value"], rows["target"]]).max() or 1) * 1.05
    fit = {"expr": "width"}  # text longer than the plot is cut with an ellipsis (the tooltip has it whole)
    layers = [
        alt.Chart(bars)
        .mark_bar(color=ACTUAL, height=16)
        .encode(
            y=y,
            x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, top]), axis=alt.Axis(tickCount=6)),
            tooltip=tooltip,
        ),
        alt.Chart(rows)
        .mark_tick(color=TARGET, thickness=3, size=22)
        .encode(
            y=y,
            x=alt.X("target:Q", title=x_title),
            tooltip=[
                alt.Tooltip("name:N", title=t("indicator", lang)),
                alt.Tooltip("target_label:N", title=t("target", lang)),
            ],
        ),
        alt.Chart(names)
        .mark_text(align="left", baseline="bottom", dy=-15, fontSize=13, fontWeight="bold", limit=fit)
        .encode(y=y, x=alt.value(0), text="name:N", tooltip=tooltip),
        alt.Chart(names)
        .mark_text(align="left", baseline="top", dy=16, fontSize=12, color=REQUIRED, limit=fit)
        .encode(y=y, x=alt.value(0), text="caption:N", tooltip=tooltip),
    ]
    return alt.layer(*layers).properties(
        width="container",
        height=alt.Step(84),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def unit_in(indicator, lang: str) -> str:
    """The indicator's unit as a reader of ``lang`` writes it: 家 in Chinese, "enterprises" (its ``unit_en``) in
    English, the generic English name when the plan gives none."""
    by_language = {"zh": indicator["unit"], "en": indicator["unit_en"]}
    return by_language.get(lang) or unit_label(indicator["unit"], lang)


def doubling_spec(snapshot, lang: str, growth_percent: float | None = None) -> dict | None:
    """The doubling path chart as a Vega-Lite spec (with a scenario line at ``growth_percent`` when given);
    None when the plan has no doubling target or its baseline has no figure."""
    rate = None if growth_percent is None else growth_percent / 100
    dbl = snapshot.doubling_at(rate)
    if dbl is None:
        return None
    unit = snapshot.plan.indicators.at[dbl.indicator_id, "unit"]
    chart = doubling_chart(
        dbl.frame,
        dbl.horizons,
        dbl.baseline_year,
        unit,
        lang,
        actual_rate=dbl.actual_rate,
        scenario_rate=dbl.scenario_rate,
        target=dbl.target_value,
        break_year=period_year(dbl.break_period) if dbl.break_period else None,
    )
    return chart.to_dict()


def industry_rows(snapshot, lang: str) -> pd.DataFrame:
    """One row per industry and target value: name (with PROXY), latest value and period, target and its label
    (milestones with the same value share one, labelled with both years), unit. Value is None without a figure."""
    status = snapshot.status[snapshot.status["indicator_id"].str.startswith(INDUSTRY_PREFIX)]
    figures = snapshot.figures
    rows = []
    for (ind_id, target), group in status.groupby(["indicator_id", "target_value"], sort=False, dropna=False):
        row = group.iloc[0]
        ind = snapshot.plan.indicators.loc[ind_id]
        name = snapshot.plan.name(ind_id, lang)
        latest = figures[(figures["indicator_id"] == ind_id) & (figures["period"] == row["latest_period"])]
        flags = row.get("latest_flags")
        flags = flags if isinstance(flags, (list, tuple)) else []
        if "proxy" in flags or (len(latest) and "PROXY" in str(latest.iloc[-1].get("note", ""))):
            name += f" [{t('proxy', lang)}]"
        missing = is_missing(row["latest_value"])
        bound = BOUNDS.get(row["bound"], {}).get(lang, "")
        periods = ("、" if lang == "zh" else ", ").join(str(period_year(p)) for p in group["target_period"])
        rows.append(
            {
                "name": name,
                "value": None if missing else float(row["latest_value"]),
                "period": "" if missing else str(row["latest_period"]),
                "target": target,
                "unit": unit_in(ind, lang),
                "target_label": t("industry_target", lang, target=f"{bound}{fmt_number(target)}", periods=periods),
                "value_text": t("no_figure", lang)
                if missing
                else t(
                    "industry_latest",
                    lang,
                    # as published: ≥100 (超百亿元), ≈1,000 (近千亿元), 预计 …
                    latest=qualified_value(
                        row["latest_value"], row.get("latest_qualifier") or "exact", flags, "", lang
                    ),
                    period=describe(str(row["latest_period"]), lang),
                ),
            }
        )
    return pd.DataFrame(rows)


def industry_spec(snapshot, lang: str) -> dict | None:
    """The industry scale chart as a Vega-Lite spec; None when the plan has no industry indicator."""
    rows = industry_rows(snapshot, lang)
    return None if rows.empty else industry_chart(rows, lang).to_dict()


def indicator_frames(snapshot, indicator_id: str, milestone: str | None, lang: str):
    """(history, milestones, paths) frames for indicator_chart, for one milestone (a target period) or all."""
    measure = snapshot.plan.indicators.at[indicator_id, "measure"]
    series = comparable_series(snapshot.figures, indicator_id, measure)
    # Each basis its own segment (tracker.series.segments): the line is never drawn across a break.
    records = series.to_dict("records")
    basis = {r["period"]: i for i, part in enumerate(segments(records)) for r in part.records} if records else {}
    ytd = year_to_date(snapshot.figures, indicator_id, measure)
    history = pd.concat(
        [
            pd.DataFrame(
                {
                    "year": series["year"].astype(float),
                    "value": series["value"],
                    "period": series["period"],
                    "kind": "actual",
                    "label": t("path_actual", lang),
                    "segment": series["period"].map(basis).fillna(0).astype(int),
                }
            ),
            pd.DataFrame(
                {
                    "year": ytd["period"].map(period_year).astype(float),
                    "value": ytd["value"],
                    "period": ytd["period"],
                    "kind": "ytd",
                    "label": t("path_ytd", lang),
                }
            ),
        ],
        ignore_index=True,
    )
    status = snapshot.status[snapshot.status["indicator_id"] == indicator_id]
    status = status[status["target_period"].notna()]
    if milestone:
        status = status[status["target_period"] == milestone]
    marks, paths = [], []
    for row in status.itertuples():
        # An annual growth target (+7% in 2024) is a rate, not a level: the level chart has no point for it.
        if is_missing(row.target_value) or getattr(row, "milestone_kind", None) == "annual_growth":
            continue
        target_year = period_year(row.target_period)
        marks.append(
            {
                "year": float(target_year),
                "value": row.target_value,
                "label": t("target", lang),
                "text": f"{t('target', lang)} {fmt_number(row.target_value)}",
            }
        )
        if isinstance(row.baseline_period, str) and not is_missing(row.baseline_value):
            marks.append(
                {
                    "year": float(period_year(row.baseline_period)),
                    "value": row.baseline_value,
                    "label": t("baseline", lang),
                    "text": f"{t('baseline', lang)} {fmt_number(row.baseline_value)}",
                }
            )
        # The required path from the baseline and the projection from the latest figure, up to the target year.
        if not is_missing(row.required_rate) and isinstance(row.baseline_period, str):
            paths.append(
                projection_path(
                    period_year(row.baseline_period),
                    row.baseline_value,
                    row.required_rate,
                    target_year,
                    row.pace_method,
                ).assign(series=f"req_{row.target_period}", label=t("required_rate", lang))
            )
        if not is_missing(row.actual_rate) and isinstance(row.latest_period, str):
            paths.append(
                projection_path(
                    period_year(row.latest_period), row.latest_value, row.actual_rate, target_year, row.pace_method
                ).assign(series=f"proj_{row.target_period}", label=t("projected", lang))
            )
    return (
        history,
        pd.DataFrame(marks, columns=["year", "value", "label", "text"]).drop_duplicates(["year", "label"]),
        pd.concat(paths, ignore_index=True).astype({"year": float})
        if paths
        else pd.DataFrame(columns=["year", "value", "series", "label"]),
    )


def indicator_spec(snapshot, indicator_id: str, milestone: str | None, lang: str) -> dict | None:
    """One indicator's chart (history, milestones, required path, projection) as a Vega-Lite spec, the axis in the
    reader's unit ("enterprises", not a blank for 家); None when it has neither a figure nor a target."""
    history, marks, paths = indicator_frames(snapshot, indicator_id, milestone, lang)
    if history.empty and marks.empty:
        return None
    unit = unit_in(snapshot.plan.indicators.loc[indicator_id], lang)
    return indicator_chart(history, marks, paths, unit, lang, break_years(history)).to_dict()


NOTE_MARK = "#6b6b6b"


def note_rows(notes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart's rows of notes (tracker.notes.notes_at): year (the period's year, where the chart draws that period's
    figure), period as people read it, author, and the note's first line."""
    from tracker.notes import first_line

    if notes.empty:
        return pd.DataFrame(columns=["year", "period", "author", "text"])
    return pd.DataFrame(
        {
            "year": notes["period"].map(period_year).astype(float),
            "period": notes["period"].map(lambda p: describe(p, lang)),
            "author": notes["author"].astype(str),
            "text": notes["text"].map(lambda text: first_line(str(text))),
        }
    )


def note_layers(notes: pd.DataFrame, lang: str) -> list[dict]:
    """Vega-Lite layers marking each note on an indicator chart: a dotted rule at the note's period and a triangle
    at the top whose tooltip gives the period, author and first line (tooltips are text: nothing is rendered)."""
    rows = note_rows(notes, lang)
    if rows.empty:
        return []
    values = rows.to_dict("records")
    x = {"field": "year", "type": "quantitative"}
    tooltip = [
        {"field": "period", "type": "nominal", "title": t("period", lang)},
        {"field": "author", "type": "nominal", "title": t("note_author", lang)},
        {"field": "text", "type": "nominal", "title": t("note_chart_marker", lang)},
    ]
    return [
        {
            "data": {"values": values},
            "mark": {"type": "rule", "color": NOTE_MARK, "strokeDash": [1, 3], "strokeWidth": 1.5},
            "encoding": {"x": x, "tooltip": tooltip},
        },
        {
            "data": {"values": values},
            "mark": {"type": "point", "shape": "triangle-down", "filled": True, "size": 140, "color": NOTE_MARK},
            "encoding": {"x": x, "y": {"value": 6}, "tooltip": tooltip},
        },
    ]


def with_notes(spec: dict | None, notes: pd.DataFrame, lang: str) -> dict | None:
    """An indicator chart's spec (indicator_spec) with its notes marked (note_layers); the spec itself is left as it
    was (it may be a cached one)."""
    layers = note_layers(notes, lang)
    if spec is None or not layers or "layer" not in spec:
        return spec
    return {**spec, "layer": [*spec["layer"], *layers]}


def break_years(history: pd.DataFrame) -> tuple[int, ...]:
    """The first year of every basis after the first in an indicator_frames history (its ``segment`` column)."""
    actual = history[history["kind"] == "actual"]
    if actual.empty or "segment" not in actual:
        return ()
    firsts = actual.groupby("segment")["year"].min().sort_index()
    return tuple(int(y) for y in firsts.iloc[1:])


def gap_rows(snapshot, lang: str) -> pd.DataFrame:
    """One row per assessable target (tracker.present.gap_share): label (name and target year), share of the target
    projected at its period, its text, status word and colour; lowest share first."""
    from tracker.i18n import STATUS
    from tracker.present import gap_share

    rows = []
    for row in snapshot.status.to_dict("records"):
        indicator = snapshot.indicator_records[row["indicator_id"]]
        share = gap_share(row, str(indicator.get("direction") or "up"))
        if share is None:
            continue
        status = STATUS[row["status"]]
        rows.append(
            {
                "label": f"{indicator[f'name_{lang}']} · {t('by', lang, year=row['target_period'])}",
                "share": share,
                "share_text": fmt_pct(share, 0),
                "status": f"{status['icon']} {status[lang]}",
                "colour": status["hex"],
                # at the bar's end: the share and the status in words (the chart is a picture on the overview, with
                # no tooltip, and a status is never told by colour alone)
                "end_text": f"{fmt_pct(share, 0)} · {status[lang]}",
            }
        )
    columns = ["label", "share", "share_text", "status", "colour", "end_text"]
    return pd.DataFrame(rows, columns=columns).sort_values("share", kind="stable").reset_index(drop=True)


def gap_chart(rows: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The ranked gap chart (after the UN ECA progress charts): a bar per target, the share of it projected at its
    deadline, coloured by status, its percentage and status word at the bar's end, a rule at 100%. Each target's
    name sits above its bar, so the chart fits a phone."""
    y = alt.Y("label:N", title=None, sort=None, axis=None)
    top = max(1.5, float(rows["share"].max()) * 1.4) if len(rows) else 1.5  # room for the text at the bar's end
    x = alt.X("share:Q", title=t("gap_share", lang), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, top]))
    bars = (
        alt.Chart(rows)
        .mark_bar(height=12, yOffset=7)
        .encode(
            y=y,
            x=x,
            color=alt.Color("colour:N", scale=None),
            tooltip=[
                alt.Tooltip("label:N", title=t("indicator", lang)),
                alt.Tooltip("share_text:N", title=t("gap_share", lang)),
                alt.Tooltip("status:N", title=t("status", lang)),
            ],
        )
    )
    names = (
        alt.Chart(rows.assign(zero=0.0))
        .mark_text(align="left", baseline="bottom", dy=-1, fontSize=12)
        .encode(y=y, x="zero:Q", text="label:N")
    )
    text = alt.Chart(rows).mark_text(align="left", dx=4, dy=7).encode(y=y, x="share:Q", text="end_text:N")
    rule = alt.Chart(pd.DataFrame({"share": [1.0]})).mark_rule(color=TARGET, strokeDash=[4, 3]).encode(x="share:Q")
    return alt.layer(bars, names, text, rule).properties(height=alt.Step(30))  # a name above each bar


def gap_spec(snapshot, lang: str) -> dict | None:
    """The ranked gap chart as a Vega-Lite spec; None when no target can be assessed."""
    rows = gap_rows(snapshot, lang)
    return None if rows.empty else gap_chart(rows, lang).to_dict()
