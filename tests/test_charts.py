"""Every chart has one builder: the spec a page draws is the spec its download converts to PNG/SVG, in both
languages (the indicator chart's download once said "Value" where the page said "Value (enterprises)")."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from tracker.chart_files import chart_svg

CHARTS = [
    ("doubling", {}),
    ("doubling", {"growth": "12.5"}),
    ("industries", {}),
    ("indicator", {}),
    ("indicator", {"indicator": "hightech_enterprises"}),
    ("indicator", {"indicator": "gdp", "milestone": "2029"}),
    ("indicator", {"indicator": "gdp_increment_share"}),
]


def drawn(element, autosize: bool = False) -> tuple[dict, dict[str, pd.DataFrame]]:
    """A chart as the page sends it: its spec (without what Streamlit adds to fit the container, unless the
    builder set it: ``autosize``) and its datasets by name (Streamlit ships them beside the spec as Arrow)."""
    spec = json.loads(element.proto.spec)
    if not autosize:
        spec.pop("autosize", None)
    data = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in element.proto.datasets}
    data.update({name: pd.DataFrame(rows) for name, rows in spec.pop("datasets", {}).items()})
    return spec, data


def offered(spec: dict) -> tuple[dict, dict[str, pd.DataFrame]]:
    spec = dict(spec)
    data = {name: pd.DataFrame(rows) for name, rows in spec.pop("datasets", {}).items()}
    return spec, data


def axis_titles(spec: dict) -> set[str]:
    return {
        str(layer["encoding"][axis].get("title"))
        for layer in spec.get("layer", [])
        for axis in ("x", "y")
        if axis in layer.get("encoding", {}) and "title" in layer["encoding"][axis]
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("page", "params"), CHARTS)
def test_the_download_is_the_chart_on_the_page(app, page, params, lang):
    from components.chart_specs import page_charts

    at = app(page, lang, **params).run()
    assert not at.exception, at.exception
    charts = at.get("vega_lite_chart")
    downloads = page_charts(at.session_state["_view"])  # what the sidebar's PNG and SVG buttons convert
    assert len(charts) == len(downloads) == 1
    file_spec, file_data = offered(next(iter(downloads.values())))
    page_spec, page_data = drawn(charts[0], autosize="autosize" in file_spec)
    assert page_spec == file_spec
    assert sorted(page_data) == sorted(file_data)
    for name, frame in page_data.items():
        expected = file_data[name]
        pd.testing.assert_frame_equal(
            frame[list(expected.columns)].reset_index(drop=True), expected, check_dtype=False, check_exact=False
        )


@pytest.mark.parametrize(
    ("indicator", "lang", "title"),
    [
        ("hightech_enterprises", "en", "Value (enterprises)"),
        ("hightech_enterprises", "zh", "数值（家）"),
        ("gdp", "en", "Value (100 million yuan)"),
        ("gdp", "zh", "数值（亿元）"),
        ("pe_funds", "en", "Value (funds)"),
    ],
)
def test_the_downloaded_indicator_chart_names_the_unit(app, indicator, lang, title):
    from components.chart_specs import page_charts

    at = app("indicator", lang, indicator=indicator).run()
    (spec,) = page_charts(at.session_state["_view"]).values()
    assert title in axis_titles(spec)
    assert title in axis_titles(json.loads(at.get("vega_lite_chart")[0].proto.spec))
    assert f">{title}<" in chart_svg(spec)  # the file itself says it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_offers_its_gap_chart_and_the_reports_charts(app, lang):
    """The overview's downloads are the gap chart it draws (the very spec and data) and the report's two charts
    (tracker.report draws them with the same builders)."""
    from components.chart_specs import page_charts
    from tracker import charts

    at = app("overview", lang).run()
    view = at.session_state["_view"]
    offered_specs = list(page_charts(view).values())
    snapshot = view.snapshot
    gap = charts.gap_spec(snapshot, lang)
    assert offered_specs == [gap, charts.doubling_spec(snapshot, lang), charts.industry_spec(snapshot, lang)]
    (image,) = at.get("image")  # the one chart the overview draws (an SVG made on the server) is the first offered
    from components.chart_specs import GAP_SVG_WIDTH

    assert image.proto.imgs[0].url == svg_data_url(chart_svg({**gap, "width": GAP_SVG_WIDTH}))
    assert not at.get("vega_lite_chart")  # the overview loads no Vega-Lite in the browser (issue 15)
    # a picture has no tooltip: each bar's status is written at its end in the page's language, not colour alone
    from tracker.i18n import STATUS

    svg = chart_svg({**gap, "width": GAP_SVG_WIDTH})
    for row in snapshot.status.to_dict("records"):
        if row["status"] in ("achieved", "acceleration_needed", "limited_progress"):
            assert f"· {STATUS[row['status']][lang]}<" in svg, row["indicator_id"]


def layers(spec: dict) -> list[tuple[dict, list[dict]]]:
    """Each layer of a spec with the rows it draws."""
    datasets = spec.get("datasets", {})
    return [(layer, datasets.get(layer.get("data", {}).get("name"), [])) for layer in spec["layer"]]


def channel_scale(spec: dict, channel: str) -> dict[str, object]:
    """label -> value of a channel's scale (colour, dash, shape), as the legend shows it."""
    for layer, _ in layers(spec):
        scale = layer.get("encoding", {}).get(channel, {}).get("scale")
        if scale:
            return dict(zip(scale["domain"], scale["range"]))
    return {}


