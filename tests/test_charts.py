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


def drawn(element) -> tuple[dict, dict[str, pd.DataFrame]]:
    """A chart as the page sends it: its spec (without what Streamlit adds to fit the container) and its datasets
    by name (Streamlit ships them beside the spec as Arrow)."""
    spec = json.loads(element.proto.spec)
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
    page_spec, page_data = drawn(charts[0])
    file_spec, file_data = offered(next(iter(downloads.values())))
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
    (chart,) = at.get("vega_lite_chart")  # the one chart the overview draws is the first it offers
    page_spec, page_data = drawn(chart)
    file_spec, file_data = offered(gap)
    assert page_spec == file_spec and sorted(page_data) == sorted(file_data)
    for name, frame in page_data.items():
        expected = file_data[name]
        pd.testing.assert_frame_equal(
            frame[list(expected.columns)].reset_index(drop=True), expected, check_dtype=False, check_exact=False
        )