def svg_data_url(svg: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def texts_drawn(spec: dict) -> list[str]:
    """Every text a text mark of the spec writes."""
    found = []
    for layer, rows in layers(spec):
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        field = layer.get("encoding", {}).get("text", {}).get("field")
        if mark == "text" and field:
            found += [str(row[field]) for row in rows]
    return found


def series_drawn(spec: dict) -> set[str]:
    return {row["series"] for _, rows in layers(spec) for row in rows if "series" in row}


@pytest.fixture(scope="module")
def shipped():
    from tracker.snapshot import shipped_snapshot

    return shipped_snapshot()


@pytest.mark.parametrize(
    ("lang", "six", "seven"),
    [
        ("zh", "6年翻番所需路径（12.2%/年）", "7年翻番所需路径（10.4%/年）"),
        ("en", "Doubling in 6 years (12.2% a year)", "Doubling in 7 years (10.4% a year)"),
    ],
)
def test_the_doubling_paths_differ_in_line_style_and_the_legend_shows_it(shipped, lang, six, seven):
    from tracker.charts import doubling_spec

    spec = doubling_spec(shipped, lang, 12.5)
    dashes = channel_scale(spec, "strokeDash")
    assert dashes[six] != dashes[seven]  # not told apart by colour alone (both are grey)
    assert channel_scale(spec, "color")[six] == channel_scale(spec, "color")[seven]
    assert len({json.dumps(d) for d in dashes.values() if d != [1, 0]}) == len(
        [d for d in dashes.values() if d != [1, 0]]
    )
    legend = next(
        layer["encoding"]["strokeDash"]["legend"]
        for layer, _ in layers(spec)
        if "strokeDash" in layer.get("encoding", {})
    )
    assert (legend["symbolType"], legend["orient"], legend["direction"]) == ("stroke", "bottom", "vertical")
    assert "columns" not in legend  # one column: nothing runs off a 390 px screen


@pytest.mark.parametrize(
    ("lang", "labels"), [("zh", ["2024年1-9月", "2025年1-9月"]), ("en", ["Jan–Sep 2024", "Jan–Sep 2025"])]
)
def test_the_year_to_date_marks_are_labelled_on_the_chart_and_in_its_file(shipped, lang, labels):
    from tracker.charts import doubling_spec

    spec = doubling_spec(shipped, lang)
    assert sorted(text for text in texts_drawn(spec) if text in labels) == labels
    svg = chart_svg(spec)
    assert all(f">{label}<" in svg for label in labels)


@pytest.mark.parametrize(
    ("growth", "scenario"),
    [
        (None, False),
        (9.1, False),  # the growth control's default: the actual rate (9.14%) rounded
        (9.0, True),
        (9.2, True),
        (12.5, True),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scenario_line_is_drawn_only_when_it_differs_from_the_actual_rate(shipped, lang, growth, scenario):
    from tracker.charts import doubling_spec

    spec = doubling_spec(shipped, lang, growth)
    assert ("scenario" in series_drawn(spec)) is scenario
    assert any(label.startswith(("情景", "Scenario")) for label in channel_scale(spec, "color")) is scenario
    assert "projection" in series_drawn(spec)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_doubling_chart_keeps_its_height_and_fits_the_width(shipped, lang):
    """Streamlit's default autosize "fit" squeezed the plot to make room for the legend below it (a strip at 390 px)."""
    from tracker.charts import doubling_spec

    spec = doubling_spec(shipped, lang)
    assert (spec["width"], spec["height"], spec["autosize"]["type"]) == ("container", 380, "fit-x")


@pytest.mark.parametrize(
    ("lang", "name", "caption"),
    [
        ("zh", "大数据与新一代信息技术产业规模 [替代口径]", "最新：4,100（2024年） · 目标：≈5,000（2027、2030年）"),
        ("zh", "智能制造产业规模 [替代口径]", "最新：1,800（2024年） · 目标：≈1,000（2027年）"),  # 智能装备产业
        # 超百亿元 (a lower bound) and 近千亿元 (approximate), as published
        (
            "en",
            "Future industries (quantum, aerospace information, etc.) [PROXY]",
            "Latest: ≥100 (2023) · target: ≈700 (2027)",
        ),
        ("en", "Biomedicine industry", "Latest: ≈1,000 (2024) · target: ≈2,000 (2027)"),
    ],
)
def test_the_industry_chart_writes_names_above_the_bars_cut_to_the_width(shipped, lang, name, caption):
    """On a phone the names beside the bars took the whole width; now each name is a line above its bar, cut to the
    chart's width, with the whole name in the tooltip."""
    from tracker.charts import industry_spec

    spec = industry_spec(shipped, lang)
    assert name in texts_drawn(spec) and caption in texts_drawn(spec)
    assert all(layer["encoding"]["y"].get("axis", {}) is None for layer, _ in layers(spec))  # no label column
    for layer, _ in layers(spec):
        if layer["mark"]["type"] == "text":
            assert layer["mark"]["limit"] == {"expr": "width"}
            assert {"field": "name", "title": "指标" if lang == "zh" else "Indicator", "type": "nominal"} in layer[
                "encoding"
            ]["tooltip"]


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        (
            "zh",
            ["替代口径：报道口径为“新一代信息技术产业”", "备注：“近千亿元”（近似值）"],
            ["PROXY: reported", "nearly 100 billion"],
        ),
        ("en", ["PROXY: reported as", 'Note: "近千亿元" (nearly 100 billion yuan'], ["替代口径：报道口径"]),
    ],
)
def test_the_industry_page_gives_notes_in_the_readers_language(app, lang, shown, hidden):
    """The zh page showed the English note of each figure (the legacy note column)."""
    at = app("industries", lang).run()
    assert not at.exception, at.exception
    text = "\n".join(str(e.value) for kind in ("warning", "caption", "markdown") for e in at.get(kind))
    text = text.replace("\\", "")  # markdown escapes
    assert all(s in text for s in shown), text
    assert not any(s in text for s in hidden), text


# Issue 11: a series break is drawn (a gap in the line and a labelled rule), on the doubling and indicator charts.
TEXT_COLUMNS = ("indicator_id", "period", "value", "note_zh", "note_en", "source_zh", "source_en", "confidence")
GROWTHS = {"2022": 0.033, "2023": 0.073, "2024-09": 0.065, "2025-09": 0.078}


def gdp_snapshot(flags_2024: str | None):
    """The shipped figures with the zone's 2024 GDP (2,053.5, flagged ``flags_2024``; none when None) and the official
    growth rates, built here until the store ships them."""
    from tracker.plan import load_plan
    from tracker.snapshot import build_snapshot, shipped_snapshot

    shipped = shipped_snapshot().figures
    base = shipped[shipped["indicator_id"] != "gdp_increment_share"]
    base = base[[c for c in base.columns if c in TEXT_COLUMNS]]
    base = base[~((base["indicator_id"] == "gdp") & (base["period"] == "2024"))]
    rows = (
        [] if flags_2024 is None else [{"indicator_id": "gdp", "period": "2024", "value": 2053.5, "flags": flags_2024}]
    )
    figures = pd.concat([base, pd.DataFrame(rows, columns=["indicator_id", "period", "value", "flags"])])
    figures = figures.reset_index(drop=True)
    figures["flags"] = figures.get("flags", pd.Series(dtype=str)).fillna("")
    figures["qualifier"] = "exact"
    is_gdp = figures["indicator_id"] == "gdp"
    figures["growth"] = [GROWTHS.get(p) if g else None for p, g in zip(figures["period"], is_gdp)]
    figures = figures.fillna({c: "" for c in TEXT_COLUMNS[3:]})
    return build_snapshot(load_plan(figures=figures), figures)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("flags", "rule"),
    [("break", {"zh": "2024年起新口径", "en": "new basis from 2024"}), ("", None), (None, None)],
)
def test_a_series_break_is_a_gap_and_a_labelled_rule(lang, flags, rule):
    from tracker import charts

    snap = gdp_snapshot(flags)
    history, _, _ = charts.indicator_frames(snap, "gdp", None, lang)
    assert charts.break_years(history) == ((2024,) if rule else ())
    for spec in (charts.doubling_spec(snap, lang), charts.indicator_spec(snap, "gdp", None, lang)):
        text = json.dumps(spec, ensure_ascii=False)
        assert (rule is not None and rule[lang] in text) == (rule is not None)
        if rule is None:
            assert "新口径" not in text and "new basis" not in text
    # The line never joins the bases: the 2024 figure is a segment of its own on the indicator chart.
    actual = history[history["kind"] == "actual"].set_index("period")["segment"]
    if rule:
        assert actual["2024"] != actual["2023"]
    elif flags == "":
        assert actual["2024"] == actual["2023"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("kind", "drawn"), [("annual_growth", False), ("level", True)])
def test_an_annual_growth_target_is_no_point_on_the_level_chart(lang, kind, drawn):
    from tracker import charts

    snap = gdp_snapshot("break")
    row = snap.status[snap.status["indicator_id"] == "gdp"].iloc[0].to_dict()
    extra = {**row, "target_period": "2024", "target_value": 0.07, "milestone_kind": kind, "required_rate": None}
    extra["actual_rate"] = None
    status = pd.concat([snap.status, pd.DataFrame([extra])], ignore_index=True)
    snap = type(snap)(plan=snap.plan, figures=snap.figures, status=status)
    _, marks, _ = charts.indicator_frames(snap, "gdp", "2024", lang)
    assert (0.07 in set(marks["value"])) is drawn


@pytest.mark.parametrize(
    ("first", "then", "again"),
    [
        ({}, {}, False),  # a rerun: the doubling view and its chart are not computed again
        ({"growth": "8.0"}, {"growth": "8.0"}, False),
        ({"growth": "8.0"}, {"growth": "9.5"}, True),  # another scenario rate: its own
    ],
)
def test_the_doubling_page_computes_its_view_once_per_scenario(app, monkeypatch, first, then, again):
    """Issue 15: Snapshot.doubling_at was ~35 ms of every rerun of the doubling page; it is shared per database,
    revision, plan and rate, and the chart's rows go to the page as Arrow (drawn)."""
    from tracker.snapshot import Snapshot

    calls = []
    original = Snapshot.doubling_at
    monkeypatch.setattr(Snapshot, "doubling_at", lambda self, rate: calls.append(rate) or original(self, rate))
    at = app("doubling", **first).run()
    assert not at.exception and calls
    calls.clear()
    for key, value in then.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert bool(calls) == again, calls
    (chart,) = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert chart.proto.datasets, "the chart's rows are sent as Arrow datasets"


def test_a_conversion_during_the_engines_warm_up_draws_the_chart(shipped):
    """The server's first run starts vl-convert's engine on a thread (dashboard.start_chart_engine) and may ask
    for the gap chart's SVG before the warm-up has ended: both finish, and the SVG is the one a warm engine makes."""
    import threading

    from tracker import charts
    from tracker.chart_files import warm_up

    spec = charts.gap_spec(shipped, "zh")
    errors: list[BaseException] = []

    def warm() -> None:
        try:
            warm_up()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            errors.append(error)

    thread = threading.Thread(target=warm)
    thread.start()
    during = chart_svg(spec)
    thread.join(timeout=60)
    assert not thread.is_alive() and not errors
    assert during == chart_svg(spec) and during.startswith("<svg")


def test_the_server_starts_the_chart_engine_once_per_process(app, monkeypatch):
    """The warm-up thread is started by the first run of a process, not by every rerun or session."""
    import threading

    import streamlit as st

    import tracker.chart_files

    started: list[str] = []
    monkeypatch.setattr(tracker.chart_files, "warm_up", lambda: started.append(threading.current_thread().name))
    st.cache_resource.clear()  # as in a new server process
    app("overview", "zh").run()
    app("overview", "en").run()
    for thread in threading.enumerate():
        if thread.name == "chart engine warm-up":
            thread.join(timeout=30)
    assert started == ["chart engine warm-up"]


QUIET_SCRIPT = """
import sys
from tracker import charts
from tracker.chart_files import chart_svg, quiet_converter_logs
from tracker.snapshot import shipped_snapshot
if sys.argv[1] == "quiet":
    quiet_converter_logs()
chart_svg(charts.industry_spec(shipped_snapshot(), "en"))
print("drawn")
"""


@pytest.mark.parametrize(("mode", "noted"), [("as is", True), ("quiet", False)])
def test_the_converters_notes_stay_out_of_the_output(mode, noted):
    """vl-convert 2 logs Vega-Lite's warnings (the industry chart: 'Dropping "fit-y"...'), which Python prints on
    stderr when nothing else is set up; the CLI and the dashboard quiet them. In a fresh process each: the logging
    bridge keeps a logger's level once it has asked for it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-c", QUIET_SCRIPT, mode], cwd=root, capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "drawn"
    assert ("Dropping" in run.stderr) is noted, run.stderr
